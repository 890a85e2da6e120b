#!/usr/bin/env node
// kinesis-guard runs from its TypeScript sources through tsx (no build step).
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher: tsx must register before the TypeScript CLI loads */
// The audit is a batch job whose live data is small next to what it allocates on the way (the SDK
// parsing thousands of responses, the analysis, the reports). V8's default lets the heap grow up to
// 4x past the live size before a full collection; 1.3x keeps a 1,000-stream audit under 300 MB for
// about a second more CPU (docs/benchmarks.md, P2). Node's --heap-growing-percent, given by the user, wins.
// An organization-wide audit (--account, --accounts, --organization) gets 2x instead: while it
// collects it holds only the accounts in flight (--account-concurrency; the analyses wait in a
// temporary file), 1.3x's frequent full collections cost it a third of its CPU, and V8's own growth
// let its peak grow with the organization (docs/benchmarks.md, P4 rounds 4-5).
const organizationAudit = process.argv.includes("audit") && process.argv.some((a) => /^--(account|accounts|organization)(=|$)/.test(a));
if (!process.execArgv.some((a) => a.startsWith("--heap-growing-percent") || a.startsWith("--heap_growing_percent"))) {
  require("node:v8").setFlagsFromString(`--heap-growing-percent=${organizationAudit ? 100 : 30}`);
}
// The AWS SDK v3 warns once per process on Node < 22 that its releases after January 2027 will need
// Node 22 (its message starts with "NodeVersionSupportWarning"). kinesis-guard supports Node >= 20.6
// (README, "Node versions"). Node prints a warning the moment it is emitted, i.e. across the progress
// bar: hold this one warning (only this one, by the SDK's label) and print it once when the command
// is done, or not at all with --quiet or Node's own --no-warnings / NODE_NO_WARNINGS=1.
const heldWarnings = [];
const emitWarning = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  const text = typeof warning === "string" ? warning : warning instanceof Error ? warning.message : "";
  if (text.startsWith("NodeVersionSupportWarning")) {
    if (!heldWarnings.includes(text)) heldWarnings.push(text);
    return;
  }
  return emitWarning.call(process, warning, ...rest);
};
process.on("exit", () => {
  const quiet = process.argv.slice(2).some((a) => a === "--quiet" || a === "-q");
  const noWarnings =
    process.env.NODE_NO_WARNINGS === "1" || [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].includes("--no-warnings");
  if (quiet || noWarnings) return;
  try {
    for (const text of heldWarnings) process.stderr.write(`(node:${process.pid}) Warning: ${text}\n`);
  } catch {
    // stderr already closed (e.g. a pipe the reader shut): nothing left to tell.
  }
});
// The npm package holds the policies only (package.json "files"): the CLI runs from a clone.
if (!require("node:fs").existsSync(require("node:path").join(__dirname, "..", "live-checks", "cli", "index.ts"))) {
  process.stderr.write("kinesis-guard: the CLI runs from a clone of the kinesis-guard repository (`npm ci`, then `node bin/kinesis-guard.js`); the npm package holds the policies only.\n");
  process.exit(2);
}
// Only tsx's CommonJS hook: its ESM hooks would add a loader thread with its own V8 heap (~30 MB
// resident for the whole run). Modules loaded on use go through require() (live-checks/lazy-module.ts).
require("tsx/cjs");
// `kinesis-guard rules | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e && e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}
Promise.resolve()
  .then(() => require("../live-checks/cli/index.ts").main(process.argv))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      // Only start-up can land here (main() maps its own errors).
      process.stderr.write(`kinesis-guard: could not start: ${e && e.stack ? e.stack : String(e)}\n(kinesis-guard needs Node.js >= 20.6)\n`);
      process.exitCode = 2;
    },
  );
