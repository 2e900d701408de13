import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import { attachments, decisionUpdates, decisions, meetings } from "../../db/schema";
import type { DB } from "../db";

/** 重大事项决策登记: every decision of a community with its source meeting and its progress timeline. */
export async function decisionRegistry(db: DB, communityId: string) {
  const [rows, updates, files] = await db.batch([
    db
      .select({
        id: decisions.id,
        title: decisions.title,
        resolution: decisions.resolution,
        decidedAt: decisions.decidedAt,
        status: decisions.status,
        progress: decisions.progress,
        meetingId: decisions.meetingId,
        // Aliased: D1 batches return rows keyed by column name, so a second "title" would shift the values.
        meetingTitle: sql<string>`${meetings.title}`.as("meeting_title"),
        updatedAt: decisions.updatedAt,
      })
      .from(decisions)
      .innerJoin(meetings, eq(meetings.id, decisions.meetingId))
      .where(eq(decisions.communityId, communityId))
      .orderBy(desc(decisions.decidedAt))
      .limit(200),
    db
      .select({
        id: decisionUpdates.id,
        decisionId: decisionUpdates.decisionId,
        at: decisionUpdates.at,
        status: decisionUpdates.status,
        progress: decisionUpdates.progress,
        note: decisionUpdates.note,
      })
      .from(decisionUpdates)
      .where(eq(decisionUpdates.communityId, communityId))
      .orderBy(desc(decisionUpdates.at)),
    // Only posted updates' files: they are public from the moment the update is posted.
    db
      .select({
        id: attachments.id,
        updateId: attachments.decisionUpdateId,
        name: attachments.name,
        contentType: attachments.contentType,
        size: attachments.size,
        sha256: attachments.sha256,
      })
      .from(attachments)
      .where(and(eq(attachments.communityId, communityId), isNotNull(attachments.decisionUpdateId)))
      .orderBy(asc(attachments.createdAt)),
  ]);
  return rows.map((d) => ({
    ...d,
    updates: updates
      .filter((u) => u.decisionId === d.id)
      .map((u) => ({
        ...u,
        attachments: files.filter((f) => f.updateId === u.id).map(({ updateId: _, ...f }) => f),
      })),
  }));
}
