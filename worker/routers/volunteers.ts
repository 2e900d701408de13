import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import {
  communities,
  grids,
  residents,
  shiftSignups,
  shifts,
  teamMembers,
  volunteerCertificates,
  volunteerRecords,
  volunteerTeams,
  volunteers,
} from "../../db/schema";
import type { MessageKey } from "../../shared/i18n/errors";
import { newId } from "../../shared/ids";
import { ageOn, shanghaiDate, shanghaiMonthStart, shanghaiYearStart } from "../../shared/rules/eligibility";
import { maskName } from "../../shared/rules/masking";
import { newReceipt, normaliseReceipt } from "../../shared/rules/polls";
import { contentHash } from "../../shared/rules/transparency";
import {
  ADULT_TASK_AGE,
  cancelAllowed,
  checkInOpen,
  coverage,
  hoursPer100,
  joinProblem,
  MAX_SHIFT_MS,
  needsGuardianConsent,
  servedMinutes,
  signUpProblem,
  weeklyStarts,
  certificateContent,
  type TeamRules,
} from "../../shared/rules/volunteers";
import {
  adjustInput,
  calendarInput,
  certificateCodeInput,
  certificateInput,
  communityIdInput,
  guardianInput,
  insuranceInput,
  joinTeamInput,
  membershipInput,
  publicTeamsInput,
  recordInput,
  rosterActionInput,
  shiftCancelInput,
  shiftCreateInput,
  shiftIdInput,
  teamCreateInput,
  teamArchiveInput,
  teamIdInput,
  teamUpdateInput,
  volunteerIdInput,
  volunteerListInput,
  volunteerRegisterInput,
  volunteerStatusInput,
  volunteerUpdateSelfInput,
} from "../../shared/schemas/volunteers";
import { dbFor, guardedBatch, isUniqueViolation, runBatch, type DB } from "../db";
import { fail } from "../errors";
import { COMMUNITY_READERS, COMMUNITY_WRITERS } from "../roles";
import { auditInsertIf, scopedAudit } from "../services/audit";
import { communityBySlugs } from "../services/community";
import { countedMinutesSql, patrolCoverage, settleDueShifts, teamMinutes } from "../services/volunteers";
import { inScope } from "../services/scope";
import {
  byCommunityId,
  communityProcedure,
  publicProcedure,
  residentSelfProcedure,
  router,
  streetProcedure,
  teamLeadProcedure,
  type ScopeResolver,
  type TeamRef,
} from "../trpc";

const DAY = 86_400_000;

const teamRef = async (db: DB, teamId: string): Promise<TeamRef | null> =>
  (
    await db
      .select({
        teamId: volunteerTeams.id,
        communityId: volunteerTeams.communityId,
        leaderVolunteerId: volunteerTeams.leaderVolunteerId,
      })
      .from(volunteerTeams)
      .where(eq(volunteerTeams.id, teamId))
  )[0] ?? null;
const byTeam = (db: DB, input: { teamId: string }) => teamRef(db, input.teamId);
const byShift = async (db: DB, input: { shiftId: string }) => {
  const row = (await db.select({ teamId: shifts.teamId }).from(shifts).where(eq(shifts.id, input.shiftId)))[0];
  return row ? teamRef(db, row.teamId) : null;
};
const byVolunteer: ScopeResolver<{ volunteerId: string }> = async (db, input) => {
  const row = (
    await db
      .select({ communityId: volunteers.communityId })
      .from(volunteers)
      .where(eq(volunteers.id, input.volunteerId))
  )[0];
  return row ? byCommunityId(db, row) : null;
};
const bySignup: ScopeResolver<{ signupId: string }> = async (db, input) => {
  const row = (
    await db
      .select({ communityId: shifts.communityId })
      .from(shiftSignups)
      .innerJoin(shifts, eq(shifts.id, shiftSignups.shiftId))
      .where(eq(shiftSignups.id, input.signupId))
  )[0];
  return row ? byCommunityId(db, row) : null;
};
const byTeamScope: ScopeResolver<{ teamId: string }> = async (db, input) => {
  const t = await teamRef(db, input.teamId);
  return t ? byCommunityId(db, t) : null;
};

const bad = (key: string, field?: string, params?: Record<string, string | number>) =>
  fail.bad(key as MessageKey, field, params);

/** Start of the Shanghai month and year containing `at`, as instants. */
const periodStarts = (at: number) => ({ month: shanghaiMonthStart(at), year: shanghaiYearStart(at) });

async function volunteerOfResident(db: DB, residentId: string) {
  return (
    await db
      .select({ v: volunteers, birthDate: residents.birthDate, name: residents.name })
      .from(volunteers)
      .innerJoin(residents, eq(residents.id, volunteers.residentId))
      .where(eq(volunteers.residentId, residentId))
  )[0];
}

/** A shift of `communityId` with its team; another community's shift is "not found", whatever its state. */
async function shiftWithTeam(db: DB, communityId: string, shiftId: string) {
  const row = (
    await db
      .select({ shift: shifts, team: volunteerTeams })
      .from(shifts)
      .innerJoin(volunteerTeams, eq(volunteerTeams.id, shifts.teamId))
      .where(and(eq(shifts.id, shiftId), eq(shifts.communityId, communityId)))
  )[0];
  if (!row) throw fail.notFound();
  return row;
}

/** A live sign-up of a volunteer for a shift. */
async function liveSignup(db: DB, shiftId: string, volunteerId: string) {
  return (
    await db
      .select()
      .from(shiftSignups)
      .where(
        and(
          eq(shiftSignups.shiftId, shiftId),
          eq(shiftSignups.volunteerId, volunteerId),
          isNull(shiftSignups.cancelledAt),
        ),
      )
  )[0];
}

const shiftColumns = {
  id: shifts.id,
  teamId: shifts.teamId,
  seriesId: shifts.seriesId,
  task: shifts.task,
  startsAt: shifts.startsAt,
  endsAt: shifts.endsAt,
  place: shifts.place,
  gridId: shifts.gridId,
  capacity: shifts.capacity,
  notes: shifts.notes,
  cancelledAt: shifts.cancelledAt,
  cancelReason: shifts.cancelReason,
  settledAt: shifts.settledAt,
  // Qualified by hand: in a one-table query drizzle writes ${shifts.id} as a bare "id", which the
  // subquery would read as the sign-up's own id.
  signedUp: sql<number>`(SELECT count(*) FROM shift_signups s WHERE s.shift_id = "shifts"."id" AND s.cancelled_at IS NULL)`,
  gridName: sql<string | null>`(SELECT g.name FROM grids g WHERE g.id = "shifts"."grid_id")`,
};

