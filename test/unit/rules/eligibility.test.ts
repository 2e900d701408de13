import { describe, expect, it } from "vitest";
import {
  ADULT_AGE,
  adultBornOnOrBefore,
  ageOn,
  isAdultOn,
  isCalendarDate,
  isEligible,
  shanghaiDate,
  type EligibilityRule,
  type RegistryPerson,
} from "../../../shared/rules/eligibility";

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** 00:00 on the Shanghai calendar day y-m-d (UTC+8, no DST) as an instant. */
const shanghaiMidnight = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 8 * HOUR;
/** The calendar date `days` after `date` (YYYY-MM-DD, may be negative). */
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

describe("isCalendarDate", () => {
  it("accepts real dates, including 29 February of a leap year", () => {
    for (const d of ["2024-02-29", "2000-02-29", "1980-01-02", "2023-12-31", "1900-01-01", "2023-02-28"])
      expect(isCalendarDate(d), d).toBe(true);
  });
  it("rejects 29 February of a common year (including century years not divisible by 400)", () => {
    expect(isCalendarDate("2023-02-29")).toBe(false);
    expect(isCalendarDate("1900-02-29")).toBe(false);
    expect(isCalendarDate("2100-02-29")).toBe(false);
  });
  it("rejects impossible months and days", () => {
    for (const d of ["2024-13-01", "2024-00-10", "2024-04-31", "2024-01-32", "2024-01-00", "2024-02-30"])
      expect(isCalendarDate(d), d).toBe(false);
  });
  it("rejects other formats", () => {
    for (const d of [
      "2024-2-29",
      "2024/02/29",
      "20240229",
      "24-02-29",
      "2024-02-29T00:00",
      " 2024-02-29",
      "",
      "abcd-ef-gh",
    ])
      expect(isCalendarDate(d), JSON.stringify(d)).toBe(false);
  });
});

describe("shanghaiDate", () => {
  it("changes day at 16:00 UTC", () => {
    expect(shanghaiDate(Date.UTC(2024, 4, 11, 15, 59, 59, 999))).toBe("2024-05-11");
    expect(shanghaiDate(Date.UTC(2024, 4, 11, 16, 0, 0, 0))).toBe("2024-05-12");
  });
});

describe("ageOn / isAdultOn", () => {
  it("the 18th birthday begins at 00:00 Shanghai, i.e. 16:00 UTC the day before", () => {
    const birthday = shanghaiMidnight(2024, 5, 12);
    expect(birthday).toBe(Date.UTC(2024, 4, 11, 16, 0, 0, 0));
    expect(ageOn("2006-05-12", birthday)).toBe(18);
    expect(isAdultOn("2006-05-12", birthday)).toBe(true);
    expect(ageOn("2006-05-12", birthday - 1)).toBe(17);
    expect(isAdultOn("2006-05-12", birthday - 1)).toBe(false);
    // Late on the 11th in UTC terms is already the 12th in Shanghai.
    expect(isAdultOn("2006-05-12", Date.UTC(2024, 4, 11, 23, 0))).toBe(true);
    // Noon UTC on the 11th is still the 11th in Shanghai.
    expect(isAdultOn("2006-05-12", Date.UTC(2024, 4, 11, 12, 0))).toBe(false);
  });

  it("someone born on 29 February becomes adult on 1 March in a common year, not on 28 February", () => {
    // Born 2004-02-29, 18 in 2022 (a common year).
    expect(isAdultOn("2004-02-29", shanghaiMidnight(2022, 2, 28))).toBe(false);
    expect(isAdultOn("2004-02-29", shanghaiMidnight(2022, 3, 1) - 1)).toBe(false);
    expect(isAdultOn("2004-02-29", shanghaiMidnight(2022, 3, 1))).toBe(true);
    expect(ageOn("2004-02-29", shanghaiMidnight(2022, 3, 1))).toBe(18);
    expect(ageOn("2004-02-29", shanghaiMidnight(2022, 3, 1) - 1)).toBe(17);
  });

  it("someone born on 29 February has their birthday on 29 February in a leap year", () => {
    // 18 years after a leap year is never a leap year, so check the 20th birthday (2024) and the adult
    // status of someone who turned 18 on 1 March 2022, in the leap year 2024 (still adult).
    expect(ageOn("2004-02-29", shanghaiMidnight(2024, 2, 29))).toBe(20);
    expect(ageOn("2004-02-29", shanghaiMidnight(2024, 2, 29) - 1)).toBe(19);
    expect(ageOn("2004-02-29", shanghaiMidnight(2023, 3, 1))).toBe(19);
    expect(ageOn("2004-02-29", shanghaiMidnight(2023, 3, 1) - 1)).toBe(18);
    // 18 on 29 Feb: born on 29 Feb 18 years before a leap day would need a leap year 18 years earlier.
    expect(ageOn("2006-03-01", shanghaiMidnight(2024, 2, 29))).toBe(17);
    expect(ageOn("2006-02-28", shanghaiMidnight(2024, 2, 29))).toBe(18);
    expect(isAdultOn("2006-02-28", shanghaiMidnight(2024, 2, 28))).toBe(true);
    expect(isAdultOn("2006-03-01", shanghaiMidnight(2024, 2, 29))).toBe(false);
    expect(isAdultOn("2006-03-01", shanghaiMidnight(2024, 3, 1))).toBe(true);
  });

  it("counts completed years", () => {
    const at = shanghaiMidnight(2026, 6, 15) + 12 * HOUR;
    expect(ageOn("2026-06-15", at)).toBe(0);
    expect(ageOn("1968-05-12", at)).toBe(58);
    expect(ageOn("1968-06-15", at)).toBe(58);
    expect(ageOn("1968-06-16", at)).toBe(57);
    expect(ageOn("2008-06-16", at)).toBe(17);
    expect(isAdultOn("2008-06-15", at)).toBe(true);
    expect(isAdultOn("2008-06-16", at)).toBe(false);
    expect(ADULT_AGE).toBe(18);
  });
});

