import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../shared/i18n/errors";
import { courtConfirmationUntil, dueAt } from "../../shared/rules/cases";
import { Client, type TrpcResult } from "./helpers";
import { communityId, createUser, DAY, expectOk, STREET, userId } from "./fixtures";
import { emptyCommunity, voters, type Voter } from "./polls-fixtures";
import { caseRow, close, file, filed, ownStreet, PNG, setTimes, uploadPhoto } from "./cases-fixtures";

/**
 * Residents' requests, disputes and mediation (DOMAIN.md): filing and routing to the grid's
 * worker; accept → handle → verify with time limits and colours computed from D1 times; one
 * extension; escalation to the street office; who sees what (staff private notes never reach the
 * resident, the tracking page or the public figures); 人民调解法 Art 17/28–30/33; the one rating;
 * case photos; public figures checked against SQL.
 */

const HOUR = 3_600_000;
const endOf = (day: string) => Date.parse(`${day}T23:59:59.999+08:00`);

let hehua: string;
let staff: Client;
let admin: Client;
let gridWorker: Client;
let resident: Client;
let myGrid: string;
let otherGrid: string;

function refused(r: TrpcResult<unknown>, code: string, key?: Parameters<typeof translate>[0]) {
  expect(r.ok, "should be refused").toBe(false);
  if (!r.ok) {
    expect(r.error.data.code, r.error.message).toBe(code);
    if (key) expect(r.error.message).toBe(translate(key, "zh"));
  }
}

beforeAll(async () => {
  hehua = await communityId("hehua");
  [staff, admin, gridWorker, resident] = await Promise.all([
    Client.as("community-staff"),
    Client.as("community-admin"),
    Client.as("grid-worker"),
    Client.as("resident"),
  ]);
  const gw = await userId("grid-worker");
  const grids = (
    await env.DB.prepare("SELECT id, worker_user_id FROM grids WHERE community_id = ? ORDER BY id").bind(hehua).all<{
      id: string;
      worker_user_id: string | null;
    }>()
  ).results;
  myGrid = grids.find((g) => g.worker_user_id === gw)!.id;
  otherGrid = grids.find((g) => g.worker_user_id !== gw)!.id;
});

describe("filing", () => {
  it("a logged-in resident files as themself (no contact stored)", async () => {
    const { id, trackingCode } = await filed(resident, "hehua", { contactName: "别人", contactPhone: "13800001111" });
    expect(trackingCode.length).toBeGreaterThanOrEqual(6);
    const row = await caseRow(id);
    const me = await env.DB.prepare("SELECT resident_id FROM users WHERE username = 'resident'").first<{
      resident_id: string;
    }>();
    expect(row.resident_id).toBe(me!.resident_id);
    expect(row.contact_name).toBeNull();
    expect(row.contact_phone).toBeNull();
    expect(row.status).toBe("accept");
    expect(row.stage_due_at).toBe(dueAt(row.stage_started_at, 1, false));
  });

  it("a visitor must leave a name and a phone; the error names the missing field", async () => {
    const anon = new Client();
    const noName = await file(anon, "hehua", { contactPhone: "13800001111" });
    refused(noName, "BAD_REQUEST", "case.contactNeeded");
    if (!noName.ok) expect(Object.keys(noName.error.data.fieldErrors ?? {})).toContain("contactName");
    const noPhone = await file(anon, "hehua", { contactName: "李四" });
    refused(noPhone, "BAD_REQUEST", "case.contactNeeded");
    if (!noPhone.ok) expect(Object.keys(noPhone.error.data.fieldErrors ?? {})).toContain("contactPhone");
    const { id } = await filed(anon, "hehua", { contactName: "李四", contactPhone: "13800001111" });
    const row = await caseRow(id);
    expect(row.resident_id).toBeNull();
    expect(row.contact_name).toBe("李四");
    expect(row.contact_phone).toBe("13800001111");
  });

  it("staff of the community filing count as visitors (no resident id)", async () => {
    refused(await file(staff, "hehua"), "BAD_REQUEST", "case.contactNeeded");
  });

  it("a grid routes the case to that grid's worker", async () => {
    const { id } = await filed(resident, "hehua", { gridId: myGrid });
    expect((await caseRow(id)).assignee_user_id).toBe(await userId("grid-worker"));
    const other = await filed(resident, "hehua", { gridId: otherGrid });
    expect((await caseRow(other.id)).assignee_user_id).toBeNull();
  });

  it("a grid of another community is refused", async () => {
    const taoyuan = await communityId("taoyuan");
    const foreign = await env.DB.prepare("SELECT id FROM grids WHERE community_id != ? LIMIT 1")
      .bind(hehua)
      .first<{ id: string }>();
    const gridId =
      foreign?.id ??
      (await (async () => {
        const gid = `grid-${Date.now()}`;
        await env.DB.prepare(
          "INSERT INTO grids (id, community_id, name, area, created_at, updated_at) VALUES (?, ?, '外网格', '', ?, ?)",
        )
          .bind(gid, taoyuan, Date.now(), Date.now())
          .run();
        return gid;
      })());
    const before = await env.DB.prepare("SELECT count(*) AS n FROM cases").first<{ n: number }>();
    const r = await file(resident, "hehua", { gridId });
    refused(r, "BAD_REQUEST", "case.noSuchGrid");
    if (!r.ok) expect(Object.keys(r.error.data.fieldErrors ?? {})).toContain("gridId");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM cases").first<{ n: number }>()).toEqual(before);
  });
});

