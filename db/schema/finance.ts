import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { communities } from "./tenancy";
import { users } from "./accounts";

export const PERIOD_STATUSES = ["open", "submitted", "approved", "published"] as const;

/**
 * A period of the community's books (month or quarter). Once published it is immutable: a
 * mistake is corrected by an adjusting entry in an open period.
 */
export const financePeriods = sqliteTable(
  "finance_periods",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    /** 2026-10 or 2026-Q4. */
    period: text("period").notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    status: text("status", { enum: PERIOD_STATUSES }).notNull(),
    openingBalanceFen: integer("opening_balance_fen").notNull(),
    /** Set when published, from the entries: the public figures never change afterwards. */
    incomeFen: integer("income_fen"),
    expenseFen: integer("expense_fen"),
    closingBalanceFen: integer("closing_balance_fen"),
    submittedAt: integer("submitted_at"),
    submittedBy: text("submitted_by"),
    reviewedAt: integer("reviewed_at"),
    reviewedBy: text("reviewed_by"),
    reviewerName: text("reviewer_name"),
    reviewComment: text("review_comment"),
    publishedAt: integer("published_at"),
    publishedBy: text("published_by"),
    contentHash: text("content_hash"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("finance_periods_community_period_uq").on(t.communityId, t.period),
    index("finance_periods_community_status_idx").on(t.communityId, t.status, t.period),
  ],
);

/** One line of the books. Amounts are positive integers of fen; the direction gives the sign. */
export const financeEntries = sqliteTable(
  "finance_entries",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    periodId: text("period_id")
      .notNull()
      .references(() => financePeriods.id),
    entryDate: text("entry_date").notNull(),
    direction: text("direction", { enum: ["income", "expense"] }).notNull(),
    category: text("category").notNull(),
    amountFen: integer("amount_fen").notNull(),
    summary: text("summary").notNull(),
    counterparty: text("counterparty").notNull().default(""),
    /** A private person's name is masked in public output (PIPL). */
    counterpartyIsPerson: integer("counterparty_is_person", { mode: "boolean" }).notNull().default(false),
    voucherNo: text("voucher_no").notNull().default(""),
    /** For an adjusting entry: the entry of a published period it corrects. */
    adjustsEntryId: text("adjusts_entry_id"),
    /** Hash of the imported row's content: importing the same file twice adds nothing. */
    importKey: text("import_key"),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("finance_entries_period_idx").on(t.periodId, t.entryDate),
    index("finance_entries_community_idx").on(t.communityId, t.entryDate),
    index("finance_entries_adjusts_idx").on(t.adjustsEntryId),
    uniqueIndex("finance_entries_import_uq").on(t.periodId, t.importKey),
  ],
);

/** Scans of vouchers (凭证) in R2: for staff and supervisors, not public. */
export const financeVouchers = sqliteTable(
  "finance_vouchers",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id),
    entryId: text("entry_id")
      .notNull()
      .references(() => financeEntries.id),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    r2Key: text("r2_key").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("finance_vouchers_entry_idx").on(t.entryId)],
);
