// Seeds the local D1 database with the demo data when it is empty. Local only: it always
// passes --local to wrangler, so it can never touch a remote database.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { WRANGLER_ENV } from "./local-server.mjs";

// Wrangler never asks the network (TOOLCHAIN.md): the one environment every script uses.
const env = WRANGLER_ENV;
// `--persist-to DIR` seeds a separate local state (the browser tests use their own).
const at = process.argv.indexOf("--persist-to");
const persist = at > 0 ? ["--persist-to", process.argv[at + 1]] : [];
const quiet = process.argv.includes("--quiet");
const wrangler = (...args) =>
  execFileSync("npx", ["--no-install", "wrangler", "d1", "execute", "DB", "--local", ...persist, ...args], {
    env,
    encoding: "utf8",
  });

const counted = JSON.parse(wrangler("--json", "--command", "SELECT count(*) AS n FROM streets"));
if (counted[0].results[0].n > 0) {
  console.log("Database already seeded; leaving it as it is.");
} else {
  // A private scratch folder: two seeds at once (tests, bench, a second state) never share files.
  const scratch = mkdtempSync(join(tmpdir(), "linli-seed-"));
  try {
    await build({
      entryPoints: ["scripts/seed-entry.ts"],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: join(scratch, "seed-entry.mjs"),
      logLevel: "warning",
    });
    const { seedSql } = await import(pathToFileURL(join(scratch, "seed-entry.mjs")).href);
    writeFileSync(join(scratch, "seed.sql"), (await seedSql()).join("\n") + "\n");
    wrangler("--file", join(scratch, "seed.sql"));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log("Seeded the demo data.");
}

if (!quiet)
  console.log(`
Linli demo: http://127.0.0.1:8787
Demo logins (password demo12345):
  street-admin     street office admin (街道管理员)
  street-viewer    street office viewer (街道查看)
  community-admin  admin of 荷花社区 (居委会主任)
  community-staff  staff of 荷花社区 (社区工作者)
  supervisor       supervisor of 荷花社区 (监督委员)
  resident         resident of 荷花社区 (居民; or log in with the phone 13800138000)
  grid-worker      grid worker of 荷花社区 (网格员)
  team-leader      resident who leads 荷花社区's night patrol (巡逻队长)
  taoyuan-admin, liushu-admin   admins of 桃园社区 and 柳树村 (a village)
`);
