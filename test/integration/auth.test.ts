import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../shared/rules/transparency";
import { PBKDF2_ITERATIONS } from "../../worker/auth/password";
import { Client, tableCounts } from "./helpers";
import { createUser, PASSWORD, tokenOf, withCookie } from "./fixtures";

async function login(username: string, password: string, lang: "zh" | "en" = "zh") {
  const c = new Client(lang);
  const res = await c.fetch("/trpc/auth.login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  return { client: c, res, body: (await res.json()) as any };
}

async function me(c: Client) {
  const r = await c.query("auth.me");
  expect(r.ok).toBe(true);
  return r.ok ? r.data : undefined;
}

describe("login", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie (not Secure over http) and logs in", async () => {
    const { client, res, body } = await login("community-staff", PASSWORD);
    expect(res.status).toBe(200);
    expect(body.result.data).toMatchObject({ username: "community-staff", role: "community_staff" });
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^linli_session=[0-9a-f]{64};/);
    const attrs = cookie
      .split(";")
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attrs).toContain("httponly");
    expect(attrs).toContain("samesite=lax");
    expect(attrs).toContain("path=/");
    expect(attrs).not.toContain("secure");
    expect(await me(client)).toMatchObject({ username: "community-staff", community: { slug: "hehua" } });
  });

  it("marks the cookie Secure over https", async () => {
    const self = (exports as unknown as { default: Fetcher }).default;
    const res = await self.fetch(
      new Request("https://linli.test/trpc/auth.login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "community-staff", password: PASSWORD }),
      }),
    );
    expect(res.status).toBe(200);
    const attrs = res.headers
      .get("set-cookie")!
      .split(";")
      .map((a) => a.trim().toLowerCase());
    expect(attrs).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "secure"]));
    await res.arrayBuffer();
  });

  it("accepts the username in any case", async () => {
    const { res } = await login("Community-Admin", PASSWORD);
    expect(res.status).toBe(200);
  });

  it("refuses a wrong password with 401 and a message, and sets no cookie", async () => {
    const u = await createUser({ role: "community_staff", community: "hehua" });
    const { client, res, body } = await login(u.username, "wrong-password1");
    expect(res.status).toBe(401);
    expect(body.error.data.code).toBe("UNAUTHORIZED");
    expect(body.error.message).toBe("用户名或密码错误");
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await me(client)).toBeNull();
    const en = await login(u.username, "wrong-password1", "en");
    expect(en.body.error.message).toBe("Wrong username or password");
  });

  it("gives the same answer for an unknown username as for a wrong password", async () => {
    const { res, body } = await login("nobody-here-at-all", "whatever123");
    expect(res.status).toBe(401);
    expect(body.error.message).toBe("用户名或密码错误");
  });

  it("locks the account on the 5th failure; then even the right password is refused", async () => {
    const u = await createUser({ role: "community_staff", community: "hehua" });
    for (let i = 1; i <= 4; i++) {
      const { res } = await login(u.username, `wrong-${i}`);
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const fifth = await login(u.username, "wrong-5");
    expect(fifth.body.error.data.code).toBe("TOO_MANY_REQUESTS");
    expect(fifth.res.status).toBe(429);
    expect(fifth.body.error.message).toBe("登录失败次数过多，请 15 分钟后再试");

    const sixth = await login(u.username, u.password);
    expect(sixth.res.status).toBe(429);
    expect(sixth.body.error.data.code).toBe("TOO_MANY_REQUESTS");
    expect(sixth.body.error.message).toContain("登录失败次数过多");
    expect(sixth.res.headers.get("set-cookie")).toBeNull();
    const sessions = await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?")
      .bind(u.id)
      .first<{ n: number }>();
    expect(sessions?.n).toBe(0);

    // Once the lock has run out, the right password works again.
    await env.DB.prepare("UPDATE login_throttle SET locked_until = ? WHERE username = ?")
      .bind(Date.now() - 1000, u.username)
      .run();
    const later = await login(u.username, u.password);
    expect(later.res.status).toBe(200);
  });

  it("clears the failure count after a successful login", async () => {
    const u = await createUser({ role: "community_staff", community: "hehua" });
    for (let i = 0; i < 4; i++) await login(u.username, "wrong-password1");
    expect((await login(u.username, u.password)).res.status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(u.username, "wrong-password1")).res.status).toBe(401);
    expect((await login(u.username, u.password)).res.status).toBe(200);
  });

  it("refuses a disabled account, even with the right password", async () => {
    const u = await createUser({ role: "community_staff", community: "hehua", disabled: true });
    const { res, body } = await login(u.username, u.password);
    expect(res.status).toBe(403);
    expect(body.error.data.code).toBe("FORBIDDEN");
    expect(body.error.message).toBe("账号已停用，请联系管理员");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("ends the sessions of an account disabled while logged in", async () => {
    const u = await createUser({ role: "community_staff", community: "hehua" });
    const c = await Client.as(u.username, u.password);
    expect(await me(c)).toMatchObject({ username: u.username });
    await env.DB.prepare("UPDATE users SET disabled_at = ? WHERE id = ?").bind(Date.now(), u.id).run();
    expect(await me(c)).toBeNull();
  });
});

