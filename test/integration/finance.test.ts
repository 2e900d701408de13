import { env } from "cloudflare:workers";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../shared/rules/eligibility";
import {
  deadlineState,
  endedPeriodsSince,
  financePeriodContent,
  periodOf,
  type DeadlineState,
} from "../../shared/rules/finance";
import { formatYuan } from "../../shared/rules/money";
import { contentHash, verifyChain } from "../../shared/rules/transparency";
import { Client, type TrpcResult } from "./helpers";
import { communityId, createUser, expectOk, openChain, STREET } from "./fixtures";

/**
 * Finance disclosure end to end: integer fen, open → submitted → approved → published with the
 * duties separated, continuity of balances, immutability of published periods, adjusting
 * entries, the transparency log, deadlines, import, open data and vouchers.
 *
 * The tests of this file share one seeded D1 and run in order. Periods they create are ones the
 * seed does not have: 2019-Q1 … 2020-Q3 in the past and 2027-Q3 in the future (荷花社区 is
 * quarterly).
 */

type Entry = {
  id: string;
  periodId: string;
  entryDate: string;
  direction: "income" | "expense";
  category: string;
  amountFen: number;
  summary: string;
  counterparty: string;
  counterpartyIsPerson: boolean;
  voucherNo: string;
  adjustsEntryId: string | null;
  vouchers: { id: string; name: string; size: number; contentType: string }[];
};
type StaffPeriod = {
  id: string;
  period: string;
  status: string;
  startsOn: string;
  endsOn: string;
  openingBalanceFen: number;
  incomeFen: number | null;
  expenseFen: number | null;
  closingBalanceFen: number | null;
  reviewComment: string | null;
  reviewerName: string | null;
  contentHash: string | null;
  publishedAt: number | null;
  entries: Entry[];
  totals: { incomeFen: number; expenseFen: number; closingBalanceFen: number };
  previous: { period: string; status: string; closingBalanceFen: number | null } | null;
  continuityOk: boolean;
};
type PeriodState = {
  id: string;
  period: string;
  status: string;
  publishedAt: number | null;
  reviewComment: string | null;
  state: DeadlineState;
  dueOn: string;
  daysLate: number;
};
type Periods = {
  settings: { frequency: string; deadlineDays: number };
  current: string;
  periods: PeriodState[];
  missing: { period: string; state: DeadlineState; dueOn: string; daysLate: number }[];
};
type PublicEntry = {
  id: string;
  date: string;
  direction: "income" | "expense";
  category: string;
  amountFen: number;
  summary: string;
  counterparty: string;
  voucherNo: string;
  adjustsEntryId: string | null;
  adjusts: { id: string; period: string } | null;
  adjustedBy: { id: string; period: string; adjustsEntryId: string }[];
};
type PublicPeriod = {
  street?: string;
  community?: string;
  id: string;
  period: string;
  startsOn: string;
  endsOn: string;
  openingBalanceFen: number;
  incomeFen: number;
  expenseFen: number;
  closingBalanceFen: number;
  publishedAt: number;
  reviewerName: string | null;
  contentHash: string;
  entries: PublicEntry[];
};
type Attention = { period: string; state: string; dueOn: string; daysLate: number; status: string };
type Overdue = { communityId: string; slug: string; kind: string; frequency: string; attention: Attention[] }[];

const OPEN = `/api/open/v1/${STREET}`;
const REF = { street: STREET, community: "hehua" };
const anon = new Client();

let staff: Client;
let admin: Client;
let supervisor: Client;
let resident: Client;
let streetAdmin: Client;
let streetViewer: Client;
let taoyuanAdmin: Client;
let liushuAdmin: Client;
let taoyuanSupervisor: Client;
let HEHUA: string;
let LIUSHU: string;
let TAOYUAN: string;

beforeAll(async () => {
  [staff, admin, supervisor, resident, streetAdmin, streetViewer, taoyuanAdmin, liushuAdmin] = await Promise.all(
    [
      "community-staff",
      "community-admin",
      "supervisor",
      "resident",
      "street-admin",
      "street-viewer",
      "taoyuan-admin",
      "liushu-admin",
    ].map((u) => Client.as(u)),
  );
  const other = await createUser({ role: "supervisor", community: "taoyuan", displayName: "桃园监督" });
  taoyuanSupervisor = await Client.as(other.username);
  [HEHUA, LIUSHU, TAOYUAN] = await Promise.all(["hehua", "liushu", "taoyuan"].map((c) => communityId(c)));
});

// ---------------------------------------------------------------------------------------------
// Helpers

