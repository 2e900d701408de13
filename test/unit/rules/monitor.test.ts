import { describe, expect, it } from "vitest";
import {
  ASSESSABLE,
  assessmentScore,
  coverQuarters,
  DEFAULT_WEIGHTS,
  disclosureDays,
  doneOnTime,
  indicatorPoints,
  indicatorValues,
  lightOf,
  pct,
  quarterDisclosedAt,
  requiredMeetings,
  sumRequired,
  weightsProblem,
  yearRange,
  zeroCounts,
  type Obligation,
  type Weights,
} from "../../../shared/rules/monitor";

const at = (iso: string) => Date.parse(iso);
const levels = {
  overdueFinance: 0,
  overdueNotices: 0,
  unansweredQueries: 0,
  redCases: 0,
  escalatedCases: 0,
  residents: 0,
};

describe("traffic lights", () => {
  it("higher is better: green at the threshold, yellow at its own, red below", () => {
    expect(lightOf("disclosureOnTimePct", 95)).toBe("green");
    expect(lightOf("disclosureOnTimePct", 94.9)).toBe("yellow");
    expect(lightOf("disclosureOnTimePct", 80)).toBe("yellow");
    expect(lightOf("disclosureOnTimePct", 79.9)).toBe("red");
    expect(lightOf("satisfaction", 4.5)).toBe("green");
  });

  it("counts are better low: none is green, one overdue period is already yellow, two red", () => {
    expect(lightOf("overdueFinance", 0)).toBe("green");
    expect(lightOf("overdueFinance", 1)).toBe("yellow");
    expect(lightOf("overdueFinance", 2)).toBe("red");
    expect(lightOf("redCases", 2)).toBe("yellow");
  });

  it("no data has no colour (it is not a zero)", () => {
    expect(lightOf("mediationSuccessPct", null)).toBeNull();
    expect(pct(0, 0)).toBeNull();
    expect(pct(2, 3)).toBe(66.7);
  });
});

describe("indicatorValues", () => {
  it("turns summed day counts and the levels into rates", () => {
    const c = {
      ...zeroCounts(),
      disclosuresDue: 4,
      disclosuresOnTime: 3,
      pollEligible: 200,
      pollCast: 61,
      ratings: 3,
      ratingSum: 13,
      volunteerMinutes: 6000,
      patrolPlanned: 10,
      patrolFilled: 9,
    };
    const v = indicatorValues(c, { ...levels, residents: 250, redCases: 2 }, { met: 1, due: 2 });
    expect(v).toMatchObject({
      disclosureOnTimePct: 75,
      voteTurnoutPct: 30.5,
      satisfaction: 4.33,
      volunteerHoursPer100: 40,
      patrolFilledPct: 90,
      meetingsRequiredPct: 50,
      redCases: 2,
      casesInTimePct: null,
      mediationSuccessPct: null,
    });
  });
});

