import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { attachments, caseEvents, cases, communities, grids, residents, streets, users } from "../../db/schema";
import type { Role } from "../../db/schema";
import type { MessageKey } from "../../shared/i18n/errors";
import { newId } from "../../shared/ids";
import { maskPhone } from "../../shared/rules/masking";
import {
  caseSettingsOf,
  colourOf,
  courtConfirmationUntil,
  dueAt,
  ratingProblem,
  type CaseKind,
  type CaseSettings,
  type CaseStage,
  type CaseStatus,
} from "../../shared/rules/cases";
import { newReceipt, normaliseReceipt } from "../../shared/rules/polls";
import {
  caseBoardInput,
  caseEscalateInput,
  caseEventInput,
  caseExtendInput,
  caseFileInput,
  caseIdInput,
  caseRateInput,
  caseReassignInput,
  caseSettingsInput,
  caseStageInput,
  caseStatsInput,
  caseTrackInput,
  caseVerifyInput,
} from "../../shared/schemas/cases";
import type { SessionUser } from "../auth/session";
import { dbFor, runBatch, type DB } from "../db";
import { fail } from "../errors";
import { auditInsert, scopedAudit } from "../services/audit";
import { communityBySlugs } from "../services/community";
import { gridsOfWorker } from "../services/registry";
import { caseStats, caseStatsFor } from "../services/case-stats";
import { caseSubject, caseSubjects, requireCaseSubject, type CaseSubject } from "../services/case-subject";
import {
  byCommunityId,
  communityProcedure,
  publicProcedure,
  residentSelfProcedure,
  router,
  streetProcedure,
  type CommunityScope,
  type ScopeResolver,
} from "../trpc";

/** Who handles cases: staff, and grid workers for their own grids. */
const HANDLERS: Role[] = ["community_admin", "community_staff", "grid_worker"];
/** Who may read them: handlers, the supervisors, and the street office. */
const READERS: Role[] = [...HANDLERS, "supervisor", "street_admin", "street_viewer"];

type Case = typeof cases.$inferSelect;
const bad = (key: string, field?: string, params?: Record<string, string | number>) =>
  fail.bad(key as MessageKey, field, params);

const byCaseId: ScopeResolver<{ id: string }> = async (db, input) => {
  const row = (await db.select({ communityId: cases.communityId }).from(cases).where(eq(cases.id, input.id)))[0];
  return row ? byCommunityId(db, row) : null;
};

async function settingsFor(db: DB, streetId: string) {
  const row = (await db.select({ settings: streets.settings }).from(streets).where(eq(streets.id, streetId)))[0];
  return caseSettingsOf(row?.settings);
}

/** A case the user may see: grid workers only their grids' cases and those assigned to them. */
async function loadCase(db: DB, scope: CommunityScope, user: SessionUser, id: string): Promise<Case> {
  const c = (
    await db
      .select()
      .from(cases)
      .where(and(eq(cases.id, id), eq(cases.communityId, scope.communityId)))
  )[0];
  if (!c) throw fail.notFound();
  const mine = await gridsOfWorker(db, scope, user);
  if (mine && !(c.gridId && mine.includes(c.gridId)) && c.assigneeUserId !== user.id) throw fail.notFound();
  return c;
}

function event(
  db: DB,
  c: Pick<Case, "id" | "communityId">,
  actor: { id: string; displayName: string } | null,
  kind: string,
  note = "",
  extra: { private?: boolean; data?: Record<string, unknown>; at?: number } = {},
) {
  return db.insert(caseEvents).values({
    id: newId(extra.at),
    caseId: c.id,
    communityId: c.communityId,
    at: extra.at ?? Date.now(),
    kind,
    note,
    private: extra.private ?? false,
    data: extra.data ?? null,
    actorId: actor?.id ?? null,
    actorName: actor?.displayName ?? "居民",
  });
}

/** Moves a case to its next stage (or closes it), fixing the new stage's due time. */
function advance(db: DB, s: CaseSettings, c: Case, to: CaseStatus, now: number) {
  const late = now > c.stageDueAt;
  const fields =
    to === "closed"
      ? { status: to, closedAt: now, closedInTime: !c.lateAt && !late }
      : {
          status: to,
          stageStartedAt: now,
          stageDueAt: dueAt(now, s.limits[c.kind as CaseKind][to as CaseStage], s.workingDays),
        };
  return db
    .update(cases)
    .set({ ...fields, lateAt: c.lateAt ?? (late ? now : null), updatedAt: now })
    .where(and(eq(cases.id, c.id), eq(cases.status, c.status)));
}

