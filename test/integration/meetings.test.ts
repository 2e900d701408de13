import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../shared/i18n/errors";
import { verifyChain } from "../../shared/rules/transparency";
import { adultBornOnOrBefore } from "../../shared/rules/eligibility";
import { Client, tableCounts, type TrpcResult } from "./helpers";
import { communityId, DAY, expectOk, openChain, openNotice, recomputedHash, STREET, userId } from "./fixtures";
import { activate, auditOf, newHousehold, newResident, residentByName, uniqueName } from "./residents-fixtures";

/**
 * Meetings and the decisions registry through the API: announcements and their notice period,
 * the roll snapshotted at opening, check-in (self, staff, proxy), quorum and counts, minutes as
 * notices in the transparency chain, and decisions with their public progress.
 */

type Err = { message: string; fieldErrors?: Record<string, string> };

function expectError(r: TrpcResult<unknown>, code: string, label = ""): Err {
  expect(r.ok, `${label} should fail with ${code}`).toBe(false);
  if (r.ok) throw new Error("unreachable");
  expect(r.error.data.code, `${label}: ${r.error.message}`).toBe(code);
  return { message: r.error.message, fieldErrors: r.error.data.fieldErrors };
}

const ref = { street: STREET, community: "hehua" };
const anon = new Client();
let staff: Client;
let admin: Client;
let hehua: string;

beforeAll(async () => {
  staff = await Client.as("community-staff");
  admin = await Client.as("community-admin");
  hehua = await communityId("hehua");
});

type Item = { title: string; description?: string; proposedResolution?: string };
type MeetingInput = {
  kind: string;
  basis: string;
  title?: string;
  place?: string;
  startsAt?: number;
  urgentReason?: string;
  subkind?: string;
  ruleSet?: string;
  items?: Item[];
};

let titles = 0;
function meetingInput(fields: MeetingInput) {
  titles += 1;
  return {
    communityId: hehua,
    title: `第${titles}次会议 ${fields.kind}`,
    place: "社区活动中心二楼",
    startsAt: Date.now() + 2 * DAY,
    items: [{ title: "加装电梯意见征集", proposedResolution: "同意启动加装电梯工作" }],
    ...fields,
  };
}

async function createMeeting(fields: MeetingInput, by: Client = staff): Promise<string> {
  return expectOk(await by.mutate<{ id: string }>("meetings.create", meetingInput(fields))).id;
}

async function announcedMeeting(fields: MeetingInput): Promise<{ id: string; noticeId: string }> {
  const id = await createMeeting(fields);
  const { noticeId } = expectOk(await staff.mutate<{ noticeId: string }>("meetings.announce", { id }));
  return { id, noticeId };
}

async function openedMeeting(fields: MeetingInput): Promise<{ id: string; eligible: number; quorumNeeded: number }> {
  const { id } = await announcedMeeting(fields);
  const r = expectOk(await staff.mutate<{ eligible: number; quorumNeeded: number }>("meetings.open", { id }));
  return { id, ...r };
}

type MeetingRow = {
  status: string;
  eligible_count: number | null;
  quorum_needed: number | null;
  announcement_notice_id: string | null;
  minutes_md: string | null;
  minutes_notice_id: string | null;
  present_at_close: number | null;
};
const meetingRow = (id: string) => env.DB.prepare("SELECT * FROM meetings WHERE id = ?").bind(id).first<MeetingRow>();

type ItemRow = {
  id: string;
  seq: number;
  title: string;
  result: string | null;
  votes_for: number | null;
  present_at_vote: number | null;
};
async function itemsOf(meetingId: string): Promise<ItemRow[]> {
  return (
    await env.DB.prepare("SELECT * FROM meeting_items WHERE meeting_id = ? ORDER BY seq").bind(meetingId).all<ItemRow>()
  ).results;
}

async function rollOf(meetingId: string): Promise<string[]> {
  return (
    await env.DB.prepare("SELECT resident_id FROM meeting_roll WHERE meeting_id = ? ORDER BY resident_id")
      .bind(meetingId)
      .all<{ resident_id: string }>()
  ).results.map((r) => r.resident_id);
}

type Attendance = { resident_id: string; method: string; proxy_holder_id: string | null; recorded_by: string };
async function attendanceOf(meetingId: string): Promise<Attendance[]> {
  return (
    await env.DB.prepare("SELECT * FROM meeting_attendance WHERE meeting_id = ? ORDER BY at, resident_id")
      .bind(meetingId)
      .all<Attendance>()
  ).results;
}

/** Roll members not yet checked in. */
async function absentees(meetingId: string): Promise<string[]> {
  const present = new Set((await attendanceOf(meetingId)).map((a) => a.resident_id));
  return (await rollOf(meetingId)).filter((id) => !present.has(id));
}

async function count(sql: string, ...binds: unknown[]): Promise<number> {
  return (await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>())!.n;
}

const activeRepresentatives = () =>
  count(
    "SELECT count(*) AS n FROM residents WHERE community_id = ? AND status = 'active' AND is_representative = 1",
    hehua,
  );

async function checkIn(meetingId: string, residentId: string, by: Client = staff) {
  return expectOk(
    await by.mutate<{ present: number; eligible: number; quorumNeeded: number; quorumMet: boolean }>(
      "meetings.checkIn",
      { meetingId, residentId },
    ),
  );
}

