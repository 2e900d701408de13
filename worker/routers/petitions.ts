import { and, count, desc, eq, lte } from "drizzle-orm";
import { communities, meetings, petitionSignatures, petitions, residents } from "../../db/schema";
import { newId } from "../../shared/ids";
import { adultBornOnOrBefore, isEligible } from "../../shared/rules/eligibility";
import { defaultRuleSet, petitionThreshold, type Basis, type MeetingKind } from "../../shared/rules/meetings";
import {
  petitionConvenedInput,
  petitionCreateInput,
  petitionIdInput,
  petitionListInput,
  petitionStaffInput,
} from "../../shared/schemas/petitions";
import { dbFor, type DB } from "../db";
import { DomainError, fail } from "../errors";
import { scopedAudit } from "../services/audit";
import { communityBySlugs } from "../services/community";
import { COMMUNITY_READERS, COMMUNITY_WRITERS } from "../roles";
import {
  byCommunityId,
  communityProcedure,
  publicProcedure,
  residentSelfProcedure,
  router,
  streetProcedure,
  type ScopeResolver,
} from "../trpc";

const byPetitionId: ScopeResolver<{ id: string }> = async (db, input) => {
  const row = (
    await db.select({ communityId: petitions.communityId }).from(petitions).where(eq(petitions.id, input.id))
  )[0];
  return row ? byCommunityId(db, row) : null;
};

/** How many residents are eligible to sign on a basis today (adults from birth dates, never typed). */
async function eligibleCount(db: DB, communityId: string, basis: Basis, at: number) {
  const active = and(eq(residents.communityId, communityId), eq(residents.status, "active"));
  const where =
    basis === "adults"
      ? and(active, lte(residents.birthDate, adultBornOnOrBefore(at)))
      : basis === "household_reps"
        ? and(active, eq(residents.isHouseholdRep, true))
        : and(active, eq(residents.isRepresentative, true));
  const [{ n }] = await db.select({ n: count() }).from(residents).where(where);
  return n;
}

async function signer(db: DB, residentId: string, basis: Basis, at: number) {
  const r = (await db.select().from(residents).where(eq(residents.id, residentId)))[0];
  if (!r || !isEligible(r, basis as "adults" | "household_reps" | "representatives", at))
    throw fail.bad("petition.notEligible");
  return r;
}

const publicColumns = {
  id: petitions.id,
  kind: petitions.kind,
  basis: petitions.basis,
  title: petitions.title,
  reason: petitions.reason,
  eligibleCount: petitions.eligibleCount,
  threshold: petitions.threshold,
  status: petitions.status,
  createdAt: petitions.createdAt,
  reachedAt: petitions.reachedAt,
  meetingId: petitions.meetingId,
};

