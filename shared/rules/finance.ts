/**
 * Finance disclosure (DOMAIN.md "Finance", "Disclosure"; U34, V35): periods, deadlines and the
 * period balance. Dates are calendar dates (YYYY-MM-DD) in Asia/Shanghai.
 */
import { shanghaiDate } from "./eligibility";
import { maskName } from "./masking";

export type Frequency = "monthly" | "quarterly";
export type Direction = "income" | "expense";

/** Urban law sets no frequency: quarterly by default; villages monthly (V35). Street settings override. */
export const DEFAULT_FREQUENCY: Record<"urban" | "village", Frequency> = { urban: "quarterly", village: "monthly" };
/** Each period is due this many days after it ends (street setting). */
export const DEFAULT_DEADLINE_DAYS = 10;
/** The community admin is warned this many days before a deadline. */
export const WARN_DAYS = 5;

export const DEFAULT_FINANCE_CATEGORIES: { code: string; zh: string; en: string; direction: Direction | "both" }[] = [
  { code: "grant", zh: "上级拨款", en: "Government grants", direction: "income" },
  { code: "donation", zh: "捐赠", en: "Donations", direction: "income" },
  { code: "collective", zh: "集体经营收入", en: "Collective business income", direction: "income" },
  { code: "other_income", zh: "其他收入", en: "Other income", direction: "income" },
  { code: "office", zh: "办公经费", en: "Office expenses", direction: "expense" },
  { code: "activity", zh: "活动经费", en: "Community activities", direction: "expense" },
  { code: "subsidy", zh: "补贴发放", en: "Subsidies paid", direction: "expense" },
  { code: "maintenance", zh: "设施维护", en: "Facility maintenance", direction: "expense" },
  { code: "services", zh: "公共服务", en: "Public services", direction: "expense" },
  { code: "other_expense", zh: "其他支出", en: "Other expenses", direction: "expense" },
];

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_KEY = /^(\d{4})-Q([1-4])$/;

export function isPeriodKey(key: string): boolean {
  return MONTH_KEY.test(key) || QUARTER_KEY.test(key);
}

export function frequencyOf(key: string): Frequency {
  return QUARTER_KEY.test(key) ? "quarterly" : "monthly";
}

const pad = (n: number) => String(n).padStart(2, "0");
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** First and last calendar day of a period: 2024-02 → 2024-02-01..2024-02-29; 2026-Q4 → 2026-10-01..2026-12-31. */
export function periodRange(key: string): { startsOn: string; endsOn: string } {
  const m = MONTH_KEY.exec(key);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return { startsOn: `${y}-${pad(mo)}-01`, endsOn: `${y}-${pad(mo)}-${pad(daysInMonth(y, mo))}` };
  }
  const q = QUARTER_KEY.exec(key);
  if (!q) throw new Error(`not a period key: ${key}`);
  const [y, n] = [Number(q[1]), Number(q[2])];
  const last = n * 3;
  return { startsOn: `${y}-${pad(last - 2)}-01`, endsOn: `${y}-${pad(last)}-${pad(daysInMonth(y, last))}` };
}

/** The period containing a calendar date. */
export function periodOf(date: string, frequency: Frequency): string {
  const [y, m] = date.split("-").map(Number);
  return frequency === "monthly" ? `${y}-${pad(m)}` : `${y}-Q${Math.ceil(m / 3)}`;
}

export function previousPeriod(key: string): string {
  const m = MONTH_KEY.exec(key);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return mo === 1 ? `${y - 1}-12` : `${y}-${pad(mo - 1)}`;
  }
  const [, ys, ns] = QUARTER_KEY.exec(key)!;
  const [y, n] = [Number(ys), Number(ns)];
  return n === 1 ? `${y - 1}-Q4` : `${y}-Q${n - 1}`;
}

export function nextPeriod(key: string): string {
  const m = MONTH_KEY.exec(key);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return mo === 12 ? `${y + 1}-01` : `${y}-${pad(mo + 1)}`;
  }
  const [, ys, ns] = QUARTER_KEY.exec(key)!;
  const [y, n] = [Number(ys), Number(ns)];
  return n === 4 ? `${y + 1}-Q1` : `${y}-Q${n + 1}`;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The last day on which publication is on time: N days after the period ends. */
export function dueOn(key: string, deadlineDays = DEFAULT_DEADLINE_DAYS): string {
  return addDays(periodRange(key).endsOn, deadlineDays);
}

export type DeadlineState = "running" | "due" | "due_soon" | "overdue" | "on_time" | "late";

/**
 * Where a period stands against its deadline on the Shanghai day of `now`: still running, due
 * (ended, deadline ahead), due soon (within WARN_DAYS), overdue (deadline passed, unpublished),
 * published on time, or published late.
 */
