import { describe, expect, it } from "vitest";
import {
  CASE_KINDS,
  caseSettingsOf,
  colourOf,
  COURT_CONFIRMATION_DAYS,
  courtConfirmationUntil,
  DEFAULT_LIMITS,
  dueAt,
  nextStatus,
  ratingProblem,
} from "../../../shared/rules/cases";

/**
 * The case rules (DOMAIN.md "Requests, disputes and mediation") at their edges: stage limits in
 * calendar or working days ending at the end of the Shanghai day, across weekends, month and
 * year ends and the UTC/Shanghai date line; the colour against the limit to the millisecond;
 * street settings merged over the defaults; the 30-day court window (人民调解法 Art 33); the
 * rating's conditions.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** An instant given as a Shanghai wall-clock time (UTC+8, no DST), e.g. at("2025-03-07 15:00"). */
const at = (local: string) => Date.parse(`${local.replace(" ", "T")}:00+08:00`);
/** The last millisecond of a Shanghai calendar day, computed here rather than by the code under test. */
const endOf = (day: string) => Date.parse(`${day}T23:59:59.999+08:00`);
const shanghaiWeekday = (t: number) => new Date(t + 8 * HOUR).getUTCDay();

describe("dueAt", () => {
  it("1 calendar day from Friday afternoon is due Saturday 23:59:59.999 Shanghai", () => {
    const friday = at("2025-03-07 15:00");
    expect(shanghaiWeekday(friday)).toBe(5);
    const due = dueAt(friday, 1, false);
    expect(due).toBe(endOf("2025-03-08"));
    expect(new Date(due).toISOString()).toBe("2025-03-08T15:59:59.999Z");
    expect(shanghaiWeekday(due)).toBe(6);
  });

  it("1 working day from Friday afternoon is due Monday", () => {
    expect(dueAt(at("2025-03-07 15:00"), 1, true)).toBe(endOf("2025-03-10"));
  });

  it("working days skip both weekend days, also when starting on a weekend", () => {
    expect(dueAt(at("2025-03-08 09:00"), 1, true)).toBe(endOf("2025-03-10")); // Saturday → Monday
    expect(dueAt(at("2025-03-09 09:00"), 1, true)).toBe(endOf("2025-03-10")); // Sunday → Monday
    expect(dueAt(at("2025-03-05 09:00"), 5, true)).toBe(endOf("2025-03-12")); // Wed + 5 → next Wed
    expect(dueAt(at("2025-03-05 09:00"), 5, false)).toBe(endOf("2025-03-10"));
    expect(dueAt(at("2025-03-03 09:00"), 15, true)).toBe(endOf("2025-03-24")); // 3 weeks of weekdays
  });

  it("0 days is the end of the same Shanghai day", () => {
    expect(dueAt(at("2025-03-07 00:00"), 0, false)).toBe(endOf("2025-03-07"));
    expect(dueAt(at("2025-03-08 12:00"), 0, true)).toBe(endOf("2025-03-08"));
  });

  it("crosses a month end (and February's length)", () => {
    expect(dueAt(at("2025-01-31 10:00"), 1, false)).toBe(endOf("2025-02-01"));
    expect(dueAt(at("2025-02-27 10:00"), 3, false)).toBe(endOf("2025-03-02"));
    expect(dueAt(at("2024-02-28 10:00"), 1, false)).toBe(endOf("2024-02-29")); // leap year
    expect(dueAt(at("2025-01-31 10:00"), 1, true)).toBe(endOf("2025-02-03")); // Fri → Mon
  });

  it("crosses a year end", () => {
    expect(dueAt(at("2025-12-31 23:00"), 1, false)).toBe(endOf("2026-01-01"));
    expect(dueAt(at("2025-12-29 10:00"), 7, false)).toBe(endOf("2026-01-05"));
    // Thursday 2026-12-31 + 2 working days: Friday 1 Jan, then Monday 4 Jan 2027.
    expect(dueAt(at("2026-12-31 10:00"), 2, true)).toBe(endOf("2027-01-04"));
  });

  it("counts Shanghai days, not UTC days", () => {
    // 00:30 Shanghai on 5 March is still 4 March in UTC: due at the end of 6 March Shanghai.
    const early = at("2025-03-05 00:30");
    expect(new Date(early).toISOString().slice(0, 10)).toBe("2025-03-04");
    expect(dueAt(early, 1, false)).toBe(endOf("2025-03-06"));
    expect(new Date(dueAt(early, 1, false)).toISOString()).toBe("2025-03-06T15:59:59.999Z");
    // 23:30 Shanghai on 4 March (15:30 UTC the same day): due at the end of 5 March Shanghai.
    expect(dueAt(at("2025-03-04 23:30"), 1, false)).toBe(endOf("2025-03-05"));
    // Not UTC midnight.
    expect(dueAt(early, 1, false)).not.toBe(Date.parse("2025-03-05T23:59:59.999Z"));
    // 00:30 Shanghai on Saturday is Friday in UTC: in working days it is a weekend start.
    expect(dueAt(at("2025-03-08 00:30"), 1, true)).toBe(endOf("2025-03-10"));
  });
});

