/**
 * Volunteers (DOMAIN.md "Volunteers"; 志愿服务条例 2017, 志愿服务记录与证明出具办法 2021, PIPL):
 * who may serve on what, sign-up and cancellation windows, minutes served from check-in and
 * check-out, and aggregate figures for the street office. Pure functions; times are epoch ms and
 * calendar dates are Asia/Shanghai.
 */
import { ageOn, shanghaiDate } from "./eligibility";
import { maskName } from "./masking";

export const TEAM_KINDS = ["patrol", "mediation", "elderly_care", "legal_aid", "environment", "other"] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

/** PIPL Art 31: a child under 14 needs a guardian's consent to have their information processed. */
export const GUARDIAN_AGE = 14;
/** No volunteers under 18 on risky tasks such as night patrol (Art 15: tasks suit the volunteer). */
export const ADULT_TASK_AGE = 18;

/** Check-in opens this long before a shift starts. */
export const CHECK_IN_EARLY_MS = 30 * 60_000;
/** A shift's attendance is settled (forgotten check-outs closed, no-shows marked) this long after it ends. */
export const SETTLE_AFTER_MS = 2 * 3600_000;
/** The longest shift, and the most occurrences a weekly series creates at once. */
export const MAX_SHIFT_MS = 24 * 3600_000;
export const MAX_SERIES = 60;

export const needsGuardianConsent = (birthDate: string, at: number) => ageOn(birthDate, at) < GUARDIAN_AGE;

export type TeamRules = { risky: boolean; adultsOnly: boolean };
export type VolunteerState = {
  status: "pending" | "active" | "inactive";
  birthDate: string;
  guardianConsentAt: number | null;
  insuredUntil: string | null;
};

/** Why a volunteer may not be on a team's roster at all (an i18n key), or null. */
export function joinProblem(team: TeamRules, v: Pick<VolunteerState, "birthDate">, at: number): string | null {
  if (team.adultsOnly && ageOn(v.birthDate, at) < ADULT_TASK_AGE) return "volunteer.underageForTeam";
  return null;
}

/**
 * Why a volunteer may not sign up for a shift (an i18n key), or null: approved and consented,
 * old enough on the shift's day, insured on that day for risky teams (Art 17), before the start.
 */
export function signUpProblem(
  team: TeamRules,
  v: VolunteerState,
  shift: { startsAt: number; cancelledAt: number | null },
  now: number,
): string | null {
  if (shift.cancelledAt) return "volunteer.shiftCancelled";
  if (now >= shift.startsAt) return "volunteer.shiftStarted";
  if (v.status !== "active") return "volunteer.notApproved";
  if (needsGuardianConsent(v.birthDate, shift.startsAt) && !v.guardianConsentAt) return "volunteer.guardianConsent";
  if (team.adultsOnly && ageOn(v.birthDate, shift.startsAt) < ADULT_TASK_AGE) return "volunteer.underageForTeam";
  if (team.risky && !(v.insuredUntil && v.insuredUntil >= shanghaiDate(shift.startsAt))) return "volunteer.noInsurance";
  return null;
}

/** A sign-up may be cancelled until `cutoffHours` before the shift starts. */
export function cancelAllowed(startsAt: number, cutoffHours: number, now: number): boolean {
  return now <= startsAt - cutoffHours * 3600_000;
}

/** Check-in is open from half an hour before the start until the end. */
export function checkInOpen(shift: { startsAt: number; endsAt: number }, now: number): boolean {
  return now >= shift.startsAt - CHECK_IN_EARLY_MS && now < shift.endsAt;
}

/**
 * Minutes served: from check-in to check-out, capped by the shift's length (an early arrival or a
 * late stay adds nothing beyond it), whole minutes rounded down. Works across midnight: times
 * are instants, not clock readings.
 */
export function servedMinutes(
  checkInAt: number,
  checkOutAt: number,
  shift: { startsAt: number; endsAt: number },
): number {
  const worked = Math.max(0, checkOutAt - checkInAt);
  const length = Math.max(0, shift.endsAt - shift.startsAt);
  return Math.floor(Math.min(worked, length) / 60_000);
}

export type SignupOutcome = { checkOutAt: number | null; minutes: number; flag: "no_checkout" | "no_show" | null };

/**
 * Settling a shift after it ended: a forgotten check-out is closed at the shift's end and flagged;
 * someone who never checked in is a no-show with no minutes.
 */
export function settle(
  s: { checkInAt: number | null; checkOutAt: number | null; minutes: number | null },
  shift: { startsAt: number; endsAt: number },
): SignupOutcome {
  if (s.checkInAt === null) return { checkOutAt: null, minutes: 0, flag: "no_show" };
  if (s.checkOutAt === null)
    return {
      checkOutAt: shift.endsAt,
      minutes: servedMinutes(s.checkInAt, Math.max(shift.endsAt, s.checkInAt), shift),
      flag: "no_checkout",
    };
  return {
    checkOutAt: s.checkOutAt,
    minutes: s.minutes ?? servedMinutes(s.checkInAt, s.checkOutAt, shift),
    flag: null,
  };
}

/** The minutes that count: a staff adjustment where there is one. */
export const countedMinutes = (s: { minutes: number | null; adjustedMinutes: number | null }) =>
  s.adjustedMinutes ?? s.minutes ?? 0;

/**
 * The start instants of a weekly series in Asia/Shanghai: every chosen weekday (0 = Sunday) from
 * the first start through `until` (a YYYY-MM-DD, inclusive), at most MAX_SERIES occurrences.
 */
export function weeklyStarts(firstStart: number, weekdays: number[], until: string, max = MAX_SERIES): number[] {
  const DAY = 86_400_000;
  const out: number[] = [];
  for (let at = firstStart; out.length < max && shanghaiDate(at) <= until; at += DAY) {
    const weekday = new Date(at + 8 * 3600_000).getUTCDay();
    if (weekdays.includes(weekday)) out.push(at);
  }
  return out;
}

/** Volunteer hours per 100 residents: the street dashboard's comparable figure (one decimal). */
export function hoursPer100(minutes: number, residents: number): number {
  if (residents <= 0) return 0;
  return Math.round((minutes / 60 / residents) * 100 * 10) / 10;
}

/** Patrol coverage: the share of planned places filled (sign-ups not cancelled), 0–1. */
export function coverage(filled: number, planned: number): number {
  return planned > 0 ? Math.min(1, filled / planned) : 0;
}

/** "12 小时 30 分" / "12 h 30 min" text is the UI's; this is the hours figure with one decimal. */
export const hoursOf = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

/**
 * What a certificate of service hours hashes. The volunteer is named masked, as the public check
 * shows them: the hash is published, and over a full name it would let anyone try the few thousand
 * likely characters behind 张*三 until one matched. Anyone can recompute it from the public check.
 */
export const certificateContent = (c: {
  code: string;
  community: string;
  volunteerName: string;
  fromDate: string;
  toDate: string;
  totalMinutes: number;
  services: number;
  issuedAt: number;
}) => ({
  code: c.code,
  community: c.community,
  volunteer: maskName(c.volunteerName),
  fromDate: c.fromDate,
  toDate: c.toDate,
  totalMinutes: c.totalMinutes,
  services: c.services,
  issuedAt: c.issuedAt,
});
