import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, type TrpcResult } from "./helpers";
import { communityId, createStreet, createUser, expectOk, STREET } from "./fixtures";
import { PDF, PNG, uploadPhoto } from "./cases-fixtures";
import { voters } from "./polls-fixtures";
import { createTeam, enrol } from "./volunteers-fixtures";
import {
  call,
  FastClient,
  kindOf,
  ownedSnapshot,
  policyOf,
  procedureNames,
  recordsOf,
  sampleInput,
  shanghaiDay,
  type Records,
} from "./security-fixtures";

/**
 * The cross-tenant matrix (issue 10): every procedure of the router, called by every kind of user
 * of another community (taoyuan) and of another street office, with inputs that point at the
 * records of the victim community (hehua). Nobody may read hehua's private records or write
 * anything of hehua's.
 */

const VICTIM = "hehua";
const ATTACKER_COMMUNITY = "taoyuan";

/** Procedures left out of the matrix, and why. */
const SKIPPED: Record<string, string> = {
  "auth.login": "takes a username and password, names no record; wrong-password lockout and timing are in auth.test.ts",
  "auth.logout": "ends the caller's own session and nothing else; it would log the attacker out mid-matrix",
  "cases.file":
    "anyone may file a request with any community (the public request form): the write into the victim is the feature",
};

/**
 * Answers about the caller's own state, given before the input's records are looked at: not a
 * sign of having reached the victim.
 */
const OWN_STATE: Record<string, { role: string; code: string; why: string }> = {
  "volunteers.register": {
    role: "taoyuan volunteer team leader",
    code: "CONFLICT",
    why: "already a volunteer of taoyuan: the conflict is their own registration (the plain resident, not yet one, is refused the victim's teams)",
  },
};

/** What a refused call may answer. */
const REFUSALS = ["FORBIDDEN", "NOT_FOUND", "BAD_REQUEST", "UNAUTHORIZED"];

type Attacker = { role: string; client: Client };
type Planned = { name: string; input: unknown; valid: boolean; pointsAtVictim: boolean; kinds: string[] };
type Outcome = { name: string; role: string; status: number; code: string; leaked: string[] };

/** The ids named in a body that belong to the victim's private records. */
function leakedIds(body: string, privateIds: Set<string>): string[] {
  const found = new Set<string>();
  for (const token of body.match(/[0-9A-Za-z]{8,}/g) ?? []) if (privateIds.has(token)) found.add(token);
  return [...found];
}

/** The input with every id of the victim swapped for one that exists nowhere (same shape). */
function ghostOf(value: unknown, ids: Set<string>): unknown {
  if (typeof value === "string")
    return ids.has(value) ? "0".repeat(10) + "NOSUCHRECORD0000".slice(0, value.length - 10) : value;
  if (Array.isArray(value)) return value.map((v) => ghostOf(v, ids));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ghostOf(v, ids)]));
  return value;
}

/** The victim's own user for a policy: someone the procedure is meant for. */
function insiderFor(name: string, policy: string): string {
  if (policy === "resident:self") return name.startsWith("volunteers.") ? "team-leader" : "resident";
  if (policy.startsWith("street:")) return "street-admin";
  if (policy.startsWith("team:")) return "community-admin";
  const roles = policy.split(":")[1]?.split(",") ?? [];
  const logins: Record<string, string> = {
    community_admin: "community-admin",
    community_staff: "community-staff",
    supervisor: "supervisor",
    grid_worker: "grid-worker",
    street_admin: "street-admin",
    street_viewer: "street-viewer",
    resident: "resident",
  };
  return logins[roles.find((r) => r in logins) ?? "community_admin"];
}

type FileAttempt = { role: string; what: string; status: number };

