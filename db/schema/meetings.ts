import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from "drizzle-orm/sqlite-core";
import { communities } from "./tenancy";
import { residents } from "./registry";

export const MEETING_STATUSES = ["draft", "announced", "open", "closed", "cancelled"] as const;

/** A meeting held under a named rule set; its announcement and minutes are notices. */
export const meetings = sqliteTable(
  "meetings",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    kind: text("kind").notNull(),
    /** For consultations: 议事会, 听证会 or 恳谈会. */
    subkind: text("subkind"),
    ruleSet: text("rule_set").notNull(),
    basis: text("basis").notNull(),
    groupId: text("group_id"),
    title: text("title").notNull(),
    place: text("place").notNull(),
    startsAt: integer("starts_at").notNull(),
    urgentReason: text("urgent_reason"),
    status: text("status", { enum: MEETING_STATUSES }).notNull(),
    announcedAt: integer("announced_at"),
    announcementNoticeId: text("announcement_notice_id"),
    /** The roll's size when the meeting opened (the roll itself is in meeting_roll). */
    eligibleCount: integer("eligible_count"),
    quorumNeeded: integer("quorum_needed"),
    openedAt: integer("opened_at"),
    closedAt: integer("closed_at"),
    presentAtClose: integer("present_at_close"),
    minutesMd: text("minutes_md"),
    minutesNoticeId: text("minutes_notice_id"),
    cancelReason: text("cancel_reason"),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("meetings_community_idx").on(t.communityId, t.startsAt)],
);

/** An agenda item and, once decided, its recorded counts and result. */
export const meetingItems = sqliteTable(
  "meeting_items",
  {
    id: text("id").primaryKey(),
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id),
    communityId: text("community_id").notNull(),
    seq: integer("seq").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    proposedResolution: text("proposed_resolution").notNull().default(""),
    result: text("result", { enum: ["passed", "failed", "advisory"] }),
    votesFor: integer("votes_for"),
    votesAgainst: integer("votes_against"),
    votesAbstain: integer("votes_abstain"),
    presentAtVote: integer("present_at_vote"),
    outcomeNote: text("outcome_note"),
    decidedAt: integer("decided_at"),
  },
  (t) => [uniqueIndex("meeting_items_seq_uq").on(t.meetingId, t.seq)],
);

/** Who was eligible when the meeting opened: the denominator of the quorum, never typed in. */
export const meetingRoll = sqliteTable(
  "meeting_roll",
  {
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id),
    residentId: text("resident_id")
      .notNull()
      .references(() => residents.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.residentId] })],
);

/** Attendance: who, when and how (their own QR scan, staff, or a written proxy). */
export const meetingAttendance = sqliteTable(
  "meeting_attendance",
  {
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id),
    residentId: text("resident_id")
      .notNull()
      .references(() => residents.id),
    method: text("method", { enum: ["qr", "staff", "proxy"] }).notNull(),
    proxyHolderId: text("proxy_holder_id"),
    at: integer("at").notNull(),
    recordedBy: text("recorded_by").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.residentId] }),
    index("meeting_attendance_holder_idx").on(t.meetingId, t.proxyHolderId),
  ],
);

export const DECISION_STATUSES = ["planned", "in_progress", "done", "stalled"] as const;

/** 重大事项决策登记: a passed resolution and how it is carried out. */
export const decisions = sqliteTable(
  "decisions",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    meetingId: text("meeting_id").notNull(),
    itemId: text("item_id").notNull(),
    title: text("title").notNull(),
    resolution: text("resolution").notNull(),
    decidedAt: integer("decided_at").notNull(),
    status: text("status", { enum: DECISION_STATUSES }).notNull(),
    progress: integer("progress").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("decisions_item_uq").on(t.itemId),
    index("decisions_community_idx").on(t.communityId, t.decidedAt),
    index("decisions_meeting_idx").on(t.communityId, t.meetingId),
  ],
);

export const decisionUpdates = sqliteTable(
  "decision_updates",
  {
    id: text("id").primaryKey(),
    decisionId: text("decision_id")
      .notNull()
      .references(() => decisions.id),
    communityId: text("community_id").notNull(),
    at: integer("at").notNull(),
    status: text("status", { enum: DECISION_STATUSES }).notNull(),
    progress: integer("progress").notNull(),
    note: text("note").notNull(),
    actorName: text("actor_name").notNull(),
  },
  (t) => [
    index("decision_updates_decision_idx").on(t.decisionId, t.at),
    index("decision_updates_community_idx").on(t.communityId, t.at),
  ],
);

/**
 * Residents' petition to convene a meeting (U26, U28, V25, V29): signatures of eligible
 * residents; at the rule set's threshold the committee must convene. The eligible count and
 * threshold are fixed when the petition opens.
 */
export const petitions = sqliteTable(
  "petitions",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    kind: text("kind").notNull(),
    ruleSet: text("rule_set").notNull(),
    basis: text("basis").notNull(),
    title: text("title").notNull(),
    reason: text("reason").notNull(),
    eligibleCount: integer("eligible_count").notNull(),
    threshold: integer("threshold").notNull(),
    status: text("status", { enum: ["open", "reached", "convened", "closed"] }).notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => residents.id),
    createdAt: integer("created_at").notNull(),
    reachedAt: integer("reached_at"),
    meetingId: text("meeting_id"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("petitions_community_idx").on(t.communityId, t.status, t.createdAt)],
);

export const petitionSignatures = sqliteTable(
  "petition_signatures",
  {
    petitionId: text("petition_id")
      .notNull()
      .references(() => petitions.id),
    residentId: text("resident_id")
      .notNull()
      .references(() => residents.id),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.petitionId, t.residentId] })],
);
