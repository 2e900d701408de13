import { and, desc, eq, gte, inArray, isNotNull, ne, sql } from "drizzle-orm";
import {
  assessmentAdjustments,
  assessmentPlans,
  cases,
  meetings,
  monitorAlertAcks,
  noticeObjections,
  notices,
  polls,
  streets,
} from "../../db/schema";
import { ANSWER_DAYS } from "../../shared/rules/objections";
import { DAY_MS, MAX_ADJUSTMENT, MIN_ADJUSTMENT_REASON, weightsProblem, yearRange } from "../../shared/rules/monitor";
import { monthsBefore } from "../../shared/rules/meetings";
import {
  alertAckInput,
  assessmentAdjustInput,
  assessmentWeightsInput,
  assessmentYearInput,
  monitorCommunityInput,
  publicAssessmentInput,
} from "../../shared/schemas/monitor";
import { dbFor, isUniqueViolation, runBatch } from "../db";
import { fail } from "../errors";
import { streetAlerts } from "../services/alerts";
import { computeAssessment, planFor, publishedAssessment, publishStatements } from "../services/assessment";
import { auditInsert } from "../services/audit";
import { monthlyTrend, overview } from "../services/monitor";
import { obligationsFor, snapshotStreet } from "../services/monitor-days";
import { alreadyLogged, withChainRetry } from "../services/transparency";
import { byCommunityId, communityProcedure, publicProcedure, router, streetProcedure, STREET_ROLES } from "../trpc";
import type { MessageKey } from "../../shared/i18n/errors";

const OPEN_CASE = ["accept", "handle", "verify"] as const;

async function assertDraft(db: Parameters<typeof planFor>[0], streetId: string, year: number) {
  const plan = await planFor(db, streetId, year);
  if (plan.status === "published") throw fail.conflict("monitor.published");
  return plan;
}

