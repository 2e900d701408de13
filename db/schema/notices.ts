import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { communities } from "./tenancy";
import { users } from "./accounts";

export const NOTICE_CATEGORIES = ["party", "government", "affairs", "finance", "other"] as const;
export const NOTICE_STATUSES = ["draft", "submitted", "scheduled", "published", "withdrawn"] as const;

/**
 * A notice (公告) and its working copy. The draft fields are editable only before first
 * publication; what the public sees lives in `notice_versions`, which are never updated.
 */
export const notices = sqliteTable(
  "notices",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    category: text("category", { enum: NOTICE_CATEGORIES }).notNull(),
    status: text("status", { enum: NOTICE_STATUSES }).notNull(),
    title: text("title").notNull(),
    bodyMd: text("body_md").notNull(),
    pinned: integer("pinned", { mode: "boolean" }).notNull().default(false),
    publicityDays: integer("publicity_days").notNull().default(15),
    currentVersion: integer("current_version").notNull().default(0),
    firstPublishedAt: integer("first_published_at"),
    lastPublishedAt: integer("last_published_at"),
    scheduledAt: integer("scheduled_at"),
    scheduledBy: text("scheduled_by"),
    withdrawnAt: integer("withdrawn_at"),
    withdrawReason: text("withdraw_reason"),
    replacedBy: text("replaced_by"),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("notices_community_status_idx").on(t.communityId, t.status, t.updatedAt),
    index("notices_community_published_idx").on(t.communityId, t.lastPublishedAt),
    index("notices_community_category_idx").on(t.communityId, t.category, t.lastPublishedAt),
    index("notices_scheduled_idx").on(t.status, t.scheduledAt),
    // The latest general (affairs) disclosure per community is one seek.
    index("notices_community_first_idx").on(t.communityId, t.category, t.firstPublishedAt),
    // The home page's pinned notices: a seek, not a walk through every published notice.
    index("notices_community_pinned_idx").on(t.communityId, t.pinned, t.lastPublishedAt),
  ],
);

export type AttachmentRef = { id: string; name: string; contentType: string; size: number; sha256: string };

/** One published version of a notice. Append-only: never updated, never deleted. */
export const noticeVersions = sqliteTable(
  "notice_versions",
  {
    id: text("id").primaryKey(),
    noticeId: text("notice_id")
      .notNull()
      .references(() => notices.id),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    version: integer("version").notNull(),
    category: text("category", { enum: NOTICE_CATEGORIES }).notNull(),
    title: text("title").notNull(),
    bodyMd: text("body_md").notNull(),
    changeNote: text("change_note").notNull().default(""),
    attachments: text("attachments", { mode: "json" }).$type<AttachmentRef[]>().notNull(),
    publishedAt: integer("published_at").notNull(),
    publicityEndsAt: integer("publicity_ends_at").notNull(),
    publishedBy: text("published_by")
      .notNull()
      .references(() => users.id),
    contentHash: text("content_hash").notNull(),
  },
  (t) => [
    uniqueIndex("notice_versions_notice_version_uq").on(t.noticeId, t.version),
    index("notice_versions_community_idx").on(t.communityId, t.publishedAt),
    index("notice_versions_hash_idx").on(t.contentHash),
  ],
);

/** Files uploaded to R2 for a notice. The bytes' SHA-256 goes into the published content hash. */
export const attachments = sqliteTable(
  "attachments",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    noticeId: text("notice_id").references(() => notices.id),
    /** Or a meeting's agenda item (public once the meeting is announced). */
    meetingItemId: text("meeting_item_id"),
    /** Or a decision's implementation update (public once the update is posted). */
    decisionId: text("decision_id"),
    decisionUpdateId: text("decision_update_id"),
    /** Or a resident's case (photos): never public, seen by the case's resident and staff. */
    caseId: text("case_id"),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    r2Key: text("r2_key").notNull(),
    /** Set once a published version references the file: from then on it is public and permanent. */
    publishedAt: integer("published_at"),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("attachments_notice_idx").on(t.communityId, t.noticeId),
    index("attachments_item_idx").on(t.meetingItemId),
    index("attachments_decision_idx").on(t.decisionId, t.decisionUpdateId),
    index("attachments_case_idx").on(t.caseId),
  ],
);