/** Check-in for a volunteer: idempotent, in the window around the shift, only with a live sign-up. */
/** `communityId`: the caller's (see shiftWithTeam). */
async function checkIn(db: DB, communityId: string, shiftId: string, volunteerId: string, by: string) {
  const { shift } = await shiftWithTeam(db, communityId, shiftId);
  const now = Date.now();
  if (shift.cancelledAt) throw bad("volunteer.shiftCancelled");
  if (!checkInOpen(shift, now)) throw bad("volunteer.checkInClosed");
  const s = await liveSignup(db, shiftId, volunteerId);
  if (!s) throw bad("volunteer.notSignedUp");
  if (!s.checkInAt)
    await db
      .update(shiftSignups)
      .set({ checkInAt: now, checkInBy: by })
      .where(and(eq(shiftSignups.id, s.id), isNull(shiftSignups.checkInAt)));
  return { checkInAt: s.checkInAt ?? now };
}

async function checkOut(db: DB, communityId: string, shiftId: string, volunteerId: string, by: string) {
  const { shift } = await shiftWithTeam(db, communityId, shiftId);
  const s = await liveSignup(db, shiftId, volunteerId);
  if (!s?.checkInAt) throw bad("volunteer.notCheckedIn");
  if (s.checkOutAt) return { minutes: s.minutes ?? 0 };
  const now = Date.now();
  const minutes = servedMinutes(s.checkInAt, now, shift);
  await db
    .update(shiftSignups)
    .set({ checkOutAt: now, checkOutBy: by, minutes })
    .where(and(eq(shiftSignups.id, s.id), isNull(shiftSignups.checkOutAt)));
  return { minutes };
}

/** A volunteer's service record (Art 19): services with hours, and training, awards and evaluations. */
async function serviceRecord(db: DB, volunteerId: string) {
  const [services, records, certificates] = await db.batch([
    db
      .select({
        // Aliased: D1 batches map columns by name, and both tables have an "id".
        signupId: sql<string>`${shiftSignups.id}`.as("signup_id"),
        shiftId: sql<string>`${shifts.id}`.as("shift_id"),
        date: shifts.startsAt,
        endsAt: shifts.endsAt,
        teamName: sql<string>`${volunteerTeams.name}`.as("team_name"),
        task: shifts.task,
        checkInAt: shiftSignups.checkInAt,
        checkOutAt: shiftSignups.checkOutAt,
        minutes: shiftSignups.minutes,
        adjustedMinutes: shiftSignups.adjustedMinutes,
        adjustReason: shiftSignups.adjustReason,
        flag: shiftSignups.flag,
        counted: countedMinutesSql,
      })
      .from(shiftSignups)
      .innerJoin(shifts, eq(shifts.id, shiftSignups.shiftId))
      .innerJoin(volunteerTeams, eq(volunteerTeams.id, shifts.teamId))
      .where(and(eq(shiftSignups.volunteerId, volunteerId), isNull(shiftSignups.cancelledAt)))
      .orderBy(desc(shifts.startsAt))
      .limit(500),
    db
      .select()
      .from(volunteerRecords)
      .where(eq(volunteerRecords.volunteerId, volunteerId))
      .orderBy(desc(volunteerRecords.date)),
    db
      .select()
      .from(volunteerCertificates)
      .where(eq(volunteerCertificates.volunteerId, volunteerId))
      .orderBy(desc(volunteerCertificates.issuedAt)),
  ]);
  const totalMinutes = services.reduce((sum, s) => sum + Number(s.counted), 0);
  return { services, records, certificates, totalMinutes };
}