describe("stages", () => {
  it("accept → handled → verify ok closes, in time", async () => {
    const { id } = await filed(resident, "hehua");
    expect(expectOk(await staff.mutate("cases.accept", { id, note: "已受理" })).status).toBe("handle");
    let row = await caseRow(id);
    expect(row.status).toBe("handle");
    expect(row.assignee_user_id).toBe(await userId("community-staff"));
    expect(row.stage_due_at).toBe(dueAt(row.stage_started_at, 7, false));
    expect(expectOk(await staff.mutate("cases.handled", { id })).status).toBe("verify");
    row = await caseRow(id);
    expect(row.stage_due_at).toBe(dueAt(row.stage_started_at, 3, false));
    expect(expectOk(await staff.mutate("cases.verify", { id, ok: true })).status).toBe("closed");
    row = await caseRow(id);
    expect(row.status).toBe("closed");
    expect(row.closed_at).not.toBeNull();
    expect(row.closed_in_time).toBe(1);
    expect(row.late_at).toBeNull();
  });

  it("verify not ok needs a note and goes back to handling", async () => {
    const { id } = await filed(resident, "hehua");
    expectOk(await staff.mutate("cases.accept", { id }));
    expectOk(await staff.mutate("cases.handled", { id }));
    const r = await staff.mutate("cases.verify", { id, ok: false });
    refused(r, "BAD_REQUEST", "case.reasonNeeded");
    if (!r.ok) expect(Object.keys(r.error.data.fieldErrors ?? {})).toContain("note");
    expect((await caseRow(id)).status).toBe("verify");
    expect(expectOk(await staff.mutate("cases.verify", { id, ok: false, note: "居民说灯还是不亮" })).status).toBe(
      "handle",
    );
    const row = await caseRow(id);
    expect(row.status).toBe("handle");
    expect(row.stage_due_at).toBe(dueAt(row.stage_started_at, 7, false));
  });

  it("actions of the wrong stage are refused", async () => {
    const { id } = await filed(resident, "hehua");
    refused(await staff.mutate("cases.handled", { id }), "BAD_REQUEST", "case.wrongStage");
    refused(await staff.mutate("cases.verify", { id, ok: true }), "BAD_REQUEST", "case.wrongStage");
    expectOk(await staff.mutate("cases.accept", { id }));
    refused(await staff.mutate("cases.accept", { id }), "BAD_REQUEST", "case.wrongStage");
    refused(await staff.mutate("cases.verify", { id, ok: true }), "BAD_REQUEST", "case.wrongStage");
    expectOk(await staff.mutate("cases.handled", { id }));
    expectOk(await staff.mutate("cases.verify", { id, ok: true }));
    for (const p of ["cases.accept", "cases.handled"]) refused(await staff.mutate(p, { id }), "BAD_REQUEST");
    refused(await staff.mutate("cases.verify", { id, ok: true }), "BAD_REQUEST", "case.wrongStage");
    refused(await staff.mutate("cases.extend", { id, days: 2, reason: "还需时间" }), "BAD_REQUEST", "case.closedCase");
    refused(await staff.mutate("cases.escalate", { id, note: "上报街道" }), "BAD_REQUEST", "case.closedCase");
    refused(
      await staff.mutate("cases.addEvent", { id, kind: "visit", note: "上门" }),
      "BAD_REQUEST",
      "case.closedCase",
    );
    expectOk(await staff.mutate("cases.addEvent", { id, kind: "followup", note: "回访：满意" }));
  });

  it("closedInTime is false when one stage ran late, even if later ones were in time", async () => {
    const { id } = await filed(resident, "hehua");
    expectOk(await staff.mutate("cases.accept", { id }));
    await setTimes(id, { stage_started_at: Date.now() - 10 * DAY, stage_due_at: Date.now() - 1000 });
    expectOk(await staff.mutate("cases.handled", { id }));
    const mid = await caseRow(id);
    expect(mid.late_at).not.toBeNull();
    expectOk(await staff.mutate("cases.verify", { id, ok: true }));
    const row = await caseRow(id);
    expect(row.status).toBe("closed");
    expect(row.closed_in_time).toBe(0);
  });

  it("closedInTime is false when the last stage is late", async () => {
    const { id } = await filed(resident, "hehua");
    expectOk(await staff.mutate("cases.accept", { id }));
    expectOk(await staff.mutate("cases.handled", { id }));
    await setTimes(id, { stage_due_at: Date.now() - 1 });
    expectOk(await staff.mutate("cases.verify", { id, ok: true }));
    expect((await caseRow(id)).closed_in_time).toBe(0);
  });
});

