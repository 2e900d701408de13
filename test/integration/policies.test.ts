import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../../worker/router";
import { Client, tableCounts, type TrpcResult } from "./helpers";
import { communityId, createNotice, createStreet, createUser, expectOk, publishedNotice, unique } from "./fixtures";

type Proc = { _def: { type: "query" | "mutation" | "subscription"; meta?: { policy?: unknown } } };
const procedures = (appRouter as unknown as { _def: { procedures: Record<string, Proc> } })._def.procedures;

const DRAFT_READERS = "community:community_admin,community_staff,supervisor,street_admin,street_viewer";
const WRITERS = "community:community_admin,community_staff";
const PUBLISHERS = "community:community_admin";
const STAFF_MANAGERS = "scope:street_admin,community_admin";

/** Who may call what. Changing a policy means changing this table too: on purpose, in review. */
const REGISTRY_KEEPERS = "community:community_admin,community_staff";
const REGISTRY_READERS = "community:community_admin,community_staff,grid_worker";
const RESIDENT = "community:resident";
const FINANCE_READERS = "community:community_admin,community_staff,supervisor,street_admin,street_viewer";
/** Community staff of the team's community, or the resident who leads the team. */
const TEAM_LEAD = "team:community_admin,community_staff,leader";
/** Who handles residents' cases, and who may read them. */
const CASE_HANDLERS = "community:community_admin,community_staff,grid_worker";
const CASE_READERS = "community:community_admin,community_staff,grid_worker,supervisor,street_admin,street_viewer";

