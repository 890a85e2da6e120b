#!/usr/bin/env node
// kinesis-guard runs from its TypeScript sources through tsx (no build step).
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher: tsx must register before the TypeScript CLI loads */
require("tsx/cjs");
// tsx's ESM hooks too: the CLI loads rarely needed modules (the Pulumi stack adapter, the AWS SDK
// clients) with a dynamic import(), which goes through Node's ESM loader even from CommonJS.
import("tsx/esm")
  .then(() => require("../live-checks/cli/index.ts").main(process.argv))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      // Only start-up can land here (main() maps its own errors): e.g. a Node without module.register (< 20.6).
      process.stderr.write(`kinesis-guard: could not start: ${e && e.stack ? e.stack : String(e)}\n(kinesis-guard needs Node.js >= 20.6 for its module loader hooks)\n`);
      process.exitCode = 2;
    },
  );
