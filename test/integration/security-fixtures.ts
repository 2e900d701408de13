import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { z } from "zod";
import { sha256Hex } from "../../shared/rules/transparency";
import type { Env } from "../../worker/env";
import worker from "../../worker/index";
import { appRouter } from "../../worker/router";
import { BASE, Client, type TrpcResult } from "./helpers";
import { DAY, PASSWORD } from "./fixtures";

/**
 * A Client that calls the Worker's fetch handler in this isolate. Calls through `SELF` or
 * `exports.default` get slower with every request a test file makes (about 5 ms at first, over
 * 250 ms after 600 requests here): the pool's per-request bookkeeping. The suites below make
 * thousands of requests; the handler and its bindings are the same either way.
 */
export class FastClient extends Client {
  override async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set("cookie", this.cookie);
    headers.set("x-linli-lang", this.lang);
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(BASE + path, { ...init, headers }), env as unknown as Env, ctx);
    await waitOnExecutionContext(ctx);
    const set = res.headers.get("set-cookie");
    if (set) {
      const pair = set.split(";")[0];
      this.cookie = pair.endsWith("=") ? null : pair;
    }
    return res;
  }

  /** A logged-in client (the password is checked: a PBKDF2 derivation per login). */
  static async login(username: string, password = PASSWORD): Promise<FastClient> {
    const c = new FastClient();
    const r = await c.mutate("auth.login", { username, password });
    if (!r.ok) throw new Error(`login ${username} failed: ${r.error.message}`);
    return c;
  }

  /** The same session as `other`, e.g. a voter made straight in D1. */
  static from(other: Client): FastClient {
    const c = new FastClient(other.lang);
    c.cookie = other.cookie;
    return c;
  }
}

// ---------------------------------------------------------------------------------------------
// The router, procedure by procedure

type Procedure = {
  _def: { type: "query" | "mutation" | "subscription"; meta?: { policy?: string }; inputs: z.ZodType[] };
};

export const procedures = (appRouter as unknown as { _def: { procedures: Record<string, Procedure> } })._def.procedures;
export const procedureNames = Object.keys(procedures).sort();

export const policyOf = (name: string): string => procedures[name]._def.meta?.policy ?? "";
export const isMutation = (name: string) => procedures[name]._def.type === "mutation";
const inputSchema = (name: string): z.ZodType | null => procedures[name]._def.inputs[0] ?? null;

export function call(c: Client, name: string, input?: unknown): Promise<TrpcResult<unknown>> {
  return isMutation(name) ? c.mutate(name, input) : c.query(name, input);
}

/** The zod issues the procedure's own input schema reports for `input` (none: the input is valid). */
export async function localIssues(name: string, input: unknown): Promise<z.core.$ZodIssue[]> {
  const schema = inputSchema(name);
  if (!schema) return [];
  const r = await schema.safeParseAsync(input);
  return r.success ? [] : r.error.issues;
}

/** The key the API's error formatter gives an issue in `fieldErrors` (worker/trpc.ts). */
export const issueKey = (issue: { path: readonly PropertyKey[] }) => issue.path.map(String).join(".") || "input";

// ---------------------------------------------------------------------------------------------
// Valid-looking inputs, built from each procedure's zod schema

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  additionalProperties?: JsonSchema | boolean;
};

const jsonSchemas = new Map<string, JsonSchema | null>();
function jsonSchemaOf(name: string): JsonSchema | null {
  if (!jsonSchemas.has(name)) {
    const schema = inputSchema(name);
    jsonSchemas.set(
      name,
      schema ? (z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema) : null,
    );
  }
  return jsonSchemas.get(name)!;
}

/** Calendar days in Asia/Shanghai, the app's day. */
export const shanghaiDay = (at = Date.now()) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);

