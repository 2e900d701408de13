/**
 * Eligibility from the registry (DOMAIN.md "Communities and people"): computed from the birth
 * date and the representative flags, never typed in. Dates are calendar dates in Asia/Shanghai.
 */
export const ADULT_AGE = 18;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The calendar date (YYYY-MM-DD) in Asia/Shanghai at the instant `at` (China has no DST). */
export function shanghaiDate(at: number): string {
  return new Date(at + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant the Shanghai month (or year) containing `at` began. */
export function shanghaiMonthStart(at: number): number {
  return Date.parse(`${shanghaiDate(at).slice(0, 7)}-01T00:00:00+08:00`);
}
export function shanghaiYearStart(at: number): number {
  return Date.parse(`${shanghaiDate(at).slice(0, 4)}-01-01T00:00:00+08:00`);
}

/** A real calendar date written as YYYY-MM-DD (rejects 2023-02-29, 2024-13-01, …). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * Completed years of age on the Shanghai calendar day of `at`. Someone born on 29 February has
 * their birthday on 1 March in common years: comparing (month, day) pairs gives exactly that.
 */
export function ageOn(birthDate: string, at: number): number {
  const [by, bm, bd] = birthDate.split("-").map(Number);
  const [y, m, d] = shanghaiDate(at).split("-").map(Number);
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

/** 18 or older on the meeting or vote date. */
export function isAdultOn(birthDate: string, at: number): boolean {
  return ageOn(birthDate, at) >= ADULT_AGE;
}

export type RegistryPerson = {
  birthDate: string;
  status: "active" | "moved_out";
  isHouseholdRep: boolean;
  isRepresentative: boolean;
};

/** Who may take part, by the three eligibility rules that meetings and votes use. */
export type EligibilityRule = "adults" | "household_reps" | "representatives";

export function isEligible(person: RegistryPerson, rule: EligibilityRule, at: number): boolean {
  if (person.status !== "active") return false;
  switch (rule) {
    case "adults":
      return isAdultOn(person.birthDate, at);
    case "household_reps":
      return person.isHouseholdRep;
    case "representatives":
      return person.isRepresentative;
  }
}

/**
 * The latest birth date of an adult on the Shanghai day of `at`: adults are exactly those with
 * birthDate <= this date (string comparison of YYYY-MM-DD), which lets SQL filter on an index.
 */
export function adultBornOnOrBefore(at: number): string {
  const [y, m, d] = shanghaiDate(at).split("-").map(Number);
  return `${String(y - ADULT_AGE).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
