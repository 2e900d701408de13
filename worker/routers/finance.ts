import { and, asc, desc, eq, lt } from "drizzle-orm";
import { communities, financeEntries, financePeriods, financeVouchers, streets } from "../../db/schema";
import { COMMUNITY_READERS, COMMUNITY_WRITERS } from "../roles";
import { newId } from "../../shared/ids";
import {
  closingBalance,
  deadlineState,
  endedPeriodsSince,
  financePeriodContent,
  financeSettingsOf,
  frequencyOf,
  periodOf,
  periodRange,
  previousPeriod,
  type FinanceSettings,
} from "../../shared/rules/finance";
import { validateEntryRows } from "../../shared/rules/finance-import";
import { formatYuan, parseSignedYuan } from "../../shared/rules/money";
import { shanghaiDate } from "../../shared/rules/eligibility";
import { contentHash } from "../../shared/rules/transparency";
import { communityRef } from "../../shared/schemas/common";
import {
  addEntryInput,
  entryIdInput,
  financeImportInput,
  financeSettingsInput,
  openPeriodInput,
  periodIdInput,
  periodsInput,
  publicPeriodInput,
  reviewInput,
  setOpeningInput,
  updateEntryInput,
} from "../../shared/schemas/finance";
import { dbFor, runBatch, type DB } from "../db";
import { DomainError, fail } from "../errors";
import { auditInsert, scopedAudit } from "../services/audit";
import { communityBySlugs } from "../services/community";
import { publicEntry, publishedPeriod, publishedPeriods } from "../services/finance-views";
import { chunk, D1_MAX_PARAMS } from "../services/registry-import";
import { logEntryInsert, withChainRetry } from "../services/transparency";
import {
  byCommunityId,
  communityProcedure,
  publicProcedure,
  router,
  streetProcedure,
  type CommunityScope,
  type ScopeResolver,
} from "../trpc";

/** Separation of duties (U36): staff keep the books, a supervisor approves, the admin publishes. */
const KEEPERS = COMMUNITY_WRITERS;
const READERS = COMMUNITY_READERS;

const yuanToFen = (v: string) => (parseSignedYuan(v) as { fen: number }).fen;

const byPeriodId: ScopeResolver<{ periodId: string }> = async (db, input) => {
  const row = (
    await db
      .select({ communityId: financePeriods.communityId })
      .from(financePeriods)
      .where(eq(financePeriods.id, input.periodId))
  )[0];
  return row ? byCommunityId(db, row) : null;
};
const byEntryId: ScopeResolver<{ id: string }> = async (db, input) => {
  const row = (
    await db
      .select({ communityId: financeEntries.communityId })
      .from(financeEntries)
      .where(eq(financeEntries.id, input.id))
  )[0];
  return row ? byCommunityId(db, row) : null;
};

async function settingsFor(db: DB, scope: CommunityScope): Promise<FinanceSettings> {
  const street = (
    await db.select({ settings: streets.settings }).from(streets).where(eq(streets.id, scope.streetId))
  )[0];
  return financeSettingsOf(street?.settings, scope.kind);
}

async function loadPeriod(db: DB, scope: CommunityScope, periodId: string) {
  const p = (
    await db
      .select()
      .from(financePeriods)
      .where(and(eq(financePeriods.id, periodId), eq(financePeriods.communityId, scope.communityId)))
  )[0];
  if (!p) throw fail.notFound();
  return p;
}

function requireOpen(p: { status: string }) {
  if (p.status !== "open") throw fail.bad("finance.notOpen");
}

/** Category and date rules for one entry, and the adjusted entry when there is one. */
async function checkEntry(
  db: DB,
  scope: CommunityScope,
  period: { startsOn: string; endsOn: string },
  e: { date: string; direction: "income" | "expense"; category: string; adjustsEntryId?: string | null },
) {
  const settings = await settingsFor(db, scope);
  const cat = settings.categories.find((c) => c.code === e.category);
  if (!cat || (cat.direction !== "both" && cat.direction !== e.direction))
    throw fail.bad("finance.unknownCategory", "category");
  if (e.date < period.startsOn || e.date > period.endsOn) throw fail.bad("finance.dateOutside", "date");
  if (e.adjustsEntryId) {
    const target = (
      await db
        .select({ status: financePeriods.status })
        .from(financeEntries)
        .innerJoin(financePeriods, eq(financePeriods.id, financeEntries.periodId))
        .where(and(eq(financeEntries.id, e.adjustsEntryId), eq(financeEntries.communityId, scope.communityId)))
    )[0];
    if (target?.status !== "published") throw fail.bad("finance.adjustTarget", "adjustsEntryId");
  }
}

