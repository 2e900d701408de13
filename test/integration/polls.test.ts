import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { polls } from "../../db/schema";
import { translate, type MessageKey } from "../../shared/i18n/errors";
import { contentHash, sha256Hex, verifyChain } from "../../shared/rules/transparency";
import { dbFor } from "../../worker/db";
import { current } from "../../worker/services/polls";
import { Client, type TrpcResult } from "./helpers";
import { communityId, DAY, expectOk, openChain, STREET, unique } from "./fixtures";
import { activate, newHousehold, newResident, uniqueName } from "./residents-fixtures";
import {
  ballotCount,
  cast,
  closed,
  count,
  createPoll,
  emptyCommunity,
  expire,
  openPoll,
  participationCount,
  pollInput,
  publicPoll,
  voters,
  type PublicPoll,
  type Tally,
  type Voter,
} from "./polls-fixtures";

/**
 * Online votes and consultations through the API (DOMAIN.md "Votes and elections"): definitions
 * refused by field, the roll snapshotted from the registry on the opening day, one voter one
 * ballot under concurrent casting and proxies, secret ballots that nothing links to their voter,
 * changing a ballot, proxies (U19), pass rules and turnout at their edges, closing with the
 * result in the transparency chain, the democratic review (U37/V38), and tenancy.
 */

type Err = { message: string; fieldErrors?: Record<string, string> };

function expectError(r: TrpcResult<unknown>, code: string, label = ""): Err {
  expect(r.ok, `${label} should fail with ${code}`).toBe(false);
  if (r.ok) throw new Error("unreachable");
  expect(r.error.data.code, `${label}: ${r.error.message}`).toBe(code);
  return { message: r.error.message, fieldErrors: r.error.data.fieldErrors };
}

const msg = (key: MessageKey, params: Record<string, string | number> = {}) => translate(key, "zh", params);