export const monitorRouter = router({
  /**
   * Every community of the street side by side: the last 365 days' rates from the nightly
   * snapshots plus today live, and what is overdue or open now.
   */
  overview: streetProcedure(STREET_ROLES).query(({ ctx }) => overview(ctx.db, { streetId: ctx.streetId })),

  /** One community: its indicators, the monthly trend, and the records behind each number. */
  community: communityProcedure(STREET_ROLES, monitorCommunityInput, byCommunityId).query(async ({ ctx }) => {
    const s = { streetId: ctx.scope.streetId, communityId: ctx.scope.communityId };
    const now = Date.now();
    const yearAgo = now - 365 * DAY_MS;
    // Catch the snapshots up once, before the summary and the trend (each would, side by side).
    await snapshotStreet(ctx.db, s.streetId, now);
    const [summary, trend, disclosures, lists] = await Promise.all([
      overview(ctx.db, s, now),
      monthlyTrend(ctx.db, s, now),
      obligationsFor(ctx.db, s, yearAgo, now),
      ctx.db.batch([
        ctx.db
          .select({
            id: noticeObjections.id,
            noticeId: noticeObjections.noticeId,
            noticeTitle: notices.title,
            kind: noticeObjections.kind,
            createdAt: noticeObjections.createdAt,
          })
          .from(noticeObjections)
          .innerJoin(notices, eq(notices.id, noticeObjections.noticeId))
          .where(
            and(
              eq(noticeObjections.communityId, s.communityId),
              sql`"notice_objections"."answered_at" IS NULL`,
              sql`"notice_objections"."created_at" < ${now - ANSWER_DAYS * DAY_MS}`,
            ),
          )
          .orderBy(noticeObjections.createdAt)
          .limit(100),
        ctx.db
          .select({
            id: cases.id,
            kind: cases.kind,
            category: cases.category,
            status: cases.status,
            description: sql<string>`substr(${cases.description}, 1, 80)`.as("description"),
            stageDueAt: cases.stageDueAt,
            escalatedAt: cases.escalatedAt,
            createdAt: cases.createdAt,
          })
          .from(cases)
          .where(
            and(
              eq(cases.communityId, s.communityId),
              inArray(cases.status, OPEN_CASE),
              sql`("stage_due_at" < ${now} OR "escalated_at" IS NOT NULL)`,
            ),
          )
          .orderBy(cases.stageDueAt)
          .limit(200),
        ctx.db
          .select({
            id: meetings.id,
            title: meetings.title,
            kind: meetings.kind,
            startsAt: meetings.startsAt,
            quorumNeeded: meetings.quorumNeeded,
            present: meetings.presentAtClose,
          })
          .from(meetings)
          .where(
            and(
              eq(meetings.communityId, s.communityId),
              eq(meetings.status, "closed"),
              gte(meetings.startsAt, monthsBefore(now, 12)),
            ),
          )
          .orderBy(desc(meetings.startsAt)),
        ctx.db
          .select({
            id: polls.id,
            title: polls.title,
            closedAt: polls.closedAt,
            eligible: polls.eligibleCount,
            cast: sql<number | null>`json_extract("result", '$.cast')`.as("cast"),
          })
          .from(polls)
          .where(
            and(
              eq(polls.communityId, s.communityId),
              eq(polls.status, "closed"),
              eq(polls.kind, "vote"),
              gte(polls.closedAt, yearAgo),
            ),
          )
          .orderBy(desc(polls.closedAt)),
        ctx.db
          .select({
            id: cases.id,
            kind: cases.kind,
            category: cases.category,
            closedAt: cases.closedAt,
            lateAt: cases.lateAt,
            rating: cases.rating,
          })
          .from(cases)
          .where(
            and(
              eq(cases.communityId, s.communityId),
              gte(cases.closedAt, yearAgo),
              ne(cases.closedInTime, true),
              isNotNull(cases.closedAt),
            ),
          )
          .orderBy(desc(cases.closedAt))
          .limit(100),
      ]),
    ]);
    const [queries, flagged, held, votes, lateCases] = lists;
    return {
      community: { ...summary.rows[0], streetSlug: ctx.scope.streetSlug },
      snapshotThrough: summary.snapshotThrough,
      trend,
      disclosures,
      queries,
      flagged,
      meetings: held,
      votes,
      lateCases,
    };
  }),

  /** What needs the street office's action now, with who acknowledged what. */
  alerts: streetProcedure(STREET_ROLES).query(({ ctx }) => streetAlerts(ctx.db, ctx.streetId)),

  /** A street admin acknowledges an alert (audited); viewers only read. */
  acknowledge: streetProcedure(["street_admin"])
    .input(alertAckInput)
    .mutation(async ({ ctx, input }) => {
      const alert = (await streetAlerts(ctx.db, ctx.streetId)).find((a) => a.key === input.key);
      if (!alert) throw fail.bad("monitor.alertGone", "key");
      if (alert.ack) throw fail.conflict("monitor.alreadyAcknowledged");
      const now = Date.now();
      try {
        await ctx.db.batch([
          ctx.db.insert(monitorAlertAcks).values({
            streetId: ctx.streetId,
            alertKey: input.key,
            communityId: alert.communityId,
            note: input.note,
            userId: ctx.user.id,
            userName: ctx.user.displayName,
            at: now,
          }),
          auditInsert(ctx.db, {
            streetId: ctx.streetId,
            communityId: alert.communityId,
            actor: ctx.user,
            action: "monitor.acknowledge",
            entity: "alert",
            entityId: input.key,
            after: { kind: alert.kind, detail: alert.detail, note: input.note },
            at: now,
          }),
        ]);
      } catch (e) {
        if (isUniqueViolation(e)) throw fail.conflict("monitor.alreadyAcknowledged");
        throw e;
      }
      return { ok: true };
    }),

  assessment: router({
    /** The year's plan and each community's score with every input beside it (frozen once published). */
    get: streetProcedure(STREET_ROLES)
      .input(assessmentYearInput)
      .query(async ({ ctx, input }) => {
        const plan = await planFor(ctx.db, ctx.streetId, input.year);
        const { to } = yearRange(input.year);
        const base = {
          year: input.year,
          weights: plan.weights,
          status: plan.status,
          publishedAt: plan.publishedAt,
          yearOver: Date.now() >= to,
          maxAdjustment: MAX_ADJUSTMENT,
        };
        const street = (
          await ctx.db.select({ slug: streets.slug }).from(streets).where(eq(streets.id, ctx.streetId))
        )[0];
        if (plan.status === "published") {
          const published = await publishedAssessment(ctx.db, ctx.streetId, input.year);
          return { ...base, streetSlug: street.slug, rows: null, published: published.rows };
        }
        const rows = await computeAssessment(ctx.db, ctx.streetId, input.year, plan.weights);
        return { ...base, streetSlug: street.slug, rows, published: null };
      }),

    /** The street admin sets the year's weights: satisfaction the largest, adding up to 100 (audited). */
    setWeights: streetProcedure(["street_admin"])
      .input(assessmentWeightsInput)
      .mutation(async ({ ctx, input }) => {
        const problem = weightsProblem(input.weights);
        if (problem) throw fail.bad(problem.rule as MessageKey, problem.field);
        const plan = await assertDraft(ctx.db, ctx.streetId, input.year);
        const now = Date.now();
        await ctx.db.batch([
          ctx.db
            .insert(assessmentPlans)
            .values({
              streetId: ctx.streetId,
              year: input.year,
              weights: input.weights,
              status: "draft",
              updatedAt: now,
            })
            .onConflictDoUpdate({
              target: [assessmentPlans.streetId, assessmentPlans.year],
              set: { weights: input.weights, updatedAt: now },
              setWhere: eq(assessmentPlans.status, "draft"),
            }),
          auditInsert(ctx.db, {
            streetId: ctx.streetId,
            communityId: null,
            actor: ctx.user,
            action: "assessment.setWeights",
            entity: "assessment",
            entityId: String(input.year),
            before: plan.weights,
            after: input.weights,
            at: now,
          }),
        ]);
        return { ok: true };
      }),

    /** A manual adjustment of one community's score, only with a reason (audited); 0 removes it. */
    adjust: communityProcedure(["street_admin"], assessmentAdjustInput, byCommunityId).mutation(
      async ({ ctx, input }) => {
        if (input.points !== 0 && input.adjustmentReason.length < MIN_ADJUSTMENT_REASON)
          throw fail.bad("monitor.reasonRequired", "adjustmentReason");
        const { streetId, communityId } = ctx.scope;
        await assertDraft(ctx.db, streetId, input.year);
        const key = and(
          eq(assessmentAdjustments.streetId, streetId),
          eq(assessmentAdjustments.year, input.year),
          eq(assessmentAdjustments.communityId, communityId),
        );
        const before = (await ctx.db.select().from(assessmentAdjustments).where(key))[0] ?? null;
        const now = Date.now();
        const audit = auditInsert(ctx.db, {
          streetId: streetId,
          communityId: communityId,
          actor: ctx.user,
          action: "assessment.adjust",
          entity: "assessment",
          entityId: `${input.year}:${communityId}`,
          before: before && { points: before.points, reason: before.reason },
          after: input.points === 0 ? null : { points: input.points, reason: input.adjustmentReason },
          at: now,
        });
        const row = {
          streetId: streetId,
          year: input.year,
          communityId: communityId,
          points: input.points,
          reason: input.adjustmentReason,
          userName: ctx.user.displayName,
          at: now,
        };
        await ctx.db.batch([
          input.points === 0
            ? ctx.db.delete(assessmentAdjustments).where(key)
            : ctx.db
                .insert(assessmentAdjustments)
                .values(row)
                .onConflictDoUpdate({
                  target: [
                    assessmentAdjustments.streetId,
                    assessmentAdjustments.year,
                    assessmentAdjustments.communityId,
                  ],
                  set: { points: row.points, reason: row.reason, userName: row.userName, at: now },
                }),
          audit,
        ]);
        return { ok: true };
      },
    ),

    /**
     * Publish a finished year's results: fixed, hashed into each community's transparency log and
     * shown on the street's public page. Irreversible.
     */
    publish: streetProcedure(["street_admin"])
      .input(assessmentYearInput)
      .mutation(async ({ ctx, input }) => {
        const now = Date.now();
        if (now < yearRange(input.year).to) throw fail.bad("monitor.yearNotOver", "year");
        const plan = await assertDraft(ctx.db, ctx.streetId, input.year);
        try {
          const count = await withChainRetry(async () => {
            const { statements, count } = await publishStatements(ctx.db, ctx.streetId, input.year, plan.weights, now);
            await runBatch(ctx.db, [
              ctx.db
                .insert(assessmentPlans)
                .values({
                  streetId: ctx.streetId,
                  year: input.year,
                  weights: plan.weights,
                  status: "published",
                  publishedAt: now,
                  publishedBy: ctx.user.id,
                  updatedAt: now,
                })
                .onConflictDoUpdate({
                  target: [assessmentPlans.streetId, assessmentPlans.year],
                  set: { status: "published", publishedAt: now, publishedBy: ctx.user.id, updatedAt: now },
                }),
              ...statements,
              auditInsert(ctx.db, {
                streetId: ctx.streetId,
                communityId: null,
                actor: ctx.user,
                action: "assessment.publish",
                entity: "assessment",
                entityId: String(input.year),
                after: { weights: plan.weights, communities: count },
                at: now,
              }),
            ]);
            return count;
          });
          return { ok: true, communities: count };
        } catch (e) {
          // A second publisher's batch fails whole on the result rows or the log.
          if (alreadyLogged(e) || isUniqueViolation(e, "assessment_results.street_id"))
            throw fail.conflict("monitor.published");
          throw e;
        }
      }),
  }),

  /** Public: a street office's published assessment results with their inputs. */
  publicAssessment: publicProcedure.input(publicAssessmentInput).query(async ({ ctx, input }) => {
    const db = dbFor(ctx.env, null);
    const street = (
      await db
        .select({ id: streets.id, slug: streets.slug, name: streets.name, nameEn: streets.nameEn })
        .from(streets)
        .where(eq(streets.slug, input.street))
    )[0];
    if (!street) throw fail.notFound();
    const result = await publishedAssessment(dbFor(ctx.env, street.id), street.id, input.year);
    return { street: { slug: street.slug, name: street.name, nameEn: street.nameEn }, ...result };
  }),
});
