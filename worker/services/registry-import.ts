import { eq } from "drizzle-orm";
import { grids, households, residentGroups, residents } from "../../db/schema";
import { newId } from "../../shared/ids";
import { shanghaiDate } from "../../shared/rules/eligibility";
import {
  personKey,
  validateHouseholdRows,
  validateResidentRows,
  type RawRow,
} from "../../shared/rules/registry-import";
import type { SessionUser } from "../auth/session";
import { runBatch, type DB } from "../db";
import type { CommunityScope } from "../trpc";
import { auditInsert } from "./audit";

/** D1 binds at most 100 parameters per statement: rows per INSERT = floor(100 / columns). */
export const D1_MAX_PARAMS = 100;
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What the dry run in the browser checks rows against (the same data the commit re-reads). */
export type ImportContext = {
  kind: "households" | "residents";
  grids: { id: string; name: string }[];
  groups: { id: string; name: string }[];
  existingAddresses: string[];
  households: { id: string; address: string; groupId: string | null; repKey: string | null }[];
  existing: string[];
  today: string;
};

export async function householdImportContext(db: DB, scope: CommunityScope): Promise<ImportContext> {
  const [gridRows, groupRows, addressRows] = await db.batch([
    db.select({ id: grids.id, name: grids.name }).from(grids).where(eq(grids.communityId, scope.communityId)),
    db
      .select({ id: residentGroups.id, name: residentGroups.name })
      .from(residentGroups)
      .where(eq(residentGroups.communityId, scope.communityId)),
    db.select({ address: households.address }).from(households).where(eq(households.communityId, scope.communityId)),
  ]);
  return {
    kind: "households",
    grids: gridRows,
    groups: groupRows,
    existingAddresses: addressRows.map((r) => r.address),
    households: [],
    existing: [],
    today: shanghaiDate(Date.now()),
  };
}

export async function residentImportContext(db: DB, scope: CommunityScope): Promise<ImportContext> {
  const [groupRows, householdRows, people] = await db.batch([
    db
      .select({ id: residentGroups.id, name: residentGroups.name })
      .from(residentGroups)
      .where(eq(residentGroups.communityId, scope.communityId)),
    db
      .select({ id: households.id, address: households.address, groupId: households.groupId })
      .from(households)
      .where(eq(households.communityId, scope.communityId)),
    db
      .select({
        name: residents.name,
        birthDate: residents.birthDate,
        householdId: residents.householdId,
        isHouseholdRep: residents.isHouseholdRep,
        status: residents.status,
      })
      .from(residents)
      .where(eq(residents.communityId, scope.communityId)),
  ]);
  const repOf = new Map<string, string>();
  for (const p of people)
    if (p.isHouseholdRep && p.status === "active" && p.householdId)
      repOf.set(p.householdId, personKey(p.name, p.birthDate));
  return {
    kind: "residents",
    grids: [],
    groups: groupRows,
    existingAddresses: [],
    households: householdRows.map((h) => ({ ...h, repKey: repOf.get(h.id) ?? null })),
    existing: people.map((p) => personKey(p.name, p.birthDate)),
    today: shanghaiDate(Date.now()),
  };
}

/** Re-validate against the database and write the good rows in chunked INSERTs, all in one batch. */
export async function importHouseholds(db: DB, scope: CommunityScope, user: SessionUser, rows: RawRow[]) {
  const ctx = await householdImportContext(db, scope);
  const result = validateHouseholdRows(rows, {
    grids: new Map(ctx.grids.map((g) => [g.name, g.id])),
    groups: new Map(ctx.groups.map((g) => [g.name, g.id])),
    existingAddresses: new Set(ctx.existingAddresses),
  });
  const now = Date.now();
  const values = result.valid.map((r) => ({
    id: newId(now),
    communityId: scope.communityId,
    address: r.address,
    gridId: r.gridId,
    groupId: r.groupId,
    createdAt: now,
    updatedAt: now,
  }));
  const perStatement = Math.floor(D1_MAX_PARAMS / 7);
  const inserts = chunk(values, perStatement).map((part) =>
    db.insert(households).values(part).onConflictDoNothing().returning({ id: households.id }),
  );
  const results = await runBatch(db, [
    ...inserts,
    ...(values.length ? [importAudit(db, scope, user, "households", values.length, result.skipped.length, now)] : []),
  ]);
  // What D1 actually wrote: a concurrent import of the same rows makes some inserts no-ops.
  const inserted = writtenRows(results.slice(0, inserts.length));
  return { inserted, skipped: result.skipped.length + values.length - inserted, errors: result.errors };
}

export async function importResidents(db: DB, scope: CommunityScope, user: SessionUser, rows: RawRow[]) {
  const ctx = await residentImportContext(db, scope);
  const result = validateResidentRows(rows, {
    households: new Map(ctx.households.map((h) => [h.address, h])),
    groups: new Map(ctx.groups.map((g) => [g.name, g.id])),
    existing: new Set(ctx.existing),
    today: ctx.today,
  });
  const now = Date.now();
  const values = result.valid.map((r) => ({
    id: newId(now),
    communityId: scope.communityId,
    householdId: r.householdId,
    groupId: r.groupId,
    name: r.name,
    birthDate: r.birthDate,
    phone: r.phone,
    isHouseholdRep: r.isHouseholdRep,
    isRepresentative: r.isRepresentative,
    status: "active" as const,
    createdAt: now,
    updatedAt: now,
  }));
  const perStatement = Math.floor(D1_MAX_PARAMS / 12);
  const inserts = chunk(values, perStatement).map((part) =>
    db.insert(residents).values(part).onConflictDoNothing().returning({ id: residents.id }),
  );
  const results = await runBatch(db, [
    ...inserts,
    ...(values.length ? [importAudit(db, scope, user, "residents", values.length, result.skipped.length, now)] : []),
  ]);
  // What D1 actually wrote: a concurrent import of the same rows makes some inserts no-ops.
  const inserted = writtenRows(results.slice(0, inserts.length));
  return { inserted, skipped: result.skipped.length + values.length - inserted, errors: result.errors };
}

/** Rows the inserts returned: D1's `changes` would also count the cache-version triggers' updates. */
function writtenRows(results: unknown[]): number {
  return results.reduce<number>((n, r) => n + (r as unknown[]).length, 0);
}

function importAudit(
  db: DB,
  scope: CommunityScope,
  user: SessionUser,
  kind: string,
  inserted: number,
  skipped: number,
  at: number,
) {
  return auditInsert(db, {
    streetId: scope.streetId,
    communityId: scope.communityId,
    actor: user,
    action: "registry.import",
    entity: "community",
    entityId: scope.communityId,
    after: { kind, inserted, skipped },
    at,
  });
}
