import { env } from "cloudflare:workers";
import { Client, type TrpcResult } from "./helpers";
import { DAY, expectOk, STREET } from "./fixtures";
import { uniqueName } from "./residents-fixtures";
import { voters, type Voter } from "./polls-fixtures";

export const MIN = 60_000;
export const HOUR = 3_600_000;

/** An instant given as a Beijing wall-clock time, e.g. beijing("2026-03-02 22:00"). */
export const beijing = (local: string) => Date.parse(`${local.replace(" ", "T")}:00+08:00`);
/** The Beijing calendar date of an instant, computed here rather than by the code under test. */
export const beijingDay = (at: number) => new Date(at + 8 * HOUR).toISOString().slice(0, 10);
/** The Beijing weekday (0 = Sunday) of an instant. */
export const beijingWeekday = (at: number) => new Date(at + 8 * HOUR).getUTCDay();
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
/** 00:00 Beijing on 1 January of the current Beijing year. */
export const yearStart = (now = Date.now()) => Date.parse(`${beijingDay(now).slice(0, 4)}-01-01T00:00:00+08:00`);
/** 00:00 Beijing on the 1st of the current Beijing month. */
export const monthStart = (now = Date.now()) => Date.parse(`${beijingDay(now).slice(0, 7)}-01T00:00:00+08:00`);

export type TeamFields = Partial<{
  name: string;
  kind: "patrol" | "mediation" | "elderly_care" | "legal_aid" | "environment" | "other";
  description: string;
  isPublic: boolean;
  risky: boolean;
  adultsOnly: boolean;
  cancelCutoffHours: number;
  leaderVolunteerId: string | null;
}>;

export function teamInput(communityId: string, fields: TeamFields = {}) {
  return {
    communityId,
    name: `队伍 ${uniqueName("队")}`,
    kind: "other" as const,
    description: "服务社区",
    isPublic: true,
    risky: false,
    adultsOnly: false,
    cancelCutoffHours: 12,
    leaderVolunteerId: null,
    ...fields,
  };
}

export async function createTeam(staff: Client, communityId: string, fields: TeamFields = {}) {
  const input = teamInput(communityId, fields);
  const { id } = expectOk(await staff.mutate<{ id: string }>("volunteers.teamCreate", input));
  return { id, name: input.name };
}

/** The night patrol: risky and adults only. */
export const nightPatrol = (staff: Client, communityId: string, fields: TeamFields = {}) =>
  createTeam(staff, communityId, { kind: "patrol", risky: true, adultsOnly: true, ...fields });

export type Volunteer = Voter & { volunteerId: string };

/**
 * `n` residents (written straight into D1 with a login) who register as volunteers through the
 * API, asking to join `teamIds`; unless told otherwise, staff approve them and accept them on
 * every team, and record insurance when `insuredUntil` is given.
 */
export async function enrol(
  staff: Client,
  communityId: string,
  n: number,
  opts: Partial<{
    birthDate: string;
    teamIds: string[];
    showName: boolean;
    approve: boolean;
    acceptOnTeams: boolean;
    insuredUntil: string;
  }> = {},
): Promise<Volunteer[]> {
  const people = await voters(communityId, n, opts.birthDate ? { birthDate: opts.birthDate } : {});
  const teamIds = opts.teamIds ?? [];
  return Promise.all(
    people.map(async (p) => {
      const { id } = expectOk(
        await p.client.mutate<{ id: string }>("volunteers.register", {
          skills: "急救",
          availability: "周末",
          showName: opts.showName ?? false,
          teamIds,
        }),
      );
      if (opts.approve ?? true) expectOk(await staff.mutate("volunteers.approveVolunteer", { volunteerId: id }));
      if (opts.acceptOnTeams ?? true)
        for (const teamId of teamIds)
          expectOk(await staff.mutate("volunteers.decideMembership", { teamId, volunteerId: id, approve: true }));
      if (opts.insuredUntil)
        expectOk(
          await staff.mutate("volunteers.setInsurance", {
            volunteerId: id,
            insurer: "平安保险",
            insurancePolicy: `P-${id.slice(-8)}`,
            insuredUntil: opts.insuredUntil,
          }),
        );
      return { ...p, volunteerId: id };
    }),
  );
}

export type ShiftFields = Partial<{
  task: string;
  startsAt: number;
  endsAt: number;
  place: string;
  capacity: number;
  notes: string;
  gridId: string | null;
  repeat: { weekdays: number[]; until: string } | null;
}>;