type BoardRow = { id: string; colour: string | null; gridId: string | null; assigneeUserId: string | null };

describe("colours, limits, extension, escalation", () => {
  let c: { id: string; slug: string; staff: Client };

  beforeAll(async () => {
    c = await emptyCommunity();
  });

  it("green, yellow and red on the board from the times in D1", async () => {
    const anon = new Client();
    const contact = { contactName: "王五", contactPhone: "13800002222" };
    const [g, y, r, edge] = await Promise.all([1, 2, 3, 4].map(() => filed(anon, c.slug, contact)));
    const now = Date.now();
    await setTimes(g.id, { stage_started_at: now - HOUR, stage_due_at: now + 10 * DAY });
    await setTimes(y.id, { stage_started_at: now - 8 * DAY, stage_due_at: now + DAY });
    await setTimes(r.id, { stage_started_at: now - 3 * DAY, stage_due_at: now - 1000 });
    // 70% of the time gone: still green.
    await setTimes(edge.id, { stage_started_at: now - 7 * DAY, stage_due_at: now + 3 * DAY });
    const board = expectOk(await c.staff.query<BoardRow[]>("cases.board", { communityId: c.id }));
    const colour = (id: string) => board.find((b) => b.id === id)?.colour;
    expect(colour(g.id)).toBe("green");
    expect(colour(y.id)).toBe("yellow");
    expect(colour(r.id)).toBe("red");
    expect(colour(edge.id)).toBe("green");
    const reds = expectOk(await c.staff.query<BoardRow[]>("cases.board", { communityId: c.id, colour: "red" }));
    expect(reds.map((b) => b.id)).toEqual([r.id]);
    expect(expectOk(await c.staff.query<{ colour: string }>("cases.get", { id: y.id })).colour).toBe("yellow");
    // Closed cases leave the board unless asked for, and have no colour.
    await close(c.staff, g.id);
    const open = expectOk(await c.staff.query<BoardRow[]>("cases.board", { communityId: c.id }));
    expect(open.map((b) => b.id)).not.toContain(g.id);
    const all = expectOk(await c.staff.query<BoardRow[]>("cases.board", { communityId: c.id, includeClosed: true }));
    expect(all.find((b) => b.id === g.id)?.colour).toBeNull();
  });

  it("the street's working-days setting and own limits change the due dates", async () => {
    const own = await ownStreet({ caseWorkingDays: true, caseLimits: { request: { accept: 3 } } });
    const [v] = await voters(own.id, 1);
    const { id } = await filed(v.client, own.slug, {}, own.street);
    const row = await caseRow(id);
    // Independently: 3 weekdays (Shanghai) after the filing day.
    let day = row.stage_started_at;
    for (let left = 3; left > 0;) {
      day += DAY;
      const wd = new Date(day + 8 * HOUR).getUTCDay();
      if (wd !== 0 && wd !== 6) left--;
    }
    expect(row.stage_due_at).toBe(endOf(new Date(day + 8 * HOUR).toISOString().slice(0, 10)));
    // An extension of 1 day from a Friday's end is Monday in working days…
    await setTimes(id, { stage_due_at: endOf("2030-03-08") }); // a Friday
    expect(new Date(endOf("2030-03-08") + 8 * HOUR).getUTCDay()).toBe(5);
    const ext = expectOk(
      await own.staff.mutate<{ stageDueAt: number }>("cases.extend", { id, days: 1, reason: "等待物业配件" }),
    );
    expect(ext.stageDueAt).toBe(endOf("2030-03-11"));
    // …and Saturday in calendar days (the demo street).
    const cal = await filed(new Client(), c.slug, { contactName: "王五", contactPhone: "13800002222" });
    await setTimes(cal.id, { stage_due_at: endOf("2030-03-08") });
    const ext2 = expectOk(
      await c.staff.mutate<{ stageDueAt: number }>("cases.extend", { id: cal.id, days: 1, reason: "等待物业配件" }),
    );
    expect(ext2.stageDueAt).toBe(endOf("2030-03-09"));
  });

  it("one extension only, audited; the second is refused", async () => {
    const { id } = await filed(new Client(), c.slug, { contactName: "王五", contactPhone: "13800002222" });
    const before = await caseRow(id);
    const r = expectOk(
      await c.staff.mutate<{ stageDueAt: number }>("cases.extend", { id, days: 2, reason: "需要协调物业" }),
    );
    expect(r.stageDueAt).toBe(dueAt(before.stage_due_at, 2, false));
    const after = await caseRow(id);
    expect(after.stage_due_at).toBe(r.stageDueAt);
    expect(after.extended_at).not.toBeNull();
    refused(
      await c.staff.mutate("cases.extend", { id, days: 2, reason: "还要再等" }),
      "BAD_REQUEST",
      "case.extendedOnce",
    );
    expect((await caseRow(id)).stage_due_at).toBe(r.stageDueAt);
    const audit = (
      await env.DB.prepare("SELECT before, after FROM audit_log WHERE action = 'case.extend' AND entity_id = ?")
        .bind(id)
        .all<{ before: string; after: string }>()
    ).results;
    expect(audit.length).toBe(1);
    expect(JSON.parse(audit[0].before).stageDueAt).toBe(before.stage_due_at);
    expect(JSON.parse(audit[0].after)).toMatchObject({ stageDueAt: r.stageDueAt, reason: "需要协调物业" });
  });

  it("escalation flags the case for the street; street-admin takes and returns it; street-viewer cannot", async () => {
    const { id } = await filed(resident, "hehua");
    const streetAdmin = await Client.as("street-admin");
    const viewer = await Client.as("street-viewer");
    type Street = {
      flagged: { id: string; escalatedAt: number | null; streetHolds: boolean }[];
      communities: unknown[];
    };
    let view = expectOk(await viewer.query<Street>("cases.street"));
    expect(view.flagged.map((f) => f.id)).not.toContain(id);
    refused(await staff.mutate("cases.streetTake", { id }), "FORBIDDEN");
    refused(await streetAdmin.mutate("cases.streetTake", { id }), "BAD_REQUEST", "case.notEscalated");
    expectOk(await staff.mutate("cases.escalate", { id, note: "涉及多个小区，需街道协调" }));
    view = expectOk(await viewer.query<Street>("cases.street"));
    expect(view.flagged.find((f) => f.id === id)?.escalatedAt).toBeTruthy();
    refused(await viewer.mutate("cases.streetTake", { id }), "FORBIDDEN");
    refused(await viewer.mutate("cases.streetReturn", { id, note: "退回社区办理" }), "FORBIDDEN");
    expect((await caseRow(id)).street_holds).toBe(0);
    expectOk(await streetAdmin.mutate("cases.streetTake", { id }));
    expect((await caseRow(id)).street_holds).toBe(1);
    view = expectOk(await streetAdmin.query<Street>("cases.street"));
    expect(view.flagged.find((f) => f.id === id)?.streetHolds).toBe(true);
    expectOk(await streetAdmin.mutate("cases.streetReturn", { id, note: "退回社区办理，注意回访" }));
    const row = await caseRow(id);
    expect(row.street_holds).toBe(0);
    expect(row.escalated_at).toBeNull();
    view = expectOk(await streetAdmin.query<Street>("cases.street"));
    expect(view.flagged.map((f) => f.id)).not.toContain(id);
    const actions = (
      await env.DB.prepare("SELECT action FROM audit_log WHERE entity_id = ? ORDER BY at")
        .bind(id)
        .all<{ action: string }>()
    ).results.map((a) => a.action);
    expect(actions).toEqual(["case.escalate", "case.streetTake", "case.streetReturn"]);
    // A red case is flagged without escalation.
    await setTimes(id, { stage_due_at: Date.now() - 1000 });
    view = expectOk(await viewer.query<Street>("cases.street"));
    expect(view.flagged.map((f) => f.id)).toContain(id);
  });
});