/** Values that pass the refinements JSON Schema cannot express, by field name; the first that parses wins. */
function knownValues(field: string): unknown[] {
  const now = Date.now();
  const today = shanghaiDay(now);
  switch (field) {
    case "birthDate":
      return ["1980-05-06"];
    case "movedOutOn":
    case "date":
    case "toDate":
      return [today, "2024-03-15"];
    case "fromDate":
      return [shanghaiDay(now - 300 * DAY), "2024-01-01"];
    case "insuredUntil":
    case "until":
      return [shanghaiDay(now + 60 * DAY)];
    case "period":
      return [`${today.slice(0, 7)}`, "2024-01", "2024-Q1"];
    case "phone":
    case "contactPhone":
    case "workPhone":
      return ["13800138000", "010-12345678", ""];
    case "amount":
      return ["12.50", "1250"];
    case "openingBalance":
      return ["100.00", "0"];
    case "password":
    case "newPassword":
      return ["Secur3pass9"];
    case "currentPassword":
      return ["demo12345"];
    case "username":
      return [`sec-${now.toString(36)}`];
    case "slug":
      return [`sec-${now.toString(36)}`];
    case "code":
      return ["ABCD2345EFGH"];
    case "receipt":
      return ["ABCD-2345"];
    case "hash":
      return ["0".repeat(64)];
    case "key":
      return ["overdue:none"];
    case "at":
      return [now + DAY];
    case "opensAt":
      return [now + DAY];
    case "closesAt":
      return [now + 8 * DAY];
    case "startsAt":
      return [now + 7 * DAY, now + 30 * DAY];
    case "endsAt":
      return [now + 7 * DAY + 2 * 3_600_000];
    case "from":
      return [now - 7 * DAY];
    case "to":
      return [now + 30 * DAY];
    case "year":
      return [new Date(now).getUTCFullYear()];
    case "reviewYear":
      return [null];
    case "minChoices":
      return [1];
    case "maxChoices":
      return [1];
    default:
      return [];
  }
}

const FILLER_TEXT = "邻里安全测试 security check ";
function text(min = 0, max = 200): string {
  const want = Math.min(max, Math.max(min, 12));
  let s = FILLER_TEXT;
  while (s.length < want) s += FILLER_TEXT;
  return s.slice(0, want);
}

function stringFor(js: JsonSchema): string {
  if (js.pattern) {
    const re = new RegExp(js.pattern);
    const tries = ["sec-test", "0".repeat(64), "abcd", "a1", "ABCD2345"];
    return tries.find((t) => re.test(t) && t.length >= (js.minLength ?? 0) && t.length <= (js.maxLength ?? 1e9)) ?? "x";
  }
  return text(js.minLength ?? 0, js.maxLength ?? 200);
}

function numberFor(js: JsonSchema): number {
  let lo = js.minimum ?? (js.exclusiveMinimum !== undefined ? js.exclusiveMinimum + 1 : -1e9);
  const hi = js.maximum ?? (js.exclusiveMaximum !== undefined ? js.exclusiveMaximum - 1 : 1e9);
  if (lo < 1 && hi >= 1) lo = 1;
  return Math.min(Math.max(lo, 1), hi);
}

/** Decides a field's value before the generic rules do; `undefined` leaves it to them. */
export type Filler = (field: string, path: string[], js: JsonSchema) => unknown;

/** Whether an optional field is sent at all. */
export type Include = (field: string, path: string[]) => boolean;

function build(js: JsonSchema, field: string, path: string[], fill: Filler, include: Include): unknown {
  const chosen = fill(field, path, js);
  if (chosen !== undefined) return chosen;
  const known = knownValues(field);
  if (known.length) return known[0];
  if (js.const !== undefined) return js.const;
  if (js.enum?.length) return js.enum[0];
  const alternatives = js.anyOf ?? js.oneOf;
  if (alternatives?.length) {
    const nonNull = alternatives.find((a) => a.type !== "null") ?? alternatives[0];
    return build(nonNull, field, path, fill, include);
  }
  if (js.allOf?.length) return build(js.allOf[0], field, path, fill, include);
  const type = Array.isArray(js.type) ? js.type.find((t) => t !== "null") : js.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      const required = new Set(js.required ?? []);
      for (const [k, sub] of Object.entries(js.properties ?? {})) {
        if (!required.has(k) && !include(k, [...path, k])) continue;
        out[k] = build(sub, k, [...path, k], fill, include);
      }
      return out;
    }
    case "array": {
      const n = Math.max(js.minItems ?? 0, include(field, path) ? 1 : 0);
      return Array.from({ length: Math.min(n, js.maxItems ?? n) }, () =>
        build(js.items ?? {}, field, [...path, "0"], fill, include),
      );
    }
    case "string":
      return stringFor(js);
    case "integer":
    case "number":
      return numberFor(js);
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return undefined;
  }
}

