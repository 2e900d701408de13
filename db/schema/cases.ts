import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { communities } from "./tenancy";
import { grids, residents } from "./registry";
import { notices } from "./notices";
import { financePeriods } from "./finance";
import { CASE_CATEGORIES, CASE_KINDS, CASE_STATUSES } from "../../shared/rules/cases";

/**
 * A resident's request, complaint, suggestion or dispute (诉求/投诉/建议/纠纷): routed to the grid's
 * worker, through accept → handle → verify with a time limit per stage, closed, rated once.
 */
export const cases = sqliteTable(
  "cases",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    gridId: text("grid_id").references(() => grids.id),
    kind: text("kind", { enum: CASE_KINDS }).notNull(),
    category: text("category", { enum: CASE_CATEGORIES }).notNull(),
    description: text("description").notNull(),
    place: text("place").notNull().default(""),
    /** The resident who raised it (logged in); null for an anonymous filer with a contact. */
    residentId: text("resident_id").references(() => residents.id),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    /** For an anonymous filer: a random code to follow the case. */
    trackingCode: text("tracking_code").notNull(),
    status: text("status", { enum: CASE_STATUSES }).notNull(),
    assigneeUserId: text("assignee_user_id"),
    stageStartedAt: integer("stage_started_at").notNull(),
    stageDueAt: integer("stage_due_at").notNull(),
    /** One extension per case, with its reason (audited). */
    extendedAt: integer("extended_at"),
    extendReason: text("extend_reason"),
    escalatedAt: integer("escalated_at"),
    /** The street office took the case over (大事不出街道). */
    streetHolds: integer("street_holds", { mode: "boolean" }).notNull().default(false),
    mediation: text("mediation", { enum: ["none", "held", "refused", "agreed"] })
      .notNull()
      .default("none"),
    agreedAt: integer("agreed_at"),
    closedAt: integer("closed_at"),
    /** Whether every stage was done within its time limit. */
    closedInTime: integer("closed_in_time", { mode: "boolean" }),
    /** Set the first time a stage runs late. */
    lateAt: integer("late_at"),
    rating: integer("rating"),
    ratingComment: text("rating_comment"),
    ratedAt: integer("rated_at"),
    /**
     * What a complaint about disclosure disputes, when the filer names it: a published notice or
     * finance period of the same community (U35, V36: the street office sees disputed disclosures).
     */
    noticeId: text("notice_id").references(() => notices.id),
    periodId: text("period_id").references(() => financePeriods.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("cases_community_idx").on(t.communityId, t.status, t.stageDueAt),
    index("cases_grid_idx").on(t.gridId, t.status),
    index("cases_resident_idx").on(t.residentId, t.createdAt),
    // The street's figures count cases by the day they closed and were rated.
    index("cases_closed_idx").on(t.communityId, t.closedAt),
    index("cases_rated_idx").on(t.communityId, t.ratedAt),
    uniqueIndex("cases_tracking_uq").on(t.trackingCode),
  ],
);

/**
 * The case's timeline: what staff did (comments, calls, visits, mediation sessions, agreements,
 * 回访) and the system's stage changes. `private` notes stay with staff.
 */
export const caseEvents = sqliteTable(
  "case_events",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    communityId: text("community_id").notNull(),
    at: integer("at").notNull(),
    kind: text("kind").notNull(),
    note: text("note").notNull().default(""),
    private: integer("private", { mode: "boolean" }).notNull().default(false),
    /** An agreement's parties, facts, terms and deadline (人民调解法 Art 28–30). */
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    actorId: text("actor_id"),
    actorName: text("actor_name").notNull(),
  },
  (t) => [index("case_events_case_idx").on(t.caseId, t.at)],
);