describe("colourOf", () => {
  const start = at("2025-03-03 09:00");
  const due = start + 1000;

  it("green before the yellowAt share, yellow exactly at it, until due", () => {
    expect(colourOf(start, due, start, 0.75)).toBe("green");
    expect(colourOf(start, due, start + 749, 0.75)).toBe("green");
    expect(colourOf(start, due, start + 750, 0.75)).toBe("yellow");
    expect(colourOf(start, due, due, 0.75)).toBe("yellow");
  });

  it("red 1 ms after the due time", () => {
    expect(colourOf(start, due, due + 1, 0.75)).toBe("red");
    expect(colourOf(start, due, due + 10 * DAY)).toBe("red");
  });

  it("defaults to 0.75 and honours another share", () => {
    expect(colourOf(start, due, start + 749)).toBe("green");
    expect(colourOf(start, due, start + 750)).toBe("yellow");
    expect(colourOf(start, due, start + 499, 0.5)).toBe("green");
    expect(colourOf(start, due, start + 500, 0.5)).toBe("yellow");
  });

  it("on a real stage: 1 day from Friday 15:00 (due Saturday end)", () => {
    const s = at("2025-03-07 15:00");
    const d = dueAt(s, 1, false);
    const yellowFrom = s + Math.ceil((d - s) * 0.75);
    expect(colourOf(s, d, yellowFrom - 1)).toBe("green");
    expect(colourOf(s, d, yellowFrom)).toBe("yellow");
    expect(colourOf(s, d, endOf("2025-03-08"))).toBe("yellow");
    expect(colourOf(s, d, at("2025-03-09 00:00"))).toBe("red");
  });
});

describe("caseSettingsOf", () => {
  it("defaults without settings", () => {
    for (const s of [null, undefined, {}]) {
      expect(caseSettingsOf(s)).toEqual({ limits: DEFAULT_LIMITS, workingDays: false, yellowAt: 0.75 });
    }
  });

  it("merges partial limits over the defaults, kind by kind and stage by stage", () => {
    const s = caseSettingsOf({
      caseLimits: { request: { handle: 10 }, dispute: { accept: 2, verify: 9 } },
      caseWorkingDays: true,
      caseYellowAt: 0.5,
      unrelated: "x",
    });
    expect(s.limits.request).toEqual({ accept: 1, handle: 10, verify: 3 });
    expect(s.limits.dispute).toEqual({ accept: 2, handle: 15, verify: 9 });
    expect(s.limits.complaint).toEqual(DEFAULT_LIMITS.complaint);
    expect(s.limits.suggestion).toEqual(DEFAULT_LIMITS.suggestion);
    expect(Object.keys(s.limits).sort()).toEqual([...CASE_KINDS].sort());
    expect(s.workingDays).toBe(true);
    expect(s.yellowAt).toBe(0.5);
  });

  it("does not change the defaults it merges over", () => {
    const before = JSON.stringify(DEFAULT_LIMITS);
    const s = caseSettingsOf({ caseLimits: { request: { handle: 99 } } });
    s.limits.complaint.accept = 42;
    expect(JSON.stringify(DEFAULT_LIMITS)).toBe(before);
  });

  it("caseWorkingDays false is kept", () => {
    expect(caseSettingsOf({ caseWorkingDays: false }).workingDays).toBe(false);
  });
});

describe("courtConfirmationUntil (Art 33: 30 days)", () => {
  it("is the end of the Shanghai day 30 days after the agreement", () => {
    expect(COURT_CONFIRMATION_DAYS).toBe(30);
    expect(courtConfirmationUntil(at("2025-03-01 10:00"))).toBe(endOf("2025-03-31"));
    expect(courtConfirmationUntil(at("2025-03-01 00:00"))).toBe(endOf("2025-03-31"));
    expect(courtConfirmationUntil(at("2025-03-01 23:59"))).toBe(endOf("2025-03-31"));
    expect(courtConfirmationUntil(at("2025-12-15 12:00"))).toBe(endOf("2026-01-14"));
    expect(courtConfirmationUntil(at("2025-02-01 08:00"))).toBe(endOf("2025-03-03"));
  });

  it("counts Shanghai days (00:30 Shanghai is the previous UTC day)", () => {
    expect(courtConfirmationUntil(at("2025-03-02 00:30"))).toBe(endOf("2025-04-01"));
  });
});

describe("ratingProblem", () => {
  const closed = { status: "closed" as const, residentId: "R1", ratedAt: null };
  it("the resident who raised a closed, unrated case may rate", () => {
    expect(ratingProblem(closed, "R1")).toBeNull();
  });
  it("nobody else", () => {
    expect(ratingProblem(closed, "R2")).toBe("case.notYours");
    expect(ratingProblem({ ...closed, residentId: null }, "R1")).toBe("case.notYours");
  });
  it("only after closing", () => {
    for (const status of ["accept", "handle", "verify"] as const)
      expect(ratingProblem({ ...closed, status }, "R1")).toBe("case.notClosed");
  });
  it("only once", () => {
    expect(ratingProblem({ ...closed, ratedAt: Date.now() }, "R1")).toBe("case.alreadyRated");
  });
  it("someone else's open case is not theirs first", () => {
    expect(ratingProblem({ status: "handle", residentId: "R1", ratedAt: 1 }, "R2")).toBe("case.notYours");
  });
});

describe("nextStatus", () => {
  it("accept → handle → verify → closed, and closed stays closed", () => {
    expect(nextStatus("accept")).toBe("handle");
    expect(nextStatus("handle")).toBe("verify");
    expect(nextStatus("verify")).toBe("closed");
    expect(nextStatus("closed")).toBe("closed");
  });
});
