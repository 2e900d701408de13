/**
 * The street office's monitoring and assessment (DOMAIN.md "Assessment by the street office",
 * 民发〔2015〕136号): indicators computed from the data, never typed; traffic lights with their
 * thresholds; the disclosure obligations behind "on time"; and the year's weighted score, in which
 * residents' satisfaction carries the largest weight and no single item can veto the rest.
 */
import { deadlineState, periodOf, periodRange, previousPeriod } from "./finance";
import { shanghaiDate } from "./eligibility";
import { monthsBefore, ruleFor, kindsFor, type MeetingKind, type RuleSetId } from "./meetings";
import { hoursPer100 } from "./volunteers";

export const DAY_MS = 86_400_000;

/**
 * What happened in one community on one Shanghai day: flows only, so any window's figures are the
 * sum of its days. These are the nightly snapshots; today's are computed live.
 */
export const DAY_COUNT_FIELDS = [
  "disclosuresDue", // obligations (finance periods, quarterly general disclosures) whose deadline was this day
  "disclosuresOnTime", // … of which published by the end of that day
  "meetingsWithQuorum", // meetings held this day under a quorum rule
  "meetingsQuorate",
  "pollEligible", // votes closed this day: their rolls…
  "pollCast", // … and ballots cast
  "casesClosed",
  "casesClosedInTime",
  "mediationsDone", // disputes closed this day after mediation was agreed or refused
  "mediationsAgreed",
  "ratings",
  "ratingSum",
  "volunteerMinutes", // counted minutes of shifts that started this day
  "patrolPlanned", // places on patrol shifts that started this day…
  "patrolFilled", // … and those taken
] as const;
export type DayCountField = (typeof DAY_COUNT_FIELDS)[number];
export type DayCounts = Record<DayCountField, number>;

export const zeroCounts = (): DayCounts => Object.fromEntries(DAY_COUNT_FIELDS.map((f) => [f, 0])) as DayCounts;

export function addCounts(into: DayCounts, more: Partial<DayCounts>): DayCounts {
  for (const f of DAY_COUNT_FIELDS) into[f] += Number(more[f] ?? 0);
  return into;
}

/** The state of a community now (not a flow): what is overdue, open or missed at this moment. */
export type Levels = {
  overdueFinance: number;
  overdueNotices: number;
  /** Resident queries and objections unanswered after 10 days. */
  unansweredQueries: number;
  redCases: number;
  escalatedCases: number;
  residents: number;
};