/** The Asia/Shanghai calendar date of an instant, computed here rather than with the code under test. */
const beijingDate = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
const minusYears = (date: string, years: number) => `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

describe("create and announce", () => {
  it("creates a 居民代表会议 as a draft with its agenda, not shown to the public", async () => {
    const input = meetingInput({
      kind: "representatives_meeting",
      basis: "representatives",
      items: [{ title: "停车位划线方案" }, { title: "垃圾分类亭选址", proposedResolution: "设在3号楼北侧" }],
    });
    const { id } = expectOk(await staff.mutate<{ id: string }>("meetings.create", input));
    expect(await meetingRow(id)).toMatchObject({
      status: "draft",
      eligible_count: null,
      announcement_notice_id: null,
      rule_set: "urban-2025",
      kind: "representatives_meeting",
      basis: "representatives",
      title: input.title,
      created_by: await userId("community-staff"),
    });
    expect((await itemsOf(id)).map((i) => [i.seq, i.title, i.result])).toEqual([
      [1, "停车位划线方案", null],
      [2, "垃圾分类亭选址", null],
    ]);
    // The staff see it; the public does not.
    const mine = expectOk(
      await staff.query<{ id: string; status: string }[]>("meetings.staffList", { communityId: hehua }),
    );
    expect(mine.find((m) => m.id === id)?.status).toBe("draft");
    expectError(await anon.query("meetings.get", { ...ref, id }), "NOT_FOUND", "a draft in public");
    const list = expectOk(await anon.query<{ id: string }[]>("meetings.list", ref));
    expect(list.some((m) => m.id === id)).toBe(false);
  });

  it("refuses a kind that is not in the community's rule set, naming the field, and writes nothing", async () => {
    const before = await count("SELECT count(*) AS n FROM meetings");
    const audits = await count("SELECT count(*) AS n FROM audit_log");
    const e = expectError(
      await staff.mutate("meetings.create", meetingInput({ kind: "villagers_meeting", basis: "adults" })),
      "BAD_REQUEST",
      "村民会议 in an urban community",
    );
    expect(e.message).toBe(translate("meeting.kindNotInRuleSet", "zh"));
    expect(e.message).toMatch(/^类型：/);
    expect(Object.keys(e.fieldErrors ?? {})).toEqual(["kind"]);
    expect(await count("SELECT count(*) AS n FROM meetings")).toBe(before);
    expect(await count("SELECT count(*) AS n FROM audit_log")).toBe(audits);
  });

  it("refuses a basis the kind cannot be held on, naming the field", async () => {
    const before = await count("SELECT count(*) AS n FROM meetings");
    const e = expectError(
      await staff.mutate("meetings.create", meetingInput({ kind: "representatives_meeting", basis: "adults" })),
      "BAD_REQUEST",
      "a representatives' meeting on adults",
    );
    expect(e.message).toBe(translate("meeting.basisNotAllowed", "zh"));
    expect(e.message).toMatch(/^计算基数：/);
    expect(Object.keys(e.fieldErrors ?? {})).toEqual(["basis"]);
    // A consultation needs no quorum: only basis "none".
    const c = expectError(
      await staff.mutate("meetings.create", meetingInput({ kind: "consultation", basis: "household_reps" })),
      "BAD_REQUEST",
    );
    expect(c.fieldErrors).toHaveProperty("basis");
    expect(await count("SELECT count(*) AS n FROM meetings")).toBe(before);
  });

  it("refuses to announce a 居民会议 three days ahead without an urgent reason, and writes nothing", async () => {
    const id = await createMeeting({ kind: "residents_meeting", basis: "adults", startsAt: Date.now() + 3 * DAY });
    const before = await tableCounts(env.DB);
    const e = expectError(await staff.mutate("meetings.announce", { id }), "BAD_REQUEST", "3 days' notice");
    expect(e.message).toContain("开会时间");
    expect(e.message).toContain("10 天");
    expect(e.message).toBe(translate("meeting.shortNotice", "zh", { days: 10 }));
    expect(e.fieldErrors).toEqual({ startsAt: e.message });
    // In English too.
    const en = new Client("en");
    en.cookie = staff.cookie;
    const eEn = expectError(await en.mutate("meetings.announce", { id }), "BAD_REQUEST");
    expect(eEn.message).toBe("start time: this meeting needs 10 days' notice; give an urgent reason to shorten it");
    // No notice, no version, no chain entry, no audit; the meeting is still a draft.
    expect(await tableCounts(env.DB)).toEqual(before);
    expect(await meetingRow(id)).toMatchObject({ status: "draft", announcement_notice_id: null });
    expectError(await anon.query("meetings.get", { ...ref, id }), "NOT_FOUND");
  });

  it("counts the 10 days to the minute: a minute short is refused, a minute over is announced", async () => {
    const short = await createMeeting({
      kind: "residents_meeting",
      basis: "adults",
      startsAt: Date.now() + 10 * DAY - 60_000,
    });
    expectError(await staff.mutate("meetings.announce", { id: short }), "BAD_REQUEST");
    const enough = await createMeeting({
      kind: "residents_meeting",
      basis: "household_reps",
      startsAt: Date.now() + 10 * DAY + 60_000,
    });
    expectOk(await staff.mutate("meetings.announce", { id: enough }));
    expect((await meetingRow(enough))?.status).toBe("announced");
  });

  it("announces with an urgent reason: a public notice in the transparency chain", async () => {
    const urgentReason = "暴雨致地下车库进水，须尽快议定排水改造";
    const id = await createMeeting({
      kind: "residents_meeting",
      basis: "adults",
      startsAt: Date.now() + 3 * DAY,
      urgentReason,
      items: [{ title: "地下车库排水改造", proposedResolution: "使用维修资金改造排水泵房" }],
    });
    const before = await tableCounts(env.DB);
    const r = expectOk(await staff.mutate<{ status: string; noticeId: string }>("meetings.announce", { id }));
    expect(r.status).toBe("announced");
    const after = await tableCounts(env.DB);
    expect(after.notices).toBe(before.notices + 1);
    expect(after.notice_versions).toBe(before.notice_versions + 1);
    expect(after.transparency_log).toBe(before.transparency_log + 1);
    const row = await meetingRow(id);
    expect(row).toMatchObject({ status: "announced", announcement_notice_id: r.noticeId });

    // The notice is public, names the meeting, its agenda and the urgent reason.
    const notice = expectOk(
      await anon.query<{ status: string; current: { title: string; bodyMd: string; category: string } }>(
        "notices.get",
        { ...ref, id: r.noticeId },
      ),
    );
    expect(notice.status).toBe("published");
    expect(notice.current.category).toBe("affairs");
    expect(notice.current.title).toContain("会议通知");
    expect(notice.current.bodyMd).toContain("地下车库排水改造");
    expect(notice.current.bodyMd).toContain(urgentReason);
    expect(notice.current.bodyMd).toContain("urban-2025");

    // It is in the chain, and an outsider can recompute its hash.
    const chain = await openChain("hehua");
    const entry = chain.find((e) => e.recordId === r.noticeId);
    expect(entry).toMatchObject({ kind: "notice", version: 1 });
    expect(await verifyChain(chain)).toEqual({ ok: true, length: chain.length });
    const open = await openNotice("hehua", r.noticeId);
    expect(await recomputedHash(open)).toBe(entry!.contentHash);

    // And the meeting itself is now public, pointing at its announcement.
    const got = expectOk(
      await anon.query<{ status: string; announcementNoticeId: string; urgentReason: string }>("meetings.get", {
        ...ref,
        id,
      }),
    );
    expect(got).toMatchObject({ status: "announced", announcementNoticeId: r.noticeId, urgentReason });
    // Announcing twice is refused.
    expectError(await staff.mutate("meetings.announce", { id }), "BAD_REQUEST");
  });
});

describe("the roll of a 居民代表会议", () => {
  let meeting: { id: string; eligible: number; quorumNeeded: number };
  let reps: number;

  beforeAll(async () => {
    reps = await activeRepresentatives();
    meeting = await openedMeeting({ kind: "representatives_meeting", basis: "representatives" });
  });

  it("is snapshotted at opening: every active representative, and two thirds of them needed", async () => {
    expect(reps).toBeGreaterThanOrEqual(6);
    expect(meeting.eligible).toBe(reps);
    expect(meeting.quorumNeeded).toBe(Math.ceil((2 * reps) / 3));
    expect(await meetingRow(meeting.id)).toMatchObject({
      status: "open",
      eligible_count: reps,
      quorum_needed: Math.ceil((2 * reps) / 3),
    });
    const expected = (
      await env.DB.prepare(
        "SELECT id FROM residents WHERE community_id = ? AND status = 'active' AND is_representative = 1 ORDER BY id",
      )
        .bind(hehua)
        .all<{ id: string }>()
    ).results.map((r) => r.id);
    expect(await rollOf(meeting.id)).toEqual(expected);
  });

  it("a representative added after opening is not on the roll and cannot check in", async () => {
    const h = await newHousehold(staff, "hehua");
    const late = await newResident(staff, "hehua", { householdId: h.id, isHouseholdRep: true, isRepresentative: true });
    expect(await activeRepresentatives()).toBe(reps + 1);
    const e = expectError(
      await staff.mutate("meetings.checkIn", { meetingId: meeting.id, residentId: late.id }),
      "BAD_REQUEST",
      "a representative added after opening",
    );
    expect(e.message).toBe(translate("meeting.notEligible", "zh"));
    expect(e.fieldErrors).toHaveProperty("residentId");
    expect(await attendanceOf(meeting.id)).toEqual([]);
    // The figures stay those of the snapshot.
    const live = expectOk(await staff.query<{ eligible: number; quorumNeeded: number }>("meetings.live", meeting));
    expect(live).toMatchObject({ eligible: reps, quorumNeeded: Math.ceil((2 * reps) / 3) });
  });

  it("does not accept proxies", async () => {
    const [a, b] = await rollOf(meeting.id);
    await checkIn(meeting.id, b);
    const e = expectError(
      await staff.mutate("meetings.checkIn", { meetingId: meeting.id, residentId: a, proxyHolderId: b }),
      "BAD_REQUEST",
      "proxy at a representatives' meeting",
    );
    expect(e.message).toBe(translate("meeting.proxyNotAllowed", "zh"));
    expect((await attendanceOf(meeting.id)).map((x) => x.resident_id)).toEqual([b]);
  });
});

describe("the roll of a 居民会议 on adults", () => {
  let meeting: { id: string; eligible: number; quorumNeeded: number };
  let startsAt: number;
  let minor: { id: string };
  let turns18: { id: string };
  let movedOut: { id: string };

  beforeAll(async () => {
    startsAt = Date.now() + DAY;
    if (beijingDate(startsAt).endsWith("-02-29")) startsAt += DAY;
    const cutoff = minusYears(beijingDate(startsAt), 18);
    // One who turns 18 on the meeting day is an adult then; one born a day later is not.
    turns18 = await newResident(staff, "hehua", { birthDate: cutoff });
    minor = await newResident(staff, "hehua", { birthDate: nextDay(cutoff) });
    movedOut = await newResident(staff, "hehua", { birthDate: "1970-06-01" });
    expectOk(await staff.mutate("residents.moveOut", { id: movedOut.id, movedOutOn: beijingDate(Date.now()) }));
    meeting = await openedMeeting({
      kind: "residents_meeting",
      basis: "adults",
      startsAt,
      urgentReason: "汛期排水设施抢修",
    });
  });

  it("counts the adults on the meeting day, from birth dates in Asia/Shanghai", async () => {
    const cutoff = minusYears(beijingDate(startsAt), 18);
    const adults = await count(
      "SELECT count(*) AS n FROM residents WHERE community_id = ? AND status = 'active' AND birth_date <= ?",
      hehua,
      cutoff,
    );
    expect(adults).toBeGreaterThan(50);
    expect(meeting.eligible).toBe(adults);
    expect(meeting.quorumNeeded).toBe(Math.floor(adults / 2) + 1);
    const roll = await rollOf(meeting.id);
    expect(roll.length).toBe(adults);
    expect(roll).toContain(turns18.id);
    expect(roll).not.toContain(minor.id);
    expect(roll).not.toContain(movedOut.id);
  });

  it("a moved-out resident and an under-18 resident cannot check in", async () => {
    for (const [who, r] of [
      ["moved out", movedOut],
      ["under 18", minor],
    ] as const) {
      const e = expectError(
        await staff.mutate("meetings.checkIn", { meetingId: meeting.id, residentId: r.id }),
        "BAD_REQUEST",
        who,
      );
      expect(e.message).toBe(translate("meeting.notEligible", "zh"));
      expect(e.fieldErrors).toEqual({ residentId: e.message });
    }
    expect(await attendanceOf(meeting.id)).toEqual([]);
    // The one who turns 18 that day can.
    expect((await checkIn(meeting.id, turns18.id)).present).toBe(1);
  });

  it("checking in twice is once", async () => {
    const first = await checkIn(meeting.id, turns18.id);
    const again = await checkIn(meeting.id, turns18.id);
    expect(again.present).toBe(first.present);
    expect(again.present).toBe(1);
    expect(await attendanceOf(meeting.id)).toMatchObject([
      { resident_id: turns18.id, method: "staff", proxy_holder_id: null },
    ]);
  });

  it("a present holder may hold 3 written proxies; the 4th is refused naming the proxy holder", async () => {
    const [holder, p1, p2, p3, p4] = await absentees(meeting.id);
    await checkIn(meeting.id, holder);
    const base = (await attendanceOf(meeting.id)).length;
    for (const [i, p] of [p1, p2, p3].entries()) {
      const r = expectOk(
        await staff.mutate<{ present: number }>("meetings.checkIn", {
          meetingId: meeting.id,
          residentId: p,
          proxyHolderId: holder,
        }),
      );
      expect(r.present).toBe(base + i + 1);
    }
    const e = expectError(
      await staff.mutate("meetings.checkIn", { meetingId: meeting.id, residentId: p4, proxyHolderId: holder }),
      "BAD_REQUEST",
      "a 4th proxy",
    );
    expect(e.message).toMatch(/^受托人：/);
    expect(e.message).toContain("3");
    expect(e.message).toBe(translate("meeting.proxyLimit", "zh", { n: 3 }));
    expect(e.fieldErrors).toEqual({ proxyHolderId: e.message });
    const rows = await attendanceOf(meeting.id);
    expect(rows.length).toBe(base + 3);
    expect(rows.filter((a) => a.method === "proxy").map((a) => [a.resident_id, a.proxy_holder_id])).toEqual([
      [p1, holder],
      [p2, holder],
      [p3, holder],
    ]);
    expect(rows.some((a) => a.resident_id === p4)).toBe(false);
    const live = expectOk(await staff.query<{ present: number; proxies: number }>("meetings.live", meeting));
    expect(live).toMatchObject({ present: base + 3, proxies: 3 });
  });

  it("a holder who has not checked in (or is there only by proxy) cannot hold a proxy", async () => {
    const [absentHolder, principal] = await absentees(meeting.id);
    const before = (await attendanceOf(meeting.id)).length;
    const e = expectError(
      await staff.mutate("meetings.checkIn", {
        meetingId: meeting.id,
        residentId: principal,
        proxyHolderId: absentHolder,
      }),
      "BAD_REQUEST",
      "absent holder",
    );
    expect(e.message).toBe(translate("meeting.holderAbsent", "zh"));
    expect(e.message).toMatch(/^受托人：/);
    expect(e.fieldErrors).toHaveProperty("proxyHolderId");
    const byProxy = (await attendanceOf(meeting.id)).find((a) => a.method === "proxy")!;
    const e2 = expectError(
      await staff.mutate("meetings.checkIn", {
        meetingId: meeting.id,
        residentId: principal,
        proxyHolderId: byProxy.resident_id,
      }),
      "BAD_REQUEST",
      "holder present only by proxy",
    );
    expect(e2.message).toBe(translate("meeting.holderAbsent", "zh"));
    // A holder who is not on the roll is not eligible to hold one.
    const e3 = expectError(
      await staff.mutate("meetings.checkIn", { meetingId: meeting.id, residentId: principal, proxyHolderId: minor.id }),
      "BAD_REQUEST",
    );
    expect(e3.fieldErrors).toHaveProperty("proxyHolderId");
    expect((await attendanceOf(meeting.id)).length).toBe(before);
  });

  it("minutes cannot be published while the meeting is open", async () => {
    const e = expectError(
      await staff.mutate("meetings.publishMinutes", { id: meeting.id, minutesMd: "# 纪要\n\n会议仍在进行。" }),
      "BAD_REQUEST",
    );
    expect(e.message).toBe(translate("meeting.notClosed", "zh"));
  });
});

describe("a resident checks themself in", () => {
  let meetingId: string;
  let resident: Client;
  let me: string;

  beforeAll(async () => {
    resident = await Client.as("resident");
    me = (await residentByName("张三丰")).id;
    ({ id: meetingId } = await openedMeeting({
      kind: "residents_meeting",
      basis: "household_reps",
      startsAt: Date.now() + DAY,
      urgentReason: "供水管道爆裂，须尽快决定维修方案",
    }));
  });

  it("张三丰, a household representative, is on the roll and checks in by QR", async () => {
    expect(await rollOf(meetingId)).toContain(me);
    const households = await count(
      "SELECT count(*) AS n FROM residents WHERE community_id = ? AND status = 'active' AND is_household_rep = 1",
      hehua,
    );
    expect((await meetingRow(meetingId))?.eligible_count).toBe(households);
    const before = expectOk(await resident.query<{ checkedIn: boolean }>("meetings.myAttendance", { id: meetingId }));
    expect(before).toEqual({ checkedIn: false, method: null, at: null });
    const r = expectOk(await resident.mutate<{ present: number }>("meetings.checkIn", { meetingId }));
    expect(r.present).toBe(1);
    // Scanning the code again shows the resident is already checked in, and how.
    const after = expectOk(
      await resident.query<{ checkedIn: boolean; method: string; at: number }>("meetings.myAttendance", {
        id: meetingId,
      }),
    );
    expect(after).toMatchObject({ checkedIn: true, method: "qr" });
    expect(after.at).toBeGreaterThan(0);
    expectError(await staff.query("meetings.myAttendance", { id: meetingId }), "FORBIDDEN");
    expect(await attendanceOf(meetingId)).toMatchObject([
      { resident_id: me, method: "qr", proxy_holder_id: null, recorded_by: await userId("resident") },
    ]);
  });

  it("cannot check in someone else: the residentId (and a proxy) is ignored, it is always themself", async () => {
    const other = (await rollOf(meetingId)).find((id) => id !== me)!;
    const r = expectOk(
      await resident.mutate<{ present: number }>("meetings.checkIn", { meetingId, residentId: other }),
    );
    expect(r.present).toBe(1);
    const r2 = expectOk(
      await resident.mutate<{ present: number }>("meetings.checkIn", {
        meetingId,
        residentId: other,
        proxyHolderId: me,
      }),
    );
    expect(r2.present).toBe(1);
    expect((await attendanceOf(meetingId)).map((a) => [a.resident_id, a.method])).toEqual([[me, "qr"]]);
  });

  it("a resident cannot record counts or close the meeting", async () => {
    const [item] = await itemsOf(meetingId);
    expectError(
      await resident.mutate("meetings.recordItemVote", {
        itemId: item.id,
        votesFor: 1,
        votesAgainst: 0,
        votesAbstain: 0,
      }),
      "FORBIDDEN",
    );
    expect((await itemsOf(meetingId))[0].result).toBeNull();
    expectError(await resident.mutate("meetings.close", { id: meetingId }), "FORBIDDEN");
    expect((await meetingRow(meetingId))?.status).toBe("open");
  });

  it("a resident of another community gets NOT_FOUND, and so does its staff", async () => {
    const taoyuanAdmin = await Client.as("taoyuan-admin");
    const outsider = await newResident(taoyuanAdmin, "taoyuan", { name: uniqueName("桃") });
    const { client } = await activate(taoyuanAdmin, outsider.id, "outsider-pass1", "taoyuan");
    expectError(await client.mutate("meetings.checkIn", { meetingId }), "NOT_FOUND", "taoyuan resident");
    expectError(await client.query("meetings.live", { id: meetingId }), "NOT_FOUND");
    expectError(
      await taoyuanAdmin.mutate("meetings.checkIn", { meetingId, residentId: outsider.id }),
      "NOT_FOUND",
      "taoyuan admin",
    );
    expect((await attendanceOf(meetingId)).length).toBe(1);
  });
});

describe("quorum, counts and decisions", () => {
  let meeting: { id: string; eligible: number; quorumNeeded: number };
  let items: ItemRow[];

  beforeAll(async () => {
    meeting = await openedMeeting({
      kind: "representatives_meeting",
      basis: "representatives",
      title: "第三季度居民代表会议",
      items: [
        { title: "小区北门增设非机动车棚", proposedResolution: "同意在北门东侧增设非机动车棚" },
        { title: "公共区域广告收益分配", proposedResolution: "收益全部用于电梯维保" },
        { title: "楼道照明改造", proposedResolution: "更换为声控节能灯" },
        { title: "健身器材更新" },
      ],
    });
    items = await itemsOf(meeting.id);
  });

  it("below quorum, a count is refused with the figures, and nothing is written", async () => {
    const roll = await rollOf(meeting.id);
    for (const id of roll.slice(0, meeting.quorumNeeded - 1)) await checkIn(meeting.id, id);
    const present = meeting.quorumNeeded - 1;
    const decisions = await count("SELECT count(*) AS n FROM decisions");
    const audits = await count("SELECT count(*) AS n FROM audit_log");
    const e = expectError(
      await staff.mutate("meetings.recordItemVote", {
        itemId: items[0].id,
        votesFor: present,
        votesAgainst: 0,
        votesAbstain: 0,
      }),
      "BAD_REQUEST",
      "no quorum",
    );
    expect(e.message).toBe(
      `未达到法定人数：实到 ${present} 人，应到 ${meeting.eligible} 人，须至少 ${meeting.quorumNeeded} 人，不能作出决定`,
    );
    expect(e.message).toBe(
      translate("meeting.noQuorum", "zh", {
        present,
        eligible: meeting.eligible,
        needed: meeting.quorumNeeded,
      }),
    );
    expect((await itemsOf(meeting.id))[0]).toMatchObject({ result: null, votes_for: null, present_at_vote: null });
    expect(await count("SELECT count(*) AS n FROM decisions")).toBe(decisions);
    expect(await count("SELECT count(*) AS n FROM audit_log")).toBe(audits);
    const live = expectOk(await staff.query<{ quorumMet: boolean; present: number }>("meetings.live", meeting));
    expect(live).toMatchObject({ present, quorumMet: false });
  });

  it("with quorum, more than half of those present passes the item and registers a decision", async () => {
    const roll = await rollOf(meeting.id);
    const last = await checkIn(meeting.id, roll[meeting.quorumNeeded - 1]);
    expect(last).toMatchObject({ present: meeting.quorumNeeded, quorumMet: true });
    const present = last.present;
    const votesFor = Math.floor(present / 2) + 1;
    const r = expectOk(
      await staff.mutate<{ result: string; needed: number; present: number }>("meetings.recordItemVote", {
        itemId: items[0].id,
        votesFor,
        votesAgainst: present - votesFor,
        votesAbstain: 0,
        outcomeNote: "会后公示方案",
      }),
    );
    expect(r).toEqual({ result: "passed", needed: votesFor, present });
    expect((await itemsOf(meeting.id))[0]).toMatchObject({
      result: "passed",
      votes_for: votesFor,
      present_at_vote: present,
    });
    const list = expectOk(
      await anon.query<{ id: string; title: string; resolution: string; status: string; meetingId: string }[]>(
        "decisions.list",
        ref,
      ),
    );
    const d = list.filter((x) => x.meetingId === meeting.id);
    expect(d).toMatchObject([
      {
        title: "小区北门增设非机动车棚",
        resolution: "同意在北门东侧增设非机动车棚",
        status: "planned",
        progress: 0,
        meetingTitle: "第三季度居民代表会议",
        updates: [],
      },
    ]);
  });

  it("exactly half of those present fails the item, with no decision", async () => {
    const present = (await attendanceOf(meeting.id)).length;
    const votesFor = Math.floor(present / 2);
    const r = expectOk(
      await staff.mutate<{ result: string }>("meetings.recordItemVote", {
        itemId: items[1].id,
        votesFor,
        votesAgainst: present - votesFor,
        votesAbstain: 0,
      }),
    );
    expect(r.result).toBe("failed");
    expect(await count("SELECT count(*) AS n FROM decisions WHERE item_id = ?", items[1].id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM decisions WHERE meeting_id = ?", meeting.id)).toBe(1);
  });

  it("refuses counts adding up to more than those present, naming the field", async () => {
    const present = (await attendanceOf(meeting.id)).length;
    const e = expectError(
      await staff.mutate("meetings.recordItemVote", {
        itemId: items[2].id,
        votesFor: present,
        votesAgainst: 0,
        votesAbstain: 1,
      }),
      "BAD_REQUEST",
      "too many votes",
    );
    expect(e.message).toBe(translate("meeting.tooManyVotes", "zh", { total: present + 1, present }));
    expect(e.fieldErrors).toHaveProperty("votesFor");
    expect((await itemsOf(meeting.id))[2].result).toBeNull();
    // Exactly as many as present is fine.
    expectOk(
      await staff.mutate("meetings.recordItemVote", {
        itemId: items[2].id,
        votesFor: present - 1,
        votesAgainst: 0,
        votesAbstain: 1,
      }),
    );
  });

  it("an item is counted once", async () => {
    const decisions = await count("SELECT count(*) AS n FROM decisions");
    const e = expectError(
      await staff.mutate("meetings.recordItemVote", {
        itemId: items[0].id,
        votesFor: 0,
        votesAgainst: 1,
        votesAbstain: 0,
      }),
      "BAD_REQUEST",
      "counted twice",
    );
    expect(e.message).toBe(translate("meeting.itemDecided", "zh"));
    expect((await itemsOf(meeting.id))[0].result).toBe("passed");
    expect(await count("SELECT count(*) AS n FROM decisions")).toBe(decisions);
  });

  it("a consultation is advisory: any adult may attend, no quorum, no decision", async () => {
    const c = await openedMeeting({
      kind: "consultation",
      subkind: "议事会",
      basis: "none",
      items: [{ title: "社区花园认养办法" }],
    });
    const adults = await count(
      `SELECT count(*) AS n FROM residents WHERE community_id = '${hehua}' AND status = 'active' AND birth_date <= '${adultBornOnOrBefore(Date.now() + 2 * DAY)}'`,
    );
    expect(c).toMatchObject({ eligible: adults, quorumNeeded: 0 });
    const [item] = await itemsOf(c.id);
    const [first, second] = (
      await env.DB.prepare("SELECT resident_id FROM meeting_roll WHERE meeting_id = ? LIMIT 2")
        .bind(c.id)
        .all<{ resident_id: string }>()
    ).results;
    for (const r of [first, second])
      expectOk(await staff.mutate("meetings.checkIn", { meetingId: c.id, residentId: r.resident_id }));
    const decisions = await count("SELECT count(*) AS n FROM decisions");
    const r = expectOk(
      await staff.mutate<{ result: string; needed: number | null }>("meetings.recordItemVote", {
        itemId: item.id,
        votesFor: 1,
        votesAgainst: 0,
        votesAbstain: 1,
        outcomeNote: "收集意见十二条，转居委会研究",
      }),
    );
    expect(r).toMatchObject({ result: "advisory", needed: null });
    expect((await itemsOf(c.id))[0].result).toBe("advisory");
    expect(await count("SELECT count(*) AS n FROM decisions")).toBe(decisions);
  });

  describe("closing and the minutes", () => {
    let minutesMd: string;
    let noticeId: string;

    it("close fills the minutes with the figures from the roll", async () => {
      const present = (await attendanceOf(meeting.id)).length;
      const r = expectOk(await staff.mutate<{ status: string; minutesMd: string }>("meetings.close", meeting));
      expect(r.status).toBe("closed");
      minutesMd = r.minutesMd;
      expect(minutesMd).toContain(
        `应到 ${meeting.eligible} 人，实到 ${present} 人（其中书面委托 0 人），法定人数 ${meeting.quorumNeeded} 人，达到法定人数。`,
      );
      const [a, b, c] = items;
      const row = (await itemsOf(meeting.id)).map((i) => i.votes_for);
      expect(minutesMd).toContain(
        `1. ${a.title}：通过（赞成 ${row[0]}，反对 ${present - row[0]!}，弃权 0）。会后公示方案`,
      );
      expect(minutesMd).toContain(`2. ${b.title}：未通过（赞成 ${row[1]}`);
      expect(minutesMd).toContain(`3. ${c.title}：通过`);
      expect(minutesMd).toContain("4. 健身器材更新：未表决");
      expect(await meetingRow(meeting.id)).toMatchObject({
        status: "closed",
        present_at_close: present,
        minutes_md: minutesMd,
        minutes_notice_id: null,
      });
      // No more check-ins or counts.
      const [absent] = await absentees(meeting.id);
      expectError(await staff.mutate("meetings.checkIn", { meetingId: meeting.id, residentId: absent }), "BAD_REQUEST");
      expectError(
        await staff.mutate("meetings.recordItemVote", {
          itemId: items[3].id,
          votesFor: 0,
          votesAgainst: 0,
          votesAbstain: 0,
        }),
        "BAD_REQUEST",
      );
      // The public page shows the figures.
      const got = expectOk(
        await anon.query<{
          status: string;
          present: number;
          eligibleCount: number;
          quorumNeeded: number;
          minutesHtml: string;
        }>("meetings.get", { ...ref, id: meeting.id }),
      );
      expect(got).toMatchObject({
        status: "closed",
        present,
        eligibleCount: meeting.eligible,
        quorumNeeded: meeting.quorumNeeded,
      });
      // The drafted minutes stay with staff until they are published.
      expect(got.minutesHtml).toBeNull();
    });

    it("publishMinutes makes a public notice in the transparency chain", async () => {
      const before = await tableCounts(env.DB);
      const r = expectOk(
        await staff.mutate<{ noticeId: string }>("meetings.publishMinutes", { id: meeting.id, minutesMd }),
      );
      noticeId = r.noticeId;
      const after = await tableCounts(env.DB);
      expect(after.notices).toBe(before.notices + 1);
      expect(after.transparency_log).toBe(before.transparency_log + 1);
      const notice = expectOk(
        await anon.query<{ status: string; current: { version: number; title: string; bodyMd: string } }>(
          "notices.get",
          { ...ref, id: noticeId },
        ),
      );
      expect(notice.status).toBe("published");
      expect(notice.current).toMatchObject({ version: 1, title: "会议纪要：第三季度居民代表会议", bodyMd: minutesMd });
      const chain = await openChain("hehua");
      expect(chain.filter((e) => e.recordId === noticeId).map((e) => [e.kind, e.version])).toEqual([["notice", 1]]);
      expect(await meetingRow(meeting.id)).toMatchObject({ minutes_notice_id: noticeId });
      const got = expectOk(
        await anon.query<{ minutesNoticeId: string; minutesHtml: string }>("meetings.get", { ...ref, id: meeting.id }),
      );
      expect(got.minutesNoticeId).toBe(noticeId);
      expect(got.minutesHtml).toContain(`应到 ${meeting.eligible} 人`);
    });

    it("publishing again makes version 2 of the same notice", async () => {
      const corrected = `${minutesMd}\n\n## 补充说明\n\n非机动车棚方案将另行公示。`;
      const before = await tableCounts(env.DB);
      const r = expectOk(
        await staff.mutate<{ noticeId: string }>("meetings.publishMinutes", { id: meeting.id, minutesMd: corrected }),
      );
      expect(r.noticeId).toBe(noticeId);
      const after = await tableCounts(env.DB);
      expect(after.notices).toBe(before.notices);
      expect(after.notice_versions).toBe(before.notice_versions + 1);
      const notice = expectOk(
        await anon.query<{ current: { version: number; bodyMd: string }; versions: { version: number }[] }>(
          "notices.get",
          { ...ref, id: noticeId },
        ),
      );
      expect(notice.current).toMatchObject({ version: 2, bodyMd: corrected });
      expect(notice.versions.map((v) => v.version).sort()).toEqual([1, 2]);
      const chain = await openChain("hehua");
      expect(chain.filter((e) => e.recordId === noticeId).map((e) => e.version)).toEqual([1, 2]);
      expect(await verifyChain(chain)).toEqual({ ok: true, length: chain.length });
      expect((await meetingRow(meeting.id))?.minutes_md).toBe(corrected);
    });
  });

  describe("the decisions registry", () => {
    let decisionId: string;

    beforeAll(async () => {
      decisionId = (await env.DB.prepare("SELECT id FROM decisions WHERE item_id = ?")
        .bind(items[0].id)
        .first<{ id: string }>())!.id;
    });

    it("staff post progress, shown in the public registry", async () => {
      expectOk(
        await staff.mutate("decisions.addUpdate", {
          decisionId,
          status: "in_progress",
          progress: 40,
          note: "已完成选址和施工招标",
        }),
      );
      expectOk(
        await admin.mutate("decisions.addUpdate", {
          decisionId,
          status: "done",
          progress: 100,
          note: "车棚已建成启用",
        }),
      );
      const list = expectOk(
        await anon.query<
          {
            id: string;
            status: string;
            progress: number;
            updates: { status: string; progress: number; note: string }[];
          }[]
        >("decisions.list", ref),
      );
      const d = list.find((x) => x.id === decisionId)!;
      expect(d).toMatchObject({ status: "done", progress: 100 });
      expect(d.updates.map((u) => [u.status, u.progress, u.note])).toEqual([
        ["done", 100, "车棚已建成启用"],
        ["in_progress", 40, "已完成选址和施工招标"],
      ]);
      const audit = await auditOf(decisionId, "decision.addUpdate");
      expect(audit.map((a) => a.actor_name)).toEqual(["李秀英", "王建国"]);
    });

    it("residents and the supervisor are FORBIDDEN, another community's admin gets NOT_FOUND; nothing is written", async () => {
      const updates = await count("SELECT count(*) AS n FROM decision_updates");
      const input = { decisionId, status: "stalled", progress: 10, note: "资金不足暂停" };
      for (const [login, code] of [
        ["resident", "FORBIDDEN"],
        ["supervisor", "FORBIDDEN"],
        ["taoyuan-admin", "NOT_FOUND"],
      ] as const)
        expectError(await (await Client.as(login)).mutate("decisions.addUpdate", input), code, login);
      expectError(await anon.mutate("decisions.addUpdate", input), "UNAUTHORIZED");
      expect(await count("SELECT count(*) AS n FROM decision_updates")).toBe(updates);
      const row = await env.DB.prepare("SELECT status, progress FROM decisions WHERE id = ?").bind(decisionId).first();
      expect(row).toEqual({ status: "done", progress: 100 });
    });
  });

  it("audit records every step: create, announce, open, counts, close, minutes", async () => {
    const staffId = await userId("community-staff");
    const actions = (await auditOf(meeting.id)).map((a) => a.action);
    expect(actions).toEqual([
      "meeting.create",
      "meeting.announce",
      "meeting.open",
      "meeting.close",
      "meeting.publishMinutes",
      "meeting.publishMinutes",
    ]);
    for (const a of await auditOf(meeting.id)) {
      expect(a).toMatchObject({ entity: "meeting", actor_id: staffId, actor_name: "李秀英", community_id: hehua });
    }
    const open = (await auditOf(meeting.id, "meeting.open"))[0];
    expect(JSON.parse(open.after!)).toEqual({
      status: "open",
      eligible: meeting.eligible,
      quorumNeeded: meeting.quorumNeeded,
    });
    const votes = await Promise.all(items.map((i) => auditOf(i.id, "meeting.recordItemVote")));
    expect(votes.map((v) => v.length)).toEqual([1, 1, 1, 0]);
    expect(JSON.parse(votes[0][0].after!)).toMatchObject({ result: "passed", present: meeting.quorumNeeded });
    expect(JSON.parse(votes[1][0].after!)).toMatchObject({ result: "failed" });
    expect(votes[0][0]).toMatchObject({ entity: "meetingItem", actor_id: staffId, community_id: hehua });
    // The notices the meeting published carry their own audit records.
    const row = await meetingRow(meeting.id);
    expect((await auditOf(row!.announcement_notice_id!)).map((a) => a.action)).toEqual(["meeting.announce"]);
    expect((await auditOf(row!.minutes_notice_id!)).map((a) => a.action)).toEqual([
      "meeting.minutes",
      "meeting.minutes",
    ]);
  });
});

