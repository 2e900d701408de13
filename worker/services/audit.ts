import { sql, type SQL } from "drizzle-orm";
import { auditLog } from "../../db/schema";
import { newId } from "../../shared/ids";
import type { DB } from "../db";

export type AuditEntry = {
  streetId: string;
  communityId: string | null;
  actor: { id: string; displayName: string } | null;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  at?: number;
};

/** The insert for one audit record, to run in the same batch as the change it describes. */
export function auditInsert(db: DB, e: AuditEntry) {
  return db.insert(auditLog).values({
    id: newId(),
    streetId: e.streetId,
    communityId: e.communityId,
    at: e.at ?? Date.now(),
    actorId: e.actor?.id ?? null,
    actorName: e.actor?.displayName ?? "system",
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    before: e.before ?? null,
    after: e.after ?? null,
  });
}

/**
 * The audit record of a guarded write (`INSERT … SELECT … WHERE guard`), for raw batches whose
 * change may not happen: the guard is the same condition, so a refused write leaves no record.
 */
export function auditInsertIf(e: AuditEntry, guard: SQL): SQL {
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  return sql`INSERT INTO audit_log (id, street_id, community_id, at, actor_id, actor_name, action, entity, entity_id, before, after)
    SELECT ${newId()}, ${e.streetId}, ${e.communityId}, ${e.at ?? Date.now()}, ${e.actor?.id ?? null},
      ${e.actor?.displayName ?? "system"}, ${e.action}, ${e.entity}, ${e.entityId}, ${json(e.before)}, ${json(e.after)}
    WHERE ${guard}`;
}

/**
 * An audit writer bound to one community and actor, for routers that record many kinds of change:
 * `audit(db, "finance.publish", "financePeriod", id, before, after)`.
 */
export function scopedAudit(
  scope: { streetId: string; communityId: string },
  actor: { id: string; displayName: string },
) {
  return (
    db: DB,
    action: string,
    entity: string,
    entityId: string,
    before?: unknown,
    after?: unknown,
    at = Date.now(),
  ) =>
    auditInsert(db, {
      streetId: scope.streetId,
      communityId: scope.communityId,
      actor,
      action,
      entity,
      entityId,
      before,
      after,
      at,
    });
}