export const volunteersRouter = router({
  /** Public: the community's public teams; names only of volunteers who consented, masked. */
  teams: publicProcedure.input(publicTeamsInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const db = dbFor(ctx.env, scope.streetId);
    const now = Date.now();
    const { month, year } = periodStarts(now);
    const [teams, members, byMonth, byYear] = await db.batch([
      db
        .select({
          id: volunteerTeams.id,
          name: volunteerTeams.name,
          kind: volunteerTeams.kind,
          description: volunteerTeams.description,
          risky: volunteerTeams.risky,
          adultsOnly: volunteerTeams.adultsOnly,
        })
        .from(volunteerTeams)
        .where(
          and(
            eq(volunteerTeams.communityId, scope.communityId),
            eq(volunteerTeams.isPublic, true),
            isNull(volunteerTeams.archivedAt),
          ),
        )
        .orderBy(asc(volunteerTeams.name)),
      db
        .select({
          teamId: teamMembers.teamId,
          name: residents.name,
          birthDate: residents.birthDate,
          showName: volunteers.showName,
        })
        .from(teamMembers)
        .innerJoin(volunteers, eq(volunteers.id, teamMembers.volunteerId))
        .innerJoin(residents, eq(residents.id, volunteers.residentId))
        .where(
          and(
            eq(volunteers.communityId, scope.communityId),
            eq(teamMembers.status, "active"),
            eq(volunteers.status, "active"),
          ),
        ),
      teamMinutes(db, scope.communityId, month, now + 366 * DAY),
      teamMinutes(db, scope.communityId, year, now + 366 * DAY),
    ]);
    return teams.map((t) => {
      const mine = members.filter((m) => m.teamId === t.id);
      return {
        ...t,
        members: mine.length,
        // Art 20: a name is shown only with the volunteer's consent, and even then masked; a
        // minor's name never (DOMAIN.md "Personal information").
        names: mine.filter((m) => m.showName && ageOn(m.birthDate, now) >= ADULT_TASK_AGE).map((m) => maskName(m.name)),
        minutesThisMonth: Number(byMonth.find((m) => m.teamId === t.id)?.minutes ?? 0),
        minutesThisYear: Number(byYear.find((m) => m.teamId === t.id)?.minutes ?? 0),
      };
    });
  }),

  /** Public: upcoming shifts of public teams in the next 30 days, with places left. */
  openShifts: publicProcedure.input(publicTeamsInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const db = dbFor(ctx.env, scope.streetId);
    const now = Date.now();
    return db
      .select({
        ...shiftColumns,
        teamName: sql<string>`${volunteerTeams.name}`.as("team_name"),
        teamKind: volunteerTeams.kind,
      })
      .from(shifts)
      .innerJoin(volunteerTeams, eq(volunteerTeams.id, shifts.teamId))
      .where(
        and(
          eq(shifts.communityId, scope.communityId),
          eq(volunteerTeams.isPublic, true),
          isNull(shifts.cancelledAt),
          gte(shifts.startsAt, now),
          lt(shifts.startsAt, now + 30 * DAY),
        ),
      )
      .orderBy(asc(shifts.startsAt))
      .limit(100);
  }),

  /** Public: verify a certificate of service hours by its code (the name masked). */
  verifyCertificate: publicProcedure.input(certificateCodeInput).query(async ({ ctx, input }) => {
    const db = dbFor(ctx.env, null);
    const row = (
      await db
        .select({
          c: volunteerCertificates,
          name: residents.name,
          communityName: sql<string>`${communities.name}`.as("community_name"),
        })
        .from(volunteerCertificates)
        .innerJoin(volunteers, eq(volunteers.id, volunteerCertificates.volunteerId))
        .innerJoin(residents, eq(residents.id, volunteers.residentId))
        .innerJoin(communities, eq(communities.id, volunteerCertificates.communityId))
        .where(eq(volunteerCertificates.code, normaliseReceipt(input.code)))
    )[0];
    if (!row) throw fail.notFound();
    const { code, fromDate, toDate, totalMinutes, services, issuedAt, contentHash } = row.c;
    return {
      code,
      fromDate,
      toDate,
      totalMinutes,
      services,
      issuedAt,
      contentHash,
      volunteerName: maskName(row.name),
      communityName: row.communityName,
    };
  }),

  /** The logged-in resident as a volunteer: profile, teams, sign-ups, open shifts of their teams. */
  mine: residentSelfProcedure.query(async ({ ctx }) => {
    const [me, teams] = await Promise.all([
      volunteerOfResident(ctx.db, ctx.residentId),
      ctx.db
        .select({
          id: volunteerTeams.id,
          name: volunteerTeams.name,
          kind: volunteerTeams.kind,
          description: volunteerTeams.description,
          risky: volunteerTeams.risky,
          adultsOnly: volunteerTeams.adultsOnly,
          cancelCutoffHours: volunteerTeams.cancelCutoffHours,
          leaderVolunteerId: volunteerTeams.leaderVolunteerId,
        })
        .from(volunteerTeams)
        .where(and(eq(volunteerTeams.communityId, ctx.scope.communityId), isNull(volunteerTeams.archivedAt)))
        .orderBy(asc(volunteerTeams.name)),
    ]);
    if (!me)
      return { volunteer: null, teams: teams.map((t) => ({ ...t, membership: null, leads: false })), shifts: [] };
    const now = Date.now();
    const [memberships, upcoming, signups] = await ctx.db.batch([
      ctx.db.select().from(teamMembers).where(eq(teamMembers.volunteerId, me.v.id)),
      ctx.db
        .select(shiftColumns)
        .from(shifts)
        .where(
          and(
            eq(shifts.communityId, ctx.scope.communityId),
            gte(shifts.endsAt, now - DAY),
            lt(shifts.startsAt, now + 30 * DAY),
          ),
        )
        .orderBy(asc(shifts.startsAt))
        .limit(200),
      ctx.db
        .select()
        .from(shiftSignups)
        .where(and(eq(shiftSignups.volunteerId, me.v.id), isNull(shiftSignups.cancelledAt))),
    ]);
    const activeTeams = new Set(memberships.filter((m) => m.status === "active").map((m) => m.teamId));
    const state = { ...me.v, birthDate: me.birthDate };
    return {
      volunteer: {
        ...me.v,
        name: me.name,
        needsGuardian: needsGuardianConsent(me.birthDate, now),
      },
      teams: teams.map((t) => ({
        ...t,
        membership: memberships.find((m) => m.teamId === t.id)?.status ?? null,
        leads: t.leaderVolunteerId === me.v.id,
        joinProblem: joinProblem(t, me, now),
      })),
      // Shifts of my teams (and any I signed up for), each with my sign-up and why I may not sign up.
      // A cancelled shift stays only for those signed up to it, so they see the reason.
      shifts: upcoming
        .filter((s) =>
          s.cancelledAt
            ? signups.some((x) => x.shiftId === s.id)
            : activeTeams.has(s.teamId) || signups.some((x) => x.shiftId === s.id),
        )
        .map((s) => {
          const team = teams.find((t) => t.id === s.teamId)!;
          const mine = signups.find((x) => x.shiftId === s.id) ?? null;
          return {
            ...s,
            teamName: team?.name ?? "",
            teamKind: team?.kind ?? "other",
            signup: mine,
            canCancel: mine ? cancelAllowed(s.startsAt, team.cancelCutoffHours, now) && !mine.checkInAt : false,
            signUpProblem: mine
              ? null
              : (signUpProblem(team, state, s, now) ?? (s.signedUp >= s.capacity ? "volunteer.shiftFull" : null)),
          };
        }),
    };
  }),

  /** A resident registers as a volunteer (pending staff approval) and asks to join teams. */
  register: residentSelfProcedure.input(volunteerRegisterInput).mutation(async ({ ctx, input }) => {
    if (await volunteerOfResident(ctx.db, ctx.residentId)) throw fail.conflict("volunteer.alreadyRegistered");
    const person = (await ctx.db.select().from(residents).where(eq(residents.id, ctx.residentId)))[0];
    const now = Date.now();
    const teams = input.teamIds.length
      ? await ctx.db
          .select()
          .from(volunteerTeams)
          .where(
            and(
              inArray(volunteerTeams.id, input.teamIds),
              eq(volunteerTeams.communityId, ctx.scope.communityId),
              isNull(volunteerTeams.archivedAt),
            ),
          )
      : [];
    if (teams.length !== new Set(input.teamIds).size) throw bad("volunteer.noSuchTeam", "teamIds");
    for (const t of teams) {
      const why = joinProblem(t, person, now);
      if (why) throw bad(why, "teamIds", { team: t.name });
    }
    const id = newId(now);
    await ctx.db.batch([
      ctx.db.insert(volunteers).values({
        id,
        communityId: ctx.scope.communityId,
        residentId: ctx.residentId,
        skills: input.skills,
        availability: input.availability,
        showName: input.showName,
        status: "pending",
        createdAt: now,
        updatedAt: now,
      }),
      ...teams.map((t) =>
        ctx.db.insert(teamMembers).values({ teamId: t.id, volunteerId: id, status: "pending", joinedAt: now }),
      ),
    ]);
    return { id, needsGuardian: needsGuardianConsent(person.birthDate, now) };
  }),

  /** A volunteer changes their skills, availability and consent to show their name. */
  updateSelf: residentSelfProcedure.input(volunteerUpdateSelfInput).mutation(async ({ ctx, input }) => {
    const me = await volunteerOfResident(ctx.db, ctx.residentId);
    if (!me) throw bad("volunteer.notRegistered");
    await ctx.db
      .update(volunteers)
      .set({ ...input, updatedAt: Date.now() })
      .where(eq(volunteers.id, me.v.id));
    return { ok: true };
  }),

  joinTeam: residentSelfProcedure.input(joinTeamInput).mutation(async ({ ctx, input }) => {
    const me = await volunteerOfResident(ctx.db, ctx.residentId);
    if (!me) throw bad("volunteer.notRegistered");
    const team = (
      await ctx.db
        .select()
        .from(volunteerTeams)
        .where(
          and(
            eq(volunteerTeams.id, input.teamId),
            eq(volunteerTeams.communityId, ctx.scope.communityId),
            isNull(volunteerTeams.archivedAt),
          ),
        )
    )[0];
    if (!team) throw fail.notFound();
    const why = joinProblem(team, me, Date.now());
    if (why) throw bad(why, "teamId", { team: team.name });
    await ctx.db
      .insert(teamMembers)
      .values({ teamId: team.id, volunteerId: me.v.id, status: "pending", joinedAt: Date.now() })
      .onConflictDoUpdate({
        target: [teamMembers.teamId, teamMembers.volunteerId],
        set: { status: "pending" },
        setWhere: eq(teamMembers.status, "left"),
      });
    return { ok: true };
  }),

  /**
   * Sign up for a shift. The capacity is checked inside the insert itself, and one live sign-up
   * per volunteer is a unique index: concurrent sign-ups can never overfill a shift.
   */
  signUp: residentSelfProcedure.input(shiftIdInput).mutation(async ({ ctx, input }) => {
    const me = await volunteerOfResident(ctx.db, ctx.residentId);
    if (!me) throw bad("volunteer.notRegistered");
    const { shift, team } = await shiftWithTeam(ctx.db, ctx.scope.communityId, input.shiftId);
    const member = await ctx.db
      .select({ status: teamMembers.status })
      .from(teamMembers)
      .where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.volunteerId, me.v.id)));
    if (member[0]?.status !== "active") throw bad("volunteer.notMember", undefined, { team: team.name });
    const now = Date.now();
    const why = signUpProblem(team, { ...me.v, birthDate: me.birthDate }, shift, now);
    if (why) throw bad(why, undefined, { team: team.name });
    const id = newId(now);
    try {
      const [inserted] = await guardedBatch(ctx.db, [
        sql`INSERT INTO shift_signups (id, shift_id, volunteer_id, signed_up_at)
          SELECT ${id}, ${shift.id}, ${me.v.id}, ${now}
          WHERE (SELECT count(*) FROM shift_signups WHERE shift_id = ${shift.id} AND cancelled_at IS NULL)
            < (SELECT capacity FROM shifts WHERE id = ${shift.id} AND cancelled_at IS NULL)`,
      ]);
      if (!inserted.meta?.changes) throw bad("volunteer.shiftFull");
    } catch (e) {
      if (isUniqueViolation(e)) throw bad("volunteer.alreadySignedUp");
      throw e;
    }
    return { id };
  }),

  /** Cancel a sign-up, until the team's cut-off before the start; never after checking in. */
  cancel: residentSelfProcedure.input(shiftIdInput).mutation(async ({ ctx, input }) => {
    const me = await volunteerOfResident(ctx.db, ctx.residentId);
    if (!me) throw bad("volunteer.notRegistered");
    const { shift, team } = await shiftWithTeam(ctx.db, ctx.scope.communityId, input.shiftId);
    const s = await liveSignup(ctx.db, shift.id, me.v.id);
    if (!s) throw bad("volunteer.notSignedUp");
    if (s.checkInAt || !cancelAllowed(shift.startsAt, team.cancelCutoffHours, Date.now()))
      throw bad("volunteer.cancelClosed", undefined, { hours: team.cancelCutoffHours });
    await ctx.db
      .update(shiftSignups)
      .set({ cancelledAt: Date.now() })
      .where(and(eq(shiftSignups.id, s.id), isNull(shiftSignups.checkInAt)));
    return { ok: true };
  }),

  /** Check in by scanning the shift's QR code (the volunteer themself). */
  checkIn: residentSelfProcedure.input(shiftIdInput).mutation(async ({ ctx, input }) => {
    const me = await volunteerOfResident(ctx.db, ctx.residentId);
    if (!me) throw bad("volunteer.notRegistered");
    return checkIn(ctx.db, ctx.scope.communityId, input.shiftId, me.v.id, ctx.user.id);
  }),

  checkOut: residentSelfProcedure.input(shiftIdInput).mutation(async ({ ctx, input }) => {
    const me = await volunteerOfResident(ctx.db, ctx.residentId);
    if (!me) throw bad("volunteer.notRegistered");
    return checkOut(ctx.db, ctx.scope.communityId, input.shiftId, me.v.id, ctx.user.id);
  }),

  /** The resident's own service record (志愿服务记录) with certificates issued. */
  myRecord: residentSelfProcedure.query(async ({ ctx }) => {
    const me = await volunteerOfResident(ctx.db, ctx.residentId);
    if (!me) throw bad("volunteer.notRegistered");
    await settleDueShifts(ctx.db, ctx.scope);
    return { name: me.name, communityName: ctx.scope.communityName, ...(await serviceRecord(ctx.db, me.v.id)) };
  }),

  /**
   * Issue a certificate of service hours for a date range, free and on request: a snapshot of the
   * counted hours with a code anyone can verify.
   */
  requestCertificate: residentSelfProcedure.input(certificateInput).mutation(async ({ ctx, input }) => {
    if (input.toDate < input.fromDate) throw bad("volunteer.badRange", "toDate");
    const me = await volunteerOfResident(ctx.db, ctx.residentId);
    if (!me) throw bad("volunteer.notRegistered");
    await settleDueShifts(ctx.db, ctx.scope);
    const { services } = await serviceRecord(ctx.db, me.v.id);
    const inRange = services.filter((s) => {
      const d = shanghaiDate(s.date);
      return d >= input.fromDate && d <= input.toDate && Number(s.counted) > 0;
    });
    const now = Date.now();
    const code = newReceipt();
    const totalMinutes = inRange.reduce((sum, s) => sum + Number(s.counted), 0);
    const hash = await contentHash(
      certificateContent({
        code,
        community: ctx.scope.communityName,
        volunteerName: me.name,
        fromDate: input.fromDate,
        toDate: input.toDate,
        totalMinutes,
        services: inRange.length,
        issuedAt: now,
      }),
    );
    await ctx.db.insert(volunteerCertificates).values({
      code,
      volunteerId: me.v.id,
      communityId: ctx.scope.communityId,
      issuedAt: now,
      fromDate: input.fromDate,
      toDate: input.toDate,
      totalMinutes,
      services: inRange.length,
      contentHash: hash,
    });
    return { code, totalMinutes, services: inRange.length };
  }),

  /** The resident's own certificate, with the full name and the services it covers, for printing. */
  myCertificate: residentSelfProcedure.input(certificateCodeInput).query(async ({ ctx, input }) => {
    const me = await volunteerOfResident(ctx.db, ctx.residentId);
    if (!me) throw bad("volunteer.notRegistered");
    const cert = (
      await ctx.db
        .select()
        .from(volunteerCertificates)
        .where(
          and(
            eq(volunteerCertificates.code, normaliseReceipt(input.code)),
            eq(volunteerCertificates.volunteerId, me.v.id),
          ),
        )
    )[0];
    if (!cert) throw fail.notFound();
    const { services } = await serviceRecord(ctx.db, me.v.id);
    return {
      ...cert,
      volunteerName: me.name,
      communityName: ctx.scope.communityName,
      street: ctx.scope.streetSlug,
      // The services as recorded now; `services` (the count) and the totals are the snapshot at issue.
      serviceRows: services.filter((s) => {
        const d = shanghaiDate(s.date);
        return d >= cert.fromDate && d <= cert.toDate && Number(s.counted) > 0;
      }),
    };
  }),

  /** Staff: the community's teams with members and pending requests. */
  teamList: communityProcedure(COMMUNITY_READERS, communityIdInput, byCommunityId).query(async ({ ctx }) => {
    const now = Date.now();
    const { year } = periodStarts(now);
    const [teams, counts, minutes] = await ctx.db.batch([
      ctx.db
        .select({
          team: volunteerTeams,
          leaderName: sql<
            string | null
          >`(SELECT r.name FROM volunteers v JOIN residents r ON r.id = v.resident_id WHERE v.id = ${volunteerTeams.leaderVolunteerId})`,
        })
        .from(volunteerTeams)
        .where(eq(volunteerTeams.communityId, ctx.scope.communityId))
        .orderBy(asc(volunteerTeams.name)),
      ctx.db
        .select({
          teamId: teamMembers.teamId,
          active: sql<number>`sum(CASE WHEN ${teamMembers.status} = 'active' THEN 1 ELSE 0 END)`,
          pending: sql<number>`sum(CASE WHEN ${teamMembers.status} = 'pending' THEN 1 ELSE 0 END)`,
        })
        .from(teamMembers)
        .innerJoin(volunteerTeams, eq(volunteerTeams.id, teamMembers.teamId))
        .where(eq(volunteerTeams.communityId, ctx.scope.communityId))
        .groupBy(teamMembers.teamId),
      teamMinutes(ctx.db, ctx.scope.communityId, year, now + 366 * DAY),
    ]);
    return teams.map(({ team, leaderName }) => {
      const c = counts.find((x) => x.teamId === team.id);
      return {
        ...team,
        leaderName,
        members: Number(c?.active ?? 0),
        pending: Number(c?.pending ?? 0),
        minutesThisYear: Number(minutes.find((m) => m.teamId === team.id)?.minutes ?? 0),
      };
    });
  }),

  teamCreate: communityProcedure(COMMUNITY_WRITERS, teamCreateInput, byCommunityId).mutation(async ({ ctx, input }) => {
    const { communityId: _, ...fields } = input;
    if (fields.leaderVolunteerId) await assertLeader(ctx.db, ctx.scope.communityId, fields.leaderVolunteerId, fields);
    const now = Date.now();
    const id = newId(now);
    const row = { id, communityId: ctx.scope.communityId, ...fields, createdAt: now, updatedAt: now };
    try {
      await ctx.db.batch([
        ctx.db.insert(volunteerTeams).values(row),
        ...(fields.leaderVolunteerId
          ? [
              ctx.db
                .insert(teamMembers)
                .values({ teamId: id, volunteerId: fields.leaderVolunteerId, status: "active", joinedAt: now }),
            ]
          : []),
        scopedAudit(ctx.scope, ctx.user)(ctx.db, "volunteer.teamCreate", "volunteerTeam", id, undefined, row, now),
      ]);
    } catch (e) {
      if (isUniqueViolation(e)) throw fail.conflict("volunteer.teamExists", "name");
      throw e;
    }
    return { id };
  }),

  teamUpdate: communityProcedure(COMMUNITY_WRITERS, teamUpdateInput, byTeamScope).mutation(async ({ ctx, input }) => {
    const { teamId, ...fields } = input;
    const before = (await ctx.db.select().from(volunteerTeams).where(eq(volunteerTeams.id, teamId)))[0];
    if (fields.leaderVolunteerId) await assertLeader(ctx.db, ctx.scope.communityId, fields.leaderVolunteerId, fields);
    const now = Date.now();
    try {
      await ctx.db.batch([
        ctx.db
          .update(volunteerTeams)
          .set({ ...fields, updatedAt: now })
          .where(eq(volunteerTeams.id, teamId)),
        ...(fields.leaderVolunteerId
          ? [
              ctx.db
                .insert(teamMembers)
                .values({ teamId, volunteerId: fields.leaderVolunteerId, status: "active", joinedAt: now })
                .onConflictDoUpdate({
                  target: [teamMembers.teamId, teamMembers.volunteerId],
                  set: { status: "active" },
                }),
            ]
          : []),
        scopedAudit(ctx.scope, ctx.user)(ctx.db, "volunteer.teamUpdate", "volunteerTeam", teamId, before, fields, now),
      ]);
    } catch (e) {
      if (isUniqueViolation(e)) throw fail.conflict("volunteer.teamExists", "name");
      throw e;
    }
    return { ok: true };
  }),

  /** Staff: volunteers of the community, with their teams, insurance and guardian consent. */
  volunteerList: communityProcedure(COMMUNITY_READERS, volunteerListInput, byCommunityId).query(
    async ({ ctx, input }) => {
      const now = Date.now();
      const q = input.q.replace(/[%_]/g, "");
      const rows = await ctx.db
        .select({
          v: volunteers,
          name: residents.name,
          birthDate: residents.birthDate,
          minutes: sql<number>`(SELECT coalesce(sum(coalesce(s.adjusted_minutes, s.minutes, 0)), 0) FROM shift_signups s WHERE s.volunteer_id = ${volunteers.id} AND s.cancelled_at IS NULL)`,
        })
        .from(volunteers)
        .innerJoin(residents, eq(residents.id, volunteers.residentId))
        .where(
          and(
            eq(volunteers.communityId, ctx.scope.communityId),
            input.status ? eq(volunteers.status, input.status) : undefined,
            q ? sql`instr(${residents.name}, ${q}) > 0` : undefined,
          ),
        )
        .orderBy(asc(residents.name))
        .limit(200);
      const memberships = rows.length
        ? await ctx.db
            .select({
              volunteerId: teamMembers.volunteerId,
              teamId: teamMembers.teamId,
              status: teamMembers.status,
              teamName: volunteerTeams.name,
            })
            .from(teamMembers)
            .innerJoin(volunteerTeams, eq(volunteerTeams.id, teamMembers.teamId))
            .where(
              inArray(
                teamMembers.volunteerId,
                rows.map((r) => r.v.id),
              ),
            )
        : [];
      return rows.map((r) => ({
        ...r.v,
        name: r.name,
        age: ageOn(r.birthDate, now),
        needsGuardian: needsGuardianConsent(r.birthDate, now),
        minutes: Number(r.minutes),
        teams: memberships.filter((m) => m.volunteerId === r.v.id),
      }));
    },
  ),

  /** Staff approve a volunteer; a child under 14 needs a guardian's consent on record first (PIPL 31). */
  approveVolunteer: communityProcedure(COMMUNITY_WRITERS, volunteerIdInput, byVolunteer).mutation(
    async ({ ctx, input }) => {
      const row = (
        await ctx.db
          .select({ v: volunteers, birthDate: residents.birthDate })
          .from(volunteers)
          .innerJoin(residents, eq(residents.id, volunteers.residentId))
          .where(eq(volunteers.id, input.volunteerId))
      )[0];
      const now = Date.now();
      if (needsGuardianConsent(row.birthDate, now) && !row.v.guardianConsentAt)
        throw bad("volunteer.guardianConsent", "volunteerId");
      await ctx.db.batch([
        ctx.db
          .update(volunteers)
          .set({ status: "active", approvedBy: ctx.user.id, approvedAt: now, updatedAt: now })
          .where(eq(volunteers.id, row.v.id)),
        scopedAudit(ctx.scope, ctx.user)(
          ctx.db,
          "volunteer.approve",
          "volunteer",
          row.v.id,
          { status: row.v.status },
          { status: "active" },
          now,
        ),
      ]);
      return { ok: true };
    },
  ),

  /** Staff take a volunteer off active service (moved away, stopped) or back on; audited. */
  setVolunteerStatus: communityProcedure(COMMUNITY_WRITERS, volunteerStatusInput, byVolunteer).mutation(
    async ({ ctx, input }) => {
      const row = (await ctx.db.select().from(volunteers).where(eq(volunteers.id, input.volunteerId)))[0];
      if (row.status === "pending") throw bad("volunteer.stillPending", "volunteerId");
      const now = Date.now();
      await ctx.db.batch([
        ctx.db.update(volunteers).set({ status: input.status, updatedAt: now }).where(eq(volunteers.id, row.id)),
        scopedAudit(ctx.scope, ctx.user)(
          ctx.db,
          "volunteer.setStatus",
          "volunteer",
          row.id,
          { status: row.status },
          { status: input.status },
          now,
        ),
      ]);
      return { ok: true };
    },
  ),

  /** Staff archive a team that no longer serves (its record and hours stay), or bring it back. */
  teamArchive: communityProcedure(COMMUNITY_WRITERS, teamArchiveInput, byTeamScope).mutation(async ({ ctx, input }) => {
    const now = Date.now();
    await ctx.db.batch([
      ctx.db
        .update(volunteerTeams)
        .set({ archivedAt: input.archived ? now : null, updatedAt: now })
        .where(eq(volunteerTeams.id, input.teamId)),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        input.archived ? "volunteer.teamArchive" : "volunteer.teamRestore",
        "volunteerTeam",
        input.teamId,
        undefined,
        input,
        now,
      ),
    ]);
    return { ok: true };
  }),

  /** Staff record the volunteer's accident insurance (Art 17: needed before risky tasks). */
  setInsurance: communityProcedure(COMMUNITY_WRITERS, insuranceInput, byVolunteer).mutation(async ({ ctx, input }) => {
    const { volunteerId, ...fields } = input;
    const now = Date.now();
    await ctx.db.batch([
      ctx.db
        .update(volunteers)
        .set({ ...fields, updatedAt: now })
        .where(eq(volunteers.id, volunteerId)),
      scopedAudit(ctx.scope, ctx.user)(ctx.db, "volunteer.insurance", "volunteer", volunteerId, undefined, fields, now),
    ]);
    return { ok: true };
  }),

  /** Staff record a guardian's written consent for a volunteer under 14. */
  setGuardianConsent: communityProcedure(COMMUNITY_WRITERS, guardianInput, byVolunteer).mutation(
    async ({ ctx, input }) => {
      const now = Date.now();
      await ctx.db.batch([
        ctx.db
          .update(volunteers)
          .set({ guardianName: input.guardianName, guardianConsentAt: now, updatedAt: now })
          .where(eq(volunteers.id, input.volunteerId)),
        scopedAudit(ctx.scope, ctx.user)(
          ctx.db,
          "volunteer.guardianConsent",
          "volunteer",
          input.volunteerId,
          undefined,
          { guardianName: input.guardianName },
          now,
        ),
      ]);
      return { ok: true };
    },
  ),

  /** Staff add training, an award or an evaluation to a volunteer's record. */
  addRecord: communityProcedure(COMMUNITY_WRITERS, recordInput, byVolunteer).mutation(async ({ ctx, input }) => {
    const now = Date.now();
    const id = newId(now);
    await ctx.db.batch([
      ctx.db.insert(volunteerRecords).values({
        id,
        communityId: ctx.scope.communityId,
        ...input,
        recordedBy: ctx.user.displayName,
        createdAt: now,
      }),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "volunteer.addRecord",
        "volunteer",
        input.volunteerId,
        undefined,
        input,
        now,
      ),
    ]);
    return { id };
  }),

  /** Staff: one volunteer's full service record. */
  volunteerRecord: communityProcedure(COMMUNITY_READERS, volunteerIdInput, byVolunteer).query(
    async ({ ctx, input }) => {
      await settleDueShifts(ctx.db, ctx.scope);
      const [who, teams] = await ctx.db.batch([
        ctx.db
          .select({ v: volunteers, name: residents.name, birthDate: residents.birthDate })
          .from(volunteers)
          .innerJoin(residents, eq(residents.id, volunteers.residentId))
          .where(eq(volunteers.id, input.volunteerId)),
        ctx.db
          .select({ teamId: teamMembers.teamId, status: teamMembers.status, teamName: volunteerTeams.name })
          .from(teamMembers)
          .innerJoin(volunteerTeams, eq(volunteerTeams.id, teamMembers.teamId))
          .where(eq(teamMembers.volunteerId, input.volunteerId)),
      ]);
      const now = Date.now();
      return {
        name: who[0].name,
        profile: {
          ...who[0].v,
          name: who[0].name,
          age: ageOn(who[0].birthDate, now),
          needsGuardian: needsGuardianConsent(who[0].birthDate, now),
          teams,
        },
        ...(await serviceRecord(ctx.db, input.volunteerId)),
      };
    },
  ),

  /**
   * Staff correct the minutes of a sign-up, with a reason: audited with before and after. Leaders
   * cannot: hours come from check-in and check-out (DOMAIN.md).
   */
  adjustMinutes: communityProcedure(COMMUNITY_WRITERS, adjustInput, bySignup).mutation(async ({ ctx, input }) => {
    const row = (
      await ctx.db
        .select({ s: shiftSignups, shift: shifts })
        .from(shiftSignups)
        .innerJoin(shifts, eq(shifts.id, shiftSignups.shiftId))
        .where(eq(shiftSignups.id, input.signupId))
    )[0];
    if (row.shift.endsAt > Date.now()) throw bad("volunteer.notEnded", "signupId");
    const length = Math.floor((row.shift.endsAt - row.shift.startsAt) / 60_000);
    if (input.minutes > length) throw bad("volunteer.adjustTooLong", "minutes", { max: length });
    if (row.s.cancelledAt) throw bad("volunteer.notSignedUp");
    const now = Date.now();
    await ctx.db.batch([
      ctx.db
        .update(shiftSignups)
        .set({ adjustedMinutes: input.minutes, adjustReason: input.reason })
        .where(eq(shiftSignups.id, row.s.id)),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "volunteer.adjustMinutes",
        "shiftSignup",
        row.s.id,
        { minutes: row.s.minutes, adjustedMinutes: row.s.adjustedMinutes },
        { adjustedMinutes: input.minutes, reason: input.reason },
        now,
      ),
    ]);
    return { ok: true };
  }),

  /** Staff: every shift of the community in a window (a week or a month), with how full it is. */
  calendar: communityProcedure(COMMUNITY_READERS, calendarInput, byCommunityId).query(async ({ ctx, input }) => {
    if (input.to <= input.from || input.to - input.from > 62 * DAY) throw bad("volunteer.badRange", "to");
    await settleDueShifts(ctx.db, ctx.scope);
    return ctx.db
      .select({
        ...shiftColumns,
        teamName: sql<string>`${volunteerTeams.name}`.as("team_name"),
        teamKind: volunteerTeams.kind,
      })
      .from(shifts)
      .innerJoin(volunteerTeams, eq(volunteerTeams.id, shifts.teamId))
      .where(
        and(
          eq(shifts.communityId, ctx.scope.communityId),
          input.teamId ? eq(shifts.teamId, input.teamId) : undefined,
          gte(shifts.startsAt, input.from),
          lt(shifts.startsAt, input.to),
        ),
      )
      .orderBy(asc(shifts.startsAt))
      .limit(1000);
  }),

  /** Staff or the team's leader: the team's members and requests to join. */
  teamMembers: teamLeadProcedure(teamIdInput, byTeam).query(async ({ ctx }) => {
    const [team, members] = await ctx.db.batch([
      ctx.db.select().from(volunteerTeams).where(eq(volunteerTeams.id, ctx.team.teamId)),
      ctx.db
        .select({
          volunteerId: volunteers.id,
          name: residents.name,
          birthDate: residents.birthDate,
          status: teamMembers.status,
          volunteerStatus: sql<string>`${volunteers.status}`.as("volunteer_status"),
          insuredUntil: volunteers.insuredUntil,
          skills: volunteers.skills,
          joinedAt: teamMembers.joinedAt,
        })
        .from(teamMembers)
        .innerJoin(volunteers, eq(volunteers.id, teamMembers.volunteerId))
        .innerJoin(residents, eq(residents.id, volunteers.residentId))
        .where(and(eq(teamMembers.teamId, ctx.team.teamId), ne(teamMembers.status, "left")))
        .orderBy(asc(residents.name)),
    ]);
    const now = Date.now();
    return {
      team: team[0],
      asLeader: ctx.asLeader,
      members: members.map(({ birthDate, ...m }) => ({ ...m, age: ageOn(birthDate, now) })),
    };
  }),

  /** Staff or the leader: the team's shifts from a week ago to 60 days ahead, cancelled ones included. */
  teamShifts: teamLeadProcedure(teamIdInput, byTeam).query(({ ctx }) => {
    const now = Date.now();
    return ctx.db
      .select(shiftColumns)
      .from(shifts)
      .where(
        and(
          eq(shifts.teamId, ctx.team.teamId),
          gte(shifts.startsAt, now - 7 * DAY),
          lt(shifts.startsAt, now + 60 * DAY),
        ),
      )
      .orderBy(asc(shifts.startsAt))
      .limit(300);
  }),

  /** Staff or the leader accept or decline a request to join (or remove a member). */
  decideMembership: teamLeadProcedure(membershipInput, byTeam).mutation(async ({ ctx, input }) => {
    const now = Date.now();
    const statusNow = input.approve ? "active" : "left";
    if (input.approve) {
      // The team may have become adults-only since the request: the rule holds at acceptance too.
      const row = (
        await ctx.db
          .select({ team: volunteerTeams, birthDate: residents.birthDate })
          .from(volunteerTeams)
          .innerJoin(volunteers, eq(volunteers.id, input.volunteerId))
          .innerJoin(residents, eq(residents.id, volunteers.residentId))
          .where(and(eq(volunteerTeams.id, input.teamId), eq(volunteers.communityId, ctx.scope.communityId)))
      )[0];
      if (!row) throw fail.notFound();
      const why = joinProblem(row.team, row, now);
      if (why) throw bad(why, "volunteerId", { team: row.team.name });
    }
    // The audit row first, guarded on the change about to happen: a no-op records nothing.
    const [, updated] = await guardedBatch(ctx.db, [
      auditInsertIf(
        {
          streetId: ctx.scope.streetId,
          communityId: ctx.scope.communityId,
          actor: ctx.user,
          action: input.approve ? "volunteer.memberApprove" : "volunteer.memberRemove",
          entity: "volunteerTeam",
          entityId: input.teamId,
          after: { volunteerId: input.volunteerId, status: statusNow },
          at: now,
        },
        sql`EXISTS (SELECT 1 FROM team_members WHERE team_id = ${input.teamId}
          AND volunteer_id = ${input.volunteerId} AND status != ${statusNow})`,
      ),
      sql`UPDATE team_members SET status = ${statusNow}
        WHERE team_id = ${input.teamId} AND volunteer_id = ${input.volunteerId} AND status != ${statusNow}`,
    ]);
    if (!updated.meta?.changes) throw fail.notFound();
    return { ok: true };
  }),

  /** Staff or the leader plan a shift, or a weekly series of them (at most 60 at once). */
  shiftCreate: teamLeadProcedure(shiftCreateInput, byTeam).mutation(async ({ ctx, input }) => {
    if (input.endsAt <= input.startsAt) throw bad("volunteer.endsBeforeStarts", "endsAt");
    if (input.endsAt - input.startsAt > MAX_SHIFT_MS) throw bad("volunteer.shiftTooLong", "endsAt");
    const now = Date.now();
    if (input.startsAt < now) throw bad("volunteer.startsInPast", "startsAt");
    if (input.gridId) {
      const grid = await ctx.db
        .select({ id: grids.id })
        .from(grids)
        .where(and(eq(grids.id, input.gridId), eq(grids.communityId, ctx.scope.communityId)));
      if (!grid.length) throw bad("volunteer.noSuchGrid", "gridId");
    }
    const length = input.endsAt - input.startsAt;
    const starts = input.repeat
      ? weeklyStarts(input.startsAt, input.repeat.weekdays, input.repeat.until)
      : [input.startsAt];
    if (!starts.length) throw bad("volunteer.emptySeries", "repeat");
    const seriesId = input.repeat ? newId(now) : null;
    const rows = starts.map((startsAt) => ({
      id: newId(now),
      teamId: ctx.team.teamId,
      communityId: ctx.scope.communityId,
      seriesId,
      task: input.task,
      startsAt,
      endsAt: startsAt + length,
      place: input.place,
      gridId: input.gridId,
      capacity: input.capacity,
      notes: input.notes,
      createdBy: ctx.user.id,
      createdAt: now,
    }));
    await runBatch(ctx.db, [
      ...rows.map((r) => ctx.db.insert(shifts).values(r)),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "volunteer.shiftCreate",
        "volunteerTeam",
        ctx.team.teamId,
        undefined,
        { ...input, count: rows.length },
        now,
      ),
    ]);
    return { ids: rows.map((r) => r.id), seriesId };
  }),

  /** Cancel a shift that has not started, with a reason shown to those signed up. */
  shiftCancel: teamLeadProcedure(shiftCancelInput, byShift).mutation(async ({ ctx, input }) => {
    const { shift } = await shiftWithTeam(ctx.db, ctx.scope.communityId, input.shiftId);
    const now = Date.now();
    if (shift.cancelledAt) return { ok: true };
    if (shift.startsAt <= now) throw bad("volunteer.shiftStarted");
    await ctx.db.batch([
      ctx.db
        .update(shifts)
        .set({ cancelledAt: now, cancelReason: input.reason })
        .where(and(eq(shifts.id, shift.id), isNull(shifts.cancelledAt))),
      scopedAudit(ctx.scope, ctx.user)(ctx.db, "volunteer.shiftCancel", "shift", shift.id, undefined, input, now),
    ]);
    return { ok: true };
  }),

  /** Staff or the leader: a shift's roster with check-in and check-out, for the day. */
  roster: teamLeadProcedure(shiftIdInput, byShift).query(async ({ ctx, input }) => {
    await settleDueShifts(ctx.db, ctx.scope);
    const { shift, team } = await shiftWithTeam(ctx.db, ctx.scope.communityId, input.shiftId);
    const signups = await ctx.db
      .select({
        id: shiftSignups.id,
        volunteerId: shiftSignups.volunteerId,
        name: residents.name,
        signedUpAt: shiftSignups.signedUpAt,
        checkInAt: shiftSignups.checkInAt,
        checkOutAt: shiftSignups.checkOutAt,
        minutes: shiftSignups.minutes,
        adjustedMinutes: shiftSignups.adjustedMinutes,
        adjustReason: shiftSignups.adjustReason,
        flag: shiftSignups.flag,
      })
      .from(shiftSignups)
      .innerJoin(volunteers, eq(volunteers.id, shiftSignups.volunteerId))
      .innerJoin(residents, eq(residents.id, volunteers.residentId))
      .where(and(eq(shiftSignups.shiftId, shift.id), isNull(shiftSignups.cancelledAt)))
      .orderBy(asc(residents.name));
    const grid = shift.gridId
      ? (await ctx.db.select({ name: grids.name }).from(grids).where(eq(grids.id, shift.gridId)))[0]
      : undefined;
    return {
      shift,
      gridName: grid?.name ?? null,
      team: { id: team.id, name: team.name, kind: team.kind },
      asLeader: ctx.asLeader,
      community: { street: ctx.scope.streetSlug, community: ctx.scope.communitySlug },
      signups,
    };
  }),

  leaderCheckIn: teamLeadProcedure(rosterActionInput, byShift).mutation(({ ctx, input }) =>
    checkIn(ctx.db, ctx.scope.communityId, input.shiftId, input.volunteerId, ctx.user.id),
  ),
  leaderCheckOut: teamLeadProcedure(rosterActionInput, byShift).mutation(({ ctx, input }) =>
    checkOut(ctx.db, ctx.scope.communityId, input.shiftId, input.volunteerId, ctx.user.id),
  ),

  /** Street office: hours per 100 residents and patrol coverage, per community. */
  streetStats: streetProcedure(["street_admin", "street_viewer"]).query(async ({ ctx }) => {
    // Forgotten check-outs count once settled: settle what is due before adding up.
    await settleDueShifts(ctx.db, { streetId: ctx.streetId });
    const now = Date.now();
    const { year } = periodStarts(now);
    const [rows, minutes, people, volunteerCounts, patrol] = await ctx.db.batch([
      ctx.db
        .select({ id: communities.id, slug: communities.slug, name: communities.name, kind: communities.kind })
        .from(communities)
        .where(eq(communities.streetId, ctx.streetId))
        .orderBy(asc(communities.name)),
      ctx.db
        .select({ communityId: shifts.communityId, minutes: sql<number>`coalesce(sum(${countedMinutesSql}), 0)` })
        .from(shiftSignups)
        .innerJoin(shifts, eq(shifts.id, shiftSignups.shiftId))
        .where(
          and(
            inScope(shifts.communityId, { streetId: ctx.streetId }),
            isNull(shiftSignups.cancelledAt),
            gte(shifts.startsAt, year),
            lt(shifts.startsAt, now),
          ),
        )
        .groupBy(shifts.communityId),
      ctx.db
        .select({ communityId: residents.communityId, n: sql<number>`count(*)` })
        .from(residents)
        .where(and(inScope(residents.communityId, { streetId: ctx.streetId }), eq(residents.status, "active")))
        .groupBy(residents.communityId),
      ctx.db
        .select({ communityId: volunteers.communityId, n: sql<number>`count(*)` })
        .from(volunteers)
        .where(and(inScope(volunteers.communityId, { streetId: ctx.streetId }), eq(volunteers.status, "active")))
        .groupBy(volunteers.communityId),
      patrolCoverage(ctx.db, ctx.streetId, now - 30 * DAY, now),
    ]);
    return rows.map((c) => {
      const m = Number(minutes.find((x) => x.communityId === c.id)?.minutes ?? 0);
      const residentsN = Number(people.find((x) => x.communityId === c.id)?.n ?? 0);
      const p = patrol.find((x) => x.communityId === c.id);
      return {
        ...c,
        residents: residentsN,
        volunteers: Number(volunteerCounts.find((x) => x.communityId === c.id)?.n ?? 0),
        minutesThisYear: m,
        hoursPer100: hoursPer100(m, residentsN),
        patrolPlanned: Number(p?.planned ?? 0),
        patrolFilled: Number(p?.filled ?? 0),
        patrolCoverage: coverage(Number(p?.filled ?? 0), Number(p?.planned ?? 0)),
      };
    });
  }),
});

/** A team's leader must be an active volunteer of the same community who may serve on the team. */
async function assertLeader(db: DB, communityId: string, volunteerId: string, team: TeamRules & { name: string }) {
  const v = await db
    .select({ id: volunteers.id, birthDate: residents.birthDate })
    .from(volunteers)
    .innerJoin(residents, eq(residents.id, volunteers.residentId))
    .where(
      and(eq(volunteers.id, volunteerId), eq(volunteers.communityId, communityId), eq(volunteers.status, "active")),
    );
  if (!v.length) throw bad("volunteer.badLeader", "leaderVolunteerId");
  const why = joinProblem(team, v[0], Date.now());
  if (why) throw bad(why, "leaderVolunteerId", { team: team.name });
}
