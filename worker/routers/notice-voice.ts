import { and, desc, eq, isNotNull, isNull, lt } from "drizzle-orm";
import { noticeAcknowledgements, noticeObjections, noticeVersions, notices, residents } from "../../db/schema";
import { newId } from "../../shared/ids";
import { answerDueAt, canObject, isOverdue, ANSWER_DAYS } from "../../shared/rules/objections";
import { id } from "../../shared/schemas/common";
import { objectInput, objectionListInput, respondObjectionInput } from "../../shared/schemas/registry";
import { z } from "zod";
import type { DB } from "../db";
import { DomainError, fail } from "../errors";
import { auditInsert } from "../services/audit";
import { afterCursor, decodeCursor, page } from "../pagination";
import { byCommunityId, byNoticeId, communityProcedure, type CommunityScope, type ScopeResolver } from "../trpc";
import type { SessionUser } from "../auth/session";

/**
 * Residents' voice on notices: 已阅 (acknowledge), 询问/异议 during the publicity period, and the
 * committee's answers (answered within 10 days; overdue ones are flagged).
 */
const idInput = z.object({ id });

async function residentOf(db: DB, scope: CommunityScope, user: SessionUser) {
  if (!user.residentId) throw new DomainError("FORBIDDEN", "resident.notLinked");
  const r = (
    await db
      .select({ id: residents.id, status: residents.status })
      .from(residents)
      .where(and(eq(residents.id, user.residentId), eq(residents.communityId, scope.communityId)))
  )[0];
  if (!r || r.status !== "active") throw new DomainError("FORBIDDEN", "auth.disabled");
  return r.id;
}

async function currentVersion(db: DB, scope: CommunityScope, noticeId: string) {
  const row = (
    await db
      .select({
        status: notices.status,
        version: notices.currentVersion,
        publicityEndsAt: noticeVersions.publicityEndsAt,
      })
      .from(notices)
      .innerJoin(
        noticeVersions,
        and(eq(noticeVersions.noticeId, notices.id), eq(noticeVersions.version, notices.currentVersion)),
      )
      .where(and(eq(notices.id, noticeId), eq(notices.communityId, scope.communityId)))
  )[0];
  if (!row) throw fail.notFound("notFound.notice");
  return row;
}

const byObjectionId: ScopeResolver<{ id: string }> = async (db, input) => {
  const row = (
    await db
      .select({ communityId: noticeObjections.communityId })
      .from(noticeObjections)
      .where(eq(noticeObjections.id, input.id))
  )[0];
  return row ? byCommunityId(db, row) : null;
};

