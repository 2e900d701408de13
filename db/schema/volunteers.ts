import { sql } from "drizzle-orm";
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from "drizzle-orm/sqlite-core";
import { communities } from "./tenancy";
import { grids, residents } from "./registry";
import { TEAM_KINDS } from "../../shared/rules/volunteers";

/** 志愿者队伍 / 巡逻队: risky teams need accident insurance on record (志愿服务条例 Art 17). */
export const volunteerTeams = sqliteTable(
  "volunteer_teams",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: TEAM_KINDS }).notNull(),
    description: text("description").notNull().default(""),
    /** A volunteer of the team who manages it (shifts, check-in/out) from their resident login. */
    leaderVolunteerId: text("leader_volunteer_id"),
    isPublic: integer("is_public", { mode: "boolean" }).notNull(),
    /** Risky tasks: sign-up needs accident insurance valid on the shift's day (Art 17). */
    risky: integer("risky", { mode: "boolean" }).notNull(),
    /** No volunteers under 18 (night patrol). */
    adultsOnly: integer("adults_only", { mode: "boolean" }).notNull(),
    /** Sign-ups can be cancelled until this many hours before a shift starts. */
    cancelCutoffHours: integer("cancel_cutoff_hours").notNull(),
    archivedAt: integer("archived_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("volunteer_teams_name_uq").on(t.communityId, t.name)],
);

/**
 * A resident registered as a volunteer (志愿服务记录 Art 19: basic information, skills). The name
 * is shown publicly only with consent (Art 20); under 14 needs a guardian's consent (PIPL 31).
 */
export const volunteers = sqliteTable(
  "volunteers",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    residentId: text("resident_id")
      .notNull()
      .references(() => residents.id),
    skills: text("skills").notNull().default(""),
    availability: text("availability").notNull().default(""),
    showName: integer("show_name", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: ["pending", "active", "inactive"] }).notNull(),
    guardianName: text("guardian_name"),
    guardianConsentAt: integer("guardian_consent_at"),
    insurer: text("insurer"),
    insurancePolicy: text("insurance_policy"),
    /** Last day (YYYY-MM-DD) the accident insurance on record covers. */
    insuredUntil: text("insured_until"),
    approvedBy: text("approved_by"),
    approvedAt: integer("approved_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("volunteers_resident_uq").on(t.residentId),
    index("volunteers_community_idx").on(t.communityId, t.status),
  ],
);

export const teamMembers = sqliteTable(
  "team_members",
  {
    teamId: text("team_id")
      .notNull()
      .references(() => volunteerTeams.id),
    volunteerId: text("volunteer_id")
      .notNull()
      .references(() => volunteers.id),
    status: text("status", { enum: ["pending", "active", "left"] }).notNull(),
    joinedAt: integer("joined_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.volunteerId] }), index("team_members_volunteer_idx").on(t.volunteerId)],
);

/** A shift (值班/巡逻班次): one-off, or one of a weekly series sharing `seriesId`. */
export const shifts = sqliteTable(
  "shifts",
  {
    id: text("id").primaryKey(),
    teamId: text("team_id")
      .notNull()
      .references(() => volunteerTeams.id),
    communityId: text("community_id").notNull(),
    seriesId: text("series_id"),
    task: text("task").notNull(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    place: text("place").notNull().default(""),
    gridId: text("grid_id").references(() => grids.id),
    capacity: integer("capacity").notNull(),
    notes: text("notes").notNull().default(""),
    cancelledAt: integer("cancelled_at"),
    cancelReason: text("cancel_reason"),
    /** Set when attendance was closed after the shift: forgotten check-outs and no-shows recorded. */
    settledAt: integer("settled_at"),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("shifts_team_idx").on(t.teamId, t.startsAt),
    index("shifts_community_idx").on(t.communityId, t.startsAt),
    // The settling job's list: ended shifts not yet settled, across all communities.
    index("shifts_due_idx")
      .on(t.endsAt)
      .where(sql`settled_at IS NULL AND cancelled_at IS NULL`),
  ],
);

/**
 * A volunteer's place on a shift and what happened: check-in and check-out (their QR scan or the
 * leader), the minutes served (capped by the shift's length), and any audited adjustment.
 * One live sign-up per volunteer and shift; the capacity is checked inside the insert.
 */
export const shiftSignups = sqliteTable(
  "shift_signups",
  {
    id: text("id").primaryKey(),
    shiftId: text("shift_id")
      .notNull()
      .references(() => shifts.id),
    volunteerId: text("volunteer_id")
      .notNull()
      .references(() => volunteers.id),
    signedUpAt: integer("signed_up_at").notNull(),
    cancelledAt: integer("cancelled_at"),
    checkInAt: integer("check_in_at"),
    checkInBy: text("check_in_by"),
    checkOutAt: integer("check_out_at"),
    checkOutBy: text("check_out_by"),
    /** Minutes served as computed from check-in/out (capped by the shift's length). */
    minutes: integer("minutes"),
    /** "no_checkout": closed at the shift's end; "no_show": never checked in. */
    flag: text("flag", { enum: ["no_checkout", "no_show"] }),
    /** A staff correction of the minutes, with its reason (audited). */
    adjustedMinutes: integer("adjusted_minutes"),
    adjustReason: text("adjust_reason"),
  },
  (t) => [
    uniqueIndex("shift_signups_live_uq")
      .on(t.shiftId, t.volunteerId)
      .where(sql`cancelled_at IS NULL`),
    index("shift_signups_volunteer_idx").on(t.volunteerId, t.signedUpAt),
  ],
);

/** Training, awards and evaluations in the volunteer's service record (Art 19; 记录办法 Art 4). */
export const volunteerRecords = sqliteTable(
  "volunteer_records",
  {
    id: text("id").primaryKey(),
    volunteerId: text("volunteer_id")
      .notNull()
      .references(() => volunteers.id),
    communityId: text("community_id").notNull(),
    kind: text("kind", { enum: ["training", "award", "evaluation"] }).notNull(),
    date: text("date").notNull(),
    title: text("title").notNull(),
    note: text("note").notNull().default(""),
    recordedBy: text("recorded_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("volunteer_records_volunteer_idx").on(t.volunteerId, t.date)],
);

/**
 * A certificate of service hours (free, truthful, issued on request): a snapshot of the hours at
 * issue, verifiable by its random code.
 */
export const volunteerCertificates = sqliteTable(
  "volunteer_certificates",
  {
    code: text("code").primaryKey(),
    volunteerId: text("volunteer_id")
      .notNull()
      .references(() => volunteers.id),
    communityId: text("community_id").notNull(),
    issuedAt: integer("issued_at").notNull(),
    fromDate: text("from_date").notNull(),
    toDate: text("to_date").notNull(),
    totalMinutes: integer("total_minutes").notNull(),
    services: integer("services").notNull(),
    /** SHA-256 of the certificate's canonical content, printed on it. */
    contentHash: text("content_hash").notNull(),
  },
  (t) => [index("volunteer_certificates_volunteer_idx").on(t.volunteerId, t.issuedAt)],
);
