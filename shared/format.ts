/** Dates as the app shows them: stored in UTC, shown in Asia/Shanghai (DESIGN.md "Data rules"). */
export type DisplayLang = "zh" | "en";

function formatIn(lang: DisplayLang, ms: number | null | undefined, withTime: boolean): string {
  if (!ms) return "";
  return new Intl.DateTimeFormat(lang === "zh" ? "zh-CN" : "en-GB", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    ...(withTime ? { hour: "2-digit", minute: "2-digit", hour12: false } : {}),
  }).format(new Date(ms));
}

export const formatDateTimeIn = (lang: DisplayLang, ms: number | null | undefined) => formatIn(lang, ms, true);

export const formatDateIn = (lang: DisplayLang, ms: number | null | undefined) => formatIn(lang, ms, false);
