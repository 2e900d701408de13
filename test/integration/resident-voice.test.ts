import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, type TrpcResult } from "./helpers";
import { communityId, expectOk, publishedNotice, STREET } from "./fixtures";
import { auditOf, registryCounts, residentByName, type ResidentRow } from "./residents-fixtures";

const DAY = 86_400_000;

type Objection = {
  id: string;
  noticeId: string;
  noticeTitle: string;
  kind: string;
  text: string;
  residentName: string;
  createdAt: number;
  answer: string | null;
  answeredAt: number | null;
  published: boolean;
  overdue: boolean;
  answerDueAt: number;
};
type ObjectionPage = { items: Objection[]; nextCursor: string | null };

function expectError(
  r: TrpcResult<unknown>,
  code: string,
  label = "",
): { message: string; fieldErrors?: Record<string, string> } {
  expect(r.ok, `${label} should fail with ${code}`).toBe(false);
  if (r.ok) throw new Error("unreachable");
  expect(r.error.data.code, `${label}: ${r.error.message}`).toBe(code);
  return { message: r.error.message, fieldErrors: r.error.data.fieldErrors };
}

async function noticeId(title: string): Promise<string> {
  const row = await env.DB.prepare("SELECT id FROM notices WHERE title = ?").bind(title).first<{ id: string }>();
  if (!row) throw new Error(`no notice ${title}`);
  return row.id;
}

const RELIEF = "2026 年 11 月临时救助名单公示";
const ELEVATOR = "关于 3 号楼加装电梯征求意见的公告";
const PARTY = "十二月主题党日活动安排";
const QUARTER = "荷花社区 2026 年第三季度居务公开";
const PARKING = "社区停车位临时调整通知";
const LATE_QUERY = "施工期间楼道是否封闭？老人出行怎么办？";

let resident: Client;
let staff: Client;
let me: ResidentRow;
let hehua: string;

beforeAll(async () => {
  resident = await Client.as("resident");
  staff = await Client.as("community-staff");
  me = await residentByName("张三丰");
  hehua = await communityId("hehua");
});

async function objectionsPage(c: Client, input: Record<string, unknown>): Promise<Objection[]> {
  const all: Objection[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = expectOk(
      await c.query<ObjectionPage>("notices.objections", {
        communityId: hehua,
        ...input,
        ...(cursor ? { cursor } : {}),
      }),
    );
    all.push(...page.items);
    if (!page.nextCursor) return all;
    cursor = page.nextCursor;
  }
  throw new Error("notices.objections does not end");
}

describe("the resident's own page", () => {
  it("me.profile shows the resident's own registry entry with household, group and grid", async () => {
    const p = expectOk(await resident.query<Record<string, unknown>>("me.profile"));
    expect(p).toMatchObject({
      name: "张三丰",
      birthDate: "1968-05-12",
      phone: "13800138000",
      isHouseholdRep: true,
      status: "active",
      address: "3号楼1单元301室",
      groupName: "第一居民小组",
      gridName: "第一网格",
      gridWorkerName: "赵网格",
      gridWorkPhone: "021-55501301",
      community: { street: STREET, slug: "hehua", name: "荷花社区", kind: "urban" },
    });
  });

  it.each(["community-admin", "community-staff", "grid-worker", "supervisor", "street-admin", "taoyuan-admin"])(
    "%s cannot call me.* (FORBIDDEN)",
    async (who) => {
      const c = await Client.as(who);
      const before = await registryCounts();
      for (const path of ["me.profile", "me.acknowledgements", "me.objections", "me.export"])
        expectError(await c.query(path), "FORBIDDEN", `${who} ${path}`);
      expectError(await c.mutate("me.requestCorrection", { text: "请修改我的信息" }), "FORBIDDEN", who);
      // Nor act as a resident on notices.
      const relief = await noticeId(RELIEF);
      if (who !== "taoyuan-admin") {
        expectError(await c.mutate("notices.acknowledge", { id: relief }), "FORBIDDEN", `${who} acknowledge`);
        expectError(await c.mutate("notices.object", { id: relief, kind: "query", text: "工作人员提问" }), "FORBIDDEN");
      }
      expect(await registryCounts()).toEqual(before);
    },
  );
});

