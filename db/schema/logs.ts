import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { communities, streets } from "./tenancy";

/**
 * 公开日志: the per-community hash chain of every publication (DOMAIN.md "Transparency log").
 * The unique (community_id, seq) makes two concurrent appends collide instead of forking the chain.
 */
export const transparencyLog = sqliteTable(
  "transparency_log",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    seq: integer("seq").notNull(),
    at: integer("at").notNull(),
    kind: text("kind").notNull(),
    recordId: text("record_id").notNull(),
    version: integer("version").notNull(),
    contentHash: text("content_hash").notNull(),
    prevHash: text("prev_hash").notNull(),
    entryHash: text("entry_hash").notNull(),
  },
  (t) => [
    uniqueIndex("transparency_log_seq_uq").on(t.communityId, t.seq),
    index("transparency_log_content_idx").on(t.communityId, t.contentHash),
    index("transparency_log_record_idx").on(t.communityId, t.recordId),
    // Each version of a record is logged once: a second writer's batch fails instead of a duplicate.
    uniqueIndex("transparency_log_record_version_uq").on(t.communityId, t.kind, t.recordId, t.version),
  ],
);

/** Append-only record of every staff change: who, when, what, before/after. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    streetId: text("street_id")
      .notNull()
      .references(() => streets.id),
    communityId: text("community_id").references(() => communities.id),
    at: integer("at").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
  },
  (t) => [index("audit_log_community_idx").on(t.communityId, t.at), index("audit_log_street_idx").on(t.streetId, t.at)],
);
