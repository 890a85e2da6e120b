#!/usr/bin/env node
// kinesis-guard runs from its TypeScript sources through tsx (no build step).
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher: tsx must register before the TypeScript CLI loads */
require("tsx/cjs");
const { main } = require("../live-checks/cli/index.ts");
main(process.argv).then((code) => {
  process.exitCode = code;
});
