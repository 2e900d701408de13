import { defineConfig } from "vitest/config";

// Browser tests: playwright-core drives Debian's Chromium against the built app served by wrangler dev.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/browser/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
