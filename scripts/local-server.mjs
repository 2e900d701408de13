// Serves the built app with `wrangler dev` on its own port and a fresh, seeded local state.
// Used by the browser tests and the benchmark; never touches the network or a remote database.
import { execFileSync, spawn } from "node:child_process";
import { rmSync } from "node:fs";

export const WRANGLER_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};

/**
 * @param {{ port: number; state: string; fresh?: boolean; setup?: (state: string) => void }} opts
 * @returns {Promise<import("node:child_process").ChildProcess>}
 */
export async function startServer(opts) {
  if (opts.fresh !== false) rmSync(opts.state, { recursive: true, force: true });
  const run = (cmd, args) => execFileSync(cmd, args, { env: WRANGLER_ENV, stdio: "pipe" });
  run("npx", ["--no-install", "wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", opts.state]);
  run("node", ["scripts/seed-local.mjs", "--persist-to", opts.state, "--quiet"]);
  opts.setup?.(opts.state);
  const args = ["--no-install", "wrangler", "dev", "--ip", "127.0.0.1", "--port", String(opts.port)];
  const server = spawn("npx", [...args, "--persist-to", opts.state, "--log-level", "warn"], {
    env: WRANGLER_ENV,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  server.stdout?.on("data", (d) => (output += d));
  server.stderr?.on("data", (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${opts.port}/api/health`);
      if (res.ok) return server;
    } catch {
      // not up yet
    }
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  stopServer(server);
  throw new Error(`wrangler dev did not start on port ${opts.port}:\n${output}`);
}

/** @param {import("node:child_process").ChildProcess} server */
export function stopServer(server) {
  if (server.pid) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}