export const petitionsRouter = router({
  /** Public: petitions with their signature counts against the threshold (no names). */
  list: publicProcedure.input(petitionListInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const db = dbFor(ctx.env, scope.streetId);
    const rows = await db
      .select({
        ...publicColumns,
        signatures: count(petitionSignatures.residentId),
      })
      .from(petitions)
      .leftJoin(petitionSignatures, eq(petitionSignatures.petitionId, petitions.id))
      .where(eq(petitions.communityId, scope.communityId))
      .groupBy(petitions.id)
      .orderBy(desc(petitions.createdAt))
      .limit(100);
    return rows;
  }),

  /** A resident starts a petition; the eligible count and threshold are fixed now; they sign it first. */
  create: residentSelfProcedure.input(petitionCreateInput).mutation(async ({ ctx, input }) => {
    const ruleSet = defaultRuleSet(ctx.scope.kind);
    const now = Date.now();
    const eligible = await eligibleCount(ctx.db, ctx.scope.communityId, input.basis, now);
    const threshold = petitionThreshold(ruleSet, input.kind as MeetingKind, input.basis, eligible);
    if (threshold === null) throw fail.bad("petition.noRule", "basis");
    await signer(ctx.db, ctx.residentId, input.basis, now);
    const id = newId(now);
    const reached = threshold <= 1;
    await ctx.db.batch([
      ctx.db.insert(petitions).values({
        id,
        communityId: ctx.scope.communityId,
        kind: input.kind,
        ruleSet,
        basis: input.basis,
        title: input.title,
        reason: input.purpose,
        eligibleCount: eligible,
        threshold,
        status: reached ? "reached" : "open",
        createdBy: ctx.residentId,
        createdAt: now,
        reachedAt: reached ? now : null,
        updatedAt: now,
      }),
      ctx.db.insert(petitionSignatures).values({ petitionId: id, residentId: ctx.residentId, at: now }),
    ]);
    return { id, eligible, threshold };
  }),

  /** Sign once; at the threshold the petition is marked reached: the committee must convene. */
  sign: residentSelfProcedure.input(petitionIdInput).mutation(async ({ ctx, input }) => {
    const p = (
      await ctx.db
        .select()
        .from(petitions)
        .where(and(eq(petitions.id, input.id), eq(petitions.communityId, ctx.scope.communityId)))
    )[0];
    if (!p) throw new DomainError("NOT_FOUND", "notFound.record");
    if (p.status !== "open" && p.status !== "reached") throw fail.bad("petition.closed");
    const now = Date.now();
    await signer(ctx.db, ctx.residentId, p.basis as Basis, now);
    await ctx.db
      .insert(petitionSignatures)
      .values({ petitionId: p.id, residentId: ctx.residentId, at: now })
      .onConflictDoNothing();
    const [{ n }] = await ctx.db
      .select({ n: count() })
      .from(petitionSignatures)
      .where(eq(petitionSignatures.petitionId, p.id));
    if (p.status === "open" && n >= p.threshold) {
      await ctx.db
        .update(petitions)
        .set({ status: "reached", reachedAt: now, updatedAt: now })
        .where(and(eq(petitions.id, p.id), eq(petitions.status, "open")));
      return { signatures: n, threshold: p.threshold, status: "reached" as const };
    }
    return { signatures: n, threshold: p.threshold, status: p.status };
  }),

  /** The petitions the logged-in resident has signed. */
  mine: residentSelfProcedure.query(async ({ ctx }) =>
    (
      await ctx.db
        .select({ petitionId: petitionSignatures.petitionId })
        .from(petitionSignatures)
        .where(eq(petitionSignatures.residentId, ctx.residentId))
    ).map((r) => r.petitionId),
  ),

  /** Staff: the community's petitions; those reached and not yet convened need a meeting. */
  staffList: communityProcedure(COMMUNITY_READERS, petitionStaffInput, byCommunityId).query(({ ctx }) =>
    ctx.db
      .select({ ...publicColumns, signatures: count(petitionSignatures.residentId) })
      .from(petitions)
      .leftJoin(petitionSignatures, eq(petitionSignatures.petitionId, petitions.id))
      .where(eq(petitions.communityId, ctx.scope.communityId))
      .groupBy(petitions.id)
      .orderBy(desc(petitions.createdAt)),
  ),

  /** Staff link a reached petition to the meeting convened for it. */
  markConvened: communityProcedure(COMMUNITY_WRITERS, petitionConvenedInput, byPetitionId).mutation(
    async ({ ctx, input }) => {
      const p = (await ctx.db.select().from(petitions).where(eq(petitions.id, input.id)))[0];
      if (p.status !== "reached") throw fail.bad("petition.notReached");
      const m = (
        await ctx.db
          .select({ id: meetings.id })
          .from(meetings)
          .where(and(eq(meetings.id, input.meetingId), eq(meetings.communityId, ctx.scope.communityId)))
      )[0];
      if (!m) throw fail.bad("notFound.record", "meetingId");
      const now = Date.now();
      await ctx.db.batch([
        ctx.db
          .update(petitions)
          .set({ status: "convened", meetingId: m.id, updatedAt: now })
          .where(eq(petitions.id, p.id)),
        scopedAudit(ctx.scope, ctx.user)(
          ctx.db,
          "petition.convened",
          "petition",
          p.id,
          { status: p.status },
          { status: "convened", meetingId: m.id },
          now,
        ),
      ]);
      return { ok: true };
    },
  ),

  /** Street office: petitions that reached their threshold and still await a meeting. */
  awaiting: streetProcedure(["street_admin", "street_viewer"]).query(({ ctx }) =>
    ctx.db
      .select({
        id: petitions.id,
        communityId: petitions.communityId,
        communityName: communities.name,
        communitySlug: communities.slug,
        kind: petitions.kind,
        petitionTitle: petitions.title,
        threshold: petitions.threshold,
        reachedAt: petitions.reachedAt,
      })
      .from(petitions)
      .innerJoin(communities, eq(communities.id, petitions.communityId))
      .where(and(eq(communities.streetId, ctx.streetId), eq(petitions.status, "reached")))
      .orderBy(desc(petitions.reachedAt)),
  ),
});
