import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { withD1Stats, type D1Stats } from "../../worker/d1-stats";
import { BASE } from "./helpers";

const ref = { street: "demo-street", community: "hehua" };
const trpc = (proc: string, input: unknown) => `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;

/**
 * Tables a plan may scan whole: the tenancy roots (one row per street office or community) and
 * SQLite's own helpers. Every other table must be reached by an index seek (SEARCH … USING
 * INDEX), which for tenant tables starts with the community.
 */
const MAY_SCAN = new Set(["streets", "communities", "json_each"]);

let pages: string[] = [];
/** Console pages, read as the community's admin or the street's admin. */
let consolePages: { as: string; path: string }[] = [];
let cookies: Record<string, string> = {};
beforeAll(async () => {
  const one = async (sql: string) => (await env.DB.prepare(sql).first<Record<string, string>>())!;
  const notice = (
    await one(
      "SELECT n.id FROM notices n JOIN communities c ON c.id = n.community_id WHERE c.slug = 'hehua' AND n.status = 'published' LIMIT 1",
    )
  ).id;
  const period = (
    await one(
      "SELECT f.period FROM finance_periods f JOIN communities c ON c.id = f.community_id WHERE c.slug = 'hehua' AND f.status = 'published' LIMIT 1",
    )
  ).period;
  const poll = (
    await one(
      "SELECT p.id FROM polls p JOIN communities c ON c.id = p.community_id WHERE c.slug = 'hehua' AND p.status = 'closed' LIMIT 1",
    )
  ).id;
  const meeting = (
    await one(
      "SELECT m.id FROM meetings m JOIN communities c ON c.id = m.community_id WHERE c.slug = 'hehua' AND m.status != 'draft' LIMIT 1",
    )
  ).id;
  pages = [
    trpc("directory.community", ref),
    trpc("directory.grids", ref),
    trpc("notices.list", ref),
    trpc("notices.get", { ...ref, id: notice }),
    trpc("finance.summary", ref),
    trpc("finance.published", { ...ref, period }),
    trpc("meetings.list", ref),
    trpc("meetings.get", { ...ref, id: meeting }),
    trpc("decisions.list", ref),
    trpc("petitions.list", ref),
    trpc("polls.list", ref),
    trpc("polls.get", { ...ref, id: poll }),
    trpc("transparency.log", ref),
    trpc("volunteers.teams", ref),
    trpc("volunteers.openShifts", ref),
    trpc("cases.stats", ref),
    "/api/open/v1/demo-street/hehua/notices",
    `/api/open/v1/demo-street/hehua/notices/${notice}`,
    `/api/open/v1/demo-street/hehua/finance/${period}`,
    "/api/open/v1/demo-street/hehua/transparency",
    "/api/open/v1/demo-street/hehua/notice-versions",
    "/api/open/v1/demo-street/hehua/notice-versions?limit=2&after=" + encodeURIComponent(btoa("0.0")),
    "/api/open/v1/demo-street/hehua/decisions",
  ];
  const communityId = (await one("SELECT id FROM communities WHERE slug = 'hehua'")).id;
  const c = { communityId };
  consolePages = [
    ...[
      trpc("notices.drafts", c),
      trpc("residents.list", c),
      trpc("residents.list", { ...c, q: "王" }),
      trpc("cases.board", c),
      trpc("finance.periods", c),
      trpc("meetings.staffList", c),
      trpc("volunteers.teamList", c),
      trpc("volunteers.volunteerList", c),
      trpc("audit.list", { limit: 50 }),
    ].map((path) => ({ as: "community-admin", path })),
    ...[
      "/trpc/monitor.overview",
      "/trpc/monitor.alerts",
      "/trpc/cases.street",
      "/trpc/finance.overdue",
      "/trpc/volunteers.streetStats",
    ].map((path) => ({ as: "street-admin", path })),
  ];
  for (const username of ["community-admin", "street-admin"]) {
    const res = await worker.fetch(
      new Request(BASE + "/trpc/auth.login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password: "demo12345" }),
      }),
      env,
      createExecutionContext(),
    );
    cookies[username] = res.headers.get("set-cookie")!.split(";")[0];
  }
});

/** The statements a page sends to D1 (the edge cache bypassed), with their parameters. */
async function statementsOf(path: string, cookie?: string) {
  const stats: D1Stats = { statements: 0, rowsRead: 0, rowsWritten: 0, queries: [] };
  const ctx = createExecutionContext();
  const headers: Record<string, string> = { "x-linli-cache": "bypass", ...(cookie ? { cookie } : {}) };
  const res = await withD1Stats(stats, () => worker.fetch(new Request(BASE + path, { headers }), env, ctx));
  expect(res.status, path).toBe(200);
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return stats.queries!;
}

/** Each statement's plan lines that read a whole tenant table or index. */
async function scansOf(path: string, cookie?: string) {
  const scans: string[] = [];
  const queries = await statementsOf(path, cookie);
  for (const q of queries) {
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
      .bind(...q.params)
      .all<{ detail: string }>();
    for (const { detail } of plan.results) {
      // "SCAN t", "SCAN t USING INDEX i" (a whole index) and "SCAN t USING COVERING INDEX i" read every row.
      const scanned = /^SCAN (\w+)/.exec(detail)?.[1];
      if (scanned && !MAY_SCAN.has(scanned)) scans.push(`${path.split("?")[0]}: ${detail} ← ${q.sql.slice(0, 160)}`);
    }
  }
  return { scans, statements: queries.length };
}

describe("every hot read is an index seek", () => {
  it("no statement of a public page scans a tenant table", async () => {
    const scans: string[] = [];
    let explained = 0;
    for (const path of pages) {
      const r = await scansOf(path);
      scans.push(...r.scans);
      explained += r.statements;
    }
    console.log(`query plans: ${pages.length} public pages, ${explained} statements explained, ${scans.length} scans`);
    expect(scans).toEqual([]);
  });

  it("nor does a committee's or the street office's list", async () => {
    const scans: string[] = [];
    let explained = 0;
    for (const p of consolePages) {
      const r = await scansOf(p.path, cookies[p.as]);
      scans.push(...r.scans);
      explained += r.statements;
    }
    console.log(
      `query plans: ${consolePages.length} console pages, ${explained} statements explained, ${scans.length} scans`,
    );
    expect(scans).toEqual([]);
  });
});
