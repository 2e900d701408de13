/**
 * Meetings (DOMAIN.md "Meetings"): who attends, quorum and decision rules per kind, notice
 * periods, proxies, petition thresholds and required frequency, in versioned rule sets so a
 * meeting records which rules it was held under. Fractions are exact integer arithmetic.
 */
export const RULE_SETS = ["urban-2025", "village-2025", "urban-2018"] as const;
export type RuleSetId = (typeof RULE_SETS)[number];

export const MEETING_KINDS = [
  "residents_meeting", // 居民会议 (U26–27)
  "representatives_meeting", // 居民代表会议 (U28–29)
  "villagers_meeting", // 村民会议 (V25–26)
  "village_reps_meeting", // 村民代表会议 (V29–30)
  "village_group_meeting", // 村民小组会议 (V32)
  "consultation", // 议事会 / 听证会 / 恳谈会 (U32): advisory
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** Whose presence counts towards quorum: the roll is snapshotted from this when the meeting opens. */
export type Basis = "adults" | "household_reps" | "representatives" | "group_adults" | "group_households" | "none";

/** `strict`: more than num/den ("> 1/2"); otherwise at least num/den ("≥ 2/3"). */
export type Fraction = { num: number; den: number; strict: boolean };

/** The smallest whole number of people that satisfies the fraction of `total`. */
export function needed(total: number, f: Fraction): number {
  if (total <= 0) return f.strict ? 1 : 0;
  const exact = (total * f.num) / f.den;
  return f.strict ? Math.floor((total * f.num) / f.den) + 1 : Number.isInteger(exact) ? exact : Math.ceil(exact);
}

export function meets(count: number, total: number, f: Fraction): boolean {
  return count >= needed(total, f);
}

type KindRule = {
  /** The bases a meeting of this kind may be held on, each with its quorum fraction. */
  quorum: Partial<Record<Basis, Fraction>>;
  /** Resolutions pass with more than this fraction of those present; null = advisory. */
  decision: Fraction | null;
  /** Days of notice required (shorter only with a stated urgent reason). */
  noticeDays: number;
  /** Written proxies one attendee may hold. */
  maxProxies: number;
  /** Who may demand the meeting, with the fraction of each basis. */
  petition: Partial<Record<Basis, Fraction>>;
  /** At least one meeting per this many months (null: no requirement). */
  everyMonths: number | null;
  community: "urban" | "village";
};

const HALF: Fraction = { num: 1, den: 2, strict: true };
const TWO_THIRDS: Fraction = { num: 2, den: 3, strict: false };
const frac = (num: number, den: number): Fraction => ({ num, den, strict: false });

const URBAN_2025: Partial<Record<MeetingKind, KindRule>> = {
  // U26–27: > 1/2 of adults or of household representatives; 10 days' notice; 1/10 may demand one.
  residents_meeting: {
    quorum: { adults: HALF, household_reps: HALF },
    decision: HALF,
    noticeDays: 10,
    maxProxies: 3,
    petition: { adults: frac(1, 10), household_reps: frac(1, 10), representatives: frac(1, 3) },
    everyMonths: null,
    community: "urban",
  },
  // U28–29: ≥ 2/3 of representatives; at least every half year; 1/5 of representatives may demand one.
  representatives_meeting: {
    quorum: { representatives: TWO_THIRDS },
    decision: HALF,
    noticeDays: 0,
    maxProxies: 0,
    petition: { representatives: frac(1, 5) },
    everyMonths: 6,
    community: "urban",
  },
  consultation: {
    quorum: { none: frac(0, 1) },
    decision: null,
    noticeDays: 0,
    maxProxies: 0,
    petition: {},
    everyMonths: null,
    community: "urban",
  },
};

const VILLAGE_2025: Partial<Record<MeetingKind, KindRule>> = {
  // V25–26: > 1/2 of adult villagers or ≥ 2/3 of household representatives; at least yearly.
  villagers_meeting: {
    quorum: { adults: HALF, household_reps: TWO_THIRDS },
    decision: HALF,
    noticeDays: 10,
    maxProxies: 3,
    petition: { adults: frac(1, 10), representatives: frac(1, 3) },
    everyMonths: 12,
    community: "village",
  },
  // V29–30: ≥ 2/3 of representatives; every quarter; 1/5 of representatives may demand one.
  village_reps_meeting: {
    quorum: { representatives: TWO_THIRDS },
    decision: HALF,
    noticeDays: 0,
    maxProxies: 0,
    petition: { representatives: frac(1, 5) },
    everyMonths: 3,
    community: "village",
  },
  // V32: ≥ 2/3 of the group's adults or of its households.
  village_group_meeting: {
    quorum: { group_adults: TWO_THIRDS, group_households: TWO_THIRDS },
    decision: HALF,
    noticeDays: 0,
    maxProxies: 3,
    petition: {},
    everyMonths: null,
    community: "village",
  },
  consultation: {
    quorum: { none: frac(0, 1) },
    decision: null,
    noticeDays: 0,
    maxProxies: 0,
    petition: {},
    everyMonths: null,
    community: "village",
  },
};

/** The 1989 urban law as in force until 2025: a fifth of adults or of households could demand a meeting. */
const URBAN_2018: Partial<Record<MeetingKind, KindRule>> = {
  ...URBAN_2025,
  residents_meeting: {
    ...URBAN_2025.residents_meeting!,
    petition: { adults: frac(1, 5), household_reps: frac(1, 5) },
  },
  representatives_meeting: { ...URBAN_2025.representatives_meeting!, everyMonths: null },
};

const RULES: Record<RuleSetId, Partial<Record<MeetingKind, KindRule>>> = {
  "urban-2025": URBAN_2025,
  "village-2025": VILLAGE_2025,
  "urban-2018": URBAN_2018,
};

export function ruleFor(ruleSet: RuleSetId, kind: MeetingKind): KindRule | null {
  return RULES[ruleSet][kind] ?? null;
}

export function defaultRuleSet(community: "urban" | "village"): RuleSetId {
  return community === "urban" ? "urban-2025" : "village-2025";
}

export function kindsFor(ruleSet: RuleSetId): MeetingKind[] {
  return MEETING_KINDS.filter((k) => RULES[ruleSet][k]);
}

/** How many must be present for quorum, on the meeting's basis ("none" for advisory meetings). */
export function quorumNeeded(ruleSet: RuleSetId, kind: MeetingKind, basis: Basis, eligible: number): number | null {
  const f = ruleFor(ruleSet, kind)?.quorum[basis];
  if (!f) return null;
  return basis === "none" ? 0 : needed(eligible, f);
}

export type ItemOutcome = { result: "passed" | "failed" | "advisory"; needed: number | null };

/**
 * The result of one item from recorded counts: passed when more than half of those present
 * vote for it (U27, V26); advisory kinds have no pass/fail.
 */
export function decideItem(ruleSet: RuleSetId, kind: MeetingKind, present: number, votesFor: number): ItemOutcome {
  const d = ruleFor(ruleSet, kind)?.decision ?? null;
  if (!d) return { result: "advisory", needed: null };
  const need = needed(present, d);
  return { result: votesFor >= need ? "passed" : "failed", needed: need };
}

/** Whether the announcement gives enough notice: 10 days for 居民会议/村民会议 (U26, V25) unless urgent. */
export function noticeOk(
  ruleSet: RuleSetId,
  kind: MeetingKind,
  announcedAt: number,
  startsAt: number,
  urgentReason: string | null,
): boolean {
  const days = ruleFor(ruleSet, kind)?.noticeDays ?? 0;
  if (days === 0 || (urgentReason && urgentReason.trim().length > 0)) return true;
  return startsAt - announcedAt >= days * 86_400_000;
}

export function petitionThreshold(
  ruleSet: RuleSetId,
  kind: MeetingKind,
  basis: Basis,
  eligible: number,
): number | null {
  const f = ruleFor(ruleSet, kind)?.petition[basis];
  return f ? needed(eligible, f) : null;
}

/** Calendar months back from `at` in Asia/Shanghai (the day of month clamped to the month's end). */
export function monthsBefore(at: number, months: number): number {
  const d = new Date(at + 8 * 3600_000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() - months;
  const target = new Date(Date.UTC(y, m, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target.getTime() + (d.getTime() - Date.UTC(y, d.getUTCMonth(), d.getUTCDate())) - 8 * 3600_000;
}

export type ComplianceLine = {
  kind: MeetingKind;
  everyMonths: number;
  lastHeldAt: number | null;
  /** Held within the last `everyMonths` months (居民代表会议 half-yearly, 村民代表会议 quarterly, 村民会议 yearly). */
  ok: boolean;
};

/** Which required meetings a community has held in time, from the start times of its held meetings. */
/** A required meeting is in time when the last one was held within its interval, its first instant included. */
export const heldInTime = (lastHeldAt: number | null, everyMonths: number, now: number): boolean =>
  lastHeldAt !== null && lastHeldAt >= monthsBefore(now, everyMonths);

export function meetingCompliance(
  ruleSet: RuleSetId,
  held: { kind: string; startsAt: number }[],
  now: number,
): ComplianceLine[] {
  return kindsFor(ruleSet)
    .map((kind) => ({ kind, everyMonths: ruleFor(ruleSet, kind)!.everyMonths }))
    .filter((k): k is { kind: MeetingKind; everyMonths: number } => k.everyMonths !== null)
    .map(({ kind, everyMonths }) => {
      const times = held.filter((h) => h.kind === kind && h.startsAt <= now).map((h) => h.startsAt);
      const lastHeldAt = times.length ? Math.max(...times) : null;
      return { kind, everyMonths, lastHeldAt, ok: heldInTime(lastHeldAt, everyMonths, now) };
    });
}
