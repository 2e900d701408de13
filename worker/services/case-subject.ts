import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { communities, financePeriods, noticeVersions, notices, streets } from "../../db/schema";
import { financePath, noticePath } from "../../shared/public-paths";
import type { DB } from "../db";
import { fail } from "../errors";

/** What a complaint about disclosure disputes, as the public saw it: a notice or a finance period. */
export type CaseSubject =
  | { kind: "notice"; id: string; title: string; path: string }
  | { kind: "period"; id: string; period: string; path: string };

type Ref = { communityId: string; noticeId: string | null; periodId: string | null };

/**
 * The published notice or finance period each complaint names (null: none), in one batch of two
 * queries however many cases. Not published, or another community's, reads as not there: one
 * answer for both, so a filer cannot probe another community's drafts.
 */
export async function caseSubjects(db: DB, refs: Ref[]): Promise<(CaseSubject | null)[]> {
  const noticeIds = [...new Set(refs.flatMap((r) => (r.noticeId ? [r.noticeId] : [])))];
  const periodIds = [...new Set(refs.flatMap((r) => (r.periodId ? [r.periodId] : [])))];
  if (!noticeIds.length && !periodIds.length) return refs.map(() => null);
  const [noticeRows, periodRows] = await db.batch([
    db
      .select({
        id: notices.id,
        communityId: notices.communityId,
        title: noticeVersions.title,
        // A D1 batch maps columns by name: the two slugs need their own.
        community: sql<string>`${communities.slug}`.as("community_slug"),
        street: sql<string>`${streets.slug}`.as("street_slug"),
      })
      .from(notices)
      .innerJoin(communities, eq(communities.id, notices.communityId))
      .innerJoin(streets, eq(streets.id, communities.streetId))
      .innerJoin(
        noticeVersions,
        and(eq(noticeVersions.noticeId, notices.id), eq(noticeVersions.version, notices.currentVersion)),
      )
      .where(and(inArray(notices.id, noticeIds), isNotNull(notices.lastPublishedAt))),
    db
      .select({
        id: financePeriods.id,
        communityId: financePeriods.communityId,
        period: financePeriods.period,
        // A D1 batch maps columns by name: the two slugs need their own.
        community: sql<string>`${communities.slug}`.as("community_slug"),
        street: sql<string>`${streets.slug}`.as("street_slug"),
      })
      .from(financePeriods)
      .innerJoin(communities, eq(communities.id, financePeriods.communityId))
      .innerJoin(streets, eq(streets.id, communities.streetId))
      .where(and(inArray(financePeriods.id, periodIds), eq(financePeriods.status, "published"))),
  ]);
  return refs.map((r): CaseSubject | null => {
    const n = r.noticeId ? noticeRows.find((x) => x.id === r.noticeId && x.communityId === r.communityId) : undefined;
    if (n) return { kind: "notice", id: n.id, title: n.title, path: noticePath(n.street, n.community, n.id) };
    const p = r.periodId ? periodRows.find((x) => x.id === r.periodId && x.communityId === r.communityId) : undefined;
    if (p) return { kind: "period", id: p.id, period: p.period, path: financePath(p.street, p.community, p.period) };
    return null;
  });
}

export async function caseSubject(db: DB, ref: Ref): Promise<CaseSubject | null> {
  return (await caseSubjects(db, [ref]))[0];
}

/** The subject a new complaint names, refused with the field when it is not a public record here. */
export async function requireCaseSubject(db: DB, ref: Ref): Promise<CaseSubject | null> {
  const s = await caseSubject(db, ref);
  if (ref.noticeId && !s) throw fail.bad("case.noSuchNotice", "noticeId");
  if (ref.periodId && !s) throw fail.bad("case.noSuchPeriod", "periodId");
  return s;
}