describe("access", () => {
  it("a grid worker sees their grids' cases and ones assigned to them, nothing else", async () => {
    const mine = await filed(resident, "hehua", { gridId: myGrid });
    const other = await filed(resident, "hehua", { gridId: otherGrid });
    const loose = await filed(resident, "hehua");
    const board = expectOk(await gridWorker.query<BoardRow[]>("cases.board", { communityId: hehua }));
    const ids = board.map((b) => b.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(other.id);
    expect(ids).not.toContain(loose.id);
    for (const b of board)
      expect(b.gridId === myGrid || b.assigneeUserId === (await userId("grid-worker")), b.id).toBe(true);
    refused(await gridWorker.query("cases.get", { id: other.id }), "NOT_FOUND");
    refused(await gridWorker.mutate("cases.accept", { id: other.id }), "NOT_FOUND");
    expect((await caseRow(other.id)).status).toBe("accept");
    expectOk(await gridWorker.query("cases.get", { id: mine.id }));
    // Assigned to them by staff: now theirs.
    expectOk(await staff.mutate("cases.reassign", { id: loose.id, assigneeUserId: await userId("grid-worker") }));
    const after = expectOk(await gridWorker.query<BoardRow[]>("cases.board", { communityId: hehua })).map((b) => b.id);
    expect(after).toContain(loose.id);
    expectOk(await gridWorker.query("cases.get", { id: loose.id }));
    // Staff see them all.
    const all = expectOk(await staff.query<BoardRow[]>("cases.board", { communityId: hehua })).map((b) => b.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, other.id, loose.id]));
  });

  it("the resident sees only their own cases", async () => {
    const [other] = await voters(hehua, 1);
    const theirs = await filed(other.client, "hehua");
    const ours = await filed(resident, "hehua");
    const mine = expectOk(await resident.query<{ id: string }[]>("cases.mine")).map((m) => m.id);
    expect(mine).toContain(ours.id);
    expect(mine).not.toContain(theirs.id);
    expect(expectOk(await other.client.query<{ id: string }[]>("cases.mine")).map((m) => m.id)).toEqual([theirs.id]);
    refused(await resident.query("cases.get", { id: ours.id }), "FORBIDDEN");
    refused(await resident.query("cases.board", { communityId: hehua }), "FORBIDDEN");
  });

  it("staff private notes never reach the resident, the tracking page or the public figures", async () => {
    const c = await emptyCommunity();
    const [v] = await voters(c.id, 1);
    const { id, trackingCode } = await filed(v.client, c.slug, { kind: "dispute" });
    const SECRET = `内部备注-${Math.random().toString(36).slice(2)}`;
    const PUBLIC = `已电话联系居民-${Math.random().toString(36).slice(2)}`;
    expectOk(await c.staff.mutate("cases.addEvent", { id, kind: "comment", note: SECRET, private: true }));
    expectOk(await c.staff.mutate("cases.addEvent", { id, kind: "call", note: PUBLIC }));
    const got = expectOk(await c.staff.query<{ events: { note: string; private: boolean }[] }>("cases.get", { id }));
    expect(got.events.map((e) => e.note)).toEqual(expect.arrayContaining([SECRET, PUBLIC]));
    const mine = JSON.stringify(expectOk(await v.client.query("cases.mine")));
    expect(mine).toContain(PUBLIC);
    expect(mine).not.toContain(SECRET);
    const tracked = expectOk(await new Client().query("cases.track", { code: trackingCode }));
    expect(JSON.stringify(tracked)).toContain(PUBLIC);
    expect(JSON.stringify(tracked)).not.toContain(SECRET);
    expect(JSON.stringify(tracked)).not.toContain(v.name);
    const stats = expectOk(await new Client().query("cases.stats", { street: STREET, community: c.slug }));
    expect(JSON.stringify(stats)).not.toContain(SECRET);
    expect(JSON.stringify(stats)).not.toContain(PUBLIC);
    refused(await new Client().query("cases.track", { code: "XXXX-XXXX-XXXX" }), "NOT_FOUND");
  });

  it("another community's admin gets NOT_FOUND", async () => {
    const taoyuanAdmin = await Client.as("taoyuan-admin");
    const { id } = await filed(resident, "hehua");
    refused(await taoyuanAdmin.query("cases.get", { id }), "NOT_FOUND");
    refused(await taoyuanAdmin.mutate("cases.accept", { id }), "NOT_FOUND");
    refused(await taoyuanAdmin.mutate("cases.addEvent", { id, kind: "comment", note: "越权" }), "NOT_FOUND");
    refused(await taoyuanAdmin.mutate("cases.extend", { id, days: 1, reason: "越权延期" }), "NOT_FOUND");
    expect((await caseRow(id)).status).toBe("accept");
    expect((await caseRow(id)).extended_at).toBeNull();
    const board = await taoyuanAdmin.query("cases.board", { communityId: hehua });
    expect(board.ok).toBe(false);
  });
});

