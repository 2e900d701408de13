/**
 * Names of finance periods and of their dates, for every face (no i18n module, no DOM):
 * 2026-Q3 → 2026年第三季度 / Q3 2026; 2026-10 → 2026年10月 / October 2026.
 */
export type PeriodLang = "zh" | "en";

const ZH_QUARTERS = ["一", "二", "三", "四"];
const EN_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** The period as people say it; an unknown key is returned as it is. */
export function periodLabel(key: string, lang: PeriodLang): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(key);
  if (q) return lang === "zh" ? `${q[1]}年第${ZH_QUARTERS[Number(q[2]) - 1]}季度` : `Q${q[2]} ${q[1]}`;
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (m) return lang === "zh" ? `${m[1]}年${Number(m[2])}月` : `${EN_MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  return key;
}

/** 2026-10-10 → 10月10日 / 10 Oct. */
export function monthDay(date: string, lang: PeriodLang): string {
  const [, m, d] = date.split("-").map(Number);
  if (!m || !d) return date;
  return lang === "zh" ? `${m}月${d}日` : `${d} ${EN_MONTHS[m - 1].slice(0, 3)}`;
}

/** 2026-10-10 → 2026年10月10日 / 10 Oct 2026. */
export function longDate(date: string, lang: PeriodLang): string {
  const [y, m, d] = date.split("-").map(Number);
  if (!y || !m || !d) return date;
  return lang === "zh" ? `${y}年${m}月${d}日` : `${d} ${EN_MONTHS[m - 1].slice(0, 3)} ${y}`;
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
