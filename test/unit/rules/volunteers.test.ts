import { describe, expect, it } from "vitest";
import {
  ADULT_TASK_AGE,
  cancelAllowed,
  CHECK_IN_EARLY_MS,
  checkInOpen,
  countedMinutes,
  coverage,
  GUARDIAN_AGE,
  hoursOf,
  hoursPer100,
  joinProblem,
  MAX_SERIES,
  needsGuardianConsent,
  servedMinutes,
  settle,
  signUpProblem,
  weeklyStarts,
  type TeamRules,
  type VolunteerState,
} from "../../../shared/rules/volunteers";

/**
 * The volunteer rules (DOMAIN.md "Volunteers") at their edges: guardian consent under 14 and
 * no minors on adults-only teams, judged on the Shanghai calendar day of the shift; insurance
 * valid on the shift's day for risky teams; the cancellation cut-off and the check-in window to
 * the millisecond; minutes served across midnight and capped by the shift; settling forgotten
 * check-outs and no-shows; weekly series on Shanghai weekdays; the street office's figures.
 */

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** An instant given as a Shanghai wall-clock time (UTC+8, no DST), e.g. at("2025-03-03 22:00"). */
const at = (local: string) => Date.parse(`${local.replace(" ", "T")}:00+08:00`);
/** The Shanghai calendar date of an instant, computed here rather than by the code under test. */
const shanghaiDay = (t: number) => new Date(t + 8 * HOUR).toISOString().slice(0, 10);
/** The Shanghai weekday (0 = Sunday) of an instant. */
const shanghaiWeekday = (t: number) => new Date(t + 8 * HOUR).getUTCDay();

const plain: TeamRules = { risky: false, adultsOnly: false };
const nightPatrol: TeamRules = { risky: true, adultsOnly: true };
const riskyOnly: TeamRules = { risky: true, adultsOnly: false };
const adultsOnly: TeamRules = { risky: false, adultsOnly: true };

const adult = (fields: Partial<VolunteerState> = {}): VolunteerState => ({
  status: "active",
  birthDate: "1980-06-01",
  guardianConsentAt: null,
  insuredUntil: null,
  ...fields,
});
const shiftAt = (startsAt: number, cancelledAt: number | null = null) => ({ startsAt, cancelledAt });

describe("needsGuardianConsent (PIPL Art 31: under 14)", () => {
  const born = "2012-05-15";

  it("is needed the whole day before the 14th birthday, up to the last millisecond in Shanghai", () => {
    expect(GUARDIAN_AGE).toBe(14);
    expect(needsGuardianConsent(born, at("2026-05-14 00:00"))).toBe(true);
    expect(needsGuardianConsent(born, at("2026-05-15 00:00") - 1)).toBe(true);
  });

  it("is not needed from 00:00 Shanghai on the 14th birthday (16:00 UTC the day before)", () => {
    const midnight = at("2026-05-15 00:00");
    expect(new Date(midnight).toISOString()).toBe("2026-05-14T16:00:00.000Z");
    expect(needsGuardianConsent(born, midnight)).toBe(false);
    expect(needsGuardianConsent(born, at("2026-05-15 23:59"))).toBe(false);
    expect(needsGuardianConsent(born, at("2030-01-01 12:00"))).toBe(false);
  });

  it("a 13-year-old needs it; a small child needs it; an adult does not", () => {
    expect(needsGuardianConsent("2013-01-01", at("2026-12-31 23:59"))).toBe(true);
    expect(needsGuardianConsent("2020-01-01", at("2026-06-01 12:00"))).toBe(true);
    expect(needsGuardianConsent("1980-06-01", at("2026-06-01 12:00"))).toBe(false);
  });

  it("someone born on 29 February turns 14 on 1 March in a common year", () => {
    expect(needsGuardianConsent("2012-02-29", at("2026-02-28 23:59"))).toBe(true);
    expect(needsGuardianConsent("2012-02-29", at("2026-03-01 00:00"))).toBe(false);
  });
});

