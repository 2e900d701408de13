import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { startServer, stopServer } from "../../scripts/local-server.mjs";

export const PORT = 8797;

export default async function setup(project: TestProject) {
  if (!existsSync("dist/index.html")) throw new Error("dist/ is missing: run `npm run build` first");
  const server = await startServer({ port: PORT, state: ".wrangler/browser-state" });
  project.provide("baseUrl", `http://127.0.0.1:${PORT}`);
  return () => stopServer(server);
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