describe("mediation (disputes only)", () => {
  it("after a party refuses, no further mediation or agreement (Art 17)", async () => {
    const { id } = await filed(resident, "hehua", { kind: "dispute", category: "neighbours" });
    expectOk(await staff.mutate("cases.accept", { id }));
    expect(
      expectOk(
        await staff.mutate<{ mediation: string }>("cases.addEvent", { id, kind: "mediation", note: "第一次调解" }),
      ).mediation,
    ).toBe("held");
    refused(await staff.mutate("cases.handled", { id }), "BAD_REQUEST", "case.mediationOpen");
    expect(
      expectOk(
        await staff.mutate<{ mediation: string }>("cases.addEvent", { id, kind: "refusal", note: "楼上住户拒绝调解" }),
      ).mediation,
    ).toBe("refused");
    const again = await staff.mutate("cases.addEvent", { id, kind: "mediation", note: "再次调解" });
    refused(again, "BAD_REQUEST", "case.mediationRefused");
    if (!again.ok) expect(again.error.message).toContain("第17条");
    const agreement = {
      parties: "张三、李四",
      facts: "漏水",
      terms: "修复防水",
      deadline: "2025年5月1日前",
    };
    refused(
      await staff.mutate("cases.addEvent", { id, kind: "agreement", note: "达成协议", agreement }),
      "BAD_REQUEST",
      "case.mediationRefused",
    );
    const row = await caseRow(id);
    expect(row.mediation).toBe("refused");
    expect(row.agreed_at).toBeNull();
    // The refusal ends the mediation: handling can go on by other channels.
    expectOk(await staff.mutate("cases.handled", { id }));
  });

  it("an agreement needs parties, facts, terms and deadline and opens the 30-day court window", async () => {
    const { id } = await filed(resident, "hehua", { kind: "dispute", category: "neighbours" });
    expectOk(await staff.mutate("cases.accept", { id }));
    expectOk(await staff.mutate("cases.addEvent", { id, kind: "mediation", note: "调解会" }));
    refused(
      await staff.mutate("cases.addEvent", { id, kind: "agreement", note: "达成协议" }),
      "BAD_REQUEST",
      "case.agreementTerms",
    );
    const full = { parties: "张三、李四", facts: "楼上漏水", terms: "楼上修复防水", deadline: "30日内" };
    for (const k of ["parties", "facts", "terms", "deadline"] as const) {
      const { [k]: _, ...missing } = full;
      refused(
        await staff.mutate("cases.addEvent", { id, kind: "agreement", note: "达成协议", agreement: missing }),
        "BAD_REQUEST",
      );
    }
    expect((await caseRow(id)).mediation).toBe("held");
    const r = expectOk(
      await staff.mutate<{ mediation: string }>("cases.addEvent", {
        id,
        kind: "agreement",
        note: "达成协议",
        agreement: full,
      }),
    );
    expect(r.mediation).toBe("agreed");
    const row = await caseRow(id);
    expect(row.agreed_at).not.toBeNull();
    const until = courtConfirmationUntil(row.agreed_at!);
    const agreedDay = new Date(row.agreed_at! + 8 * HOUR);
    agreedDay.setUTCDate(agreedDay.getUTCDate() + 30);
    expect(until).toBe(endOf(agreedDay.toISOString().slice(0, 10)));
    const got = expectOk(
      await staff.query<{ courtConfirmationUntil: number; events: { kind: string; data: unknown }[] }>("cases.get", {
        id,
      }),
    );
    expect(got.courtConfirmationUntil).toBe(until);
    expect(got.events.find((e) => e.kind === "agreement")?.data).toEqual(full);
    const mine = expectOk(await resident.query<{ id: string; courtConfirmationUntil: number | null }[]>("cases.mine"));
    expect(mine.find((m) => m.id === id)?.courtConfirmationUntil).toBe(until);
    expectOk(await staff.mutate("cases.handled", { id }));
  });

  it("the tracking page shows the steps, never an agreement's parties and terms or the handler", async () => {
    const { id, trackingCode } = await filed(resident, "hehua", { kind: "dispute", category: "neighbours" });
    expectOk(await staff.mutate("cases.accept", { id }));
    expectOk(await staff.mutate("cases.addEvent", { id, kind: "mediation", note: "调解会" }));
    const full = { parties: "赵某、钱某", facts: "占用车位", terms: "赵某让出车位", deadline: "7日内" };
    expectOk(await staff.mutate("cases.addEvent", { id, kind: "agreement", note: "达成协议", agreement: full }));
    const tracked = expectOk(
      await new Client().query<{ handler: string | null; events: { kind: string; data: unknown }[] }>("cases.track", {
        code: trackingCode,
      }),
    );
    expect(tracked.events.map((e) => e.kind)).toContain("agreement");
    expect(tracked.handler).toBeNull();
    expect(JSON.stringify(tracked)).not.toContain("赵某");
  });

  it("a case that is not a dispute cannot record mediation", async () => {
    const { id } = await filed(resident, "hehua", { kind: "complaint" });
    for (const kind of ["mediation", "refusal", "agreement"]) {
      const r = await staff.mutate("cases.addEvent", {
        id,
        kind,
        note: "调解",
        agreement: { parties: "张三、李四", facts: "事实", terms: "条款", deadline: "期限" },
      });
      refused(r, "BAD_REQUEST", "case.notDispute");
      if (!r.ok) expect(Object.keys(r.error.data.fieldErrors ?? {})).toContain("kind");
    }
    expect((await caseRow(id)).mediation).toBe("none");
  });
});

