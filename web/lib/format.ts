import { lang } from "../i18n";
import { formatDateIn, formatDateTimeIn } from "../../shared/format";

/** Times are stored in UTC and shown in Asia/Shanghai, in the reader's language. */
export const formatDateTime = (ms: number | null | undefined): string => formatDateTimeIn(lang(), ms);

export const formatDate = (ms: number | null | undefined): string => formatDateIn(lang(), ms);

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