describe("disclosure obligations (U34, V35)", () => {
  it("each quarter takes its own affairs notice, in order; the report often comes early in the next quarter", () => {
    const published = [
      at("2026-01-05T02:00:00Z"), // the 2025-Q4 report
      at("2026-04-06T02:00:00Z"), // the Q1 report
      at("2026-04-20T02:00:00Z"), // Q2's own notice
      at("2026-10-08T02:00:00Z"), // the Q3 report
    ];
    expect(coverQuarters(["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"], published)).toEqual([
      published[0],
      published[1],
      published[2],
      published[3],
    ]);
    // One notice cannot disclose two quarters.
    expect(coverQuarters(["2026-Q1", "2026-Q2"], [at("2026-04-06T02:00:00Z")])).toEqual([
      at("2026-04-06T02:00:00Z"),
      null,
    ]);
  });

  it("a quarter's verdict is matched from the community's first quarter or eight quarters back", () => {
    const since = at("2026-01-01T00:00:00Z");
    const published = [at("2026-04-06T02:00:00Z"), at("2026-07-06T02:00:00Z")];
    expect(quarterDisclosedAt("2026-Q1", since, published)).toBe(published[0]);
    expect(quarterDisclosedAt("2026-Q2", since, published)).toBe(published[1]);
    expect(quarterDisclosedAt("2026-Q3", since, published)).toBeNull();
    expect(quarterDisclosedAt("2025-Q4", since, published)).toBeNull();
  });

  it("on time is by the end of the due day in Beijing: 23:59 passes, the next minute is one day late", () => {
    const o = (doneAt: string): Obligation => ({
      kind: "finance",
      period: "2026-Q3",
      dueOn: "2026-10-10",
      doneAt: at(doneAt),
    });
    expect(doneOnTime(o("2026-10-10T15:59:00Z"))).toBe(true); // 23:59 Beijing on the 10th
    expect(doneOnTime(o("2026-10-10T16:00:00Z"))).toBe(false); // 00:00 on the 11th
    expect(doneOnTime({ ...o("2026-10-01T00:00:00Z"), doneAt: null })).toBe(false);
  });

  it("counts each obligation once, on its due day", () => {
    const list: Obligation[] = [
      { kind: "finance", period: "2026-09", dueOn: "2026-10-10", doneAt: at("2026-10-09T02:00:00Z") },
      { kind: "general", period: "2026-Q3", dueOn: "2026-10-10", doneAt: null },
      { kind: "finance", period: "2026-10", dueOn: "2026-11-10", doneAt: at("2026-11-11T02:00:00Z") },
    ];
    const days = disclosureDays(list, "2026-10-01", "2026-11-30");
    expect(days.get("2026-10-10")).toEqual({ due: 2, onTime: 1 });
    expect(days.get("2026-11-10")).toEqual({ due: 1, onTime: 0 });
    expect(disclosureDays(list, "2026-10-11", "2026-11-09").size).toBe(0);
  });
});

describe("required meetings as checkpoints", () => {
  const to = at("2026-11-26T02:00:00Z");
  const from = at("2025-11-26T02:00:00Z");

  it("village: a 村民代表会议 in each of the last four quarters (V29)", () => {
    const held = ["2026-01-10", "2026-04-10", "2026-10-10"].map((d) => ({
      kind: "village_reps_meeting",
      startsAt: at(`${d}T02:00:00Z`),
    }));
    const line = requiredMeetings("village-2025", held, from, to).find((l) => l.kind === "village_reps_meeting")!;
    expect(line).toMatchObject({ due: 4, met: 3 });
    // The quarter 26 May – 26 Aug had none.
    expect(line.missedUntil).toBe(at("2026-08-26T02:00:00Z"));
  });

  it("urban: two half years, a meeting on the boundary belongs to the earlier one", () => {
    const held = [{ kind: "representatives_meeting", startsAt: at("2026-05-26T02:00:00Z") }];
    const lines = requiredMeetings("urban-2025", held, from, to);
    expect(sumRequired(lines)).toEqual({ met: 1, due: 2 });
  });

  it("a community younger than the interval owes nothing yet", () => {
    const lines = requiredMeetings("urban-2025", [], at("2026-09-01T00:00:00Z"), to);
    expect(sumRequired(lines)).toEqual({ met: 0, due: 0 });
  });
});