describe("sessions", () => {
  it("logout revokes the session: the old cookie no longer authenticates", async () => {
    const u = await createUser({ role: "community_staff", community: "hehua" });
    const c = await Client.as(u.username, u.password);
    const oldCookie = c.cookie;
    expect(await me(c)).toMatchObject({ username: u.username });

    const out = await c.fetch("/trpc/auth.logout", { method: "POST", headers: { "content-type": "application/json" } });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/^linli_session=;.*Max-Age=0/i);
    expect(c.cookie).toBeNull();

    const replay = withCookie(oldCookie);
    expect(await me(replay)).toBeNull();
    const write = await replay.mutate("auth.changePassword", {
      currentPassword: u.password,
      newPassword: "newpass123",
    });
    expect(write.ok).toBe(false);
    expect(!write.ok && write.error.data.code).toBe("UNAUTHORIZED");
  });

  it("an expired session no longer authenticates", async () => {
    const u = await createUser({ role: "community_staff", community: "hehua" });
    const c = await Client.as(u.username, u.password);
    expect(await me(c)).toMatchObject({ username: u.username });
    const hash = await sha256Hex(tokenOf(c));
    const upd = await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE token_hash = ?")
      .bind(Date.now() - 1, hash)
      .run();
    expect(upd.meta.changes).toBe(1);
    expect(await me(c)).toBeNull();
  });

  it("sessions last 7 days", async () => {
    const u = await createUser({ role: "community_staff", community: "hehua" });
    const before = Date.now();
    const c = await Client.as(u.username, u.password);
    const row = await env.DB.prepare("SELECT created_at, expires_at FROM sessions WHERE token_hash = ?")
      .bind(await sha256Hex(tokenOf(c)))
      .first<{ created_at: number; expires_at: number }>();
    expect(row!.created_at).toBeGreaterThanOrEqual(before);
    expect(row!.expires_at - row!.created_at).toBe(7 * 86_400_000);
  });

  it("stores only the SHA-256 of the token, never the token itself", async () => {
    const u = await createUser({ role: "community_staff", community: "hehua" });
    const c = await Client.as(u.username, u.password);
    const token = tokenOf(c);
    const { results } = await env.DB.prepare("SELECT * FROM sessions WHERE user_id = ?").bind(u.id).all();
    expect(results).toHaveLength(1);
    expect(results[0].token_hash).toBe(await sha256Hex(token));
    const dump = JSON.stringify(await env.DB.prepare("SELECT * FROM sessions").all());
    expect(dump).not.toContain(token);
  });

  it("a forged or unknown token authenticates nobody", async () => {
    expect(await me(withCookie("linli_session=" + "ab".repeat(32)))).toBeNull();
    // The stored hash used as a token does not work either.
    const c = await Client.as("community-staff");
    const hash = await sha256Hex(tokenOf(c));
    expect(await me(withCookie("linli_session=" + hash))).toBeNull();
  });
});

