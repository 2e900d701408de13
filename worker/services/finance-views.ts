import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { financeEntries, financePeriods } from "../../db/schema";
import { publicEntry } from "../../shared/rules/finance";
import type { DB } from "../db";
import { fail } from "../errors";

export { publicEntry };

/** Published periods of a community, newest first (100 years of months by default), with their totals. */
export function publishedPeriods(db: DB, communityId: string, limit = 1200) {
  return db
    .select({
      id: financePeriods.id,
      period: financePeriods.period,
      startsOn: financePeriods.startsOn,
      endsOn: financePeriods.endsOn,
      openingBalanceFen: financePeriods.openingBalanceFen,
      incomeFen: financePeriods.incomeFen,
      expenseFen: financePeriods.expenseFen,
      closingBalanceFen: financePeriods.closingBalanceFen,
      publishedAt: financePeriods.publishedAt,
      contentHash: financePeriods.contentHash,
    })
    .from(financePeriods)
    .where(and(eq(financePeriods.communityId, communityId), eq(financePeriods.status, "published")))
    .orderBy(desc(financePeriods.period))
    .limit(limit);
}

/**
 * One published period as the public sees it: masked entries, totals by category, and the
 * adjusting-entry references both ways (which entries adjust these, and what these adjust).
 */
export async function publishedPeriod(db: DB, communityId: string, period: string) {
  const p = (
    await db
      .select()
      .from(financePeriods)
      .where(
        and(
          eq(financePeriods.communityId, communityId),
          eq(financePeriods.period, period),
          eq(financePeriods.status, "published"),
        ),
      )
  )[0];
  if (!p) throw fail.notFound("notFound.record");
  const entries = await db
    .select()
    .from(financeEntries)
    .where(eq(financeEntries.periodId, p.id))
    .orderBy(asc(financeEntries.entryDate), asc(financeEntries.createdAt), asc(financeEntries.id));
  const ids = entries.map((e) => e.id);
  const adjustTargets = entries.map((e) => e.adjustsEntryId).filter((x): x is string => Boolean(x));
  const [adjustedBy, adjusts] = await Promise.all([
    referencing(db, communityId, ids, "adjustedBy"),
    referencing(db, communityId, adjustTargets, "adjusts"),
  ]);
  const byCategory = new Map<string, { category: string; direction: string; amountFen: number; count: number }>();
  for (const e of entries) {
    const k = `${e.direction}:${e.category}`;
    const c = byCategory.get(k) ?? { category: e.category, direction: e.direction, amountFen: 0, count: 0 };
    c.amountFen += e.amountFen;
    c.count += 1;
    byCategory.set(k, c);
  }
  return {
    id: p.id,
    period: p.period,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    openingBalanceFen: p.openingBalanceFen,
    incomeFen: p.incomeFen ?? 0,
    expenseFen: p.expenseFen ?? 0,
    closingBalanceFen: p.closingBalanceFen ?? 0,
    publishedAt: p.publishedAt!,
    reviewerName: p.reviewerName,
    reviewedAt: p.reviewedAt,
    contentHash: p.contentHash!,
    entries: entries.map((e) => ({
      ...publicEntry(e),
      adjusts: adjusts.find((a) => a.id === e.adjustsEntryId) ?? null,
      adjustedBy: adjustedBy.filter((a) => a.adjustsEntryId === e.id),
    })),
    totalsByCategory: [...byCategory.values()].sort((a, b) => b.amountFen - a.amountFen),
  };
}

/** Entries (with their period) that adjust `ids`, or that `ids` name, chunked under D1's parameter limit. */
async function referencing(db: DB, communityId: string, ids: string[], way: "adjustedBy" | "adjusts") {
  const out: {
    id: string;
    period: string;
    date: string;
    summary: string;
    amountFen: number;
    direction: string;
    adjustsEntryId: string | null;
  }[] = [];
  for (let i = 0; i < ids.length; i += 90) {
    const part = ids.slice(i, i + 90);
    const rows = await db
      .select({
        id: financeEntries.id,
        period: financePeriods.period,
        status: financePeriods.status,
        date: financeEntries.entryDate,
        summary: financeEntries.summary,
        amountFen: financeEntries.amountFen,
        direction: financeEntries.direction,
        adjustsEntryId: financeEntries.adjustsEntryId,
      })
      .from(financeEntries)
      .innerJoin(financePeriods, eq(financePeriods.id, financeEntries.periodId))
      .where(
        and(
          eq(financeEntries.communityId, communityId),
          way === "adjustedBy" ? inArray(financeEntries.adjustsEntryId, part) : inArray(financeEntries.id, part),
        ),
      );
    // Only published references are public: an adjusting entry in an open period is still a draft.
    out.push(...rows.filter((r) => r.status === "published").map(({ status: _, ...r }) => r));
  }
  return out;
}