/** A case's photos (never public: its resident and the community's staff). */
function photosOf(db: DB, caseId: string) {
  return db
    .select({
      id: attachments.id,
      name: attachments.name,
      contentType: attachments.contentType,
      size: attachments.size,
    })
    .from(attachments)
    .where(eq(attachments.caseId, caseId))
    .orderBy(asc(attachments.createdAt));
}

/** What a resident may see of a case: no staff notes, no other person's details. */
async function residentView(db: DB, c: Case, subject: CaseSubject | null) {
  const [events, handler, photos] = await db.batch([
    db
      .select({ at: caseEvents.at, kind: caseEvents.kind, note: caseEvents.note, data: caseEvents.data })
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.private, false)))
      .orderBy(asc(caseEvents.at)),
    db
      .select({ name: users.displayName })
      .from(users)
      .where(eq(users.id, c.assigneeUserId ?? "")),
    photosOf(db, c.id),
  ]);
  return {
    id: c.id,
    kind: c.kind,
    category: c.category,
    description: c.description,
    place: c.place,
    subject,
    status: c.status,
    stageDueAt: c.stageDueAt,
    handler: handler[0]?.name ?? null,
    streetHolds: c.streetHolds,
    mediation: c.mediation,
    courtConfirmationUntil: c.agreedAt ? courtConfirmationUntil(c.agreedAt) : null,
    createdAt: c.createdAt,
    closedAt: c.closedAt,
    rating: c.rating,
    ratedAt: c.ratedAt,
    trackingCode: c.trackingCode,
    photos,
    events,
  };
}

const boardColumns = {
  id: cases.id,
  kind: cases.kind,
  category: cases.category,
  description: cases.description,
  place: cases.place,
  gridId: cases.gridId,
  gridName: sql<string | null>`(SELECT g.name FROM grids g WHERE g.id = "cases"."grid_id")`,
  status: cases.status,
  assigneeUserId: cases.assigneeUserId,
  assigneeName: sql<string | null>`(SELECT u.display_name FROM users u WHERE u.id = "cases"."assignee_user_id")`,
  stageStartedAt: cases.stageStartedAt,
  stageDueAt: cases.stageDueAt,
  extendedAt: cases.extendedAt,
  escalatedAt: cases.escalatedAt,
  streetHolds: cases.streetHolds,
  mediation: cases.mediation,
  closedAt: cases.closedAt,
  rating: cases.rating,
  createdAt: cases.createdAt,
};