describe("已阅: acknowledgements", () => {
  it("acknowledging a published notice is idempotent and listed once in me.acknowledgements", async () => {
    const relief = await noticeId(RELIEF);
    expect(expectOk(await resident.mutate("notices.acknowledge", { id: relief }))).toEqual({ acknowledged: true });
    expect(expectOk(await resident.mutate("notices.acknowledge", { id: relief }))).toEqual({ acknowledged: true });
    expect(expectOk(await resident.mutate("notices.acknowledge", { id: relief }))).toEqual({ acknowledged: true });
    const rows = (
      await env.DB.prepare("SELECT version FROM notice_acknowledgements WHERE notice_id = ? AND resident_id = ?")
        .bind(relief, me.id)
        .all<{ version: number }>()
    ).results;
    expect(rows).toEqual([{ version: 1 }]);

    const acks = expectOk(
      await resident.query<{ noticeId: string; title: string; version: number }[]>("me.acknowledgements"),
    );
    expect(acks.filter((a) => a.noticeId === relief)).toEqual([
      expect.objectContaining({ noticeId: relief, title: RELIEF, version: 1 }),
    ]);
    // The seeded acknowledgement is there too, once.
    expect(acks.filter((a) => a.title === QUARTER)).toHaveLength(1);
    expect(new Set(acks.map((a) => a.noticeId)).size).toBe(acks.length);

    const status = expectOk(
      await resident.query<{ acknowledgedAt: number | null }>("notices.myStatus", { id: relief }),
    );
    expect(status.acknowledgedAt).toEqual(expect.any(Number));
  });

  it("a withdrawn notice may be acknowledged; a draft cannot", async () => {
    expectOk(await resident.mutate("notices.acknowledge", { id: await noticeId(PARKING) }));
    const draft = (await env.DB.prepare("SELECT id FROM notices WHERE community_id = ? AND status = 'draft' LIMIT 1")
      .bind(hehua)
      .first<{ id: string }>())!.id;
    const before = await registryCounts();
    const r = await resident.mutate("notices.acknowledge", { id: draft });
    expect(r.ok).toBe(false);
    expect(await registryCounts()).toEqual(before);
  });
});

