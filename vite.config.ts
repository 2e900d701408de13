import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

// The Solid app: built into dist/, which the Worker serves as static assets.
export default defineConfig({
  root: "web",
  plugins: [solid()],
  build: { outDir: "../dist", emptyOutDir: true, manifest: true, target: "es2020" },
  server: {
    proxy: { "/trpc": "http://127.0.0.1:8787", "/api": "http://127.0.0.1:8787", "/files": "http://127.0.0.1:8787" },
  },
});
