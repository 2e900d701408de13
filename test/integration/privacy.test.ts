import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { NOTICE_CATEGORY_CODES } from "../../shared/rules/categories";
import { Client } from "./helpers";
import { communityId, DAY, expectOk } from "./fixtures";

/**
 * The masking scan: every public output of the seeded app — each public tRPC procedure with every
 * input the public pages use, and every open-data address — must not contain a resident's full
 * phone, a resident's full name, or anything shaped like an ID-card number.
 */
type Scanned = { label: string; body: string };

const anon = new Client();
const scanned: Scanned[] = [];

async function get(label: string, path: string): Promise<string> {
  const res = await anon.fetch(path);
  const body = await res.text();
  expect(res.status, `${label}: ${body.slice(0, 200)}`).toBe(200);
  scanned.push({ label, body });
  return body;
}

async function trpc<T>(proc: string, input?: unknown): Promise<T> {
  const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const body = await get(`${proc} ${JSON.stringify(input ?? null)}`, `/trpc/${proc}${qs}`);
  return (JSON.parse(body) as { result: { data: T } }).result.data;
}

type ListItem = { id: string; version: number };
type Page = { items: ListItem[]; nextCursor: string | null };
type Notice = { versions: { version: number; contentHash: string }[]; current: { attachments: { id: string }[] } };

/** An 18-character PRC ID number: 17 digits and a digit or X check character, standing alone. */
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])/;
/** A mainland mobile number standing alone. */
const MOBILE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/;

let phones: string[] = [];
let names: string[] = [];
let publicNames: Set<string>;
/** Counterparties of ledger entries marked as private persons (masked in public, PIPL). */
let personCounterparties: string[] = [];
let financePeriods = 0;
/** Meetings shown in public, per community. */
const publicMeetings: Record<string, number> = {};

/**
 * A representatives' meeting held to the end through the API (announced, roll snapshotted,
 * everyone checked in, one item passed and one failed, minutes published, progress posted), and
 * a draft next to it, so that the public meeting and decision pages have something to show.
 */
async function holdMeeting(login: string, community: string, kind: string, title: string): Promise<void> {
  const c = await Client.as(login);
  const input = {
    communityId: await communityId(community),
    kind,
    basis: "representatives",
    title,
    place: "活动室",
    startsAt: Date.now() + DAY,
    items: [{ title: "道路硬化工程", proposedResolution: "同意实施道路硬化工程" }, { title: "公共收益分配" }],
  };
  expectOk(await c.mutate("meetings.create", { ...input, title: `${title}（草稿）` }));
  const { id } = expectOk(await c.mutate<{ id: string }>("meetings.create", input));
  expectOk(await c.mutate("meetings.announce", { id }));
  expectOk(await c.mutate("meetings.open", { id }));
  const roll = (
    await env.DB.prepare("SELECT resident_id FROM meeting_roll WHERE meeting_id = ?")
      .bind(id)
      .all<{ resident_id: string }>()
  ).results;
  expect(roll.length).toBeGreaterThan(0);
  for (const r of roll) expectOk(await c.mutate("meetings.checkIn", { meetingId: id, residentId: r.resident_id }));
  const items = (
    await env.DB.prepare("SELECT id FROM meeting_items WHERE meeting_id = ? ORDER BY seq")
      .bind(id)
      .all<{ id: string }>()
  ).results;
  const n = roll.length;
  const counts = [
    { votesFor: n, votesAgainst: 0, votesAbstain: 0 },
    { votesFor: 0, votesAgainst: n, votesAbstain: 0 },
  ];
  for (const [i, item] of items.entries())
    expectOk(await c.mutate("meetings.recordItemVote", { itemId: item.id, ...counts[i] }));
  const { minutesMd } = expectOk(await c.mutate<{ minutesMd: string }>("meetings.close", { id }));
  expectOk(await c.mutate("meetings.publishMinutes", { id, minutesMd }));
  const decision = await env.DB.prepare("SELECT id FROM decisions WHERE meeting_id = ?")
    .bind(id)
    .first<{ id: string }>();
  expectOk(
    await c.mutate("decisions.addUpdate", {
      decisionId: decision!.id,
      status: "in_progress",
      progress: 30,
      note: "已完成施工招标",
    }),
  );
}

