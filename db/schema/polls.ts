import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from "drizzle-orm/sqlite-core";
import { communities } from "./tenancy";
import { residents } from "./registry";
import { POLL_ELIGIBILITY, POLL_STATUSES } from "../../shared/rules/polls";

/**
 * An online vote (表决) or consultation (征求意见) held under a named rule: eligibility, secrecy,
 * window, pass rule and turnout. The roll is snapshotted when it opens; results are fixed when it
 * closes and appended to the transparency log.
 */
export const polls = sqliteTable(
  "polls",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    /** A vote may decide (or consult on) a meeting's agenda item. */
    meetingItemId: text("meeting_item_id"),
    kind: text("kind", { enum: ["vote", "consultation"] }).notNull(),
    ballotType: text("ballot_type", { enum: ["yes_no", "single", "multiple", "approval", "review"] }).notNull(),
    ruleSet: text("rule_set").notNull(),
    title: text("title").notNull(),
    descriptionMd: text("description_md").notNull().default(""),
    /** JSON array of {id, label, post?}: the choices, or the members under review. */
    options: text("options", { mode: "json" }).$type<{ id: string; label: string; post?: string }[]>().notNull(),
    minChoices: integer("min_choices").notNull(),
    maxChoices: integer("max_choices").notNull(),
    eligibility: text("eligibility", { enum: POLL_ELIGIBILITY }).notNull(),
    secret: integer("secret", { mode: "boolean" }).notNull(),
    opensAt: integer("opens_at").notNull(),
    closesAt: integer("closes_at").notNull(),
    passRule: text("pass_rule", { enum: ["majority_cast", "majority_eligible", "two_thirds_cast"] }).notNull(),
    /** Percentage of the roll that must vote for the result to stand (null: no threshold). */
    turnoutPct: integer("turnout_pct"),
    allowChange: integer("allow_change", { mode: "boolean" }).notNull(),
    hideResults: integer("hide_results", { mode: "boolean" }).notNull(),
    /** Democratic review: the year whose work is rated. */
    reviewYear: integer("review_year"),
    status: text("status", { enum: POLL_STATUSES }).notNull(),
    eligibleCount: integer("eligible_count"),
    openedAt: integer("opened_at"),
    closedAt: integer("closed_at"),
    /** The tally fixed at closing (JSON) and its SHA-256, as logged in the transparency chain. */
    result: text("result", { mode: "json" }),
    resultHash: text("result_hash"),
    cancelReason: text("cancel_reason"),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("polls_community_idx").on(t.communityId, t.status, t.closesAt),
    index("polls_due_idx").on(t.status, t.opensAt, t.closesAt),
    index("polls_closed_idx").on(t.communityId, t.closedAt),
  ],
);

/** Who may vote: snapshotted from the registry when the poll opens, never typed in. */
export const pollRoll = sqliteTable(
  "poll_roll",
  {
    pollId: text("poll_id")
      .notNull()
      .references(() => polls.id),
    residentId: text("resident_id")
      .notNull()
      .references(() => residents.id),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.residentId] })],
);

/**
 * *That* someone voted: the primary key is the one-voter-one-ballot constraint, inserted in the
 * same batch as the ballot. For secret polls `receipt` is null, so nothing here names a ballot.
 */
export const pollParticipation = sqliteTable(
  "poll_participation",
  {
    pollId: text("poll_id")
      .notNull()
      .references(() => polls.id),
    residentId: text("resident_id")
      .notNull()
      .references(() => residents.id),
    /** The resident who cast it: themself, or the holder of their written proxy. */
    castBy: text("cast_by").notNull(),
    via: text("via", { enum: ["self", "proxy"] }).notNull(),
    /** Open (记名) polls only: the voter's current ballot. */
    receipt: text("receipt"),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.residentId] })],
);

/**
 * *What* was chosen: a random receipt and the canonical choice, with no voter, no time and (the
 * migration makes it WITHOUT ROWID) no insertion order that could re-link a secret ballot.
 */
export const pollBallots = sqliteTable(
  "poll_ballots",
  {
    receipt: text("receipt").primaryKey(),
    pollId: text("poll_id")
      .notNull()
      .references(() => polls.id),
    choice: text("choice").notNull(),
  },
  (t) => [index("poll_ballots_poll_idx").on(t.pollId)],
);

/** A written proxy (委托书) recorded by staff: the grantor's ballot may be cast by the holder (U19: ≤ 3). */
export const pollProxies = sqliteTable(
  "poll_proxies",
  {
    pollId: text("poll_id")
      .notNull()
      .references(() => polls.id),
    grantorId: text("grantor_id")
      .notNull()
      .references(() => residents.id),
    holderId: text("holder_id")
      .notNull()
      .references(() => residents.id),
    note: text("note").notNull().default(""),
    recordedBy: text("recorded_by").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.grantorId] }), index("poll_proxies_holder_idx").on(t.pollId, t.holderId)],
);

/**
 * 民主评议 results per member and year (U37/V38), kept across polls so that two consecutive
 * years rated 不称职 by the majority are flagged: that ends the member's post.
 */
export const reviewOutcomes = sqliteTable(
  "review_outcomes",
  {
    pollId: text("poll_id")
      .notNull()
      .references(() => polls.id),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    year: integer("year").notNull(),
    /** Members are matched across years by name (a committee rarely has two of one name). */
    memberName: text("member_name").notNull(),
    post: text("post").notNull().default(""),
    competent: integer("competent").notNull(),
    basic: integer("basic").notNull(),
    incompetent: integer("incompetent").notNull(),
    ballotsCast: integer("ballots_cast").notNull(),
    incompetentMajority: integer("incompetent_majority", { mode: "boolean" }).notNull(),
    endsPost: integer("ends_post", { mode: "boolean" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.pollId, t.memberName] }),
    uniqueIndex("review_outcomes_year_uq").on(t.communityId, t.memberName, t.year),
  ],
);