describe("joinProblem", () => {
  const now = at("2026-06-01 10:00");

  it("an adults-only team refuses a 17-year-old with the i18n key", () => {
    expect(ADULT_TASK_AGE).toBe(18);
    expect(joinProblem(adultsOnly, { birthDate: "2008-06-02" }, now)).toBe("volunteer.underageForTeam");
    expect(joinProblem(nightPatrol, { birthDate: "2008-06-02" }, now)).toBe("volunteer.underageForTeam");
  });

  it("turning 18 today is old enough; so is any adult", () => {
    expect(joinProblem(adultsOnly, { birthDate: "2008-06-01" }, now)).toBeNull();
    expect(joinProblem(adultsOnly, { birthDate: "2008-05-31" }, now)).toBeNull();
    expect(joinProblem(nightPatrol, { birthDate: "1950-01-01" }, now)).toBeNull();
  });

  it("the 18th birthday counts from 00:00 Shanghai, not UTC", () => {
    expect(joinProblem(adultsOnly, { birthDate: "2008-06-02" }, at("2026-06-02 00:00"))).toBeNull();
    expect(joinProblem(adultsOnly, { birthDate: "2008-06-02" }, at("2026-06-02 00:00") - 1)).toBe(
      "volunteer.underageForTeam",
    );
  });

  it("other teams take children (insurance is a matter for sign-up, not for joining)", () => {
    expect(joinProblem(plain, { birthDate: "2016-01-01" }, now)).toBeNull();
    expect(joinProblem(riskyOnly, { birthDate: "2016-01-01" }, now)).toBeNull();
  });
});

describe("signUpProblem", () => {
  const now = at("2026-06-01 10:00");
  const start = at("2026-06-10 19:00");

  it("an approved adult on a plain team may sign up", () => {
    expect(signUpProblem(plain, adult(), shiftAt(start), now)).toBeNull();
  });

  it("a cancelled shift is refused first, even when it has also started", () => {
    expect(signUpProblem(plain, adult(), shiftAt(start, now), now)).toBe("volunteer.shiftCancelled");
    expect(signUpProblem(plain, adult({ status: "pending" }), shiftAt(start, now), start + HOUR)).toBe(
      "volunteer.shiftCancelled",
    );
  });

  it("sign-up closes exactly at the start", () => {
    expect(signUpProblem(plain, adult(), shiftAt(start), start - 1)).toBeNull();
    expect(signUpProblem(plain, adult(), shiftAt(start), start)).toBe("volunteer.shiftStarted");
    expect(signUpProblem(plain, adult(), shiftAt(start), start + 1)).toBe("volunteer.shiftStarted");
  });

  it("a volunteer not approved (pending or inactive) is refused", () => {
    expect(signUpProblem(plain, adult({ status: "pending" }), shiftAt(start), now)).toBe("volunteer.notApproved");
    expect(signUpProblem(plain, adult({ status: "inactive" }), shiftAt(start), now)).toBe("volunteer.notApproved");
  });

  describe("guardian consent, judged on the shift's day", () => {
    const thirteen = adult({ birthDate: "2013-01-01" });

    it("a 13-year-old without consent is refused; with consent on record may sign up", () => {
      expect(signUpProblem(plain, thirteen, shiftAt(start), now)).toBe("volunteer.guardianConsent");
      expect(signUpProblem(plain, { ...thirteen, guardianConsentAt: now - DAY }, shiftAt(start), now)).toBeNull();
    });

    it("someone 13 today who turns 14 on the shift's day needs no consent for that shift", () => {
      const v = adult({ birthDate: "2012-06-10" });
      expect(needsGuardianConsent(v.birthDate, now)).toBe(true);
      expect(signUpProblem(plain, v, shiftAt(at("2026-06-10 00:00")), now)).toBeNull();
      expect(signUpProblem(plain, v, shiftAt(at("2026-06-09 23:30")), now)).toBe("volunteer.guardianConsent");
    });
  });

  describe("adults-only teams: under 18 on the shift's day", () => {
    const turns18 = "2008-06-10";

    it("a 17-year-old on the shift's day is refused", () => {
      expect(signUpProblem(adultsOnly, adult({ birthDate: turns18 }), shiftAt(at("2026-06-09 23:59")), now)).toBe(
        "volunteer.underageForTeam",
      );
    });

    it("turning 18 on the shift's day is fine, even though 17 when signing up", () => {
      const v = adult({ birthDate: turns18 });
      expect(joinProblem(adultsOnly, v, now)).toBe("volunteer.underageForTeam");
      expect(signUpProblem(adultsOnly, v, shiftAt(at("2026-06-10 00:00")), now)).toBeNull();
      expect(signUpProblem(adultsOnly, v, shiftAt(at("2026-06-10 22:00")), now)).toBeNull();
    });

    it("a shift at 00:30 Shanghai counts on that Shanghai day (the UTC date is the day before)", () => {
      const v = adult({ birthDate: turns18 });
      const early = at("2026-06-10 00:30");
      expect(new Date(early).toISOString().slice(0, 10)).toBe("2026-06-09");
      expect(signUpProblem(adultsOnly, v, shiftAt(early), now)).toBeNull();
    });
  });

  describe("risky teams: accident insurance valid on the shift's day (Art 17)", () => {
    const shiftDay = shanghaiDay(start);

    it("no insurance on record is refused; a plain team does not ask for it", () => {
      expect(signUpProblem(riskyOnly, adult(), shiftAt(start), now)).toBe("volunteer.noInsurance");
      expect(signUpProblem(nightPatrol, adult(), shiftAt(start), now)).toBe("volunteer.noInsurance");
      expect(signUpProblem(plain, adult(), shiftAt(start), now)).toBeNull();
    });

    it("insurance ending the day before the shift is refused; ending on the shift's day is fine", () => {
      expect(shiftDay).toBe("2026-06-10");
      expect(signUpProblem(riskyOnly, adult({ insuredUntil: "2026-06-09" }), shiftAt(start), now)).toBe(
        "volunteer.noInsurance",
      );
      expect(signUpProblem(riskyOnly, adult({ insuredUntil: "2026-06-10" }), shiftAt(start), now)).toBeNull();
      expect(signUpProblem(riskyOnly, adult({ insuredUntil: "2027-06-10" }), shiftAt(start), now)).toBeNull();
    });

    it("the shift's day is its Shanghai date: a 00:30 shift needs cover on that date, not the UTC one", () => {
      const early = at("2026-06-11 00:30");
      expect(signUpProblem(riskyOnly, adult({ insuredUntil: "2026-06-10" }), shiftAt(early), now)).toBe(
        "volunteer.noInsurance",
      );
      expect(signUpProblem(riskyOnly, adult({ insuredUntil: "2026-06-11" }), shiftAt(early), now)).toBeNull();
    });

    it("a 23:30 shift is covered by insurance ending that day", () => {
      const late = at("2026-06-10 23:30");
      expect(signUpProblem(riskyOnly, adult({ insuredUntil: "2026-06-10" }), shiftAt(late), now)).toBeNull();
    });

    it("insurance does not make an under-18 eligible for night patrol", () => {
      const v = adult({ birthDate: "2009-01-01", insuredUntil: "2030-01-01" });
      expect(signUpProblem(nightPatrol, v, shiftAt(start), now)).toBe("volunteer.underageForTeam");
      expect(signUpProblem(riskyOnly, v, shiftAt(start), now)).toBeNull();
    });
  });
});

