/**
 * Residents' requests, complaints, suggestions and disputes (DOMAIN.md "Requests, disputes and
 * mediation"; 人民调解法): the stages accept → handle → verify, each with a time limit set per
 * kind by the street office, the colour of a case against its limit, one extension, escalation,
 * and the 30-day window for court confirmation of a mediation agreement (Art 33). Pure functions;
 * dates are calendar dates in Asia/Shanghai.
 */
import { shanghaiDate } from "./eligibility";

export const CASE_KINDS = ["request", "complaint", "suggestion", "dispute"] as const; // 诉求 投诉 建议 纠纷
export type CaseKind = (typeof CASE_KINDS)[number];

export const CASE_STAGES = ["accept", "handle", "verify"] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const CASE_STATUSES = ["accept", "handle", "verify", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_CATEGORIES = [
  "environment", // 环境卫生
  "facilities", // 设施维修
  "property", // 物业管理
  "safety", // 安全隐患
  "neighbours", // 邻里关系
  "services", // 公共服务
  "disclosure", // 居务/村务公开: a complaint about late or false disclosure goes to the street office too (U35, V36)
  "other",
] as const;

export const EVENT_KINDS = ["comment", "call", "visit", "mediation", "refusal", "agreement", "followup"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Days per stage for each kind: a street office may set its own (settings.caseLimits). */
export const DEFAULT_LIMITS: Record<CaseKind, Record<CaseStage, number>> = {
  request: { accept: 1, handle: 7, verify: 3 },
  complaint: { accept: 1, handle: 5, verify: 3 },
  suggestion: { accept: 3, handle: 15, verify: 5 },
  dispute: { accept: 1, handle: 15, verify: 5 },
};

export type CaseSettings = {
  limits: Record<CaseKind, Record<CaseStage, number>>;
  /** Count limits in working days (Monday–Friday) rather than calendar days. */
  workingDays: boolean;
  /** A case turns yellow when this share of its stage's time has passed (0–1). */
  yellowAt: number;
};

export function caseSettingsOf(settings: Record<string, unknown> | null | undefined): CaseSettings {
  const s = (settings ?? {}) as {
    caseLimits?: Partial<Record<CaseKind, Partial<Record<CaseStage, number>>>>;
    caseWorkingDays?: boolean;
    caseYellowAt?: number;
  };
  const limits = Object.fromEntries(
    CASE_KINDS.map((k) => [k, { ...DEFAULT_LIMITS[k], ...(s.caseLimits?.[k] ?? {}) }]),
  ) as CaseSettings["limits"];
  return { limits, workingDays: s.caseWorkingDays ?? false, yellowAt: s.caseYellowAt ?? 0.75 };
}

const DAY = 86_400_000;
const SHANGHAI = 8 * 3600_000;

/** The end of the Shanghai day of `at` (23:59:59.999), as an instant. */
function endOfDay(at: number): number {
  return Date.parse(`${shanghaiDate(at)}T00:00:00+08:00`) + DAY - 1;
}

const isWeekend = (at: number) => {
  const d = new Date(at + SHANGHAI).getUTCDay();
  return d === 0 || d === 6;
};

/**
 * When a stage started at `startedAt` with `days` of time is due: the end of the Shanghai day that
 * many calendar (or working) days later. A stage of 1 day started on Friday is due on Saturday at
 * midnight in calendar days, on Monday in working days.
 */
export function dueAt(startedAt: number, days: number, workingDays: boolean): number {
  let at = startedAt;
  let left = days;
  while (left > 0) {
    at += DAY;
    if (!workingDays || !isWeekend(at)) left--;
  }
  return endOfDay(at);
}

export type Colour = "green" | "yellow" | "red";

/** Green until `yellowAt` of the stage's time has passed, yellow until the due time, red after. */
export function colourOf(startedAt: number, due: number, now: number, yellowAt = 0.75): Colour {
  if (now > due) return "red";
  if (now - startedAt >= (due - startedAt) * yellowAt) return "yellow";
  return "green";
}

/** The next status after a stage is done. */
export function nextStatus(status: CaseStatus): CaseStatus {
  return status === "accept" ? "handle" : status === "handle" ? "verify" : "closed";
}

/** Art 33: parties may apply to a court for confirmation within 30 days of the agreement taking effect. */
export const COURT_CONFIRMATION_DAYS = 30;
export const courtConfirmationUntil = (agreedAt: number) => endOfDay(agreedAt + COURT_CONFIRMATION_DAYS * DAY);

/** A rating is 1 to 5, once, by the resident who raised the case, after it closed. */
export function ratingProblem(
  c: {
    status: CaseStatus;
    residentId: string | null;
    ratedAt: number | null;
  },
  residentId: string,
): string | null {
  if (c.residentId !== residentId) return "case.notYours";
  if (c.status !== "closed") return "case.notClosed";
  if (c.ratedAt) return "case.alreadyRated";
  return null;
}