export const casesRouter = router({
  /**
   * Anyone raises a case: a logged-in resident of the community as themself, anyone else with a
   * name and phone to be called back. It goes to the grid's worker, or to the community's intake.
   */
  file: publicProcedure.input(caseFileInput).mutation(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const db = dbFor(ctx.env, scope.streetId);
    const resident =
      ctx.user?.role === "resident" && ctx.user.communityId === scope.communityId ? ctx.user.residentId : null;
    if (!resident && (!input.contactName || !input.contactPhone))
      throw bad("case.contactNeeded", input.contactName ? "contactPhone" : "contactName");
    let assignee: string | null = null;
    if (input.gridId) {
      const grid = (
        await db
          .select({ workerUserId: grids.workerUserId })
          .from(grids)
          .where(and(eq(grids.id, input.gridId), eq(grids.communityId, scope.communityId)))
      )[0];
      if (!grid) throw bad("case.noSuchGrid", "gridId");
      assignee = grid.workerUserId;
    }
    await requireCaseSubject(db, {
      communityId: scope.communityId,
      noticeId: input.noticeId,
      periodId: input.periodId,
    });
    const s = await settingsFor(db, scope.streetId);
    const now = Date.now();
    const id = newId(now);
    const row = {
      id,
      communityId: scope.communityId,
      gridId: input.gridId,
      kind: input.kind,
      category: input.category,
      description: input.description,
      place: input.place,
      residentId: resident,
      contactName: resident ? null : input.contactName,
      contactPhone: resident ? null : input.contactPhone,
      trackingCode: newReceipt(),
      status: "accept" as const,
      assigneeUserId: assignee,
      noticeId: input.noticeId,
      periodId: input.periodId,
      stageStartedAt: now,
      stageDueAt: dueAt(now, s.limits[input.kind].accept, s.workingDays),
      createdAt: now,
      updatedAt: now,
    };
    await db.batch([db.insert(cases).values(row), event(db, row, null, "filed")]);
    return { id, trackingCode: row.trackingCode };
  }),

  /** Anyone with a case's tracking code follows its status (no staff notes, no personal data). */
  track: publicProcedure.input(caseTrackInput).query(async ({ ctx, input }) => {
    const db = dbFor(ctx.env, null);
    const c = (
      await db
        .select()
        .from(cases)
        .where(eq(cases.trackingCode, normaliseReceipt(input.code)))
    )[0];
    if (!c) throw fail.notFound();
    // The code is the filer's, but may be passed on: the status and the timeline's steps, not the
    // text, place, photos, handler or an agreement's parties and terms.
    const v = await residentView(db, c, await caseSubject(db, c));
    return {
      ...v,
      description: "",
      place: "",
      photos: [],
      handler: null,
      events: v.events.map((e) => ({ ...e, data: null })),
    };
  }),

  /** The logged-in resident's own cases with their public timeline. */
  mine: residentSelfProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db
      .select()
      .from(cases)
      .where(eq(cases.residentId, ctx.residentId))
      .orderBy(desc(cases.createdAt))
      .limit(50);
    const subjects = await caseSubjects(ctx.db, rows);
    return Promise.all(rows.map((c, i) => residentView(ctx.db, c, subjects[i])));
  }),

  /** The resident rates the handling once, after closing (1–5 and a comment); final. */
  rate: residentSelfProcedure.input(caseRateInput).mutation(async ({ ctx, input }) => {
    const c = (await ctx.db.select().from(cases).where(eq(cases.id, input.id)))[0];
    if (!c || c.communityId !== ctx.scope.communityId) throw fail.notFound();
    const why = ratingProblem(c, ctx.residentId);
    if (why) throw bad(why);
    const now = Date.now();
    const [updated] = await ctx.db.batch([
      ctx.db
        .update(cases)
        .set({ rating: input.rating, ratingComment: input.comment, ratedAt: now, updatedAt: now })
        .where(and(eq(cases.id, c.id), isNull(cases.ratedAt)))
        .returning({ id: cases.id }),
      event(ctx.db, c, null, "rated", `${input.rating}/5`),
    ]);
    if (!updated.length) throw bad("case.alreadyRated");
    return { ok: true };
  }),

  /** Staff: the community's cases with their colour against the stage's limit (grid workers: their grids). */
  board: communityProcedure(READERS, caseBoardInput, byCommunityId).query(async ({ ctx, input }) => {
    const mine = await gridsOfWorker(ctx.db, ctx.scope, ctx.user);
    const s = await settingsFor(ctx.db, ctx.scope.streetId);
    const rows = await ctx.db
      .select(boardColumns)
      .from(cases)
      .where(
        and(
          eq(cases.communityId, ctx.scope.communityId),
          input.includeClosed ? undefined : ne(cases.status, "closed"),
          input.gridId ? eq(cases.gridId, input.gridId) : undefined,
          input.kind ? eq(cases.kind, input.kind) : undefined,
          input.assigneeUserId ? eq(cases.assigneeUserId, input.assigneeUserId) : undefined,
          mine
            ? or(mine.length ? inArray(cases.gridId, mine) : sql`0`, eq(cases.assigneeUserId, ctx.user.id))
            : undefined,
        ),
      )
      .orderBy(asc(cases.stageDueAt))
      .limit(500);
    const now = Date.now();
    return rows
      .map((c) => ({
        ...c,
        colour: c.status === "closed" ? null : colourOf(c.stageStartedAt, c.stageDueAt, now, s.yellowAt),
      }))
      .filter((c) => !input.colour || c.colour === input.colour);
  }),

  /** Staff: one case with its full timeline (private notes included) and the contact to call back. */
  get: communityProcedure(READERS, caseIdInput, byCaseId).query(async ({ ctx, input }) => {
    const c = await loadCase(ctx.db, ctx.scope, ctx.user, input.id);
    const [events, resident, handlers, photos] = await ctx.db.batch([
      ctx.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id)).orderBy(asc(caseEvents.at)),
      ctx.db
        .select({ name: residents.name, phone: residents.phone })
        .from(residents)
        .where(eq(residents.id, c.residentId ?? "")),
      ctx.db
        .select({ id: users.id, name: users.displayName, role: users.role })
        .from(users)
        .where(
          and(
            eq(users.communityId, c.communityId),
            inArray(users.role, ["community_admin", "community_staff", "grid_worker"]),
            isNull(users.disabledAt),
          ),
        )
        .orderBy(asc(users.displayName)),
      photosOf(ctx.db, c.id),
    ]);
    const person = resident[0];
    const [s, subject] = await Promise.all([settingsFor(ctx.db, ctx.scope.streetId), caseSubject(ctx.db, c)]);
    return {
      ...c,
      subject,
      colour: c.status === "closed" ? null : colourOf(c.stageStartedAt, c.stageDueAt, Date.now(), s.yellowAt),
      // Staff call the filer back; the phone is shown masked, as everywhere in lists.
      contact: person
        ? { name: person.name, phone: person.phone ? maskPhone(person.phone) : "" }
        : { name: c.contactName ?? "", phone: c.contactPhone ? maskPhone(c.contactPhone) : "" },
      courtConfirmationUntil: c.agreedAt ? courtConfirmationUntil(c.agreedAt) : null,
      events,
      photos,
      handlers,
      canAct: HANDLERS.includes(ctx.user.role),
    };
  }),

  /** Accept the case (accept → handle). */
  accept: communityProcedure(HANDLERS, caseStageInput, byCaseId).mutation(async ({ ctx, input }) => {
    const c = await loadCase(ctx.db, ctx.scope, ctx.user, input.id);
    if (c.status !== "accept") throw bad("case.wrongStage");
    const now = Date.now();
    await runBatch(ctx.db, [
      advance(ctx.db, await settingsFor(ctx.db, ctx.scope.streetId), c, "handle", now),
      ...(c.assigneeUserId
        ? []
        : [ctx.db.update(cases).set({ assigneeUserId: ctx.user.id }).where(eq(cases.id, c.id))]),
      event(ctx.db, c, ctx.user, "accepted", input.note),
    ]);
    return { status: "handle" as const };
  }),

  /** The handling is done (handle → verify): someone checks with the resident. */
  handled: communityProcedure(HANDLERS, caseStageInput, byCaseId).mutation(async ({ ctx, input }) => {
    const c = await loadCase(ctx.db, ctx.scope, ctx.user, input.id);
    if (c.status !== "handle") throw bad("case.wrongStage");
    if (c.mediation === "held") throw bad("case.mediationOpen");
    const now = Date.now();
    await runBatch(ctx.db, [
      advance(ctx.db, await settingsFor(ctx.db, ctx.scope.streetId), c, "verify", now),
      event(ctx.db, c, ctx.user, "handled", input.note),
    ]);
    return { status: "verify" as const };
  }),

  /** Verification (核实): closes the case, or sends it back to handling with a note. */
  verify: communityProcedure(HANDLERS, caseVerifyInput, byCaseId).mutation(async ({ ctx, input }) => {
    const c = await loadCase(ctx.db, ctx.scope, ctx.user, input.id);
    if (c.status !== "verify") throw bad("case.wrongStage");
    if (!input.ok && input.note.length < 2) throw bad("case.reasonNeeded", "note");
    const now = Date.now();
    await runBatch(ctx.db, [
      advance(ctx.db, await settingsFor(ctx.db, ctx.scope.streetId), c, input.ok ? "closed" : "handle", now),
      event(ctx.db, c, ctx.user, input.ok ? "closed" : "reopened", input.note),
    ]);
    return { status: input.ok ? ("closed" as const) : ("handle" as const) };
  }),

  /**
   * Add to the timeline: a comment, call, visit, mediation session, a party's refusal, an
   * agreement, a follow-up visit (回访). 人民调解法: no mediation after a refusal (Art 17); an
   * agreement states parties, facts, terms and deadline (Art 28–30).
   */
  addEvent: communityProcedure(HANDLERS, caseEventInput, byCaseId).mutation(async ({ ctx, input }) => {
    const c = await loadCase(ctx.db, ctx.scope, ctx.user, input.id);
    const mediating = input.kind === "mediation" || input.kind === "agreement" || input.kind === "refusal";
    if (mediating && c.kind !== "dispute") throw bad("case.notDispute", "kind");
    if (mediating && c.mediation === "refused") throw bad("case.mediationRefused", "kind");
    if (input.kind === "agreement" && !input.agreement) throw bad("case.agreementTerms", "agreement");
    if (c.status === "closed" && input.kind !== "followup" && input.kind !== "comment")
      throw bad("case.closedCase", "kind");
    const now = Date.now();
    const mediation =
      input.kind === "refusal"
        ? ("refused" as const)
        : input.kind === "agreement"
          ? ("agreed" as const)
          : input.kind === "mediation" && c.mediation === "none"
            ? ("held" as const)
            : null;
    await runBatch(ctx.db, [
      event(ctx.db, c, ctx.user, input.kind, input.note, {
        private: input.private,
        data: input.agreement,
        at: now,
      }),
      ...(mediation
        ? [
            ctx.db
              .update(cases)
              .set({ mediation, agreedAt: mediation === "agreed" ? now : c.agreedAt, updatedAt: now })
              .where(eq(cases.id, c.id)),
          ]
        : []),
    ]);
    return { ok: true, mediation: mediation ?? c.mediation };
  }),

  /** Hand the case to another handler of the community (audited). */
  reassign: communityProcedure(["community_admin", "community_staff"], caseReassignInput, byCaseId).mutation(
    async ({ ctx, input }) => {
      const c = await loadCase(ctx.db, ctx.scope, ctx.user, input.id);
      const to = (
        await ctx.db
          .select({ id: users.id, name: users.displayName })
          .from(users)
          .where(
            and(
              eq(users.id, input.assigneeUserId),
              eq(users.communityId, c.communityId),
              inArray(users.role, HANDLERS),
            ),
          )
      )[0];
      if (!to) throw bad("case.badAssignee", "assigneeUserId");
      const now = Date.now();
      await ctx.db.batch([
        ctx.db.update(cases).set({ assigneeUserId: to.id, updatedAt: now }).where(eq(cases.id, c.id)),
        event(ctx.db, c, ctx.user, "assigned", to.name),
        scopedAudit(ctx.scope, ctx.user)(
          ctx.db,
          "case.reassign",
          "case",
          c.id,
          { assigneeUserId: c.assigneeUserId },
          { assigneeUserId: to.id },
          now,
        ),
      ]);
      return { ok: true };
    },
  ),

  /** Extend the current stage once per case, with a reason (audited). */
  extend: communityProcedure(HANDLERS, caseExtendInput, byCaseId).mutation(async ({ ctx, input }) => {
    const c = await loadCase(ctx.db, ctx.scope, ctx.user, input.id);
    if (c.status === "closed") throw bad("case.closedCase");
    if (c.extendedAt) throw bad("case.extendedOnce");
    const s = await settingsFor(ctx.db, ctx.scope.streetId);
    const now = Date.now();
    const due = dueAt(c.stageDueAt, input.days, s.workingDays);
    await ctx.db.batch([
      ctx.db
        .update(cases)
        .set({ stageDueAt: due, extendedAt: now, extendReason: input.reason, updatedAt: now })
        .where(and(eq(cases.id, c.id), isNull(cases.extendedAt))),
      event(ctx.db, c, ctx.user, "extended", input.reason, { data: { days: input.days, dueAt: due } }),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "case.extend",
        "case",
        c.id,
        { stageDueAt: c.stageDueAt },
        { stageDueAt: due, reason: input.reason },
        now,
      ),
    ]);
    return { stageDueAt: due };
  }),

  /** Escalate to the street office ("大事不出街道"): it sees the case and may take it or send it back. */
  escalate: communityProcedure(HANDLERS, caseEscalateInput, byCaseId).mutation(async ({ ctx, input }) => {
    const c = await loadCase(ctx.db, ctx.scope, ctx.user, input.id);
    if (c.status === "closed") throw bad("case.closedCase");
    const now = Date.now();
    await ctx.db.batch([
      ctx.db.update(cases).set({ escalatedAt: now, updatedAt: now }).where(eq(cases.id, c.id)),
      event(ctx.db, c, ctx.user, "escalated", input.note),
      scopedAudit(ctx.scope, ctx.user)(ctx.db, "case.escalate", "case", c.id, undefined, input, now),
    ]);
    return { ok: true };
  }),

  /** The street office takes an escalated case over. */
  streetTake: communityProcedure(["street_admin"], caseIdInput, byCaseId).mutation(async ({ ctx, input }) => {
    const c = await loadCase(ctx.db, ctx.scope, ctx.user, input.id);
    if (!c.escalatedAt || c.status === "closed") throw bad("case.notEscalated");
    const now = Date.now();
    await ctx.db.batch([
      ctx.db.update(cases).set({ streetHolds: true, updatedAt: now }).where(eq(cases.id, c.id)),
      event(ctx.db, c, ctx.user, "taken"),
      scopedAudit(ctx.scope, ctx.user)(ctx.db, "case.streetTake", "case", c.id, undefined, undefined, now),
    ]);
    return { ok: true };
  }),

  /** The street office sends an escalated case back to the community with instructions. */
  streetReturn: communityProcedure(["street_admin"], caseEscalateInput, byCaseId).mutation(async ({ ctx, input }) => {
    const c = await loadCase(ctx.db, ctx.scope, ctx.user, input.id);
    if (!c.escalatedAt || c.status === "closed") throw bad("case.notEscalated");
    const now = Date.now();
    await ctx.db.batch([
      ctx.db.update(cases).set({ escalatedAt: null, streetHolds: false, updatedAt: now }).where(eq(cases.id, c.id)),
      event(ctx.db, c, ctx.user, "returned", input.note),
      scopedAudit(ctx.scope, ctx.user)(ctx.db, "case.streetReturn", "case", c.id, undefined, input, now),
    ]);
    return { ok: true };
  }),

  /** The street office's time limits per kind and stage, counting, and when a case turns yellow. */
  settings: streetProcedure(["street_admin", "street_viewer"]).query(({ ctx }) => settingsFor(ctx.db, ctx.streetId)),

  /** The street office sets its own limits (a stricter local rule than the defaults); audited. */
  updateSettings: streetProcedure(["street_admin"])
    .input(caseSettingsInput)
    .mutation(async ({ ctx, input }) => {
      const street = (
        await ctx.db.select({ settings: streets.settings }).from(streets).where(eq(streets.id, ctx.streetId))
      )[0];
      const next = {
        ...street.settings,
        caseLimits: input.limits,
        caseWorkingDays: input.workingDays,
        caseYellowAt: input.yellowAt,
      };
      await ctx.db.batch([
        ctx.db.update(streets).set({ settings: next }).where(eq(streets.id, ctx.streetId)),
        auditInsert(ctx.db, {
          streetId: ctx.streetId,
          communityId: null,
          actor: ctx.user,
          action: "street.caseSettings",
          entity: "street",
          entityId: ctx.streetId,
          before: street.settings,
          after: next,
        }),
      ]);
      return { ok: true };
    }),

  /** Public: per community, cases by kind and month, closed in time, mediation success, satisfaction. */
  stats: publicProcedure.input(caseStatsInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    return caseStats(dbFor(ctx.env, scope.streetId), scope.communityId);
  }),

  /** Street office: each community's figures, and the red, escalated and disclosure-complaint cases. */
  street: streetProcedure(["street_admin", "street_viewer"]).query(async ({ ctx }) => {
    const list = await ctx.db
      .select({ id: communities.id, slug: communities.slug, name: communities.name })
      .from(communities)
      .where(eq(communities.streetId, ctx.streetId))
      .orderBy(asc(communities.name));
    const s = await settingsFor(ctx.db, ctx.streetId);
    const now = Date.now();
    const open = await ctx.db
      .select({
        ...boardColumns,
        communityName: sql<string>`${communities.name}`.as("community_name"),
        communitySlug: communities.slug,
      })
      .from(cases)
      .innerJoin(communities, eq(communities.id, cases.communityId))
      .where(and(eq(communities.streetId, ctx.streetId), ne(cases.status, "closed")))
      .orderBy(asc(cases.stageDueAt))
      .limit(1000);
    const flagged = open
      .map((c) => ({ ...c, colour: colourOf(c.stageStartedAt, c.stageDueAt, now, s.yellowAt) }))
      // Complaints about disclosure go to the street office as well (U35, V36).
      .filter((c) => c.colour === "red" || c.escalatedAt || (c.kind === "complaint" && c.category === "disclosure"));
    return {
      communities: await caseStatsFor(
        ctx.db,
        list.map((c) => c.id),
      ).then((stats) => list.map((c) => ({ ...c, ...stats.get(c.id)! }))),
      flagged: flagged.map((c) => ({ ...c, description: c.description.slice(0, 80) })),
    };
  }),
});
