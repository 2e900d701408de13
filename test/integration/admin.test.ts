import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, tableCounts } from "./helpers";
import { communityId, expectOk, unique, userId } from "./fixtures";

let streetAdmin: Client;
let communityAdmin: Client;

beforeAll(async () => {
  streetAdmin = await Client.as("street-admin");
  communityAdmin = await Client.as("community-admin");
});

async function login(username: string, password: string) {
  const c = new Client();
  const r = await c.mutate("auth.login", { username, password });
  return { client: c, r };
}

async function me(c: Client) {
  const r = await c.query<any>("auth.me");
  return r.ok ? r.data : undefined;
}

async function newCommunity(kind: "urban" | "village" = "urban") {
  const slug = unique("xinhe");
  const created = expectOk(
    await streetAdmin.mutate<{ id: string; slug: string }>("admin.communities.create", {
      slug,
      name: `新河社区${slug.slice(-4)}`,
      kind,
      address: "示范市示范区新河路 1 号",
    }),
  );
  return { ...created, slug };
}

async function newStaff(by: Client, fields: { role: string; communityId?: string }) {
  const username = unique("staff");
  const password = "Start1234";
  const r = expectOk(
    await by.mutate<{ id: string; username: string }>("admin.staff.create", {
      username,
      displayName: `新同事${username.slice(-3)}`,
      password,
      ...fields,
    }),
  );
  return { id: r.id, username, password };
}