describe("rating", () => {
  let c: { id: string; slug: string; staff: Client };
  let a: Voter;
  let b: Voter;
  beforeAll(async () => {
    c = await emptyCommunity();
    [a, b] = await voters(c.id, 2);
  });

  it("only the submitting resident, only after closing, only once; shows in the public average", async () => {
    const { id } = await filed(a.client, c.slug);
    refused(await a.client.mutate("cases.rate", { id, rating: 5 }), "BAD_REQUEST", "case.notClosed");
    await close(c.staff, id);
    const other = await b.client.mutate("cases.rate", { id, rating: 1 });
    expect(other.ok).toBe(false);
    if (!other.ok) expect(["NOT_FOUND", "BAD_REQUEST", "FORBIDDEN"]).toContain(other.error.data.code);
    refused(await resident.mutate("cases.rate", { id, rating: 1 }), "NOT_FOUND"); // another community's resident
    refused(await c.staff.mutate("cases.rate", { id, rating: 1 }), "FORBIDDEN");
    expect((await caseRow(id)).rating).toBeNull();
    expectOk(await a.client.mutate("cases.rate", { id, rating: 4, comment: "处理及时" }));
    refused(await a.client.mutate("cases.rate", { id, rating: 1 }), "BAD_REQUEST", "case.alreadyRated");
    expect((await caseRow(id)).rating).toBe(4);
    const second = await filed(b.client, c.slug);
    await close(c.staff, second.id);
    expectOk(await b.client.mutate("cases.rate", { id: second.id, rating: 1 }));
    const stats = expectOk(
      await new Client().query<{ averageRating: number; ratings: number }>("cases.stats", {
        street: STREET,
        community: c.slug,
      }),
    );
    expect(stats.ratings).toBe(2);
    expect(stats.averageRating).toBe(2.5);
  });
});

