import { and, asc, desc, eq, isNotNull } from "drizzle-orm";
import { noticeObjections, noticeVersions, notices, transparencyLog } from "../../db/schema";
import { renderMarkdown } from "../../shared/markdown";
import type { NoticeCategory } from "../../shared/rules/categories";
import type { DB } from "../db";
import { fail } from "../errors";
import { afterCursor, afterCursorAsc, decodeCursor, page } from "../pagination";
import type { CommunityScope } from "../trpc";

const publicColumns = {
  id: notices.id,
  category: notices.category,
  title: notices.title,
  status: notices.status,
  pinned: notices.pinned,
  version: notices.currentVersion,
  firstPublishedAt: notices.firstPublishedAt,
  lastPublishedAt: notices.lastPublishedAt,
  withdrawnAt: notices.withdrawnAt,
};

/** Published and withdrawn notices, newest first (withdrawn ones stay public, marked). */
export async function listPublished(
  db: DB,
  scope: Pick<CommunityScope, "communityId">,
  opts: { category?: NoticeCategory; cursor?: string; limit?: number },
) {
  const limit = opts.limit ?? 20;
  const cursor = decodeCursor(opts.cursor);
  const rows = await db
    .select(publicColumns)
    .from(notices)
    .where(
      and(
        eq(notices.communityId, scope.communityId),
        isNotNull(notices.lastPublishedAt),
        opts.category ? eq(notices.category, opts.category) : undefined,
        afterCursor(notices.lastPublishedAt, notices.id, cursor),
      ),
    )
    .orderBy(desc(notices.lastPublishedAt), desc(notices.id))
    .limit(limit + 1);
  return page(rows, limit, (r) => ({ t: r.lastPublishedAt ?? 0, id: r.id }));
}

/** One public notice: the chosen (default: current) version rendered, and every version's record. */
export async function getPublished(db: DB, scope: Pick<CommunityScope, "communityId">, id: string, version?: number) {
  const [noticeRows, versions, log, qa] = await db.batch([
    db
      .select({
        ...publicColumns,
        publicityDays: notices.publicityDays,
        withdrawReason: notices.withdrawReason,
        replacedBy: notices.replacedBy,
      })
      .from(notices)
      .where(and(eq(notices.communityId, scope.communityId), eq(notices.id, id), isNotNull(notices.firstPublishedAt)))
      .limit(1),
    db
      .select()
      .from(noticeVersions)
      .where(and(eq(noticeVersions.communityId, scope.communityId), eq(noticeVersions.noticeId, id)))
      .orderBy(asc(noticeVersions.version)),
    db
      .select({
        seq: transparencyLog.seq,
        kind: transparencyLog.kind,
        version: transparencyLog.version,
        contentHash: transparencyLog.contentHash,
        entryHash: transparencyLog.entryHash,
        at: transparencyLog.at,
      })
      .from(transparencyLog)
      .where(and(eq(transparencyLog.communityId, scope.communityId), eq(transparencyLog.recordId, id)))
      .orderBy(asc(transparencyLog.seq)),
    publishedQa(db, scope.communityId, id),
  ]);
  const notice = noticeRows[0];
  if (!notice || versions.length === 0) throw fail.notFound("notFound.notice");
  const shown = versions.find((v) => v.version === (version ?? notice.version));
  if (!shown) throw fail.notFound("notFound.notice");
  return {
    ...notice,
    shownVersion: shown.version,
    current: {
      version: shown.version,
      category: shown.category,
      title: shown.title,
      bodyMd: shown.bodyMd,
      bodyHtml: renderMarkdown(shown.bodyMd),
      changeNote: shown.changeNote,
      attachments: shown.attachments,
      publishedAt: shown.publishedAt,
      publicityEndsAt: shown.publicityEndsAt,
      contentHash: shown.contentHash,
    },
    versions: versions.map((v) => ({
      version: v.version,
      title: v.title,
      changeNote: v.changeNote,
      publishedAt: v.publishedAt,
      publicityEndsAt: v.publicityEndsAt,
      contentHash: v.contentHash,
      logSeq: log.find((l) => l.kind === "notice" && l.version === v.version)?.seq ?? null,
    })),
    questions: qa,
    withdrawal: notice.withdrawnAt
      ? {
          at: notice.withdrawnAt,
          reason: notice.withdrawReason ?? "",
          replacedBy: notice.replacedBy,
          logSeq: log.find((l) => l.kind === "notice.withdrawal")?.seq ?? null,
          contentHash: log.find((l) => l.kind === "notice.withdrawal")?.contentHash ?? null,
        }
      : null,
  };
}