/** A shift planned through the API, two days ahead for two hours unless told otherwise. */
export async function createShift(c: Client, teamId: string, fields: ShiftFields = {}): Promise<string> {
  const startsAt = fields.startsAt ?? Date.now() + 2 * DAY;
  const r = expectOk(
    await c.mutate<{ ids: string[] }>("volunteers.shiftCreate", {
      teamId,
      task: "巡查",
      place: "东门",
      capacity: 10,
      ...fields,
      startsAt,
      endsAt: fields.endsAt ?? startsAt + 2 * HOUR,
    }),
  );
  return r.ids[0];
}

/** Moves a shift in D1, as the clock would (the API refuses creating shifts in the past). */
export async function moveShift(shiftId: string, startsAt: number, endsAt: number): Promise<void> {
  await env.DB.prepare("UPDATE shifts SET starts_at = ?, ends_at = ? WHERE id = ?")
    .bind(startsAt, endsAt, shiftId)
    .run();
}

export type SignupRow = {
  id: string;
  shift_id: string;
  volunteer_id: string;
  signed_up_at: number;
  cancelled_at: number | null;
  check_in_at: number | null;
  check_in_by: string | null;
  check_out_at: number | null;
  check_out_by: string | null;
  minutes: number | null;
  flag: string | null;
  adjusted_minutes: number | null;
  adjust_reason: string | null;
};

/** The live sign-up of a volunteer for a shift, straight from D1. */
export async function liveSignup(shiftId: string, volunteerId: string): Promise<SignupRow | null> {
  return env.DB.prepare("SELECT * FROM shift_signups WHERE shift_id = ? AND volunteer_id = ? AND cancelled_at IS NULL")
    .bind(shiftId, volunteerId)
    .first<SignupRow>();
}

/** Sets the check-in (and check-out) instants of a sign-up in D1. */
export async function setAttendance(signupId: string, checkInAt: number | null, checkOutAt: number | null = null) {
  await env.DB.prepare("UPDATE shift_signups SET check_in_at = ?, check_out_at = ? WHERE id = ?")
    .bind(checkInAt, checkOutAt, signupId)
    .run();
}

export const signUp = (v: Volunteer, shiftId: string) =>
  v.client.mutate<{ id: string }>("volunteers.signUp", { shiftId });

/** The public answers anyone can read about a community's volunteering, as raw JSON text. */
export async function publicJson(slug: string): Promise<{ teams: string; openShifts: string; openData: string }> {
  const anon = new Client();
  const ref = { street: STREET, community: slug };
  const teams = await anon.fetch(`/trpc/volunteers.teams?input=${encodeURIComponent(JSON.stringify(ref))}`);
  const shifts = await anon.fetch(`/trpc/volunteers.openShifts?input=${encodeURIComponent(JSON.stringify(ref))}`);
  const open = await anon.fetch(`/api/open/v1/${STREET}/${slug}/volunteering`);
  if (teams.status !== 200 || shifts.status !== 200 || open.status !== 200)
    throw new Error(`public volunteering of ${slug}: ${teams.status} ${shifts.status} ${open.status}`);
  return { teams: await teams.text(), openShifts: await shifts.text(), openData: await open.text() };
}

export type OpenVolunteering = {
  street: string;
  community: string;
  month: string;
  teams: {
    id: string;
    name: string;
    kind: string;
    members: number;
    hoursThisMonth: number;
    hoursThisYear: number;
    shiftsThisMonth: number;
    placesThisMonth: number;
    placesFilledThisMonth: number;
  }[];
};

export async function openVolunteering(slug: string): Promise<OpenVolunteering> {
  const res = await new Client().fetch(`/api/open/v1/${STREET}/${slug}/volunteering`);
  if (res.status !== 200) throw new Error(`open volunteering ${slug}: ${res.status}`);
  return (await res.json()) as OpenVolunteering;
}

/** Counted minutes (a staff adjustment where there is one) of live sign-ups, by SQL of our own. */
export async function countedMinutesSql(where: string, ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(
    `SELECT coalesce(sum(CASE WHEN ss.adjusted_minutes IS NOT NULL THEN ss.adjusted_minutes
                              ELSE coalesce(ss.minutes, 0) END), 0) AS n
       FROM shift_signups ss JOIN shifts s ON s.id = ss.shift_id
      WHERE ss.cancelled_at IS NULL AND ${where}`,
  )
    .bind(...binds)
    .first<{ n: number }>();
  return row!.n;
}

export type Result<T> = TrpcResult<T>;