const EXPECTED: Record<string, string> = {
  "auth.login": "public",
  "auth.logout": "public",
  "auth.me": "public",
  "auth.changePassword": "authenticated",
  "directory.streets": "public",
  "directory.communities": "public",
  "directory.community": "public",
  "admin.communities.list": "street:street_admin,street_viewer",
  "admin.communities.create": "street:street_admin",
  "admin.communities.profile": DRAFT_READERS,
  "admin.communities.updateProfile": PUBLISHERS,
  "admin.staff.list": STAFF_MANAGERS,
  "admin.staff.create": STAFF_MANAGERS,
  "admin.staff.resetPassword": STAFF_MANAGERS,
  "admin.staff.setDisabled": STAFF_MANAGERS,
  "notices.list": "public",
  "notices.get": "public",
  "notices.drafts": DRAFT_READERS,
  "notices.edit": DRAFT_READERS,
  "notices.create": WRITERS,
  "notices.update": WRITERS,
  "notices.submit": WRITERS,
  "notices.publish": PUBLISHERS,
  "notices.correct": PUBLISHERS,
  "notices.withdraw": PUBLISHERS,
  "notices.removeAttachment": WRITERS,
  "audit.list": "scope:community_admin,street_admin,street_viewer",
  "transparency.log": "public",
  "transparency.verify": "public",
  "auth.activate": "public",
  "directory.grids": "public",
  "admin.grids.list": "community:community_admin,community_staff,grid_worker,supervisor,street_admin,street_viewer",
  "admin.grids.create": REGISTRY_KEEPERS,
  "admin.grids.update": REGISTRY_KEEPERS,
  "notices.acknowledge": RESIDENT,
  "notices.object": RESIDENT,
  "notices.myStatus": RESIDENT,
  "notices.objections": "community:community_admin,community_staff,supervisor,street_admin,street_viewer",
  "notices.respondObjection": REGISTRY_KEEPERS,
  "residents.list": REGISTRY_READERS,
  "residents.get": REGISTRY_READERS,
  "residents.revealPhone": REGISTRY_READERS,
  "residents.create": REGISTRY_KEEPERS,
  "residents.update": REGISTRY_KEEPERS,
  "residents.moveOut": REGISTRY_KEEPERS,
  "residents.importContext": REGISTRY_KEEPERS,
  "residents.import": REGISTRY_KEEPERS,
  "residents.export": REGISTRY_KEEPERS,
  "residents.issueActivation": REGISTRY_KEEPERS,
  "residents.revokeActivation": REGISTRY_KEEPERS,
  "residents.households.list": REGISTRY_READERS,
  "residents.households.create": REGISTRY_KEEPERS,
  "residents.households.update": REGISTRY_KEEPERS,
  "residents.groups.list": REGISTRY_READERS,
  "residents.groups.create": REGISTRY_KEEPERS,
  "residents.groups.update": REGISTRY_KEEPERS,
  "residents.corrections": REGISTRY_KEEPERS,
  "residents.handleCorrection": REGISTRY_KEEPERS,
  "me.profile": "resident:self",
  "me.acknowledgements": "resident:self",
  "me.objections": "resident:self",
  "me.export": "resident:self",
  "me.requestCorrection": "resident:self",
  "finance.periods": FINANCE_READERS,
  "finance.period": FINANCE_READERS,
  "finance.openPeriod": REGISTRY_KEEPERS,
  "finance.setOpening": REGISTRY_KEEPERS,
  "finance.addEntry": REGISTRY_KEEPERS,
  "finance.updateEntry": REGISTRY_KEEPERS,
  "finance.removeEntry": REGISTRY_KEEPERS,
  "finance.importContext": REGISTRY_KEEPERS,
  "finance.import": REGISTRY_KEEPERS,
  "finance.submit": REGISTRY_KEEPERS,
  "finance.approve": "community:supervisor,community_admin,community_staff",
  "finance.publish": PUBLISHERS,
  "finance.summary": "public",
  "finance.published": "public",
  "finance.overdue": "street:street_admin,street_viewer",
  "finance.settings": "street:street_admin,street_viewer",
  "finance.updateSettings": "street:street_admin",
  "meetings.list": "public",
  "meetings.get": "public",
  "meetings.staffList": FINANCE_READERS,
  "meetings.manage": FINANCE_READERS,
  "meetings.create": REGISTRY_KEEPERS,
  "meetings.update": REGISTRY_KEEPERS,
  "meetings.announce": REGISTRY_KEEPERS,
  "meetings.cancel": REGISTRY_KEEPERS,
  "meetings.open": REGISTRY_KEEPERS,
  "meetings.checkIn": "community:community_admin,community_staff,resident",
  "meetings.myAttendance": "community:resident",
  "meetings.searchRoll": REGISTRY_KEEPERS,
  "meetings.live": "community:community_admin,community_staff,supervisor,resident",
  "meetings.recordItemVote": REGISTRY_KEEPERS,
  "meetings.close": REGISTRY_KEEPERS,
  "meetings.publishMinutes": REGISTRY_KEEPERS,
  "meetings.compliance": "street:street_admin,street_viewer",
  "petitions.list": "public",
  "petitions.create": "resident:self",
  "petitions.sign": "resident:self",
  "petitions.mine": "resident:self",
  "petitions.staffList": FINANCE_READERS,
  "petitions.markConvened": REGISTRY_KEEPERS,
  "petitions.awaiting": "street:street_admin,street_viewer",
  "decisions.list": "public",
  "decisions.addUpdate": REGISTRY_KEEPERS,
  "polls.list": "public",
  "polls.get": "public",
  "polls.receipt": "public",
  "polls.reviews": "public",
  "polls.mine": "resident:self",
  "polls.cast": "resident:self",
  "polls.staffList": FINANCE_READERS,
  "polls.manage": FINANCE_READERS,
  "polls.create": REGISTRY_KEEPERS,
  "polls.update": REGISTRY_KEEPERS,
  "polls.publish": REGISTRY_KEEPERS,
  "polls.cancel": REGISTRY_KEEPERS,
  "polls.close": REGISTRY_KEEPERS,
  "polls.searchRoll": REGISTRY_KEEPERS,
  "polls.recordProxy": REGISTRY_KEEPERS,
  "polls.revokeProxy": REGISTRY_KEEPERS,
  "polls.street": "street:street_admin,street_viewer",
  "volunteers.teams": "public",
  "volunteers.openShifts": "public",
  "volunteers.verifyCertificate": "public",
  "volunteers.mine": "resident:self",
  "volunteers.register": "resident:self",
  "volunteers.updateSelf": "resident:self",
  "volunteers.joinTeam": "resident:self",
  "volunteers.signUp": "resident:self",
  "volunteers.cancel": "resident:self",
  "volunteers.checkIn": "resident:self",
  "volunteers.checkOut": "resident:self",
  "volunteers.myRecord": "resident:self",
  "volunteers.requestCertificate": "resident:self",
  "volunteers.myCertificate": "resident:self",
  "volunteers.teamList": FINANCE_READERS,
  "volunteers.teamCreate": REGISTRY_KEEPERS,
  "volunteers.teamUpdate": REGISTRY_KEEPERS,
  "volunteers.volunteerList": FINANCE_READERS,
  "volunteers.approveVolunteer": REGISTRY_KEEPERS,
  "volunteers.setInsurance": REGISTRY_KEEPERS,
  "volunteers.setGuardianConsent": REGISTRY_KEEPERS,
  "volunteers.setVolunteerStatus": REGISTRY_KEEPERS,
  "volunteers.teamArchive": REGISTRY_KEEPERS,
  "volunteers.addRecord": REGISTRY_KEEPERS,
  "volunteers.volunteerRecord": FINANCE_READERS,
  "volunteers.adjustMinutes": REGISTRY_KEEPERS,
  "volunteers.calendar": FINANCE_READERS,
  "volunteers.teamMembers": TEAM_LEAD,
  "volunteers.teamShifts": TEAM_LEAD,
  "volunteers.decideMembership": TEAM_LEAD,
  "volunteers.shiftCreate": TEAM_LEAD,
  "volunteers.shiftCancel": TEAM_LEAD,
  "volunteers.roster": TEAM_LEAD,
  "volunteers.leaderCheckIn": TEAM_LEAD,
  "volunteers.leaderCheckOut": TEAM_LEAD,
  "volunteers.streetStats": "street:street_admin,street_viewer",
  "cases.file": "public",
  "cases.track": "public",
  "cases.stats": "public",
  "cases.mine": "resident:self",
  "cases.rate": "resident:self",
  "cases.board": CASE_READERS,
  "cases.get": CASE_READERS,
  "cases.accept": CASE_HANDLERS,
  "cases.handled": CASE_HANDLERS,
  "cases.verify": CASE_HANDLERS,
  "cases.addEvent": CASE_HANDLERS,
  "cases.extend": CASE_HANDLERS,
  "cases.escalate": CASE_HANDLERS,
  "cases.reassign": REGISTRY_KEEPERS,
  "cases.streetTake": "community:street_admin",
  "cases.streetReturn": "community:street_admin",
  "cases.street": "street:street_admin,street_viewer",
  "cases.settings": "street:street_admin,street_viewer",
  "cases.updateSettings": "street:street_admin",
  "monitor.overview": "street:street_admin,street_viewer",
  "monitor.community": "community:street_admin,street_viewer",
  "monitor.alerts": "street:street_admin,street_viewer",
  "monitor.acknowledge": "street:street_admin",
  "monitor.assessment.get": "street:street_admin,street_viewer",
  "monitor.assessment.setWeights": "street:street_admin",
  "monitor.assessment.adjust": "community:street_admin",
  "monitor.assessment.publish": "street:street_admin",
  "monitor.publicAssessment": "public",
};