export const noticeVoiceProcedures = {
  /** 已阅: the resident has read the notice (once; repeating it changes nothing). */
  acknowledge: communityProcedure(["resident"], idInput, byNoticeId).mutation(async ({ ctx, input }) => {
    const residentId = await residentOf(ctx.db, ctx.scope, ctx.user);
    const v = await currentVersion(ctx.db, ctx.scope, input.id);
    if (v.status !== "published" && v.status !== "withdrawn") throw fail.bad("notice.notPublishedForResident");
    await ctx.db
      .insert(noticeAcknowledgements)
      .values({
        id: newId(),
        communityId: ctx.scope.communityId,
        noticeId: input.id,
        residentId,
        version: v.version,
        at: Date.now(),
      })
      .onConflictDoNothing();
    return { acknowledged: true };
  }),

  /** A query or objection, accepted while the notice's publicity period runs. */
  object: communityProcedure(["resident"], objectInput, byNoticeId).mutation(async ({ ctx, input }) => {
    const residentId = await residentOf(ctx.db, ctx.scope, ctx.user);
    const v = await currentVersion(ctx.db, ctx.scope, input.id);
    const now = Date.now();
    if (!canObject(v.publicityEndsAt, v.status, now)) throw fail.bad("notice.notOpenForObjection", "text");
    const row = {
      id: newId(now),
      communityId: ctx.scope.communityId,
      noticeId: input.id,
      version: v.version,
      residentId,
      kind: input.kind,
      body: input.text,
      createdAt: now,
    };
    await ctx.db.insert(noticeObjections).values(row);
    return { id: row.id, answerDueAt: answerDueAt(now) };
  }),

  /** The logged-in resident's own standing on a notice: read it? their queries and answers. */
  myStatus: communityProcedure(["resident"], idInput, byNoticeId).query(async ({ ctx, input }) => {
    const residentId = await residentOf(ctx.db, ctx.scope, ctx.user);
    const [ack, mine] = await ctx.db.batch([
      ctx.db
        .select({ at: noticeAcknowledgements.at })
        .from(noticeAcknowledgements)
        .where(and(eq(noticeAcknowledgements.noticeId, input.id), eq(noticeAcknowledgements.residentId, residentId))),
      ctx.db
        .select({
          id: noticeObjections.id,
          kind: noticeObjections.kind,
          text: noticeObjections.body,
          createdAt: noticeObjections.createdAt,
          answer: noticeObjections.answer,
          answeredAt: noticeObjections.answeredAt,
          published: noticeObjections.published,
        })
        .from(noticeObjections)
        .where(and(eq(noticeObjections.noticeId, input.id), eq(noticeObjections.residentId, residentId)))
        .orderBy(desc(noticeObjections.createdAt)),
    ]);
    return { acknowledgedAt: ack[0]?.at ?? null, objections: mine };
  }),

  /** Staff: queries and objections of the community; `overdue` = unanswered after 10 days. */
  objections: communityProcedure(
    ["community_admin", "community_staff", "supervisor", "street_admin", "street_viewer"],
    objectionListInput,
    byCommunityId,
  ).query(async ({ ctx, input }) => {
    const limit = input.limit ?? 30;
    const now = Date.now();
    const rows = await ctx.db
      .select({
        id: noticeObjections.id,
        noticeId: noticeObjections.noticeId,
        noticeTitle: notices.title,
        version: noticeObjections.version,
        kind: noticeObjections.kind,
        text: noticeObjections.body,
        residentName: residents.name,
        createdAt: noticeObjections.createdAt,
        answer: noticeObjections.answer,
        answeredAt: noticeObjections.answeredAt,
        published: noticeObjections.published,
      })
      .from(noticeObjections)
      .innerJoin(notices, eq(notices.id, noticeObjections.noticeId))
      .innerJoin(residents, eq(residents.id, noticeObjections.residentId))
      .where(
        and(
          eq(noticeObjections.communityId, ctx.scope.communityId),
          input.status === "answered" ? isNotNull(noticeObjections.answeredAt) : undefined,
          input.status === "open" || input.status === "overdue" ? isNull(noticeObjections.answeredAt) : undefined,
          input.status === "overdue" ? lt(noticeObjections.createdAt, now - ANSWER_DAYS * 86_400_000) : undefined,
          afterCursor(noticeObjections.createdAt, noticeObjections.id, decodeCursor(input.cursor)),
        ),
      )
      .orderBy(desc(noticeObjections.createdAt), desc(noticeObjections.id))
      .limit(limit + 1);
    const result = page(rows, limit, (r) => ({ t: r.createdAt, id: r.id }));
    return {
      ...result,
      items: result.items.map((r) => ({ ...r, overdue: isOverdue(r, now), answerDueAt: answerDueAt(r.createdAt) })),
    };
  }),

  /** Staff answer once; `publish` shows the question and answer with the notice (the asker unnamed). */
  respondObjection: communityProcedure(
    ["community_admin", "community_staff"],
    respondObjectionInput,
    byObjectionId,
  ).mutation(async ({ ctx, input }) => {
    const q = (await ctx.db.select().from(noticeObjections).where(eq(noticeObjections.id, input.id)))[0];
    if (q.answeredAt) throw fail.bad("objection.answered");
    const now = Date.now();
    await ctx.db.batch([
      ctx.db
        .update(noticeObjections)
        .set({ answer: input.answer, answeredAt: now, answeredBy: ctx.user.id, published: input.publish })
        .where(and(eq(noticeObjections.id, q.id), isNull(noticeObjections.answeredAt))),
      auditInsert(ctx.db, {
        streetId: ctx.scope.streetId,
        communityId: ctx.scope.communityId,
        actor: ctx.user,
        action: "objection.answer",
        entity: "objection",
        entityId: q.id,
        after: { answer: input.answer, publish: input.publish },
        at: now,
      }),
    ]);
    return { ok: true };
  }),
};
