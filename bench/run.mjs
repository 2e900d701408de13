// `npm run bench`: serve the built app locally, then load each route with autocannon (bounded:
// fixed connections and duration, one route at a time) and report req/s and p50 latency as a
// ratio to the bare JSON route measured in the same run. Writes bench/results/latest.json.
import autocannon from "autocannon";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { startServer, stopServer } from "../scripts/local-server.mjs";
import { faceWeights, publicFirstLoad } from "./page-weight.mjs";
import { pageLoads } from "./page-load.mjs";
import { addVoterLogins, benchUsernames, openBenchVote } from "./voters.mjs";
import { largeStreetScenario, overviewScenario } from "./monitor.mjs";

const PORT = 8798;
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const BUDGET = 0.6; // public reads at ≥ 0.6× the bare route (issue #2)

if (!existsSync("dist/index.html")) {
  console.error("dist/ is missing: run `npm run build` first");
  process.exit(1);
}

const faces = faceWeights(); // read before serving: a route it cannot place fails the run early

const STATE = ".wrangler/bench-state";
const VOTE_BUDGET = 0.3; // vote casting at ≥ 0.3× the bare route (issue #6)
const OVERVIEW_BUDGET_MS = 100; // street overview server time on the large street (issue #9)
const server = await startServer({ port: PORT, state: STATE, setup: addVoterLogins });
try {
  const ref = { street: "demo-street", community: "hehua" };
  const input = encodeURIComponent(JSON.stringify(ref));
  const list = await (await fetch(`${BASE}/api/open/v1/demo-street/hehua/notices`)).json();
  const noticeId = list.items[0].id;
  const getInput = encodeURIComponent(JSON.stringify({ ...ref, id: noticeId }));
  const summary = await (await fetch(`${BASE}/api/open/v1/demo-street/hehua/finance`)).json();
  const periodInput = encodeURIComponent(JSON.stringify({ ...ref, period: summary.items[0].period }));
  const publicRoutes = [
    { name: "notices.list over tRPC", path: `/trpc/notices.list?input=${input}` },
    { name: "notices list over open data", path: "/api/open/v1/demo-street/hehua/notices" },
    { name: "community home (directory.community)", path: `/trpc/directory.community?input=${input}` },
    { name: "notice page (notices.get)", path: `/trpc/notices.get?input=${getInput}` },
    { name: "finance period (finance.published)", path: `/trpc/finance.published?input=${periodInput}` },
  ];
  // Each public read twice: as served (from the edge cache while nothing changed) and from the
  // origin (cache bypassed: what the first reader after a publication pays).
  const routes = [
    { name: "bare JSON route (/api/health)", path: "/api/health", bare: true },
    ...publicRoutes.map((r) => ({ ...r, public: true })),
    ...publicRoutes.map((r) => ({
      ...r,
      name: `${r.name}, origin`,
      origin: true,
      headers: { "x-linli-cache": "bypass" },
    })),
  ];

  // Warm up every route once so that the first-request costs are not measured.
  for (const r of routes)
    for (let i = 0; i < 20; i++) await (await fetch(BASE + r.path, { headers: r.headers })).arrayBuffer();

  const results = [];
  for (const r of routes) {
    const out = await autocannon({
      url: BASE + r.path,
      connections: CONNECTIONS,
      duration: DURATION,
      headers: r.headers,
    });
    if (out.non2xx > 0 || out.errors > 0) throw new Error(`${r.name}: ${out.non2xx} non-2xx, ${out.errors} errors`);
    results.push({ ...r, rps: out.requests.average, p50: out.latency.p50, p99: out.latency.p99 });
  }
  results.push(await voteScenario());
  const demoOverview = await overviewScenario(BASE, "street-admin", "demo street", {
    connections: CONNECTIONS,
    duration: DURATION,
  });
  results.push({ ...demoOverview, overview: true });
  const bare = results.find((r) => r.bare);
  const large = await largeStreetScenario(PORT + 1, { connections: CONNECTIONS, duration: DURATION });
  if (large) results.push({ ...large.overview, overview: true, rps: (large.overview.rps / large.bareRps) * bare.rps });
  // Page loads in throttled Chromium (issue #11), after the load tests so the machine is quiet.
  const loads = existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium") ? await pageLoads(BASE) : null;
  const rows = results.map((r) => ({
    route: r.name,
    "req/s": Math.round(r.rps),
    "p50 ms": r.p50,
    "p99 ms": r.p99,
    "ratio to bare": Number((r.rps / bare.rps).toFixed(2)),
    budget: budgetOf(r, r.rps / bare.rps),
  }));
  const vote = results.find((r) => r.vote);
  for (const o of results.filter((r) => r.overview))
    console.log(
      `${o.name}: ${o.communities} communities; first call ${o.firstMs} ms (catches the nightly snapshots up), ` +
        `then ${o.serverP50} ms p50 one request at a time (${o.serverP50 < OVERVIEW_BUDGET_MS ? "ok" : "MISSED"}, aim < ${OVERVIEW_BUDGET_MS} ms)`,
    );
  if (!large) console.log("Large street not measured: run `npm run seed:large` first.");
  console.log(
    `\nVote casting: ${vote.voters} voters, ${vote.accepted} ballots accepted, ${vote.alreadyVoted} refused as "already voted", ` +
      `${vote.unexpected} other errors; ballots stored ${vote.stored} (= voters: ${vote.stored === vote.voters ? "yes" : "NO"})`,
  );
  console.log(`\nLinli bench: ${CONNECTIONS} connections × ${DURATION} s per route, wrangler dev on loopback\n`);
  console.table(rows);
  const weight = publicFirstLoad();
  const JS_BUDGET_KB = 60;
  console.log(
    `\nPublic face, first visit: ${weight.jsGzipKB} KB gzip of JS in ${weight.jsFiles} files ` +
      `(${weight.jsGzipKB <= JS_BUDGET_KB ? "ok" : "MISSED"}, budget ${JS_BUDGET_KB} KB), ${weight.cssGzipKB} KB gzip of CSS`,
  );
  // First visit per face (issue #11): entry + the route's lazy chunks, static imports included.
  console.log("\nFirst visit per face (gzip; entry chunk + the route's lazy chunks + their static imports):");
  console.table(
    faces.map((f) => ({
      face: f.face,
      page: f.path,
      "JS KB": f.jsGzipKB,
      "CSS KB": f.cssGzipKB,
      files: `${f.jsFiles} JS + ${f.cssFiles} CSS`,
      budget: f.face === "public" ? `${f.jsGzipKB <= JS_BUDGET_KB ? "ok" : "MISSED"} (JS ≤ ${JS_BUDGET_KB} KB)` : "",
    })),
  );
  const publicHeavy = faces.find((f) => f.face === "public").heavy;
  console.log(
    `No chart or editor code in the public first load: ${publicHeavy.length === 0 ? "ok" : "MISSED"}` +
      publicHeavy.map((h) => `\n  ${h}`).join(""),
  );
  if (loads) {
    const th = loads.throttling;
    console.log(
      `\nPage loads in Chromium, median of ${loads.runs} fresh-context runs: CPU ${th.cpuSlowdown}× slower, ${th.network} ` +
        `(${th.latencyMs} ms latency, ${th.downloadBytesPerSecond / 1000} kB/s down, ${th.uploadBytesPerSecond / 1000} kB/s up), ${th.viewport}`,
    );
    console.table(
      loads.pages.map((p) => ({
        page: p.page,
        "LCP ms": p.lcpMedianMs,
        "visible ms": p.visibleMedianMs,
        "app ms": p.appMedianMs,
        "HTML/JS/data ms": `${p.htmlDoneMs}/${p.scriptsDoneMs}/${p.dataDoneMs}`,
        "KB transferred": Number((p.bytesMedian / 1024).toFixed(1)),
        budget: `${p.lcpOk ? "ok" : "MISSED"} (LCP < ${loads.lcpBudgetMs} ms)`,
      })),
    );
    console.log(
      "visible = the first notice row (home) or the notice title (notice page) painted; app = the app has rendered it " +
        "itself (a painted page shows it before); HTML/JS/data = when the HTML, " +
        "the last script and the last API call before it finished",
    );
  } else console.log("\nPage loads not measured: no Chromium at /usr/bin/chromium (set CHROMIUM_PATH).");
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(
    "bench/results/latest.json",
    JSON.stringify(
      {
        at: new Date().toISOString(),
        connections: CONNECTIONS,
        seconds: DURATION,
        rows,
        overview: results
          .filter((r) => r.overview)
          .map((o) => ({ name: o.name, communities: o.communities, firstMs: o.firstMs, serverP50: o.serverP50 })),
        publicFirstLoad: weight,
        faces: faces.map(({ heavy, ...f }) => ({ ...f, chartOrEditorCode: heavy })),
        publicWithoutChartsOrEditors: publicHeavy.length === 0,
        pageLoads: loads,
      },
      null,
      2,
    ) + "\n",
  );
  console.log("written to bench/results/latest.json");
} finally {
  stopServer(server);
}