function call(c: Client, path: string, input?: unknown): Promise<TrpcResult<any>> {
  return procedures[path]._def.type === "query" ? c.query(path, input) : c.mutate(path, input);
}

function expectRefused(r: TrpcResult<unknown>, codes: string[], label: string) {
  expect(r.ok, `${label} should be refused`).toBe(false);
  if (!r.ok) expect(codes, `${label}: ${r.error.data?.code} ${r.error.message}`).toContain(r.error.data.code);
}

describe("policy declarations", () => {
  it("every procedure declares a policy", () => {
    const names = Object.keys(procedures);
    expect(names.length).toBeGreaterThan(20);
    const missing = names.filter((n) => typeof procedures[n]._def.meta?.policy !== "string");
    expect(missing).toEqual([]);
  });

  it("every procedure has exactly the expected policy", () => {
    const actual = Object.fromEntries(Object.entries(procedures).map(([n, p]) => [n, p._def.meta?.policy]));
    expect(actual).toEqual(EXPECTED);
  });
});

describe("anonymous callers", () => {
  const guarded = Object.keys(EXPECTED).filter((n) => EXPECTED[n] !== "public");

  it.each(guarded)("%s → UNAUTHORIZED", async (path) => {
    const anon = new Client();
    const before = await tableCounts(env.DB);
    for (const input of [{}, { id: "X", communityId: "X", userId: "X" }]) {
      const r = await call(anon, path, input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.data.code).toBe("UNAUTHORIZED");
        expect(r.status).toBe(401);
        expect(r.error.message).toBe("请先登录");
      }
    }
    expect(await tableCounts(env.DB)).toEqual(before);
  });

  it("public procedures answer without a login", async () => {
    const anon = new Client();
    expect((await anon.query("directory.streets")).ok).toBe(true);
    expect((await anon.query("notices.list", { street: "demo-street", community: "hehua" })).ok).toBe(true);
    expect((await anon.query("transparency.log", { street: "demo-street", community: "hehua" })).ok).toBe(true);
    expect((await anon.query("auth.me")).ok).toBe(true);
  });
});