describe("photos", () => {
  it("the case's resident uploads; they and staff fetch it; visitors and other residents get 404", async () => {
    const { id } = await filed(resident, "hehua");
    const res = await uploadPhoto(resident, id);
    expect(res.status).toBe(200);
    const photo = (await res.json()) as { id: string };
    const row = await env.DB.prepare("SELECT case_id, published_at FROM attachments WHERE id = ?")
      .bind(photo.id)
      .first<{ case_id: string; published_at: number | null }>();
    expect(row).toEqual({ case_id: id, published_at: null });
    for (const who of [resident, staff]) {
      const got = await who.fetch(`/files/${photo.id}`);
      expect(got.status).toBe(200);
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(PNG);
      expect(got.headers.get("cache-control")).toContain("private");
    }
    const [other] = await voters(hehua, 1);
    expect((await new Client().fetch(`/files/${photo.id}`)).status).toBe(404);
    expect((await other.client.fetch(`/files/${photo.id}`)).status).toBe(404);
    expect((await (await Client.as("taoyuan-admin")).fetch(`/files/${photo.id}`)).status).toBe(404);
    // A grid worker whose grids do not include the case's, and who is not assigned, gets 404 too.
    const outsider = await createUser({ role: "grid_worker", community: "hehua" });
    const gw = await Client.as(outsider.username, outsider.password);
    expect((await gw.fetch(`/files/${photo.id}`)).status).toBe(404);
    expect((await uploadPhoto(gw, id)).status).toBe(404);
    // Nor may they add photos to it.
    expect((await uploadPhoto(other.client, id)).status).toBe(404);
    expect((await uploadPhoto(new Client(), id)).status).toBe(401);
    // The photo is listed for the resident and staff.
    const mine = expectOk(await resident.query<{ id: string; photos: { id: string }[] }[]>("cases.mine"));
    expect(mine.find((m) => m.id === id)?.photos.map((p) => p.id)).toEqual([photo.id]);
    const got = expectOk(await staff.query<{ photos: { id: string }[] }>("cases.get", { id }));
    expect(got.photos.map((p) => p.id)).toEqual([photo.id]);
  });
});

