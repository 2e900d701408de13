import { sqliteTable, text, integer, real, index, primaryKey } from "drizzle-orm/sqlite-core";
import { communities, streets } from "./tenancy";
import type { Weights } from "../../shared/rules/monitor";

const count = (name: string) => integer(name).notNull().default(0);

/** The day counts (DAY_COUNT_FIELDS), as columns of a day's snapshot and of the rolling sums. */
const dayCountColumns = () => ({
  disclosuresDue: count("disclosures_due"),
  disclosuresOnTime: count("disclosures_on_time"),
  meetingsWithQuorum: count("meetings_with_quorum"),
  meetingsQuorate: count("meetings_quorate"),
  pollEligible: count("poll_eligible"),
  pollCast: count("poll_cast"),
  casesClosed: count("cases_closed"),
  casesClosedInTime: count("cases_closed_in_time"),
  mediationsDone: count("mediations_done"),
  mediationsAgreed: count("mediations_agreed"),
  ratings: count("ratings"),
  ratingSum: count("rating_sum"),
  volunteerMinutes: count("volunteer_minutes"),
  patrolPlanned: count("patrol_planned"),
  patrolFilled: count("patrol_filled"),
});

/**
 * Nightly snapshot of what happened in one community on one Shanghai day (flows only; see
 * DAY_COUNT_FIELDS). A window's figures are the sum of its days, so the street overview reads at
 * most 365 rows per community however much history lies behind them. Only days with something
 * to count are stored.
 */
export const monitorDays = sqliteTable(
  "monitor_days",
  {
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    day: text("day").notNull(),
    streetId: text("street_id")
      .notNull()
      .references(() => streets.id),
    ...dayCountColumns(),
    /** A level, not a flow: active residents at the end of the day, kept on the day each run ends. */
    residents: integer("residents"),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.day] }), index("monitor_days_street_idx").on(t.streetId, t.day)],
);

/**
 * Each community's sums of its day counts over the 364 days through the last run (filled by the
 * nightly run): with today's live figures, the overview's 365 days in one row per community.
 */
export const monitorRolling = sqliteTable(
  "monitor_rolling",
  {
    communityId: text("community_id")
      .primaryKey()
      .references(() => communities.id),
    streetId: text("street_id")
      .notNull()
      .references(() => streets.id),
    fromDay: text("from_day").notNull(),
    throughDay: text("through_day").notNull(),
    ...dayCountColumns(),
    residents: integer("residents"),
  },
  (t) => [index("monitor_rolling_street_idx").on(t.streetId)],
);

/** How far each street's snapshots reach: every day up to and including `throughDay` is stored. */
export const monitorRuns = sqliteTable("monitor_runs", {
  streetId: text("street_id")
    .primaryKey()
    .references(() => streets.id),
  throughDay: text("through_day").notNull(),
  at: integer("at").notNull(),
});

/** A street user's acknowledgement of an alert (audited): the alert stays listed as handled. */
export const monitorAlertAcks = sqliteTable(
  "monitor_alert_acks",
  {
    streetId: text("street_id")
      .notNull()
      .references(() => streets.id),
    alertKey: text("alert_key").notNull(),
    communityId: text("community_id").references(() => communities.id),
    note: text("note").notNull().default(""),
    userId: text("user_id").notNull(),
    userName: text("user_name").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.streetId, t.alertKey] })],
);

/** The year's indicator weights (考核方案); fixed once the year's results are published. */
export const assessmentPlans = sqliteTable(
  "assessment_plans",
  {
    streetId: text("street_id")
      .notNull()
      .references(() => streets.id),
    year: integer("year").notNull(),
    weights: text("weights", { mode: "json" }).$type<Weights>().notNull(),
    status: text("status", { enum: ["draft", "published"] }).notNull(),
    publishedAt: integer("published_at"),
    publishedBy: text("published_by"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.streetId, t.year] })],
);

/** A manual adjustment of one community's score, with its reason (audited; at most ±10 points). */
export const assessmentAdjustments = sqliteTable(
  "assessment_adjustments",
  {
    streetId: text("street_id")
      .notNull()
      .references(() => streets.id),
    year: integer("year").notNull(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    points: real("points").notNull(),
    reason: text("reason").notNull(),
    userName: text("user_name").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.streetId, t.year, t.communityId] })],
);

/**
 * A published result: the score with every input beside it, as hashed into the community's
 * transparency log. Never updated.
 */
export const assessmentResults = sqliteTable(
  "assessment_results",
  {
    streetId: text("street_id")
      .notNull()
      .references(() => streets.id),
    year: integer("year").notNull(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    rank: integer("rank").notNull(),
    score: real("score"),
    base: real("base"),
    adjustment: real("adjustment").notNull(),
    adjustmentReason: text("adjustment_reason").notNull().default(""),
    /** Canonical JSON of the published content (see README "Verifying a disclosure"). */
    content: text("content").notNull(),
    contentHash: text("content_hash").notNull(),
    publishedAt: integer("published_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.streetId, t.year, t.communityId] })],
);