describe("tenancy: another community of the same street", () => {
  let taoyuan: string;
  let taoyuanNotice: string;
  let taoyuanDraft: string;

  beforeAll(async () => {
    taoyuan = await communityId("taoyuan");
    taoyuanNotice = (await env.DB.prepare(
      "SELECT id FROM notices WHERE community_id = ? AND status = 'published' LIMIT 1",
    )
      .bind(taoyuan)
      .first<{ id: string }>())!.id;
    taoyuanDraft = await createNotice(await Client.as("taoyuan-admin"), "taoyuan", { title: "桃园内部草稿" });
  });

  it.each(["community-admin", "community-staff", "supervisor"])("%s of hehua cannot reach taoyuan", async (who) => {
    const c = await Client.as(who);
    const before = await tableCounts(env.DB);
    const attempts: [string, unknown][] = [
      ["notices.drafts", { communityId: taoyuan }],
      ["notices.edit", { id: taoyuanDraft }],
      ["notices.edit", { id: taoyuanNotice }],
      ["notices.create", { communityId: taoyuan, category: "affairs", title: "越权", bodyMd: "x" }],
      ["notices.update", { id: taoyuanDraft, title: "越权修改" }],
      ["notices.submit", { id: taoyuanDraft }],
      ["notices.publish", { id: taoyuanDraft }],
      ["notices.correct", { id: taoyuanNotice, title: "越权更正", bodyMd: "x", changeNote: "越权" }],
      ["notices.withdraw", { id: taoyuanNotice, reason: "越权撤回" }],
      ["audit.list", { communityId: taoyuan }],
      ["admin.communities.profile", { communityId: taoyuan }],
      [
        "admin.communities.updateProfile",
        { communityId: taoyuan, address: "x", officeHours: "", contactPhone: "", intro: "", officials: [] },
      ],
    ];
    for (const [path, input] of attempts) {
      const r = await call(c, path, input);
      expectRefused(r, ["NOT_FOUND", "FORBIDDEN"], `${who} ${path}`);
      if (!r.ok && r.error.data.code === "NOT_FOUND") expect(r.error.message).not.toContain("桃园");
    }
    expect(await tableCounts(env.DB)).toEqual(before);
    const draft = await env.DB.prepare("SELECT status, title FROM notices WHERE id = ?")
      .bind(taoyuanDraft)
      .first<{ status: string; title: string }>();
    expect(draft).toEqual({ status: "draft", title: "桃园内部草稿" });
  });

  it("hehua staff does not learn whether a taoyuan record exists", async () => {
    const c = await Client.as("community-admin");
    const real = await c.query("notices.edit", { id: taoyuanDraft });
    const fake = await c.query("notices.edit", { id: "NO-SUCH-NOTICE" });
    expect(!real.ok && real.error).toEqual(!fake.ok && fake.error);
  });

  it("hehua's community admin sees only hehua's audit log", async () => {
    const c = await Client.as("community-admin");
    const r = expectOk(await c.query<{ items: { communityId: string }[] }>("audit.list", { limit: 50 }));
    const hehua = await communityId("hehua");
    expect(r.items.every((i) => i.communityId === hehua)).toBe(true);
  });
});

