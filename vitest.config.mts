import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "rules/**/*.test.ts"],
    // *.tools.test.ts need tools from outside npm: vitest.tools.config.mts (`npm run test:tools`).
    exclude: ["test/**/*.tools.test.ts", "**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    globalSetup: ["test/harness/chromium-setup.ts"],
  },
});