function setAt(target: unknown, path: readonly PropertyKey[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  const base = (target && typeof target === "object" ? target : typeof head === "number" ? [] : {}) as Record<
    PropertyKey,
    unknown
  >;
  const copy = (Array.isArray(base) ? [...base] : { ...base }) as Record<PropertyKey, unknown>;
  copy[head] = setAt(base[head], rest, value);
  return copy;
}

const GENERIC_REPAIRS: unknown[] = [
  "2024-03-15",
  "2024-01",
  "13800138000",
  "12.50",
  "Secur3pass9",
  text(10, 40),
  1,
  true,
  [],
  {},
];

/**
 * A valid-looking input for `name`: built from the zod schema's JSON Schema, then repaired field
 * by field against the zod schema itself (refinements, dates, money) until it parses.
 * `valid` says whether it does in the end.
 */
export async function sampleInput(
  name: string,
  fill: Filler = () => undefined,
  include: Include = () => false,
): Promise<{ input: unknown; valid: boolean }> {
  const js = jsonSchemaOf(name);
  if (!js) return { input: undefined, valid: true };
  let input = build(js, "", [], fill, include);
  const tried = new Map<string, number>();
  for (let round = 0; round < 12; round++) {
    const issues = await localIssues(name, input);
    if (!issues.length) return { input, valid: true };
    for (const issue of issues) {
      const key = issueKey(issue);
      const last = String([...issue.path].reverse().find((p) => typeof p === "string") ?? "");
      const options = [...knownValues(last), ...GENERIC_REPAIRS];
      const n = tried.get(key) ?? 0;
      tried.set(key, n + 1);
      if (n < options.length) input = setAt(input, issue.path, options[n]);
    }
  }
  return { input, valid: (await localIssues(name, input)).length === 0 };
}

// ---------------------------------------------------------------------------------------------
// Which kind of record an id field names

/** Id-looking field names → the table whose ids they take. */
const FIELD_KIND: Record<string, string> = {
  communityId: "communities",
  userId: "users",
  assigneeUserId: "users",
  workerUserId: "users",
  residentId: "residents",
  grantorId: "residents",
  holderId: "residents",
  proxyHolderId: "residents",
  onBehalfOf: "residents",
  householdId: "households",
  groupId: "resident_groups",
  gridId: "grids",
  noticeId: "notices",
  replacedBy: "notices",
  attachmentIds: "attachments",
  attachmentId: "attachments",
  periodId: "finance_periods",
  entryId: "finance_entries",
  adjustsEntryId: "finance_entries",
  meetingId: "meetings",
  itemId: "meeting_items",
  meetingItemId: "meeting_items",
  decisionId: "decisions",
  petitionId: "petitions",
  pollId: "polls",
  volunteerId: "volunteers",
  leaderVolunteerId: "volunteers",
  teamId: "volunteer_teams",
  teamIds: "volunteer_teams",
  shiftId: "shifts",
  signupId: "shift_signups",
  recordId: "volunteer_records",
  caseId: "cases",
};

/** What a bare `id` names, by procedure (first match wins). */
const ID_KIND_BY_PROCEDURE: [RegExp, string][] = [
  [/^admin\.grids\./, "grids"],
  [/^notices\.respondObjection$/, "notice_objections"],
  [/^notices\.removeAttachment$/, "attachments"],
  [/^notices\./, "notices"],
  [/^residents\.households\./, "households"],
  [/^residents\.groups\./, "resident_groups"],
  [/^residents\.handleCorrection$/, "correction_requests"],
  [/^residents\./, "residents"],
  [/^finance\./, "finance_entries"],
  [/^meetings\./, "meetings"],
  [/^decisions\./, "decisions"],
  [/^petitions\./, "petitions"],
  [/^polls\./, "polls"],
  [/^cases\./, "cases"],
  [/^volunteers\.team/, "volunteer_teams"],
  [/^volunteers\.shift/, "shifts"],
  [/^volunteers\./, "volunteers"],
];

/** Secrets that name a record (a certificate's code, a case's tracking code, a ballot's receipt). */
const CODE_KIND: [RegExp, string, string][] = [
  [/^volunteers\./, "code", "volunteer_certificates"],
  [/^cases\./, "code", "case_tracking_codes"],
  [/^polls\./, "receipt", "ballot_receipts"],
];

const isIdField = (field: string) => /(^id$|^ids$|Id$|Ids$)/.test(field) || field in FIELD_KIND;

/**
 * The kind of record an input field names, or null for a field that names none. `undefined`
 * means an id-looking field of no known kind: the caller tries every kind.
 */
export function kindOf(procedure: string, field: string, path: string[]): string | null | undefined {
  for (const [re, f, kind] of CODE_KIND) if (f === field && re.test(procedure)) return kind;
  if (!isIdField(field)) return null;
  if (field === "id" && path.includes("items")) return "meeting_items";
  if (field in FIELD_KIND) return FIELD_KIND[field];
  if (field === "id") return ID_KIND_BY_PROCEDURE.find(([re]) => re.test(procedure))?.[1];
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// A community's records, straight from D1

/** The tables a community's rows live in, with how to pick its rows (the SQL binds ?1 = community, ?2 = street). */
type Ownership = { where: string; key: string };

const CHILD_TABLES: Record<string, [string, string]> = {
  meeting_attendance: ["meeting_id", "meetings"],
  meeting_roll: ["meeting_id", "meetings"],
  petition_signatures: ["petition_id", "petitions"],
  poll_ballots: ["poll_id", "polls"],
  poll_participation: ["poll_id", "polls"],
  poll_proxies: ["poll_id", "polls"],
  poll_roll: ["poll_id", "polls"],
  shift_signups: ["shift_id", "shifts"],
  team_members: ["team_id", "volunteer_teams"],
};
const OWN_USERS = "SELECT id FROM users WHERE community_id = ?1 OR (community_id IS NULL AND street_id = ?2)";
const SYSTEM_TABLES = new Set(["d1_migrations", "sqlite_sequence", "_cf_KV", "_cf_METADATA"]);

async function tableColumns(): Promise<Record<string, string[]>> {
  const names = (
    await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all<{ name: string }>()
  ).results
    .map((r) => r.name)
    .filter((n) => !SYSTEM_TABLES.has(n) && !n.startsWith("sqlite_") && !n.startsWith("_cf_"));
  const out: Record<string, string[]> = {};
  for (const n of names)
    out[n] = (await env.DB.prepare(`PRAGMA table_info(${n})`).all<{ name: string }>()).results.map((c) => c.name);
  return out;
}

/**
 * How each table's rows of one community (and of its street office's own, community-less rows)
 * are found. A table this does not know fails the caller, so a new table is noticed.
 */
async function ownership(): Promise<Record<string, Ownership>> {
  const out: Record<string, Ownership> = {};
  for (const [table, cols] of Object.entries(await tableColumns())) {
    const key = cols.join(",");
    if (table === "communities") out[table] = { where: "id = ?1", key };
    else if (table === "streets") out[table] = { where: "id = ?2", key };
    else if (table === "sessions") out[table] = { where: `user_id IN (${OWN_USERS})`, key };
    else if (table === "login_throttle")
      out[table] = { where: `username IN (SELECT username FROM users WHERE id IN (${OWN_USERS}))`, key };
    else if (table in CHILD_TABLES) {
      const [col, parent] = CHILD_TABLES[table];
      out[table] = { where: `${col} IN (SELECT id FROM ${parent} WHERE community_id = ?1)`, key };
    } else if (cols.includes("community_id"))
      out[table] = {
        where: cols.includes("street_id")
          ? "(community_id = ?1 OR (community_id IS NULL AND street_id = ?2))"
          : "community_id = ?1",
        key,
      };
    else if (cols.includes("street_id")) out[table] = { where: "street_id = ?2", key };
    else throw new Error(`security-fixtures: no rule for whose rows table ${table} holds`);
  }
  return out;
}

export type Snapshot = Record<string, { rows: number; hash: string }>;

/** Row count and a hash of every row the community (and its street office's own rows) owns, table by table, and its R2 objects. */
export async function ownedSnapshot(communityId: string, streetId: string): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const [table, own] of Object.entries(await ownership())) {
    const binds: string[] = [];
    const where = own.where.replace(/\?([12])/g, (_, n: string) => {
      binds.push(n === "1" ? communityId : streetId);
      return "?";
    });
    const rows = (
      await env.DB.prepare(`SELECT * FROM ${table} WHERE ${where}`)
        .bind(...binds)
        .all()
    ).results.map((r) => JSON.stringify(r));
    rows.sort();
    out[table] = { rows: rows.length, hash: await sha256Hex(rows.join("\n")) };
  }
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.FILES.list({ prefix: `c/${communityId}/`, cursor });
    keys.push(...page.objects.map((o) => `${o.key}:${o.etag}`));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  out["r2:FILES"] = { rows: keys.length, hash: await sha256Hex(keys.sort().join("\n")) };
  return out;
}

