// The street dashboard's overview (monitor.overview) under load and one request at a time, on the
// demo street and, when `npm run seed:large` has built it, on the large street (200 communities,
// two years of records). The one-at-a-time p50 on loopback stands for the server time.
import autocannon from "autocannon";
import { existsSync } from "node:fs";
import { startServer, stopServer } from "../scripts/local-server.mjs";

export const LARGE_STATE = ".wrangler/large";

async function login(base, username) {
  const res = await fetch(`${base}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ username, password: "demo12345" }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return res.headers.get("set-cookie").split(";")[0];
}

/** req/s with `connections` at once, and p50/p99 latency one request at a time. */
async function measure(base, path, headers, { connections, duration }) {
  const loaded = await autocannon({ url: base + path, headers, connections, duration });
  if (loaded.non2xx > 0 || loaded.errors > 0)
    throw new Error(`${path}: ${loaded.non2xx} non-2xx, ${loaded.errors} errors`);
  const single = await autocannon({ url: base + path, headers, connections: 1, duration: Math.min(duration, 5) });
  return {
    rps: loaded.requests.average,
    p50: loaded.latency.p50,
    p99: loaded.latency.p99,
    serverP50: single.latency.p50,
  };
}

/** The overview on a running server: first call (catches the snapshots up), then steady state. */
export async function overviewScenario(base, username, label, opts) {
  const cookie = await login(base, username);
  const headers = { cookie };
  const path = "/trpc/monitor.overview";
  const t0 = performance.now();
  const first = await fetch(base + path, { headers });
  const body = await first.json();
  if (!first.ok) throw new Error(`${label}: ${first.status} ${JSON.stringify(body).slice(0, 300)}`);
  const firstMs = Math.round(performance.now() - t0);
  for (let i = 0; i < 10; i++) await (await fetch(base + path, { headers })).arrayBuffer();
  const m = await measure(base, path, headers, opts);
  return {
    name: `street overview (monitor.overview), ${label}`,
    communities: body.result.data.rows.length,
    firstMs,
    ...m,
  };
}

/** The large street on its own server (its own bare route as the reference), if it was seeded. */
export async function largeStreetScenario(port, opts) {
  if (!existsSync(LARGE_STATE)) return null;
  const server = await startServer({ port, state: LARGE_STATE, fresh: false });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 20; i++) await (await fetch(`${base}/api/health`)).arrayBuffer();
    const bare = await autocannon({
      url: `${base}/api/health`,
      connections: opts.connections,
      duration: opts.duration,
    });
    const rows = await (await fetch(`${base}/api/open/v1/communities`)).json();
    const overview = await overviewScenario(base, "large-admin", "large street", opts);
    return { bareRps: bare.requests.average, overview, openCommunities: rows.length ?? rows.items?.length };
  } finally {
    stopServer(server);
  }
}
