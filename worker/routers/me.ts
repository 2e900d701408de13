import { desc, eq, sql } from "drizzle-orm";
import {
  correctionRequests,
  grids,
  households,
  noticeAcknowledgements,
  noticeObjections,
  notices,
  residentGroups,
  residentHistory,
  residents,
} from "../../db/schema";
import { newId } from "../../shared/ids";
import { correctionRequestInput } from "../../shared/schemas/registry";
import { auditInsert } from "../services/audit";
import { residentSelfProcedure, router } from "../trpc";

/** The resident's own page: their data, what they read and asked, and PIPL access and correction. */
export const meRouter = router({
  profile: residentSelfProcedure.query(async ({ ctx }) => {
    const [[me], history, corrections] = await ctx.db.batch([
      ctx.db
        .select({
          name: residents.name,
          birthDate: residents.birthDate,
          phone: residents.phone,
          isHouseholdRep: residents.isHouseholdRep,
          isRepresentative: residents.isRepresentative,
          status: residents.status,
          address: households.address,
          // Aliased: in a D1 batch, drizzle maps rows by column name, and three columns here are called `name`.
          groupName: sql<string | null>`${residentGroups.name}`.as("group_name"),
          gridName: sql<string | null>`${grids.name}`.as("grid_name"),
          gridWorkerName: grids.workerName,
          gridWorkPhone: grids.workPhone,
        })
        .from(residents)
        .leftJoin(households, eq(households.id, residents.householdId))
        .leftJoin(residentGroups, eq(residentGroups.id, residents.groupId))
        .leftJoin(grids, eq(grids.id, households.gridId))
        .where(eq(residents.id, ctx.residentId)),
      ctx.db
        .select({ at: residentHistory.at, kind: residentHistory.kind, detail: residentHistory.detail })
        .from(residentHistory)
        .where(eq(residentHistory.residentId, ctx.residentId))
        .orderBy(desc(residentHistory.at))
        .limit(50),
      ctx.db
        .select({
          id: correctionRequests.id,
          text: correctionRequests.body,
          createdAt: correctionRequests.createdAt,
          status: correctionRequests.status,
          response: correctionRequests.response,
          handledAt: correctionRequests.handledAt,
        })
        .from(correctionRequests)
        .where(eq(correctionRequests.residentId, ctx.residentId))
        .orderBy(desc(correctionRequests.createdAt)),
    ]);
    return {
      ...me,
      community: {
        street: ctx.scope.streetSlug,
        slug: ctx.scope.communitySlug,
        name: ctx.scope.communityName,
        kind: ctx.scope.kind,
      },
      history,
      corrections,
    };
  }),

  acknowledgements: residentSelfProcedure.query(({ ctx }) =>
    ctx.db
      .select({
        noticeId: noticeAcknowledgements.noticeId,
        title: notices.title,
        version: noticeAcknowledgements.version,
        at: noticeAcknowledgements.at,
      })
      .from(noticeAcknowledgements)
      .innerJoin(notices, eq(notices.id, noticeAcknowledgements.noticeId))
      .where(eq(noticeAcknowledgements.residentId, ctx.residentId))
      .orderBy(desc(noticeAcknowledgements.at))
      .limit(200),
  ),

  objections: residentSelfProcedure.query(({ ctx }) =>
    ctx.db
      .select({
        id: noticeObjections.id,
        noticeId: noticeObjections.noticeId,
        title: notices.title,
        kind: noticeObjections.kind,
        text: noticeObjections.body,
        createdAt: noticeObjections.createdAt,
        answer: noticeObjections.answer,
        answeredAt: noticeObjections.answeredAt,
        published: noticeObjections.published,
      })
      .from(noticeObjections)
      .innerJoin(notices, eq(notices.id, noticeObjections.noticeId))
      .where(eq(noticeObjections.residentId, ctx.residentId))
      .orderBy(desc(noticeObjections.createdAt))
      .limit(200),
  ),

  /** Everything the system holds about the resident, as JSON (PIPL Art 45). */
  export: residentSelfProcedure.query(async ({ ctx }) => {
    const [[resident], history, acks, objections, corrections] = await ctx.db.batch([
      ctx.db.select().from(residents).where(eq(residents.id, ctx.residentId)),
      ctx.db.select().from(residentHistory).where(eq(residentHistory.residentId, ctx.residentId)),
      ctx.db.select().from(noticeAcknowledgements).where(eq(noticeAcknowledgements.residentId, ctx.residentId)),
      ctx.db.select().from(noticeObjections).where(eq(noticeObjections.residentId, ctx.residentId)),
      ctx.db.select().from(correctionRequests).where(eq(correctionRequests.residentId, ctx.residentId)),
    ]);
    const household = resident.householdId
      ? (await ctx.db.select().from(households).where(eq(households.id, resident.householdId)))[0]
      : null;
    return {
      exportedAt: new Date().toISOString(),
      community: { street: ctx.scope.streetSlug, community: ctx.scope.communitySlug, name: ctx.scope.communityName },
      resident,
      household,
      history,
      acknowledgements: acks,
      objections,
      correctionRequests: corrections,
    };
  }),

  /** Ask staff to correct one's data (PIPL Art 46); staff answer in the registry console. */
  requestCorrection: residentSelfProcedure.input(correctionRequestInput).mutation(async ({ ctx, input }) => {
    const now = Date.now();
    const id = newId(now);
    await ctx.db.batch([
      ctx.db.insert(correctionRequests).values({
        id,
        communityId: ctx.scope.communityId,
        residentId: ctx.residentId,
        body: input.text,
        createdAt: now,
      }),
      auditInsert(ctx.db, {
        streetId: ctx.scope.streetId,
        communityId: ctx.scope.communityId,
        actor: ctx.user,
        action: "correction.request",
        entity: "resident",
        entityId: ctx.residentId,
        after: { text: input.text },
        at: now,
      }),
    ]);
    return { id };
  }),
});
