import { defineConfig } from "vitest/config";

// Unit tests of the pure rules in shared/ and db/, in plain Node.
export default defineConfig({
  test: { include: ["test/unit/**/*.test.ts"], environment: "node" },
});