describe("tenancy: another street office", () => {
  let other: Client;
  let hehua: string;

  beforeAll(async () => {
    const street = await createStreet();
    const admin = await createUser({ role: "street_admin", streetId: street.id });
    other = await Client.as(admin.username, admin.password);
    hehua = await communityId("hehua");
    // Leave a trace in the foreign street's audit log, so "empty" is not the only answer it can give.
    expectOk(
      await other.mutate("admin.communities.create", { slug: unique("own"), name: "自己的社区", kind: "urban" }),
    );
  });

  it("cannot read demo-street's drafts, notices, profile or audit log", async () => {
    const draft = (await env.DB.prepare("SELECT id FROM notices WHERE community_id = ? AND status = 'draft' LIMIT 1")
      .bind(hehua)
      .first<{ id: string }>())!.id;
    expectRefused(await other.query("notices.drafts", { communityId: hehua }), ["NOT_FOUND"], "drafts");
    expectRefused(await other.query("notices.edit", { id: draft }), ["NOT_FOUND"], "edit");
    expectRefused(await other.query("admin.communities.profile", { communityId: hehua }), ["NOT_FOUND"], "profile");
    expectRefused(await other.query("audit.list", { communityId: hehua }), ["NOT_FOUND"], "audit of hehua");

    const own = expectOk(await other.query<{ items: { communityId: string | null }[] }>("audit.list", {}));
    expect(own.items.length).toBeGreaterThan(0);
    const demoCommunities = (
      await env.DB.prepare(
        "SELECT c.id FROM communities c JOIN streets s ON s.id = c.street_id WHERE s.slug = 'demo-street'",
      ).all<{ id: string }>()
    ).results.map((r) => r.id);
    expect(own.items.filter((i) => i.communityId && demoCommunities.includes(i.communityId))).toEqual([]);

    const list = expectOk(await other.query<{ slug: string }[]>("admin.communities.list"));
    expect(list.map((c) => c.slug)).not.toContain("hehua");
  });

  it("cannot list demo-street's staff", async () => {
    const byCommunity = await other.query<{ username: string }[]>("admin.staff.list", { communityId: hehua });
    if (byCommunity.ok) expect(byCommunity.data).toEqual([]);
    else expectRefused(byCommunity, ["NOT_FOUND", "FORBIDDEN"], "staff.list hehua");
    const all = expectOk(await other.query<{ username: string }[]>("admin.staff.list", {}));
    const demo = ["street-admin", "street-viewer", "community-admin", "community-staff", "supervisor"];
    expect(all.map((u) => u.username).filter((u) => demo.includes(u))).toEqual([]);
  });

  it("cannot create or manage staff there", async () => {
    const before = await tableCounts(env.DB);
    const create = await other.mutate("admin.staff.create", {
      username: unique("intruder"),
      displayName: "越权",
      role: "community_admin",
      communityId: hehua,
      password: "intrude123",
    });
    expectRefused(create, ["NOT_FOUND", "FORBIDDEN"], "staff.create in hehua");
    const target = (await env.DB.prepare("SELECT id FROM users WHERE username = 'community-staff'").first<{
      id: string;
    }>())!.id;
    expectRefused(
      await other.mutate("admin.staff.resetPassword", { userId: target, password: "takeover123" }),
      ["NOT_FOUND", "FORBIDDEN"],
      "resetPassword",
    );
    expectRefused(
      await other.mutate("admin.staff.setDisabled", { userId: target, disabled: true }),
      ["NOT_FOUND", "FORBIDDEN"],
      "setDisabled",
    );
    expect(await tableCounts(env.DB)).toEqual(before);
    expect((await Client.as("community-staff")).cookie).not.toBeNull();
  });

  it("cannot write notices in demo-street", async () => {
    const before = await tableCounts(env.DB);
    const r = await other.mutate("notices.create", { communityId: hehua, category: "affairs", title: "x", bodyMd: "" });
    expectRefused(r, ["NOT_FOUND"], "notices.create");
    expect(await tableCounts(env.DB)).toEqual(before);
  });
});