/** The /files routes (not tRPC): the victim's private files and uploads to its records. */
async function fileAttempts(attackers: Attacker[], records: Records): Promise<FileAttempt[]> {
  const draftFiles = (
    await env.DB.prepare("SELECT id FROM attachments WHERE community_id = ? AND published_at IS NULL")
      .bind(records.communities[0])
      .all<{ id: string }>()
  ).results.map((r) => r.id);
  const gets = [
    ...draftFiles.map((id) => `/files/${id}`),
    ...records.finance_vouchers.map((id) => `/files/vouchers/${id}`),
  ];
  const posts = [
    `/files/notices/${records.notices[0]}`,
    `/files/meeting-items/${records.meeting_items[0]}`,
    `/files/cases/${records.cases[0]}`,
    `/files/decisions/${records.decisions[0]}`,
    `/files/finance-entries/${records.finance_entries[0]}`,
  ];
  const out: FileAttempt[] = [];
  for (const a of attackers) {
    for (const path of gets) {
      const res = await a.client.fetch(path);
      await res.arrayBuffer();
      out.push({ role: a.role, what: `GET ${path}`, status: res.status });
    }
    for (const path of posts) {
      const res = await upload(a.client, path, PDF, "越权.pdf", "application/pdf");
      await res.arrayBuffer();
      out.push({ role: a.role, what: `POST ${path}`, status: res.status });
    }
  }
  return out;
}

async function upload(c: Client, path: string, bytes: Uint8Array<ArrayBuffer>, name: string, type: string) {
  const form = new FormData();
  form.append("file", new File([bytes], name, { type }));
  return c.fetch(path, { method: "POST", body: form });
}

