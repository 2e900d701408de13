import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { cachedProcedures } from "../../worker/public-cache";
import { Client } from "./helpers";
import { communityId, createNotice, DAY, expectOk, publishedNotice, STREET, unique } from "./fixtures";

const ref = { street: STREET, community: "hehua" };
const trpc = (proc: string, input: unknown) => `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;
const LIST = trpc("notices.list", { ...ref, limit: 50 });
const HOME = trpc("directory.community", ref);
const OPEN_LIST = `/api/open/v1/${STREET}/hehua/notices`;

/** Tables no cached public answer reads: writes to them leave the cache alone. */
const CONSOLE_ONLY = [
  "users",
  "sessions",
  "login_throttle",
  "audit_log",
  "activation_codes",
  "resident_history",
  "correction_requests",
  "monitor_days",
  "monitor_rolling",
  "monitor_runs",
  "monitor_alert_acks",
];
/** They carry the versions: a change to their other columns gives the street a new one. */
const VERSIONED = ["communities", "streets"];

type Read = { status: number; cache: string | null; statements: number; body: any; etag: string | null };

async function read(path: string, client = new Client(), headers: Record<string, string> = {}): Promise<Read> {
  const res = await client.fetch(path, { headers: { "x-linli-d1-stats": "1", ...headers } });
  const text = await res.text();
  return {
    status: res.status,
    cache: res.headers.get("x-linli-cache"),
    statements: Number(res.headers.get("x-linli-d1-statements")),
    body: text ? JSON.parse(text) : null,
    etag: res.headers.get("etag"),
  };
}
const titles = (r: Read): string[] =>
  (r.body.result?.data.items ?? r.body.items ?? r.body.notices ?? []).map((n: { title: string }) => n.title);

/** Read once so the next read of the same URL can hit. */
async function warm(path: string) {
  await read(path);
  const again = await read(path);
  expect(again.cache, path).toBe("hit");
  return again;
}

let admin: Client;
let staff: Client;
beforeAll(async () => {
  [admin, staff] = await Promise.all([Client.as("community-admin"), Client.as("community-staff")]);
});

describe("public answers come from the edge cache until the community's public content changes", () => {
  it("every table is either watched by version triggers or read only by the console", async () => {
    const tables = (
      await env.DB.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name != 'd1_migrations'",
      ).all<{ name: string }>()
    ).results.map((r) => r.name);
    const triggers = (
      await env.DB.prepare("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'").all<{
        tbl_name: string;
        name: string;
      }>()
    ).results;
    const watched = tables.filter((t) => !CONSOLE_ONLY.includes(t) && !VERSIONED.includes(t));
    for (const t of watched)
      expect(
        triggers.filter((g) => g.tbl_name === t).map((g) => g.name.split("_").pop()),
        t,
      ).toEqual(expect.arrayContaining(["insert", "update", "delete"]));
    expect(triggers.filter((g) => g.tbl_name === "communities" || g.tbl_name === "streets").length).toBe(4);
  });

  it("a hit costs one D1 statement and answers with the same body, ETag and headers", async () => {
    await env.DB.prepare("UPDATE communities SET content_version = random() >> 11 WHERE slug = 'hehua'").run();
    const miss = await read(HOME);
    expect(miss).toMatchObject({ status: 200, cache: "miss" });
    expect(miss.statements).toBeGreaterThan(2);
    const hit = await read(HOME);
    expect(hit).toMatchObject({ status: 200, cache: "hit", statements: 1, etag: miss.etag });
    expect(hit.body).toEqual(miss.body);
    const res = await new Client().fetch(HOME);
    expect(res.headers.get("cache-control")).toBe("private, no-cache");
    expect((await new Client().fetch(HOME, { headers: { "if-none-match": miss.etag! } })).status).toBe(304);

    const openMiss = await read(OPEN_LIST);
    const openHit = await read(OPEN_LIST);
    expect([openMiss.cache, openHit.cache, openHit.statements]).toEqual(["miss", "hit", 1]);
    const openRes = await new Client().fetch(OPEN_LIST);
    expect(openRes.headers.get("cache-control")).toBe("public, max-age=60, must-revalidate");
    expect(openRes.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("each language has its own entry", async () => {
    await warm(HOME);
    const en = await read(HOME, new Client("en"));
    expect(en.cache).toBe("miss");
    expect((await read(HOME, new Client("en"))).cache).toBe("hit");
  });

  it("a publication, a correction and a withdrawal are visible at once, in the app's reads and in open data", async () => {
    await Promise.all([warm(LIST), warm(HOME), warm(OPEN_LIST)]);
    const title = unique("停电通知");
    const id = await publishedNotice(admin, "hehua", title);
    for (const path of [LIST, OPEN_LIST]) {
      const r = await read(path);
      expect(r.cache, path).toBe("miss");
      expect(titles(r), path).toContain(title);
    }
    expect(JSON.stringify((await read(HOME)).body)).toContain(title);

    const page = trpc("notices.get", { ...ref, id });
    const openPage = `/api/open/v1/${STREET}/hehua/notices/${id}`;
    await Promise.all([warm(page), warm(openPage)]);
    expectOk(
      await admin.mutate("notices.correct", {
        id,
        title: `${title}（更正）`,
        bodyMd: "时间有变。",
        changeNote: "更正时间",
      }),
    );
    expect((await read(page)).body.result.data.current).toMatchObject({ title: `${title}（更正）`, version: 2 });
    expect((await read(openPage)).body).toMatchObject({ version: 2 });

    await warm(page);
    await env.DB.prepare("UPDATE notices SET first_published_at = ? WHERE id = ?")
      .bind(Date.now() - 16 * DAY, id)
      .run();
    await warm(page);
    expectOk(await admin.mutate("notices.withdraw", { id, reason: "工程取消" }));
    expect((await read(page)).body.result.data).toMatchObject({
      status: "withdrawn",
      withdrawal: { reason: "工程取消" },
    });
  });

  it("a notice the cron publishes on schedule is visible at once", async () => {
    const title = unique("定时公告");
    const id = await createNotice(staff, "hehua", { title });
    expectOk(await staff.mutate("notices.submit", { id }));
    expect(expectOk(await admin.mutate<any>("notices.publish", { id, at: Date.now() + 3600_000 })).status).toBe(
      "scheduled",
    );
    await env.DB.prepare("UPDATE notices SET scheduled_at = ? WHERE id = ?")
      .bind(Date.now() - 60_000, id)
      .run();
    const before = await warm(LIST);
    expect(titles(before)).not.toContain(title);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const after = await read(LIST);
    expect(after.cache).toBe("miss");
    expect(titles(after)).toContain(title);
  });

  it("a repair made straight in D1 is visible at once too", async () => {
    const id = await publishedNotice(admin, "hehua");
    const page = trpc("notices.get", { ...ref, id });
    await warm(page);
    await env.DB.prepare("UPDATE notice_versions SET title = '手工修复的标题' WHERE notice_id = ?").bind(id).run();
    expect((await read(page)).body.result.data.current.title).toBe("手工修复的标题");
  });

  it("a new finance period is visible at once on the community's finance page", async () => {
    const HEHUA = await communityId("hehua");
    const supervisor = await Client.as("supervisor");
    const summary = trpc("finance.summary", ref);
    await warm(summary);
    const periodId = expectOk(
      await staff.mutate<{ id: string }>("finance.openPeriod", {
        communityId: HEHUA,
        period: "2017-Q3",
        openingBalance: "0.00",
      }),
    ).id;
    expectOk(
      await staff.mutate("finance.addEntry", {
        periodId,
        direction: "income",
        category: "grant",
        amount: "100.00",
        date: "2017-08-01",
        summary: "补助",
        counterparty: "街道办事处",
        counterpartyIsPerson: false,
        voucherNo: "C-1",
      }),
    );
    await warm(summary); // drafts change nothing public, but they do give a new version: still fresh
    expectOk(await staff.mutate("finance.submit", { periodId }));
    expectOk(await supervisor.mutate("finance.approve", { periodId, decision: "approve", comment: "已核对" }));
    expectOk(await admin.mutate("finance.publish", { periodId }));
    const after = await read(summary);
    expect(after.cache).toBe("miss");
    expect(after.body.result.data.periods.map((p: { period: string }) => p.period)).toContain("2017-Q3");
  });

  it("a write in another community leaves this one's entries alone", async () => {
    await warm(LIST);
    await publishedNotice(await Client.as("taoyuan-admin"), "taoyuan");
    expect((await read(LIST)).cache).toBe("hit");
  });

  it("keeps no refusal, no answer about the caller and nothing outside the public list", async () => {
    const missing = trpc("notices.get", { ...ref, id: "nope" });
    await read(missing);
    const again = await read(missing);
    expect(again.status).toBe(404);
    expect(again.cache).not.toBe("hit");
    const unknown = trpc("notices.list", { street: STREET, community: "no-such-place" });
    expect((await read(unknown)).cache).toBeNull();
    await read("/trpc/auth.me", admin);
    expect((await read("/trpc/auth.me", admin)).cache).toBeNull();
    const drafts = trpc("notices.drafts", { communityId: await communityId("hehua") });
    await read(drafts, staff);
    expect((await read(drafts, staff)).cache).toBeNull();
    expect(cachedProcedures()).not.toContain("polls.receipt");
    // A read after a vote's closing time closes it: votes are always read from D1.
    expect(cachedProcedures()).not.toContain("polls.get");
    const poll = "/api/open/v1/demo-street/hehua/polls";
    await read(poll);
    expect((await read(poll)).cache).toBeNull();
    expect(cachedProcedures()).not.toContain("cases.track");
  });
});