/** Row counts of every table, to prove that a refused request wrote nothing anywhere. */
export async function allTableCounts(): Promise<Record<string, number>> {
  const tables = Object.keys(await tableColumns());
  const rows = await env.DB.batch(tables.map((t) => env.DB.prepare(`SELECT count(*) AS n FROM ${t}`)));
  return Object.fromEntries(tables.map((t, i) => [t, (rows[i].results[0] as { n: number }).n]));
}

/** Preferred rows first, where the state matters to a handler that runs after the tenancy check. */
const PREFERENCE: Record<string, string> = {
  notices: "CASE status WHEN 'draft' THEN 0 WHEN 'published' THEN 1 ELSE 2 END",
  polls: "CASE status WHEN 'open' THEN 0 WHEN 'closed' THEN 1 ELSE 2 END",
  shifts: "CASE WHEN cancelled_at IS NULL AND starts_at > unixepoch() * 1000 THEN 0 ELSE 1 END, starts_at",
  volunteer_teams: "CASE WHEN archived_at IS NULL AND is_public = 1 THEN 0 ELSE 1 END",
  cases: "CASE status WHEN 'closed' THEN 1 ELSE 0 END",
  finance_periods: "CASE status WHEN 'open' THEN 0 WHEN 'submitted' THEN 1 ELSE 2 END, period DESC",
  finance_entries: "CASE WHEN period_id IN (SELECT id FROM finance_periods WHERE status = 'open') THEN 0 ELSE 1 END",
  residents: "CASE WHEN id IN (SELECT resident_id FROM users WHERE resident_id IS NOT NULL) THEN 1 ELSE 0 END",
  users: "CASE role WHEN 'community_staff' THEN 0 ELSE 1 END, created_at DESC",
};

