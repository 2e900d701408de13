// `npm run bench:import`: serve the app locally (wrangler dev, fresh seeded state), log in as
// community-staff over HTTP, and import 10,000 residents (and their 2,500 households) through
// residents.import in 500-row chunks, as the import page does. Prints the time and rows/s.
import { mkdirSync } from "node:fs";
import { startServer, stopServer } from "../scripts/local-server.mjs";

const PORT = 8796;
const BASE = `http://127.0.0.1:${PORT}`;
const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 10_000);
const PER_HOUSEHOLD = 4;
const CHUNK = 500;

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
const GIVEN = ["晓东", "文博", "嘉怡", "子墨", "若溪", "佳琪", "俊杰", "雅婷", "晨曦", "梦瑶"];
const GROUPS = ["第一居民小组", "第二居民小组", "第三居民小组", "第四居民小组"];
const GRIDS = ["第一网格", "第二网格", "第三网格"];
const DAY = 86_400_000;

function files() {
  const households = [];
  const residents = [];
  const address = (h) => `压测小区${Math.floor(h / 10) + 1}号楼${(h % 10) + 1}01室`;
  for (let h = 0; h < Math.ceil(RESIDENTS / PER_HOUSEHOLD); h++)
    households.push({
      row: h + 2,
      values: { address: address(h), grid: GRIDS[h % 3], group: GROUPS[h % 4] },
    });
  for (let i = 0; i < RESIDENTS; i++)
    residents.push({
      row: i + 2,
      values: {
        name: SURNAMES[i % 20] + GIVEN[Math.floor(i / 20) % 10],
        birthDate: new Date(Date.UTC(1940, 0, 1) + i * DAY).toISOString().slice(0, 10),
        phone: `137${String(10_000_000 + i).slice(-8)}`,
        address: address(Math.floor(i / PER_HOUSEHOLD)),
        group: "",
        householdRep: i % PER_HOUSEHOLD === 0 ? "是" : "否",
        representative: "否",
      },
    });
  return { households, residents };
}

/** A same-origin HTTP client that keeps the session cookie by hand. */
function client() {
  let cookie = "";
  const call = async (path, init = {}) => {
    const headers = { origin: BASE, "x-linli-lang": "zh", ...(cookie ? { cookie } : {}), ...init.headers };
    const res = await fetch(BASE + path, { ...init, headers });
    const set = res.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0];
    const body = await res.json();
    if (body.error) throw new Error(`${path}: ${body.error.message}`);
    return body.result.data;
  };
  return {
    query: (proc, input) =>
      call(`/trpc/${proc}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`),
    mutate: (proc, input) =>
      call(`/trpc/${proc}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(input ?? null),
      }),
  };
}

async function importAll(api, communityId, kind, rows) {
  const sum = { inserted: 0, skipped: 0, errors: 0, chunks: 0 };
  const started = performance.now();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const r = await api.mutate("residents.import", { communityId, kind, rows: rows.slice(i, i + CHUNK) });
    sum.inserted += r.inserted;
    sum.skipped += r.skipped;
    sum.errors += r.errors.length;
    sum.chunks += 1;
  }
  return { ...sum, ms: performance.now() - started };
}

mkdirSync("dist", { recursive: true });
const server = await startServer({ port: PORT, state: ".wrangler/import-bench-state" });
try {
  const api = client();
  await api.mutate("auth.login", { username: "community-staff", password: "demo12345" });
  const me = await api.query("auth.me");
  const communityId = me.community.id;
  const { households, residents } = files();

  const hh = await importAll(api, communityId, "households", households);
  const rs = await importAll(api, communityId, "residents", residents);
  const total = hh.ms + rs.ms;
  const rows = households.length + residents.length;
  const line = (name, n, r) => ({
    kind: name,
    rows: n,
    chunks: r.chunks,
    inserted: r.inserted,
    skipped: r.skipped,
    errors: r.errors,
    "time s": Number((r.ms / 1000).toFixed(2)),
    "rows/s": Math.round(n / (r.ms / 1000)),
  });
  console.log(`\nLinli import bench: ${CHUNK}-row chunks over HTTP, wrangler dev on loopback\n`);
  console.table([
    line("households", households.length, hh),
    line("residents", residents.length, rs),
    line("total", rows, {
      ...hh,
      ...rs,
      chunks: hh.chunks + rs.chunks,
      inserted: hh.inserted + rs.inserted,
      skipped: hh.skipped + rs.skipped,
      errors: hh.errors + rs.errors,
      ms: total,
    }),
  ]);
  if (hh.inserted !== households.length || rs.inserted !== residents.length)
    throw new Error("not every row was imported");
  console.log(`\n${rows} rows in ${(total / 1000).toFixed(2)} s (${Math.round(rows / (total / 1000))} rows/s)`);
} finally {
  stopServer(server);
}