const periodColumns = {
  id: financePeriods.id,
  communityId: financePeriods.communityId,
  period: financePeriods.period,
  status: financePeriods.status,
  openingBalanceFen: financePeriods.openingBalanceFen,
  closingBalanceFen: financePeriods.closingBalanceFen,
  incomeFen: financePeriods.incomeFen,
  expenseFen: financePeriods.expenseFen,
  publishedAt: financePeriods.publishedAt,
  reviewComment: financePeriods.reviewComment,
  updatedAt: financePeriods.updatedAt,
};
type PeriodRow = { [K in keyof typeof periodColumns]: (typeof financePeriods.$inferSelect)[K] };

/**
 * Every period the community should have disclosed by now, with where it stands against its
 * deadline: the periods it has (newest first) and the ended ones it never opened.
 */
function periodStates(periods: PeriodRow[], communityCreatedAt: number, settings: FinanceSettings, now: number) {
  const sameFrequency = periods.filter((p) => frequencyOf(p.period) === settings.frequency);
  // From the community's first period or its creation, whichever is earlier: opening a later
  // period never hides earlier ones that were skipped.
  const created = periodOf(shanghaiDate(communityCreatedAt), settings.frequency);
  const oldest = sameFrequency.length ? sameFrequency[sameFrequency.length - 1].period : created;
  const first = periodRange(oldest).startsOn < periodRange(created).startsOn ? oldest : created;
  const known = new Set(periods.map((p) => p.period));
  const missing = endedPeriodsSince(first, now)
    .filter((k) => !known.has(k))
    .map((k) => ({ period: k, ...deadlineState(k, null, now, settings.deadlineDays) }));
  return {
    periods: periods.map((p) => ({
      ...p,
      ...periodRange(p.period),
      ...deadlineState(p.period, p.publishedAt, now, settings.deadlineDays),
    })),
    missing,
  };
}

