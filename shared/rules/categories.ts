/**
 * Disclosure categories (U34, V35): local catalogues group them as 党务 / 政务 / 居务(村务) / 财务.
 * 居务 becomes 村务 in a village.
 */
export const NOTICE_CATEGORY_CODES = ["party", "government", "affairs", "finance", "other"] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORY_CODES)[number];

export function categoryLabel(code: NoticeCategory, kind: "urban" | "village", lang: "zh" | "en"): string {
  const zh: Record<NoticeCategory, string> = {
    party: "党务公开",
    government: "政务公开",
    affairs: kind === "village" ? "村务公开" : "居务公开",
    finance: "财务公开",
    other: "其他",
  };
  const en: Record<NoticeCategory, string> = {
    party: "Party affairs",
    government: "Government affairs",
    affairs: kind === "village" ? "Village affairs" : "Community affairs",
    finance: "Finance",
    other: "Other",
  };
  return (lang === "zh" ? zh : en)[code];
}
