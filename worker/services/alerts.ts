import { and, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { cases, monitorAlertAcks, noticeObjections, petitions } from "../../db/schema";
import { ANSWER_DAYS } from "../../shared/rules/objections";
import { DAY_MS } from "../../shared/rules/monitor";
import { heldInTime, monthsBefore } from "../../shared/rules/meetings";
import type { DB } from "../db";
import { inScope } from "./monitor-days";
import { levelsNow } from "./monitor";
import { caseSubjects } from "./case-subject";

export const ALERT_KINDS = [
  "disclosure_disputed", // overdue disclosure that residents complained about or queried (U35, V36)
  "disclosure_complaint", // an open complaint about disclosure, with the notice or period it disputes
  "queries_overdue", // resident queries unanswered after 10 days
  "case_escalated", // 大事不出街道: the street office must act
  "petition_reached", // residents' demand for a meeting reached its threshold
  "meeting_missed", // a required meeting was not held in time
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type Alert = {
  key: string;
  kind: AlertKind;
  communityId: string;
  communitySlug: string;
  communityName: string;
  /** Since when the matter needs action. */
  since: number;
  detail: Record<string, string | number | null>;
  ack: { userName: string; at: number; note: string } | null;
};

/**
 * What needs the street office's action now, across its communities, each with a stable key so an
 * acknowledgement sticks to the matter (a new overdue period or a new escalation is a new alert).
 */
export async function streetAlerts(db: DB, streetId: string, now = Date.now()): Promise<Alert[]> {
  const s = { streetId };
  const open = ["accept", "handle", "verify"] as const;
  const [levels, [escalated, reached, complaints, queries, acks]] = await Promise.all([
    levelsNow(db, s, now),
    db.batch([
      db
        .select({
          id: cases.id,
          communityId: cases.communityId,
          kind: cases.kind,
          category: cases.category,
          description: cases.description,
          escalatedAt: cases.escalatedAt,
        })
        .from(cases)
        .where(and(inScope(cases.communityId, s), inArray(cases.status, open), isNotNull(cases.escalatedAt))),
      db
        .select({
          id: petitions.id,
          communityId: petitions.communityId,
          title: petitions.title,
          reachedAt: petitions.reachedAt,
        })
        .from(petitions)
        .where(and(inScope(petitions.communityId, s), eq(petitions.status, "reached"))),
      db
        .select({
          id: cases.id,
          communityId: cases.communityId,
          description: cases.description,
          createdAt: cases.createdAt,
          escalatedAt: cases.escalatedAt,
          noticeId: cases.noticeId,
          periodId: cases.periodId,
        })
        .from(cases)
        .where(
          and(
            inScope(cases.communityId, s),
            inArray(cases.status, open),
            eq(cases.kind, "complaint"),
            eq(cases.category, "disclosure"),
          ),
        ),
      db
        .select({
          communityId: noticeObjections.communityId,
          n: sql<number>`count(*)`,
          oldest: sql<number>`min("created_at")`,
        })
        .from(noticeObjections)
        .where(
          and(
            inScope(noticeObjections.communityId, s),
            sql`"answered_at" IS NULL`,
            lt(noticeObjections.createdAt, now - ANSWER_DAYS * DAY_MS),
          ),
        )
        .groupBy(noticeObjections.communityId),
      db.select().from(monitorAlertAcks).where(eq(monitorAlertAcks.streetId, streetId)),
    ]),
  ]);
  const subjects = await caseSubjects(db, complaints);
  const byId = new Map(levels.map((l) => [l.id, l]));
  const where = (communityId: string) => {
    const c = byId.get(communityId)!;
    return { communityId, communitySlug: c.slug, communityName: c.name };
  };
  const out: Omit<Alert, "ack">[] = [];
  for (const l of levels) {
    // A complaint that names a published record disputes it; one that names none is about what is missing.
    const complained = complaints.filter((c) => c.communityId === l.id && !c.noticeId && !c.periodId).length;
    const queried = Number(queries.find((q) => q.communityId === l.id)?.n ?? 0);
    if (complained + queried > 0)
      for (const o of l.overdue)
        out.push({
          key: `disclosure:${l.id}:${o.kind}:${o.period}`,
          kind: "disclosure_disputed",
          ...where(l.id),
          since: Date.parse(`${o.dueOn}T23:59:59+08:00`),
          detail: {
            disclosure: o.kind,
            period: o.period,
            daysLate: o.daysLate,
            complaints: complained,
            queries: queried,
          },
        });
    for (const r of l.required) {
      if (heldInTime(r.lastHeldAt, r.everyMonths, now) || r.due === 0) continue;
      out.push({
        key: `meeting:${l.id}:${r.kind}:${r.lastHeldAt ?? "never"}`,
        kind: "meeting_missed",
        ...where(l.id),
        // Overdue since the interval after the last meeting (or after the community began) ran out.
        since: monthsBefore(r.lastHeldAt ?? l.activeSince, -r.everyMonths),
        detail: { meetingKind: r.kind, everyMonths: r.everyMonths, lastHeldAt: r.lastHeldAt },
      });
    }
  }
  for (const q of queries)
    out.push({
      key: `queries:${q.communityId}:${q.oldest}`,
      kind: "queries_overdue",
      ...where(q.communityId),
      since: Number(q.oldest) + ANSWER_DAYS * DAY_MS,
      detail: { count: Number(q.n) },
    });
  // An escalated one is already on the list as an escalated case.
  complaints.forEach((c, i) => {
    if (c.escalatedAt) return;
    const subject = subjects[i];
    out.push({
      key: `complaint:${c.id}`,
      kind: "disclosure_complaint",
      ...where(c.communityId),
      since: c.createdAt,
      detail: {
        caseId: c.id,
        subject: subject?.kind ?? null,
        noticeId: subject?.kind === "notice" ? subject.id : null,
        title: subject?.kind === "notice" ? subject.title : null,
        period: subject?.kind === "period" ? subject.period : null,
        description: c.description.slice(0, 80),
      },
    });
  });
  for (const c of escalated)
    out.push({
      key: `case:${c.id}`,
      kind: "case_escalated",
      ...where(c.communityId),
      since: c.escalatedAt!,
      detail: { caseId: c.id, caseKind: c.kind, category: c.category, description: c.description.slice(0, 80) },
    });
  for (const p of reached)
    out.push({
      key: `petition:${p.id}`,
      kind: "petition_reached",
      ...where(p.communityId),
      since: p.reachedAt ?? now,
      detail: { petitionId: p.id, title: p.title },
    });
  const ackOf = new Map(acks.map((a) => [a.alertKey, a]));
  return out
    .map((a) => {
      const ack = ackOf.get(a.key);
      return { ...a, ack: ack ? { userName: ack.userName, at: ack.at, note: ack.note } : null };
    })
    .sort((a, b) => a.since - b.since);
}