describe("cross-tenant matrix: taoyuan and another street office against hehua", () => {
  let victimId: string;
  let victimStreetId: string;
  let records: Records;
  let privateIds: Set<string>;
  let neverPublic: Set<string>;
  let attackers: Attacker[];
  let plans: Planned[];
  /** The refusals of calls aimed at the victim's records, replayed below with ids that exist nowhere. */
  const refusals: { plan: Planned; attacker: Attacker; code: string; message: string }[] = [];

  beforeAll(async () => {
    victimId = await communityId(VICTIM);
    victimStreetId = (await env.DB.prepare("SELECT street_id FROM communities WHERE id = ?")
      .bind(victimId)
      .first<{ street_id: string }>())!.street_id;

    // Records of kinds the seed leaves empty in hehua, made the way hehua's own users make them.
    const admin = await FastClient.login("community-admin");
    const staff = await FastClient.login("community-staff");
    const resident = await FastClient.login("resident");
    await createUser({ role: "community_staff", community: VICTIM, displayName: "受害社区工作人员" });
    const draft = (await env.DB.prepare("SELECT id FROM notices WHERE community_id = ? AND status = 'draft' LIMIT 1")
      .bind(victimId)
      .first<{ id: string }>())!.id;
    expect((await upload(admin, `/files/notices/${draft}`, PDF, "内部草稿附件.pdf", "application/pdf")).status).toBe(
      200,
    );
    const openCase = (await env.DB.prepare("SELECT id FROM cases WHERE community_id = ? AND status <> 'closed' LIMIT 1")
      .bind(victimId)
      .first<{ id: string }>())!.id;
    expect((await uploadPhoto(staff, openCase, PNG)).status).toBe(200);
    const entry = (await env.DB.prepare(
      `SELECT e.id FROM finance_entries e JOIN finance_periods p ON p.id = e.period_id
       WHERE e.community_id = ? AND p.status = 'open' LIMIT 1`,
    )
      .bind(victimId)
      .first<{ id: string }>())!.id;
    expect((await upload(staff, `/files/finance-entries/${entry}`, PDF, "凭证.pdf", "application/pdf")).status).toBe(
      200,
    );
    const unregistered = (await env.DB.prepare(
      `SELECT id FROM residents WHERE community_id = ? AND status = 'active' AND phone <> ''
       AND id NOT IN (SELECT resident_id FROM users WHERE resident_id IS NOT NULL) LIMIT 1`,
    )
      .bind(victimId)
      .first<{ id: string }>())!.id;
    expectOk(await staff.mutate("residents.issueActivation", { residentId: unregistered }));
    expectOk(await resident.mutate("me.requestCorrection", { text: "我的电话号码换了，请更正" }));
    const leader = await FastClient.login("team-leader");
    expectOk(
      await leader.mutate("volunteers.requestCertificate", {
        fromDate: shanghaiDay(Date.now() - 365 * 86_400_000),
        toDate: shanghaiDay(),
      }),
    );

    records = await recordsOf(victimId);
    privateIds = new Set(
      Object.entries(records)
        .filter(([kind]) => kind !== "communities")
        .flatMap(([, ids]) => ids),
    );

    const ids = async (sql: string) =>
      (await env.DB.prepare(sql).bind(victimId).all<{ id: string }>()).results.map((r) => r.id);
    neverPublic = new Set([
      ...["residents", "households", "users", "activation_codes", "correction_requests", "audit_log"].flatMap(
        (k) => records[k] ?? [],
      ),
      ...["resident_history", "notice_acknowledgements", "finance_vouchers", "volunteer_records"].flatMap(
        (k) => records[k] ?? [],
      ),
      ...(await ids("SELECT id FROM notices WHERE community_id = ? AND first_published_at IS NULL")),
      ...(await ids("SELECT id FROM attachments WHERE community_id = ? AND published_at IS NULL")),
      ...(await ids("SELECT id FROM notice_objections WHERE community_id = ? AND published = 0")),
      ...(await ids("SELECT id FROM case_events WHERE community_id = ? AND private = 1")),
      ...(await ids(
        `SELECT e.id FROM finance_entries e JOIN finance_periods p ON p.id = e.period_id
         WHERE e.community_id = ? AND p.status <> 'published'`,
      )),
    ]);

    // The attackers: every role of taoyuan, and the street office of another street.
    const taoyuanId = await communityId(ATTACKER_COMMUNITY);
    const login = (u: { username: string; password: string }) => FastClient.login(u.username, u.password);
    const taoyuanAdmin = await FastClient.login("taoyuan-admin");
    const gridWorker = await createUser({ role: "grid_worker", community: ATTACKER_COMMUNITY });
    await env.DB.prepare(
      "UPDATE grids SET worker_user_id = ? WHERE id = (SELECT id FROM grids WHERE community_id = ? LIMIT 1)",
    )
      .bind(gridWorker.id, taoyuanId)
      .run();
    const [plainResident] = await voters(taoyuanId, 1, { isHouseholdRep: true });
    const { id: team } = await createTeam(taoyuanAdmin, taoyuanId);
    const [volunteer] = await enrol(taoyuanAdmin, taoyuanId, 1, { teamIds: [team] });
    await env.DB.prepare("UPDATE volunteer_teams SET leader_volunteer_id = ? WHERE id = ?")
      .bind(volunteer.volunteerId, team)
      .run();
    const street = await createStreet();
    attackers = [
      { role: "anonymous", client: new FastClient() },
      { role: "taoyuan community_admin", client: taoyuanAdmin },
      {
        role: "taoyuan community_staff",
        client: await login(await createUser({ role: "community_staff", community: ATTACKER_COMMUNITY })),
      },
      {
        role: "taoyuan supervisor",
        client: await login(await createUser({ role: "supervisor", community: ATTACKER_COMMUNITY })),
      },
      { role: "taoyuan grid_worker", client: await login(gridWorker) },
      { role: "taoyuan resident", client: FastClient.from(plainResident.client) },
      { role: "taoyuan volunteer team leader", client: FastClient.from(volunteer.client) },
      {
        role: "other street_admin",
        client: await login(await createUser({ role: "street_admin", streetId: street.id })),
      },
      {
        role: "other street_viewer",
        client: await login(await createUser({ role: "street_viewer", streetId: street.id })),
      },
    ];

    // One input per procedure, pointing at the victim wherever a field can. An id field of no
    // known kind gets one input per kind of record instead.
    plans = [];
    for (const name of procedureNames.filter((n) => !(n in SKIPPED))) {
      const plan = async (guess: string | null) => {
        const kinds: string[] = [];
        const unknown: string[] = [];
        const fill = (field: string, path: string[], js: { type?: unknown }) => {
          if (field === "street") return STREET;
          if (field === "community") return VICTIM;
          let kind = kindOf(name, field, path);
          if (kind === null) return undefined;
          if (kind === undefined) {
            unknown.push(path.join("."));
            if (!guess) return undefined;
            kind = guess;
          }
          // Residents act on published notices; staff procedures get a draft, the most private kind.
          const ids =
            kind === "notices" && policyOf(name).endsWith(":resident") ? records.published_notices : records[kind];
          if (!ids?.length) throw new Error(`${name}.${path.join(".")}: the victim has no ${kind}`);
          kinds.push(kind);
          return js.type === "array" ? [ids[0]] : ids[0];
        };
        const include = (field: string, path: string[]) => kindOf(name, field, path) !== null;
        const { input, valid } = await sampleInput(name, fill, include);
        const pointsAtVictim = kinds.length > 0 || JSON.stringify(input ?? null).includes(`"${VICTIM}"`);
        return { plan: { name, input, valid, pointsAtVictim, kinds }, unknown };
      };
      const first = await plan(null);
      if (!first.unknown.length) plans.push(first.plan);
      else
        for (const kind of Object.keys(records).filter((k) => records[k].length)) plans.push((await plan(kind)).plan);
    }
  });

  it("the victim has records of every kind, and every procedure has a well-formed input", () => {
    for (const kind of [
      "notices",
      "notice_versions",
      "attachments",
      "residents",
      "households",
      "resident_groups",
      "grids",
      "finance_periods",
      "finance_entries",
      "finance_vouchers",
      "meetings",
      "meeting_items",
      "decisions",
      "decision_updates",
      "petitions",
      "polls",
      "volunteers",
      "volunteer_teams",
      "shifts",
      "shift_signups",
      "volunteer_records",
      "volunteer_certificates",
      "cases",
      "case_events",
      "notice_objections",
      "notice_acknowledgements",
      "correction_requests",
      "activation_codes",
      "users",
      "audit_log",
      "transparency_log",
      "ballot_receipts",
      "case_tracking_codes",
    ])
      expect(records[kind]?.length ?? 0, kind).toBeGreaterThan(0);
    // Inputs the schema refuses would only test validation, not tenancy.
    expect(plans.filter((p) => !p.valid).map((p) => p.name)).toEqual([]);
    expect(new Set(plans.map((p) => p.name)).size + Object.keys(SKIPPED).length).toBe(procedureNames.length);
  });

  it("no attacker reads the victim's private records or writes anything of the victim's", async () => {
    const before = await ownedSnapshot(victimId, victimStreetId);
    const outcomes: Outcome[] = [];
    for (const plan of plans) {
      const isPublic = policyOf(plan.name) === "public";
      for (const a of attackers) {
        const r: TrpcResult<unknown> = await call(a.client, plan.name, plan.input);
        const code = r.ok ? "OK" : r.error.data?.code;
        // Public procedures may show the victim's published records, never its private ones.
        const leaked = r.ok ? leakedIds(JSON.stringify(r.data), isPublic ? neverPublic : privateIds) : [];
        outcomes.push({ name: plan.name, role: a.role, status: r.status, code, leaked });
        if (!isPublic && plan.kinds.length && !r.ok)
          refusals.push({ plan, attacker: a, code: r.error.data.code, message: r.error.message });
      }
    }
    const files = await fileAttempts(attackers, records);
    const after = await ownedSnapshot(victimId, victimStreetId);

    const leaks = outcomes.filter((o) => o.leaked.length);
    const serverErrors = outcomes.filter((o) => o.status >= 500);
    // A procedure aimed at the victim's records answers an outsider with a refusal, or with nothing of the victim's.
    const aimed = new Set(plans.filter((p) => p.pointsAtVictim && policyOf(p.name) !== "public").map((p) => p.name));
    const oddRefusals = outcomes.filter(
      (o) =>
        aimed.has(o.name) &&
        o.code !== "OK" &&
        !REFUSALS.includes(o.code) &&
        !(OWN_STATE[o.name]?.role === o.role && OWN_STATE[o.name]?.code === o.code),
    );
    const changed = Object.keys(before).filter((t) => JSON.stringify(before[t]) !== JSON.stringify(after[t]));
    const fileBreaches = files.filter((f) => f.status < 400 || f.status >= 500);

    const byCode: Record<string, number> = {};
    for (const o of outcomes) byCode[o.code] = (byCode[o.code] ?? 0) + 1;
    console.log(
      `matrix: ${new Set(plans.map((p) => p.name)).size} procedures (${plans.length} inputs) × ${attackers.length} roles = ${outcomes.length} calls, ` +
        `${leaks.length} leaks, ${changed.length} victim tables changed` +
        ` (${Object.keys(before).length} tables and R2 compared); ` +
        `${plans.filter((p) => p.pointsAtVictim).length} procedures aimed at the victim's records; ` +
        `answers ${JSON.stringify(byCode)}; ${files.length} /files requests, ${fileBreaches.length} answered; ` +
        `skipped: ${Object.keys(SKIPPED).join(", ")}`,
    );

    expect(outcomes.length).toBe(plans.length * attackers.length);
    expect(leaks.map((o) => `${o.role} ${o.name}: ${o.leaked.join(",")}`)).toEqual([]);
    expect(serverErrors.map((o) => `${o.role} ${o.name}: ${o.status}`)).toEqual([]);
    expect(oddRefusals.map((o) => `${o.role} ${o.name}: ${o.code}`)).toEqual([]);
    expect(fileBreaches.map((f) => `${f.role} ${f.what}: ${f.status}`)).toEqual([]);
    expect(changed.map((t) => `${t}: ${JSON.stringify(before[t])} → ${JSON.stringify(after[t])}`)).toEqual([]);
  });

  it("an outsider cannot tell the victim's records from records that do not exist", async () => {
    const victimIds = new Set([...privateIds, victimId]);
    const oracles: string[] = [];
    for (const { plan, attacker, code, message } of refusals) {
      const g = await call(attacker.client, plan.name, ghostOf(plan.input, victimIds));
      if (!g.ok && g.error.data.code === code && g.error.message === message) continue;
      oracles.push(
        `${attacker.role} ${plan.name}: the victim's record → ${code} "${message}", ` +
          `no record → ${g.ok ? "OK" : `${g.error.data.code} "${g.error.message}"`}`,
      );
    }
    console.log(
      `matrix oracle: ${refusals.length} refusals replayed with ids that exist nowhere, ${oracles.length} answered differently`,
    );
    expect(refusals.length).toBeGreaterThan(500);
    expect(oracles).toEqual([]);
  });

  it("the victim's own users reach the same records with the same inputs: the attacks aimed true", async () => {
    const clients = new Map<string, Client>();
    const missed: string[] = [];
    let reached = 0;
    // Removals go last: the victim's first entry may sit in an open period, and removing it first
    // would leave `finance.updateEntry` nothing to reach.
    const removes = (name: string) => /\.remove/.test(name);
    const aimed = plans.filter((p) => p.kinds.length && policyOf(p.name) !== "public");
    for (const plan of [...aimed.filter((p) => !removes(p.name)), ...aimed.filter((p) => removes(p.name))]) {
      const who = insiderFor(plan.name, policyOf(plan.name));
      if (!clients.has(who)) clients.set(who, await FastClient.login(who));
      const r = await call(clients.get(who)!, plan.name, plan.input);
      if (!r.ok && r.error.data.code === "NOT_FOUND") missed.push(`${who} ${plan.name}`);
      else reached += 1;
    }
    console.log(`matrix positive control: ${reached} of ${reached + missed.length} aimed procedures reached hehua`);
    expect(missed).toEqual([]);
  });
});
