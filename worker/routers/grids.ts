import { asc, eq } from "drizzle-orm";
import { grids, users } from "../../db/schema";
import { newId } from "../../shared/ids";
import { id } from "../../shared/schemas/common";
import { gridCreateInput, gridUpdateInput } from "../../shared/schemas/registry";
import { z } from "zod";
import { fail } from "../errors";
import { assertFree } from "../services/registry";
import { auditInsert } from "../services/audit";
import { byCommunityId, communityProcedure, router, type ScopeResolver } from "../trpc";
import type { DB } from "../db";
import type { CommunityScope } from "../trpc";

const byGridId: ScopeResolver<{ id: string }> = async (db, input) => {
  const row = (await db.select({ communityId: grids.communityId }).from(grids).where(eq(grids.id, input.id)))[0];
  return row ? byCommunityId(db, row) : null;
};

/** A grid worker account named on a grid must be a grid worker of the same community. */
async function checkWorker(db: DB, scope: CommunityScope, workerUserId: string | null | undefined) {
  if (!workerUserId) return;
  const u = (
    await db.select({ communityId: users.communityId, role: users.role }).from(users).where(eq(users.id, workerUserId))
  )[0];
  if (!u || u.communityId !== scope.communityId || u.role !== "grid_worker")
    throw fail.bad("notFound.user", "workerUserId");
}

/** 网格: staff keep them; the public grid directory reads them (directory.grids). */
export const gridsRouter = router({
  list: communityProcedure(
    ["community_admin", "community_staff", "grid_worker", "supervisor", "street_admin", "street_viewer"],
    z.object({ communityId: id }),
    byCommunityId,
  ).query(({ ctx }) =>
    ctx.db
      .select({
        id: grids.id,
        name: grids.name,
        area: grids.area,
        workerName: grids.workerName,
        workPhone: grids.workPhone,
        workerUserId: grids.workerUserId,
      })
      .from(grids)
      .where(eq(grids.communityId, ctx.scope.communityId))
      .orderBy(asc(grids.sortOrder), asc(grids.name)),
  ),

  create: communityProcedure(["community_admin", "community_staff"], gridCreateInput, byCommunityId).mutation(
    async ({ ctx, input }) => {
      await checkWorker(ctx.db, ctx.scope, input.workerUserId);
      await assertFree(ctx.db, ctx.scope.communityId, "grid", input.name);
      const now = Date.now();
      const row = {
        id: newId(now),
        communityId: ctx.scope.communityId,
        name: input.name,
        area: input.area,
        workerName: input.workerName,
        workPhone: input.workPhone,
        workerUserId: input.workerUserId ?? null,
        createdAt: now,
        updatedAt: now,
      };
      await ctx.db.batch([
        ctx.db.insert(grids).values(row),
        auditInsert(ctx.db, {
          streetId: ctx.scope.streetId,
          communityId: ctx.scope.communityId,
          actor: ctx.user,
          action: "grid.create",
          entity: "grid",
          entityId: row.id,
          after: row,
          at: now,
        }),
      ]);
      return { id: row.id };
    },
  ),

  update: communityProcedure(["community_admin", "community_staff"], gridUpdateInput, byGridId).mutation(
    async ({ ctx, input }) => {
      await checkWorker(ctx.db, ctx.scope, input.workerUserId);
      const before = (await ctx.db.select().from(grids).where(eq(grids.id, input.id)))[0];
      const { id: gridId, ...changes } = input;
      await assertFree(ctx.db, ctx.scope.communityId, "grid", changes.name, before.name);
      const now = Date.now();
      await ctx.db.batch([
        ctx.db
          .update(grids)
          .set({ ...changes, updatedAt: now })
          .where(eq(grids.id, gridId)),
        auditInsert(ctx.db, {
          streetId: ctx.scope.streetId,
          communityId: ctx.scope.communityId,
          actor: ctx.user,
          action: "grid.update",
          entity: "grid",
          entityId: gridId,
          before,
          after: changes,
          at: now,
        }),
      ]);
      return { id: gridId };
    },
  ),
});
