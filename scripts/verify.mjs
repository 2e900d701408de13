// Verifies a community's transparency log against its open data, from anywhere:
//   npm run verify -- http://127.0.0.1:8787 demo-street/hehua
// It bundles shared/verify.ts (the same code the transparency page runs) and checks every log
// entry's link and every published record's content hash. Exit code: 0 all verified, 1 a
// mismatch (the first one is named), 2 bad usage or the server could not be read.
import { build } from "esbuild";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const USAGE = `usage: npm run verify -- <base-url> <street>/<community>
  e.g. npm run verify -- http://127.0.0.1:8787 demo-street/hehua`;

const [baseArg, target, ...extra] = process.argv.slice(2);
if (!baseArg || baseArg === "--help" || baseArg === "-h") usage(baseArg ? 0 : 2);
const base = parseBase(baseArg);
const [street, community, ...rest] = (target ?? "").split("/");
if (!base || !street || !community || rest.length || extra.length) usage(2);

const verify = await loadVerifier();
const progress = progressPrinter();
let result;
try {
  const fetchJson = (url) =>
    fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(30_000) });
  result = await verify.verifyCommunity(verify.openDataGetter(fetchJson, base), street, community, progress.update);
} catch (err) {
  progress.end();
  console.error(`error: could not read the open data of ${street}/${community} at ${base}: ${messageOf(err)}`);
  process.exit(2);
}
progress.end();

if (result.ok) {
  const counts = verify.LOGGED_KINDS.filter((k) => result.records[k]).map((k) => `${k} ${result.records[k]}`);
  const checked = Object.values(result.records).reduce((n, x) => n + x, 0);
  console.log(`OK ${street}/${community}: ${plural(result.entries, "log entry", "log entries")}, hash chain intact`);
  const records = plural(checked, "published record", "published records");
  console.log(`   ${records} recomputed and matching${counts.length ? ` (${counts.join(", ")})` : ""}`);
  process.exit(0);
}

const PROBLEMS = {
  content: ["the published record's content hash differs from the one in the log", "log says", "recomputed"],
  "missing-record": ["the record the log names is not published", "log says", "published"],
  "chain-prev": ["the entry does not link to the previous entry's hash", "previous entry", "prevHash"],
  "chain-hash": ["the entry's hash does not match its fields", "stored", "recomputed"],
  seq: ["the sequence numbers are not consecutive", "expected seq", "found seq"],
  "unknown-kind": ["this verifier does not know how the kind is hashed", "log says", "recomputed"],
};
const [what, expectedLabel, actualLabel] = PROBLEMS[result.problem];
const lines = [
  ["kind", result.kind],
  ["record", `${result.recordId} (version ${result.version})`],
  [expectedLabel, result.expected],
  [actualLabel, result.actual ?? "(none)"],
  ...(result.source ? [["source", base + result.source]] : []),
];
const width = Math.max(...lines.map(([label]) => label.length)) + 1;
console.error(`MISMATCH in ${street}/${community} at log entry #${result.seq}: ${what}`);
for (const [label, value] of lines) console.error(`  ${`${label}:`.padEnd(width)} ${value}`);
process.exit(1);

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function usage(code) {
  (code ? console.error : console.log)(USAGE);
  process.exit(code);
}

function parseBase(raw) {
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin + url.pathname.replace(/\/+$/, "");
  } catch {
    return null;
  }
}

function messageOf(err) {
  const cause = err?.cause?.code ?? err?.cause?.message;
  return cause ? `${err.message} (${cause})` : String(err?.message ?? err);
}

/** Bundles shared/verify.ts into a private scratch folder and imports it. */
async function loadVerifier() {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const scratch = mkdtempSync(join(tmpdir(), "linli-verify-"));
  try {
    await build({
      entryPoints: [join(root, "shared/verify.ts")],
      bundle: true,
      platform: "neutral",
      format: "esm",
      outfile: join(scratch, "verify.mjs"),
      logLevel: "warning",
    });
    return await import(pathToFileURL(join(scratch, "verify.mjs")).href);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One rewritten line on a terminal; two plain lines otherwise (CI logs). */
function progressPrinter() {
  const tty = process.stderr.isTTY;
  let last = "";
  let logged = 0;
  let checking = false;
  return {
    update(p) {
      if (p.phase === "log") logged = p.done;
      const line =
        p.phase === "log"
          ? `downloading the log: ${plural(p.done, "entry", "entries")}`
          : `checking records: ${p.done}/${p.total}`;
      if (tty) {
        process.stderr.write(`\r${line.padEnd(last.length)}`);
        last = line;
      } else if (p.phase === "records" && !checking) {
        checking = true;
        const total = plural(p.total, "record", "records");
        process.stderr.write(`downloaded the log: ${plural(logged, "entry", "entries")}\nchecking ${total}…\n`);
      }
    },
    end() {
      if (tty && last) process.stderr.write(`\r${" ".repeat(last.length)}\r`);
      last = "";
    },
  };
}
