// The pack's entry as package.json "main": what `pulumi preview --policy-pack <dir>` loads (Pulumi
// requires the directory). In a clone, Pulumi has registered ts-node and index.ts sits here: run the
// sources, so an edit is never shadowed by an older build in dist/. In the npm package (no
// sources, see "files"), run the build.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports */
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const source = join(__dirname, "index.ts");
if (existsSync(source) && require.extensions[".ts"]) {
  require(source);
} else if (existsSync(join(__dirname, "dist", "index.js"))) {
  require("./dist/index.js");
} else {
  throw new Error("kinesis-guard: no build in dist/ and no TypeScript loader: run `npm run build`, or run the pack through Pulumi (which compiles index.ts).");
}
