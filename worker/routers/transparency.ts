import { and, asc, eq, gt } from "drizzle-orm";
import { transparencyLog } from "../../db/schema";
import { transparencyLogInput, transparencyLookupInput } from "../../shared/schemas/logs";
import { dbFor } from "../db";
import { communityBySlugs } from "../services/community";
import { publicProcedure, router } from "../trpc";

export const logColumns = {
  seq: transparencyLog.seq,
  at: transparencyLog.at,
  kind: transparencyLog.kind,
  recordId: transparencyLog.recordId,
  version: transparencyLog.version,
  contentHash: transparencyLog.contentHash,
  prevHash: transparencyLog.prevHash,
  entryHash: transparencyLog.entryHash,
};

export const transparencyRouter = router({
  /** The community's hash chain in ascending order; `cursor` is the last seq already seen. */
  log: publicProcedure.input(transparencyLogInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const db = dbFor(ctx.env, scope.streetId);
    const limit = input.limit ?? 50;
    const after = Number(input.cursor ?? 0) || 0;
    const rows = await db
      .select(logColumns)
      .from(transparencyLog)
      .where(and(eq(transparencyLog.communityId, scope.communityId), gt(transparencyLog.seq, after)))
      .orderBy(asc(transparencyLog.seq))
      .limit(limit + 1);
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? String(items[items.length - 1].seq) : null };
  }),

  /** Look a content hash up in the chain (what the QR code on a printed notice leads to). */
  verify: publicProcedure.input(transparencyLookupInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const rows = await dbFor(ctx.env, scope.streetId)
      .select(logColumns)
      .from(transparencyLog)
      .where(and(eq(transparencyLog.communityId, scope.communityId), eq(transparencyLog.contentHash, input.hash)))
      .orderBy(asc(transparencyLog.seq));
    return { found: rows.length > 0, entries: rows };
  }),
});