describe("询问 / 异议", () => {
  let myQuery: string;

  it("a query within the publicity period is stored, answer due in 10 days", async () => {
    const party = await noticeId(PARTY);
    const before = Date.now();
    const r = expectOk(
      await resident.mutate<{ id: string; answerDueAt: number }>("notices.object", {
        id: party,
        kind: "query",
        text: "  党员以外的居民可以旁听吗？  ",
      }),
    );
    myQuery = r.id;
    const row = await env.DB.prepare("SELECT * FROM notice_objections WHERE id = ?").bind(r.id).first<{
      notice_id: string;
      resident_id: string;
      community_id: string;
      kind: string;
      body: string;
      version: number;
      created_at: number;
      answered_at: number | null;
      published: number;
    }>();
    expect(row).toMatchObject({
      notice_id: party,
      resident_id: me.id,
      community_id: hehua,
      kind: "query",
      body: "党员以外的居民可以旁听吗？",
      version: 1,
      answered_at: null,
      published: 0,
    });
    expect(row!.created_at).toBeGreaterThanOrEqual(before);
    expect(r.answerDueAt).toBe(row!.created_at + 10 * DAY);

    const mine = expectOk(await resident.query<{ id: string; answer: string | null }[]>("me.objections"));
    expect(mine.find((o) => o.id === r.id)).toMatchObject({ answer: null, text: "党员以外的居民可以旁听吗？" });
    const status = expectOk(await resident.query<{ objections: { id: string }[] }>("notices.myStatus", { id: party }));
    expect(status.objections.map((o) => o.id)).toContain(r.id);

    const open = await objectionsPage(staff, { status: "open" });
    expect(open.find((o) => o.id === r.id)).toMatchObject({
      overdue: false,
      residentName: "张三丰",
      noticeTitle: PARTY,
    });
  });

  it("an objection with too little text is BAD_REQUEST naming the field", async () => {
    const before = await registryCounts();
    const e = expectError(
      await resident.mutate("notices.object", { id: await noticeId(PARTY), kind: "objection", text: " " }),
      "BAD_REQUEST",
    );
    expect(Object.keys(e.fieldErrors ?? {})).toEqual(["text"]);
    expect(await registryCounts()).toEqual(before);
  });

  it("after the publicity period queries are refused", async () => {
    const before = await registryCounts();
    // The elevator notice's current version was published 18 days ago with 15 days of publicity.
    const e = expectError(
      await resident.mutate("notices.object", { id: await noticeId(ELEVATOR), kind: "query", text: "还能提意见吗？" }),
      "BAD_REQUEST",
    );
    expect(e.message).toContain("公示期已结束");
    expectError(
      await resident.mutate("notices.object", { id: await noticeId(PARKING), kind: "objection", text: "撤回的公告" }),
      "BAD_REQUEST",
    );
    expect(await registryCounts()).toEqual(before);

    // A fresh notice: open now, closed once its current version's publicity has ended.
    const admin = await Client.as("community-admin");
    const fresh = await publishedNotice(admin, "hehua", "居民询问期限测试");
    expectOk(await resident.mutate("notices.object", { id: fresh, kind: "objection", text: "期内提出的异议" }));
    await env.DB.prepare("UPDATE notice_versions SET publicity_ends_at = ? WHERE notice_id = ?")
      .bind(Date.now() + 60_000, fresh)
      .run();
    expectOk(await resident.mutate("notices.object", { id: fresh, kind: "query", text: "期末前一分钟" }));
    await env.DB.prepare("UPDATE notice_versions SET publicity_ends_at = ? WHERE notice_id = ?")
      .bind(Date.now() - 1, fresh)
      .run();
    const mid = await registryCounts();
    expectError(await resident.mutate("notices.object", { id: fresh, kind: "query", text: "期满之后" }), "BAD_REQUEST");
    expect(await registryCounts()).toEqual(mid);
    // Acknowledging stays possible after the period.
    expectOk(await resident.mutate("notices.acknowledge", { id: fresh }));
  });

  it("a resident cannot acknowledge, query or look at a taoyuan notice (NOT_FOUND)", async () => {
    const taoyuan = (await env.DB.prepare(
      "SELECT id FROM notices WHERE community_id = ? AND status = 'published' LIMIT 1",
    )
      .bind(await communityId("taoyuan"))
      .first<{ id: string }>())!.id;
    const before = await registryCounts();
    expectError(await resident.mutate("notices.acknowledge", { id: taoyuan }), "NOT_FOUND");
    expectError(
      await resident.mutate("notices.object", { id: taoyuan, kind: "query", text: "跨社区提问" }),
      "NOT_FOUND",
    );
    expectError(await resident.query("notices.myStatus", { id: taoyuan }), "NOT_FOUND");
    expectError(await resident.mutate("notices.acknowledge", { id: "NO-SUCH-NOTICE" }), "NOT_FOUND");
    expect(await registryCounts()).toEqual(before);
  });

  it("staff see the seeded 12-day-old query as overdue", async () => {
    const overdue = await objectionsPage(staff, { status: "overdue" });
    const late = overdue.find((o) => o.text === LATE_QUERY);
    expect(late).toBeDefined();
    expect(late).toMatchObject({ overdue: true, answer: null, answeredAt: null, noticeTitle: ELEVATOR, kind: "query" });
    expect(late!.answerDueAt).toBe(late!.createdAt + 10 * DAY);
    expect(Date.now() - late!.createdAt).toBeGreaterThan(11 * DAY);
    expect(overdue.every((o) => o.overdue && o.answeredAt === null)).toBe(true);
    expect(overdue.map((o) => o.id)).not.toContain(myQuery);

    const all = await objectionsPage(staff, {});
    const answered = await objectionsPage(staff, { status: "answered" });
    const open = await objectionsPage(staff, { status: "open" });
    expect(answered.every((o) => o.answeredAt !== null && !o.overdue)).toBe(true);
    expect(answered.map((o) => o.text)).toContain("加装电梯的费用如何分摊？一楼住户是否需要出资？");
    expect(open.every((o) => o.answeredAt === null)).toBe(true);
    expect(open.map((o) => o.text)).toContain("名单中一户家庭近期已有固定收入，建议再次核实。");
    expect(answered.length + open.length).toBe(all.length);

    // Paging one by one covers every row once.
    const oneByOne = await objectionsPage(staff, { limit: 1 });
    expect(oneByOne.map((o) => o.id)).toEqual(all.map((o) => o.id));
    expect(new Set(oneByOne.map((o) => o.id)).size).toBe(all.length);

    // The supervisor and the street office follow the answers; grid workers and taoyuan do not see them.
    expect((await objectionsPage(await Client.as("supervisor"), { status: "overdue" })).length).toBe(overdue.length);
    expect((await objectionsPage(await Client.as("street-viewer"), { status: "overdue" })).length).toBe(overdue.length);
    expectError(
      await (await Client.as("grid-worker")).query("notices.objections", { communityId: hehua }),
      "FORBIDDEN",
    );
    expectError(
      await (await Client.as("taoyuan-admin")).query("notices.objections", { communityId: hehua }),
      "NOT_FOUND",
    );
  });

  it("a published answer shows on the public notice with the question and no name; answering twice is refused", async () => {
    const late = (await objectionsPage(staff, { status: "overdue" })).find((o) => o.text === LATE_QUERY)!;
    const asker = await env.DB.prepare(
      "SELECT r.id, r.name, r.phone FROM notice_objections o JOIN residents r ON r.id = o.resident_id WHERE o.id = ?",
    )
      .bind(late.id)
      .first<{ id: string; name: string; phone: string }>();
    expect(asker!.name.length).toBeGreaterThan(1);

    const sup = await Client.as("supervisor");
    expectError(
      await sup.mutate("notices.respondObjection", { id: late.id, answer: "监督委员不能答复", publish: true }),
      "FORBIDDEN",
    );
    const answer = "施工期间每天 8:00–17:00 封闭一侧楼道，另一侧通行；行动不便的老人可预约志愿者协助。";
    expectOk(await staff.mutate("notices.respondObjection", { id: late.id, answer, publish: true }));
    const audit = await auditOf(late.id, "objection.answer");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_name: "李秀英", entity: "objection", community_id: hehua });

    const elevator = await noticeId(ELEVATOR);
    for (const version of [undefined, 1, 2]) {
      const res = await new Client().fetch(
        `/trpc/notices.get?input=${encodeURIComponent(JSON.stringify({ street: STREET, community: "hehua", id: elevator, version }))}`,
      );
      const text = await res.text();
      const body = JSON.parse(text) as { result: { data: { questions: Record<string, unknown>[] } } };
      const questions = body.result.data.questions;
      const q = questions.find((x) => x.text === LATE_QUERY);
      expect(q).toMatchObject({ kind: "query", text: LATE_QUERY, answer });
      expect(Object.keys(q!).sort()).toEqual(["answer", "answeredAt", "createdAt", "kind", "text"]);
      expect(questions.map((x) => x.text)).toContain("加装电梯的费用如何分摊？一楼住户是否需要出资？");
      expect(text).not.toContain(asker!.name);
      expect(text).not.toContain(asker!.id);
      if (asker!.phone) expect(text).not.toContain(asker!.phone);
      expect(text).not.toContain("residentName");
      expect(text).not.toContain("residentId");
    }
    // The open data shows the same, also without a name.
    const open = await new Client().fetch(`/api/open/v1/${STREET}/hehua/notices/${elevator}`);
    const openText = await open.text();
    expect(openText).toContain(answer);
    expect(openText).not.toContain(asker!.name);

    const before = await registryCounts();
    const again = expectError(
      await staff.mutate("notices.respondObjection", { id: late.id, answer: "第二次答复", publish: false }),
      "BAD_REQUEST",
    );
    expect(again.message).toBe("该询问已答复");
    expect(await registryCounts()).toEqual(before);
    const row = await env.DB.prepare("SELECT answer, published FROM notice_objections WHERE id = ?")
      .bind(late.id)
      .first();
    expect(row).toEqual({ answer, published: 1 });
    expect((await objectionsPage(staff, { status: "overdue" })).map((o) => o.id)).not.toContain(late.id);
  });

  it("an answer not published reaches the resident in me.objections only", async () => {
    const answer = "欢迎居民旁听，请提前到党群服务中心登记。";
    expectOk(await staff.mutate("notices.respondObjection", { id: myQuery, answer, publish: false }));
    const mine = expectOk(
      await resident.query<
        { id: string; answer: string | null; answeredAt: number | null; published: boolean; title: string }[]
      >("me.objections"),
    );
    expect(mine.find((o) => o.id === myQuery)).toMatchObject({
      answer,
      answeredAt: expect.any(Number),
      published: false,
      title: PARTY,
    });
    const status = expectOk(
      await resident.query<{ objections: { id: string; answer: string | null }[] }>("notices.myStatus", {
        id: await noticeId(PARTY),
      }),
    );
    expect(status.objections.find((o) => o.id === myQuery)?.answer).toBe(answer);
    const pub = expectOk(
      await new Client().query<{ questions: unknown[] }>("notices.get", {
        street: STREET,
        community: "hehua",
        id: await noticeId(PARTY),
      }),
    );
    expect(pub.questions).toEqual([]);
    // Staff see it among the answered ones.
    const others = JSON.stringify(
      expectOk(await (await Client.as("community-staff")).query("notices.objections", { communityId: hehua })),
    );
    expect(others).toContain(answer);
  });
});