describe("cancelAllowed", () => {
  const start = at("2026-06-10 19:00");

  it("is allowed exactly at the cut-off and refused one millisecond after", () => {
    expect(cancelAllowed(start, 12, start - 12 * HOUR)).toBe(true);
    expect(cancelAllowed(start, 12, start - 12 * HOUR - 1)).toBe(true);
    expect(cancelAllowed(start, 12, start - 12 * HOUR + 1)).toBe(false);
    expect(cancelAllowed(start, 12, start)).toBe(false);
  });

  it("with no cut-off, until the start itself", () => {
    expect(cancelAllowed(start, 0, start)).toBe(true);
    expect(cancelAllowed(start, 0, start + 1)).toBe(false);
  });

  it("a week's cut-off", () => {
    expect(cancelAllowed(start, 168, start - 7 * DAY)).toBe(true);
    expect(cancelAllowed(start, 168, start - 7 * DAY + 1)).toBe(false);
  });
});

describe("checkInOpen", () => {
  const shift = { startsAt: at("2026-06-10 22:00"), endsAt: at("2026-06-11 02:00") };

  it("opens exactly 30 minutes before the start", () => {
    expect(CHECK_IN_EARLY_MS).toBe(30 * MIN);
    expect(checkInOpen(shift, shift.startsAt - 30 * MIN - 1)).toBe(false);
    expect(checkInOpen(shift, shift.startsAt - 30 * MIN)).toBe(true);
    expect(checkInOpen(shift, shift.startsAt)).toBe(true);
  });

  it("stays open across midnight and closes exactly at the end", () => {
    expect(checkInOpen(shift, at("2026-06-11 00:00"))).toBe(true);
    expect(checkInOpen(shift, shift.endsAt - 1)).toBe(true);
    expect(checkInOpen(shift, shift.endsAt)).toBe(false);
    expect(checkInOpen(shift, shift.endsAt + HOUR)).toBe(false);
  });
});

