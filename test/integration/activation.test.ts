import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { normalizeActivationCode } from "../../shared/rules/activation";
import { sha256Hex } from "../../shared/rules/transparency";
import { Client, type TrpcResult } from "./helpers";
import { communityId, expectOk, STREET, tokenOf, withCookie } from "./fixtures";
import {
  activate,
  auditOf,
  newHousehold,
  newResident,
  registryCounts,
  residentByName,
  uniquePhone,
} from "./residents-fixtures";

const DAY = 86_400_000;
type Issued = {
  code: string;
  expiresAt: number;
  residentName: string;
  activatePath: string;
  communityName: string;
};

let staff: Client;

beforeAll(async () => {
  staff = await Client.as("community-staff");
});

function issue(residentId: string, by = staff): Promise<Issued> {
  return by.mutate<Issued>("residents.issueActivation", { residentId }).then(expectOk);
}

function activateWith(code: string, password: string, community = "hehua", street = STREET) {
  const c = new Client();
  return c.mutate("auth.activate", { street, community, code, password }).then((r) => ({ client: c, r }));
}

async function login(username: string, password: string) {
  const c = new Client();
  const r = await c.mutate("auth.login", { username, password });
  return { client: c, r };
}

function expectError(r: TrpcResult<unknown>, code: string): { message: string; fieldErrors?: Record<string, string> } {
  expect(r.ok, `should fail with ${code}`).toBe(false);
  if (r.ok) throw new Error("unreachable");
  expect(r.error.data.code, r.error.message).toBe(code);
  return { message: r.error.message, fieldErrors: r.error.data.fieldErrors };
}

async function accountOf(residentId: string) {
  return env.DB.prepare("SELECT * FROM users WHERE resident_id = ?").bind(residentId).first<{
    id: string;
    role: string;
    phone: string;
    disabled_at: number | null;
    community_id: string;
    display_name: string;
  }>();
}

