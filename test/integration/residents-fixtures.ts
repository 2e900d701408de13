import { env } from "cloudflare:workers";
import { Client, tableCounts } from "./helpers";
import { communityId, expectOk, STREET } from "./fixtures";

/** The tables any registry write could touch, with those of tableCounts, to prove a refused write wrote nothing. */
const REGISTRY_TABLES = [
  "grids",
  "resident_groups",
  "households",
  "residents",
  "resident_history",
  "activation_codes",
  "notice_acknowledgements",
  "notice_objections",
  "correction_requests",
];

export async function registryCounts(db: D1Database = env.DB): Promise<Record<string, number>> {
  const rows = await db.batch(REGISTRY_TABLES.map((t) => db.prepare(`SELECT count(*) AS n FROM ${t}`)));
  return {
    ...(await tableCounts(db)),
    ...Object.fromEntries(REGISTRY_TABLES.map((t, i) => [t, (rows[i].results[0] as { n: number }).n])),
  };
}

let seq = 0;
/** A mobile number no seeded resident has (the seed uses 13x/15x/17x/18x/19x only). */
export function uniquePhone(): string {
  seq += 1;
  const tail = (Date.now() % 100_000) * 1000 + (seq % 1000);
  return `166${String(tail).padStart(8, "0").slice(-8)}`;
}

const GIVEN = "安宁和顺嘉禾春晓秋实冬雪夏荷明远清扬";
/** A Chinese-looking name no other row of this test file uses. */
export function uniqueName(surname = "测"): string {
  seq += 1;
  let n = seq;
  let given = "";
  do {
    given += GIVEN[n % GIVEN.length];
    n = Math.floor(n / GIVEN.length);
  } while (n > 0);
  return `${surname}${given}${Date.now().toString(36).slice(-3)}`;
}

export type Grid = { id: string; name: string; worker_user_id: string | null; worker_name: string; work_phone: string };

export async function gridsOf(community: string): Promise<Grid[]> {
  return (
    await env.DB.prepare(
      "SELECT id, name, worker_user_id, worker_name, work_phone FROM grids WHERE community_id = ? ORDER BY sort_order",
    )
      .bind(await communityId(community))
      .all<Grid>()
  ).results;
}

export async function groupsOf(community: string): Promise<{ id: string; name: string }[]> {
  return (
    await env.DB.prepare("SELECT id, name FROM resident_groups WHERE community_id = ? ORDER BY sort_order")
      .bind(await communityId(community))
      .all<{ id: string; name: string }>()
  ).results;
}

export type ResidentRow = {
  id: string;
  community_id: string;
  household_id: string | null;
  group_id: string | null;
  name: string;
  birth_date: string;
  phone: string;
  is_household_rep: number;
  is_representative: number;
  status: string;
  moved_out_on: string | null;
};

export async function residentRow(id: string): Promise<ResidentRow | null> {
  return env.DB.prepare("SELECT * FROM residents WHERE id = ?").bind(id).first<ResidentRow>();
}

export async function residentByName(name: string): Promise<ResidentRow> {
  const row = await env.DB.prepare("SELECT * FROM residents WHERE name = ?").bind(name).first<ResidentRow>();
  if (!row) throw new Error(`no resident ${name}`);
  return row;
}

export type HistoryRow = { kind: string; detail: string; at: number; actor_name: string };

export async function historyOf(residentId: string): Promise<HistoryRow[]> {
  return (
    await env.DB.prepare(
      "SELECT kind, detail, at, actor_name FROM resident_history WHERE resident_id = ? ORDER BY at, id",
    )
      .bind(residentId)
      .all<HistoryRow>()
  ).results;
}

export type AuditRow = {
  action: string;
  entity: string;
  entity_id: string;
  actor_name: string;
  actor_id: string | null;
  community_id: string | null;
  before: string | null;
  after: string | null;
  at: number;
};

export async function auditOf(entityId: string, action?: string): Promise<AuditRow[]> {
  return (
    await env.DB.prepare(
      `SELECT action, entity, entity_id, actor_name, actor_id, community_id, before, after, at FROM audit_log
       WHERE entity_id = ? ${action ? "AND action = ?" : ""} ORDER BY at, id`,
    )
      .bind(...(action ? [entityId, action] : [entityId]))
      .all<AuditRow>()
  ).results;
}

/** A household created through the API (address unique within the test file). */
export async function newHousehold(
  staff: Client,
  community: string,
  fields: { address?: string; gridId?: string | null; groupId?: string | null } = {},
): Promise<{ id: string; address: string }> {
  const address = fields.address ?? `测试路${uniqueName("")}号`;
  const r = await staff.mutate<{ id: string }>("residents.households.create", {
    communityId: await communityId(community),
    ...fields,
    address,
  });
  return { id: expectOk(r).id, address };
}

export type ResidentInput = {
  name?: string;
  birthDate?: string;
  phone?: string;
  householdId?: string | null;
  groupId?: string | null;
  isHouseholdRep?: boolean;
  isRepresentative?: boolean;
  replaceRep?: boolean;
};

/** A resident created through the API; returns the id and the fields used. */
export async function newResident(
  staff: Client,
  community: string,
  fields: ResidentInput = {},
): Promise<{ id: string; name: string; birthDate: string; phone: string }> {
  const input = { name: uniqueName(), birthDate: "1980-03-04", phone: uniquePhone(), ...fields };
  const r = await staff.mutate<{ id: string }>("residents.create", {
    communityId: await communityId(community),
    ...input,
  });
  return { id: expectOk(r).id, name: input.name, birthDate: input.birthDate, phone: input.phone };
}

/** Issue an activation code as `staff` and activate it with `password` in the resident's community. */
export async function activate(
  staff: Client,
  residentId: string,
  password: string,
  community = "hehua",
): Promise<{ client: Client; code: string }> {
  const issued = expectOk(await staff.mutate<{ code: string }>("residents.issueActivation", { residentId }));
  const client = new Client();
  expectOk(await client.mutate("auth.activate", { street: STREET, community, code: issued.code, password }));
  return { client, code: issued.code };
}

/** Every page of residents.list for `input`, following nextCursor. */
export async function listAll<T = { id: string }>(
  c: Client,
  input: Record<string, unknown>,
  limit = 50,
): Promise<{ items: T[]; totals: number[]; pages: number }> {
  const items: T[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const r = expectOk(
      await c.query<{ items: T[]; total: number; nextCursor: string | null }>("residents.list", {
        ...input,
        limit,
        ...(cursor ? { cursor } : {}),
      }),
    );
    pages += 1;
    items.push(...r.items);
    totals.push(r.total);
    if (!r.nextCursor) return { items, totals, pages };
    cursor = r.nextCursor;
    if (pages > 500) throw new Error("residents.list does not end");
  }
}