export const financeRouter = router({
  /** The community's periods with their deadline state, the periods not yet opened, and the street's settings. */
  periods: communityProcedure(READERS, periodsInput, byCommunityId).query(async ({ ctx }) => {
    const settings = await settingsFor(ctx.db, ctx.scope);
    const now = Date.now();
    const [periods, [community]] = await ctx.db.batch([
      ctx.db
        .select(periodColumns)
        .from(financePeriods)
        .where(eq(financePeriods.communityId, ctx.scope.communityId))
        .orderBy(desc(financePeriods.period)),
      ctx.db
        .select({ createdAt: communities.createdAt })
        .from(communities)
        .where(eq(communities.id, ctx.scope.communityId)),
    ]);
    return {
      settings,
      current: periodOf(shanghaiDate(now), settings.frequency),
      ...periodStates(periods, community.createdAt, settings, now),
    };
  }),

  /** Staff view of one period: all entries (counterparties in full), vouchers, running totals, continuity. */
  period: communityProcedure(READERS, periodIdInput, byPeriodId).query(async ({ ctx, input }) => {
    const p = await loadPeriod(ctx.db, ctx.scope, input.periodId);
    const [entries, vouchers, previous] = await ctx.db.batch([
      ctx.db
        .select()
        .from(financeEntries)
        .where(eq(financeEntries.periodId, p.id))
        .orderBy(asc(financeEntries.entryDate), asc(financeEntries.createdAt)),
      ctx.db
        .select({
          id: financeVouchers.id,
          entryId: financeVouchers.entryId,
          name: financeVouchers.name,
          size: financeVouchers.size,
          contentType: financeVouchers.contentType,
        })
        .from(financeVouchers)
        .innerJoin(financeEntries, eq(financeEntries.id, financeVouchers.entryId))
        .where(eq(financeEntries.periodId, p.id)),
      ctx.db
        .select({
          period: financePeriods.period,
          status: financePeriods.status,
          closingBalanceFen: financePeriods.closingBalanceFen,
        })
        .from(financePeriods)
        .where(
          and(
            eq(financePeriods.communityId, ctx.scope.communityId),
            eq(financePeriods.period, previousPeriod(p.period)),
          ),
        ),
    ]);
    const incomeFen = entries.filter((e) => e.direction === "income").reduce((n, e) => n + e.amountFen, 0);
    const expenseFen = entries.filter((e) => e.direction === "expense").reduce((n, e) => n + e.amountFen, 0);
    const settings = await settingsFor(ctx.db, ctx.scope);
    return {
      ...p,
      community: {
        street: ctx.scope.streetSlug,
        community: ctx.scope.communitySlug,
        name: ctx.scope.communityName,
        kind: ctx.scope.kind,
      },
      categories: settings.categories,
      entries: entries.map((e) => ({ ...e, vouchers: vouchers.filter((v) => v.entryId === e.id) })),
      totals: { incomeFen, expenseFen, closingBalanceFen: closingBalance(p.openingBalanceFen, entries) },
      previous: previous[0] ?? null,
      continuityOk: !previous[0] || previous[0].closingBalanceFen === p.openingBalanceFen,
      deadline: deadlineState(p.period, p.publishedAt, Date.now(), settings.deadlineDays),
    };
  }),

  /** Open a period; its opening balance defaults to the previous period's closing balance. */
  openPeriod: communityProcedure(KEEPERS, openPeriodInput, byCommunityId).mutation(async ({ ctx, input }) => {
    const settings = await settingsFor(ctx.db, ctx.scope);
    if (frequencyOf(input.period) !== settings.frequency)
      throw fail.bad(
        settings.frequency === "monthly" ? "finance.wrongFrequency.monthly" : "finance.wrongFrequency.quarterly",
        "period",
      );
    const [existing, previous] = await ctx.db.batch([
      ctx.db
        .select({ id: financePeriods.id })
        .from(financePeriods)
        .where(and(eq(financePeriods.communityId, ctx.scope.communityId), eq(financePeriods.period, input.period))),
      ctx.db
        .select({ closingBalanceFen: financePeriods.closingBalanceFen })
        .from(financePeriods)
        .where(
          and(
            eq(financePeriods.communityId, ctx.scope.communityId),
            eq(financePeriods.period, previousPeriod(input.period)),
            eq(financePeriods.status, "published"),
          ),
        ),
    ]);
    if (existing.length) throw fail.conflict("finance.periodExists", "period");
    const now = Date.now();
    const row = {
      id: newId(now),
      communityId: ctx.scope.communityId,
      period: input.period,
      ...periodRange(input.period),
      status: "open" as const,
      openingBalanceFen:
        input.openingBalance !== undefined ? yuanToFen(input.openingBalance) : (previous[0]?.closingBalanceFen ?? 0),
      createdAt: now,
      updatedAt: now,
    };
    await ctx.db.batch([
      ctx.db.insert(financePeriods).values(row),
      scopedAudit(ctx.scope, ctx.user)(ctx.db, "finance.openPeriod", "financePeriod", row.id, undefined, row, now),
    ]);
    return { id: row.id };
  }),

  setOpening: communityProcedure(KEEPERS, setOpeningInput, byPeriodId).mutation(async ({ ctx, input }) => {
    const p = await loadPeriod(ctx.db, ctx.scope, input.periodId);
    requireOpen(p);
    const fen = yuanToFen(input.openingBalance);
    const now = Date.now();
    await ctx.db.batch([
      ctx.db
        .update(financePeriods)
        .set({ openingBalanceFen: fen, updatedAt: now })
        .where(and(eq(financePeriods.id, p.id), eq(financePeriods.status, "open"))),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "finance.setOpening",
        "financePeriod",
        p.id,
        { openingBalanceFen: p.openingBalanceFen },
        { openingBalanceFen: fen },
        now,
      ),
    ]);
    return { ok: true };
  }),

  addEntry: communityProcedure(KEEPERS, addEntryInput, byPeriodId).mutation(async ({ ctx, input }) => {
    const p = await loadPeriod(ctx.db, ctx.scope, input.periodId);
    requireOpen(p);
    await checkEntry(ctx.db, ctx.scope, p, input);
    const now = Date.now();
    const row = {
      id: newId(now),
      communityId: ctx.scope.communityId,
      periodId: p.id,
      entryDate: input.date,
      direction: input.direction,
      category: input.category,
      amountFen: yuanToFen(input.amount),
      summary: input.summary,
      counterparty: input.counterparty,
      counterpartyIsPerson: input.counterpartyIsPerson,
      voucherNo: input.voucherNo,
      adjustsEntryId: input.adjustsEntryId ?? null,
      createdBy: ctx.user.id,
      createdAt: now,
      updatedAt: now,
    };
    await ctx.db.batch([
      ctx.db.insert(financeEntries).values(row),
      ctx.db.update(financePeriods).set({ updatedAt: now }).where(eq(financePeriods.id, p.id)),
      scopedAudit(ctx.scope, ctx.user)(ctx.db, "finance.addEntry", "financeEntry", row.id, undefined, row, now),
    ]);
    return { id: row.id };
  }),

  updateEntry: communityProcedure(KEEPERS, updateEntryInput, byEntryId).mutation(async ({ ctx, input }) => {
    const e = (await ctx.db.select().from(financeEntries).where(eq(financeEntries.id, input.id)))[0];
    const p = await loadPeriod(ctx.db, ctx.scope, e.periodId);
    requireOpen(p);
    const next = {
      entryDate: input.date ?? e.entryDate,
      direction: input.direction ?? e.direction,
      category: input.category ?? e.category,
      amountFen: input.amount !== undefined ? yuanToFen(input.amount) : e.amountFen,
      summary: input.summary ?? e.summary,
      counterparty: input.counterparty ?? e.counterparty,
      counterpartyIsPerson: input.counterpartyIsPerson ?? e.counterpartyIsPerson,
      voucherNo: input.voucherNo ?? e.voucherNo,
    };
    await checkEntry(ctx.db, ctx.scope, p, {
      date: next.entryDate,
      direction: next.direction,
      category: next.category,
    });
    const now = Date.now();
    await ctx.db.batch([
      ctx.db
        .update(financeEntries)
        .set({ ...next, updatedAt: now })
        .where(eq(financeEntries.id, e.id)),
      scopedAudit(ctx.scope, ctx.user)(ctx.db, "finance.updateEntry", "financeEntry", e.id, e, next, now),
    ]);
    return { id: e.id };
  }),

  removeEntry: communityProcedure(KEEPERS, entryIdInput, byEntryId).mutation(async ({ ctx, input }) => {
    const e = (await ctx.db.select().from(financeEntries).where(eq(financeEntries.id, input.id)))[0];
    const p = await loadPeriod(ctx.db, ctx.scope, e.periodId);
    requireOpen(p);
    const vouchers = await ctx.db
      .select({ id: financeVouchers.id, r2Key: financeVouchers.r2Key })
      .from(financeVouchers)
      .where(eq(financeVouchers.entryId, e.id));
    await ctx.db.batch([
      ctx.db.delete(financeVouchers).where(eq(financeVouchers.entryId, e.id)),
      ctx.db.delete(financeEntries).where(eq(financeEntries.id, e.id)),
      scopedAudit(ctx.scope, ctx.user)(ctx.db, "finance.removeEntry", "financeEntry", e.id, e, undefined),
    ]);
    for (const v of vouchers) await ctx.env.FILES.delete(v.r2Key);
    return { ok: true };
  }),

  /** What the import's dry run checks against: the period's dates, the categories, the rows already there. */
  importContext: communityProcedure(KEEPERS, periodIdInput, byPeriodId).query(async ({ ctx, input }) => {
    const p = await loadPeriod(ctx.db, ctx.scope, input.periodId);
    const settings = await settingsFor(ctx.db, ctx.scope);
    const keys = await ctx.db
      .select({ key: financeEntries.importKey })
      .from(financeEntries)
      .where(eq(financeEntries.periodId, p.id));
    return {
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      status: p.status,
      categories: settings.categories,
      existingKeys: keys.map((k) => k.key).filter(Boolean) as string[],
    };
  }),

  /** Commit ≤ 500 imported rows into an open period; rows already imported are skipped. */
  import: communityProcedure(KEEPERS, financeImportInput, byPeriodId).mutation(async ({ ctx, input }) => {
    const p = await loadPeriod(ctx.db, ctx.scope, input.periodId);
    requireOpen(p);
    const settings = await settingsFor(ctx.db, ctx.scope);
    const result = validateEntryRows(input.rows, {
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      categories: settings.categories,
    });
    const now = Date.now();
    const values = result.valid.map((r) => ({
      id: newId(now),
      communityId: ctx.scope.communityId,
      periodId: p.id,
      entryDate: r.date,
      direction: r.direction,
      category: r.category,
      amountFen: r.amountFen,
      summary: r.summary,
      counterparty: r.counterparty,
      counterpartyIsPerson: r.counterpartyIsPerson,
      voucherNo: r.voucherNo,
      importKey: r.key,
      createdBy: ctx.user.id,
      createdAt: now,
      updatedAt: now,
    }));
    const inserts = chunk(values, Math.floor(D1_MAX_PARAMS / 15)).map((part) =>
      ctx.db.insert(financeEntries).values(part).onConflictDoNothing().returning({ id: financeEntries.id }),
    );
    const results = await runBatch(ctx.db, [
      ...inserts,
      ...(values.length
        ? [
            scopedAudit(ctx.scope, ctx.user)(
              ctx.db,
              "finance.import",
              "financePeriod",
              p.id,
              undefined,
              { rows: values.length },
              now,
            ),
          ]
        : []),
    ]);
    // Rows the inserts returned: D1's `changes` would also count the cache-version triggers' updates.
    const inserted = results.slice(0, inserts.length).reduce<number>((n, r) => n + (r as unknown[]).length, 0);
    return { inserted, skipped: values.length - inserted, errors: result.errors };
  }),

  submit: communityProcedure(KEEPERS, periodIdInput, byPeriodId).mutation(async ({ ctx, input }) => {
    const p = await loadPeriod(ctx.db, ctx.scope, input.periodId);
    requireOpen(p);
    const now = Date.now();
    await ctx.db.batch([
      ctx.db
        .update(financePeriods)
        .set({ status: "submitted", submittedAt: now, submittedBy: ctx.user.id, updatedAt: now })
        .where(and(eq(financePeriods.id, p.id), eq(financePeriods.status, "open"))),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "finance.submit",
        "financePeriod",
        p.id,
        { status: "open" },
        { status: "submitted" },
        now,
      ),
    ]);
    return { status: "submitted" as const };
  }),

  /**
   * 监督委员会 review (U36, V37): a supervisor of the community approves, or returns the period
   * to staff with a comment. Staff and the admin of the community may not approve.
   */
  approve: communityProcedure(["supervisor", "community_admin", "community_staff"], reviewInput, byPeriodId).mutation(
    async ({ ctx, input }) => {
      if (ctx.user.role !== "supervisor") throw new DomainError("FORBIDDEN", "finance.staffCannotApprove");
      const p = await loadPeriod(ctx.db, ctx.scope, input.periodId);
      // An approved period the admin cannot publish (e.g. its opening balance breaks from the
      // previous closing) would be stuck: the supervisor may still return it to staff.
      const returnable = input.decision === "return" && p.status === "approved";
      if (p.status !== "submitted" && !returnable) throw fail.bad("finance.notSubmitted");
      if (input.decision === "return" && !input.comment) throw fail.bad("finance.returnNeedsComment", "comment");
      const now = Date.now();
      const status = input.decision === "approve" ? ("approved" as const) : ("open" as const);
      await ctx.db.batch([
        ctx.db
          .update(financePeriods)
          .set({
            status,
            reviewedAt: now,
            reviewedBy: ctx.user.id,
            reviewerName: ctx.user.displayName,
            reviewComment: input.comment,
            updatedAt: now,
          })
          .where(and(eq(financePeriods.id, p.id), eq(financePeriods.status, p.status))),
        scopedAudit(ctx.scope, ctx.user)(
          ctx.db,
          input.decision === "approve" ? "finance.approve" : "finance.return",
          "financePeriod",
          p.id,
          { status: p.status },
          { status, comment: input.comment },
          now,
        ),
      ]);
      return { status };
    },
  ),

  /**
   * Publish an approved period: its figures are fixed, its canonical content hashed and appended
   * to the transparency log. Refused when the opening balance breaks from the previous closing.
   */
  publish: communityProcedure(["community_admin"], periodIdInput, byPeriodId).mutation(async ({ ctx, input }) => {
    const p = await loadPeriod(ctx.db, ctx.scope, input.periodId);
    if (p.status !== "approved") throw fail.bad("finance.notApproved");
    const prevKey = previousPeriod(p.period);
    const [previous, entries] = await ctx.db.batch([
      ctx.db
        .select()
        .from(financePeriods)
        .where(and(eq(financePeriods.communityId, ctx.scope.communityId), eq(financePeriods.period, prevKey))),
      ctx.db
        .select()
        .from(financeEntries)
        .where(eq(financeEntries.periodId, p.id))
        .orderBy(asc(financeEntries.entryDate), asc(financeEntries.createdAt), asc(financeEntries.id)),
    ]);
    const prev = previous[0];
    // Only a community's first period may start without the one before it.
    if (!prev) {
      const earlier = await ctx.db
        .select({ id: financePeriods.id })
        .from(financePeriods)
        .where(and(eq(financePeriods.communityId, ctx.scope.communityId), lt(financePeriods.period, p.period)))
        .limit(1);
      if (earlier.length) throw fail.bad("finance.previousUnpublished", undefined, { previous: prevKey });
    }
    if (prev && prev.status !== "published")
      throw fail.bad("finance.previousUnpublished", undefined, { previous: prevKey });
    if (prev && prev.closingBalanceFen !== p.openingBalanceFen)
      throw fail.bad("finance.continuity", "openingBalance", {
        opening: formatYuan(p.openingBalanceFen),
        closing: formatYuan(prev.closingBalanceFen ?? 0),
        previous: prevKey,
      });
    const now = Date.now();
    const incomeFen = entries.filter((e) => e.direction === "income").reduce((n, e) => n + e.amountFen, 0);
    const expenseFen = entries.filter((e) => e.direction === "expense").reduce((n, e) => n + e.amountFen, 0);
    const closingBalanceFen = closingBalance(p.openingBalanceFen, entries);
    const hash = await contentHash(
      financePeriodContent({
        street: ctx.scope.streetSlug,
        community: ctx.scope.communitySlug,
        periodId: p.id,
        period: p.period,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
        openingBalanceFen: p.openingBalanceFen,
        incomeFen,
        expenseFen,
        closingBalanceFen,
        publishedAt: now,
        entries: entries.map(publicEntry),
      }),
    );
    await withChainRetry(async () => {
      const log = await logEntryInsert(ctx.db, ctx.scope.communityId, {
        kind: "finance.period",
        recordId: p.id,
        version: 1,
        contentHash: hash,
        at: now,
      });
      await ctx.db.batch([
        ctx.db
          .update(financePeriods)
          .set({
            status: "published",
            incomeFen,
            expenseFen,
            closingBalanceFen,
            publishedAt: now,
            publishedBy: ctx.user.id,
            contentHash: hash,
            updatedAt: now,
          })
          .where(and(eq(financePeriods.id, p.id), eq(financePeriods.status, "approved"))),
        log.query,
        scopedAudit(ctx.scope, ctx.user)(
          ctx.db,
          "finance.publish",
          "financePeriod",
          p.id,
          { status: "approved" },
          { status: "published", closingBalanceFen, contentHash: hash },
          now,
        ),
      ]);
    });
    return { status: "published" as const, contentHash: hash, closingBalanceFen };
  }),

  /** Public: published periods with totals, newest first (the 12-period trend uses the first 12). */
  summary: publicProcedure.input(communityRef).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const db = dbFor(ctx.env, scope.streetId);
    const settings = await settingsFor(db, scope);
    return {
      categories: settings.categories,
      frequency: settings.frequency,
      periods: await publishedPeriods(db, scope.communityId),
    };
  }),

  /** Public: one published period with masked entries, totals by category and adjustment references. */
  published: publicProcedure.input(publicPeriodInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const db = dbFor(ctx.env, scope.streetId);
    const [settings, period] = await Promise.all([
      settingsFor(db, scope),
      publishedPeriod(db, scope.communityId, input.period),
    ]);
    return { ...period, categories: settings.categories, community: { name: scope.communityName, kind: scope.kind } };
  }),

  /** Street office: every community's periods that are overdue, due soon, or published late. */
  overdue: streetProcedure(["street_admin", "street_viewer"]).query(async ({ ctx }) => {
    const [rows, periods] = await ctx.db.batch([
      ctx.db
        .select({
          id: communities.id,
          slug: communities.slug,
          name: communities.name,
          kind: communities.kind,
          createdAt: communities.createdAt,
          settings: streets.settings,
        })
        .from(communities)
        .innerJoin(streets, eq(streets.id, communities.streetId))
        .where(eq(communities.streetId, ctx.streetId))
        .orderBy(asc(communities.name)),
      ctx.db
        .select(periodColumns)
        .from(financePeriods)
        .innerJoin(communities, eq(communities.id, financePeriods.communityId))
        .where(eq(communities.streetId, ctx.streetId))
        .orderBy(desc(financePeriods.period)),
    ]);
    const now = Date.now();
    return rows.map((c) => {
      const settings = financeSettingsOf(c.settings, c.kind);
      const states = periodStates(
        periods.filter((p) => p.communityId === c.id),
        c.createdAt,
        settings,
        now,
      );
      const attention = [
        ...states.missing
          .filter((m) => m.state !== "running")
          .map((m) => ({
            period: m.period,
            state: m.state,
            dueOn: m.dueOn,
            daysLate: m.daysLate,
            status: "missing" as const,
          })),
        ...states.periods
          .filter((p) => ["overdue", "due_soon", "due", "late"].includes(p.state))
          .map((p) => ({ period: p.period, state: p.state, dueOn: p.dueOn, daysLate: p.daysLate, status: p.status })),
      ];
      return { communityId: c.id, slug: c.slug, name: c.name, kind: c.kind, frequency: settings.frequency, attention };
    });
  }),

  /** Street settings for finance disclosure (frequency per community kind, deadline days). */
  settings: streetProcedure(["street_admin", "street_viewer"]).query(async ({ ctx }) => {
    const street = (
      await ctx.db.select({ settings: streets.settings }).from(streets).where(eq(streets.id, ctx.streetId))
    )[0];
    return {
      urban: financeSettingsOf(street.settings, "urban"),
      village: financeSettingsOf(street.settings, "village"),
    };
  }),

  updateSettings: streetProcedure(["street_admin"])
    .input(financeSettingsInput)
    .mutation(async ({ ctx, input }) => {
      const street = (
        await ctx.db.select({ settings: streets.settings }).from(streets).where(eq(streets.id, ctx.streetId))
      )[0];
      const next = {
        ...street.settings,
        financeFrequency: { urban: input.urbanFrequency, village: input.villageFrequency },
        financeDeadlineDays: input.deadlineDays,
      };
      await ctx.db.batch([
        ctx.db.update(streets).set({ settings: next }).where(eq(streets.id, ctx.streetId)),
        auditInsert(ctx.db, {
          streetId: ctx.streetId,
          communityId: null,
          actor: ctx.user,
          action: "street.financeSettings",
          entity: "street",
          entityId: ctx.streetId,
          before: street.settings,
          after: next,
        }),
      ]);
      return { ok: true };
    }),
});
