import { defineConfig } from "vitest/config";

// Tests that drive tools from outside npm (Debian's python3-boto3): `npm run test:tools`, after
// scripts/ensure-test-deps.sh installs them. CI runs it after `npm test`, which needs Node alone.
export default defineConfig({
  test: {
    include: ["test/**/*.tools.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
