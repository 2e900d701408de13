import { desc, eq } from "drizzle-orm";
import { transparencyLog } from "../../db/schema";
import { newId } from "../../shared/ids";
import { nextLink, type Publication } from "../../shared/rules/transparency";
import { isUniqueViolation, type DB } from "../db";

export type { Publication };

/**
 * The insert that appends one publication to the community's hash chain. It reads the head
 * now; if another publication takes the same seq first, the unique index fails the whole
 * batch and `withChainRetry` runs it again on the new head.
 */
export async function logEntryInsert(db: DB, communityId: string, p: Publication) {
  const head = await db
    .select({ seq: transparencyLog.seq, entryHash: transparencyLog.entryHash })
    .from(transparencyLog)
    .where(eq(transparencyLog.communityId, communityId))
    .orderBy(desc(transparencyLog.seq))
    .limit(1);
  const entry = await nextLink(head[0] ?? null, p);
  // Wrapped: a drizzle query is thenable, so returning it bare from an async function would run it.
  return { query: db.insert(transparencyLog).values({ id: newId(), communityId, ...entry }) };
}

export async function withChainRetry<T>(attempt: () => Promise<T>, tries = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= tries || !isUniqueViolation(e, "transparency_log.community_id, transparency_log.seq")) throw e;
    }
  }
}

/** A batch failed because this version of the record is already in the log (someone else logged it). */
export function alreadyLogged(e: unknown): boolean {
  return isUniqueViolation(e, "transparency_log.community_id, transparency_log.kind");
}