export const INDICATOR_KEYS = [
  "disclosureOnTimePct",
  "overdueFinance",
  "overdueNotices",
  "unansweredQueries",
  "meetingsRequiredPct",
  "meetingsQuoratePct",
  "voteTurnoutPct",
  "casesInTimePct",
  "redCases",
  "escalatedCases",
  "mediationSuccessPct",
  "satisfaction",
  "volunteerHoursPer100",
  "patrolFilledPct",
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export type Unit = "pct" | "count" | "rating" | "hours";
export type Light = "green" | "yellow" | "red";

/**
 * Each indicator's unit, which way is better and its thresholds: green at or beyond `green`,
 * yellow at or beyond `yellow`, red otherwise. Counts are better low: green at most `green`.
 */
export const INDICATORS: Record<
  IndicatorKey,
  { unit: Unit; better: "higher" | "lower"; green: number; yellow: number }
> = {
  disclosureOnTimePct: { unit: "pct", better: "higher", green: 95, yellow: 80 },
  overdueFinance: { unit: "count", better: "lower", green: 0, yellow: 1 },
  overdueNotices: { unit: "count", better: "lower", green: 0, yellow: 1 },
  unansweredQueries: { unit: "count", better: "lower", green: 0, yellow: 2 },
  meetingsRequiredPct: { unit: "pct", better: "higher", green: 100, yellow: 50 },
  meetingsQuoratePct: { unit: "pct", better: "higher", green: 90, yellow: 70 },
  voteTurnoutPct: { unit: "pct", better: "higher", green: 50, yellow: 30 },
  casesInTimePct: { unit: "pct", better: "higher", green: 90, yellow: 75 },
  redCases: { unit: "count", better: "lower", green: 0, yellow: 2 },
  escalatedCases: { unit: "count", better: "lower", green: 0, yellow: 1 },
  mediationSuccessPct: { unit: "pct", better: "higher", green: 80, yellow: 60 },
  satisfaction: { unit: "rating", better: "higher", green: 4.5, yellow: 4 },
  volunteerHoursPer100: { unit: "hours", better: "higher", green: 50, yellow: 20 },
  patrolFilledPct: { unit: "pct", better: "higher", green: 90, yellow: 70 },
};

export function lightOf(key: IndicatorKey, value: number | null): Light | null {
  if (value === null) return null;
  const t = INDICATORS[key];
  if (t.better === "higher") return value >= t.green ? "green" : value >= t.yellow ? "yellow" : "red";
  return value <= t.green ? "green" : value <= t.yellow ? "yellow" : "red";
}

/** A whole percentage, or null when there is nothing to measure (no data is not 0 %). */
export const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

export type RequiredMeetings = { met: number; due: number };

/** Every indicator from a window's summed day counts, the levels now and the required meetings. */
export function indicatorValues(
  c: DayCounts,
  levels: Levels,
  meetings: RequiredMeetings,
): Record<IndicatorKey, number | null> {
  return {
    disclosureOnTimePct: pct(c.disclosuresOnTime, c.disclosuresDue),
    overdueFinance: levels.overdueFinance,
    overdueNotices: levels.overdueNotices,
    unansweredQueries: levels.unansweredQueries,
    meetingsRequiredPct: pct(meetings.met, meetings.due),
    meetingsQuoratePct: pct(c.meetingsQuorate, c.meetingsWithQuorum),
    voteTurnoutPct: pct(c.pollCast, c.pollEligible),
    casesInTimePct: pct(c.casesClosedInTime, c.casesClosed),
    redCases: levels.redCases,
    escalatedCases: levels.escalatedCases,
    mediationSuccessPct: pct(c.mediationsAgreed, c.mediationsDone),
    satisfaction: c.ratings > 0 ? Math.round((c.ratingSum / c.ratings) * 100) / 100 : null,
    volunteerHoursPer100: levels.residents > 0 ? hoursPer100(c.volunteerMinutes, levels.residents) : null,
    patrolFilledPct: pct(c.patrolFilled, c.patrolPlanned),
  };
}

// ---------------------------------------------------------------------------------------------
// Disclosure obligations (U34, V35): finance periods by the street's frequency, and general
// affairs (居务/村务) at least quarterly, each due N days after its period ends.

export type Obligation = {
  kind: "finance" | "general";
  period: string;
  dueOn: string;
  /** When it was published (finance) or first covered by an affairs notice (general), if at all. */
  doneAt: number | null;
};

/** A quarter's disclosure is matched among the notices of the 8 quarters ending with it. */
export const MATCH_QUARTERS = 8;

/**
 * Each quarter needs its own general-affairs notice (V35: at least quarterly). Notices are matched
 * to quarters in order: a quarter takes the first notice not yet taken that was published after
 * it began (the report of a quarter often appears early in the next one). A second notice within
 * one quarter earns no credit for later quarters. `quarters` are consecutive and in order;
 * `published` is sorted. Returns when each quarter was disclosed, or null.
 */
export function coverQuarters(quarters: string[], published: number[]): (number | null)[] {
  let i = 0;
  return quarters.map((q) => {
    const starts = Date.parse(`${periodRange(q).startsOn}T00:00:00+08:00`);
    while (i < published.length && published[i] < starts) i++;
    return i < published.length ? published[i++] : null;
  });
}

/**
 * When quarter `q` was disclosed: matched (as above) over the quarters ending with `q`, from the
 * community's first quarter or MATCH_QUARTERS back, so a verdict never depends on who asks when.
 */
export function quarterDisclosedAt(q: string, activeSince: number, published: number[]): number | null {
  const first = periodOf(shanghaiDate(activeSince), "quarterly");
  const window: string[] = [];
  for (let k = q; window.length < MATCH_QUARTERS && k >= first; k = previousPeriod(k)) window.unshift(k);
  return window.length ? coverQuarters(window, published)[window.length - 1] : null;
}

/** The first instant whose affairs notices can count for quarter `q`. */
export function matchStartOf(q: string): number {
  let k = q;
  for (let i = 1; i < MATCH_QUARTERS; i++) k = previousPeriod(k);
  return Date.parse(`${periodRange(k).startsOn}T00:00:00+08:00`);
}

/** On time means published by the end of the due day in Asia/Shanghai. */
export const doneOnTime = (o: Obligation) => o.doneAt !== null && shanghaiDate(o.doneAt) <= o.dueOn;

export function obligationState(o: Obligation, now: number, deadlineDays: number) {
  return deadlineState(o.period, o.doneAt !== null && o.doneAt <= now ? o.doneAt : null, now, deadlineDays);
}

/** Day counts of disclosure: each obligation counts once, on its due day. */
export function disclosureDays(obligations: Obligation[], fromDay: string, toDay: string) {
  const days = new Map<string, { due: number; onTime: number }>();
  for (const o of obligations) {
    if (o.dueOn < fromDay || o.dueOn > toDay) continue;
    const d = days.get(o.dueOn) ?? { due: 0, onTime: 0 };
    d.due += 1;
    if (doneOnTime(o)) d.onTime += 1;
    days.set(o.dueOn, d);
  }
  return days;
}

// ---------------------------------------------------------------------------------------------
// Required meetings (U28: 居民代表会议 every half year; V25: 村民会议 yearly; V29: 村民代表会议
// quarterly), counted as checkpoints: walking back from `to` one required interval at a time,
// each whole interval inside [from, to] must contain a meeting held.

export type RequiredLine = {
  kind: MeetingKind;
  everyMonths: number;
  due: number;
  met: number;
  lastHeldAt: number | null;
  /** The latest interval that had no meeting: its end. */
  missedUntil: number | null;
};

export function requiredMeetings(
  ruleSet: RuleSetId,
  held: { kind: string; startsAt: number }[],
  from: number,
  to: number,
): RequiredLine[] {
  const lines: RequiredLine[] = [];
  for (const kind of kindsFor(ruleSet)) {
    const everyMonths = ruleFor(ruleSet, kind)?.everyMonths ?? null;
    if (everyMonths === null) continue;
    const times = held.filter((h) => h.kind === kind && h.startsAt <= to).map((h) => h.startsAt);
    let due = 0;
    let met = 0;
    let missedUntil: number | null = null;
    for (let end = to; monthsBefore(end, everyMonths) >= from && due < 100; end = monthsBefore(end, everyMonths)) {
      const start = monthsBefore(end, everyMonths);
      due += 1;
      if (times.some((t) => t > start && t <= end)) met += 1;
      else missedUntil ??= end;
    }
    lines.push({
      kind,
      everyMonths,
      due,
      met,
      lastHeldAt: times.length ? Math.max(...times) : null,
      missedUntil,
    });
  }
  return lines;
}

export const sumRequired = (lines: RequiredLine[]): RequiredMeetings => ({
  met: lines.reduce((s, l) => s + l.met, 0),
  due: lines.reduce((s, l) => s + l.due, 0),
});

// ---------------------------------------------------------------------------------------------
// Assessment (考核). Only rates enter the score; the counts of what is overdue now are for action,
// not for the year's result.

export const ASSESSABLE = [
  "satisfaction",
  "disclosureOnTimePct",
  "casesInTimePct",
  "meetingsRequiredPct",
  "meetingsQuoratePct",
  "voteTurnoutPct",
  "mediationSuccessPct",
  "volunteerHoursPer100",
  "patrolFilledPct",
] as const satisfies readonly IndicatorKey[];
export type AssessableKey = (typeof ASSESSABLE)[number];
export type Weights = Record<AssessableKey, number>;

export const DEFAULT_WEIGHTS: Weights = {
  satisfaction: 30,
  disclosureOnTimePct: 15,
  casesInTimePct: 15,
  meetingsRequiredPct: 10,
  meetingsQuoratePct: 5,
  voteTurnoutPct: 5,
  mediationSuccessPct: 10,
  volunteerHoursPer100: 5,
  patrolFilledPct: 5,
};

/** A manual adjustment moves a score by at most this many points, and only with a reason. */
export const MAX_ADJUSTMENT = 10;
/** A manual adjustment needs a reason of at least this many characters. */
export const MIN_ADJUSTMENT_REASON = 4;

/**
 * Why a weight set is not allowed, or null: whole numbers from 0 to 100 that add up to 100, with
 * residents' satisfaction strictly the largest (民发〔2015〕136号: satisfaction is the main criterion).
 */
export function weightsProblem(w: Weights): { field: string; rule: string } | null {
  for (const k of ASSESSABLE) {
    const v = w[k];
    if (!Number.isInteger(v) || v < 0 || v > 100) return { field: k, rule: "monitor.weightRange" };
  }
  if (ASSESSABLE.reduce((s, k) => s + w[k], 0) !== 100) return { field: "weights", rule: "monitor.weightSum" };
  const rival = ASSESSABLE.find((k) => k !== "satisfaction" && w[k] >= w.satisfaction);
  if (rival) return { field: rival, rule: "monitor.satisfactionLargest" };
  return null;
}

/**
 * Points out of 100 for one indicator: a percentage counts as it is; satisfaction maps the 1–5
 * rating onto 0–100; volunteer hours earn full points at the green threshold.
 */
export function indicatorPoints(key: AssessableKey, value: number | null): number | null {
  if (value === null) return null;
  if (key === "satisfaction") return Math.max(0, Math.min(100, ((value - 1) / 4) * 100));
  if (key === "volunteerHoursPer100") return Math.min(100, (value / INDICATORS.volunteerHoursPer100.green) * 100);
  return Math.max(0, Math.min(100, value));
}

export type ScorePart = { key: AssessableKey; value: number | null; points: number | null; weight: number };

/**
 * The weighted score. An indicator with no data (a community with no disputes has no mediation
 * rate) drops out and the others' weights are scaled up to 100: no data neither helps nor hurts,
 * and no single item can sink the total (no veto). The adjustment is added last, clamped to 0–100.
 */
export function assessmentScore(
  values: Partial<Record<IndicatorKey, number | null>>,
  weights: Weights,
  adjustment = 0,
): { parts: ScorePart[]; base: number | null; score: number | null } {
  const parts = ASSESSABLE.map((key) => {
    const value = values[key] ?? null;
    return { key, value, points: indicatorPoints(key, value), weight: weights[key] };
  });
  const counted = parts.filter((p) => p.points !== null && p.weight > 0);
  const weight = counted.reduce((s, p) => s + p.weight, 0);
  if (weight === 0) return { parts, base: null, score: null };
  const base = counted.reduce((s, p) => s + p.points! * p.weight, 0) / weight;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { parts, base: round(base), score: round(Math.max(0, Math.min(100, base + adjustment))) };
}

/** The Shanghai calendar year as [start, end) instants. */
export function yearRange(year: number): { from: number; to: number } {
  return {
    from: Date.parse(`${year}-01-01T00:00:00+08:00`),
    to: Date.parse(`${year + 1}-01-01T00:00:00+08:00`),
  };
}

/** The instant a Shanghai day begins. */
export const dayStart = (day: string) => Date.parse(`${day}T00:00:00+08:00`);