function errorOf<T>(r: TrpcResult<T>) {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.data).slice(0, 200)}`);
  return r.error;
}

async function openPeriod(period: string, openingBalance?: string, c = staff): Promise<string> {
  return expectOk(
    await c.mutate<{ id: string }>("finance.openPeriod", {
      communityId: HEHUA,
      period,
      ...(openingBalance !== undefined ? { openingBalance } : {}),
    }),
  ).id;
}

type EntryInput = {
  date: string;
  direction?: "income" | "expense";
  category?: string;
  amount?: string;
  summary?: string;
  counterparty?: string;
  counterpartyIsPerson?: boolean;
  voucherNo?: string;
  adjustsEntryId?: string;
};
let entrySeq = 0;
function entry(periodId: string, e: EntryInput) {
  entrySeq += 1;
  const direction = e.direction ?? "expense";
  return {
    periodId,
    direction,
    category: direction === "income" ? "grant" : "office",
    amount: "10.00",
    summary: `测试分录 ${entrySeq}`,
    counterparty: "示范商店",
    counterpartyIsPerson: false,
    voucherNo: `T-${entrySeq}`,
    ...e,
  };
}
async function addEntry(periodId: string, e: EntryInput, c = staff): Promise<string> {
  return expectOk(await c.mutate<{ id: string }>("finance.addEntry", entry(periodId, e))).id;
}

async function staffPeriod(periodId: string, c = staff): Promise<StaffPeriod> {
  return expectOk(await c.query<StaffPeriod>("finance.period", { periodId }));
}

async function submitAndApprove(periodId: string) {
  expect(expectOk(await staff.mutate("finance.submit", { periodId }))).toEqual({ status: "submitted" });
  expect(
    expectOk(await supervisor.mutate("finance.approve", { periodId, decision: "approve", comment: "已核对凭证" })),
  ).toEqual({ status: "approved" });
}

async function publishFlow(periodId: string) {
  await submitAndApprove(periodId);
  return expectOk(
    await admin.mutate<{ status: string; contentHash: string; closingBalanceFen: number }>("finance.publish", {
      periodId,
    }),
  );
}

async function periodRow(periodId: string) {
  return env.DB.prepare("SELECT * FROM finance_periods WHERE id = ?").bind(periodId).first<Record<string, unknown>>();
}

/** Everything a finance write could touch, to prove a refused write wrote nothing. */
async function snapshot() {
  const tables = ["finance_periods", "finance_entries", "finance_vouchers", "audit_log", "transparency_log"];
  const rows = await env.DB.batch(tables.map((t) => env.DB.prepare(`SELECT count(*) AS n FROM ${t}`)));
  const periods = await env.DB.prepare("SELECT * FROM finance_periods ORDER BY id").all();
  const entries = await env.DB.prepare("SELECT * FROM finance_entries ORDER BY id").all();
  const files = await env.FILES.list({ prefix: "c/" });
  return {
    counts: Object.fromEntries(tables.map((t, i) => [t, (rows[i].results[0] as { n: number }).n])),
    periods: JSON.stringify(periods.results),
    entries: JSON.stringify(entries.results),
    files: files.objects.map((o) => o.key).sort(),
  };
}

async function auditActions(entityId: string): Promise<{ action: string; actor_name: string; after: string }[]> {
  return (
    await env.DB.prepare("SELECT action, actor_name, after FROM audit_log WHERE entity_id = ? ORDER BY rowid")
      .bind(entityId)
      .all<{ action: string; actor_name: string; after: string }>()
  ).results;
}

async function openJson<T = PublicPeriod>(path: string): Promise<{ status: number; body: T }> {
  const res = await anon.fetch(path);
  return { status: res.status, body: (await res.json()) as T };
}

/** The content hash an outsider recomputes from the open data of a period. */
function recompute(p: PublicPeriod): Promise<string> {
  return contentHash(
    financePeriodContent({
      street: p.street!,
      community: p.community!,
      periodId: p.id,
      period: p.period,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      openingBalanceFen: p.openingBalanceFen,
      incomeFen: p.incomeFen,
      expenseFen: p.expenseFen,
      closingBalanceFen: p.closingBalanceFen,
      publishedAt: p.publishedAt,
      entries: p.entries,
    }),
  );
}

/** Deterministic rows for finance.import: dates within the period, amounts with odd fen. */
function ledgerRows(n: number, startsOn: string, days: number, seed: number, firstRow = 2) {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const income = ["上级拨款", "捐赠", "其他收入"];
  const expense = ["办公经费", "活动经费", "设施维护", "公共服务"];
  const start = Date.parse(startsOn);
  return Array.from({ length: n }, (_, i) => {
    const isIncome = rand() < 0.4;
    // Incomes run larger than expenses, so that the balance stays positive.
    const yuan = Math.floor(rand() * (isIncome ? 100_000 : 50_000));
    const fen = 2 * Math.floor(rand() * 50) + 1; // always odd
    return {
      row: firstRow + i,
      values: {
        date: new Date(start + (i % days) * 86_400_000).toISOString().slice(0, 10),
        direction: isIncome ? "收入" : "支出",
        category: isIncome ? income[i % income.length] : expense[i % expense.length],
        amount: `${yuan.toLocaleString("en-US")}.${String(fen).padStart(2, "0")}`,
        summary: `批量导入 ${seed}-${i}`,
        counterparty: "示范供应商",
        counterpartyIsPerson: "否",
        voucherNo: `${seed}-${String(i).padStart(4, "0")}`,
      },
    };
  });
}
/** The exact sums of rows, with BigInt (independent of the code under test). */
function exactSums(rows: { values: Record<string, string> }[]) {
  let income = 0n;
  let expense = 0n;
  for (const r of rows) {
    const fen = BigInt(r.values.amount.replace(/,/g, "").replace(".", ""));
    if (r.values.direction === "收入") income += fen;
    else expense += fen;
  }
  return { income, expense };
}

const enc = new TextEncoder();
const PDF = enc.encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
function uploadVoucher(c: Client, entryId: string, bytes: Uint8Array<ArrayBuffer> = PDF, name = "凭证.pdf") {
  const form = new FormData();
  form.append("file", new File([bytes], name, { type: "application/pdf" }));
  return c.fetch(`/files/finance-entries/${entryId}`, { method: "POST", body: form });
}

// State shared by the tests below, in the order they run.
const P: Record<string, string> = {};
const expected: { q1Closing?: number } = {};
const PERSON = "欧阳娜";
const PERSON_MASKED = "欧*娜";
const FORMULA = '=HYPERLINK("x")';

// ---------------------------------------------------------------------------------------------

describe("deadlines (on the seeded books)", () => {
  it("finance.periods gives every period its deadline state, and nothing is missing in 荷花社区", async () => {
    const r = expectOk(await staff.query<Periods>("finance.periods", { communityId: HEHUA }));
    const now = Date.now();
    expect(r.settings).toMatchObject({ frequency: "quarterly", deadlineDays: 10 });
    expect(r.current).toBe(periodOf(shanghaiDate(now), "quarterly"));
    expect(r.periods).toHaveLength(13);
    expect(r.periods[0]).toMatchObject({ period: r.current, status: "open", state: "running" });
    for (const p of r.periods) {
      const d = deadlineState(p.period, p.publishedAt, now, 10);
      expect({ period: p.period, state: p.state, dueOn: p.dueOn, daysLate: p.daysLate }).toEqual({
        period: p.period,
        ...d,
      });
    }
    expect(r.periods.slice(1).every((p) => p.status === "published" && p.state === "on_time")).toBe(true);
    expect(r.missing).toEqual([]);
  });

  it("柳树村 is monthly; its June was published a week late", async () => {
    const r = expectOk(await liushuAdmin.query<Periods>("finance.periods", { communityId: LIUSHU }));
    const now = Date.now();
    expect(r.settings.frequency).toBe("monthly");
    expect(r.current).toBe(periodOf(shanghaiDate(now), "monthly"));
    expect(r.periods).toHaveLength(13);
    for (const p of r.periods)
      expect({ state: p.state, dueOn: p.dueOn, daysLate: p.daysLate }).toEqual(
        deadlineState(p.period, p.publishedAt, now, 10),
      );
    const june = r.periods.filter((p) => p.period.endsWith("-06"));
    expect(june).toHaveLength(1);
    expect(june[0]).toMatchObject({ status: "published", state: "late", daysLate: 7 });
    expect(r.periods.filter((p) => p.state === "late")).toHaveLength(1);
    expect(r.missing).toEqual([]);
  });

  it("桃园社区 has no books: every ended quarter since it was created is missing", async () => {
    const r = expectOk(await taoyuanAdmin.query<Periods>("finance.periods", { communityId: TAOYUAN }));
    const now = Date.now();
    const created = (await env.DB.prepare("SELECT created_at FROM communities WHERE id = ?")
      .bind(TAOYUAN)
      .first<{ created_at: number }>())!.created_at;
    const keys = endedPeriodsSince(periodOf(shanghaiDate(created), "quarterly"), now);
    expect(keys.length).toBeGreaterThan(0);
    expect(r.periods).toEqual([]);
    expect(r.missing).toEqual(keys.map((k) => ({ period: k, ...deadlineState(k, null, now, 10) })));
    expect(r.missing.some((m) => m.state === "overdue")).toBe(true);
  });

  it("finance.periods is for the community's own staff, its supervisor and the street office", async () => {
    for (const c of [admin, supervisor, streetAdmin, streetViewer])
      expect(expectOk(await c.query<Periods>("finance.periods", { communityId: HEHUA })).periods).toHaveLength(13);
    expect(errorOf(await resident.query("finance.periods", { communityId: HEHUA })).data.code).toBe("FORBIDDEN");
    expect(errorOf(await anon.query("finance.periods", { communityId: HEHUA })).data.code).toBe("UNAUTHORIZED");
    for (const c of [taoyuanAdmin, liushuAdmin, taoyuanSupervisor])
      expect(errorOf(await c.query("finance.periods", { communityId: HEHUA })).data.code).toBe("NOT_FOUND");
  });

  it("finance.overdue lists 桃园社区's missing quarters and 柳树村's late June for the street office", async () => {
    const r = expectOk(await streetAdmin.query<Overdue>("finance.overdue"));
    const now = Date.now();
    expect(r.map((c) => c.slug).sort()).toEqual(["hehua", "liushu", "taoyuan"]);
    const taoyuan = r.find((c) => c.slug === "taoyuan")!;
    const missing = expectOk(await taoyuanAdmin.query<Periods>("finance.periods", { communityId: TAOYUAN })).missing;
    expect(taoyuan).toMatchObject({ communityId: TAOYUAN, kind: "urban", frequency: "quarterly" });
    expect(taoyuan.attention).toEqual(
      missing.filter((m) => m.state !== "running").map((m) => ({ ...m, status: "missing" })),
    );
    expect(taoyuan.attention.filter((a) => a.state === "overdue").length).toBeGreaterThan(0);
    for (const a of taoyuan.attention) expect(a).toMatchObject(deadlineState(a.period, null, now, 10));

    const liushu = r.find((c) => c.slug === "liushu")!;
    expect(liushu.frequency).toBe("monthly");
    expect(liushu.attention).toHaveLength(1);
    expect(liushu.attention[0]).toMatchObject({ state: "late", daysLate: 7, status: "published" });
    expect(liushu.attention[0].period).toMatch(/-06$/);

    expect(r.find((c) => c.slug === "hehua")!.attention).toEqual([]);

    // The street viewer reads the same; community roles and residents may not.
    expect(expectOk(await streetViewer.query<Overdue>("finance.overdue"))).toEqual(r);
    for (const c of [admin, staff, supervisor, liushuAdmin, resident])
      expect(errorOf(await c.query("finance.overdue")).data.code).toBe("FORBIDDEN");
    expect(errorOf(await anon.query("finance.overdue")).data.code).toBe("UNAUTHORIZED");
  });

  it("finance.updateSettings (street admin only) switches the frequency; openPeriod follows it", async () => {
    const before = (await env.DB.prepare("SELECT settings FROM streets WHERE slug = ?")
      .bind(STREET)
      .first<{ settings: string }>())!.settings;
    const monthly = { urbanFrequency: "monthly", villageFrequency: "monthly", deadlineDays: 10 };
    for (const c of [admin, supervisor, streetViewer, resident])
      expect(errorOf(await c.mutate("finance.updateSettings", monthly)).data.code).toBe("FORBIDDEN");
    expect(errorOf(await anon.mutate("finance.updateSettings", monthly)).data.code).toBe("UNAUTHORIZED");
    const bad = errorOf(await streetAdmin.mutate("finance.updateSettings", { ...monthly, deadlineDays: 0 }));
    expect(bad.data.code).toBe("BAD_REQUEST");
    expect(bad.data.fieldErrors?.deadlineDays).toContain("公开期限");

    expectOk(await streetAdmin.mutate("finance.updateSettings", monthly));
    const settings = expectOk(
      await streetViewer.query<{ urban: { frequency: string }; village: { frequency: string } }>("finance.settings"),
    );
    expect(settings.urban.frequency).toBe("monthly");
    expect(expectOk(await staff.query<Periods>("finance.periods", { communityId: HEHUA })).settings.frequency).toBe(
      "monthly",
    );

    let snap = await snapshot();
    const refused = errorOf(await staff.mutate("finance.openPeriod", { communityId: HEHUA, period: "2027-Q2" }));
    expect(refused.data.code).toBe("BAD_REQUEST");
    expect(refused.message).toBe("期间：本社区按月公开财务，请填写如 2026-10 的月份");
    expect(refused.data.fieldErrors?.period).toBe(refused.message);
    expect(await snapshot()).toEqual(snap);

    // A longer deadline moves 柳树村's June back to on time.
    expectOk(await streetAdmin.mutate("finance.updateSettings", { ...monthly, deadlineDays: 20 }));
    const liushu = expectOk(await streetAdmin.query<Overdue>("finance.overdue")).find((c) => c.slug === "liushu")!;
    expect(liushu.attention.filter((a) => a.state === "late")).toEqual([]);

    // Restore the defaults: urban quarterly again, and a monthly key is refused in 荷花社区.
    expectOk(
      await streetAdmin.mutate("finance.updateSettings", {
        urbanFrequency: "quarterly",
        villageFrequency: "monthly",
        deadlineDays: 10,
      }),
    );
    snap = await snapshot();
    const monthlyRefused = errorOf(await staff.mutate("finance.openPeriod", { communityId: HEHUA, period: "2027-05" }));
    expect(monthlyRefused.message).toBe("期间：本社区按季度公开财务，请填写如 2026-Q4 的季度");
    expect(await snapshot()).toEqual(snap);
    const after = JSON.parse(
      (await env.DB.prepare("SELECT settings FROM streets WHERE slug = ?").bind(STREET).first<{ settings: string }>())!
        .settings,
    );
    expect(after).toEqual({
      ...JSON.parse(before),
      financeFrequency: { urban: "quarterly", village: "monthly" },
      financeDeadlineDays: 10,
    });
    expect(expectOk(await staff.query<Periods>("finance.periods", { communityId: HEHUA })).settings.frequency).toBe(
      "quarterly",
    );
    const audits = (await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'street.financeSettings'",
    ).first<{
      n: number;
    }>())!.n;
    expect(audits).toBe(3);
  });
});

describe("money in integer fen", () => {
  const rows = ledgerRows(300, "2019-01-01", 90, 11);
  const sums = exactSums(rows);
  const OPENING = 100_001n; // "1,000.01"

  it("300 imported entries with odd fen add up exactly, before and after publication", async () => {
    P.q1 = await openPeriod("2019-Q1", "1,000.01");
    const opened = await staffPeriod(P.q1);
    expect(opened).toMatchObject({
      period: "2019-Q1",
      status: "open",
      startsOn: "2019-01-01",
      endsOn: "2019-03-31",
      openingBalanceFen: 100_001,
      previous: null,
      continuityOk: true,
    });
    for (let i = 0; i < rows.length; i += 100) {
      const r = expectOk(
        await staff.mutate<{ inserted: number; skipped: number; errors: unknown[] }>("finance.import", {
          periodId: P.q1,
          rows: rows.slice(i, i + 100),
        }),
      );
      expect(r).toEqual({ inserted: 100, skipped: 0, errors: [] });
    }
    const p = await staffPeriod(P.q1);
    expect(p.entries).toHaveLength(300);
    expect(p.entries.every((e) => e.amountFen % 2 === 1)).toBe(true);
    expect(BigInt(p.totals.incomeFen)).toBe(sums.income);
    expect(BigInt(p.totals.expenseFen)).toBe(sums.expense);
    expect(BigInt(p.totals.closingBalanceFen)).toBe(OPENING + sums.income - sums.expense);
    expect(sums.income).toBeGreaterThan(0n);
    expect(sums.expense).toBeGreaterThan(0n);
    expect(OPENING + sums.income - sums.expense).toBeGreaterThan(0n);
  });

  it("importing the same rows again inserts nothing; rows with errors are reported by row number", async () => {
    const again = expectOk(
      await staff.mutate<{ inserted: number; skipped: number; errors: unknown[] }>("finance.import", {
        periodId: P.q1,
        rows: rows.slice(0, 100),
      }),
    );
    expect(again).toEqual({ inserted: 0, skipped: 100, errors: [] });
    expect((await staffPeriod(P.q1)).entries).toHaveLength(300);

    // A file of a valid row already imported, rows with errors, and nothing new.
    const snap = await snapshot();
    const mixed = [
      { ...rows[5], row: 2 },
      { row: 3, values: { ...rows[6].values, amount: "12.345" } },
      { row: 4, values: { ...rows[7].values, date: "2019-04-01" } },
      { row: 5, values: { ...rows[8].values, direction: "借" } },
      { row: 6, values: { ...rows[9].values, amount: "-5" } },
      { row: 7, values: { ...rows[10].values, summary: "" } },
      { row: 8, values: { ...rows[11].values, category: "上级拨款", direction: "支出" } },
    ];
    const r = expectOk(
      await staff.mutate<{ inserted: number; skipped: number; errors: { row: number; field: string; rule: string }[] }>(
        "finance.import",
        { periodId: P.q1, rows: mixed },
      ),
    );
    expect(r.inserted).toBe(0);
    expect(r.skipped).toBe(1);
    expect(r.errors.map(({ row, field, rule }) => ({ row, field, rule }))).toEqual([
      { row: 3, field: "amount", rule: "money.decimals" },
      { row: 4, field: "date", rule: "finance.dateOutside" },
      { row: 5, field: "direction", rule: "finance.badDirection" },
      { row: 6, field: "amount", rule: "money.negative" },
      { row: 7, field: "summary", rule: "import.required" },
      { row: 8, field: "category", rule: "finance.unknownCategory" },
    ]);
    const after = await snapshot();
    expect({ ...after, counts: { ...after.counts, audit_log: snap.counts.audit_log } }).toEqual(snap);
  });

  it("an import is at most 500 rows", async () => {
    const snap = await snapshot();
    const e = errorOf(
      await staff.mutate("finance.import", { periodId: P.q1, rows: ledgerRows(501, "2019-01-01", 90, 12) }),
    );
    expect(e.data.code).toBe("BAD_REQUEST");
    expect(e.data.fieldErrors?.rows).toContain("数据行");
    expect(await snapshot()).toEqual(snap);
  });

  it("amounts with three decimals or a sign are refused, naming 金额 and the rule, and nothing is written", async () => {
    const snap = await snapshot();
    const cases: [string, string][] = [
      ["12.345", "金额：金额最多两位小数（分）"],
      ["-5", "金额：金额不能为负数，请用“收支”区分收入和支出"],
      ["0", "金额：金额必须大于 0"],
      ["abc", "金额：请填写金额（元），如 1234.50"],
      ["2000000000", "金额：金额过大"],
    ];
    for (const [amount, message] of cases) {
      const e = errorOf(await staff.mutate("finance.addEntry", entry(P.q1, { date: "2019-02-01", amount })));
      expect(e.data.code, amount).toBe("BAD_REQUEST");
      expect(e.data.fieldErrors?.amount, amount).toBe(message);
    }
    // updateEntry applies the same rules.
    const some = (await staffPeriod(P.q1)).entries[0];
    const u = errorOf(await staff.mutate("finance.updateEntry", { id: some.id, amount: "1.001" }));
    expect(u.data.fieldErrors?.amount).toBe("金额：金额最多两位小数（分）");
    // An opening balance too: it may be negative (a deficit carried over), never finer than fen.
    const o = errorOf(await staff.mutate("finance.setOpening", { periodId: P.q1, openingBalance: "1.001" }));
    expect(o.data.fieldErrors?.openingBalance).toBe("期初余额：金额最多两位小数（分）");
    expect(await snapshot()).toEqual(snap);
  });

  it("an entry's date must lie in the period and its category fit its direction (the field is named)", async () => {
    const snap = await snapshot();
    const d = errorOf(await staff.mutate("finance.addEntry", entry(P.q1, { date: "2019-04-01" })));
    expect(d.data.code).toBe("BAD_REQUEST");
    expect(d.message).toBe("日期：日期不在本期间内");
    expect(d.data.fieldErrors).toEqual({ date: "日期：日期不在本期间内" });
    const c = errorOf(
      await staff.mutate(
        "finance.addEntry",
        entry(P.q1, { date: "2019-02-01", direction: "expense", category: "grant" }),
      ),
    );
    expect(c.message).toBe("类别：不是街道设定的收支类别");
    expect(c.data.fieldErrors).toEqual({ category: "类别：不是街道设定的收支类别" });
    const bad = errorOf(await staff.mutate("finance.addEntry", entry(P.q1, { date: "2019-02-30" })));
    expect(bad.data.fieldErrors?.date).toBeTruthy();
    expect(await snapshot()).toEqual(snap);
  });

  it("the published totals and closing balance equal the exact integer sums", async () => {
    const logBefore = (await env.DB.prepare("SELECT count(*) AS n FROM transparency_log WHERE community_id = ?")
      .bind(HEHUA)
      .first<{ n: number }>())!.n;
    const published = await publishFlow(P.q1);
    const closing = OPENING + sums.income - sums.expense;
    expect(published.status).toBe("published");
    expect(BigInt(published.closingBalanceFen)).toBe(closing);
    expected.q1Closing = published.closingBalanceFen;
    const row = (await periodRow(P.q1))!;
    expect(BigInt(row.income_fen as number)).toBe(sums.income);
    expect(BigInt(row.expense_fen as number)).toBe(sums.expense);
    expect(BigInt(row.closing_balance_fen as number)).toBe(closing);

    const { status, body } = await openJson(`${OPEN}/hehua/finance/2019-Q1`);
    expect(status).toBe(200);
    expect(body.entries).toHaveLength(300);
    expect(BigInt(body.incomeFen)).toBe(sums.income);
    expect(BigInt(body.expenseFen)).toBe(sums.expense);
    expect(BigInt(body.closingBalanceFen)).toBe(closing);
    expect(BigInt(body.entries.reduce((n, e) => n + (e.direction === "income" ? e.amountFen : -e.amountFen), 0))).toBe(
      sums.income - sums.expense,
    );
    const summary = expectOk(
      await anon.query<{ periods: { period: string; closingBalanceFen: number }[] }>("finance.summary", REF),
    );
    expect(summary.periods.find((p) => p.period === "2019-Q1")?.closingBalanceFen).toBe(Number(closing));

    // Publication appended exactly one entry to the transparency log.
    const logAfter = (await env.DB.prepare("SELECT count(*) AS n FROM transparency_log WHERE community_id = ?")
      .bind(HEHUA)
      .first<{ n: number }>())!.n;
    expect(logAfter).toBe(logBefore + 1);
  });
});

describe("workflow and separation of duties", () => {
  it("a period opens with the previous closing balance; a period opens only once", async () => {
    P.q2 = await openPeriod("2019-Q2");
    const p = await staffPeriod(P.q2);
    expect(p.openingBalanceFen).toBe(expected.q1Closing);
    expect(p.previous).toMatchObject({ period: "2019-Q1", status: "published", closingBalanceFen: expected.q1Closing });
    expect(p.continuityOk).toBe(true);
    const again = errorOf(await staff.mutate("finance.openPeriod", { communityId: HEHUA, period: "2019-Q2" }));
    expect(again.data.code).toBe("CONFLICT");
    expect(again.message).toBe("期间：该期间已建立");
    const badKey = errorOf(await staff.mutate("finance.openPeriod", { communityId: HEHUA, period: "2019-Q5" }));
    expect(badKey.data.fieldErrors?.period).toContain("期间");
    // Another community's staff can neither read nor open a period here.
    for (const c of [taoyuanAdmin, liushuAdmin])
      expect(errorOf(await c.query("finance.period", { periodId: P.q1 })).data.code).toBe("NOT_FOUND");
    expect(
      errorOf(await taoyuanAdmin.mutate("finance.openPeriod", { communityId: HEHUA, period: "2019-Q3" })).data.code,
    ).toBe("NOT_FOUND");

    P.q2Income = await addEntry(P.q2, {
      date: "2019-04-03",
      direction: "income",
      amount: "5,000",
      summary: "街道拨款",
    });
    P.q2Person = await addEntry(P.q2, {
      date: "2019-05-20",
      category: "subsidy",
      amount: "800.05",
      summary: "临时救助金发放",
      counterparty: PERSON,
      counterpartyIsPerson: true,
    });
    P.q2Formula = await addEntry(P.q2, { date: "2019-06-30", amount: "12.34", summary: FORMULA });
  });

  it("nobody reviews or publishes an open period", async () => {
    const e = errorOf(await supervisor.mutate("finance.approve", { periodId: P.q2, decision: "approve", comment: "" }));
    expect(e.data.code).toBe("BAD_REQUEST");
    expect(e.message).toBe("只有已提交的期间可以审核");
    const pub = errorOf(await admin.mutate("finance.publish", { periodId: P.q2 }));
    expect(pub.data.code).toBe("BAD_REQUEST");
    expect(pub.message).toBe("未经监督委员会审核通过，不能公开");
  });

  it("residents and anonymous callers can call none of the finance staff procedures", async () => {
    const snap = await snapshot();
    const calls: [string, "query" | "mutate", unknown][] = [
      ["finance.periods", "query", { communityId: HEHUA }],
      ["finance.period", "query", { periodId: P.q2 }],
      ["finance.importContext", "query", { periodId: P.q2 }],
      ["finance.openPeriod", "mutate", { communityId: HEHUA, period: "2020-Q4" }],
      ["finance.setOpening", "mutate", { periodId: P.q2, openingBalance: "1" }],
      ["finance.addEntry", "mutate", entry(P.q2, { date: "2019-04-05" })],
      ["finance.updateEntry", "mutate", { id: P.q2Income, amount: "1" }],
      ["finance.removeEntry", "mutate", { id: P.q2Income }],
      ["finance.import", "mutate", { periodId: P.q2, rows: ledgerRows(1, "2019-04-01", 1, 5) }],
      ["finance.submit", "mutate", { periodId: P.q2 }],
      ["finance.approve", "mutate", { periodId: P.q2, decision: "approve", comment: "" }],
      ["finance.publish", "mutate", { periodId: P.q2 }],
    ];
    for (const [proc, kind, input] of calls) {
      expect(errorOf(await resident[kind](proc, input)).data.code, `resident ${proc}`).toBe("FORBIDDEN");
      expect(errorOf(await anon[kind](proc, input)).data.code, `anonymous ${proc}`).toBe("UNAUTHORIZED");
    }
    // Only staff keep the books: the supervisor and the street office may not.
    for (const c of [supervisor, streetAdmin, streetViewer]) {
      expect(errorOf(await c.mutate("finance.addEntry", entry(P.q2, { date: "2019-04-05" }))).data.code).toBe(
        "FORBIDDEN",
      );
      expect(errorOf(await c.mutate("finance.submit", { periodId: P.q2 })).data.code).toBe("FORBIDDEN");
      expect(errorOf(await c.mutate("finance.publish", { periodId: P.q2 })).data.code).toBe("FORBIDDEN");
    }
    expect(errorOf(await staff.mutate("finance.publish", { periodId: P.q2 })).data.code).toBe("FORBIDDEN");
    expect(await snapshot()).toEqual(snap);
  });

  it("staff submit; a submitted period is closed to edits", async () => {
    expect(expectOk(await staff.mutate("finance.submit", { periodId: P.q2 }))).toEqual({ status: "submitted" });
    const snap = await snapshot();
    const e = errorOf(await staff.mutate("finance.addEntry", entry(P.q2, { date: "2019-04-05" })));
    expect(e.data.code).toBe("BAD_REQUEST");
    expect(e.message).toContain("不能修改");
    expect(errorOf(await staff.mutate("finance.updateEntry", { id: P.q2Income, amount: "1" })).data.code).toBe(
      "BAD_REQUEST",
    );
    expect(errorOf(await staff.mutate("finance.submit", { periodId: P.q2 })).data.code).toBe("BAD_REQUEST");
    expect(errorOf(await admin.mutate("finance.publish", { periodId: P.q2 })).message).toBe(
      "未经监督委员会审核通过，不能公开",
    );
    expect(await snapshot()).toEqual(snap);
  });

  it("the community's staff and admin may not approve; a supervisor of another community cannot see it", async () => {
    const snap = await snapshot();
    for (const c of [staff, admin]) {
      for (const decision of ["approve", "return"]) {
        const e = errorOf(await c.mutate("finance.approve", { periodId: P.q2, decision, comment: "同意" }));
        expect(e.data.code).toBe("FORBIDDEN");
        expect(e.message).toBe("社区工作人员不能审核本社区的账目（居委会组织法第36条）");
      }
    }
    for (const c of [taoyuanSupervisor, taoyuanAdmin, liushuAdmin]) {
      const e = errorOf(await c.mutate("finance.approve", { periodId: P.q2, decision: "approve", comment: "" }));
      expect(e.data.code).toBe("NOT_FOUND");
    }
    for (const c of [streetAdmin, streetViewer])
      expect(
        errorOf(await c.mutate("finance.approve", { periodId: P.q2, decision: "approve", comment: "" })).data.code,
      ).toBe("FORBIDDEN");
    expect((await periodRow(P.q2))!.status).toBe("submitted");
    expect(await snapshot()).toEqual(snap);
  });

  it("returning needs a comment; a returned period is open again with the comment", async () => {
    const snap = await snapshot();
    for (const comment of ["", "   "]) {
      const e = errorOf(await supervisor.mutate("finance.approve", { periodId: P.q2, decision: "return", comment }));
      expect(e.data.code).toBe("BAD_REQUEST");
      expect(e.message).toContain("审核意见");
      expect(e.data.fieldErrors?.comment).toContain("审核意见");
    }
    expect(await snapshot()).toEqual(snap);

    const comment = "救助金发放缺少签收凭证，请补充";
    expect(
      expectOk(await supervisor.mutate("finance.approve", { periodId: P.q2, decision: "return", comment })),
    ).toEqual({ status: "open" });
    const p = await staffPeriod(P.q2);
    expect(p).toMatchObject({ status: "open", reviewComment: comment, reviewerName: "刘洋" });
    const listed = expectOk(await staff.query<Periods>("finance.periods", { communityId: HEHUA })).periods.find(
      (x) => x.id === P.q2,
    );
    expect(listed).toMatchObject({ status: "open", reviewComment: comment });

    // Staff correct the books and submit again; the supervisor approves; the admin publishes.
    expectOk(await staff.mutate("finance.updateEntry", { id: P.q2Person, voucherNo: "2019Q2-S1" }));
    const published = await publishFlow(P.q2);
    expect(published.status).toBe("published");
    const row = (await periodRow(P.q2))!;
    expect(row).toMatchObject({ status: "published", content_hash: published.contentHash });
    expect(row.closing_balance_fen).toBe(expected.q1Closing! + 500_000 - 80_005 - 1234);
  });

  it("every step is in the audit log, by whom", async () => {
    const steps = await auditActions(P.q2);
    expect(steps.map((s) => [s.action, s.actor_name])).toEqual([
      ["finance.openPeriod", "李秀英"],
      ["finance.submit", "李秀英"],
      ["finance.return", "刘洋"],
      ["finance.submit", "李秀英"],
      ["finance.approve", "刘洋"],
      ["finance.publish", "王建国"],
    ]);
    expect(JSON.parse(steps[5].after)).toMatchObject({ status: "published" });
    expect((await auditActions(P.q2Person)).map((s) => s.action)).toEqual(["finance.addEntry", "finance.updateEntry"]);
    expect((await auditActions(P.q1)).map((s) => s.action)).toEqual([
      "finance.openPeriod",
      "finance.import",
      "finance.import",
      "finance.import",
      "finance.import",
      "finance.import",
      "finance.submit",
      "finance.approve",
      "finance.publish",
    ]);
  });
});

describe("continuity of balances", () => {
  it("an opening balance that breaks from the previous closing is refused at publication", async () => {
    P.q3 = await openPeriod("2019-Q3", "1.00");
    const q2Closing = (await periodRow(P.q2))!.closing_balance_fen as number;
    expect(q2Closing).not.toBe(100);
    await addEntry(P.q3, { date: "2019-07-15", amount: "0.50" });
    const before = await staffPeriod(P.q3);
    expect(before.continuityOk).toBe(false);
    expect(before.previous).toMatchObject({ period: "2019-Q2", closingBalanceFen: q2Closing });
    await submitAndApprove(P.q3);

    const snap = await snapshot();
    const e = errorOf(await admin.mutate("finance.publish", { periodId: P.q3 }));
    expect(e.data.code).toBe("BAD_REQUEST");
    expect(e.message).toBe(`期初余额 1.00 元与上期 2019-Q2 的期末余额 ${formatYuan(q2Closing)} 元不一致，不能公开`);
    expect(e.data.fieldErrors?.openingBalance).toBe(e.message);
    expect(await snapshot()).toEqual(snap);
    expect((await periodRow(P.q3))!.status).toBe("approved");
    const list = await openJson<{ items: { period: string }[] }>(`${OPEN}/hehua/finance`);
    expect(list.body.items.map((i) => i.period)).not.toContain("2019-Q3");

    // Approving it again changes nothing; staff cannot touch an approved period.
    const twice = errorOf(
      await supervisor.mutate("finance.approve", { periodId: P.q3, decision: "approve", comment: "" }),
    );
    expect(twice.message).toBe("只有已提交的期间可以审核");
    expect(errorOf(await staff.mutate("finance.setOpening", { periodId: P.q3, openingBalance: "2" })).data.code).toBe(
      "BAD_REQUEST",
    );
    expect(await snapshot()).toEqual(snap);

    // The supervisor returns it, staff set the right opening balance, and it goes through.
    expectOk(
      await supervisor.mutate("finance.approve", { periodId: P.q3, decision: "return", comment: "期初余额与上期不符" }),
    );
    expectOk(await staff.mutate("finance.setOpening", { periodId: P.q3, openingBalance: formatYuan(q2Closing) }));
    const fixed = await staffPeriod(P.q3);
    expect(fixed).toMatchObject({ status: "open", openingBalanceFen: q2Closing, continuityOk: true });
    const published = await publishFlow(P.q3);
    expect(published.closingBalanceFen).toBe(q2Closing - 50);
    const steps = await auditActions(P.q3);
    expect(steps.map((s) => s.action)).toEqual([
      "finance.openPeriod",
      "finance.submit",
      "finance.approve",
      "finance.return",
      "finance.setOpening",
      "finance.submit",
      "finance.approve",
      "finance.publish",
    ]);
    expect(JSON.parse(steps[3].after)).toEqual({ status: "open", comment: "期初余额与上期不符" });
  });

  it("a period whose previous period is not yet published cannot be published", async () => {
    P.q4 = await openPeriod("2019-Q4");
    P.y20q1 = await openPeriod("2020-Q1");
    const q3Closing = (await periodRow(P.q3))!.closing_balance_fen as number;
    expect((await staffPeriod(P.q4)).openingBalanceFen).toBe(q3Closing);
    // The previous period was not published when 2020-Q1 opened: it starts at 0.
    expect((await staffPeriod(P.y20q1)).openingBalanceFen).toBe(0);
    await addEntry(P.q4, { date: "2019-10-08", direction: "income", amount: "300" });
    await addEntry(P.y20q1, { date: "2020-01-08", amount: "20.02" });
    await submitAndApprove(P.y20q1);

    const snap = await snapshot();
    const e = errorOf(await admin.mutate("finance.publish", { periodId: P.y20q1 }));
    expect(e.data.code).toBe("BAD_REQUEST");
    expect(e.message).toBe("上期 2019-Q4 尚未公开，请先公开上期");
    expect(await snapshot()).toEqual(snap);

    // Once 2019-Q4 is published, 2020-Q1's opening of 0 breaks the chain …
    const q4 = await publishFlow(P.q4);
    expect(q4.closingBalanceFen).toBe(q3Closing + 30_000);
    const c = errorOf(await admin.mutate("finance.publish", { periodId: P.y20q1 }));
    expect(c.message).toBe(
      `期初余额 0.00 元与上期 2019-Q4 的期末余额 ${formatYuan(q4.closingBalanceFen)} 元不一致，不能公开`,
    );
    // … until the opening balance is set to the right figure.
    expectOk(
      await supervisor.mutate("finance.approve", { periodId: P.y20q1, decision: "return", comment: "期初不符" }),
    );
    expectOk(
      await staff.mutate("finance.setOpening", {
        periodId: P.y20q1,
        openingBalance: formatYuan(q4.closingBalanceFen, false),
      }),
    );
    const ok = await publishFlow(P.y20q1);
    expect(ok.closingBalanceFen).toBe(q4.closingBalanceFen - 2002);
    expect((await periodRow(P.y20q1))!.opening_balance_fen).toBe(q4.closingBalanceFen);
  });
});

describe("published periods are immutable", () => {
  async function attempts(periodId: string, entryId: string) {
    const snap = await snapshot();
    const notOpen = "该期间已提交或已公开，不能修改；如有错误，请在未结期间录入调整分录";
    const p = (await periodRow(periodId))!;
    const date = p.starts_on as string;
    const writes: [Client, string, unknown][] = [
      [staff, "finance.addEntry", entry(periodId, { date })],
      [admin, "finance.addEntry", entry(periodId, { date })],
      [staff, "finance.updateEntry", { id: entryId, amount: "1.00" }],
      [staff, "finance.updateEntry", { id: entryId, summary: "改过的摘要" }],
      [staff, "finance.removeEntry", { id: entryId }],
      [staff, "finance.setOpening", { periodId, openingBalance: "0" }],
      [staff, "finance.import", { periodId, rows: ledgerRows(3, date, 1, 99) }],
      [staff, "finance.submit", { periodId }],
    ];
    for (const [c, proc, input] of writes) {
      const e = errorOf(await c.mutate(proc, input));
      expect(e.data.code, proc).toBe("BAD_REQUEST");
      expect(e.message, proc).toBe(notOpen);
    }
    for (const decision of ["approve", "return"]) {
      const e = errorOf(await supervisor.mutate("finance.approve", { periodId, decision, comment: "再审" }));
      expect(e.data.code).toBe("BAD_REQUEST");
    }
    expect(errorOf(await admin.mutate("finance.publish", { periodId })).data.code).toBe("BAD_REQUEST");
    const upload = await uploadVoucher(staff, entryId);
    expect(upload.status).toBe(400);
    expect(((await upload.json()) as { error: { message: string } }).error.message).toBe(notOpen);
    expect(await snapshot()).toEqual(snap);
  }

  it("a seeded published period refuses every change", async () => {
    const seeded = (await env.DB.prepare(
      "SELECT p.id AS period_id, e.id AS entry_id FROM finance_periods p JOIN finance_entries e ON e.period_id = p.id WHERE p.community_id = ? AND p.status = 'published' AND p.period > '2021' ORDER BY p.period DESC LIMIT 1",
    )
      .bind(HEHUA)
      .first<{ period_id: string; entry_id: string }>())!;
    await attempts(seeded.period_id, seeded.entry_id);
  });

  it("a period published through the API refuses every change", async () => {
    await attempts(P.q2, P.q2Person);
    await attempts(P.q1, (await staffPeriod(P.q1)).entries[17].id);
  });

  it("a correction is an adjusting entry in an open period, referenced both ways once published", async () => {
    P.y20q2 = await openPeriod("2020-Q2");
    const original = (await staffPeriod(P.q2)).entries.find((e) => e.id === P.q2Formula)!;
    P.adjusting = await addEntry(P.y20q2, {
      date: "2020-04-02",
      direction: "income",
      category: "other_income",
      amount: "12.34",
      summary: "冲回 2019-Q2 误记的支出",
      adjustsEntryId: original.id,
    });
    // A draft adjusting entry is not public yet.
    const draft = expectOk(await anon.query<PublicPeriod>("finance.published", { ...REF, period: "2019-Q2" }));
    expect(draft.entries.find((e) => e.id === original.id)!.adjustedBy).toEqual([]);
    expect(expectOk(await staff.query<StaffPeriod>("finance.period", { periodId: P.y20q2 })).entries[0]).toMatchObject({
      id: P.adjusting,
      adjustsEntryId: original.id,
    });
    const hashBefore = (await periodRow(P.q2))!.content_hash;

    await publishFlow(P.y20q2);

    const old = expectOk(await anon.query<PublicPeriod>("finance.published", { ...REF, period: "2019-Q2" }));
    const target = old.entries.find((e) => e.id === original.id)!;
    expect(target.adjustedBy).toHaveLength(1);
    expect(target.adjustedBy[0]).toMatchObject({
      id: P.adjusting,
      period: "2020-Q2",
      adjustsEntryId: original.id,
      amountFen: 1234,
    });
    expect(old.entries.filter((e) => e.id !== original.id).every((e) => e.adjustedBy.length === 0)).toBe(true);
    const fresh = expectOk(await anon.query<PublicPeriod>("finance.published", { ...REF, period: "2020-Q2" }));
    const adj = fresh.entries.find((e) => e.id === P.adjusting)!;
    expect(adj.adjustsEntryId).toBe(original.id);
    expect(adj.adjusts).toMatchObject({ id: original.id, period: "2019-Q2", amountFen: 1234 });
    // The original period itself did not change: same hash, still recomputable.
    expect(old.contentHash).toBe(hashBefore);
    const openOld = await openJson(`${OPEN}/hehua/finance/2019-Q2`);
    expect(openOld.body.entries.find((e) => e.id === original.id)!.adjustedBy[0].id).toBe(P.adjusting);
    expect(await recompute(openOld.body)).toBe(hashBefore);
  });

  it("an adjusting entry must reference an entry of a published period of this community", async () => {
    P.y20q3 = await openPeriod("2020-Q3");
    const ownDraft = await addEntry(P.y20q3, { date: "2020-07-01" });
    const openEntry =
      (
        await env.DB.prepare(
          "SELECT e.id FROM finance_entries e JOIN finance_periods p ON p.id = e.period_id WHERE p.community_id = ? AND p.status = 'open' AND e.id != ? LIMIT 1",
        )
          .bind(HEHUA, ownDraft)
          .first<{ id: string }>()
      )?.id ?? ownDraft;
    const liushuEntry = (await env.DB.prepare(
      "SELECT e.id FROM finance_entries e JOIN finance_periods p ON p.id = e.period_id WHERE p.community_id = ? AND p.status = 'published' LIMIT 1",
    )
      .bind(LIUSHU)
      .first<{ id: string }>())!.id;
    const snap = await snapshot();
    for (const target of [openEntry, liushuEntry, ownDraft, "01ABCDEFGHJKMNPQRSTVWXYZ00"]) {
      const e = errorOf(
        await staff.mutate("finance.addEntry", entry(P.y20q3, { date: "2020-07-02", adjustsEntryId: target })),
      );
      expect(e.data.code).toBe("BAD_REQUEST");
      expect(e.message).toContain("被调整分录");
      expect(e.data.fieldErrors?.adjustsEntryId).toContain("被调整分录");
    }
    expect(await snapshot()).toEqual(snap);
  });
});

describe("publication in the transparency log", () => {
  it("each publication's hash recomputes from the open data and sits in the log as finance.period", async () => {
    for (const [key, id] of [
      ["2019-Q1", P.q1],
      ["2019-Q2", P.q2],
      ["2020-Q2", P.y20q2],
    ]) {
      const { status, body } = await openJson(`${OPEN}/hehua/finance/${key}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ street: STREET, community: "hehua", id, period: key });
      const hash = await recompute(body);
      expect(hash).toBe(body.contentHash);
      expect(hash).toBe((await periodRow(id))!.content_hash);
      const log = await env.DB.prepare(
        "SELECT kind, record_id, version, content_hash, at FROM transparency_log WHERE community_id = ? AND record_id = ?",
      )
        .bind(HEHUA, id)
        .all<{ kind: string; record_id: string; version: number; content_hash: string; at: number }>();
      expect(log.results).toEqual([
        { kind: "finance.period", record_id: id, version: 1, content_hash: hash, at: body.publishedAt },
      ]);
      const found = expectOk(
        await anon.query<{ found: boolean; entries: { kind: string }[] }>("transparency.verify", { ...REF, hash }),
      );
      expect(found.found).toBe(true);
      expect(found.entries[0].kind).toBe("finance.period");
    }
  });

  it("every published period of 荷花社区 and 柳树村, seeded or not, recomputes to its logged hash", async () => {
    for (const community of ["hehua", "liushu"]) {
      const list = await openJson<{ items: { period: string; contentHash: string }[] }>(`${OPEN}/${community}/finance`);
      expect(list.body.items.length).toBeGreaterThanOrEqual(12);
      const logged = new Set(
        (
          await env.DB.prepare(
            "SELECT content_hash FROM transparency_log WHERE community_id = ? AND kind = 'finance.period'",
          )
            .bind(await communityId(community))
            .all<{ content_hash: string }>()
        ).results.map((r) => r.content_hash),
      );
      expect(logged.size).toBe(list.body.items.length);
      for (const item of list.body.items) {
        const { body } = await openJson(`${OPEN}/${community}/finance/${item.period}`);
        expect(await recompute(body), `${community} ${item.period}`).toBe(item.contentHash);
        expect(logged.has(item.contentHash)).toBe(true);
      }
    }
  });

  it("the whole chain of 荷花社区 verifies from the open data", async () => {
    const chain = await openChain("hehua");
    const n = (await env.DB.prepare("SELECT count(*) AS n FROM transparency_log WHERE community_id = ?")
      .bind(HEHUA)
      .first<{ n: number }>())!.n;
    expect(chain).toHaveLength(n);
    expect(await verifyChain(chain)).toEqual({ ok: true, length: n });
    const kinds = chain.filter((e) => e.kind === "finance.period").map((e) => e.recordId);
    for (const id of [P.q1, P.q2, P.q3, P.q4, P.y20q1, P.y20q2]) expect(kinds).toContain(id);
    expect(await verifyChain(await openChain("liushu"))).toMatchObject({ ok: true });
  });
});