beforeAll(async () => {
  // Meetings first, so that their announcements and minutes are scanned with the other notices.
  await holdMeeting("community-staff", "hehua", "representatives_meeting", "居民代表会议（第一季度）");
  await holdMeeting("liushu-admin", "liushu", "village_reps_meeting", "村民代表会议（第一季度）");

  const residents = (await env.DB.prepare("SELECT name, phone FROM residents").all<{ name: string; phone: string }>())
    .results;
  publicNames = new Set(
    (
      await env.DB.prepare(
        "SELECT name FROM community_officials UNION SELECT worker_name AS name FROM grids WHERE worker_name != ''",
      ).all<{ name: string }>()
    ).results.map((r) => r.name),
  );
  phones = [...new Set(residents.map((r) => r.phone).filter((p) => p !== ""))];
  names = [...new Set(residents.map((r) => r.name))].filter((n) => !publicNames.has(n));
  personCounterparties = (
    await env.DB.prepare(
      "SELECT DISTINCT counterparty FROM finance_entries WHERE counterparty_is_person = 1 ORDER BY counterparty",
    ).all<{ counterparty: string }>()
  ).results.map((r) => r.counterparty);

  const streets = await trpc<{ slug: string }[]>("directory.streets");
  await trpc("directory.communities");
  await trpc("auth.me");
  const communities: { street: string; slug: string }[] = [];
  for (const s of streets)
    communities.push(...(await trpc<{ street: string; slug: string }[]>("directory.communities", { street: s.slug })));

  for (const { street, slug: community } of communities) {
    const ref = { street, community };
    await trpc("directory.community", ref);
    await trpc("directory.grids", ref);

    // Every notice through every category, two at a time so that paging is exercised.
    const noticeIds = new Set<string>();
    for (const category of [undefined, ...NOTICE_CATEGORY_CODES]) {
      let cursor: string | undefined;
      for (let i = 0; i < 100; i++) {
        const page = await trpc<Page>("notices.list", {
          ...ref,
          ...(category ? { category } : {}),
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
        for (const n of page.items) noticeIds.add(n.id);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
    }

    // Every notice, every version, in tRPC and in the open data.
    const hashes = new Set<string>();
    for (const id of noticeIds) {
      const n = await trpc<Notice>("notices.get", { ...ref, id });
      await get(`open notice ${id}`, `/api/open/v1/${street}/${community}/notices/${id}`);
      for (const v of n.versions) {
        hashes.add(v.contentHash);
        await trpc("notices.get", { ...ref, id, version: v.version });
        await get(
          `open notice ${id} v${v.version}`,
          `/api/open/v1/${street}/${community}/notices/${id}?version=${v.version}`,
        );
      }
    }

    // The transparency log, paged, and every hash looked up.
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await trpc<{ items: { contentHash: string }[]; nextCursor: string | null }>("transparency.log", {
        ...ref,
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      for (const e of page.items) hashes.add(e.contentHash);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    for (const hash of hashes) await trpc("transparency.verify", { ...ref, hash });

    // The open data lists (JSON and CSV), paged, and the chain.
    let next: string | null = `/api/open/v1/${street}/${community}/notices?limit=2`;
    while (next) {
      const body = JSON.parse(await get(next, next)) as Page;
      next = body.nextCursor
        ? `/api/open/v1/${street}/${community}/notices?limit=2&cursor=${encodeURIComponent(body.nextCursor)}`
        : null;
    }
    await get("notices.csv", `/api/open/v1/${street}/${community}/notices.csv`);
    for (const category of NOTICE_CATEGORY_CODES) {
      await get(`notices.csv ${category}`, `/api/open/v1/${street}/${community}/notices.csv?category=${category}`);
      await get(`notices ${category}`, `/api/open/v1/${street}/${community}/notices?category=${category}`);
    }
    let csvNext: string | null = `/api/open/v1/${street}/${community}/notices.csv?limit=2`;
    while (csvNext) {
      const res = await anon.fetch(csvNext);
      const body = await res.text();
      expect(res.status).toBe(200);
      scanned.push({ label: csvNext, body });
      const link = res.headers.get("link");
      csvNext = link ? /<([^>]+)>/.exec(link)![1] : null;
    }
    await get("transparency", `/api/open/v1/${street}/${community}/transparency`);
    await get("notice versions", `/api/open/v1/${street}/${community}/notice-versions`);
    await get("transparency paged", `/api/open/v1/${street}/${community}/transparency?limit=2&after=1`);

    // Meetings (every public one) and the decisions registry.
    const meetings = await trpc<{ id: string }[]>("meetings.list", ref);
    publicMeetings[community] = meetings.length;
    for (const m of meetings) await trpc("meetings.get", { ...ref, id: m.id });
    await trpc("decisions.list", ref);
    await get("open decisions", `/api/open/v1/${street}/${community}/decisions`);
    await get("open decisions.csv", `/api/open/v1/${street}/${community}/decisions.csv`);

    // The books: the summary, every published period in tRPC and in the open data (JSON and CSV).
    const summary = await trpc<{ periods: { period: string }[] }>("finance.summary", ref);
    const openList = JSON.parse(await get("finance", `/api/open/v1/${street}/${community}/finance`)) as {
      items: { period: string }[];
    };
    expect(openList.items.map((p) => p.period)).toEqual(summary.periods.map((p) => p.period));
    financePeriods += summary.periods.length;
    for (const { period } of summary.periods) {
      await trpc("finance.published", { ...ref, period });
      await get(`open finance ${period}`, `/api/open/v1/${street}/${community}/finance/${period}`);
      await get(`open finance ${period}.csv`, `/api/open/v1/${street}/${community}/finance/${period}.csv`);
    }
  }
  await get("open communities", "/api/open/v1/communities");
  // Thousands of requests (the scan alone took most of the default 10 s before meetings were added).
}, 60_000);

describe("the masking scan of every public output", () => {
  it("scanned a meaningful amount of the public app", async () => {
    expect(scanned.length).toBeGreaterThan(100);
    expect(scanned.reduce((n, s) => n + s.body.length, 0)).toBeGreaterThan(50_000);
    // The registry it checks against is the seeded one: about 100 people in hehua and a village.
    expect(phones.length).toBeGreaterThan(80);
    expect(names.length).toBeGreaterThan(100);
    // It did see notices, a published answer to a resident's query, officials and grid workers.
    const all = scanned.map((s) => s.body).join("\n");
    expect(all).toContain("2026 年 11 月临时救助名单公示");
    expect(all).toContain("按楼层系数分摊");
    expect(all).toContain("王建国");
    expect(all).toContain("赵网格");
    // Every public meeting was scanned (the seeded ones and those held in beforeAll; drafts are not public),
    // with its figures, minutes and decisions.
    const shown = (
      await env.DB.prepare(
        "SELECT c.slug, count(m.id) AS n FROM communities c LEFT JOIN meetings m ON m.community_id = c.id AND m.status != 'draft' GROUP BY c.slug",
      ).all<{ slug: string; n: number }>()
    ).results;
    expect(publicMeetings).toEqual(Object.fromEntries(shown.map((r) => [r.slug, r.n])));
    expect(publicMeetings.hehua).toBeGreaterThanOrEqual(2);
    expect(publicMeetings.liushu).toBeGreaterThanOrEqual(2);
    const labels = scanned.map((s) => s.label);
    for (const proc of ["meetings.list", "meetings.get", "decisions.list", "open decisions"])
      expect(labels.filter((l) => l.startsWith(proc)).length, proc).toBeGreaterThanOrEqual(2);
    expect(all).toContain("同意实施道路硬化工程");
    expect(all).toContain("已完成施工招标");
    expect(all).toContain("居民代表会议（第一季度）");
    expect(all).toContain("村民代表会议（第一季度）");
    expect(all).not.toContain("（草稿）");
  });

  it("checks the names and phones that public pages come closest to", async () => {
    // Those who asked a published question, and the demo resident, are in the lists scanned for.
    const askers = (
      await env.DB.prepare(
        "SELECT r.name, r.phone FROM notice_objections o JOIN residents r ON r.id = o.resident_id WHERE o.published = 1",
      ).all<{ name: string; phone: string }>()
    ).results;
    expect(askers.length).toBeGreaterThan(0);
    for (const a of askers) {
      expect(names).toContain(a.name);
      if (a.phone) expect(phones).toContain(a.phone);
    }
    expect(names).toContain("张三丰");
    expect(phones).toContain("13800138000");
  });

  it("no response contains a resident's full phone", () => {
    const hits: string[] = [];
    for (const s of scanned) {
      for (const p of phones) if (s.body.includes(p)) hits.push(`${s.label}: ${p}`);
      const m = MOBILE.exec(s.body);
      if (m) hits.push(`${s.label}: mobile-shaped ${m[0]}`);
    }
    expect(hits).toEqual([]);
  });

  it("no response contains a resident's full name (public officials and grid workers excepted)", () => {
    const hits: string[] = [];
    for (const s of scanned) for (const n of names) if (s.body.includes(n)) hits.push(`${s.label}: ${n}`);
    expect(hits).toEqual([]);
    // The exceptions are only those who hold a public post.
    expect([...publicNames].sort()).toEqual(
      [
        "王建国",
        "李秀英",
        "张伟",
        "陈静",
        "刘洋",
        "赵敏",
        "孙强",
        "周丽",
        "吴刚",
        "郑大山",
        "冯玉兰",
        "赵网格",
        "钱海燕",
        "孙志强",
        "冯建国",
        "陈春花",
      ].sort(),
    );
  });

  it("no response contains the full name of a ledger counterparty who is a person", () => {
    // The seeded books pay and receive from four private persons (db/seed-finance.ts).
    expect([...personCounterparties].sort()).toEqual(["冯大海", "王明", "郑老汉", "陈华"].sort());
    // Both books were scanned: twelve published periods each, in tRPC, JSON and CSV.
    expect(financePeriods).toBe(24);
    const labels = scanned.map((s) => s.label);
    for (const kind of ["finance.summary", "finance.published", "open finance"])
      expect(
        labels.some((l) => l.startsWith(kind)),
        kind,
      ).toBe(true);
    expect(labels.some((l) => l.endsWith(".csv") && l.startsWith("open finance"))).toBe(true);
    const hits: string[] = [];
    for (const s of scanned)
      for (const n of personCounterparties) if (s.body.includes(n)) hits.push(`${s.label}: ${n}`);
    expect(hits).toEqual([]);
    // What the public sees instead is the masked name.
    const all = scanned.map((s) => s.body).join("\n");
    for (const masked of ["王*", "陈*", "冯*海", "郑*汉"]) expect(all).toContain(masked);
    // Organisations are not masked.
    expect(all).toContain("示范文具商店");
  });

  it("no response contains anything shaped like an 18-character ID number", () => {
    const hits = scanned.filter((s) => ID_NUMBER.test(s.body)).map((s) => `${s.label}: ${ID_NUMBER.exec(s.body)![0]}`);
    expect(hits).toEqual([]);
    // The pattern does find one.
    expect(ID_NUMBER.test('{"idCard":"31010119800102123X"}')).toBe(true);
    expect(ID_NUMBER.test("310101198001021234,")).toBe(true);
  });
});
