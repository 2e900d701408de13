import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../shared/ids";
import { Client } from "./helpers";

type Cost = { statements: number; rowsRead: number };
const ref = { street: "demo-street", community: "hehua" };
const trpc = (proc: string, input: unknown) => `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;

/** What a page costs when the edge cache cannot answer it (public-cache.test.ts covers hits). */
async function cost(path: string): Promise<Cost> {
  await env.DB.prepare("UPDATE communities SET content_version = random() >> 11 WHERE slug = 'hehua'").run();
  const res = await new Client().fetch(path, { headers: { "x-linli-d1-stats": "1" } });
  expect(res.status, path).toBe(200);
  await res.arrayBuffer();
  return {
    statements: Number(res.headers.get("x-linli-d1-statements")),
    rowsRead: Number(res.headers.get("x-linli-d1-rows-read")),
  };
}

let pages: { name: string; path: string }[] = [];
beforeAll(async () => {
  const notice = (await env.DB.prepare(
    "SELECT n.id FROM notices n JOIN communities c ON c.id = n.community_id WHERE c.slug = 'hehua' AND n.status = 'published' LIMIT 1",
  ).first<{ id: string }>())!.id;
  const period = (await env.DB.prepare(
    "SELECT f.period FROM finance_periods f JOIN communities c ON c.id = f.community_id WHERE c.slug = 'hehua' AND f.status = 'published' ORDER BY f.period DESC LIMIT 1",
  ).first<{ period: string }>())!.period;
  const poll = (await env.DB.prepare(
    "SELECT p.id FROM polls p JOIN communities c ON c.id = p.community_id WHERE c.slug = 'hehua' AND p.status = 'closed' LIMIT 1",
  ).first<{ id: string }>())!.id;
  pages = [
    { name: "community home", path: trpc("directory.community", ref) },
    { name: "notices list", path: trpc("notices.list", ref) },
    { name: "notice page", path: trpc("notices.get", { ...ref, id: notice }) },
    { name: "finance period", path: trpc("finance.published", { ...ref, period }) },
    { name: "poll page", path: trpc("polls.get", { ...ref, id: poll }) },
    { name: "open notices", path: "/api/open/v1/demo-street/hehua/notices" },
    { name: "open notice", path: `/api/open/v1/demo-street/hehua/notices/${notice}` },
    { name: "open finance period", path: `/api/open/v1/demo-street/hehua/finance/${period}` },
    { name: "open transparency", path: "/api/open/v1/demo-street/hehua/transparency" },
  ];
});

/**
 * Statements each public page may send to D1 on a cache miss: a fixed number, however much data
 * there is (no N+1). The first is the cache key's versions (votes are never cached: no versions).
 */
const MAX_STATEMENTS: Record<string, number> = {
  "community home": 10,
  "notices list": 2,
  "notice page": 5,
  "finance period": 5,
  "poll page": 2,
  "open notices": 2,
  "open notice": 5,
  "open finance period": 4,
  "open transparency": 2,
};

/** 300 more published notices in hehua, each with its version, written straight to D1. */
async function manyMoreNotices(n: number) {
  const community = (await env.DB.prepare("SELECT id FROM communities WHERE slug = 'hehua'").first<{ id: string }>())!
    .id;
  const author = (await env.DB.prepare("SELECT id FROM users WHERE username = 'community-admin'").first<{
    id: string;
  }>())!.id;
  const now = Date.now() - 86_400_000;
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < n; i++) {
    const id = newId(now - i * 60_000);
    const at = now - i * 60_000;
    statements.push(
      env.DB.prepare(
        `INSERT INTO notices (id, community_id, category, status, title, body_md, current_version, first_published_at,
           last_published_at, created_by, created_at, updated_at) VALUES (?, ?, 'other', 'published', ?, '正文', 1, ?, ?, ?, ?, ?)`,
      ).bind(id, community, `旧公告 ${i}`, at, at, author, at, at),
      env.DB.prepare(
        `INSERT INTO notice_versions (id, notice_id, community_id, version, category, title, body_md, attachments,
           published_at, publicity_ends_at, published_by, content_hash) VALUES (?, ?, ?, 1, 'other', ?, '正文', '[]', ?, ?, ?, ?)`,
      ).bind(newId(at), id, community, `旧公告 ${i}`, at, at + 15 * 86_400_000, author, "0".repeat(64)),
    );
  }
  for (let i = 0; i < statements.length; i += 100) await env.DB.batch(statements.slice(i, i + 100));
}

describe("public pages cost a fixed number of D1 statements and rows in proportion to the page", () => {
  it("each page stays within its statements, and 300 more notices add no statement and at most a page of rows", async () => {
    const before = new Map<string, Cost>();
    // Once first: each isolate keeps the communities it has resolved by slug (one lookup saved).
    for (const p of pages) await cost(p.path);
    for (const p of pages) {
      const c = await cost(p.path);
      before.set(p.name, c);
      expect(c.statements, `${p.name}: ${c.statements} statements`).toBeLessThanOrEqual(MAX_STATEMENTS[p.name]);
      expect(c.rowsRead, p.name).toBeGreaterThan(0);
    }
    await manyMoreNotices(300);
    const lines: string[] = [];
    for (const p of pages) {
      const was = before.get(p.name)!;
      const now = await cost(p.path);
      lines.push(`${p.name}: ${now.statements} statements, rows read ${was.rowsRead} → ${now.rowsRead}`);
      expect(now.statements, p.name).toBe(was.statements);
      // At most a page more (D1 counts the index entries and the rows it reads, so about 2 per
      // notice shown); an O(table) read would add 300 and more.
      const page = p.name === "open notices" ? 50 : 20;
      expect(now.rowsRead - was.rowsRead, `${p.name}: rows read ${was.rowsRead} → ${now.rowsRead}`).toBeLessThanOrEqual(
        2 * page + 5,
      );
    }
    console.log(`public cost:\n  ${lines.join("\n  ")}`);
  });
});
