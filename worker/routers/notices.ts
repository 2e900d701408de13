import { and, asc, desc, eq } from "drizzle-orm";
import { attachments, noticeVersions, notices } from "../../db/schema";
import { newId } from "../../shared/ids";
import { canWithdraw } from "../../shared/rules/notices";
import { contentHash, noticeWithdrawalContent } from "../../shared/rules/transparency";
import {
  attachmentRemoveInput,
  noticeCorrectInput,
  noticeCreateInput,
  noticeDraftsInput,
  noticeGetInput,
  noticeIdInput,
  noticeListInput,
  noticePublishInput,
  noticeUpdateInput,
  noticeWithdrawInput,
} from "../../shared/schemas/notices";
import { dbFor, type DB } from "../db";
import { fail } from "../errors";
import { afterCursor, decodeCursor, page } from "../pagination";
import { auditInsert } from "../services/audit";
import { communityBySlugs } from "../services/community";
import { getPublished, listPublished } from "../services/notice-views";
import { pendingAttachmentIds, publishVersion } from "../services/notices";
import { logEntryInsert, withChainRetry } from "../services/transparency";
import {
  byCommunityId,
  byNoticeId,
  communityProcedure,
  publicProcedure,
  router,
  type CommunityScope,
  type ScopeResolver,
} from "../trpc";
import { z } from "zod";
import { COMMUNITY_READERS, COMMUNITY_WRITERS } from "../roles";
import { noticeVoiceProcedures } from "./notice-voice";

/** Who drafts, who publishes, who may read drafts (DESIGN.md roles). */
const WRITERS = COMMUNITY_WRITERS;
const PUBLISHERS = ["community_admin"] as const;
const DRAFT_READERS = COMMUNITY_READERS;

async function loadNotice(db: DB, scope: CommunityScope, id: string) {
  const row = (
    await db
      .select()
      .from(notices)
      .where(and(eq(notices.communityId, scope.communityId), eq(notices.id, id)))
      .limit(1)
  )[0];
  if (!row) throw fail.notFound("notFound.notice");
  return row;
}

/** The community that owns an attachment (of a notice, an agenda item or a decision update). */
const byAttachmentId: ScopeResolver<{ id: string }> = async (db, input) => {
  const row = (
    await db
      .select({ communityId: attachments.communityId })
      .from(attachments)
      .where(eq(attachments.id, input.id))
      .limit(1)
  )[0];
  return row ? byCommunityId(db, row) : null;
};

