import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../shared/i18n/errors";
import { sha256Hex } from "../../shared/rules/transparency";
import { SESSION_TTL_MS } from "../../worker/auth/session";
import { communityId, createUser, expectOk, PASSWORD, STREET, tokenOf, withCookie } from "./fixtures";
import { PDF } from "./cases-fixtures";
import { newResident } from "./residents-fixtures";
import {
  allTableCounts,
  FastClient,
  isMutation,
  kindOf,
  ownedSnapshot,
  policyOf,
  procedureNames,
  recordsOf,
  sampleInput,
  type Records,
} from "./security-fixtures";

/**
 * Sessions (issue 10): fixation, ending sessions, expiry, and cross-site request forgery.
 * Already covered elsewhere and not repeated here: logout revokes the token, a password change
 * ends the account's other sessions and keeps the current one, sessions last 7 days, only the
 * token's hash is stored (auth.test.ts "sessions" and "passwords"); resetPassword and
 * setDisabled end the target's sessions (admin.test.ts); one cross-site notices.create and
 * publish, logout, login and upload (policies.test.ts "cross-site writes").
 */

const COMMUNITY = "hehua";

async function me(c: FastClient): Promise<{ username: string } | null> {
  const r = await c.query<{ username: string } | null>("auth.me");
  return expectOk(r);
}

const hashOf = async (token: string) => sha256Hex(token);

async function sessionRow(token: string) {
  return env.DB.prepare("SELECT user_id, expires_at, revoked_at FROM sessions WHERE token_hash = ?")
    .bind(await hashOf(token))
    .first<{ user_id: string; expires_at: number; revoked_at: number | null }>();
}

/** A cookie the browser holds, as a FastClient. */
const holding = (cookie: string | null) => FastClient.from(withCookie(cookie));

function upload(c: FastClient, path: string, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.append("file", new File([PDF], "文件.pdf", { type: "application/pdf" }));
  return c.fetch(path, { method: "POST", body: form, headers });
}