const HOME_CATEGORIES = ["party", "government", "affairs", "finance", "other"] as const;

/**
 * The community home's notices: pinned ones and the latest of each category. Returns the
 * queries so the caller can run them in the same D1 batch as the rest of the page.
 */
export function homeNoticeQueries(db: DB, communityId: string, perCategory = 5) {
  const published = and(eq(notices.communityId, communityId), isNotNull(notices.lastPublishedAt));
  return [
    db
      .select(publicColumns)
      .from(notices)
      .where(and(published, eq(notices.status, "published"), eq(notices.pinned, true)))
      .orderBy(desc(notices.lastPublishedAt))
      .limit(5),
    ...HOME_CATEGORIES.map((c) =>
      db
        .select(publicColumns)
        .from(notices)
        .where(and(published, eq(notices.category, c)))
        .orderBy(desc(notices.lastPublishedAt))
        .limit(perCategory),
    ),
  ] as const;
}

type PublicItem = Awaited<ReturnType<typeof homeNoticeQueries>[0]>[number];

export function homeNotices([pinned, ...byCategory]: PublicItem[][]) {
  return {
    pinned,
    latest: HOME_CATEGORIES.map((category, i) => ({ category, items: byCategory[i] })).filter(
      (g) => g.items.length > 0,
    ),
  };
}

/** Published questions and answers for the public notice page: no names at all. */
export function publishedQa(db: DB, communityId: string, noticeId: string) {
  return db
    .select({
      kind: noticeObjections.kind,
      text: noticeObjections.body,
      createdAt: noticeObjections.createdAt,
      answer: noticeObjections.answer,
      answeredAt: noticeObjections.answeredAt,
    })
    .from(noticeObjections)
    .where(
      and(
        eq(noticeObjections.communityId, communityId),
        eq(noticeObjections.noticeId, noticeId),
        eq(noticeObjections.published, true),
      ),
    )
    .orderBy(desc(noticeObjections.answeredAt));
}

/**
 * Every published version of the community's public notices, oldest first, one page at a time
 * (`after`: the last item's cursor): each version's full content, so anyone can recompute its hash
 * without asking for the notices one by one.
 */
export async function publishedVersions(
  db: DB,
  scope: Pick<CommunityScope, "communityId">,
  opts: { after?: string; limit: number },
) {
  const rows = await db
    .select({
      noticeId: noticeVersions.noticeId,
      version: noticeVersions.version,
      category: noticeVersions.category,
      title: noticeVersions.title,
      bodyMd: noticeVersions.bodyMd,
      changeNote: noticeVersions.changeNote,
      attachments: noticeVersions.attachments,
      publishedAt: noticeVersions.publishedAt,
      publicityEndsAt: noticeVersions.publicityEndsAt,
      contentHash: noticeVersions.contentHash,
      id: noticeVersions.id,
    })
    .from(noticeVersions)
    .innerJoin(notices, eq(notices.id, noticeVersions.noticeId))
    .where(
      and(
        eq(noticeVersions.communityId, scope.communityId),
        isNotNull(notices.firstPublishedAt),
        afterCursorAsc(noticeVersions.publishedAt, noticeVersions.id, decodeCursor(opts.after)),
      ),
    )
    .orderBy(asc(noticeVersions.publishedAt), asc(noticeVersions.id))
    .limit(opts.limit + 1);
  const { items, nextCursor } = page(rows, opts.limit, (v) => ({ t: v.publishedAt, id: v.id }));
  return { items: items.map(({ id: _, ...v }) => v), next: nextCursor };
}

/** The community's withdrawn notices: what each withdrawal's logged hash covers. */
export function publishedWithdrawals(db: DB, scope: Pick<CommunityScope, "communityId">) {
  return db
    .select({
      noticeId: notices.id,
      version: notices.currentVersion,
      reason: notices.withdrawReason,
      withdrawnAt: notices.withdrawnAt,
      replacedBy: notices.replacedBy,
    })
    .from(notices)
    .where(
      and(
        eq(notices.communityId, scope.communityId),
        isNotNull(notices.firstPublishedAt),
        isNotNull(notices.withdrawnAt),
      ),
    )
    .orderBy(asc(notices.withdrawnAt));
}