describe("PIPL: the resident's own data", () => {
  it("me.export returns the resident's own data and nobody else's", async () => {
    const data = expectOk(
      await resident.query<{
        resident: { id: string; name: string; phone: string };
        household: { id: string; address: string } | null;
        history: { resident_id?: string; residentId?: string }[];
        acknowledgements: { residentId: string }[];
        objections: { residentId: string }[];
        correctionRequests: { residentId: string }[];
        community: { community: string };
      }>("me.export"),
    );
    expect(data.resident).toMatchObject({ id: me.id, name: "张三丰", phone: "13800138000" });
    expect(data.household).toMatchObject({ id: me.household_id, address: "3号楼1单元301室" });
    expect(data.community).toMatchObject({ community: "hehua" });
    expect(data.acknowledgements.length).toBeGreaterThanOrEqual(2);
    expect(data.objections.length).toBeGreaterThanOrEqual(2);
    for (const list of [data.acknowledgements, data.objections, data.correctionRequests])
      expect(list.every((x) => x.residentId === me.id)).toBe(true);

    const text = JSON.stringify(data);
    // Names of staff and public officials may appear (e.g. who recorded a change); no other resident's may.
    const publicNames = new Set(
      (
        await env.DB.prepare(
          "SELECT name FROM community_officials UNION SELECT display_name FROM users WHERE role != 'resident' UNION SELECT worker_name FROM grids",
        ).all<{ name: string }>()
      ).results.map((r) => r.name),
    );
    const others = (
      await env.DB.prepare("SELECT id, name, phone FROM residents WHERE id != ?").bind(me.id).all<{
        id: string;
        name: string;
        phone: string;
      }>()
    ).results;
    expect(others.length).toBeGreaterThan(100);
    const leaked = others.filter(
      (o) =>
        (!publicNames.has(o.name) && text.includes(o.name)) ||
        (o.phone && text.includes(o.phone)) ||
        text.includes(o.id),
    );
    expect(leaked.map((o) => o.name)).toEqual([]);
  });

  it("a correction request reaches staff, who close it; the resident sees the outcome", async () => {
    const before = await registryCounts();
    const bad = expectError(await resident.mutate("me.requestCorrection", { text: "x" }), "BAD_REQUEST");
    expect(Object.keys(bad.fieldErrors ?? {})).toEqual(["text"]);
    expect(await registryCounts()).toEqual(before);

    const text = "我的手机号已更换为 13900001111，请更新。";
    const { id } = expectOk(await resident.mutate<{ id: string }>("me.requestCorrection", { text }));
    const requested = await auditOf(me.id, "correction.request");
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatchObject({ actor_name: "张三丰", community_id: hehua });

    type Correction = {
      id: string;
      residentId: string;
      residentName: string;
      text: string;
      status: string;
      response: string | null;
    };
    const open = expectOk(
      await staff.query<Correction[]>("residents.corrections", { communityId: hehua, status: "open" }),
    );
    expect(open.find((c) => c.id === id)).toMatchObject({
      residentId: me.id,
      residentName: "张三丰",
      text,
      status: "open",
    });
    expectError(
      await (await Client.as("grid-worker")).query("residents.corrections", { communityId: hehua }),
      "FORBIDDEN",
    );
    expectError(
      await (await Client.as("taoyuan-admin")).query("residents.corrections", { communityId: hehua }),
      "NOT_FOUND",
    );
    expectError(
      await (
        await Client.as("taoyuan-admin")
      ).mutate("residents.handleCorrection", { id, status: "done", response: "越权处理" }),
      "NOT_FOUND",
    );

    const response = "已核实并更新手机号。";
    expectOk(await staff.mutate("residents.handleCorrection", { id, status: "done", response }));
    const handled = await auditOf(id, "correction.handle");
    expect(handled).toHaveLength(1);
    expect(JSON.parse(handled[0].after!)).toEqual({ status: "done", response });

    const done = expectOk(
      await staff.query<Correction[]>("residents.corrections", { communityId: hehua, status: "done" }),
    );
    expect(done.find((c) => c.id === id)).toMatchObject({ status: "done", response });
    expect(
      expectOk(await staff.query<Correction[]>("residents.corrections", { communityId: hehua, status: "open" })).map(
        (c) => c.id,
      ),
    ).not.toContain(id);

    const mid = await registryCounts();
    const twice = expectError(
      await staff.mutate("residents.handleCorrection", { id, status: "rejected", response: "再次处理" }),
      "BAD_REQUEST",
    );
    expect(twice.message).toBe("该申请已处理");
    expect(await registryCounts()).toEqual(mid);

    const profile = expectOk(
      await resident.query<{ corrections: { id: string; status: string; response: string | null }[] }>("me.profile"),
    );
    expect(profile.corrections.find((c) => c.id === id)).toMatchObject({ status: "done", response });
    const exported = expectOk(
      await resident.query<{ correctionRequests: { id: string; status: string }[] }>("me.export"),
    );
    expect(exported.correctionRequests.find((c) => c.id === id)).toMatchObject({ status: "done" });
  });
});