/** Refused as a bad request with exactly this message (and, if given, naming this field). */
function expectRefusal(
  r: TrpcResult<unknown>,
  key: MessageKey,
  field?: string,
  params: Record<string, string | number> = key === "poll.proxyLimit" ? { n: 3 } : {},
  label: string = key,
) {
  const e = expectError(r, "BAD_REQUEST", label);
  const text = msg(key, params);
  expect(e.message, label).toBe(text);
  if (field) expect(e.fieldErrors?.[field], label).toBe(text);
  return e;
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
/** The Shanghai calendar day of an instant, computed here rather than by the code under test. */
const shanghaiDay = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
/** 00:00 of a Shanghai calendar day. */
const shanghaiMidnight = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
/** Someone born on this date turns 18 on `date`. */
const eighteenYearsBefore = (date: string) => `${Number(date.slice(0, 4)) - 18}${date.slice(4)}`;

async function rollOf(pollId: string): Promise<string[]> {
  return (
    await env.DB.prepare("SELECT resident_id FROM poll_roll WHERE poll_id = ? ORDER BY resident_id")
      .bind(pollId)
      .all<{ resident_id: string }>()
  ).results.map((r) => r.resident_id);
}

async function ballotsOf(pollId: string): Promise<{ receipt: string; choice: string }[]> {
  return (
    await env.DB.prepare("SELECT receipt, choice FROM poll_ballots WHERE poll_id = ? ORDER BY receipt")
      .bind(pollId)
      .all<{ receipt: string; choice: string }>()
  ).results;
}

type Participation = { resident_id: string; cast_by: string; via: string; receipt: string | null };
async function participationOf(pollId: string): Promise<Participation[]> {
  return (
    await env.DB.prepare(
      "SELECT resident_id, cast_by, via, receipt FROM poll_participation WHERE poll_id = ? ORDER BY resident_id",
    )
      .bind(pollId)
      .all<Participation>()
  ).results;
}

async function pollRow(id: string) {
  return env.DB.prepare("SELECT * FROM polls WHERE id = ?").bind(id).first<{
    status: string;
    opens_at: number;
    opened_at: number | null;
    closes_at: number;
    closed_at: number | null;
    eligible_count: number | null;
    result: string | null;
    result_hash: string | null;
  }>();
}

const countPolls = () => count("SELECT count(*) AS n FROM polls");
const countAudit = () => count("SELECT count(*) AS n FROM audit_log");

/** How the published ballots recount, option by option (or rating by rating). */
function recount(ballots: { choice: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const b of ballots) for (const id of b.choice ? b.choice.split(",") : []) counts[id] = (counts[id] ?? 0) + 1;
  return counts;
}
const tallyCounts = (t: Tally) => Object.fromEntries(t.options.filter((o) => o.count > 0).map((o) => [o.id, o.count]));

const mine = async (c: Client) =>
  expectOk(
    await c.query<
      {
        id: string;
        status: string;
        eligible: boolean;
        ineligibleReason: string | null;
        voted: boolean;
        votedVia: string | null;
        receipt: string | null;
        gaveProxyTo: string | null;
        proxies: { grantorId: string; name: string; voted: boolean }[];
      }[]
    >("polls.mine"),
  );

const anon = new Client();
let staff: Client;
let admin: Client;
let resident: Client;
let hehua: string;
let selfId: string;
let viewer: Client;
let taoyuanAdmin: Client;

beforeAll(async () => {
  viewer = await Client.as("street-viewer");
  taoyuanAdmin = await Client.as("taoyuan-admin");
  staff = await Client.as("community-staff");
  admin = await Client.as("community-admin");
  resident = await Client.as("resident");
  hehua = await communityId("hehua");
  selfId = (await env.DB.prepare("SELECT resident_id FROM users WHERE username = 'resident'").first<{
    resident_id: string;
  }>())!.resident_id;
});

describe("creating polls", () => {
  type Managed = {
    status: string;
    ballotType: string;
    options: { id: string; label: string; post?: string }[];
    minChoices: number;
    maxChoices: number;
    reviewYear: number | null;
    eligibility: string;
    secret: boolean;
  };

  it.each([
    ["yes_no", {}, ["yes", "no", "abstain"], [1, 1]],
    [
      "single",
      { options: [{ label: "方案一" }, { label: "方案二" }, { label: "方案三" }] },
      ["o1", "o2", "o3"],
      [1, 1],
    ],
    [
      "multiple",
      { options: [{ label: "甲" }, { label: "乙" }, { label: "丙" }, { label: "丁" }], minChoices: 2, maxChoices: 3 },
      ["o1", "o2", "o3", "o4"],
      [2, 3],
    ],
    ["approval", { options: [{ label: "甲" }, { label: "乙" }, { label: "丙" }] }, ["o1", "o2", "o3"], [0, 3]],
    [
      "review",
      {
        options: [
          { label: "王主任", post: "主任" },
          { label: "李委员", post: "委员" },
        ],
        reviewYear: 2030,
      },
      ["m1", "m2"],
      [2, 2],
    ],
  ] as const)(
    "staff create a %s poll as a draft, with its options and choice bounds",
    async (type, fields, ids, bounds) => {
      const auditBefore = await countAudit();
      const id = await createPoll(staff, hehua, { ballotType: type, ...fields } as never);
      const m = expectOk(await staff.query<Managed>("polls.manage", { id }));
      expect(m.status).toBe("draft");
      expect(m.ballotType).toBe(type);
      expect(m.options.map((o) => o.id)).toEqual(ids);
      expect([m.minChoices, m.maxChoices]).toEqual(bounds);
      expect(m.reviewYear).toBe(type === "review" ? 2030 : null);
      if (type === "review") expect(m.options.map((o) => o.post)).toEqual(["主任", "委员"]);
      expect(await countAudit()).toBe(auditBefore + 1);
      const audit = await env.DB.prepare("SELECT action, community_id FROM audit_log WHERE entity_id = ?")
        .bind(id)
        .all<{ action: string; community_id: string }>();
      expect(audit.results).toEqual([{ action: "poll.create", community_id: hehua }]);
      // A draft is not public.
      expectError(await anon.query("polls.get", { street: STREET, community: "hehua", id }), "NOT_FOUND", "draft get");
      const list = expectOk(await anon.query<{ id: string }[]>("polls.list", { street: STREET, community: "hehua" }));
      expect(list.map((p) => p.id)).not.toContain(id);
    },
  );

  it.each([
    [
      "closing before opening",
      { opensAt: Date.now() + 2 * DAY, closesAt: Date.now() + DAY },
      "poll.closesBeforeOpens",
      "closesAt",
    ],
    [
      "closing at the opening",
      { opensAt: Date.now() + DAY, closesAt: Date.now() + DAY },
      "poll.closesBeforeOpens",
      "closesAt",
    ],
    [
      "closing in the past",
      { opensAt: Date.now() - 2 * DAY, closesAt: Date.now() - DAY },
      "poll.closesInPast",
      "closesAt",
    ],
    [
      "multiple with max < min",
      {
        ballotType: "multiple",
        options: [{ label: "甲" }, { label: "乙" }, { label: "丙" }],
        minChoices: 3,
        maxChoices: 2,
      },
      "poll.badChoiceRange",
      "maxChoices",
    ],
    [
      "multiple with max > options",
      { ballotType: "multiple", options: [{ label: "甲" }, { label: "乙" }], maxChoices: 3 },
      "poll.badChoiceRange",
      "maxChoices",
    ],
    [
      "review without a year",
      { ballotType: "review", options: [{ label: "王主任" }] },
      "poll.reviewYearRequired",
      "reviewYear",
    ],
    ["single with one option", { ballotType: "single", options: [{ label: "唯一" }] }, "poll.tooFewOptions", "options"],
    ["review with no member", { ballotType: "review", options: [], reviewYear: 2030 }, "poll.tooFewOptions", "options"],
    [
      "repeated option",
      { ballotType: "single", options: [{ label: "甲" }, { label: "甲" }] },
      "poll.duplicateOption",
      "options",
    ],
  ] as const)("refuses %s, naming the field, and writes nothing", async (_label, fields, key, field) => {
    const before = [await countPolls(), await countAudit()];
    const r = await staff.mutate("polls.create", pollInput(hehua, fields as never));
    expectRefusal(r, key, field);
    expect([await countPolls(), await countAudit()]).toEqual(before);
  });

  it("refuses malformed input by field (title, meeting item of nowhere)", async () => {
    const before = await countPolls();
    const e = expectError(await staff.mutate("polls.create", pollInput(hehua, { title: "x" })), "BAD_REQUEST");
    expect(Object.keys(e.fieldErrors ?? {})).toEqual(["title"]);
    const item = await staff.mutate("polls.create", { ...pollInput(hehua), meetingItemId: "NO-SUCH-ITEM" });
    expectRefusal(item, "poll.meetingItemNotFound", "meetingItemId");
    expect(await countPolls()).toBe(before);
  });

  it("a draft can be edited; once published it cannot, nor be published twice", async () => {
    const id = await createPoll(staff, hehua);
    const title = `修改后的标题 ${uniqueName("")}`;
    expectOk(await staff.mutate("polls.update", { id, ...pollInput(hehua), communityId: undefined, title }));
    expect(expectOk(await staff.query<{ title: string }>("polls.manage", { id })).title).toBe(title);
    expectOk(await staff.mutate("polls.publish", { id }));
    expectRefusal(
      await staff.mutate("polls.update", { id, ...pollInput(hehua), communityId: undefined }),
      "poll.notDraft",
    );
    expectRefusal(await staff.mutate("polls.publish", { id }), "poll.notDraft");
  });
});

describe("opening: the roll is snapshotted from the registry", () => {
  /** The registry's eligible residents of hehua on a Shanghai day, by an independent SQL rule. */
  async function eligibleIds(rule: string, day: string): Promise<string[]> {
    const where =
      rule === "adults"
        ? "date(birth_date, '+18 years') <= ?2"
        : rule === "household_reps"
          ? "is_household_rep = 1 AND ?2 = ?2"
          : "is_representative = 1 AND ?2 = ?2";
    return (
      await env.DB.prepare(
        `SELECT id FROM residents WHERE community_id = ?1 AND status = 'active' AND ${where} ORDER BY id`,
      )
        .bind(hehua, day)
        .all<{ id: string }>()
    ).results.map((r) => r.id);
  }

  it.each(["adults", "household_reps", "representatives"] as const)(
    "publishing a poll of %s opens it now, with eligibleCount = the registry's count on the opening day",
    async (eligibility) => {
      const before = Date.now();
      const { id, eligibleCount } = await openPoll(staff, hehua, { eligibility, opensAt: Date.now() - DAY });
      const row = (await pollRow(id))!;
      expect(row.status).toBe("open");
      // "Opens now": the opening time moves up to the publication, and the roll is taken today.
      expect(row.opens_at).toBeGreaterThanOrEqual(before);
      expect(row.opened_at).toBeGreaterThanOrEqual(row.opens_at);
      const expected = await eligibleIds(eligibility, shanghaiDay(row.opens_at));
      expect(expected.length).toBeGreaterThan(0);
      expect(eligibleCount).toBe(expected.length);
      expect(row.eligible_count).toBe(expected.length);
      expect(await rollOf(id)).toEqual(expected);
      const p = await publicPoll("hehua", id);
      expect(p).toMatchObject({ status: "open", eligibleCount: expected.length, cast: 0 });
    },
  );

  it("the seed's moved-out resident is on no roll", async () => {
    const moved = await env.DB.prepare(
      "SELECT id FROM residents WHERE community_id = ? AND status = 'moved_out' LIMIT 1",
    )
      .bind(hehua)
      .first<{ id: string }>();
    expect(moved).not.toBeNull();
    const { id } = await openPoll(staff, hehua, { eligibility: "adults" });
    expect(await rollOf(id)).not.toContain(moved!.id);
  });

  it("a poll opening later is scheduled, and opens (roll taken) at the first read after its time", async () => {
    const id = await createPoll(staff, hehua, { opensAt: Date.now() + DAY });
    const r = expectOk(await staff.mutate<{ status: string; eligibleCount: number | null }>("polls.publish", { id }));
    expect(r).toEqual({ status: "scheduled", eligibleCount: null });
    expect(await rollOf(id)).toEqual([]);
    expectRefusal(await cast(resident, id, { options: ["yes"] }), "poll.notOpen");
    await env.DB.prepare("UPDATE polls SET opens_at = ? WHERE id = ?")
      .bind(Date.now() - 1000, id)
      .run();
    const p = await publicPoll("hehua", id);
    expect(p.status).toBe("open");
    expect((await rollOf(id)).length).toBe(p.eligibleCount);
    expect(await rollOf(id)).toContain(selfId);
  });

  it("readers arriving together at the opening take the roll once", async () => {
    const id = await createPoll(staff, hehua, { opensAt: Date.now() + DAY });
    expectOk(await staff.mutate("polls.publish", { id }));
    await env.DB.prepare("UPDATE polls SET opens_at = ? WHERE id = ?")
      .bind(Date.now() - 1000, id)
      .run();
    const reads = await Promise.all(
      Array.from({ length: 6 }, () => anon.query<PublicPoll>("polls.get", { street: STREET, community: "hehua", id })),
    );
    expect(reads.map((r) => (r.ok ? r.data.status : r.error.message))).toEqual(Array(6).fill("open"));
    const row = (await pollRow(id))!;
    const roll = await rollOf(id);
    expect(row.eligible_count).toBe(roll.length);
    expect(roll).toEqual(await eligibleIds("adults", shanghaiDay(row.opens_at)));
  });

  it("a resident registered after the opening is not on the roll", async () => {
    const { id } = await openPoll(staff, hehua);
    const late = await newResident(staff, "hehua", { name: uniqueName("迟") });
    const { client } = await activate(staff, late.id, "LateVoter2026");
    expectRefusal(await cast(client, id, { options: ["yes"] }), "poll.ineligible.notOnRoll");
    const row = (await mine(client)).find((p) => p.id === id)!;
    expect(row).toMatchObject({ eligible: false, ineligibleReason: "poll.ineligible.notOnRoll" });
    expect(await ballotCount(id)).toBe(0);
  });
});

describe("eligibility on the opening day", () => {
  // The opening is 00:00 today in Shanghai, which is still yesterday in UTC.
  const today = shanghaiDay(Date.now());
  const opening = shanghaiMidnight(today);
  let turns18Today: Client;
  let turns18Tomorrow: Client;
  let movedOut: { id: string; client: Client };
  let movedInD1: Client;
  let householdRep: Client;
  let otherAdult: Client;
  let representative: Client;
  let adultsPoll: string;
  let repsPoll: string;
  let representativesPoll: string;
  const ids: Record<string, string> = {};

  /** Published to open tomorrow, then its opening moved to `opening` (as the clock would reach it). */
  async function openedAt(fields: Parameters<typeof createPoll>[2]): Promise<string> {
    const id = await createPoll(staff, hehua, { ...fields, opensAt: Date.now() + DAY, closesAt: Date.now() + 7 * DAY });
    expect(expectOk(await staff.mutate<{ status: string }>("polls.publish", { id })).status).toBe("scheduled");
    await env.DB.prepare("UPDATE polls SET opens_at = ? WHERE id = ?").bind(opening, id).run();
    expect(expectOk(await staff.query<{ status: string }>("polls.manage", { id })).status).toBe("open");
    return id;
  }

  beforeAll(async () => {
    expect(new Date(opening).toISOString().slice(0, 10)).toBe(addDays(today, -1));
    const make = async (label: string, fields: Parameters<typeof newResident>[2]) => {
      const r = await newResident(staff, "hehua", { name: uniqueName(label), ...fields });
      ids[label] = r.id;
      return { id: r.id, client: (await activate(staff, r.id, `Elig${label.charCodeAt(0)}2026pw`)).client };
    };
    turns18Today = (await make("今", { birthDate: eighteenYearsBefore(today) })).client;
    turns18Tomorrow = (await make("明", { birthDate: eighteenYearsBefore(addDays(today, 1)) })).client;
    movedOut = await make("迁", {});
    movedInD1 = (await make("离", {})).client;
    const household = await newHousehold(staff, "hehua");
    householdRep = (await make("户", { householdId: household.id, isHouseholdRep: true })).client;
    otherAdult = (await make("家", { householdId: household.id, isHouseholdRep: false })).client;
    representative = (await make("代", { isRepresentative: true })).client;

    expectOk(await staff.mutate("residents.moveOut", { id: movedOut.id, movedOutOn: today }));
    // Moved out in the registry while the login is kept, to see the reason the voter is given.
    await env.DB.prepare("UPDATE residents SET status = 'moved_out', moved_out_on = ? WHERE id = ?")
      .bind(today, ids["离"])
      .run();

    adultsPoll = await openedAt({ eligibility: "adults" });
    repsPoll = await openedAt({ eligibility: "household_reps" });
    representativesPoll = await openedAt({ eligibility: "representatives" });
  });

  it("a resident turning 18 on the opening day votes", async () => {
    expect(await rollOf(adultsPoll)).toContain(ids["今"]);
    const row = (await mine(turns18Today)).find((p) => p.id === adultsPoll)!;
    expect(row).toMatchObject({ eligible: true, ineligibleReason: null, voted: false });
    expectOk(await cast(turns18Today, adultsPoll, { options: ["yes"] }));
    expect((await mine(turns18Today)).find((p) => p.id === adultsPoll)!.voted).toBe(true);
  });

  it("a resident turning 18 the day after cannot, and is told they were under 18", async () => {
    expect(await rollOf(adultsPoll)).not.toContain(ids["明"]);
    const before = await ballotCount(adultsPoll);
    const e = expectRefusal(await cast(turns18Tomorrow, adultsPoll, { options: ["yes"] }), "poll.ineligible.underage");
    expect(e.message).toContain("18");
    const row = (await mine(turns18Tomorrow)).find((p) => p.id === adultsPoll)!;
    expect(row).toMatchObject({ eligible: false, ineligibleReason: "poll.ineligible.underage" });
    expect(await ballotCount(adultsPoll)).toBe(before);
  });

  it("a moved-out resident is on no roll and cannot vote", async () => {
    for (const poll of [adultsPoll, repsPoll, representativesPoll]) {
      expect(await rollOf(poll)).not.toContain(movedOut.id);
      expect(await rollOf(poll)).not.toContain(ids["离"]);
    }
    // Moving out through the registry ends the login.
    expectError(await cast(movedOut.client, adultsPoll, { options: ["yes"] }), "UNAUTHORIZED", "moved out");
    const before = await ballotCount(adultsPoll);
    expectRefusal(await cast(movedInD1, adultsPoll, { options: ["yes"] }), "poll.ineligible.movedOut");
    expect(await ballotCount(adultsPoll)).toBe(before);
  });

  it("one ballot per household: the household representative votes, the other adult is refused", async () => {
    const roll = await rollOf(repsPoll);
    expect(roll).toContain(ids["户"]);
    expect(roll).not.toContain(ids["家"]);
    expectOk(await cast(householdRep, repsPoll, { options: ["no"] }));
    const e = expectRefusal(await cast(otherAdult, repsPoll, { options: ["yes"] }), "poll.ineligible.notHouseholdRep");
    expect(e.message).toBe("本次投票每户一票，由户代表投票");
    expect(await participationOf(repsPoll)).toEqual([
      { resident_id: ids["户"], cast_by: ids["户"], via: "self", receipt: null },
    ]);
    // The same adult votes where every adult does.
    expectOk(await cast(otherAdult, adultsPoll, { options: ["abstain"] }));
  });

  it("a representatives-only poll refuses a resident who is not a representative", async () => {
    expectRefusal(
      await cast(otherAdult, representativesPoll, { options: ["yes"] }),
      "poll.ineligible.notRepresentative",
    );
    expectRefusal(
      await cast(turns18Today, representativesPoll, { options: ["yes"] }),
      "poll.ineligible.notRepresentative",
    );
    expectOk(await cast(representative, representativesPoll, { options: ["yes"] }));
    expect((await participationOf(representativesPoll)).map((p) => p.resident_id)).toEqual([ids["代"]]);
    expect(await ballotCount(representativesPoll)).toBe(1);
  });
});

describe("one voter, one ballot, under concurrent casting with proxies", () => {
  const N = 50;
  let c: Awaited<ReturnType<typeof emptyCommunity>>;
  let people: Voter[];
  let pollId: string;
  let title: string;
  // Grantors 0–5; holders 10 (three proxies, the most allowed), 11 (two) and 12 (one).
  const proxyOf: Record<number, number> = { 0: 10, 1: 10, 2: 10, 3: 11, 4: 11, 5: 12 };
  const CHOICES = ["yes", "no", "abstain"];
  type Attempt = { voter: number; by: number; choice: string; r: TrpcResult<{ receipt: string; changed: boolean }> };
  let attempts: Attempt[];
  let closedPoll: PublicPoll;

  beforeAll(async () => {
    c = await emptyCommunity();
    people = await voters(c.id, N);
    title = `并发表决 ${unique("t")}`;
    ({ id: pollId } = await openPoll(c.staff, c.id, { title, secret: true }));
    for (const [grantor, holder] of Object.entries(proxyOf))
      expectOk(
        await c.staff.mutate("polls.recordProxy", {
          pollId,
          grantorId: people[Number(grantor)].id,
          holderId: people[holder].id,
          note: "书面委托书已收",
        }),
      );

    const plan: (() => Promise<Attempt>)[] = [];
    for (let i = 0; i < N; i++)
      for (let k = 0; k < 3; k++) {
        const choice = CHOICES[(i + k) % 3];
        plan.push(async () => ({
          voter: i,
          by: i,
          choice,
          r: await cast(people[i].client, pollId, { options: [choice] }),
        }));
      }
    for (const [grantor, holder] of Object.entries(proxyOf))
      for (let k = 0; k < 3; k++) {
        const voter = Number(grantor);
        const choice = CHOICES[(voter + k + 1) % 3];
        plan.push(async () => ({
          voter,
          by: holder,
          choice,
          r: await cast(people[holder].client, pollId, { options: [choice], onBehalfOf: people[voter].id }),
        }));
      }
    // Interleave: every voter's attempts and their holders' are in flight at once.
    const order = plan.map((f, i) => ({ f, key: (i * 7919) % plan.length })).sort((a, b) => a.key - b.key);
    attempts = await Promise.all(order.map((x) => x.f()));
  });

  it("every voter got exactly one receipt; every other attempt was refused as already voted (or proxy given)", () => {
    expect(attempts.length).toBe(N * 3 + Object.keys(proxyOf).length * 3);
    const problems: string[] = [];
    for (let i = 0; i < N; i++) {
      const mineAttempts = attempts.filter((a) => a.voter === i);
      const ok = mineAttempts.filter((a) => a.r.ok);
      if (ok.length !== 1) problems.push(`voter ${i}: ${ok.length} receipts`);
      const isGrantor = i in proxyOf;
      for (const a of mineAttempts) {
        if (a.r.ok) {
          if (isGrantor && a.by === i) problems.push(`grantor ${i} voted themself`);
          continue;
        }
        const expected = isGrantor && a.by === i ? msg("poll.proxyGiven") : msg("poll.alreadyVoted");
        if (a.r.error.message !== expected || a.r.error.data.code !== "BAD_REQUEST")
          problems.push(`voter ${i} by ${a.by}: ${a.r.error.data.code} ${a.r.error.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("ballots = receipts given = participation rows; proxies recorded as such", async () => {
    const receipts = attempts.filter((a) => a.r.ok).map((a) => (a.r as { data: { receipt: string } }).data.receipt);
    expect(new Set(receipts).size).toBe(N);
    expect(await ballotCount(pollId)).toBe(N);
    expect(await participationCount(pollId)).toBe(N);
    expect((await ballotsOf(pollId)).map((b) => b.receipt)).toEqual([...receipts].sort());
    const rows = await participationOf(pollId);
    for (const [grantor, holder] of Object.entries(proxyOf)) {
      const row = rows.find((r) => r.resident_id === people[Number(grantor)].id)!;
      expect(row).toMatchObject({ via: "proxy", cast_by: people[holder].id, receipt: null });
    }
    expect(rows.filter((r) => r.via === "self").every((r) => r.cast_by === r.resident_id)).toBe(true);
    expect(rows.filter((r) => r.via === "self").length).toBe(N - Object.keys(proxyOf).length);
  });

  it("after closing, the tally counts every participant and the published ballots recount to it", async () => {
    closedPoll = await closed(c.slug, pollId);
    const t = closedPoll.tally!;
    expect(t.cast).toBe(N);
    expect(t.cast).toBe(await participationCount(pollId));
    expect(t.eligible).toBe(N);
    expect(closedPoll.eligibleCount).toBe(N);
    expect(closedPoll.ballots.length).toBe(N);
    expect(closedPoll.ballots.every((b) => b.voter === null)).toBe(true);
    // Each receipt shows the choice of the attempt that got it: no ballot lost or swapped.
    const byReceipt = new Map(closedPoll.ballots.map((b) => [b.receipt, b.choice]));
    for (const a of attempts.filter((x) => x.r.ok))
      expect(byReceipt.get((a.r as { data: { receipt: string } }).data.receipt)).toBe(a.choice);
    expect(recount(closedPoll.ballots)).toEqual(tallyCounts(t));
    const yes = t.options.find((o) => o.id === "yes")!.count;
    expect(t.passed).toBe(yes >= Math.floor(N / 2) + 1);
    // Anyone can check the hash over the published ballots, in receipt order.
    const lines = [...closedPoll.ballots]
      .sort((a, b) => (a.receipt < b.receipt ? -1 : 1))
      .map((b) => `${b.receipt},${b.choice}`)
      .join("\n");
    expect(t.ballotsHash).toBe(await sha256Hex(lines));
  });

  it("the result is in the transparency chain: one poll.result entry whose hash is the result hash", async () => {
    const row = (await pollRow(pollId))!;
    expect(row.result_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(closedPoll.resultHash).toBe(row.result_hash);
    const entries = (
      await env.DB.prepare("SELECT kind, content_hash FROM transparency_log WHERE record_id = ?")
        .bind(pollId)
        .all<{ kind: string; content_hash: string }>()
    ).results;
    expect(entries).toEqual([{ kind: "poll.result", content_hash: row.result_hash }]);
    // The hash is recomputable from what is public.
    expect(
      await contentHash({ pollId, title: closedPoll.title, closedAt: closedPoll.closedAt, result: closedPoll.tally }),
    ).toBe(closedPoll.resultHash);
    const chain = await openChain(c.slug);
    expect(await verifyChain(chain)).toMatchObject({ ok: true });
    expect(chain.filter((e) => e.recordId === pollId).map((e) => [e.kind, e.contentHash])).toEqual([
      ["poll.result", closedPoll.resultHash],
    ]);
  });

  it("concurrent changes of open ballots (where allowed) still leave one ballot per voter", async () => {
    const { id } = await openPoll(c.staff, c.id, { secret: false, allowChange: true });
    const ten = people.slice(20, 30);
    const results = await Promise.all(
      ten.flatMap((v, i) => [0, 1, 2].map((k) => cast(v.client, id, { options: [CHOICES[(i + k) % 3]] }))),
    );
    expect(results.filter((r) => r.ok).length).toBeGreaterThanOrEqual(10);
    for (const r of results)
      if (!r.ok)
        expect([msg("poll.alreadyVoted"), msg("poll.receiptUnknown")], r.error.message).toContain(r.error.message);
    expect(await ballotCount(id)).toBe(10);
    const rows = await participationOf(id);
    expect(rows.length).toBe(10);
    const receipts = (await ballotsOf(id)).map((b) => b.receipt);
    expect(rows.map((r) => r.receipt).sort()).toEqual(receipts);
  });
});

describe("secret ballots", () => {
  let c: Awaited<ReturnType<typeof emptyCommunity>>;
  let people: Voter[];
  let pollId: string;
  const castOrder: string[] = [];

  beforeAll(async () => {
    c = await emptyCommunity();
    people = await voters(c.id, 24);
    ({ id: pollId } = await openPoll(c.staff, c.id, { secret: true, hideResults: true }));
    for (const [i, v] of people.entries())
      castOrder.push(expectOk(await cast(v.client, pollId, { options: [i % 3 === 0 ? "no" : "yes"] })).receipt);
  });

  it("poll_ballots holds exactly receipt, poll and choice: no voter, no time", async () => {
    const cols = (await env.DB.prepare("PRAGMA table_info(poll_ballots)").all<{ name: string }>()).results;
    expect(cols.map((x) => x.name).sort()).toEqual(["choice", "poll_id", "receipt"]);
  });

  it("poll_participation records that someone voted, never which ballot", async () => {
    const rows = await participationOf(pollId);
    expect(rows.length).toBe(24);
    expect(rows.every((r) => r.receipt === null)).toBe(true);
    const dump = JSON.stringify(
      (await env.DB.prepare("SELECT * FROM poll_participation WHERE poll_id = ?").bind(pollId).all()).results,
    );
    for (const receipt of castOrder) expect(dump).not.toContain(receipt);
    // Nor does the audit log hold a receipt.
    const audit = JSON.stringify(
      (await env.DB.prepare("SELECT * FROM audit_log WHERE entity_id = ?").bind(pollId).all()).results,
    );
    for (const receipt of castOrder) expect(audit).not.toContain(receipt);
    // The voter's own list does not keep it either.
    expect((await mine(people[0].client)).find((p) => p.id === pollId)).toMatchObject({ voted: true, receipt: null });
  });

  it("poll_ballots has no rowid (WITHOUT ROWID)", async () => {
    await expect(env.DB.prepare("SELECT rowid FROM poll_ballots").all()).rejects.toThrow(/rowid/);
  });

  it("the stored order is receipt order, not casting order", async () => {
    const stored = (
      await env.DB.prepare("SELECT receipt FROM poll_ballots WHERE poll_id = ?").bind(pollId).all<{ receipt: string }>()
    ).results.map((r) => r.receipt);
    const sorted = [...castOrder].sort();
    expect(stored).toEqual(sorted);
    expect(castOrder).not.toEqual(sorted);
    // The whole table reads back in key order (by receipt, or by poll then receipt through the index).
    const all = (
      await env.DB.prepare("SELECT poll_id, receipt FROM poll_ballots").all<{ poll_id: string; receipt: string }>()
    ).results;
    const byReceipt = [...all].sort((a, b) => (a.receipt < b.receipt ? -1 : 1));
    const byPoll = [...all].sort((a, b) =>
      a.poll_id !== b.poll_id ? (a.poll_id < b.poll_id ? -1 : 1) : a.receipt < b.receipt ? -1 : 1,
    );
    expect([byReceipt, byPoll]).toContainEqual(all);
  });

  it("hidden results: only the number who voted shows while open", async () => {
    const p = await publicPoll(c.slug, pollId);
    expect(p).toMatchObject({ status: "open", cast: 24, tally: null, ballots: [] });
    const r = expectOk(
      await anon.query<{ found: boolean }>("polls.receipt", {
        street: STREET,
        community: c.slug,
        id: pollId,
        receipt: castOrder[0],
      }),
    );
    expect(r.found).toBe(true);
  });

  it("after closing every ballot is published by receipt, without voters; each voter finds theirs", async () => {
    const p = await closed(c.slug, pollId);
    expect(p.ballots.map((b) => b.receipt)).toEqual([...castOrder].sort());
    expect(p.ballots.every((b) => b.voter === null)).toBe(true);
    expect(p.tally).toMatchObject({ cast: 24 });
    expect(recount(p.ballots)).toEqual({ yes: 16, no: 8 });
    expect(tallyCounts(p.tally!)).toEqual({ yes: 16, no: 8 });
    const typed = castOrder[5].toLowerCase().replace(/-/g, " ");
    const found = expectOk(
      await anon.query<{ receipt: string; found: boolean; choice: string; counted: boolean }>("polls.receipt", {
        street: STREET,
        community: c.slug,
        id: pollId,
        receipt: typed,
      }),
    );
    expect(found).toEqual({ receipt: castOrder[5], found: true, choice: "yes", counted: true });
    const missing = expectOk(
      await anon.query<{ found: boolean }>("polls.receipt", {
        street: STREET,
        community: c.slug,
        id: pollId,
        receipt: "0000-0000-0000",
      }),
    );
    expect(missing.found).toBe(false);
  });
});

describe("open (记名) ballots", () => {
  it("publish masked voter names, never full names", async () => {
    const others = await voters(hehua, 2);
    const { id } = await openPoll(staff, hehua, { secret: false });
    const own = expectOk(await cast(resident, id, { options: ["yes"] }));
    for (const v of others) expectOk(await cast(v.client, id, { options: ["no"] }));
    // An open ballot's receipt is kept with the voter.
    expect((await mine(resident)).find((p) => p.id === id)).toMatchObject({ voted: true, receipt: own.receipt });
    const p = await closed("hehua", id);
    expect(p.ballots.length).toBe(3);
    expect(p.ballots.find((b) => b.receipt === own.receipt)).toEqual({
      receipt: own.receipt,
      choice: "yes",
      voter: "张*丰",
    });
    const masked = (name: string) => {
      const chars = Array.from(name);
      return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
    };
    expect(p.ballots.map((b) => b.voter).sort()).toEqual(["张*丰", ...others.map((v) => masked(v.name))].sort());
    const raw = JSON.stringify(p);
    expect(raw).not.toContain("张三丰");
    for (const v of others) {
      expect(raw).not.toContain(v.name);
      expect(raw).not.toContain(v.id);
    }
    expect(raw).not.toContain(selfId);
  });
});

describe("changing a ballot", () => {
  it("an open poll that allows change: the second cast replaces the first", async () => {
    const { id } = await openPoll(staff, hehua, { secret: false, allowChange: true });
    const first = expectOk(await cast(resident, id, { options: ["yes"] }));
    expect(first.changed).toBe(false);
    const second = expectOk(await cast(resident, id, { options: ["no"] }));
    expect(second.changed).toBe(true);
    expect(second.receipt).not.toBe(first.receipt);
    expect(await ballotsOf(id)).toEqual([{ receipt: second.receipt, choice: "no" }]);
    expect(await participationOf(id)).toEqual([
      { resident_id: selfId, cast_by: selfId, via: "self", receipt: second.receipt },
    ]);
    const old = expectOk(
      await anon.query<{ found: boolean }>("polls.receipt", {
        street: STREET,
        community: "hehua",
        id,
        receipt: first.receipt,
      }),
    );
    expect(old.found).toBe(false);
  });

  it("a secret poll that allows change needs the old receipt; a wrong one is refused; the old ballot goes", async () => {
    const { id } = await openPoll(staff, hehua, { secret: true, allowChange: true });
    const first = expectOk(await cast(resident, id, { options: ["yes"] }));
    expectRefusal(await cast(resident, id, { options: ["no"] }), "poll.receiptNeeded", "replaceReceipt");
    expectRefusal(
      await cast(resident, id, { options: ["no"], replaceReceipt: "ABCD-EFGH-JKMN" }),
      "poll.receiptUnknown",
      "replaceReceipt",
    );
    expect(await ballotsOf(id)).toEqual([{ receipt: first.receipt, choice: "yes" }]);
    // Typed back as a person would: lower case, spaces for dashes.
    const typed = first.receipt.toLowerCase().replace(/-/g, " ");
    const second = expectOk(await cast(resident, id, { options: ["no"], replaceReceipt: typed }));
    expect(second.changed).toBe(true);
    expect(await ballotsOf(id)).toEqual([{ receipt: second.receipt, choice: "no" }]);
    expect(await ballotCount(id)).toBe(1);
    expect(await participationOf(id)).toEqual([{ resident_id: selfId, cast_by: selfId, via: "self", receipt: null }]);
    // The replaced receipt cannot be used again.
    expectRefusal(
      await cast(resident, id, { options: ["abstain"], replaceReceipt: first.receipt }),
      "poll.receiptUnknown",
      "replaceReceipt",
    );
    expect(await ballotsOf(id)).toEqual([{ receipt: second.receipt, choice: "no" }]);
  });

  it.each([true, false])("a poll that does not allow change refuses a second ballot (secret: %s)", async (secret) => {
    const { id } = await openPoll(staff, hehua, { secret, allowChange: false });
    const first = expectOk(await cast(resident, id, { options: ["yes"] }));
    expectRefusal(await cast(resident, id, { options: ["no"] }), "poll.alreadyVoted");
    expectRefusal(await cast(resident, id, { options: ["no"], replaceReceipt: first.receipt }), "poll.alreadyVoted");
    expect(await ballotsOf(id)).toEqual([{ receipt: first.receipt, choice: "yes" }]);
  });

  it("an approval ballot may approve nothing, and still counts as cast", async () => {
    const { id } = await openPoll(staff, hehua, {
      ballotType: "approval",
      options: [{ label: "甲" }, { label: "乙" }],
      secret: false,
    });
    expect(expectOk(await cast(resident, id, { options: [] })).changed).toBe(false);
    expect((await ballotsOf(id)).map((b) => b.choice)).toEqual([""]);
    const p = await closed("hehua", id);
    expect(p.tally).toMatchObject({ cast: 1, votesNeeded: 1 });
    expect(p.tally!.options.map((o) => [o.id, o.count, o.passed])).toEqual([
      ["o1", 0, false],
      ["o2", 0, false],
    ]);
  });

  it("a ballot that does not fit the poll is refused by field and stores nothing", async () => {
    const { id } = await openPoll(staff, hehua, {
      ballotType: "multiple",
      options: [{ label: "甲" }, { label: "乙" }, { label: "丙" }],
      minChoices: 2,
      maxChoices: 2,
    });
    const e = expectRefusal(await cast(resident, id, { options: ["o1"] }), "poll.choiceCount", "options", {
      min: 2,
      max: 2,
    });
    expect(e.message).toBe("选项：须选择 2 至 2 项");
    expectRefusal(await cast(resident, id, { options: ["o1", "o4"] }), "poll.unknownOption", "options");
    expectRefusal(await cast(resident, id, { options: ["o1", "o1"] }), "poll.duplicateChoice", "options");
    expect(await ballotCount(id)).toBe(0);
    expect(await participationCount(id)).toBe(0);
    expect(expectOk(await cast(resident, id, { options: ["o3", "o1"] })).changed).toBe(false);
    expect((await ballotsOf(id))[0].choice).toBe("o1,o3");
  });
});

describe("proxies (U19)", () => {
  let c: Awaited<ReturnType<typeof emptyCommunity>>;
  let v: Voter[];
  let pollId: string;
  const record = (grantor: number, holder: number) =>
    c.staff.mutate("polls.recordProxy", { pollId, grantorId: v[grantor].id, holderId: v[holder].id });

  beforeAll(async () => {
    c = await emptyCommunity();
    v = await voters(c.id, 14);
    ({ id: pollId } = await openPoll(c.staff, c.id, { secret: false }));
  });

  it("a holder takes at most three; the fourth is refused naming the holder", async () => {
    for (const g of [1, 2, 3]) expectOk(await record(g, 0));
    const before = await count("SELECT count(*) AS n FROM poll_proxies WHERE poll_id = ?", pollId);
    const e = expectRefusal(await record(4, 0), "poll.proxyLimit", "holderId");
    expect(e.message).toContain("3");
    expect(await count("SELECT count(*) AS n FROM poll_proxies WHERE poll_id = ?", pollId)).toBe(before);
    const held = (await mine(v[0].client)).find((p) => p.id === pollId)!;
    expect(held.proxies.map((p) => p.grantorId).sort()).toEqual([v[1].id, v[2].id, v[3].id].sort());
    expect((await mine(v[1].client)).find((p) => p.id === pollId)!.gaveProxyTo).toBe(v[0].name);
  });

  it("two desks recording at once cannot exceed three for one holder", async () => {
    const results = await Promise.all([5, 6, 7, 8, 9].map((g) => record(g, 13)));
    expect(results.filter((r) => r.ok).length).toBe(3);
    for (const r of results.filter((x) => !x.ok)) expectRefusal(r, "poll.proxyLimit", "holderId");
    expect(
      await count("SELECT count(*) AS n FROM poll_proxies WHERE poll_id = ? AND holder_id = ?", pollId, v[13].id),
    ).toBe(3);
  });

  it("refuses a chain, a second proxy, a proxy to oneself and one from off the roll", async () => {
    // v1 gave a proxy, so cannot take one.
    expectRefusal(await record(10, 1), "poll.proxyChain", "holderId");
    expectRefusal(await record(1, 11), "poll.proxyExists", "grantorId");
    expectRefusal(await record(11, 11), "poll.proxySelf", "holderId");
    const outsider = (await voters(c.id, 1))[0]; // registered after the opening
    const off = await c.staff.mutate("polls.recordProxy", { pollId, grantorId: outsider.id, holderId: v[11].id });
    expectRefusal(off, "poll.proxyNotOnRoll", "grantorId");
  });

  it("a grantor who gave a proxy cannot vote themself; the holder votes for them", async () => {
    expectRefusal(await cast(v[1].client, pollId, { options: ["yes"] }), "poll.proxyGiven");
    expectRefusal(
      await cast(v[11].client, pollId, { options: ["yes"], onBehalfOf: v[1].id }),
      "poll.noProxy",
      "onBehalfOf",
    );
    expectOk(await cast(v[0].client, pollId, { options: ["no"], onBehalfOf: v[1].id }));
    expectOk(await cast(v[0].client, pollId, { options: ["yes"] }));
    const rows = await participationOf(pollId);
    expect(rows.find((r) => r.resident_id === v[1].id)).toMatchObject({ via: "proxy", cast_by: v[0].id });
    expect(rows.find((r) => r.resident_id === v[0].id)).toMatchObject({ via: "self", cast_by: v[0].id });
    expectRefusal(await cast(v[0].client, pollId, { options: ["yes"], onBehalfOf: v[1].id }), "poll.alreadyVoted");
    const held = (await mine(v[0].client)).find((p) => p.id === pollId)!;
    expect(held.proxies.find((p) => p.grantorId === v[1].id)!.voted).toBe(true);
    expect((await mine(v[1].client)).find((p) => p.id === pollId)).toMatchObject({ voted: true, votedVia: "proxy" });
  });

  it("a grantor who already voted cannot give a proxy", async () => {
    expectOk(await cast(v[12].client, pollId, { options: ["yes"] }));
    expectRefusal(await record(12, 11), "poll.proxyUsed", "grantorId");
  });

  it("an unused proxy can be revoked (and the grantor then votes); a used one cannot", async () => {
    expectOk(await c.staff.mutate("polls.revokeProxy", { pollId, grantorId: v[2].id }));
    expectOk(await cast(v[2].client, pollId, { options: ["abstain"] }));
    expectRefusal(
      await c.staff.mutate("polls.revokeProxy", { pollId, grantorId: v[1].id }),
      "poll.proxyUsed",
      "grantorId",
    );
    const m = expectOk(
      await c.staff.query<{ proxies: { grantorId: string; used: boolean }[] }>("polls.manage", { id: pollId }),
    );
    expect(m.proxies.find((p) => p.grantorId === v[1].id)!.used).toBe(true);
    expect(m.proxies.map((p) => p.grantorId)).not.toContain(v[2].id);
    // With one of three revoked, the holder may take another.
    expectOk(await record(4, 0));
  });

  it("a refused proxy writes nothing, not even an audit entry", async () => {
    const before = [await countAudit(), await count("SELECT count(*) AS n FROM poll_proxies")];
    // v0 holds three again (v1, v3, v4): a fourth (from v10, who has given none) is refused by the limit.
    expectRefusal(await record(10, 0), "poll.proxyLimit", "holderId");
    // v1's proxy was used: revoking it is refused by the guard inside the delete.
    expectRefusal(
      await c.staff.mutate("polls.revokeProxy", { pollId, grantorId: v[1].id }),
      "poll.proxyUsed",
      "grantorId",
    );
    expect([await countAudit(), await count("SELECT count(*) AS n FROM poll_proxies")]).toEqual(before);
  });

  it("the audit log holds one entry per proxy recorded or revoked", async () => {
    const rows = (
      await env.DB.prepare("SELECT action FROM audit_log WHERE entity_id = ? ORDER BY at")
        .bind(pollId)
        .all<{ action: string }>()
    ).results.map((r) => r.action);
    // Recorded: v1, v2, v3 → v0; three of five → v13; v4 → v0 after a revocation. Revoked: v2.
    expect(rows.filter((a) => a === "poll.recordProxy").length).toBe(3 + 3 + 1);
    expect(rows.filter((a) => a === "poll.revokeProxy").length).toBe(1);
  });
});

describe("pass rules at their edges", () => {
  let c: Awaited<ReturnType<typeof emptyCommunity>>;
  let reps: Voter[];
  let plain: Voter[];

  beforeAll(async () => {
    c = await emptyCommunity();
    reps = await voters(c.id, 7, { isRepresentative: true });
    plain = await voters(c.id, 3);
  });

  /** A representatives-only poll; `ballots` cast by the first representatives in order. */
  async function decided(fields: Parameters<typeof createPoll>[2], ballots: string[]): Promise<Tally> {
    const { id, eligibleCount } = await openPoll(c.staff, c.id, { eligibility: "representatives", ...fields });
    expect(eligibleCount).toBe(7);
    for (const r of await Promise.all(ballots.map((choice, i) => cast(reps[i].client, id, { options: [choice] }))))
      expectOk(r);
    return (await closed(c.slug, id)).tally!;
  }

  it("a non-representative is not on the roll", async () => {
    const { id } = await openPoll(c.staff, c.id, { eligibility: "representatives" });
    expect((await rollOf(id)).sort()).toEqual(reps.map((r) => r.id).sort());
    expectRefusal(await cast(plain[0].client, id, { options: ["yes"] }), "poll.ineligible.notRepresentative");
  });

  it("majority of the 7 eligible: 4 yes passes, 3 yes fails", async () => {
    const pass = await decided({ passRule: "majority_eligible" }, ["yes", "yes", "yes", "yes"]);
    expect(pass).toMatchObject({ eligible: 7, cast: 4, votesNeeded: 4, passed: true });
    const fail = await decided({ passRule: "majority_eligible" }, ["yes", "yes", "yes", "no"]);
    expect(fail).toMatchObject({ eligible: 7, cast: 4, votesNeeded: 4, passed: false });
  });

  it("majority of votes cast: abstentions count; 3 of 5 passes, 2 yes + 2 abstain + 1 no fails", async () => {
    const pass = await decided({ passRule: "majority_cast" }, ["yes", "yes", "yes", "no", "abstain"]);
    expect(pass).toMatchObject({ cast: 5, votesNeeded: 3, passed: true });
    const fail = await decided({ passRule: "majority_cast" }, ["yes", "yes", "abstain", "abstain", "no"]);
    expect(fail).toMatchObject({ cast: 5, votesNeeded: 3, passed: false });
  });

  it("two thirds of votes cast: 4 of 6 passes, 3 of 6 fails", async () => {
    const pass = await decided({ passRule: "two_thirds_cast" }, ["yes", "yes", "yes", "yes", "no", "no"]);
    expect(pass).toMatchObject({ cast: 6, votesNeeded: 4, passed: true });
    const fail = await decided({ passRule: "two_thirds_cast" }, ["yes", "yes", "yes", "no", "no", "abstain"]);
    expect(fail).toMatchObject({ cast: 6, votesNeeded: 4, passed: false });
  });

  it("turnout of 50% of 7 needs 4 ballots: 3 unanimous yes do not pass, 4 do", async () => {
    const short = await decided({ turnoutPct: 50 }, ["yes", "yes", "yes"]);
    expect(short).toMatchObject({ cast: 3, turnoutNeeded: 4, turnoutMet: false, passed: false });
    const met = await decided({ turnoutPct: 50 }, ["yes", "yes", "yes", "yes"]);
    expect(met).toMatchObject({ cast: 4, turnoutNeeded: 4, turnoutMet: true, passed: true });
  });

  it("single choice: the unique leader with a majority wins; a tie passes nothing", async () => {
    const options = [{ label: "方案一" }, { label: "方案二" }, { label: "方案三" }];
    const won = await decided({ ballotType: "single", options }, ["o2", "o2", "o2", "o1", "o3"]);
    expect(won).toMatchObject({ cast: 5, votesNeeded: 3, passed: true, winner: "o2" });
    const tie = await decided({ ballotType: "single", options }, ["o1", "o1", "o2", "o2"]);
    expect(tie).toMatchObject({ passed: false, winner: null });
  });

  it("a consultation is counted and decides nothing", async () => {
    const t = await decided({ kind: "consultation" }, ["yes", "yes", "yes", "yes", "yes"]);
    expect(t).toMatchObject({ cast: 5, passed: null });
    expect(t.options.find((o) => o.id === "yes")!.count).toBe(5);
  });

  it("the public list and the street office show the outcome", async () => {
    const { id } = await openPoll(c.staff, c.id, { eligibility: "representatives", passRule: "majority_eligible" });
    for (const r of reps.slice(0, 4)) expectOk(await cast(r.client, id, { options: ["yes"] }));
    await expire(id);
    const list = expectOk(
      await anon.query<{ id: string; status: string; passed: boolean | null; cast: number }[]>("polls.list", {
        street: STREET,
        community: c.slug,
      }),
    );
    expect(list.find((p) => p.id === id)).toMatchObject({ status: "closed", passed: true, cast: 4, eligibleCount: 7 });
    const street = expectOk(
      await viewer.query<{ polls: { id: string; passed: boolean | null; communitySlug: string }[] }>("polls.street"),
    );
    expect(street.polls.find((p) => p.id === id)).toMatchObject({ passed: true, communitySlug: c.slug });
  });
});

describe("closing", () => {
  it("cannot be closed by staff before its closing time", async () => {
    const { id } = await openPoll(staff, hehua);
    expectRefusal(await admin.mutate("polls.close", { id }), "poll.stillOpen");
    expect((await pollRow(id))!.status).toBe("open");
  });

  it("any read after the closing time closes it; casting afterwards is refused and adds nothing", async () => {
    const { id } = await openPoll(staff, hehua);
    expectOk(await cast(resident, id, { options: ["yes"] }));
    const late = (await voters(hehua, 1))[0]; // registered after the opening: not on this roll
    expect(await rollOf(id)).not.toContain(late.id);
    await expire(id);
    const m = expectOk(await staff.query<{ status: string; cast: number }>("polls.manage", { id }));
    expect(m).toMatchObject({ status: "closed", cast: 1 });
    const row = (await pollRow(id))!;
    expect(row.closed_at).toBe(row.closes_at);
    expect(row.result_hash).toMatch(/^[0-9a-f]{64}$/);
    for (const c of [resident, late.client]) expectRefusal(await cast(c, id, { options: ["no"] }), "poll.notOpen");
    expect(await ballotCount(id)).toBe(1);
    expect(await participationCount(id)).toBe(1);
    // Closing it again changes nothing and returns the fixed result.
    const again = expectOk(await admin.mutate<{ status: string; result: Tally }>("polls.close", { id }));
    expect(again.status).toBe("closed");
    expect(again.result.cast).toBe(1);
    expect((await pollRow(id))!.result_hash).toBe(row.result_hash);
    expectRefusal(await admin.mutate("polls.cancel", { id, reason: "已经截止了" }), "poll.notCancellable");
  });

  it("readers arriving together at the close append exactly one result to the chain", async () => {
    const { id } = await openPoll(staff, hehua);
    expectOk(await cast(resident, id, { options: ["yes"] }));
    await expire(id);
    const reads = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? anon.query("polls.get", { street: STREET, community: "hehua", id })
          : staff.query("polls.manage", { id }),
      ),
    );
    expect(reads.map((r) => (r.ok ? "ok" : r.error.message))).toEqual(Array(10).fill("ok"));
    const logged = await count(
      "SELECT count(*) AS n FROM transparency_log WHERE record_id = ? AND kind = 'poll.result'",
      id,
    );
    expect(logged).toBe(1);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE entity_id = ? AND action = 'poll.close'", id)).toBe(
      1,
    );
  });

  it("finishing a close is idempotent: a reader holding a stale view of the closed poll appends nothing", async () => {
    const { id } = await openPoll(staff, hehua);
    expectOk(await cast(resident, id, { options: ["no"] }));
    // As if the closer had claimed the poll and not yet stored the result, and two readers loaded
    // it in that moment: both see it closed without a result (the state `current` repairs).
    const at = Date.now() - 1_000;
    await env.DB.prepare("UPDATE polls SET status = 'closed', closes_at = ?, closed_at = ? WHERE id = ?")
      .bind(at, at, id)
      .run();
    const db = dbFor(env as never, null);
    const stale = (await db.select().from(polls).where(eq(polls.id, id)))[0];
    expect(stale).toMatchObject({ status: "closed", resultHash: null });
    const first = await current(db, stale);
    const second = await current(db, stale);
    expect(second.resultHash).toBe(first.resultHash);
    const entries = (
      await env.DB.prepare("SELECT content_hash FROM transparency_log WHERE record_id = ? AND kind = 'poll.result'")
        .bind(id)
        .all<{ content_hash: string }>()
    ).results;
    expect(entries).toEqual([{ content_hash: first.resultHash }]);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE entity_id = ? AND action = 'poll.close'", id)).toBe(
      1,
    );
  });

  it("a cancelled poll takes no more ballots", async () => {
    const { id } = await openPoll(staff, hehua);
    expectOk(await admin.mutate("polls.cancel", { id, reason: "议题已由居民会议决定" }));
    expectRefusal(await cast(resident, id, { options: ["yes"] }), "poll.notOpen");
    expect(await ballotCount(id)).toBe(0);
    expect(await publicPoll("hehua", id)).toMatchObject({ status: "cancelled", cancelReason: "议题已由居民会议决定" });
  });
});

describe("democratic review (U37/V38)", () => {
  let c: Awaited<ReturnType<typeof emptyCommunity>>;
  let v: Voter[];
  const chair = uniqueName("甲");
  const member = uniqueName("乙");
  const third = uniqueName("丙");

  type Outcome = {
    pollId: string;
    year: number;
    memberName: string;
    post: string;
    competent: number;
    basic: number;
    incompetent: number;
    ballotsCast: number;
    incompetentMajority: boolean;
    endsPost: boolean;
  };

  async function review(year: number, members: { label: string; post: string }[], ballots: Record<string, string>[]) {
    const { id } = await openPoll(c.staff, c.id, { ballotType: "review", options: members, reviewYear: year });
    for (const r of await Promise.all(ballots.map((ratings, i) => cast(v[i].client, id, { ratings })))) expectOk(r);
    return closed(c.slug, id);
  }

  beforeAll(async () => {
    c = await emptyCommunity();
    v = await voters(c.id, 3);
  });

  it("a review ballot must rate every member", async () => {
    const { id } = await openPoll(c.staff, c.id, {
      ballotType: "review",
      options: [{ label: uniqueName("评") }, { label: uniqueName("评") }],
      reviewYear: 2040,
    });
    expectRefusal(await cast(v[0].client, id, { ratings: { m1: "competent" } }), "poll.rateEveryMember", "ratings");
    expectRefusal(await cast(v[0].client, id, { options: ["m1", "m2"] }), "poll.rateEveryMember", "ratings");
    expect(await ballotCount(id)).toBe(0);
  });

  it("two consecutive years rated 不称职 by the majority end the post; one year does not", async () => {
    const first = await review(
      2031,
      [
        { label: chair, post: "主任" },
        { label: member, post: "委员" },
      ],
      [
        { m1: "incompetent", m2: "competent" },
        { m1: "incompetent", m2: "basic" },
        { m1: "competent", m2: "competent" },
      ],
    );
    expect(first.tally!.members.map((m) => [m.label, m.incompetent, m.incompetentMajority])).toEqual([
      [chair, 2, true],
      [member, 0, false],
    ]);
    const second = await review(
      2032,
      [
        { label: chair, post: "主任" },
        { label: member, post: "委员" },
        { label: third, post: "委员" },
      ],
      [
        { m1: "incompetent", m2: "incompetent", m3: "incompetent" },
        { m1: "incompetent", m2: "incompetent", m3: "basic" },
        { m1: "basic", m2: "competent", m3: "competent" },
      ],
    );
    expect(recount(second.ballots)).toEqual({
      "m1=incompetent": 2,
      "m1=basic": 1,
      "m2=incompetent": 2,
      "m2=competent": 1,
      "m3=incompetent": 1,
      "m3=basic": 1,
      "m3=competent": 1,
    });

    const outcomes = expectOk(await anon.query<Outcome[]>("polls.reviews", { street: STREET, community: c.slug }));
    const of = (name: string, year: number) => outcomes.find((o) => o.memberName === name && o.year === year);
    expect(of(chair, 2031)).toMatchObject({
      incompetent: 2,
      ballotsCast: 3,
      incompetentMajority: true,
      endsPost: false,
    });
    expect(of(chair, 2032)).toMatchObject({
      post: "主任",
      incompetent: 2,
      ballotsCast: 3,
      incompetentMajority: true,
      endsPost: true,
    });
    expect(of(member, 2031)).toMatchObject({ incompetentMajority: false, endsPost: false });
    expect(of(member, 2032)).toMatchObject({ incompetentMajority: true, endsPost: false });
    expect(of(third, 2032)).toMatchObject({
      incompetent: 1,
      basic: 1,
      competent: 1,
      incompetentMajority: false,
      endsPost: false,
    });
    expect(outcomes.length).toBe(5);

    const street = expectOk(
      await viewer.query<{
        reviewFlags: { communityName: string; year: number; memberName: string; endsPost: boolean }[];
      }>("polls.street"),
    );
    const flags = street.reviewFlags.filter((f) => [chair, member, third].includes(f.memberName));
    expect(flags.map((f) => [f.memberName, f.year, Boolean(f.endsPost)]).sort()).toEqual(
      [
        [chair, 2031, false],
        [chair, 2032, true],
        [member, 2032, false],
      ].sort(),
    );
  });

  it("a gap year breaks the run", async () => {
    const name = uniqueName("丁");
    await review(2034, [{ label: name, post: "委员" }], [{ m1: "incompetent" }, { m1: "incompetent" }]);
    await review(2036, [{ label: name, post: "委员" }], [{ m1: "incompetent" }, { m1: "incompetent" }]);
    const outcomes = expectOk(await anon.query<Outcome[]>("polls.reviews", { street: STREET, community: c.slug }));
    const mineRows = outcomes.filter((o) => o.memberName === name);
    expect(mineRows.map((o) => [o.year, o.incompetentMajority, o.endsPost]).sort()).toEqual([
      [2034, true, false],
      [2036, true, false],
    ]);
  });
});

describe("tenancy and roles", () => {
  let pollId: string;

  beforeAll(async () => {
    ({ id: pollId } = await openPoll(staff, hehua));
  });

  it("taoyuan's admin cannot manage or record proxies on a hehua poll (NOT_FOUND, nothing written)", async () => {
    const taoyuan = taoyuanAdmin;
    const before = [await countPolls(), await countAudit(), await count("SELECT count(*) AS n FROM poll_proxies")];
    const attempts: [string, "query" | "mutate", unknown][] = [
      ["polls.manage", "query", { id: pollId }],
      ["polls.searchRoll", "query", { pollId, q: "" }],
      ["polls.recordProxy", "mutate", { pollId, grantorId: selfId, holderId: selfId }],
      ["polls.revokeProxy", "mutate", { pollId, grantorId: selfId }],
      ["polls.close", "mutate", { id: pollId }],
      ["polls.cancel", "mutate", { id: pollId, reason: "越权取消" }],
      ["polls.publish", "mutate", { id: pollId }],
      ["polls.update", "mutate", { id: pollId, ...pollInput(hehua), communityId: undefined }],
      ["polls.staffList", "query", { communityId: hehua }],
      ["polls.create", "mutate", pollInput(hehua)],
    ];
    for (const [path, kind, input] of attempts) {
      const r = kind === "query" ? await taoyuan.query(path, input) : await taoyuan.mutate(path, input);
      expectError(r, "NOT_FOUND", `taoyuan ${path}`);
    }
    expect([await countPolls(), await countAudit(), await count("SELECT count(*) AS n FROM poll_proxies")]).toEqual(
      before,
    );
    expect((await pollRow(pollId))!.status).toBe("open");
    // Not even whether the poll exists.
    const real = await taoyuan.query("polls.manage", { id: pollId });
    const fake = await taoyuan.query("polls.manage", { id: "NO-SUCH-POLL" });
    expect(!real.ok && real.error.message).toBe(!fake.ok && fake.error.message);
  });

  it("a resident of another community cannot cast on a hehua poll", async () => {
    const taoyuan = taoyuanAdmin;
    const outsider = await newResident(taoyuan, "taoyuan", { name: uniqueName("桃") });
    const { client } = await activate(taoyuan, outsider.id, "Taoyuan2026pw", "taoyuan");
    const before = await ballotCount(pollId);
    expectError(await cast(client, pollId, { options: ["yes"] }), "NOT_FOUND", "foreign resident");
    expect(await ballotCount(pollId)).toBe(before);
    expect((await mine(client)).map((p) => p.id)).not.toContain(pollId);
  });

  it("the street viewer, the supervisor and residents cannot create polls; staff cannot cast", async () => {
    const before = await countPolls();
    for (const who of ["street-viewer", "supervisor", "resident"]) {
      const c = await Client.as(who);
      expectError(await c.mutate("polls.create", pollInput(hehua)), "FORBIDDEN", `${who} create`);
    }
    expect(await countPolls()).toBe(before);
    expect(expectOk(await viewer.query<{ status: string }>("polls.manage", { id: pollId })).status).toBe("open");
    expectError(
      await viewer.mutate("polls.recordProxy", { pollId, grantorId: selfId, holderId: selfId }),
      "FORBIDDEN",
      "viewer proxy",
    );
    expectError(await staff.mutate("polls.cast", { pollId, options: ["yes"] }), "FORBIDDEN", "staff cast");
    expectError(await resident.query("polls.street"), "FORBIDDEN", "resident street");
    expectError(await anon.mutate("polls.cast", { pollId, options: ["yes"] }), "UNAUTHORIZED", "anon cast");
  });
});

describe("open data", () => {
  const base = `/api/open/v1/${STREET}/hehua/polls`;

  it("lists polls with eligible count and tally, and every ballot as CSV that recounts to the result", async () => {
    const others = await voters(hehua, 3);
    const { id } = await openPoll(staff, hehua, { secret: true });
    const receipts = [expectOk(await cast(resident, id, { options: ["yes"] })).receipt];
    for (const v of others) receipts.push(expectOk(await cast(v.client, id, { options: ["no"] })).receipt);
    // Not closed yet: no ballots to download.
    const early = await anon.fetch(`${base}/${id}/ballots.csv`);
    expect(early.status).toBe(404);
    await early.arrayBuffer();
    await expire(id);

    const listRes = await anon.fetch(base);
    expect(listRes.status).toBe(200);
    const list = (await listRes.json()) as {
      items: { id: string; status: string; eligibleCount: number; tally: Tally }[];
    };
    const listed = list.items.find((p) => p.id === id)!;
    const row = (await pollRow(id))!;
    expect(listed).toMatchObject({ status: "closed", eligibleCount: row.eligible_count });
    expect(listed.tally).toMatchObject({ cast: 4, eligible: row.eligible_count });

    const one = (await (await anon.fetch(`${base}/${id}`)).json()) as {
      status: string;
      eligibleCount: number;
      tally: Tally;
      resultHash: string;
      ballotsCsv: string;
    };
    expect(one).toMatchObject({ status: "closed", eligibleCount: row.eligible_count, resultHash: row.result_hash });
    expect(tallyCounts(one.tally)).toEqual({ yes: 1, no: 3 });
    expect(one.ballotsCsv).toBe(`${base}/${id}/ballots.csv`);

    const csvRes = await anon.fetch(one.ballotsCsv);
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get("content-type")).toContain("text/csv");
    const lines = (await csvRes.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("receipt,choice,choice_label");
    const rows = lines.slice(1).map((l) => l.split(","));
    expect(rows.map((r) => r[0])).toEqual([...receipts].sort());
    expect(rows.map((r) => r[2]).sort()).toEqual(["反对", "反对", "反对", "赞成"]);
    // Anyone can recompute the ballots' hash from the CSV, and it is the one in the result.
    expect(await sha256Hex(rows.map((r) => `${r[0]},${r[1]}`).join("\n"))).toBe(one.tally.ballotsHash);
    expect(
      await contentHash({
        pollId: id,
        title: (await publicPoll("hehua", id)).title,
        closedAt: row.closed_at,
        result: one.tally,
      }),
    ).toBe(one.resultHash);
  });

  it("an open (记名) poll's CSV names voters masked only; drafts are not there", async () => {
    const { id } = await openPoll(staff, hehua, { secret: false });
    expectOk(await cast(resident, id, { options: ["abstain"] }));
    await expire(id);
    const csv = await (await anon.fetch(`${base}/${id}/ballots.csv`)).text();
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("receipt,voter,choice,choice_label");
    expect(lines.slice(1).map((l) => l.split(",").slice(1))).toEqual([["张*丰", "abstain", "弃权"]]);
    expect(csv).not.toContain("张三丰");

    const draft = await createPoll(staff, hehua);
    for (const path of [`${base}/${draft}`, `${base}/${draft}/ballots.csv`]) {
      const res = await anon.fetch(path);
      expect(res.status, path).toBe(404);
      await res.arrayBuffer();
    }
    const list = (await (await anon.fetch(base)).json()) as { items: { id: string }[] };
    expect(list.items.map((p) => p.id)).not.toContain(draft);
  });
});
