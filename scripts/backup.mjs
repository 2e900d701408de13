// `npm run backup`: export the local D1 database (wrangler d1 export), write it to backups/, and
// prove the backup restores: apply the migrations to a fresh database, load the data, and compare
// every table's row count and every transparency-log entry hash with the original.
// `npm run backup -- --drill` (npm test) does the same on a freshly seeded scratch database.
// Local only: every wrangler call passes --local.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { WRANGLER_ENV } from "./local-server.mjs";

// Wrangler never asks the network (TOOLCHAIN.md): the one environment every script uses.
const env = WRANGLER_ENV;
const root = resolve(".");
const drill = process.argv.includes("--drill");
const scratch = mkdtempSync(join(tmpdir(), "linli-backup-"));
const wrangler = (...args) =>
  execFileSync("npx", ["--no-install", "wrangler", ...args], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
const started = Date.now();

try {
  // The source database lives under `<dir>/.wrangler/state`; `wrangler d1 export` reads the state
  // of the folder its config is in, so a scratch source gets a copy of wrangler.toml with absolute paths.
  let sourceState = join(root, ".wrangler/state");
  let config = join(root, "wrangler.toml");
  if (drill) {
    const dir = join(scratch, "source");
    mkdirSync(dir, { recursive: true });
    sourceState = join(dir, ".wrangler/state");
    config = join(dir, "wrangler.toml");
    writeFileSync(
      config,
      readFileSync("wrangler.toml", "utf8")
        .replace('main = "worker/index.ts"', `main = "${join(root, "worker/index.ts")}"`)
        .replace('directory = "./dist"', `directory = "${join(root, "dist")}"`)
        .replace('migrations_dir = "db/migrations"', `migrations_dir = "${join(root, "db/migrations")}"`),
    );
    wrangler("d1", "migrations", "apply", "DB", "--local", "--persist-to", sourceState);
    execFileSync("node", ["scripts/seed-local.mjs", "--persist-to", sourceState, "--quiet"], { env, stdio: "pipe" });
  } else if (!existsSync(sourceState)) {
    console.error("No local database yet: run `npm start` (or `npm run db:setup`) first.");
    process.exit(2);
  }

  // Data only: the schema comes from the migrations on restore (as in production), and the
  // migrations' own bookkeeping is left out so the restored database knows them as applied.
  const raw = join(scratch, "export.sql");
  wrangler("d1", "export", "DB", "--local", "-c", config, "--no-schema", "--output", raw);
  const data = readFileSync(raw, "utf8")
    .split("\n")
    .filter((l) => !l.startsWith('INSERT INTO "d1_migrations"') && !l.includes("sqlite_sequence"))
    .join("\n");
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const outDir = drill ? scratch : join(root, "backups");
  mkdirSync(outDir, { recursive: true });
  const backup = join(outDir, `linli-${stamp}.sql`);
  writeFileSync(
    backup,
    `-- Linli D1 backup (data only), ${new Date().toISOString()}\n` +
      "-- Restore: apply db/migrations to an empty database, then execute this file.\n" +
      data,
  );

  const restored = join(scratch, "restored");
  wrangler("d1", "migrations", "apply", "DB", "--local", "--persist-to", restored);
  wrangler("d1", "execute", "DB", "--local", "--persist-to", restored, "--file", backup);

  const query = (state, sql) =>
    JSON.parse(wrangler("d1", "execute", "DB", "--local", "--persist-to", state, "--json", "--command", sql))[0]
      .results;
  const tables = query(
    sourceState,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
  ).map((r) => r.name);
  // One row of scalar counts (D1 refuses long compound SELECTs).
  const countSql = `SELECT ${tables.map((t) => `(SELECT count(*) FROM "${t}") AS "${t}"`).join(", ")}`;
  const before = new Map(Object.entries(query(sourceState, countSql)[0]));
  const after = new Map(Object.entries(query(restored, countSql)[0]));
  const logSql = "SELECT community_id, seq, content_hash, entry_hash FROM transparency_log ORDER BY community_id, seq";
  const digest = (rows) => createHash("sha256").update(JSON.stringify(rows)).digest("hex");
  const logBefore = query(sourceState, logSql);
  const logAfter = query(restored, logSql);

  const differing = tables.filter((t) => before.get(t) !== after.get(t));
  const rows = [...before.values()].reduce((a, b) => a + b, 0);
  console.log(
    `${drill ? "Backup drill" : "Backup"}: ${tables.length} tables, ${rows} rows, ${logBefore.length} transparency-log entries` +
      (drill ? "" : `\nwritten to ${backup}`),
  );
  if (differing.length)
    console.table(differing.map((t) => ({ table: t, original: before.get(t), restored: after.get(t) })));
  const logOk = digest(logBefore) === digest(logAfter);
  console.log(
    `row counts ${differing.length ? "DIFFER" : "match"}; transparency-log hashes ${logOk ? "match" : "DIFFER"} ` +
      `(${digest(logAfter).slice(0, 16)}…); ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (differing.length || !logOk) process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