function budgetOf(r, ratio) {
  const budget = r.public ? BUDGET : r.vote ? VOTE_BUDGET : null;
  if (budget === null) return "";
  return ratio >= budget ? `ok (≥ ${budget})` : `MISSED (< ${budget})`;
}

/**
 * Every voter casts again and again, round robin, on keep-alive connections: the first ballot of
 * each is accepted, every later one must be refused as "already voted" and nothing else may fail.
 */
async function voteScenario() {
  const { pollId, cookies } = await openBenchVote(BASE, benchUsernames(STATE));
  let next = 0;
  const counts = { accepted: 0, alreadyVoted: 0, unexpected: 0 };
  const body = JSON.stringify({ pollId, options: ["yes"] });
  const out = await autocannon({
    url: `${BASE}/trpc/polls.cast`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => ({
          ...req,
          headers: { "content-type": "application/json", cookie: cookies[next++ % cookies.length] },
          body,
        }),
        onResponse: (status, resBody) => {
          if (status === 200) counts.accepted++;
          else if (status === 400 && resBody.includes("已经投过票")) counts.alreadyVoted++;
          else counts.unexpected++;
        },
      },
    ],
  });
  if (counts.unexpected > 0 || out.errors > 0)
    throw new Error(`vote casting: ${counts.unexpected} unexpected responses, ${out.errors} errors`);
  const poll = await (await fetch(`${BASE}/api/open/v1/demo-street/hehua/polls/${pollId}`)).json();
  return {
    name: "vote casting (polls.cast, secret ballot)",
    vote: true,
    rps: out.requests.average,
    p50: out.latency.p50,
    p99: out.latency.p99,
    voters: cookies.length,
    ...counts,
    stored: poll.cast,
  };
}