describe("public stats", () => {
  it("match figures computed in SQL and hold no case text or names", async () => {
    const c = await emptyCommunity();
    const vs = await voters(c.id, 3);
    const words = [`厨房漏水-${Date.now()}`, `邻居噪音-${Date.now()}`];
    const made: string[] = [];
    const kinds = ["request", "request", "complaint", "dispute", "dispute", "dispute", "suggestion"] as const;
    for (const [i, kind] of kinds.entries())
      made.push((await filed(vs[i % 3].client, c.slug, { kind, description: `${words[i % 2]} ${i}` })).id);
    // Spread over months (Shanghai), one case older than a year.
    const now = Date.now();
    await setTimes(made[0], { created_at: now - 40 * DAY });
    await setTimes(made[1], { created_at: now - 70 * DAY });
    await setTimes(made[6], { created_at: now - 400 * DAY });
    // Mediation: one agreed, one refused, one held.
    const agreement = { parties: "甲、乙", facts: "噪音", terms: "夜间不装修", deadline: "即日起" };
    for (const id of made.slice(3, 6)) expectOk(await c.staff.mutate("cases.accept", { id }));
    expectOk(await c.staff.mutate("cases.addEvent", { id: made[3], kind: "agreement", note: "协议", agreement }));
    expectOk(await c.staff.mutate("cases.addEvent", { id: made[4], kind: "refusal", note: "拒绝调解" }));
    expectOk(await c.staff.mutate("cases.addEvent", { id: made[5], kind: "mediation", note: "调解中" }));
    // Closed: two in time, one late.
    await close(c.staff, made[0]);
    await close(c.staff, made[2]);
    expectOk(await c.staff.mutate("cases.handled", { id: made[3] }));
    await setTimes(made[3], { stage_due_at: now - 1000 });
    expectOk(await c.staff.mutate("cases.verify", { id: made[3], ok: true }));
    expectOk(await vs[0].client.mutate("cases.rate", { id: made[0], rating: 5 }));
    expectOk(await vs[2].client.mutate("cases.rate", { id: made[2], rating: 2 }));
    expectOk(await vs[0].client.mutate("cases.rate", { id: made[3], rating: 4 }));

    type Stats = {
      byMonth: { month: string; kind: string; n: number }[];
      closed: number;
      closedInTimePct: number | null;
      mediations: number;
      mediationSuccessPct: number | null;
      ratings: number;
      averageRating: number | null;
    };
    const stats = expectOk(await new Client().query<Stats>("cases.stats", { street: STREET, community: c.slug }));

    const rows = (
      await env.DB.prepare(
        "SELECT kind, created_at, closed_at, closed_in_time, mediation, rating FROM cases WHERE community_id = ?",
      )
        .bind(c.id)
        .all<{
          kind: string;
          created_at: number;
          closed_at: number | null;
          closed_in_time: number | null;
          mediation: string;
          rating: number | null;
        }>()
    ).results;
    const yearAgo = Date.now() - 365 * DAY;
    const recent = rows.filter((r) => r.created_at >= yearAgo);
    const byMonth = new Map<string, number>();
    for (const r of recent) {
      const key = `${new Date(r.created_at + 8 * HOUR).toISOString().slice(0, 7)}|${r.kind}`;
      byMonth.set(key, (byMonth.get(key) ?? 0) + 1);
    }
    expect(new Map(stats.byMonth.map((m) => [`${m.month}|${m.kind}`, m.n]))).toEqual(byMonth);
    expect(stats.byMonth.reduce((s, m) => s + m.n, 0)).toBe(6);
    const closedRows = recent.filter((r) => r.closed_at !== null);
    expect(stats.closed).toBe(closedRows.length);
    expect(stats.closed).toBe(3);
    expect(stats.closedInTimePct).toBe(
      Math.round((closedRows.filter((r) => r.closed_in_time === 1).length / 3) * 1000) / 10,
    );
    expect(stats.closedInTimePct).toBe(66.7);
    // Finished mediations of the last year only: agreed or refused (one still in mediation is neither).
    const mediated = recent.filter(
      (r) => r.kind === "dispute" && (r.mediation === "agreed" || r.mediation === "refused"),
    );
    expect(stats.mediations).toBe(mediated.length);
    expect(stats.mediationSuccessPct).toBe(
      Math.round((mediated.filter((r) => r.mediation === "agreed").length / mediated.length) * 1000) / 10,
    );
    const rated = recent.filter((r) => r.rating !== null);
    expect(stats.ratings).toBe(rated.length);
    expect(stats.averageRating).toBe(Math.round((rated.reduce((s, r) => s + r.rating!, 0) / rated.length) * 10) / 10);

    const json = JSON.stringify(stats);
    for (const w of [...words, ...vs.map((v) => v.name), "甲、乙", "噪音", "拒绝调解"]) expect(json).not.toContain(w);
    for (const id of made) expect(json).not.toContain(id);

    // The street office's view carries the same figures for the community.
    const street = expectOk(
      await (await Client.as("street-viewer")).query<{ communities: ({ id: string } & Stats)[] }>("cases.street"),
    );
    expect(street.communities.find((x) => x.id === c.id)).toMatchObject(stats);
  });

  it("an empty community has no figures to divide", async () => {
    const c = await emptyCommunity();
    const stats = expectOk(await new Client().query("cases.stats", { street: STREET, community: c.slug }));
    expect(stats).toEqual({
      byMonth: [],
      closed: 0,
      closedInTimePct: null,
      mediations: 0,
      mediationSuccessPct: null,
      ratings: 0,
      averageRating: null,
    });
  });
});

describe("the street office's settings and open data", () => {
  it("street-admin sets the limits, new cases follow them; street-viewer cannot; open data has the figures", async () => {
    const admin = await Client.as("street-admin");
    const before = expectOk(
      await admin.query<{ limits: Record<string, Record<string, number>>; workingDays: boolean; yellowAt: number }>(
        "cases.settings",
      ),
    );
    const limits = { ...before.limits, complaint: { accept: 2, handle: 4, verify: 2 } };
    const viewer = await Client.as("street-viewer");
    const denied = await viewer.mutate("cases.updateSettings", { limits, workingDays: false, yellowAt: 0.75 });
    expect(denied.ok).toBe(false);
    try {
      expectOk(await admin.mutate("cases.updateSettings", { limits, workingDays: false, yellowAt: 0.75 }));
      expect(expectOk(await admin.query<{ limits: typeof limits }>("cases.settings")).limits.complaint.accept).toBe(2);
      const resident = await Client.as("resident");
      const { id } = await filed(resident, "hehua", { kind: "complaint" });
      const row = await caseRow(id);
      expect(row.stage_due_at).toBe(dueAt(row.stage_started_at, 2, false));
      const audit = await env.DB.prepare(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'street.caseSettings'",
      ).first<{
        n: number;
      }>();
      expect(audit!.n).toBeGreaterThan(0);
    } finally {
      expectOk(
        await admin.mutate("cases.updateSettings", {
          limits: before.limits,
          workingDays: before.workingDays,
          yellowAt: before.yellowAt,
        }),
      );
    }
    const open = await new Client().fetch("/api/open/v1/demo-street/hehua/cases");
    expect(open.status).toBe(200);
    const body = (await open.json()) as { closed: number; byMonth: unknown[]; averageRating: number | null };
    const pub = expectOk(await new Client().query<typeof body>("cases.stats", { street: STREET, community: "hehua" }));
    expect(body).toMatchObject(pub);
  });
});
