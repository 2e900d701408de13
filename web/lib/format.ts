import { lang } from "../i18n";

/** Times are stored in UTC and shown in Asia/Shanghai (DESIGN.md "Data rules"). */
export function formatDateTime(ms: number | null | undefined): string {
  if (!ms) return "";
  return new Intl.DateTimeFormat(lang() === "zh" ? "zh-CN" : "en-GB", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(ms));
}

export function formatDate(ms: number | null | undefined): string {
  if (!ms) return "";
  return new Intl.DateTimeFormat(lang() === "zh" ? "zh-CN" : "en-GB", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(ms));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