export const noticesRouter = router({
  ...noticeVoiceProcedures,
  /** Public: published and withdrawn notices of a community, newest first. */
  list: publicProcedure.input(noticeListInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    return listPublished(dbFor(ctx.env, scope.streetId), scope, input);
  }),

  /** Public: one notice with its version history; `version` picks an older version to show. */
  get: publicProcedure
    .input(noticeGetInput.extend({ version: z.number().int().positive().optional() }))
    .query(async ({ ctx, input }) => {
      const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
      return getPublished(dbFor(ctx.env, scope.streetId), scope, input.id, input.version);
    }),

  /** Staff: every notice of the community, drafts included, most recently changed first. */
  drafts: communityProcedure(DRAFT_READERS, noticeDraftsInput, byCommunityId).query(async ({ ctx, input }) => {
    const limit = input.limit ?? 20;
    const rows = await ctx.db
      .select({
        id: notices.id,
        category: notices.category,
        title: notices.title,
        status: notices.status,
        pinned: notices.pinned,
        version: notices.currentVersion,
        scheduledAt: notices.scheduledAt,
        lastPublishedAt: notices.lastPublishedAt,
        updatedAt: notices.updatedAt,
      })
      .from(notices)
      .where(
        and(
          eq(notices.communityId, ctx.scope.communityId),
          input.status ? eq(notices.status, input.status) : undefined,
          afterCursor(notices.updatedAt, notices.id, decodeCursor(input.cursor)),
        ),
      )
      .orderBy(desc(notices.updatedAt), desc(notices.id))
      .limit(limit + 1);
    return page(rows, limit, (r) => ({ t: r.updatedAt, id: r.id }));
  }),

  /** Staff: the working copy of one notice with its files and versions. */
  edit: communityProcedure(DRAFT_READERS, noticeIdInput, byNoticeId).query(async ({ ctx, input }) => {
    const [rows, files, versions] = await ctx.db.batch([
      ctx.db
        .select()
        .from(notices)
        .where(and(eq(notices.communityId, ctx.scope.communityId), eq(notices.id, input.id))),
      ctx.db
        .select({
          id: attachments.id,
          name: attachments.name,
          contentType: attachments.contentType,
          size: attachments.size,
          sha256: attachments.sha256,
          publishedAt: attachments.publishedAt,
        })
        .from(attachments)
        .where(and(eq(attachments.communityId, ctx.scope.communityId), eq(attachments.noticeId, input.id)))
        .orderBy(asc(attachments.createdAt)),
      ctx.db
        .select({
          version: noticeVersions.version,
          title: noticeVersions.title,
          changeNote: noticeVersions.changeNote,
          publishedAt: noticeVersions.publishedAt,
          contentHash: noticeVersions.contentHash,
          attachmentIds: noticeVersions.attachments,
        })
        .from(noticeVersions)
        .where(and(eq(noticeVersions.communityId, ctx.scope.communityId), eq(noticeVersions.noticeId, input.id)))
        .orderBy(asc(noticeVersions.version)),
    ]);
    const notice = rows[0];
    if (!notice) throw fail.notFound("notFound.notice");
    return {
      notice,
      attachments: files,
      versions: versions.map(({ attachmentIds, ...v }) => ({ ...v, attachmentIds: attachmentIds.map((a) => a.id) })),
      community: { street: ctx.scope.streetSlug, community: ctx.scope.communitySlug, kind: ctx.scope.kind },
    };
  }),

  create: communityProcedure(WRITERS, noticeCreateInput, byCommunityId).mutation(async ({ ctx, input }) => {
    const now = Date.now();
    const row = {
      id: newId(now),
      communityId: ctx.scope.communityId,
      category: input.category,
      status: "draft" as const,
      title: input.title,
      bodyMd: input.bodyMd,
      pinned: input.pinned ?? false,
      publicityDays: input.publicityDays ?? 15,
      createdBy: ctx.user.id,
      createdAt: now,
      updatedAt: now,
    };
    await ctx.db.batch([
      ctx.db.insert(notices).values(row),
      auditInsert(ctx.db, {
        streetId: ctx.scope.streetId,
        communityId: ctx.scope.communityId,
        actor: ctx.user,
        action: "notice.create",
        entity: "notice",
        entityId: row.id,
        after: { title: row.title, category: row.category, status: row.status },
        at: now,
      }),
    ]);
    return { id: row.id };
  }),

  /** Edit the working copy before publication. Editing a submitted or scheduled notice sends it back to draft. */
  update: communityProcedure(WRITERS, noticeUpdateInput, byNoticeId).mutation(async ({ ctx, input }) => {
    const notice = await loadNotice(ctx.db, ctx.scope, input.id);
    if (notice.firstPublishedAt) throw fail.bad("notice.notEditable");
    const { id, ...changes } = input;
    const now = Date.now();
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, notice[k as keyof typeof notice]]));
    await ctx.db.batch([
      ctx.db
        .update(notices)
        .set({ ...changes, status: "draft", scheduledAt: null, scheduledBy: null, updatedAt: now })
        .where(and(eq(notices.id, id), eq(notices.communityId, ctx.scope.communityId))),
      auditInsert(ctx.db, {
        streetId: ctx.scope.streetId,
        communityId: ctx.scope.communityId,
        actor: ctx.user,
        action: "notice.update",
        entity: "notice",
        entityId: id,
        before: { ...before, status: notice.status },
        after: { ...changes, status: "draft" },
        at: now,
      }),
    ]);
    return { id, status: "draft" as const };
  }),

  submit: communityProcedure(WRITERS, noticeIdInput, byNoticeId).mutation(async ({ ctx, input }) => {
    const notice = await loadNotice(ctx.db, ctx.scope, input.id);
    if (notice.status !== "draft") throw fail.bad("notice.notDraft");
    const now = Date.now();
    await ctx.db.batch([
      ctx.db.update(notices).set({ status: "submitted", updatedAt: now }).where(eq(notices.id, notice.id)),
      auditInsert(ctx.db, {
        streetId: ctx.scope.streetId,
        communityId: ctx.scope.communityId,
        actor: ctx.user,
        action: "notice.submit",
        entity: "notice",
        entityId: notice.id,
        before: { status: notice.status },
        after: { status: "submitted" },
        at: now,
      }),
    ]);
    return { id: notice.id, status: "submitted" as const };
  }),

  /** Publish now, or at `at` (scheduled; the cron publishes it when due). */
  publish: communityProcedure([...PUBLISHERS], noticePublishInput, byNoticeId).mutation(async ({ ctx, input }) => {
    const notice = await loadNotice(ctx.db, ctx.scope, input.id);
    if (!["draft", "submitted", "scheduled"].includes(notice.status)) throw fail.bad("notice.notSubmitted");
    const now = Date.now();
    if (input.at && input.at > now) {
      await ctx.db.batch([
        ctx.db
          .update(notices)
          .set({ status: "scheduled", scheduledAt: input.at, scheduledBy: ctx.user.id, updatedAt: now })
          .where(eq(notices.id, notice.id)),
        auditInsert(ctx.db, {
          streetId: ctx.scope.streetId,
          communityId: ctx.scope.communityId,
          actor: ctx.user,
          action: "notice.schedule",
          entity: "notice",
          entityId: notice.id,
          before: { status: notice.status },
          after: { status: "scheduled", scheduledAt: input.at },
          at: now,
        }),
      ]);
      return { id: notice.id, status: "scheduled" as const, version: 0, contentHash: null };
    }
    if (input.at && input.at < now - 60_000) throw fail.bad("notice.scheduleInPast", "at");
    const v = await publishVersion(
      ctx.db,
      ctx.scope,
      notice,
      {
        category: notice.category,
        title: notice.title,
        bodyMd: notice.bodyMd,
        changeNote: "",
        attachmentIds: await pendingAttachmentIds(ctx.db, ctx.scope.communityId, notice.id),
      },
      ctx.user,
      "notice.publish",
      now,
    );
    return { id: notice.id, status: "published" as const, version: v.version, contentHash: v.contentHash };
  }),

  /** A published notice is never edited: a correction is a new version with a change note. */
  correct: communityProcedure([...PUBLISHERS], noticeCorrectInput, byNoticeId).mutation(async ({ ctx, input }) => {
    const notice = await loadNotice(ctx.db, ctx.scope, input.id);
    if (notice.status !== "published") throw fail.bad("notice.notPublished");
    const current = (
      await ctx.db
        .select({ attachments: noticeVersions.attachments, bodyMd: noticeVersions.bodyMd, title: noticeVersions.title })
        .from(noticeVersions)
        .where(and(eq(noticeVersions.noticeId, notice.id), eq(noticeVersions.version, notice.currentVersion)))
    )[0];
    const files = await ctx.db
      .select({ id: attachments.id, publishedAt: attachments.publishedAt })
      .from(attachments)
      .where(and(eq(attachments.communityId, ctx.scope.communityId), eq(attachments.noticeId, notice.id)));
    const pending = files.filter((a) => a.publishedAt === null);
    const attachmentIds = input.attachmentIds ?? [
      ...(current?.attachments ?? []).map((a) => a.id),
      ...pending.map((a) => a.id),
    ];
    const category = input.category ?? notice.category;
    // Compare the files the version would carry: publishVersion drops repeats and ids not of this notice.
    const chosen = new Set(attachmentIds.filter((a) => files.some((f) => f.id === a)));
    const currentIds = (current?.attachments ?? []).map((a) => a.id);
    const sameFiles = chosen.size === currentIds.length && currentIds.every((a) => chosen.has(a));
    if (
      current &&
      current.title === input.title &&
      current.bodyMd === input.bodyMd &&
      category === notice.category &&
      sameFiles
    )
      throw fail.bad("notice.unchanged", "bodyMd");
    const v = await publishVersion(
      ctx.db,
      ctx.scope,
      notice,
      { category, title: input.title, bodyMd: input.bodyMd, changeNote: input.changeNote, attachmentIds },
      ctx.user,
      "notice.correct",
    );
    return { id: notice.id, status: "published" as const, version: v.version, contentHash: v.contentHash };
  }),

  /** Withdrawn notices stay public, marked withdrawn with the reason (never deleted). */
  withdraw: communityProcedure([...PUBLISHERS], noticeWithdrawInput, byNoticeId).mutation(async ({ ctx, input }) => {
    const notice = await loadNotice(ctx.db, ctx.scope, input.id);
    if (notice.status !== "published" || !notice.firstPublishedAt) throw fail.bad("notice.notPublished");
    let replacement: { id: string } | undefined;
    if (input.replacedBy) {
      replacement = (
        await ctx.db
          .select({ id: notices.id })
          .from(notices)
          .where(
            and(
              eq(notices.communityId, ctx.scope.communityId),
              eq(notices.id, input.replacedBy),
              eq(notices.status, "published"),
            ),
          )
      )[0];
      if (!replacement || replacement.id === notice.id) throw fail.bad("notice.replacementInvalid", "replacedBy");
    }
    const now = Date.now();
    const check = canWithdraw({
      firstPublishedAt: notice.firstPublishedAt,
      publicityDays: notice.publicityDays,
      now,
      hasPublishedReplacement: Boolean(replacement),
    });
    if (!check.ok)
      throw fail.bad(check.reason, "reason", {
        date: new Date(check.endsAt + 8 * 3600_000).toISOString().slice(0, 10),
      });
    const hash = await contentHash(
      noticeWithdrawalContent({
        street: ctx.scope.streetSlug,
        community: ctx.scope.communitySlug,
        noticeId: notice.id,
        version: notice.currentVersion,
        reason: input.reason,
        withdrawnAt: now,
        replacedBy: replacement?.id ?? null,
      }),
    );
    await withChainRetry(async () => {
      const log = await logEntryInsert(ctx.db, ctx.scope.communityId, {
        kind: "notice.withdrawal",
        recordId: notice.id,
        version: notice.currentVersion,
        contentHash: hash,
        at: now,
      });
      await ctx.db.batch([
        ctx.db
          .update(notices)
          .set({
            status: "withdrawn",
            withdrawnAt: now,
            withdrawReason: input.reason,
            replacedBy: replacement?.id ?? null,
            pinned: false,
            updatedAt: now,
          })
          .where(and(eq(notices.id, notice.id), eq(notices.status, "published"))),
        log.query,
        auditInsert(ctx.db, {
          streetId: ctx.scope.streetId,
          communityId: ctx.scope.communityId,
          actor: ctx.user,
          action: "notice.withdraw",
          entity: "notice",
          entityId: notice.id,
          before: { status: "published" },
          after: { status: "withdrawn", reason: input.reason, replacedBy: replacement?.id ?? null },
          at: now,
        }),
      ]);
    });
    return { id: notice.id, status: "withdrawn" as const, contentHash: hash };
  }),

  /** Remove a file that no published version carries yet. */
  removeAttachment: communityProcedure(WRITERS, attachmentRemoveInput, byAttachmentId).mutation(
    async ({ ctx, input }) => {
      const file = (
        await ctx.db
          .select()
          .from(attachments)
          .where(and(eq(attachments.id, input.id), eq(attachments.communityId, ctx.scope.communityId)))
      )[0];
      if (!file) throw fail.notFound("notFound.attachment");
      if (file.publishedAt) throw fail.bad("attachment.published");
      await ctx.db.batch([
        ctx.db.delete(attachments).where(eq(attachments.id, file.id)),
        auditInsert(ctx.db, {
          streetId: ctx.scope.streetId,
          communityId: ctx.scope.communityId,
          actor: ctx.user,
          action: "attachment.remove",
          entity: "attachment",
          entityId: file.id,
          before: {
            name: file.name,
            sha256: file.sha256,
            noticeId: file.noticeId,
            meetingItemId: file.meetingItemId,
            decisionId: file.decisionId,
          },
        }),
      ]);
      await ctx.env.FILES.delete(file.r2Key);
      return { ok: true };
    },
  ),
});