describe("servedMinutes", () => {
  const night = { startsAt: at("2026-06-10 22:00"), endsAt: at("2026-06-11 02:00") };

  it("across midnight: 22:10 to 01:50 is 220 minutes", () => {
    expect(servedMinutes(at("2026-06-10 22:10"), at("2026-06-11 01:50"), night)).toBe(220);
    expect(servedMinutes(at("2026-06-10 23:45"), at("2026-06-11 00:15"), night)).toBe(30);
  });

  it("an early arrival is capped at the shift's length", () => {
    expect(servedMinutes(at("2026-06-10 21:30"), at("2026-06-11 02:00"), night)).toBe(240);
    // Arriving early and leaving early: the time spent counts, within the length.
    expect(servedMinutes(at("2026-06-10 21:30"), at("2026-06-10 23:00"), night)).toBe(90);
  });

  it("a late stay is capped at the shift's length", () => {
    expect(servedMinutes(at("2026-06-10 22:00"), at("2026-06-11 03:30"), night)).toBe(240);
    expect(servedMinutes(at("2026-06-10 21:00"), at("2026-06-11 05:00"), night)).toBe(240);
  });

  it("whole minutes, rounded down", () => {
    const t = at("2026-06-10 22:00");
    expect(servedMinutes(t, t + MIN - 1, night)).toBe(0);
    expect(servedMinutes(t, t + MIN, night)).toBe(1);
    expect(servedMinutes(t, t + 90 * MIN + 59_999, night)).toBe(90);
    expect(servedMinutes(t, t + 4 * HOUR - 1, night)).toBe(239);
  });

  it("a check-out before the check-in counts nothing", () => {
    expect(servedMinutes(at("2026-06-11 01:00"), at("2026-06-11 00:00"), night)).toBe(0);
    expect(servedMinutes(at("2026-06-11 01:00"), at("2026-06-11 01:00"), night)).toBe(0);
  });

  it("a 24-hour shift counts up to 1440 minutes", () => {
    const day = { startsAt: at("2026-06-10 08:00"), endsAt: at("2026-06-11 08:00") };
    expect(servedMinutes(day.startsAt, day.endsAt + 3 * HOUR, day)).toBe(1440);
  });
});

describe("settle", () => {
  const night = { startsAt: at("2026-06-10 22:00"), endsAt: at("2026-06-11 02:00") };

  it("a forgotten check-out is closed at the shift's end and flagged", () => {
    expect(settle({ checkInAt: at("2026-06-10 22:20"), checkOutAt: null, minutes: null }, night)).toEqual({
      checkOutAt: night.endsAt,
      minutes: 220,
      flag: "no_checkout",
    });
  });

  it("a forgotten check-out after an early arrival is capped at the length", () => {
    expect(settle({ checkInAt: at("2026-06-10 21:35"), checkOutAt: null, minutes: null }, night)).toEqual({
      checkOutAt: night.endsAt,
      minutes: 240,
      flag: "no_checkout",
    });
  });

  it("a check-in in the last second before the end gives 0 minutes, flagged", () => {
    expect(settle({ checkInAt: night.endsAt - 1000, checkOutAt: null, minutes: null }, night)).toEqual({
      checkOutAt: night.endsAt,
      minutes: 0,
      flag: "no_checkout",
    });
  });

  it("someone who never checked in is a no-show with no minutes", () => {
    expect(settle({ checkInAt: null, checkOutAt: null, minutes: null }, night)).toEqual({
      checkOutAt: null,
      minutes: 0,
      flag: "no_show",
    });
  });

  it("an attendance already checked out is untouched", () => {
    const out = at("2026-06-11 01:10");
    expect(settle({ checkInAt: at("2026-06-10 22:00"), checkOutAt: out, minutes: 190 }, night)).toEqual({
      checkOutAt: out,
      minutes: 190,
      flag: null,
    });
    // A check-out without stored minutes gets them computed, unflagged.
    expect(settle({ checkInAt: at("2026-06-10 22:00"), checkOutAt: out, minutes: null }, night)).toEqual({
      checkOutAt: out,
      minutes: 190,
      flag: null,
    });
  });
});