export function deadlineState(
  key: string,
  publishedAt: number | null,
  now: number,
  deadlineDays = DEFAULT_DEADLINE_DAYS,
): { state: DeadlineState; dueOn: string; daysLate: number } {
  const due = dueOn(key, deadlineDays);
  const today = shanghaiDate(now);
  const late = (day: string) => Math.max(0, Math.round((Date.parse(day) - Date.parse(due)) / 86_400_000));
  if (publishedAt !== null) {
    const day = shanghaiDate(publishedAt);
    return day <= due
      ? { state: "on_time", dueOn: due, daysLate: 0 }
      : { state: "late", dueOn: due, daysLate: late(day) };
  }
  if (today <= periodRange(key).endsOn) return { state: "running", dueOn: due, daysLate: 0 };
  if (today > due) return { state: "overdue", dueOn: due, daysLate: late(today) };
  return { state: addDays(today, WARN_DAYS) >= due ? "due_soon" : "due", dueOn: due, daysLate: 0 };
}

/** Every period from `fromKey` to the last one that has ended by `now`, in order. */
export function endedPeriodsSince(fromKey: string, now: number): string[] {
  const today = shanghaiDate(now);
  const keys: string[] = [];
  for (let k = fromKey; periodRange(k).endsOn < today && keys.length < 1000; k = nextPeriod(k)) keys.push(k);
  return keys;
}

export function closingBalance(openingFen: number, entries: { direction: Direction; amountFen: number }[]): number {
  let balance = openingFen;
  for (const e of entries) balance += e.direction === "income" ? e.amountFen : -e.amountFen;
  return balance;
}

export type PeriodStatus = "open" | "submitted" | "approved" | "published";

/** What the public sees of an entry: a private person's name masked (PIPL). */
export function publicEntry(e: {
  id: string;
  entryDate: string;
  direction: Direction;
  category: string;
  amountFen: number;
  summary: string;
  counterparty: string;
  counterpartyIsPerson: boolean;
  voucherNo: string;
  adjustsEntryId: string | null;
}) {
  return {
    id: e.id,
    date: e.entryDate,
    direction: e.direction,
    category: e.category,
    amountFen: e.amountFen,
    summary: e.summary,
    counterparty: e.counterpartyIsPerson ? maskName(e.counterparty) : e.counterparty,
    voucherNo: e.voucherNo,
    adjustsEntryId: e.adjustsEntryId,
  };
}

/** What a period content hash covers (canonical JSON, see README "Verifying a disclosure"). */
export function financePeriodContent(p: {
  street: string;
  community: string;
  periodId: string;
  period: string;
  startsOn: string;
  endsOn: string;
  openingBalanceFen: number;
  incomeFen: number;
  expenseFen: number;
  closingBalanceFen: number;
  publishedAt: number;
  entries: {
    id: string;
    date: string;
    direction: Direction;
    category: string;
    amountFen: number;
    summary: string;
    counterparty: string;
    voucherNo: string;
    adjustsEntryId: string | null;
  }[];
}) {
  // Each field named: a caller's extra fields (a row, an API answer) never slip into the hash.
  return {
    kind: "finance.period",
    street: p.street,
    community: p.community,
    periodId: p.periodId,
    period: p.period,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    openingBalanceFen: p.openingBalanceFen,
    incomeFen: p.incomeFen,
    expenseFen: p.expenseFen,
    closingBalanceFen: p.closingBalanceFen,
    publishedAt: p.publishedAt,
    entries: p.entries.map((e) => ({
      id: e.id,
      date: e.date,
      direction: e.direction,
      category: e.category,
      amountFen: e.amountFen,
      summary: e.summary,
      counterparty: e.counterparty,
      voucherNo: e.voucherNo,
      adjustsEntryId: e.adjustsEntryId,
    })),
  };
}

export type FinanceSettings = {
  frequency: Frequency;
  deadlineDays: number;
  categories: { code: string; zh: string; en: string; direction: Direction | "both" }[];
};

/** A street office's finance settings for one community kind, with the defaults above. */
export function financeSettingsOf(
  settings: Record<string, unknown> | null | undefined,
  kind: "urban" | "village",
): FinanceSettings {
  const s = (settings ?? {}) as {
    financeFrequency?: Partial<Record<"urban" | "village", Frequency>>;
    financeDeadlineDays?: number;
    financeCategories?: FinanceSettings["categories"];
  };
  return {
    frequency: s.financeFrequency?.[kind] ?? DEFAULT_FREQUENCY[kind],
    deadlineDays: s.financeDeadlineDays ?? DEFAULT_DEADLINE_DAYS,
    categories: s.financeCategories?.length ? s.financeCategories : DEFAULT_FINANCE_CATEGORIES,
  };
}

/**
 * The end date of the latest of these periods, whichever frequency each was kept in: monthly and
 * quarterly keys do not sort together ("2026-Q1" sorts after "2026-04").
 */
export function latestPeriodEnd(...periods: (string | null)[]): string | null {
  const ends = periods.filter((p): p is string => p !== null).map((p) => periodRange(p).endsOn);
  return ends.length ? ends.sort().at(-1)! : null;
}
