import { formatYuan } from "../../../shared/rules/money";
import type { DeadlineState, FinanceSettings, PeriodStatus } from "../../../shared/rules/finance";
import { lang, t } from "../../i18n";
import { periodLabel } from "../../lib/period";

export type Category = FinanceSettings["categories"][number];

/** Fen as "1,234.56 元" (zh) or "¥1,234.56" (en). */
export const yuan = (fen: number) => t("fin.yuan", { amount: formatYuan(fen) });

/** The period as people say it, in the current language. */
export const periodName = (key: string) => periodLabel(key, lang());

export function Money(props: { fen: number; class?: string }) {
  return <span class={props.class ? `fin-money ${props.class}` : "fin-money"}>{yuan(props.fen)}</span>;
}

const STATUS_BADGE: Record<PeriodStatus, string> = {
  open: "badge-muted",
  submitted: "badge-warn",
  approved: "badge-info",
  published: "badge-ok",
};

export function PeriodStatusBadge(props: { status: PeriodStatus }) {
  return (
    <span class={`badge ${STATUS_BADGE[props.status]}`} data-status={props.status}>
      {t(`fin.status.${props.status}`)}
    </span>
  );
}

const STATE_BADGE: Record<DeadlineState, string> = {
  running: "badge-muted",
  due: "badge-info",
  due_soon: "badge-warn",
  overdue: "badge-bad",
  on_time: "badge-ok",
  late: "badge-warn",
};

export const deadlineText = (state: DeadlineState, daysLate: number) => t(`fin.state.${state}`, { n: daysLate });

export function DeadlineBadge(props: { state: DeadlineState; daysLate: number }) {
  return (
    <span class={`badge ${STATE_BADGE[props.state]}`} data-state={props.state}>
      {deadlineText(props.state, props.daysLate)}
    </span>
  );
}

/** A category's name in the current language (the code when the street no longer has it). */
export function categoryName(categories: Category[], code: string): string {
  const c = categories.find((x) => x.code === code);
  return c ? c[lang()] : code;
}

export const directionName = (d: "income" | "expense") => t(d === "income" ? "fin.dir.income" : "fin.dir.expense");

export type UploadedVoucher = { id: string; name: string; contentType: string; size: number; sha256: string };

/** Accepted voucher files (the server sniffs the bytes: PDF, PNG, JPEG, WebP). */
export const VOUCHER_ACCEPT = ".pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp";

/**
 * POST /files/finance-entries/{entryId} as multipart form data ("file"), reporting progress.
 * Rejects with the server's translated message.
 */
export function uploadVoucher(
  entryId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<UploadedVoucher> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/files/finance-entries/${encodeURIComponent(entryId)}`);
    xhr.setRequestHeader("x-linli-lang", lang());
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as (UploadedVoucher & { error?: { message?: string } }) | null;
      if (xhr.status >= 200 && xhr.status < 300 && body && !body.error) resolve(body);
      else reject(new Error(body?.error?.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error(`HTTP ${xhr.status || "network error"}`));
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}