describe("what the public sees", () => {
  it("meetings.list, meetings.get and decisions.list never show a resident's name or phone", async () => {
    const officials = new Set(
      (
        await env.DB.prepare(
          "SELECT name FROM community_officials UNION SELECT worker_name AS name FROM grids WHERE worker_name != ''",
        ).all<{ name: string }>()
      ).results.map((r) => r.name),
    );
    const people = (await env.DB.prepare("SELECT name, phone FROM residents").all<{ name: string; phone: string }>())
      .results;
    const names = [...new Set(people.map((p) => p.name))].filter((n) => !officials.has(n));
    const phones = [...new Set(people.map((p) => p.phone))].filter((p) => p !== "");
    expect(names).toContain("张三丰");

    const list = expectOk(await anon.query<{ id: string; status: string }[]>("meetings.list", ref));
    expect(list.length).toBeGreaterThanOrEqual(6);
    expect(list.some((m) => m.status === "draft")).toBe(false);
    const bodies = [JSON.stringify(list)];
    for (const m of list) bodies.push(JSON.stringify(expectOk(await anon.query("meetings.get", { ...ref, id: m.id }))));
    const decisions = expectOk(await anon.query<unknown[]>("decisions.list", ref));
    expect(decisions.length).toBeGreaterThan(0);
    bodies.push(JSON.stringify(decisions));
    const all = bodies.join("\n");
    expect(all).toContain("第三季度居民代表会议");
    expect(names.filter((n) => all.includes(n))).toEqual([]);
    expect(phones.filter((p) => all.includes(p))).toEqual([]);
    expect(all).not.toMatch(/(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/);
  });

  it("another community's slug does not reach hehua's meetings", async () => {
    const [m] = expectOk(await anon.query<{ id: string }[]>("meetings.list", ref));
    expectError(await anon.query("meetings.get", { street: STREET, community: "taoyuan", id: m.id }), "NOT_FOUND");
    expect(expectOk(await anon.query<unknown[]>("meetings.list", { street: STREET, community: "taoyuan" }))).toEqual(
      [],
    );
  });
});

describe("compliance for the street office", () => {
  it("lists, per community, whether the required meetings were held, and how many were quorate", async () => {
    const street = await Client.as("street-viewer");
    const r = await street.query<
      {
        slug: string;
        kind: string;
        required: { kind: string; ok: boolean; lastHeldAt: number | null }[];
        held: number;
        quorate: number;
      }[]
    >("meetings.compliance");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const hehua = r.data.find((c) => c.slug === "hehua")!;
    // The seeded 居民代表会议 57 days ago meets the half-yearly requirement.
    expect(hehua.required).toEqual([expect.objectContaining({ kind: "representatives_meeting", ok: true })]);
    expect(hehua.quorate).toBeGreaterThanOrEqual(1);
    const liushu = r.data.find((c) => c.slug === "liushu")!;
    expect(liushu.required.map((l) => [l.kind, l.ok])).toEqual([
      ["villagers_meeting", false],
      ["village_reps_meeting", true],
    ]);
    const taoyuan = r.data.find((c) => c.slug === "taoyuan")!;
    expect(taoyuan.required).toEqual([
      expect.objectContaining({ kind: "representatives_meeting", ok: false, lastHeldAt: null }),
    ]);

    const staffCall = await (await Client.as("community-admin")).query("meetings.compliance");
    expect(staffCall.ok).toBe(false);
  });
});

describe("refusals that name what is wrong", () => {
  it("a proxy for someone already present is refused, and a held meeting cannot be cancelled", async () => {
    const m = await openedMeeting({
      kind: "residents_meeting",
      basis: "household_reps",
      urgentReason: "台风预警，需尽快议定防汛措施",
      items: [{ title: "防汛物资采购" }],
    });
    const roll = (
      await env.DB.prepare("SELECT resident_id FROM meeting_roll WHERE meeting_id = ? LIMIT 2")
        .bind(m.id)
        .all<{ resident_id: string }>()
    ).results.map((r) => r.resident_id);
    const [holder, other] = roll;
    expectOk(await staff.mutate("meetings.checkIn", { meetingId: m.id, residentId: holder }));
    expectOk(await staff.mutate("meetings.checkIn", { meetingId: m.id, residentId: other }));
    const proxy = await staff.mutate("meetings.checkIn", { meetingId: m.id, residentId: other, proxyHolderId: holder });
    expect(proxy.ok).toBe(false);
    if (!proxy.ok) expect(proxy.error.message).toBe("居民：已签到，无需再登记委托");
    const cancel = await staff.mutate("meetings.cancel", { id: m.id, reason: "改期" });
    expect(cancel.ok).toBe(false);
    if (!cancel.ok) expect(cancel.error.message).toBe("会议已开始或已结束，不能取消");
  });
});
