import { and, gte, inArray, isNotNull, sql } from "drizzle-orm";
import { cases } from "../../db/schema";
// One rounding (to 0.1) for a percentage wherever the street office meets it, here and on the monitor.
import { pct } from "../../shared/rules/monitor";
import type { DB } from "../db";

/**
 * Figures of the cases raised in the last year, per community, with no personal data and no case
 * text: by kind and month, closed in time, mediation success (agreed out of finished mediations:
 * agreed or refused) and satisfaction. Four grouped queries in one batch, however many communities.
 */
export async function caseStatsFor(db: DB, communityIds: string[]) {
  const since = Date.now() - 365 * 86_400_000;
  const recent = and(inArray(cases.communityId, communityIds), gte(cases.createdAt, since));
  const [byMonth, closed, mediation, rating] = await db.batch([
    db
      .select({
        communityId: cases.communityId,
        month: sql<string>`strftime('%Y-%m', ${cases.createdAt} / 1000 + 8 * 3600, 'unixepoch')`.as("month"),
        kind: cases.kind,
        n: sql<number>`count(*)`,
      })
      .from(cases)
      .where(recent)
      .groupBy(cases.communityId, sql`month`, cases.kind)
      .orderBy(sql`month`),
    db
      .select({
        communityId: cases.communityId,
        n: sql<number>`count(*)`,
        inTime: sql<number>`coalesce(sum(CASE WHEN ${cases.closedInTime} = 1 THEN 1 ELSE 0 END), 0)`,
      })
      .from(cases)
      .where(and(recent, isNotNull(cases.closedAt)))
      .groupBy(cases.communityId),
    db
      .select({ communityId: cases.communityId, mediation: cases.mediation, n: sql<number>`count(*)` })
      .from(cases)
      .where(and(recent, sql`${cases.kind} = 'dispute'`, inArray(cases.mediation, ["agreed", "refused"])))
      .groupBy(cases.communityId, cases.mediation),
    db
      .select({
        communityId: cases.communityId,
        n: sql<number>`count(*)`,
        avg: sql<number | null>`avg(${cases.rating})`,
      })
      .from(cases)
      .where(and(recent, isNotNull(cases.ratedAt)))
      .groupBy(cases.communityId),
  ]);
  return new Map(
    communityIds.map((id) => {
      const c = closed.find((r) => r.communityId === id);
      const m = mediation.filter((r) => r.communityId === id);
      const mediated = m.reduce((sum, r) => sum + Number(r.n), 0);
      const agreed = Number(m.find((r) => r.mediation === "agreed")?.n ?? 0);
      const r = rating.find((x) => x.communityId === id);
      return [
        id,
        {
          byMonth: byMonth
            .filter((x) => x.communityId === id)
            .map(({ communityId: _, ...x }) => ({ ...x, n: Number(x.n) })),
          closed: Number(c?.n ?? 0),
          closedInTimePct: pct(Number(c?.inTime ?? 0), Number(c?.n ?? 0)),
          mediations: mediated,
          mediationSuccessPct: pct(agreed, mediated),
          ratings: Number(r?.n ?? 0),
          averageRating: r?.avg == null ? null : Math.round(Number(r.avg) * 10) / 10,
        },
      ] as const;
    }),
  );
}

export async function caseStats(db: DB, communityId: string) {
  return (await caseStatsFor(db, [communityId])).get(communityId)!;
}
