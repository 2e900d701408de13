/** Dates as the app shows them: stored in UTC, shown in Asia/Shanghai (DESIGN.md "Data rules"). */
export type DisplayLang = "zh" | "en";

const locale = (lang: DisplayLang) => (lang === "zh" ? "zh-CN" : "en-GB");

export function formatDateTimeIn(lang: DisplayLang, ms: number | null | undefined): string {
  if (!ms) return "";
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(ms));
}

export function formatDateIn(lang: DisplayLang, ms: number | null | undefined): string {
  if (!ms) return "";
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(ms));
}