describe("assessment (民发〔2015〕136号)", () => {
  it("accepts the default weights", () => {
    expect(weightsProblem(DEFAULT_WEIGHTS)).toBeNull();
  });

  it("refuses weights that do not add up to 100", () => {
    expect(weightsProblem({ ...DEFAULT_WEIGHTS, patrolFilledPct: 6 })).toEqual({
      field: "weights",
      rule: "monitor.weightSum",
    });
  });

  it("satisfaction must be strictly the largest weight", () => {
    const tie: Weights = { ...DEFAULT_WEIGHTS, satisfaction: 25, casesInTimePct: 25, mediationSuccessPct: 5 };
    expect(weightsProblem(tie)).toEqual({ field: "casesInTimePct", rule: "monitor.satisfactionLargest" });
  });

  it("at the edges: 100 exactly, satisfaction one above the next, or all of it", () => {
    const only = (w: Partial<Weights>) => ({ ...Object.fromEntries(ASSESSABLE.map((k) => [k, 0])), ...w }) as Weights;
    expect(weightsProblem(only({ satisfaction: 51, casesInTimePct: 49 }))).toBeNull();
    expect(weightsProblem(only({ satisfaction: 100 }))).toBeNull();
    expect(weightsProblem(only({ satisfaction: 51, casesInTimePct: 48 }))?.rule).toBe("monitor.weightSum");
    expect(weightsProblem(only({ satisfaction: 50, casesInTimePct: 50 }))?.rule).toBe("monitor.satisfactionLargest");
    expect(weightsProblem(only({ satisfaction: 101 }))).toEqual({ field: "satisfaction", rule: "monitor.weightRange" });
  });

  it("refuses fractions and negatives", () => {
    expect(weightsProblem({ ...DEFAULT_WEIGHTS, satisfaction: 29.5, patrolFilledPct: 5.5 })?.rule).toBe(
      "monitor.weightRange",
    );
    expect(weightsProblem({ ...DEFAULT_WEIGHTS, satisfaction: 40, patrolFilledPct: -5 })?.field).toBe(
      "patrolFilledPct",
    );
  });

  it("maps each input onto 0–100 points", () => {
    expect(indicatorPoints("satisfaction", 5)).toBe(100);
    expect(indicatorPoints("satisfaction", 1)).toBe(0);
    expect(indicatorPoints("satisfaction", 4)).toBe(75);
    expect(indicatorPoints("volunteerHoursPer100", 25)).toBe(50);
    expect(indicatorPoints("volunteerHoursPer100", 500)).toBe(100);
    expect(indicatorPoints("casesInTimePct", 87.5)).toBe(87.5);
  });

  it("drops an indicator without data and scales the others up: no data neither helps nor hurts", () => {
    const w: Weights = { ...DEFAULT_WEIGHTS };
    const all100 = Object.fromEntries(Object.keys(w).map((k) => [k, k === "satisfaction" ? 5 : 100]));
    expect(assessmentScore(all100, w).score).toBe(100);
    const noMediation = { ...all100, mediationSuccessPct: null };
    expect(assessmentScore(noMediation, w).score).toBe(100);
    const half = { ...noMediation, disclosureOnTimePct: 50 };
    // 15 of the 90 remaining weight at 50 points: 100 − 15 × 50 / 90 = 91.67.
    expect(assessmentScore(half, w).base).toBe(91.7);
  });

  it("a zero on one item lowers the score by its weight only (no single-item veto)", () => {
    const all = { satisfaction: 5, disclosureOnTimePct: 0, casesInTimePct: 100, meetingsRequiredPct: 100 };
    const w: Weights = { ...DEFAULT_WEIGHTS };
    const r = assessmentScore(all, w);
    // Counted weights: 30 + 15 + 15 + 10 = 70, of which 15 score 0.
    expect(r.base).toBe(Math.round((55 / 70) * 1000) / 10);
  });

  it("adds the adjustment last and clamps to 0–100; nothing at all scores nothing", () => {
    const w: Weights = { ...DEFAULT_WEIGHTS };
    expect(assessmentScore({ casesInTimePct: 95 }, w, 10).score).toBe(100);
    expect(assessmentScore({ casesInTimePct: 5 }, w, -10).score).toBe(0);
    expect(assessmentScore({}, w, 5)).toMatchObject({ base: null, score: null });
  });

  it("a year is the Beijing calendar year", () => {
    expect(yearRange(2026)).toEqual({ from: at("2025-12-31T16:00:00Z"), to: at("2026-12-31T16:00:00Z") });
  });
});
