/**
 * Loading one of our own TypeScript modules on first use (the AWS SDK clients, the Pulumi stack
 * adapter: tens of MB and about a second that --help, --from-snapshot and a plain audit never need).
 *
 * The CLI launcher (bin/kinesis-guard.js) registers only tsx's CommonJS hook, so a plain require()
 * loads .ts there. It deliberately does not register tsx's ESM hooks, which import() of a .ts file
 * would need: they run a loader thread with its own V8 heap, about 30 MB of resident memory for
 * the whole run (measured in docs/benchmarks.md, P2). vitest's module runner, on the other hand,
 * never sees require() (commit 6610b4c), so there the import() path is taken.
 */
export function loadOnUse<T>(viaRequire: () => T, viaImport: () => Promise<T>): Promise<T> {
  // tsx's CommonJS hook is what registers ".ts" here; without it require() cannot load our sources.
  return require.extensions[".ts"] !== undefined ? Promise.resolve().then(viaRequire) : viaImport();
}