describe("passwords", () => {
  it("use PBKDF2-SHA256 at exactly 100,000 iterations", async () => {
    expect(PBKDF2_ITERATIONS).toBe(100000);
    // Recompute a stored hash independently with 100,000 iterations.
    const u = await createUser({ role: "community_staff", community: "hehua", password: "independent42" });
    const row = await env.DB.prepare("SELECT password_salt, password_hash FROM users WHERE id = ?")
      .bind(u.id)
      .first<{ password_salt: string; password_hash: string }>();
    const salt = Uint8Array.from(atob(row!.password_salt), (ch) => ch.charCodeAt(0));
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("independent42"), "PBKDF2", false, [
      "deriveBits",
    ]);
    const bits = await crypto.subtle.deriveBits(
      { name: "PBKDF2", hash: "SHA-256", salt, iterations: 100000 },
      key,
      256,
    );
    expect(btoa(String.fromCharCode(...new Uint8Array(bits)))).toBe(row!.password_hash);
    expect(salt.length).toBeGreaterThanOrEqual(16);
  });

  it("changePassword needs the current password, and the new one works", async () => {
    const u = await createUser({ role: "community_staff", community: "hehua" });
    const c = await Client.as(u.username, u.password);
    const wrong = await c.mutate("auth.changePassword", { currentPassword: "not-it-123", newPassword: "newpass123" });
    expect(!wrong.ok && wrong.error.data.code).toBe("BAD_REQUEST");
    expect(!wrong.ok && wrong.error.data.fieldErrors).toEqual({ currentPassword: "当前密码：不正确" });
    const weak = await c.mutate("auth.changePassword", { currentPassword: u.password, newPassword: "short" });
    expect(!weak.ok && weak.error.data.fieldErrors?.newPassword).toMatch(/^新密码：/);
    const ok = await c.mutate("auth.changePassword", { currentPassword: u.password, newPassword: "newpass123" });
    expect(ok.ok).toBe(true);
    expect((await login(u.username, u.password)).res.status).toBe(401);
    expect((await login(u.username, "newpass123")).res.status).toBe(200);
  });

  it("changePassword ends every other session of the account; the one making the change stays", async () => {
    const u = await createUser({ role: "community_staff", community: "hehua" });
    const a = await Client.as(u.username, u.password);
    const b = await Client.as(u.username, u.password);
    expect(tokenOf(a)).not.toBe(tokenOf(b));
    expect(await me(a)).toMatchObject({ username: u.username });
    expect(await me(b)).toMatchObject({ username: u.username });

    const r = await a.mutate("auth.changePassword", { currentPassword: u.password, newPassword: "Changed987" });
    expect(r.ok).toBe(true);
    expect(await me(b)).toBeNull();
    expect(await me(a)).toMatchObject({ username: u.username });
    // B is logged out for writes too, not only for auth.me.
    const write = await b.mutate("auth.changePassword", { currentPassword: "Changed987", newPassword: "Another123" });
    expect(!write.ok && write.error.data.code).toBe("UNAUTHORIZED");

    const rows = await env.DB.prepare("SELECT token_hash, revoked_at FROM sessions WHERE user_id = ?")
      .bind(u.id)
      .all<{ token_hash: string; revoked_at: number | null }>();
    const byHash = Object.fromEntries(rows.results.map((s) => [s.token_hash, s.revoked_at]));
    expect(byHash[await sha256Hex(tokenOf(a))]).toBeNull();
    expect(byHash[await sha256Hex(tokenOf(b))]).toEqual(expect.any(Number));

    // The new password logs in (a fresh session), the old one no longer does.
    expect((await login(u.username, u.password)).res.status).toBe(401);
    const fresh = await login(u.username, "Changed987");
    expect(fresh.res.status).toBe(200);
    expect(await me(fresh.client)).toMatchObject({ username: u.username });
    expect(await me(a)).toMatchObject({ username: u.username });
  });

  it("changePassword with a wrong current password is BAD_REQUEST naming 当前密码, and changes nothing", async () => {
    const u = await createUser({ role: "community_staff", community: "hehua" });
    const a = await Client.as(u.username, u.password);
    const b = await Client.as(u.username, u.password);
    const userRow = () =>
      env.DB.prepare("SELECT password_salt, password_hash, updated_at FROM users WHERE id = ?").bind(u.id).first();
    const sessionRows = () =>
      env.DB.prepare("SELECT * FROM sessions WHERE user_id = ? ORDER BY token_hash").bind(u.id).all();
    const before = { counts: await tableCounts(env.DB), user: await userRow(), sessions: await sessionRows() };

    const r = await a.mutate("auth.changePassword", { currentPassword: "not-my-password1", newPassword: "Changed987" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toBe(400);
    expect(r.error.data.code).toBe("BAD_REQUEST");
    expect(r.error.message).toContain("当前密码");
    expect(r.error.data.fieldErrors).toEqual({ currentPassword: r.error.message });

    expect(await tableCounts(env.DB)).toEqual(before.counts);
    expect(await userRow()).toEqual(before.user);
    expect((await sessionRows()).results).toEqual(before.sessions.results);
    expect(await me(a)).toMatchObject({ username: u.username });
    expect(await me(b)).toMatchObject({ username: u.username });
    expect((await login(u.username, "Changed987")).res.status).toBe(401);
    expect((await login(u.username, u.password)).res.status).toBe(200);
  });
});
