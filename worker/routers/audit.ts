import { and, desc, eq } from "drizzle-orm";
import { auditLog, communities } from "../../db/schema";
import { auditListInput } from "../../shared/schemas/logs";
import { dbFor } from "../db";
import { DomainError } from "../errors";
import { afterCursor, decodeCursor, page } from "../pagination";
import { authedProcedure, router, STREET_ROLES } from "../trpc";

const columns = {
  id: auditLog.id,
  at: auditLog.at,
  communityId: auditLog.communityId,
  actorName: auditLog.actorName,
  action: auditLog.action,
  entity: auditLog.entity,
  entityId: auditLog.entityId,
  before: auditLog.before,
  after: auditLog.after,
};

export const auditRouter = router({
  /**
   * The audit log of the caller's scope: a community admin sees their community; a street
   * admin or viewer sees the whole street office, or one of its communities.
   */
  list: authedProcedure
    .meta({ policy: "scope:community_admin,street_admin,street_viewer" })
    .input(auditListInput)
    .query(async ({ ctx, input }) => {
      const user = ctx.user;
      const db = dbFor(ctx.env, user.streetId);
      const limit = input.limit ?? 30;
      const cursor = afterCursor(auditLog.at, auditLog.id, decodeCursor(input.cursor));
      let where;
      if (user.role === "community_admin") {
        if (input.communityId && input.communityId !== user.communityId)
          throw new DomainError("NOT_FOUND", "notFound.record");
        where = and(eq(auditLog.communityId, user.communityId!), cursor);
      } else if (STREET_ROLES.includes(user.role)) {
        if (input.communityId) {
          const c = (
            await db
              .select({ streetId: communities.streetId })
              .from(communities)
              .where(eq(communities.id, input.communityId))
          )[0];
          if (!c || c.streetId !== user.streetId) throw new DomainError("NOT_FOUND", "notFound.record");
          where = and(eq(auditLog.communityId, input.communityId), cursor);
        } else where = and(eq(auditLog.streetId, user.streetId), cursor);
      } else throw new DomainError("FORBIDDEN", "auth.forbidden");
      const rows = await db
        .select(columns)
        .from(auditLog)
        .where(where)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(limit + 1);
      return page(rows, limit, (r) => ({ t: r.at, id: r.id }));
    }),
});
