import { sql } from "drizzle-orm";
import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { communities } from "./tenancy";
import { users } from "./accounts";

/** 网格: a part of the community with its grid worker (社区有网、网中有格、格中定人). */
export const grids = sqliteTable(
  "grids",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    name: text("name").notNull(),
    area: text("area").notNull().default(""),
    /** The grid worker's account, if they have one. */
    workerUserId: text("worker_user_id").references(() => users.id),
    workerName: text("worker_name").notNull().default(""),
    /** The work phone shown publicly; a worker's personal phone is never stored here. */
    workPhone: text("work_phone").notNull().default(""),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("grids_community_name_uq").on(t.communityId, t.name)],
);

/** 居民小组 / 村民小组. */
export const residentGroups = sqliteTable(
  "resident_groups",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    name: text("name").notNull(),
    leaderName: text("leader_name").notNull().default(""),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("resident_groups_community_name_uq").on(t.communityId, t.name)],
);

/** 户: one address (building, unit, room) with its grid and group. The address is the natural key. */
export const households = sqliteTable(
  "households",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    address: text("address").notNull(),
    gridId: text("grid_id").references(() => grids.id),
    groupId: text("group_id").references(() => residentGroups.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("households_community_address_uq").on(t.communityId, t.address),
    index("households_community_grid_idx").on(t.communityId, t.gridId),
  ],
);

export const RESIDENT_STATUSES = ["active", "moved_out"] as const;

/**
 * A resident. Eligibility (adult, household representative, representative) is computed from
 * these fields by shared/rules/eligibility.ts, never typed in.
 */
export const residents = sqliteTable(
  "residents",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    householdId: text("household_id").references(() => households.id),
    groupId: text("group_id").references(() => residentGroups.id),
    name: text("name").notNull(),
    /** YYYY-MM-DD, a calendar date in Asia/Shanghai. */
    birthDate: text("birth_date").notNull(),
    phone: text("phone").notNull().default(""),
    isHouseholdRep: integer("is_household_rep", { mode: "boolean" }).notNull().default(false),
    /** 居民代表 / 村民代表. */
    isRepresentative: integer("is_representative", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: RESIDENT_STATUSES }).notNull().default("active"),
    movedOutOn: text("moved_out_on"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    // The duplicate check of imports and forms: one person is one row per community.
    uniqueIndex("residents_community_person_uq").on(t.communityId, t.name, t.birthDate),
    // One household representative at a time (DOMAIN.md), enforced by the database.
    uniqueIndex("residents_one_rep_per_household_uq")
      .on(t.householdId)
      .where(sql`is_household_rep = 1 AND status = 'active'`),
    index("residents_community_name_idx").on(t.communityId, t.status, t.name),
    index("residents_household_idx").on(t.householdId),
    index("residents_community_group_idx").on(t.communityId, t.groupId),
  ],
);

/** What happened to a resident over time: moves, role changes, corrections, moving out. */
export const residentHistory = sqliteTable(
  "resident_history",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    residentId: text("resident_id")
      .notNull()
      .references(() => residents.id),
    at: integer("at").notNull(),
    kind: text("kind").notNull(),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    actorName: text("actor_name").notNull(),
  },
  (t) => [index("resident_history_resident_idx").on(t.residentId, t.at)],
);

/** One-time activation codes for resident accounts. Only a hash of the code is kept. */
export const activationCodes = sqliteTable(
  "activation_codes",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    residentId: text("resident_id")
      .notNull()
      .references(() => residents.id),
    codeHash: text("code_hash").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    revokedAt: integer("revoked_at"),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("activation_codes_hash_uq").on(t.codeHash),
    index("activation_codes_resident_idx").on(t.residentId, t.createdAt),
  ],
);

/** 已阅: a resident has read a notice. */
export const noticeAcknowledgements = sqliteTable(
  "notice_acknowledgements",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    noticeId: text("notice_id").notNull(),
    residentId: text("resident_id")
      .notNull()
      .references(() => residents.id),
    version: integer("version").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [
    uniqueIndex("notice_ack_uq").on(t.noticeId, t.residentId),
    index("notice_ack_resident_idx").on(t.residentId, t.at),
  ],
);

export const OBJECTION_KINDS = ["query", "objection"] as const;

/** 询问 / 异议 on a notice during its publicity period, and the committee's answer. */
export const noticeObjections = sqliteTable(
  "notice_objections",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    noticeId: text("notice_id").notNull(),
    version: integer("version").notNull(),
    residentId: text("resident_id")
      .notNull()
      .references(() => residents.id),
    kind: text("kind", { enum: OBJECTION_KINDS }).notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
    answer: text("answer"),
    answeredAt: integer("answered_at"),
    answeredBy: text("answered_by"),
    /** Staff chose to publish the question and answer with the notice (the asker's name masked). */
    published: integer("published", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    index("notice_objections_community_idx").on(t.communityId, t.answeredAt, t.createdAt),
    index("notice_objections_notice_idx").on(t.noticeId, t.createdAt),
    index("notice_objections_resident_idx").on(t.residentId, t.createdAt),
  ],
);

/** A resident's request to correct their personal data (PIPL Arts 45–46). */
export const correctionRequests = sqliteTable(
  "correction_requests",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    residentId: text("resident_id")
      .notNull()
      .references(() => residents.id),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
    status: text("status", { enum: ["open", "done", "rejected"] })
      .notNull()
      .default("open"),
    response: text("response"),
    handledAt: integer("handled_at"),
    handledBy: text("handled_by"),
  },
  (t) => [index("correction_requests_community_idx").on(t.communityId, t.status, t.createdAt)],
);
