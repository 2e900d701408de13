import { and, eq, isNotNull } from "drizzle-orm";
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
 * The published notice or finance period a complaint names, or null when it names none. Not
 * published, or another community's, reads as not there: one answer for both, so a filer cannot
 * probe another community's drafts.
 */
export async function caseSubject(db: DB, ref: Ref): Promise<CaseSubject | null> {
  if (ref.noticeId) {
    const n = (
      await db
        .select({ id: notices.id, title: noticeVersions.title, community: communities.slug, street: streets.slug })
        .from(notices)
        .innerJoin(communities, eq(communities.id, notices.communityId))
        .innerJoin(streets, eq(streets.id, communities.streetId))
        .innerJoin(
          noticeVersions,
          and(eq(noticeVersions.noticeId, notices.id), eq(noticeVersions.version, notices.currentVersion)),
        )
        .where(
          and(
            eq(notices.id, ref.noticeId),
            eq(notices.communityId, ref.communityId),
            isNotNull(notices.lastPublishedAt),
          ),
        )
    )[0];
    return n ? { kind: "notice", id: n.id, title: n.title, path: noticePath(n.street, n.community, n.id) } : null;
  }
  if (ref.periodId) {
    const p = (
      await db
        .select({
          id: financePeriods.id,
          period: financePeriods.period,
          community: communities.slug,
          street: streets.slug,
        })
        .from(financePeriods)
        .innerJoin(communities, eq(communities.id, financePeriods.communityId))
        .innerJoin(streets, eq(streets.id, communities.streetId))
        .where(
          and(
            eq(financePeriods.id, ref.periodId),
            eq(financePeriods.communityId, ref.communityId),
            eq(financePeriods.status, "published"),
          ),
        )
    )[0];
    return p
      ? { kind: "period", id: p.id, period: p.period, path: financePath(p.street, p.community, p.period) }
      : null;
  }
  return null;
}

/** The subject a new complaint names, refused with the field when it is not a public record here. */
export async function requireCaseSubject(db: DB, ref: Ref): Promise<CaseSubject | null> {
  const s = await caseSubject(db, ref);
  if (ref.noticeId && !s) throw fail.bad("case.noSuchNotice", "noticeId");
  if (ref.periodId && !s) throw fail.bad("case.noSuchPeriod", "periodId");
  return s;
}