describe("communities", () => {
  it("a street admin creates a community; it shows in the directory and open data", async () => {
    const before = await tableCounts(env.DB);
    const c = await newCommunity("village");
    const after = await tableCounts(env.DB);
    expect(after.communities).toBe(before.communities + 1);
    expect(after.audit_log).toBe(before.audit_log + 1);

    const dir = expectOk(await new Client().query<any[]>("directory.communities", { street: "demo-street" }));
    expect(dir.find((x) => x.slug === c.slug)).toMatchObject({ street: "demo-street", kind: "village" });
    const open = (await (await new Client().fetch("/api/open/v1/communities")).json()) as { items: any[] };
    expect(open.items.find((x) => x.community === c.slug)).toMatchObject({ street: "demo-street" });
    const home = expectOk(
      await new Client().query<any>("directory.community", { street: "demo-street", community: c.slug }),
    );
    expect(home).toMatchObject({ slug: c.slug, kind: "village", officials: [] });
    const list = expectOk(await streetAdmin.query<any[]>("admin.communities.list"));
    expect(list.map((x) => x.slug)).toContain(c.slug);
    const csv = await new Client().fetch(`/api/open/v1/demo-street/${c.slug}/notices.csv`);
    expect(csv.status).toBe(200);

    const audit = expectOk(await streetAdmin.query<any>("audit.list", { limit: 50 }));
    expect(audit.items.find((a: any) => a.action === "community.create" && a.entityId === c.id)).toMatchObject({
      actorName: "街道管理员 钱明",
    });
  });

  it("refuses a duplicate slug with CONFLICT naming 网址标识", async () => {
    const c = await newCommunity();
    const before = await tableCounts(env.DB);
    const r = await streetAdmin.mutate("admin.communities.create", { slug: c.slug, name: "重复社区", kind: "urban" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.data.code).toBe("CONFLICT");
    expect(r.status).toBe(409);
    expect(r.error.message).toContain("网址标识");
    expect(r.error.data.fieldErrors?.slug).toContain("网址标识");
    const hehua = await streetAdmin.mutate("admin.communities.create", {
      slug: "hehua",
      name: "荷花二",
      kind: "urban",
    });
    expect(!hehua.ok && hehua.error.data.code).toBe("CONFLICT");
    expect(await tableCounts(env.DB)).toEqual(before);
  });

  it("refuses an invalid slug naming 网址标识", async () => {
    const before = await tableCounts(env.DB);
    const r = await streetAdmin.mutate("admin.communities.create", {
      slug: "Bad Slug!",
      name: "坏标识",
      kind: "urban",
    });
    expect(!r.ok && r.error.data.fieldErrors?.slug).toMatch(/^网址标识：/);
    expect(await tableCounts(env.DB)).toEqual(before);
  });

  it("only a street admin creates communities", async () => {
    const before = await tableCounts(env.DB);
    for (const who of ["street-viewer", "community-admin", "community-staff"]) {
      const c = await Client.as(who);
      const r = await c.mutate("admin.communities.create", { slug: unique("nope"), name: "不该有", kind: "urban" });
      expect(!r.ok && r.error.data.code, who).toBe("FORBIDDEN");
    }
    expect(await tableCounts(env.DB)).toEqual(before);
  });
});

describe("staff accounts", () => {
  it("a street admin creates a community_staff account for a new community; it can log in", async () => {
    const c = await newCommunity();
    const s = await newStaff(streetAdmin, { role: "community_staff", communityId: c.id });
    const { client, r } = await login(s.username, s.password);
    expect(r.ok).toBe(true);
    expect(await me(client)).toMatchObject({ role: "community_staff", community: { slug: c.slug } });
    // ... and works in that community only.
    const draft = await client.mutate("notices.create", {
      communityId: c.id,
      category: "affairs",
      title: "新社区的第一条公告",
      bodyMd: "",
    });
    expect(draft.ok).toBe(true);
    const other = await client.query("notices.drafts", { communityId: await communityId("hehua") });
    expect(!other.ok && other.error.data.code).toBe("NOT_FOUND");

    const list = expectOk(await streetAdmin.query<any[]>("admin.staff.list", { communityId: c.id }));
    expect(list.map((u) => u.username)).toEqual([s.username]);
    const row = await env.DB.prepare("SELECT password_hash FROM users WHERE username = ?")
      .bind(s.username)
      .first<{ password_hash: string }>();
    expect(row!.password_hash).not.toContain(s.password);
    expect(JSON.stringify(list)).not.toMatch(/password/i);
  });

  it("refuses a taken username and a weak password, naming the field", async () => {
    const before = await tableCounts(env.DB);
    const hehua = await communityId("hehua");
    const taken = await streetAdmin.mutate("admin.staff.create", {
      username: "community-staff",
      displayName: "重名",
      role: "community_staff",
      communityId: hehua,
      password: "Start1234",
    });
    expect(!taken.ok && taken.error.data.code).toBe("CONFLICT");
    expect(!taken.ok && taken.error.data.fieldErrors?.username).toMatch(/^用户名：/);
    const weak = await streetAdmin.mutate("admin.staff.create", {
      username: unique("weak"),
      displayName: "弱密码",
      role: "community_staff",
      communityId: hehua,
      password: "password",
    });
    expect(!weak.ok && weak.error.data.fieldErrors?.password).toMatch(/^密码：/);
    const noCommunity = await streetAdmin.mutate("admin.staff.create", {
      username: unique("nocomm"),
      displayName: "无社区",
      role: "community_staff",
      password: "Start1234",
    });
    expect(!noCommunity.ok && noCommunity.error.data.fieldErrors?.communityId).toMatch(/^社区：/);
    expect(await tableCounts(env.DB)).toEqual(before);
  });

  it("resetPassword ends the account's sessions; the new password works and the old one does not", async () => {
    const s = await newStaff(streetAdmin, { role: "community_staff", communityId: await communityId("hehua") });
    const session = (await login(s.username, s.password)).client;
    expect(await me(session)).toMatchObject({ username: s.username });

    expectOk(await streetAdmin.mutate("admin.staff.resetPassword", { userId: s.id, password: "Fresh5678" }));
    expect(await me(session)).toBeNull();
    expect((await login(s.username, s.password)).r).toMatchObject({ ok: false, status: 401 });
    expect((await login(s.username, "Fresh5678")).r.ok).toBe(true);

    const audit = expectOk(await streetAdmin.query<any>("audit.list", { limit: 50 }));
    const entry = audit.items.find((a: any) => a.action === "user.resetPassword" && a.entityId === s.id);
    expect(entry).toMatchObject({ actorName: "街道管理员 钱明" });
    expect(JSON.stringify(entry)).not.toContain("Fresh5678");
  });

  it("resetPassword clears a login lock: the user logs in at once with the new password", async () => {
    const s = await newStaff(streetAdmin, { role: "community_staff", communityId: await communityId("hehua") });
    for (let i = 1; i <= 4; i++)
      expect((await login(s.username, `wrong-${i}`)).r, `attempt ${i}`).toMatchObject({ status: 401 });
    const fifth = await login(s.username, "wrong-5");
    expect(!fifth.r.ok && fifth.r.error.data.code).toBe("TOO_MANY_REQUESTS");
    // Locked: even the right password is refused now.
    const locked = await login(s.username, s.password);
    expect(locked.r).toMatchObject({ ok: false, status: 429 });
    const throttle = () =>
      env.DB.prepare("SELECT locked_until FROM login_throttle WHERE username = ?")
        .bind(s.username)
        .first<{ locked_until: number | null }>();
    expect((await throttle())?.locked_until).toBeGreaterThan(Date.now());

    expectOk(await streetAdmin.mutate("admin.staff.resetPassword", { userId: s.id, password: "Unlock2468" }));
    expect(await throttle()).toBeNull();
    const after = await login(s.username, "Unlock2468");
    expect(after.r.ok).toBe(true);
    expect(await me(after.client)).toMatchObject({ username: s.username });
    expect((await login(s.username, s.password)).r).toMatchObject({ ok: false, status: 401 });
  });

  it("setDisabled blocks login and ends sessions; enabling lets the account back in", async () => {
    const s = await newStaff(streetAdmin, { role: "community_staff", communityId: await communityId("hehua") });
    const session = (await login(s.username, s.password)).client;
    expectOk(await streetAdmin.mutate("admin.staff.setDisabled", { userId: s.id, disabled: true }));
    expect(await me(session)).toBeNull();
    const blocked = await login(s.username, s.password);
    expect(blocked.r).toMatchObject({ ok: false, status: 403 });
    expect(!blocked.r.ok && blocked.r.error.message).toBe("账号已停用，请联系管理员");

    expectOk(await streetAdmin.mutate("admin.staff.setDisabled", { userId: s.id, disabled: false }));
    expect((await login(s.username, s.password)).r.ok).toBe(true);
  });

  it("nobody can disable their own account", async () => {
    const r = await streetAdmin.mutate("admin.staff.setDisabled", {
      userId: await userId("street-admin"),
      disabled: true,
    });
    expect(!r.ok && r.error.data.code).toBe("BAD_REQUEST");
    expect((await me(streetAdmin))?.username).toBe("street-admin");
  });

  it("a community admin creates a grid worker in their own community", async () => {
    const s = await newStaff(communityAdmin, { role: "grid_worker" });
    const row = await env.DB.prepare("SELECT role, community_id FROM users WHERE id = ?")
      .bind(s.id)
      .first<{ role: string; community_id: string }>();
    expect(row).toEqual({ role: "grid_worker", community_id: await communityId("hehua") });
    const list = expectOk(await communityAdmin.query<any[]>("admin.staff.list", {}));
    expect(list.map((u) => u.username)).toContain(s.username);
    expect(list.every((u) => u.communityId === row!.community_id)).toBe(true);
    expect((await login(s.username, s.password)).r.ok).toBe(true);
  });

  it("a community admin cannot create street or admin roles", async () => {
    const before = await tableCounts(env.DB);
    for (const role of ["street_admin", "street_viewer", "community_admin"]) {
      const r = await communityAdmin.mutate("admin.staff.create", {
        username: unique("esc"),
        displayName: "越权",
        role,
        password: "Start1234",
      });
      expect(!r.ok && r.error.data.code, role).toBe("FORBIDDEN");
    }
    expect(await tableCounts(env.DB)).toEqual(before);
  });

  it("a community admin cannot manage accounts of another community (NOT_FOUND)", async () => {
    const taoyuanStaff = await newStaff(await Client.as("taoyuan-admin"), { role: "community_staff" });
    const before = await tableCounts(env.DB);
    const reset = await communityAdmin.mutate("admin.staff.resetPassword", {
      userId: taoyuanStaff.id,
      password: "Takeover99",
    });
    expect(!reset.ok && reset.error.data.code).toBe("NOT_FOUND");
    const disable = await communityAdmin.mutate("admin.staff.setDisabled", { userId: taoyuanStaff.id, disabled: true });
    expect(!disable.ok && disable.error.data.code).toBe("NOT_FOUND");
    // Nor the street's accounts, nor a fellow admin.
    for (const username of ["street-admin", "taoyuan-admin"]) {
      const r = await communityAdmin.mutate("admin.staff.resetPassword", {
        userId: await userId(username),
        password: "Takeover99",
      });
      expect(!r.ok && r.error.data.code, username).toBe("NOT_FOUND");
    }
    expect(await tableCounts(env.DB)).toEqual(before);
    expect((await login(taoyuanStaff.username, taoyuanStaff.password)).r.ok).toBe(true);
    const list = expectOk(await communityAdmin.query<any[]>("admin.staff.list", {}));
    expect(list.map((u) => u.username)).not.toContain(taoyuanStaff.username);
  });

  it("a community admin cannot create an account in another community (NOT_FOUND), and nothing is written", async () => {
    const taoyuan = await communityId("taoyuan");
    const before = await tableCounts(env.DB);
    for (const role of ["community_staff", "grid_worker", "supervisor"]) {
      const username = unique("foreign");
      const r = await communityAdmin.mutate("admin.staff.create", {
        username,
        displayName: "别的社区",
        role,
        communityId: taoyuan,
        password: "Start1234",
      });
      expect(r.ok, role).toBe(false);
      if (r.ok) continue;
      expect(r.error.data.code, role).toBe("NOT_FOUND");
      expect(r.status).toBe(404);
      expect(r.error.message).not.toContain("桃园");
      expect(await env.DB.prepare("SELECT id FROM users WHERE username = ?").bind(username).first()).toBeNull();
    }
    expect(await tableCounts(env.DB)).toEqual(before);
    const taoyuanList = expectOk(await (await Client.as("taoyuan-admin")).query<any[]>("admin.staff.list", {}));
    expect(taoyuanList.some((u) => u.username.startsWith("foreign-"))).toBe(false);
  });

  it("a community admin can reset the password of their own staff", async () => {
    const s = await newStaff(communityAdmin, { role: "community_staff" });
    expectOk(await communityAdmin.mutate("admin.staff.resetPassword", { userId: s.id, password: "Again4321" }));
    expect((await login(s.username, "Again4321")).r.ok).toBe(true);
  });

  it("staff, supervisors and viewers cannot manage accounts", async () => {
    const before = await tableCounts(env.DB);
    for (const who of ["community-staff", "supervisor", "street-viewer", "resident"]) {
      const c = await Client.as(who);
      const r = await c.mutate("admin.staff.create", {
        username: unique("x"),
        displayName: "x",
        role: "grid_worker",
        communityId: await communityId("hehua"),
        password: "Start1234",
      });
      expect(!r.ok && r.error.data.code, who).toBe("FORBIDDEN");
      const list = await c.query("admin.staff.list", {});
      expect(!list.ok && list.error.data.code, who).toBe("FORBIDDEN");
    }
    expect(await tableCounts(env.DB)).toEqual(before);
  });
});

describe("community profile", () => {
  it("the community admin updates the public profile; officials are shown in full; audited with before/after", async () => {
    const hehua = await communityId("hehua");
    const before = expectOk(
      await new Client().query<any>("directory.community", { street: "demo-street", community: "hehua" }),
    );
    const officials = [
      { body: "committee", name: "欧阳娜娜", post: "居委会主任" },
      { body: "committee", name: "司马相如", post: "委员" },
      { body: "supervisory", name: "诸葛亮", post: "居务监督委员会主任" },
    ];
    const profile = {
      communityId: hehua,
      address: "示范市示范区荷花路 20 号",
      officeHours: "周一至周五 9:00–17:00",
      contactPhone: "021-55509999",
      intro: "荷花社区（更新后的简介）",
      officials,
    };
    try {
      expectOk(await communityAdmin.mutate("admin.communities.updateProfile", profile));
      const home = expectOk(
        await new Client().query<any>("directory.community", { street: "demo-street", community: "hehua" }),
      );
      expect(home).toMatchObject({
        address: profile.address,
        officeHours: profile.officeHours,
        contactPhone: "021-55509999",
        intro: profile.intro,
      });
      expect(home.officials).toEqual(officials);

      const audit = expectOk(await communityAdmin.query<any>("audit.list", { limit: 50 }));
      const entry = audit.items.find((a: any) => a.action === "community.updateProfile");
      expect(entry).toMatchObject({ actorName: "王建国", entityId: hehua });
      expect(entry.before).toMatchObject({ address: before.address, contactPhone: before.contactPhone });
      expect(entry.before.officials).toEqual(before.officials);
      expect(entry.after).toMatchObject({ address: profile.address, officials });
    } finally {
      expectOk(
        await communityAdmin.mutate("admin.communities.updateProfile", {
          communityId: hehua,
          address: before.address,
          officeHours: before.officeHours,
          contactPhone: before.contactPhone,
          intro: before.intro,
          officials: before.officials,
        }),
      );
    }
  });

  it("rejects an invalid phone number naming 联系电话, and writes nothing", async () => {
    const hehua = await communityId("hehua");
    const before = await tableCounts(env.DB);
    const r = await communityAdmin.mutate("admin.communities.updateProfile", {
      communityId: hehua,
      address: "x",
      officeHours: "x",
      contactPhone: "12345",
      intro: "",
      officials: [],
    });
    expect(!r.ok && r.error.data.fieldErrors?.contactPhone).toMatch(/^联系电话：/);
    expect(await tableCounts(env.DB)).toEqual(before);
  });

  it("community staff and street admins cannot update the profile", async () => {
    const hehua = await communityId("hehua");
    const before = await tableCounts(env.DB);
    const input = { communityId: hehua, address: "改", officeHours: "", contactPhone: "", intro: "", officials: [] };
    for (const who of ["community-staff", "supervisor", "street-admin", "street-viewer"]) {
      const r = await (await Client.as(who)).mutate("admin.communities.updateProfile", input);
      expect(!r.ok && r.error.data.code, who).toBe("FORBIDDEN");
    }
    expect(await tableCounts(env.DB)).toEqual(before);
    const home = expectOk(
      await new Client().query<any>("directory.community", { street: "demo-street", community: "hehua" }),
    );
    expect(home.address).not.toBe("改");
  });

  it("staff of the community can read the editable profile", async () => {
    const hehua = await communityId("hehua");
    const r = expectOk(
      await (await Client.as("community-staff")).query<any>("admin.communities.profile", { communityId: hehua }),
    );
    expect(r).toMatchObject({ slug: "hehua", street: "demo-street" });
    expect(r.officials.length).toBeGreaterThan(0);
  });
});