describe("countedMinutes and hoursOf", () => {
  it("a staff adjustment wins over the computed minutes, even when it is 0", () => {
    expect(countedMinutes({ minutes: 120, adjustedMinutes: null })).toBe(120);
    expect(countedMinutes({ minutes: 120, adjustedMinutes: 90 })).toBe(90);
    expect(countedMinutes({ minutes: 120, adjustedMinutes: 0 })).toBe(0);
    expect(countedMinutes({ minutes: null, adjustedMinutes: null })).toBe(0);
  });

  it("hours with one decimal", () => {
    expect(hoursOf(0)).toBe(0);
    expect(hoursOf(90)).toBe(1.5);
    expect(hoursOf(100)).toBe(1.7);
    expect(hoursOf(220)).toBe(3.7);
  });
});

describe("weeklyStarts", () => {
  // Monday 2026-03-02, 19:00 Shanghai.
  const monday = at("2026-03-02 19:00");

  it("every chosen weekday through `until` inclusive, at the same time of day", () => {
    expect(shanghaiWeekday(monday)).toBe(1);
    const starts = weeklyStarts(monday, [1, 3], "2026-03-30");
    expect(starts.map(shanghaiDay)).toEqual([
      "2026-03-02",
      "2026-03-04",
      "2026-03-09",
      "2026-03-11",
      "2026-03-16",
      "2026-03-18",
      "2026-03-23",
      "2026-03-25",
      "2026-03-30",
    ]);
    for (const s of starts) expect((s - monday) % DAY).toBe(0);
    expect(weeklyStarts(monday, [1, 3], "2026-03-29")).toHaveLength(8);
  });

  it("the first start counts only when its weekday is chosen", () => {
    expect(weeklyStarts(monday, [2], "2026-03-10").map(shanghaiDay)).toEqual(["2026-03-03", "2026-03-10"]);
  });

  it("weekdays are Shanghai weekdays: 07:00 Monday in Shanghai is still Sunday in UTC", () => {
    const early = at("2026-03-02 07:00");
    expect(new Date(early).getUTCDay()).toBe(0);
    const starts = weeklyStarts(early, [1], "2026-03-16");
    expect(starts).toEqual([early, early + 7 * DAY, early + 14 * DAY]);
    expect(starts.map(shanghaiWeekday)).toEqual([1, 1, 1]);
    expect(weeklyStarts(early, [0], "2026-03-16").map(shanghaiDay)).toEqual(["2026-03-08", "2026-03-15"]);
  });

  it("`until` is a Shanghai date: a 23:30 start on the until day is included", () => {
    const late = at("2026-03-02 23:30");
    expect(weeklyStarts(late, [1], "2026-03-09").map(shanghaiDay)).toEqual(["2026-03-02", "2026-03-09"]);
  });

  it("at most 60 occurrences", () => {
    expect(MAX_SERIES).toBe(60);
    const daily = weeklyStarts(monday, [0, 1, 2, 3, 4, 5, 6], "2030-12-31");
    expect(daily).toHaveLength(60);
    expect(daily[59] - daily[0]).toBe(59 * DAY);
    const weekly = weeklyStarts(monday, [1], "2099-12-31");
    expect(weekly).toHaveLength(60);
    expect(shanghaiDay(weekly[59])).toBe(shanghaiDay(monday + 59 * 7 * DAY));
    expect(weeklyStarts(monday, [1], "2099-12-31", 5)).toHaveLength(5);
  });

  it("an `until` before the first start, or no chosen weekday in range, gives nothing", () => {
    expect(weeklyStarts(monday, [1], "2026-03-01")).toEqual([]);
    expect(weeklyStarts(monday, [5], "2026-03-05")).toEqual([]);
  });
});

describe("hoursPer100", () => {
  it("hours per 100 residents with one decimal", () => {
    expect(hoursPer100(600, 1000)).toBe(1);
    expect(hoursPer100(60, 3)).toBe(33.3);
    expect(hoursPer100(120, 3)).toBe(66.7);
    expect(hoursPer100(6000, 100)).toBe(100);
    expect(hoursPer100(90, 7)).toBe(21.4);
  });

  it("no residents, or no minutes, gives 0", () => {
    expect(hoursPer100(600, 0)).toBe(0);
    expect(hoursPer100(600, -1)).toBe(0);
    expect(hoursPer100(0, 50)).toBe(0);
  });
});

describe("coverage", () => {
  it("the share of planned places filled", () => {
    expect(coverage(3, 4)).toBe(0.75);
    expect(coverage(0, 4)).toBe(0);
    expect(coverage(4, 4)).toBe(1);
  });

  it("never above 1, and 0 with nothing planned", () => {
    expect(coverage(5, 4)).toBe(1);
    expect(coverage(0, 0)).toBe(0);
    expect(coverage(3, 0)).toBe(0);
  });
});
