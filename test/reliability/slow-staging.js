/**
 * Test-only preload (`node --require test/reliability/slow-staging.js bin/kinesis-guard.js ...`):
 * widens the report set's staging phase so the kill tests (report-set.test.ts) land inside it.
 * Each file written or opened, or mode changed, inside a staging folder
 * (`.<out>.kg-<pid>-<random>.tmp`) is followed
 * by a pause of KG_TEST_SLOW_STAGING_MS (default 25) ms. Production code holds no such switch:
 * the CLI is slowed from outside, by patching node:fs/promises before it loads.
 */
"use strict";
const fsp = require("node:fs/promises");
const delayMs = Number(process.env.KG_TEST_SLOW_STAGING_MS ?? 25);
const STAGING = /\.kg-\d+-[^/\\]+\.tmp/;
for (const name of ["writeFile", "chmod", "open"]) {
  const original = fsp[name];
  fsp[name] = async function (path, ...rest) {
    const out = await original.call(this, path, ...rest);
    if (STAGING.test(String(path))) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return out;
  };
}
// ES modules importing node:fs/promises see the patched functions too.
require("node:module").syncBuiltinESMExports();
