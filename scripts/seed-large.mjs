// Seeds a separate local D1 state with the large benchmark street (`large-street`, 大型街道):
// by default 200 communities of about 1,500 residents and two years of activity. Local only: it
// always passes --local to wrangler, so it can never touch a remote database.
//
//   npm run seed:large                                   # .wrangler/large, 200 × 1,500
//   npm run seed:large -- --communities 20 --residents 1500 --persist-to .wrangler/large20
//   npm run seed:large -- --fresh                        # delete the state first
//
// Log in as `large-admin` (street admin) or `large-c001-admin` … (community admins), password
// demo12345. Serve it with `wrangler dev --persist-to .wrangler/large`.
import { build } from "esbuild";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { WRANGLER_ENV } from "./local-server.mjs";

const { values: args } = parseArgs({
  options: {
    communities: { type: "string", default: "200" },
    residents: { type: "string", default: "1500" },
    "persist-to": { type: "string", default: ".wrangler/large" },
    fresh: { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    // The end of the two years of activity (epoch ms or an ISO date); default: now.
    now: { type: "string" },
    // Each SQL file is loaded by one `wrangler d1 execute --file` (one transaction).
    "file-mb": { type: "string", default: "24" },
    // Rows and characters per multi-row INSERT (wrangler's splitter slows with long statements).
    rows: { type: "string", default: "50" },
    "statement-kb": { type: "string", default: "8" },
    // Keep the SQL files in this folder instead of a temporary one (and do not delete them).
    "keep-sql": { type: "string" },
    // Generate the SQL only, without loading it.
    "dry-run": { type: "boolean", default: false },
  },
});
const int = (name, min) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be a whole number of at least ${min}`);
    process.exit(2);
  }
  return n;
};
const options = {
  communities: int("communities", 1),
  residents: int("residents", 3),
  seed: int("seed", 0),
  rowsPerStatement: int("rows", 1),
  bytesPerStatement: int("statement-kb", 1) * 1024,
  now: args.now ? (/^\d+$/.test(args.now) ? Number(args.now) : Date.parse(args.now)) : Date.now(),
};
if (!Number.isFinite(options.now)) {
  console.error("--now must be epoch milliseconds or an ISO date");
  process.exit(2);
}
const fileBytes = int("file-mb", 1) * 1024 * 1024;
const dir = args["persist-to"];
const dry = args["dry-run"];

// Wrangler never asks the network (TOOLCHAIN.md): the one environment every script uses.
const env = WRANGLER_ENV;
const wranglerBin = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");
const wranglerArgs = (...rest) => [wranglerBin, "d1", ...rest, "--local", "--persist-to", dir];
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`;
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const fmt = (n) => n.toLocaleString("en-US");
const log = (line) => console.log(`[${elapsed()}] ${line}`);

if (!dry) {
  if (args.fresh && existsSync(dir)) {
    rmSync(dir, { recursive: true, force: true });
    log(`deleted ${dir} (--fresh)`);
  }
  execFileSync(process.execPath, wranglerArgs("migrations", "apply", "DB"), { env, stdio: "pipe" });
  log(`migrations applied to ${dir}`);
  const found = JSON.parse(
    execFileSync(
      process.execPath,
      wranglerArgs(
        "execute",
        "DB",
        "--json",
        "--command",
        "SELECT count(*) AS n FROM streets WHERE slug = 'large-street'",
      ),
      { env, encoding: "utf8" },
    ),
  );
  if (found[0].results[0].n > 0) {
    log(`${dir} already holds the large street (large-street); leaving it as it is. Use --fresh to rebuild it.`);
    process.exit(0);
  }
}

const scratch = args["keep-sql"] ?? mkdtempSync(join(tmpdir(), "linli-seed-large-"));
const keep = Boolean(args["keep-sql"]);
let failed = false;
try {
  await build({
    entryPoints: ["scripts/seed-large-entry.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: join(scratch, "seed-large-entry.mjs"),
    logLevel: "warning",
  });
  const { largeParts } = await import(pathToFileURL(join(scratch, "seed-large-entry.mjs")).href);
  log(
    `generating ${fmt(options.communities)} communities × ~${fmt(options.residents)} residents (seed ${options.seed}); ` +
      `${options.rowsPerStatement} rows / ${args["statement-kb"]} KB per INSERT, files of ~${args["file-mb"]} MB`,
  );

  const totals = {};
  let totalBytes = 0;
  let files = 0;
  let loading = Promise.resolve();
  let genMs = 0;
  let loadMs = 0;
  let chunk = { statements: [], bytes: 0, rows: 0, labels: [] };

  // Loads one file while the next one is generated; files load strictly in order.
  const flush = async () => {
    if (!chunk.statements.length) return;
    const c = chunk;
    chunk = { statements: [], bytes: 0, rows: 0, labels: [] };
    files += 1;
    const n = files;
    const file = join(scratch, `part-${String(n).padStart(3, "0")}.sql`);
    writeFileSync(file, c.statements.join("\n") + "\n");
    const what = `file ${n}: ${c.labels[0]}${c.labels.length > 1 ? ` … ${c.labels[c.labels.length - 1]}` : ""} — ${mb(c.bytes)}, ${fmt(c.rows)} rows, ${fmt(c.statements.length)} statements`;
    await loading;
    if (dry) {
      log(`${what} (written, not loaded)`);
      return;
    }
    const load = new Promise((resolve, reject) => {
      const started = Date.now();
      execFile(
        process.execPath,
        wranglerArgs("execute", "DB", "--file", file),
        { env, maxBuffer: 256 * 1024 * 1024 },
        (error, _stdout, stderr) => {
          if (error) {
            console.error(String(stderr || error.message).slice(-4000));
            reject(new Error(`loading ${file} failed`));
            return;
          }
          loadMs += Date.now() - started;
          log(`${what} — loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
          if (!keep) rmSync(file, { force: true });
          resolve();
        },
      );
    });
    // Awaited before the next file and at the end; meanwhile a failure must not go unhandled.
    load.catch(() => {});
    loading = load;
  };

  let genStarted = Date.now();
  let communitiesDone = 0;
  for await (const part of largeParts(options)) {
    genMs += Date.now() - genStarted;
    let bytes = 0;
    for (const s of part.statements) bytes += Buffer.byteLength(s) + 1;
    let rows = 0;
    for (const [table, n] of Object.entries(part.counts)) {
      totals[table] = (totals[table] ?? 0) + n;
      rows += n;
    }
    if (chunk.bytes && chunk.bytes + bytes > fileBytes) await flush();
    chunk.statements.push(...part.statements);
    chunk.bytes += bytes;
    chunk.rows += rows;
    chunk.labels.push(part.label);
    totalBytes += bytes;
    if (part.label !== "street") {
      communitiesDone += 1;
      if (communitiesDone % 10 === 0 || communitiesDone === options.communities)
        log(`generated ${communitiesDone}/${options.communities} communities (${mb(totalBytes)} of SQL so far)`);
    }
    genStarted = Date.now();
  }
  await flush();
  await loading;

  const rows = Object.values(totals).reduce((a, b) => a + b, 0);
  log(
    `done: ${fmt(rows)} rows, ${mb(totalBytes)} of SQL in ${files} files; ` +
      `generating ${(genMs / 1000).toFixed(1)} s, loading ${(loadMs / 1000).toFixed(1)} s (they overlap)`,
  );
  const width = Math.max(...Object.keys(totals).map((t) => t.length));
  for (const [table, n] of Object.entries(totals)) console.log(`  ${table.padEnd(width)} ${fmt(n).padStart(9)}`);
  if (!dry) {
    const size = (p) => {
      const s = statSync(p);
      return s.isDirectory() ? readdirSync(p).reduce((n, f) => n + size(join(p, f)), 0) : s.size;
    };
    console.log(`\nState: ${dir} (${mb(size(dir))} on disk)`);
    console.log("Logins (password demo12345): large-admin (street admin), large-c001-admin … (community admins)");
    console.log(`Serve it: wrangler dev --persist-to ${dir}`);
  }
} catch (e) {
  failed = true;
  console.error(e instanceof Error ? e.message : e);
} finally {
  if (!keep) rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