export type Records = Record<string, string[]>;

/**
 * Every record of one community, by kind (table name; also its certificates' codes, cases'
 * tracking codes and ballots' receipts): the ids the attacks point at.
 */
export async function recordsOf(communityId: string): Promise<Records> {
  const out: Records = {};
  for (const [table, cols] of Object.entries(await tableColumns())) {
    if (!cols.includes("id")) continue;
    const where =
      table === "communities"
        ? "id = ?1"
        : cols.includes("community_id")
          ? "community_id = ?1"
          : table in CHILD_TABLES
            ? `${CHILD_TABLES[table][0]} IN (SELECT id FROM ${CHILD_TABLES[table][1]} WHERE community_id = ?1)`
            : null;
    if (!where) continue;
    const order = PREFERENCE[table] ? `${PREFERENCE[table]}, id` : "id";
    out[table] = (
      await env.DB.prepare(`SELECT id FROM ${table} WHERE ${where} ORDER BY ${order}`).bind(communityId).all<{
        id: string;
      }>()
    ).results.map((r) => r.id);
  }
  // Volunteers of the first team first, so that a (team, volunteer) pair is a real membership.
  const members = new Set(
    (
      await env.DB.prepare("SELECT volunteer_id AS id FROM team_members WHERE team_id = ?")
        .bind(out.volunteer_teams?.[0] ?? "")
        .all<{ id: string }>()
    ).results.map((r) => r.id),
  );
  out.volunteers = [
    ...(out.volunteers ?? []).filter((v) => members.has(v)),
    ...(out.volunteers ?? []).filter((v) => !members.has(v)),
  ];
  const list = async (sql: string) =>
    (await env.DB.prepare(sql).bind(communityId).all<{ v: string }>()).results.map((r) => r.v);
  out.published_notices = await list(
    "SELECT id AS v FROM notices WHERE community_id = ?1 AND status = 'published' ORDER BY id",
  );
  out.volunteer_certificates = await list("SELECT code AS v FROM volunteer_certificates WHERE community_id = ?1");
  out.case_tracking_codes = await list("SELECT tracking_code AS v FROM cases WHERE community_id = ?1");
  out.ballot_receipts = await list(
    "SELECT receipt AS v FROM poll_ballots WHERE poll_id IN (SELECT id FROM polls WHERE community_id = ?1)",
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// Raw requests

export type Raw = { status: number; contentType: string; text: string; json: unknown };

/** A tRPC call with the input as given (already serialised), returning the raw answer. */
export async function rawCall(c: Client, name: string, serialised: string | undefined): Promise<Raw> {
  const res = isMutation(name)
    ? await c.fetch(`/trpc/${name}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        ...(serialised === undefined ? {} : { body: serialised }),
      })
    : await c.fetch(`/trpc/${name}${serialised === undefined ? "" : `?input=${encodeURIComponent(serialised)}`}`);
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text, json };
}