describe("roles within hehua", () => {
  it.each(["resident", "supervisor"])("%s cannot create, submit or publish notices", async (who) => {
    const c = await Client.as(who);
    const hehua = await communityId("hehua");
    const draft = await createNotice(await Client.as("community-staff"), "hehua");
    const before = await tableCounts(env.DB);
    expectRefused(
      await c.mutate("notices.create", { communityId: hehua, category: "affairs", title: "越权", bodyMd: "x" }),
      ["FORBIDDEN"],
      "create",
    );
    expectRefused(await c.mutate("notices.submit", { id: draft }), ["FORBIDDEN"], "submit");
    expectRefused(await c.mutate("notices.publish", { id: draft }), ["FORBIDDEN"], "publish");
    expectRefused(await c.mutate("notices.update", { id: draft, title: "改" }), ["FORBIDDEN"], "update");
    const r = await c.mutate("notices.publish", { id: draft });
    expect(!r.ok && r.status).toBe(403);
    expect(!r.ok && r.error.message).toBe("您没有执行此操作的权限");
    expect(await tableCounts(env.DB)).toEqual(before);
  });

  it("the supervisor can read drafts; a resident cannot", async () => {
    const hehua = await communityId("hehua");
    const sup = await Client.as("supervisor");
    const drafts = expectOk(await sup.query<{ items: { status: string }[] }>("notices.drafts", { communityId: hehua }));
    expect(drafts.items.some((n) => n.status === "draft")).toBe(true);
    const one = drafts.items.find((n) => n.status === "draft") as unknown as { id: string };
    expect((await sup.query("notices.edit", { id: one.id })).ok).toBe(true);

    const resident = await Client.as("resident");
    expectRefused(await resident.query("notices.drafts", { communityId: hehua }), ["FORBIDDEN"], "resident drafts");
    expectRefused(await resident.query("audit.list", {}), ["FORBIDDEN"], "resident audit");
  });

  it("community staff can draft and submit but not publish, correct or withdraw", async () => {
    const staff = await Client.as("community-staff");
    const admin = await Client.as("community-admin");
    const draft = await createNotice(staff, "hehua");
    expectOk(await staff.mutate("notices.submit", { id: draft }));
    const published = await publishedNotice(admin, "hehua");
    const before = await tableCounts(env.DB);
    expectRefused(await staff.mutate("notices.publish", { id: draft }), ["FORBIDDEN"], "publish");
    expectRefused(
      await staff.mutate("notices.correct", { id: published, title: "改", bodyMd: "x", changeNote: "改" }),
      ["FORBIDDEN"],
      "correct",
    );
    expectRefused(await staff.mutate("notices.withdraw", { id: published, reason: "撤回吧" }), ["FORBIDDEN"], "wd");
    expectRefused(await staff.query("audit.list", {}), ["FORBIDDEN"], "audit");
    expect(await tableCounts(env.DB)).toEqual(before);
  });

  it("the street viewer reads but does not write", async () => {
    const viewer = await Client.as("street-viewer");
    const hehua = await communityId("hehua");
    expect((await viewer.query("notices.drafts", { communityId: hehua })).ok).toBe(true);
    expect((await viewer.query("audit.list", { communityId: hehua })).ok).toBe(true);
    const before = await tableCounts(env.DB);
    expectRefused(
      await viewer.mutate("notices.create", { communityId: hehua, category: "affairs", title: "x", bodyMd: "" }),
      ["FORBIDDEN"],
      "create",
    );
    expectRefused(
      await viewer.mutate("admin.staff.create", {
        username: unique("v"),
        displayName: "x",
        role: "grid_worker",
        communityId: hehua,
        password: "viewer1234",
      }),
      ["FORBIDDEN"],
      "staff.create",
    );
    expect(await tableCounts(env.DB)).toEqual(before);
  });
});