describe("session fixation", () => {
  it("a cookie planted before login is replaced by a fresh token; the planted one authenticates nobody", async () => {
    const u = await createUser({ role: "community_staff", community: COMMUNITY });
    const planted = "ab12".repeat(16);
    const c = holding(`linli_session=${planted}`);
    expect(await me(c)).toBeNull();

    const res = await c.fetch("/trpc/auth.login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: u.username, password: u.password }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^linli_session=[0-9a-f]{64};/);
    expect(cookie).toContain(`Max-Age=${SESSION_TTL_MS / 1000}`);
    expect(tokenOf(c)).not.toBe(planted);
    expect(await me(c)).toMatchObject({ username: u.username });

    expect(await me(holding(`linli_session=${planted}`))).toBeNull();
    expect(await sessionRow(planted)).toBeNull();
  });

  it("an attacker's own session planted in the victim's browser never becomes the victim's", async () => {
    const attacker = await createUser({ role: "community_staff", community: "taoyuan" });
    const victim = await createUser({ role: "community_admin", community: COMMUNITY });
    const attackerClient = await FastClient.login(attacker.username, attacker.password);
    const planted = tokenOf(attackerClient);

    const browser = holding(attackerClient.cookie);
    expect(await me(browser)).toMatchObject({ username: attacker.username });
    expectOk(await browser.mutate("auth.login", { username: victim.username, password: victim.password }));
    expect(tokenOf(browser)).not.toBe(planted);
    expect(await me(browser)).toMatchObject({ username: victim.username });

    // The session the browser came with ends at login: the attacker's copy authenticates no one.
    expect(await me(holding(`linli_session=${planted}`))).toBeNull();
    expect((await sessionRow(planted))?.user_id).toBe(attacker.id);
    expect((await sessionRow(tokenOf(browser)))?.user_id).toBe(victim.id);
  });

  it("activation logs the resident in with a fresh token, not the one the browser held", async () => {
    const staff = await FastClient.login("community-staff");
    const resident = await newResident(staff, COMMUNITY);
    const { code } = expectOk(
      await staff.mutate<{ code: string }>("residents.issueActivation", { residentId: resident.id }),
    );
    const planted = "cd34".repeat(16);
    const browser = holding(`linli_session=${planted}`);
    expectOk(
      await browser.mutate("auth.activate", { street: STREET, community: COMMUNITY, code, password: "Resid3nt99" }),
    );
    expect(tokenOf(browser)).not.toBe(planted);
    expect(await me(browser)).not.toBeNull();
    expect(await me(holding(`linli_session=${planted}`))).toBeNull();
    expect(await sessionRow(planted)).toBeNull();
  });

  it("every login issues a new token", async () => {
    const u = await createUser({ role: "community_staff", community: COMMUNITY });
    const tokens = new Set<string>();
    for (let i = 0; i < 3; i++) tokens.add(tokenOf(await FastClient.login(u.username, u.password)));
    expect(tokens.size).toBe(3);
  });
});

describe("an ended session is refused everywhere: tRPC queries and mutations, and /files", () => {
  let admin: FastClient;
  let hehua: string;
  let draft: string;
  let draftFile: string;

  beforeAll(async () => {
    admin = await FastClient.login("community-admin");
    hehua = await communityId(COMMUNITY);
    draft = expectOk(
      await admin.mutate<{ id: string }>("notices.create", {
        communityId: hehua,
        category: "affairs",
        title: "会话测试草稿",
        bodyMd: "x",
      }),
    ).id;
    const res = await upload(admin, `/files/notices/${draft}`);
    expect(res.status).toBe(200);
    draftFile = ((await res.json()) as { id: string }).id;
  });

  /** What a live session of a community admin can do; an ended one can do none of it. */
  async function reach(c: FastClient) {
    const drafts = await c.query("notices.drafts", { communityId: hehua });
    const create = await c.mutate("notices.create", {
      communityId: hehua,
      category: "affairs",
      title: "x",
      bodyMd: "",
    });
    const download = await c.fetch(`/files/${draftFile}`);
    await download.arrayBuffer();
    const up = await upload(c, `/files/notices/${draft}`);
    await up.arrayBuffer();
    return {
      me: (await me(c))?.username ?? null,
      drafts: drafts.ok ? "ok" : drafts.error.data.code,
      create: create.ok ? "ok" : create.error.data.code,
      download: download.status,
      upload: up.status,
    };
  }
  const REFUSED = { me: null, drafts: "UNAUTHORIZED", create: "UNAUTHORIZED", download: 404, upload: 401 };

  const endings: [string, (u: { id: string; username: string }, victim: FastClient) => Promise<void>][] = [
    [
      "logout",
      async (_u, victim) => {
        // The browser forgets the cookie; the copy kept below is what an attacker would replay.
        await withCookie(victim.cookie).mutate("auth.logout");
      },
    ],
    [
      "a password change from another session",
      async (u) => {
        const other = await FastClient.login(u.username, PASSWORD);
        expectOk(await other.mutate("auth.changePassword", { currentPassword: PASSWORD, newPassword: "Chang3d-pw" }));
      },
    ],
    [
      "a password reset by the street admin",
      async (u) => {
        const street = await FastClient.login("street-admin");
        expectOk(await street.mutate("admin.staff.resetPassword", { userId: u.id, password: "Reset-pw-42" }));
      },
    ],
    [
      "the account being disabled",
      async (u) => {
        const street = await FastClient.login("street-admin");
        expectOk(await street.mutate("admin.staff.setDisabled", { userId: u.id, disabled: true }));
      },
    ],
    [
      "expiry a millisecond ago",
      async (_u, victim) => {
        await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE token_hash = ?")
          .bind(Date.now() - 1, await hashOf(tokenOf(victim)))
          .run();
      },
    ],
    [
      "expiry right now (a session is valid strictly before its end)",
      async (_u, victim) => {
        await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE token_hash = ?")
          .bind(Date.now(), await hashOf(tokenOf(victim)))
          .run();
      },
    ],
  ];

  it.each(endings)("after %s", async (_label, end) => {
    const u = await createUser({ role: "community_admin", community: COMMUNITY });
    const victim = await FastClient.login(u.username, u.password);
    const kept = victim.cookie;
    expect(await reach(victim)).toEqual({
      me: u.username,
      drafts: "ok",
      create: "ok",
      download: 200,
      upload: 200,
    });
    await end(u, victim);
    const before = await allTableCounts();
    expect(await reach(holding(kept))).toEqual(REFUSED);
    expect(await allTableCounts()).toEqual(before);
  });

  it("a session about to expire still works: the refusals above are the ending, not the clock", async () => {
    const u = await createUser({ role: "community_admin", community: COMMUNITY });
    const c = await FastClient.login(u.username, u.password);
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE token_hash = ?")
      .bind(Date.now() + 60_000, await hashOf(tokenOf(c)))
      .run();
    expect((await reach(c)).drafts).toBe("ok");
  });
});

describe("cross-site request forgery: every mutation", () => {
  const REJECTED = translate("origin.rejected", "zh");
  const CROSS_SITE: [string, Record<string, string>][] = [
    ["Origin: https://evil.example", { origin: "https://evil.example" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    [
      "a simple text/plain form post from evil.example",
      { origin: "https://evil.example", "sec-fetch-site": "cross-site", "content-type": "text/plain" },
    ],
  ];
  const mutations = procedureNames.filter(isMutation);
  let records: Records;
  const clients: Record<string, FastClient> = {};
  const inputs: Record<string, unknown> = {};
  let hehua: string;
  let streetId: string;

  beforeAll(async () => {
    hehua = await communityId(COMMUNITY);
    streetId = (await env.DB.prepare("SELECT street_id FROM communities WHERE id = ?")
      .bind(hehua)
      .first<{ street_id: string }>())!.street_id;
    for (const login of ["community-admin", "community-staff", "supervisor", "grid-worker", "street-admin", "resident"])
      clients[login] = await FastClient.login(login);
    clients.anonymous = new FastClient();
    const own = await createUser({ role: "community_staff", community: COMMUNITY });
    clients.authenticated = await FastClient.login(own.username, own.password);
    records = await recordsOf(hehua);
    for (const name of mutations) {
      const fill = (field: string, path: string[], js: { type?: unknown }) => {
        if (field === "street") return STREET;
        if (field === "community") return COMMUNITY;
        const kind = kindOf(name, field, path);
        const ids = kind ? records[kind] : undefined;
        if (!ids?.length) return undefined;
        return js.type === "array" ? [ids[0]] : ids[0];
      };
      inputs[name] = (await sampleInput(name, fill, (f, p) => kindOf(name, f, p) !== null)).input;
    }
  });

  /** Someone the policy admits, so that only the origin check stands between the request and a write. */
  function callerFor(name: string): FastClient {
    const policy = policyOf(name);
    if (policy === "public") return clients.anonymous;
    if (policy === "resident:self") return clients.resident;
    if (policy.startsWith("street:")) return clients["street-admin"];
    if (policy === "authenticated") return clients.authenticated;
    const roles = policy.split(":")[1].split(",");
    const role = ["community_admin", "community_staff", "supervisor", "grid_worker", "street_admin", "resident"].find(
      (r) => roles.includes(r),
    );
    return clients[(role ?? "community_admin").replace("_", "-")];
  }

  it(`all ${mutations.length} mutation procedures refuse cross-site posts with 403 and write nothing`, async () => {
    const counts = await allTableCounts();
    const owned = await ownedSnapshot(hehua, streetId);
    const answers: string[] = [];
    let sent = 0;
    for (const name of mutations) {
      const c = callerFor(name);
      for (const [label, headers] of CROSS_SITE) {
        const res = await c.fetch(`/trpc/${name}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(inputs[name] ?? null),
        });
        sent += 1;
        const body = (await res.json()) as { error?: { message?: string; code?: string } };
        if (res.status !== 403 || body.error?.message !== REJECTED || body.error?.code !== "FORBIDDEN")
          answers.push(`${name} (${label}): ${res.status} ${JSON.stringify(body).slice(0, 120)}`);
        if (res.headers.get("set-cookie")) answers.push(`${name} (${label}): set a cookie`);
      }
    }
    // A batch of mutations, and a GET to a mutation (what an <img> or a link can send), write nothing either.
    const batch = await clients["community-admin"].fetch("/trpc/notices.create,notices.create?batch=1", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ 0: inputs["notices.create"], 1: inputs["notices.create"] }),
    });
    expect(batch.status).toBe(403);
    await batch.arrayBuffer();
    for (const name of mutations) {
      const res = await callerFor(name).fetch(
        `/trpc/${name}?input=${encodeURIComponent(JSON.stringify(inputs[name] ?? null))}`,
        { headers: { "sec-fetch-site": "cross-site" } },
      );
      sent += 1;
      if (res.status < 400) answers.push(`GET ${name}: ${res.status}`);
      await res.arrayBuffer();
    }
    console.log(
      `csrf: ${mutations.length} mutations × ${CROSS_SITE.length} cross-site forms + GET = ${sent} requests, ` +
        `${answers.length} let through`,
    );
    expect(answers).toEqual([]);
    expect(await allTableCounts()).toEqual(counts);
    expect(await ownedSnapshot(hehua, streetId)).toEqual(owned);
  });

  it("the same inputs from the app's own origin are accepted: the refusals above were the origin check", async () => {
    let accepted = 0;
    const refused: string[] = [];
    for (const name of mutations.filter((n) => n !== "auth.logout")) {
      const r = await callerFor(name).mutate(name, inputs[name]);
      if (r.ok) accepted += 1;
      else if (r.error.data.code === "FORBIDDEN" && r.error.message === REJECTED) refused.push(name);
    }
    console.log(`csrf control: ${accepted} of ${mutations.length - 1} same-origin mutations succeeded`);
    expect(refused).toEqual([]);
    expect(accepted).toBeGreaterThan(mutations.length / 3);
  });

  it("look-alike origins are refused on every write route, /files uploads included", async () => {
    const admin = clients["community-admin"];
    const records = await recordsOf(hehua);
    const routes = [
      "/trpc/notices.create",
      `/files/notices/${records.notices[0]}`,
      `/files/meeting-items/${records.meeting_items[0]}`,
      `/files/cases/${records.cases[0]}`,
      `/files/decisions/${records.decisions[0]}`,
      `/files/finance-entries/${records.finance_entries[0]}`,
    ];
    const origins = [
      "http://linli.test.evil.example",
      "http://evil.example",
      "http://linli.test:8080",
      "https://linli.test",
      "null",
    ];
    const counts = await allTableCounts();
    for (const route of routes)
      for (const origin of origins) {
        const res = route.startsWith("/trpc/")
          ? await admin.fetch(route, {
              method: "POST",
              headers: { "content-type": "application/json", origin },
              body: JSON.stringify(inputs["notices.create"]),
            })
          : await upload(admin, route, { origin });
        expect(res.status, `${route} from ${origin}`).toBe(403);
        await res.arrayBuffer();
      }
    expect(await allTableCounts()).toEqual(counts);
  });
});