describe("adultBornOnOrBefore", () => {
  it("is the date 18 years before the Shanghai day", () => {
    expect(adultBornOnOrBefore(shanghaiMidnight(2024, 5, 12))).toBe("2006-05-12");
    expect(adultBornOnOrBefore(shanghaiMidnight(2024, 5, 12) - 1)).toBe("2006-05-11");
  });

  it("agrees with isAdultOn for every day of 2019–2030 at both ends of the Shanghai day", () => {
    let checked = 0;
    const mismatches: string[] = [];
    for (let t = shanghaiMidnight(2019, 1, 1); t < shanghaiMidnight(2031, 1, 1); t += DAY) {
      for (const at of [t, t + DAY - 1]) {
        const bound = adultBornOnOrBefore(at);
        const today = shanghaiDate(at);
        const [y, m, d] = today.split("-").map(Number);
        // Birth dates around the threshold (18 years ago), and around the end of February of that year.
        const anchor = `${y - 18}-${String(m).padStart(2, "0")}-${String(Math.min(d, 28)).padStart(2, "0")}`;
        const births = new Set<string>();
        for (let k = -3; k <= 3; k++) births.add(addDays(anchor, k));
        for (const extra of ["02-27", "02-28", "02-29", "03-01", "03-02"]) births.add(`${y - 18}-${extra}`);
        for (const b of births) {
          if (!isCalendarDate(b)) continue;
          if (b <= bound !== isAdultOn(b, at)) mismatches.push(`born ${b}, on ${today} (bound ${bound})`);
          checked++;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(50_000);
  });

  it("agrees with isAdultOn for pseudo-random birth dates and instants", () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1664525 + 1013904223) % 2 ** 32;
      return seed / 2 ** 32;
    };
    const from = Date.UTC(1900, 0, 1);
    const to = Date.UTC(2060, 0, 1);
    const mismatches: string[] = [];
    let adults = 0;
    for (let i = 0; i < 20_000; i++) {
      const at = Math.floor(from + rand() * (to - from));
      const birth = new Date(Math.floor(from + rand() * (at - from))).toISOString().slice(0, 10);
      const adult = isAdultOn(birth, at);
      if (adult) adults++;
      if (birth <= adultBornOnOrBefore(at) !== adult)
        mismatches.push(`born ${birth}, at ${new Date(at).toISOString()}`);
    }
    expect(mismatches).toEqual([]);
    // Both answers occur often enough for the comparison to mean something.
    expect(adults).toBeGreaterThan(1000);
    expect(adults).toBeLessThan(19_000);
  });
});

describe("isEligible", () => {
  const at = shanghaiMidnight(2026, 6, 15);
  const person = (p: Partial<RegistryPerson>): RegistryPerson => ({
    birthDate: "1980-01-01",
    status: "active",
    isHouseholdRep: false,
    isRepresentative: false,
    ...p,
  });
  const rules: EligibilityRule[] = ["adults", "household_reps", "representatives"];

  it("adults: 18 or older on the date", () => {
    expect(isEligible(person({ birthDate: "2008-06-15" }), "adults", at)).toBe(true);
    expect(isEligible(person({ birthDate: "2008-06-16" }), "adults", at)).toBe(false);
    expect(isEligible(person({ birthDate: "2008-06-16" }), "adults", shanghaiMidnight(2026, 6, 16))).toBe(true);
  });

  it("household_reps: only household representatives, whatever their age", () => {
    expect(isEligible(person({ isHouseholdRep: true }), "household_reps", at)).toBe(true);
    expect(isEligible(person({ isHouseholdRep: false, isRepresentative: true }), "household_reps", at)).toBe(false);
    expect(isEligible(person({ isHouseholdRep: true, birthDate: "2010-01-01" }), "household_reps", at)).toBe(true);
  });

  it("representatives: only 居民代表 / 村民代表", () => {
    expect(isEligible(person({ isRepresentative: true }), "representatives", at)).toBe(true);
    expect(isEligible(person({ isHouseholdRep: true }), "representatives", at)).toBe(false);
  });

  it("a person who moved out is eligible under no rule", () => {
    const gone = person({ status: "moved_out", isHouseholdRep: true, isRepresentative: true });
    for (const rule of rules) expect(isEligible(gone, rule, at), rule).toBe(false);
    const stays = person({ isHouseholdRep: true, isRepresentative: true });
    for (const rule of rules) expect(isEligible(stays, rule, at), rule).toBe(true);
  });
});
