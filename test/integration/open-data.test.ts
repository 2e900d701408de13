import { env } from "cloudflare:workers";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { verifyChain } from "../../shared/rules/transparency";
import { Client } from "./helpers";
import { communityId, createNotice, openChain, openNotice, publishedNotice, recomputedHash } from "./fixtures";

const anon = () => new Client();
const BASE = "/api/open/v1";

type Item = { id: string; title: string; status: string; category: string; version: number };

async function json<T>(path: string, init?: RequestInit): Promise<{ res: Response; body: T }> {
  const res = await anon().fetch(path, init);
  return { res, body: (await res.json()) as T };
}

async function hehuaRows() {
  return (
    await env.DB.prepare("SELECT id, title, status FROM notices WHERE community_id = ?")
      .bind(await communityId("hehua"))
      .all<{ id: string; title: string; status: string }>()
  ).results;
}

describe("open data", () => {
  it("lists the three demo communities", async () => {
    const { res, body } = await json<{ items: { street: string; community: string; name: string; kind: string }[] }>(
      `${BASE}/communities`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const demo = body.items.filter((c) => c.street === "demo-street");
    expect(demo.map((c) => c.community).sort()).toEqual(["hehua", "liushu", "taoyuan"]);
    expect(demo.find((c) => c.community === "hehua")).toMatchObject({ name: "荷花社区", kind: "urban" });
    expect(demo.find((c) => c.community === "liushu")).toMatchObject({ name: "柳树村", kind: "village" });
  });

  it("lists published and withdrawn notices, never drafts, submitted or scheduled ones", async () => {
    const staff = await Client.as("community-staff");
    const admin = await Client.as("community-admin");
    const draft = await createNotice(staff, "hehua", { title: "开放数据测试草稿" });
    const submitted = await createNotice(staff, "hehua", { title: "开放数据测试已提交" });
    await staff.mutate("notices.submit", { id: submitted });
    const scheduled = await createNotice(staff, "hehua", { title: "开放数据测试定时" });
    await admin.mutate("notices.publish", { id: scheduled, at: Date.now() + 86_400_000 });
    const published = await publishedNotice(admin, "hehua", "开放数据测试已发布");

    const { res, body } = await json<{ items: Item[]; nextCursor: string | null }>(
      `${BASE}/demo-street/hehua/notices?limit=200`,
    );
    expect(res.status).toBe(200);
    const ids = body.items.map((n) => n.id);
    expect(ids).toContain(published);
    for (const hidden of [draft, submitted, scheduled]) expect(ids).not.toContain(hidden);
    expect(new Set(body.items.map((n) => n.status))).toEqual(new Set(["published", "withdrawn"]));

    const rows = await hehuaRows();
    const publicRows = rows.filter((r) => r.status === "published" || r.status === "withdrawn");
    expect(ids.sort()).toEqual(publicRows.map((r) => r.id).sort());
    const text = JSON.stringify(body);
    for (const r of rows.filter((r) => !["published", "withdrawn"].includes(r.status)))
      expect(text).not.toContain(r.title);
    expect(body.items.find((n) => n.title === "社区停车位临时调整通知")?.status).toBe("withdrawn");
    expect(body.items.find((n) => n.title === "关于 3 号楼加装电梯征求意见的公告")?.version).toBe(2);

    // A draft's detail is not public either.
    expect((await anon().fetch(`${BASE}/demo-street/hehua/notices/${draft}`)).status).toBe(404);
  });

  it("pages through the list without gaps or repeats", async () => {
    const all = (await json<{ items: Item[] }>(`${BASE}/demo-street/hehua/notices?limit=200`)).body.items;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = (
        await json<{ items: Item[]; nextCursor: string | null }>(`${BASE}/demo-street/hehua/notices?limit=2${q}`)
      ).body;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((n) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((n) => n.id));
  });

  it("filters by category", async () => {
    const { body } = await json<{ items: Item[] }>(`${BASE}/demo-street/hehua/notices?category=party`);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((n) => n.category === "party")).toBe(true);
  });

  it("serves CSV with a UTF-8 BOM, a header row and text/csv", async () => {
    const res = await anon().fetch(`${BASE}/demo-street/hehua/notices.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="hehua-notices\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Array.from(bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFFid,category,title,status,version,")).toBe(true);
    expect(text).toContain("\r\n");
    const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual([
      "id",
      "category",
      "title",
      "status",
      "version",
      "first_published_at",
      "last_published_at",
      "withdrawn_at",
    ]);
    const list = (await json<{ items: Item[] }>(`${BASE}/demo-street/hehua/notices`)).body.items;
    expect(rows.slice(1).map((r) => r[0])).toEqual(list.map((n) => n.id));
    expect(rows.slice(1).every((r) => ["published", "withdrawn"].includes(r[3]))).toBe(true);
    expect(rows.find((r) => r[2] === "社区停车位临时调整通知")?.[7]).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("pages the CSV through a Link rel=next header; the last page has none", async () => {
    const all = (await json<{ items: Item[] }>(`${BASE}/demo-street/hehua/notices?limit=200`)).body.items;
    expect(all.length).toBeGreaterThan(2);
    const csvIds = async (res: Response) => {
      const text = new TextDecoder().decode(await res.arrayBuffer());
      return Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true })
        .data.slice(1)
        .map((r) => r[0]);
    };
    const nextOf = (res: Response) => {
      const link = res.headers.get("link");
      if (!link) return null;
      const m = /^<([^>]+)>; rel="next"$/.exec(link);
      expect(m, link).not.toBeNull();
      return m![1];
    };

    const first = await anon().fetch(`${BASE}/demo-street/hehua/notices.csv?limit=1`);
    expect(first.status).toBe(200);
    const firstLink = nextOf(first)!;
    expect(firstLink).toMatch(/^\/api\/open\/v1\/demo-street\/hehua\/notices\.csv\?/);
    expect(new URL(firstLink, "http://x").searchParams.get("limit")).toBe("1");
    expect(new URL(firstLink, "http://x").searchParams.get("cursor")).toBeTruthy();
    expect(await csvIds(first)).toEqual([all[0].id]);

    const second = await anon().fetch(firstLink);
    expect(second.status).toBe(200);
    expect(await csvIds(second)).toEqual([all[1].id]);
    expect(nextOf(second)).not.toBe(firstLink);

    // Following the links to the end visits every notice once, in order; the last page has no Link.
    const seen: string[] = [];
    let path: string | null = `${BASE}/demo-street/hehua/notices.csv?limit=1`;
    let last: Response | null = null;
    while (path) {
      const res: Response = await anon().fetch(path);
      expect(res.status).toBe(200);
      path = nextOf(res);
      seen.push(...(await csvIds(res)));
      last = res;
      expect(seen.length).toBeLessThanOrEqual(all.length);
    }
    expect(seen).toEqual(all.map((n) => n.id));
    expect(last!.headers.get("link")).toBeNull();

    const whole = await anon().fetch(`${BASE}/demo-street/hehua/notices.csv?limit=200`);
    expect(whole.headers.get("link")).toBeNull();
    await whole.arrayBuffer();
  });

  it("escapes a title that looks like a formula in the CSV", async () => {
    const admin = await Client.as("community-admin");
    const id = await publishedNotice(admin, "hehua", '=HYPERLINK("http://evil.example","点我")');
    const res = await anon().fetch(`${BASE}/demo-street/hehua/notices.csv`);
    const text = new TextDecoder().decode(await res.arrayBuffer());
    const row = Papa.parse<string[]>(text, { skipEmptyLines: true }).data.find((r) => r[0] === id)!;
    expect(row[2]).toBe(`'=HYPERLINK("http://evil.example","点我")`);
  });

  it("is open to every origin (CORS *)", async () => {
    for (const path of ["/communities", "/demo-street/hehua/notices", "/demo-street/hehua/notices.csv"]) {
      const res = await anon().fetch(BASE + path, { headers: { origin: "https://data.example.org" } });
      expect(res.headers.get("access-control-allow-origin"), path).toBe("*");
      await res.arrayBuffer();
    }
    const preflight = await anon().fetch(`${BASE}/demo-street/hehua/notices`, {
      method: "OPTIONS",
      headers: { origin: "https://data.example.org", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toMatch(/GET/);
    expect(preflight.headers.get("access-control-allow-methods")).not.toMatch(/POST|DELETE|PUT/);
  });

  it("sends an ETag, answers If-None-Match with 304, and a changed list gets a new ETag", async () => {
    const path = `${BASE}/demo-street/hehua/notices`;
    const first = await anon().fetch(path);
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    expect(first.headers.get("cache-control")).toMatch(/max-age=\d+/);
    await first.arrayBuffer();

    const again = await anon().fetch(path, { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");

    const csv = await anon().fetch(`${BASE}/demo-street/hehua/notices.csv`);
    const csvTag = csv.headers.get("etag")!;
    await csv.arrayBuffer();
    expect(
      (await anon().fetch(`${BASE}/demo-street/hehua/notices.csv`, { headers: { "if-none-match": csvTag } })).status,
    ).toBe(304);

    await publishedNotice(await Client.as("community-admin"), "hehua");
    const changed = await anon().fetch(path, { headers: { "if-none-match": etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    await changed.arrayBuffer();
  });

  it("publishes each notice's versions so anyone can recompute the hashes", async () => {
    const { body } = await json<{ items: Item[] }>(`${BASE}/demo-street/hehua/notices?limit=200`);
    for (const item of body.items) {
      const latest = await openNotice("hehua", item.id);
      for (const v of latest.versions) {
        const shown = await openNotice("hehua", item.id, v.version);
        expect(await recomputedHash(shown), `${item.title} v${v.version}`).toBe(v.contentHash);
      }
    }
  });

  it("publishes a transparency chain that verifies", async () => {
    const chain = await openChain("hehua");
    expect(chain.length).toBeGreaterThan(0);
    expect(await verifyChain(chain)).toEqual({ ok: true, length: chain.length });
    for (const c of ["taoyuan", "liushu"]) expect(await verifyChain(await openChain(c))).toMatchObject({ ok: true });
    const paged = await json<{ items: unknown[]; next: number | null }>(
      `${BASE}/demo-street/hehua/transparency?limit=2`,
    );
    expect(paged.body.items).toHaveLength(2);
    expect(paged.body.next).toBe(2);
  });

  it("answers 404 for an unknown street or community", async () => {
    for (const path of [
      "/demo-street/nowhere/notices",
      "/demo-street/nowhere/notices.csv",
      "/demo-street/nowhere/transparency",
      "/no-street/hehua/notices",
      "/demo-street/hehua/notices/NO-SUCH-NOTICE",
    ]) {
      const res = await anon().fetch(BASE + path);
      expect(res.status, path).toBe(404);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("NOT_FOUND");
      expect(res.headers.get("cache-control") ?? "").not.toMatch(/max-age=[1-9]/);
    }
  });

  it("does not accept writes", async () => {
    const res = await anon().fetch(`${BASE}/demo-street/hehua/notices`, { method: "POST", body: "{}" });
    expect(res.status).toBeGreaterThanOrEqual(400);
  });
});
