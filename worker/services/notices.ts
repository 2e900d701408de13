import { and, asc, eq, inArray, isNull, lte } from "drizzle-orm";
import { attachments, communities, noticeVersions, notices, streets, type AttachmentRef } from "../../db/schema";
import { newId } from "../../shared/ids";
import { publicityEndsAt } from "../../shared/rules/notices";
import { contentHash, noticeVersionContent } from "../../shared/rules/transparency";
import { runBatch, type DB, type Statement } from "../db";
import type { CommunityScope } from "../trpc";
import { auditInsert } from "./audit";
import { logEntryInsert, withChainRetry } from "./transparency";

type Notice = typeof notices.$inferSelect;

export type VersionDraft = {
  category: Notice["category"];
  title: string;
  bodyMd: string;
  changeNote: string;
  attachmentIds: string[];
};

/**
 * Publish one new version of a notice: the version row, the notice's current state, the
 * attachments made public, the transparency-log entry and the audit record, all in one batch.
 */
export async function publishVersion(
  db: DB,
  scope: Pick<CommunityScope, "communityId" | "streetId" | "streetSlug" | "communitySlug">,
  notice: Notice,
  draft: VersionDraft,
  actor: { id: string; displayName: string },
  action: string,
  at = Date.now(),
  /** Statements that must land in the same batch: `before` the version (a new notice row), `after` it. */
  together: { before?: Statement[]; after?: Statement[] } = {},
) {
  const files: AttachmentRef[] = draft.attachmentIds.length
    ? await db
        .select({
          id: attachments.id,
          name: attachments.name,
          contentType: attachments.contentType,
          size: attachments.size,
          sha256: attachments.sha256,
        })
        .from(attachments)
        .where(
          and(
            eq(attachments.communityId, scope.communityId),
            eq(attachments.noticeId, notice.id),
            inArray(attachments.id, draft.attachmentIds),
          ),
        )
        .orderBy(asc(attachments.createdAt))
    : [];
  const version = notice.currentVersion + 1;
  const endsAt = publicityEndsAt(at, notice.publicityDays);
  const hash = await contentHash(
    noticeVersionContent({
      street: scope.streetSlug,
      community: scope.communitySlug,
      noticeId: notice.id,
      version,
      category: draft.category,
      title: draft.title,
      bodyMd: draft.bodyMd,
      changeNote: draft.changeNote,
      publishedAt: at,
      publicityEndsAt: endsAt,
      attachments: files,
    }),
  );
  const versionRow = {
    id: newId(at),
    noticeId: notice.id,
    communityId: scope.communityId,
    version,
    category: draft.category,
    title: draft.title,
    bodyMd: draft.bodyMd,
    changeNote: draft.changeNote,
    attachments: files,
    publishedAt: at,
    publicityEndsAt: endsAt,
    publishedBy: actor.id,
    contentHash: hash,
  };
  await withChainRetry(async () => {
    const log = await logEntryInsert(db, scope.communityId, {
      kind: "notice",
      recordId: notice.id,
      version,
      contentHash: hash,
      at,
    });
    const fileIds = files.map((f) => f.id);
    await runBatch(db, [
      ...(together.before ?? []),
      db.insert(noticeVersions).values(versionRow),
      db
        .update(notices)
        .set({
          status: "published",
          category: draft.category,
          title: draft.title,
          bodyMd: draft.bodyMd,
          currentVersion: version,
          firstPublishedAt: notice.firstPublishedAt ?? at,
          lastPublishedAt: at,
          scheduledAt: null,
          updatedAt: at,
        })
        // The version check makes a concurrent second publish of the same version fail cleanly.
        .where(and(eq(notices.id, notice.id), eq(notices.currentVersion, notice.currentVersion))),
      ...(fileIds.length
        ? [
            db
              .update(attachments)
              .set({ publishedAt: at })
              .where(and(inArray(attachments.id, fileIds), isNull(attachments.publishedAt))),
          ]
        : []),
      log.query,
      auditInsert(db, {
        streetId: scope.streetId,
        communityId: scope.communityId,
        actor,
        action,
        entity: "notice",
        entityId: notice.id,
        before: { status: notice.status, version: notice.currentVersion },
        after: { status: "published", version, contentHash: hash, changeNote: draft.changeNote },
        at,
      }),
      ...(together.after ?? []),
    ]);
  });
  return versionRow;
}

/** Ids of the files a first publication carries: every file uploaded to the notice so far. */
export async function pendingAttachmentIds(db: DB, communityId: string, noticeId: string): Promise<string[]> {
  const rows = await db
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(eq(attachments.communityId, communityId), eq(attachments.noticeId, noticeId)))
    .orderBy(asc(attachments.createdAt));
  return rows.map((r) => r.id);
}

/** Cron: publish every scheduled notice whose time has come, as the admin who scheduled it. */
export async function publishDueNotices(db: DB, now = Date.now()): Promise<number> {
  const due = await db
    .select({ notice: notices, streetSlug: streets.slug, communitySlug: communities.slug, streetId: streets.id })
    .from(notices)
    .innerJoin(communities, eq(communities.id, notices.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(and(eq(notices.status, "scheduled"), lte(notices.scheduledAt, now)))
    .limit(50);
  for (const row of due) {
    const n = row.notice;
    const scope = {
      communityId: n.communityId,
      streetId: row.streetId,
      streetSlug: row.streetSlug,
      communitySlug: row.communitySlug,
    };
    await publishVersion(
      db,
      scope,
      n,
      {
        category: n.category,
        title: n.title,
        bodyMd: n.bodyMd,
        changeNote: "",
        attachmentIds: await pendingAttachmentIds(db, n.communityId, n.id),
      },
      { id: n.scheduledBy ?? n.createdBy, displayName: "定时发布 scheduled" },
      "notice.publish",
      now,
    );
  }
  return due.length;
}