describe("cross-site writes", () => {
  const hehuaInput = async () => ({
    communityId: await communityId("hehua"),
    category: "affairs",
    title: "跨站伪造",
    bodyMd: "x",
  });

  async function post(c: Client, path: string, body: unknown, headers: Record<string, string>) {
    return c.fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  }

  it.each([
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
    ["Origin: null", { origin: "null" }],
    ["an https Origin of the same host", { origin: "https://linli.test" }],
  ])("a mutation with %s is refused with 403 and writes nothing", async (_label, headers) => {
    const admin = await Client.as("community-admin");
    const before = await tableCounts(env.DB);
    const res = await post(admin, "/trpc/notices.create", await hehuaInput(), headers);
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toBe("请求来源不被接受");

    const id = await createNotice(admin, "hehua");
    const after = await tableCounts(env.DB);
    const publish = await post(admin, "/trpc/notices.publish", { id }, headers);
    expect(publish.status).toBe(403);
    const logout = await post(admin, "/trpc/auth.logout", null, headers);
    expect(logout.status).toBe(403);
    const login = await post(
      new Client(),
      "/trpc/auth.login",
      { username: "community-admin", password: "demo12345" },
      headers,
    );
    expect(login.status).toBe(403);
    expect(login.headers.get("set-cookie")).toBeNull();

    const form = new FormData();
    form.append("file", new File([new TextEncoder().encode("%PDF-1.4\n%%EOF\n")], "a.pdf"));
    const upload = await admin.fetch(`/files/notices/${id}`, { method: "POST", body: form, headers });
    expect(upload.status).toBe(403);

    expect(await tableCounts(env.DB)).toEqual(after);
    expect(after.notices).toBe(before.notices + 1);
    const row = await env.DB.prepare("SELECT status FROM notices WHERE id = ?").bind(id).first<{ status: string }>();
    expect(row?.status).toBe("draft");
    expect(await admin.query("auth.me")).toMatchObject({ ok: true, data: { username: "community-admin" } });
  });

  it("same-origin requests and clients that send no Origin are let through", async () => {
    const admin = await Client.as("community-admin");
    const variants: Record<string, string>[] = [
      { origin: "http://linli.test" },
      { "sec-fetch-site": "same-origin" },
      {},
    ];
    for (const headers of variants) {
      const res = await post(admin, "/trpc/notices.create", await hehuaInput(), headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
  });

  it("cross-site reads of public data still work", async () => {
    const res = await new Client().fetch(
      `/trpc/directory.communities?input=${encodeURIComponent(JSON.stringify({ street: "demo-street" }))}`,
      { headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } },
    );
    expect(res.status).toBe(200);
  });
});

describe("security headers", () => {
  function directives(res: Response): string[] {
    const csp = res.headers.get("content-security-policy");
    expect(csp).toBeTruthy();
    return csp!
      .split(";")
      .map((d) => d.trim().replace(/\s+/g, " "))
      .filter(Boolean);
  }

  it("tRPC answers carry a CSP with default-src 'self' and frame-ancestors 'none', and nosniff", async () => {
    const anon = new Client();
    const responses: [string, Response][] = [
      ["query", await anon.fetch("/trpc/directory.streets")],
      ["refused query", await anon.fetch("/trpc/audit.list")],
      [
        "login",
        await anon.fetch("/trpc/auth.login", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "community-staff", password: "demo12345" }),
        }),
      ],
    ];
    for (const [label, res] of responses) {
      const d = directives(res);
      expect(d, label).toContain("default-src 'self'");
      expect(d, label).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options"), label).toBe("nosniff");
      await res.arrayBuffer();
    }
    expect(responses.map(([, r]) => r.status)).toEqual([200, 401, 200]);
  });
});