describe("activation codes", () => {
  it("a code activates the account once: logged in with a cookie, me.profile works; a second use is refused", async () => {
    const h = await newHousehold(staff, "hehua");
    const r = await newResident(staff, "hehua", { householdId: h.id, isHouseholdRep: true });
    const issued = await issue(r.id);
    expect(issued.code).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    expect(issued).toMatchObject({
      residentName: r.name,
      activatePath: `/${STREET}/hehua/activate`,
      communityName: "荷花社区",
    });
    expect(issued.expiresAt - Date.now()).toBeGreaterThan(14 * DAY - 60_000);
    expect(issued.expiresAt - Date.now()).toBeLessThanOrEqual(14 * DAY);
    expect(await auditOf(r.id, "resident.issueActivation")).toHaveLength(1);

    const c = new Client();
    const res = await c.fetch("/trpc/auth.activate", {
      method: "POST",
      headers: { "content-type": "application/json" },
      // What residents type may differ in case and separators.
      body: JSON.stringify({
        street: STREET,
        community: "hehua",
        code: ` ${issued.code.toLowerCase().replace("-", " ")} `,
        password: "Mima2026ok",
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { role: string; displayName: string } } };
    expect(body.result.data).toMatchObject({ role: "resident", displayName: r.name });
    expect(res.headers.get("set-cookie")).toMatch(/^linli_session=[0-9a-f]{64};.*HttpOnly/i);

    const me = expectOk(await c.query<{ role: string; residentId: string }>("auth.me"));
    expect(me).toMatchObject({ role: "resident", residentId: r.id, community: { slug: "hehua" } });
    const profile = expectOk(await c.query<{ name: string; address: string; phone: string }>("me.profile"));
    expect(profile).toMatchObject({ name: r.name, address: h.address, phone: r.phone, isHouseholdRep: true });

    const account = await accountOf(r.id);
    expect(account).toMatchObject({ role: "resident", phone: r.phone, disabled_at: null, display_name: r.name });
    expect(account!.community_id).toBe(await communityId("hehua"));
    expect(await auditOf(r.id, "resident.activate")).toHaveLength(1);

    const before = await registryCounts();
    const again = await activateWith(issued.code, "Another2026");
    const e = expectError(again.r, "BAD_REQUEST");
    expect(e.message).toContain("激活码");
    expect(e.fieldErrors?.code).toBe(e.message);
    expect(again.client.cookie).toBeNull();
    expect(await registryCounts()).toEqual(before);
    // The password set with the code is the one that works.
    expect((await login(r.phone, "Another2026")).r.ok).toBe(false);
    expect((await login(r.phone, "Mima2026ok")).r.ok).toBe(true);

    // staff see the account as active
    const detail = expectOk(
      await staff.query<{ account: { active: boolean } | null; lastActivation: { usedAt: number | null } }>(
        "residents.get",
        { id: r.id },
      ),
    );
    expect(detail.account).toMatchObject({ active: true });
    expect(detail.lastActivation.usedAt).toEqual(expect.any(Number));
  });

  it("an expired code is refused with the expiry message", async () => {
    const r = await newResident(staff, "hehua");
    const issued = await issue(r.id);
    const upd = await env.DB.prepare(
      "UPDATE activation_codes SET expires_at = ? WHERE resident_id = ? AND used_at IS NULL",
    )
      .bind(Date.now() - 1000, r.id)
      .run();
    expect(upd.meta.changes).toBe(1);
    const { client, r: res } = await activateWith(issued.code, "Mima2026ok");
    const e = expectError(res, "BAD_REQUEST");
    expect(e.message).toContain("激活码");
    expect(e.message).toContain("已过期");
    expect(client.cookie).toBeNull();
    expect(await accountOf(r.id)).toBeNull();
  });

  it("a code is refused at another community's activate address, and still works at its own", async () => {
    const r = await newResident(staff, "hehua");
    const issued = await issue(r.id);
    const before = await registryCounts();
    const other = await activateWith(issued.code, "Mima2026ok", "taoyuan");
    const e = expectError(other.r, "BAD_REQUEST");
    expect(e.message).toContain("无效");
    expect(other.client.cookie).toBeNull();
    const unknown = await activateWith(issued.code, "Mima2026ok", "hehua", "no-such-street");
    expectError(unknown.r, "NOT_FOUND");
    expect(await registryCounts()).toEqual(before);
    expect(await accountOf(r.id)).toBeNull();

    const own = await activateWith(issued.code, "Mima2026ok");
    expectOk(own.r);
    expect(own.client.cookie).not.toBeNull();
  });

  it("a made-up code is refused", async () => {
    const e = expectError((await activateWith("ABCDE-FGHJK", "Mima2026ok")).r, "BAD_REQUEST");
    expect(e.message).toContain("激活码");
    const weak = expectError((await activateWith("ABCDE-FGHJK", "short")).r, "BAD_REQUEST");
    expect(Object.keys(weak.fieldErrors ?? {})).toEqual(["password"]);
  });

  it("re-issuing a code revokes the previous one", async () => {
    const r = await newResident(staff, "hehua");
    const first = await issue(r.id);
    const second = await issue(r.id);
    expect(second.code).not.toBe(first.code);
    const rows = (
      await env.DB.prepare(
        "SELECT revoked_at, used_at FROM activation_codes WHERE resident_id = ? ORDER BY created_at, id",
      )
        .bind(r.id)
        .all<{ revoked_at: number | null; used_at: number | null }>()
    ).results;
    expect(rows).toHaveLength(2);
    expect(rows.filter((x) => x.revoked_at === null)).toHaveLength(1);

    const old = expectError((await activateWith(first.code, "Mima2026ok")).r, "BAD_REQUEST");
    expect(old.message).toContain("激活码");
    expectOk((await activateWith(second.code, "Mima2026ok")).r);
  });

  it("revokeActivation disables the account; a new code re-enables it with the new password", async () => {
    const r = await newResident(staff, "hehua");
    const { client } = await activate(staff, r.id, "First2026pw");
    const account = await accountOf(r.id);
    expect(expectOk(await client.query("me.profile"))).toMatchObject({ name: r.name });
    const pending = await issue(r.id); // an outstanding code is withdrawn too

    expectOk(await staff.mutate("residents.revokeActivation", { residentId: r.id }));
    expect((await accountOf(r.id))!.disabled_at).toEqual(expect.any(Number));
    expect(await auditOf(r.id, "resident.revokeActivation")).toHaveLength(1);
    // Logged out everywhere, and the login is refused even with the right password.
    expect(expectOk(await client.query("auth.me"))).toBeNull();
    expectError(await client.query("me.profile"), "UNAUTHORIZED");
    const refused = await login(r.phone, "First2026pw");
    const e = expectError(refused.r, "FORBIDDEN");
    expect(e.message).toBe("账号已停用，请联系管理员");
    expect(refused.client.cookie).toBeNull();
    expectError((await activateWith(pending.code, "Third2026pw")).r, "BAD_REQUEST");
    const detail = expectOk(await staff.query<{ account: { active: boolean } }>("residents.get", { id: r.id }));
    expect(detail.account).toMatchObject({ active: false });

    const usersBefore = (await registryCounts()).users;
    const again = await activate(staff, r.id, "Second2026pw");
    expect((await registryCounts()).users).toBe(usersBefore);
    expect(await accountOf(r.id)).toMatchObject({ id: account!.id, disabled_at: null });
    expect(expectOk(await again.client.query("me.profile"))).toMatchObject({ name: r.name });
    expectError((await login(r.phone, "First2026pw")).r, "UNAUTHORIZED");
    expectOk((await login(r.phone, "Second2026pw")).r);
  });

  it("the resident logs in with their phone and password", async () => {
    const r = await newResident(staff, "hehua");
    await activate(staff, r.id, "Phone2026pw");
    const { client, r: res } = await login(r.phone, "Phone2026pw");
    expect(expectOk(res)).toMatchObject({ role: "resident" });
    expect(expectOk(await client.query("me.profile"))).toMatchObject({ name: r.name, phone: r.phone });
    expectError((await login(r.phone, "Wrong2026pw")).r, "UNAUTHORIZED");
    // The demo resident too.
    const demo = await login("13800138000", "demo12345");
    expect(expectOk(demo.r)).toMatchObject({ role: "resident", displayName: "张三丰" });
  });

  it("5 wrong passwords on a phone lock it (TOO_MANY_REQUESTS), like staff logins", async () => {
    const r = await newResident(staff, "hehua");
    await activate(staff, r.id, "Lock2026pw");
    for (let i = 1; i <= 4; i++) expectError((await login(r.phone, `wrong-${i}a`)).r, "UNAUTHORIZED");
    const fifth = await login(r.phone, "wrong-5a");
    const e = expectError(fifth.r, "TOO_MANY_REQUESTS");
    expect(e.message).toContain("登录失败次数过多");
    const right = await login(r.phone, "Lock2026pw");
    expectError(right.r, "TOO_MANY_REQUESTS");
    expect(right.client.cookie).toBeNull();
    // A fresh code from the committee clears the lock.
    await activate(staff, r.id, "Unlock2026pw");
    expectOk((await login(r.phone, "Unlock2026pw")).r);
  });

  it("a resident without a phone cannot be given a code (BAD_REQUEST naming 手机号)", async () => {
    const r = await newResident(staff, "hehua", { phone: "" });
    const before = await registryCounts();
    const e = expectError(await staff.mutate("residents.issueActivation", { residentId: r.id }), "BAD_REQUEST");
    expect(e.message).toContain("手机号");
    expect(e.fieldErrors?.phone).toBe(e.message);
    expect(await registryCounts()).toEqual(before);
  });

  it("moving out ends the login and every session; codes stop working", async () => {
    const r = await newResident(staff, "hehua");
    const { client } = await activate(staff, r.id, "Move2026pw");
    const second = (await login(r.phone, "Move2026pw")).client;
    const pending = await issue(r.id);
    expect(expectOk(await second.query("auth.me"))).toMatchObject({ residentId: r.id });

    expectOk(await staff.mutate("residents.moveOut", { id: r.id, movedOutOn: "2026-03-01" }));
    for (const c of [client, second]) {
      expect(expectOk(await c.query("auth.me"))).toBeNull();
      expectError(await c.query("me.profile"), "UNAUTHORIZED");
    }
    const sessions = (
      await env.DB.prepare("SELECT revoked_at FROM sessions WHERE user_id = ?")
        .bind((await accountOf(r.id))!.id)
        .all<{ revoked_at: number | null }>()
    ).results;
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(sessions.every((s) => s.revoked_at !== null)).toBe(true);

    const e = expectError((await login(r.phone, "Move2026pw")).r, "FORBIDDEN");
    expect(e.message).toBe("账号已停用，请联系管理员");
    expectError((await activateWith(pending.code, "Back2026pw")).r, "BAD_REQUEST");
    const reissue = expectError(await staff.mutate("residents.issueActivation", { residentId: r.id }), "BAD_REQUEST");
    expect(reissue.message).toContain("已迁出");
    // The refused code set no password.
    expectError((await login(r.phone, "Back2026pw")).r, "UNAUTHORIZED");
  });

  it("a corrected phone moves the login to the new phone; another account's phone is a CONFLICT", async () => {
    const a = await newResident(staff, "hehua");
    const b = await newResident(staff, "hehua");
    await activate(staff, a.id, "PhoneA2026");
    await activate(staff, b.id, "PhoneB2026");
    const fresh = uniquePhone();
    expectOk(await staff.mutate("residents.update", { id: a.id, phone: fresh }));
    expect((await accountOf(a.id))!.phone).toBe(fresh);
    expectError((await login(a.phone, "PhoneA2026")).r, "UNAUTHORIZED");
    expectOk((await login(fresh, "PhoneA2026")).r);

    const before = await registryCounts();
    const taken = expectError(await staff.mutate("residents.update", { id: b.id, phone: fresh }), "CONFLICT");
    expect(taken.message).toContain("手机号");
    expect(Object.keys(taken.fieldErrors ?? {})).toEqual(["phone"]);
    expect(await registryCounts()).toEqual(before);
    expect((await accountOf(b.id))!.phone).toBe(b.phone);
    expectOk((await login(b.phone, "PhoneB2026")).r);
    expectOk((await login(fresh, "PhoneA2026")).r);
  });

  it("only a hash of the code is stored; no session row holds the code", async () => {
    const r = await newResident(staff, "hehua");
    const { client, code } = await activate(staff, r.id, "Hash2026pw");
    const normalized = normalizeActivationCode(code);
    const stored = (
      await env.DB.prepare("SELECT * FROM activation_codes WHERE resident_id = ?")
        .bind(r.id)
        .all<Record<string, unknown>>()
    ).results;
    expect(stored).toHaveLength(1);
    expect(stored[0].code_hash).toBe(await sha256Hex(normalized));
    const codesDump = JSON.stringify(await env.DB.prepare("SELECT * FROM activation_codes").all());
    const sessionsDump = JSON.stringify(await env.DB.prepare("SELECT * FROM sessions").all());
    const auditDump = JSON.stringify(await env.DB.prepare("SELECT * FROM audit_log").all());
    for (const dump of [codesDump, sessionsDump, auditDump]) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(normalized);
    }
    // The session token is not derived from the code either.
    expect(tokenOf(client)).not.toContain(normalized.toLowerCase());
    expect(await sha256Hex(normalized)).not.toBe(await sha256Hex(tokenOf(client)));
    expect(JSON.stringify(await env.DB.prepare("SELECT * FROM sessions").all())).not.toContain(
      await sha256Hex(normalized),
    );
  });

  it("only registry keepers of the resident's own community can issue or revoke codes", async () => {
    const zhang = await residentByName("张三丰");
    const before = await registryCounts();
    for (const who of ["grid-worker", "supervisor", "resident"]) {
      const c = await Client.as(who);
      expectError(await c.mutate("residents.issueActivation", { residentId: zhang.id }), "FORBIDDEN");
      expectError(await c.mutate("residents.revokeActivation", { residentId: zhang.id }), "FORBIDDEN");
    }
    const t = await Client.as("taoyuan-admin");
    expectError(await t.mutate("residents.issueActivation", { residentId: zhang.id }), "NOT_FOUND");
    expectError(await t.mutate("residents.revokeActivation", { residentId: zhang.id }), "NOT_FOUND");
    expect(await registryCounts()).toEqual(before);
    // The demo resident is untouched.
    expect((await login("resident", "demo12345")).r.ok).toBe(true);
    // An old cookie of nobody does not help.
    expect(expectOk(await withCookie("linli_session=" + "cd".repeat(32)).query("auth.me"))).toBeNull();
  });
});
