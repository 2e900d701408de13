import { and, eq } from "drizzle-orm";
import { grids, households, residentGroups, residentHistory, residents } from "../../db/schema";
import { newId } from "../../shared/ids";
import type { DB } from "../db";
import { DomainError, fail } from "../errors";
import type { MessageKey } from "../../shared/i18n/errors";
import type { CommunityScope } from "../trpc";
import type { SessionUser } from "../auth/session";

/** A grid worker handles the residents of their own grids only (DESIGN.md roles). */
export async function gridsOfWorker(db: DB, scope: CommunityScope, user: SessionUser): Promise<string[] | null> {
  if (user.role !== "grid_worker") return null;
  const rows = await db
    .select({ id: grids.id })
    .from(grids)
    .where(and(eq(grids.communityId, scope.communityId), eq(grids.workerUserId, user.id)));
  return rows.map((r) => r.id);
}

export async function loadResident(db: DB, scope: CommunityScope, id: string, user?: SessionUser) {
  const row = (
    await db
      .select()
      .from(residents)
      .where(and(eq(residents.communityId, scope.communityId), eq(residents.id, id)))
      .limit(1)
  )[0];
  if (!row) throw new DomainError("NOT_FOUND", "notFound.record");
  if (user) {
    const allowed = await gridsOfWorker(db, scope, user);
    if (allowed) {
      const household = row.householdId
        ? (await db.select({ gridId: households.gridId }).from(households).where(eq(households.id, row.householdId)))[0]
        : undefined;
      if (!household?.gridId || !allowed.includes(household.gridId))
        throw new DomainError("NOT_FOUND", "notFound.record");
    }
  }
  return row;
}

export async function assertInCommunity(
  db: DB,
  scope: CommunityScope,
  refs: { householdId?: string | null; groupId?: string | null; gridId?: string | null },
) {
  const checks: Promise<unknown[]>[] = [];
  const fields: string[] = [];
  if (refs.householdId) {
    fields.push("householdId");
    checks.push(
      db
        .select({ id: households.id })
        .from(households)
        .where(and(eq(households.communityId, scope.communityId), eq(households.id, refs.householdId))),
    );
  }
  if (refs.groupId) {
    fields.push("groupId");
    checks.push(
      db
        .select({ id: residentGroups.id })
        .from(residentGroups)
        .where(and(eq(residentGroups.communityId, scope.communityId), eq(residentGroups.id, refs.groupId))),
    );
  }
  if (refs.gridId) {
    fields.push("gridId");
    checks.push(
      db
        .select({ id: grids.id })
        .from(grids)
        .where(and(eq(grids.communityId, scope.communityId), eq(grids.id, refs.gridId))),
    );
  }
  const results = await Promise.all(checks);
  results.forEach((r, i) => {
    if (r.length === 0) throw new DomainError("BAD_REQUEST", "notFound.record", {}, fields[i]);
  });
}

/** The current active representative of a household, other than `exceptId`. */
export async function currentRep(db: DB, householdId: string, exceptId?: string) {
  const rows = await db
    .select({ id: residents.id, name: residents.name })
    .from(residents)
    .where(
      and(eq(residents.householdId, householdId), eq(residents.isHouseholdRep, true), eq(residents.status, "active")),
    );
  return rows.find((r) => r.id !== exceptId) ?? null;
}

export function historyInsert(
  db: DB,
  scope: CommunityScope,
  residentId: string,
  kind: string,
  detail: Record<string, unknown>,
  actor: { displayName: string },
  at: number,
) {
  return db.insert(residentHistory).values({
    id: newId(at),
    communityId: scope.communityId,
    residentId,
    at,
    kind,
    detail,
    actorName: actor.displayName,
  });
}

type UniqueName = { table: typeof households | typeof residentGroups | typeof grids; column: "address" | "name" };
const UNIQUE: Record<"household" | "group" | "grid", UniqueName & { key: MessageKey; field: string }> = {
  household: { table: households, column: "address", key: "household.addressTaken", field: "address" },
  group: { table: residentGroups, column: "name", key: "group.nameTaken", field: "name" },
  grid: { table: grids, column: "name", key: "grid.nameTaken", field: "name" },
};

/**
 * A household's address, a group's or a grid's name is unique within its community: CONFLICT
 * naming the field when `value` is taken (and differs from `current`, when editing).
 */
export async function assertFree(
  db: DB,
  communityId: string,
  what: keyof typeof UNIQUE,
  value: string | undefined,
  current?: string,
) {
  if (!value || value === current) return;
  const { table, column, key, field } = UNIQUE[what];
  const col = (table as typeof residentGroups)[column as "name"];
  const taken = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.communityId, communityId), eq(col, value)))
    .limit(1);
  if (taken.length) throw fail.conflict(key, field);
}
