import { defineConfig } from "vitest/config";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { mkdirSync } from "node:fs";

// wrangler.toml serves the built app from dist/; the API tests need only the folder to exist.
mkdirSync("dist", { recursive: true });

// Integration tests run inside workerd against real D1 and R2 with the real migrations.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("db/migrations");
  return {
    plugins: [
      cloudflareTest({
        main: "./worker/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: { bindings: { TEST_MIGRATIONS: migrations, ENVIRONMENT: "test" } },
      }),
    ],
    test: {
      include: ["test/integration/**/*.test.ts"],
      setupFiles: ["./test/integration/setup.ts"],
      // Some set-ups make dozens of API calls; on a busy 2-core machine the 5 s / 10 s defaults
      // fail them spuriously. These are ceilings against hangs, not timing assertions.
      testTimeout: 60_000,
      hookTimeout: 60_000,
      // workerd imports a CommonJS package with only its default export; pre-bundle the ones
      // the Worker imports by name (wrangler's esbuild bundle does the same in production).
      deps: { optimizer: { ssr: { enabled: true, include: ["xss"] } } },
    },
  };
});