describe("the books' gaps show as missing", () => {
  it("quarters between the first period and the seeded books are missing and overdue", async () => {
    const r = expectOk(await staff.query<Periods>("finance.periods", { communityId: HEHUA }));
    const now = Date.now();
    const missing = r.missing.map((m) => m.period);
    expect(missing).toContain("2020-Q4");
    expect(missing).toContain("2023-Q3");
    expect(missing).not.toContain("2020-Q3");
    expect(missing).not.toContain("2023-Q4");
    for (const m of r.missing) expect(m).toEqual({ period: m.period, ...deadlineState(m.period, null, now, 10) });
    expect(r.missing.every((m) => m.state === "overdue")).toBe(true);
  });
});

describe("open data", () => {
  it("lists published periods only", async () => {
    const { status, body } = await openJson<{ items: { id: string; period: string }[] }>(`${OPEN}/hehua/finance`);
    expect(status).toBe(200);
    const published = (
      await env.DB.prepare(
        "SELECT id FROM finance_periods WHERE community_id = ? AND status = 'published' ORDER BY period DESC",
      )
        .bind(HEHUA)
        .all<{ id: string }>()
    ).results.map((r) => r.id);
    expect(body.items.map((i) => i.id)).toEqual(published);
    const keys = body.items.map((i) => i.period);
    expect(keys).not.toContain("2020-Q3");
    expect(keys).not.toContain(periodOf(shanghaiDate(Date.now()), "quarterly"));
  });

  it("masks a person counterparty in every public output; staff see the full name", async () => {
    const outputs: [string, string][] = [];
    for (const path of [
      `${OPEN}/hehua/finance/2019-Q2`,
      `${OPEN}/hehua/finance/2019-Q2.csv`,
      `${OPEN}/hehua/finance`,
    ]) {
      const res = await anon.fetch(path);
      expect(res.status, path).toBe(200);
      outputs.push([path, await res.text()]);
    }
    for (const [proc, input] of [
      ["finance.published", { ...REF, period: "2019-Q2" }],
      ["finance.published", { ...REF, period: "2020-Q2" }],
      ["finance.summary", REF],
    ] as const) {
      const res = await anon.fetch(`/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`);
      expect(res.status).toBe(200);
      outputs.push([proc, await res.text()]);
    }
    for (const [label, text] of outputs) expect(text.includes(PERSON), label).toBe(false);
    expect(outputs[0][1]).toContain(PERSON_MASKED);
    expect(outputs[1][1]).toContain(PERSON_MASKED);
    expect(outputs[3][1]).toContain(PERSON_MASKED);
    const open = JSON.parse(outputs[0][1]) as PublicPeriod;
    expect(open.entries.find((e) => e.id === P.q2Person)!.counterparty).toBe(PERSON_MASKED);
    expect((await staffPeriod(P.q2)).entries.find((e) => e.id === P.q2Person)!.counterparty).toBe(PERSON);
  });

  it("the CSV has a BOM, opening and closing lines, amounts in yuan, and neutralised formulas", async () => {
    const res = await anon.fetch(`${OPEN}/hehua/finance/2019-Q2.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toContain("hehua-finance-2019-Q2.csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const rows = Papa.parse<string[]>(text.trimEnd(), { newline: "\r\n" }).data;
    expect(rows[0]).toEqual([
      "id",
      "date",
      "direction",
      "category",
      "amount_yuan",
      "summary",
      "counterparty",
      "voucher_no",
      "adjusts_entry_id",
    ]);
    const p = (await openJson(`${OPEN}/hehua/finance/2019-Q2`)).body;
    expect(rows).toHaveLength(1 + 1 + p.entries.length + 1);
    expect(rows[1]).toEqual([
      "",
      "2019-04-01",
      "opening_balance",
      "",
      formatYuan(p.openingBalanceFen, false),
      "期初余额",
      "",
      "",
      "",
    ]);
    expect(rows[rows.length - 1]).toEqual([
      "",
      "2019-06-30",
      "closing_balance",
      "",
      formatYuan(p.closingBalanceFen, false),
      "期末余额",
      "",
      "",
      "",
    ]);
    const formula = rows.find((r) => r[0] === P.q2Formula)!;
    expect(formula[5]).toBe(`'${FORMULA}`);
    expect(formula[4]).toBe("12.34");
    expect(rows.some((r) => r.some((cell) => cell.startsWith("=")))).toBe(false);
    const income = rows.find((r) => r[0] === P.q2Income)!;
    expect(income.slice(1, 5)).toEqual(["2019-04-03", "income", "grant", "5000.00"]);
  });

  it("an unknown, open or unpublished period, or a bad key, is 404", async () => {
    const current = periodOf(shanghaiDate(Date.now()), "quarterly");
    for (const key of ["2018-Q1", current, "2020-Q3", "2027-Q3", "2026-13", "2026-Q5", "abc", "2019-Q2x", "2019-q2"]) {
      for (const suffix of ["", ".csv"]) {
        const res = await anon.fetch(`${OPEN}/hehua/finance/${key}${suffix}`);
        expect(res.status, `${key}${suffix}`).toBe(404);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
      }
    }
    expect((await anon.fetch(`${OPEN}/nowhere/finance/2019-Q2`)).status).toBe(404);
    expect(errorOf(await anon.query("finance.published", { ...REF, period: current })).data.code).toBe("NOT_FOUND");
    expect(errorOf(await anon.query("finance.published", { ...REF, period: "2026-13" })).data.code).toBe("BAD_REQUEST");
  });
});

describe("vouchers", () => {
  let entryId: string;
  let voucherId: string;

  it("staff upload a voucher scan to an entry of an open period", async () => {
    P.y27q3 = await openPeriod("2027-Q3");
    entryId = await addEntry(P.y27q3, { date: "2027-07-01", summary: "购买打印纸" });
    const res = await uploadVoucher(staff, entryId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; name: string; contentType: string; size: number };
    expect(body).toMatchObject({ name: "凭证.pdf", contentType: "application/pdf", size: PDF.byteLength });
    voucherId = body.id;
    const p = await staffPeriod(P.y27q3);
    expect(p.entries[0].vouchers).toEqual([
      { id: voucherId, entryId, name: "凭证.pdf", size: PDF.byteLength, contentType: "application/pdf" },
    ]);
    expect((await auditActions(entryId)).map((a) => a.action)).toEqual(["finance.addEntry", "finance.voucherUpload"]);
  });

  it("only writers of the community upload, and only real files", async () => {
    const snap = await snapshot();
    expect((await uploadVoucher(supervisor, entryId)).status).toBe(403);
    expect((await uploadVoucher(taoyuanAdmin, entryId)).status).toBe(404);
    expect((await uploadVoucher(resident, entryId)).status).toBe(404);
    expect((await uploadVoucher(anon, entryId)).status).toBe(401);
    expect((await uploadVoucher(staff, entryId, enc.encode("just some text"), "a.pdf")).status).toBe(400);
    expect(await snapshot()).toEqual(snap);
  });

  it("staff and the supervisor read it; the public, residents and other communities get 404", async () => {
    for (const c of [staff, supervisor, admin]) {
      const res = await c.fetch(`/files/vouchers/${voucherId}`);
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(res.headers.get("cache-control")).toMatch(/no-store/);
    }
    for (const c of [anon, resident, taoyuanAdmin, liushuAdmin, taoyuanSupervisor]) {
      const res = await c.fetch(`/files/vouchers/${voucherId}`);
      expect(res.status).toBe(404);
      await res.body?.cancel();
    }
    // Not through the public attachment address either.
    expect((await anon.fetch(`/files/${voucherId}`)).status).toBe(404);
  });

  it("removing the entry removes its voucher", async () => {
    expectOk(await staff.mutate("finance.removeEntry", { id: entryId }));
    expect((await staff.fetch(`/files/vouchers/${voucherId}`)).status).toBe(404);
    expect(
      (await env.DB.prepare("SELECT count(*) AS n FROM finance_vouchers WHERE id = ?").bind(voucherId).first<{
        n: number;
      }>())!.n,
    ).toBe(0);
    expect((await env.FILES.list({ prefix: `c/${HEHUA}/v/` })).objects.map((o) => o.key)).not.toContain(
      `c/${HEHUA}/v/${voucherId}`,
    );
  });
});

describe("balances carried over and gaps", () => {
  it("an opening balance may be a deficit carried over, and a period after a gap cannot be published", async () => {
    const first = await openPeriod("2018-Q1", "-12.50");
    expect((await periodRow(first))!.opening_balance_fen).toBe(-1250);
    await staff.mutate("finance.addEntry", {
      periodId: first,
      date: "2018-02-01",
      direction: "income",
      category: "grant",
      amount: "100.00",
      summary: "补足上年度赤字",
      counterparty: "示范街道办事处",
      counterpartyIsPerson: false,
      voucherNo: "2018Q1-001",
    });
    const published = await publishFlow(first);
    expect(published.closingBalanceFen).toBe(8750);

    const afterGap = await openPeriod("2018-Q3", "87.50");
    await submitAndApprove(afterGap);
    const refused = await admin.mutate("finance.publish", { periodId: afterGap });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toBe("上期 2018-Q2 尚未公开，请先公开上期");
    expect((await periodRow(afterGap))!.status).toBe("approved");
  });
});
