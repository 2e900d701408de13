import { describe, expect, it } from "vitest";
import { DEFAULT_FINANCE_CATEGORIES } from "../../../shared/rules/finance";
import { parseDirection, validateEntryRows, type EntryImportError } from "../../../shared/rules/finance-import";

const ctx = { startsOn: "2026-01-01", endsOn: "2026-03-31", categories: DEFAULT_FINANCE_CATEGORIES };

const GOOD = {
  date: "2026-01-15",
  direction: "支出",
  category: "办公经费",
  amount: "1,234.50",
  summary: "购买打印纸",
  counterparty: "示范文具商店",
  counterpartyIsPerson: "否",
  voucherNo: "2026Q1-001",
};

/** Rows numbered as the sheet shows them: the header is row 1. */
const rows = (...values: Record<string, string>[]) => values.map((v, i) => ({ row: i + 2, values: { ...GOOD, ...v } }));

const errorsOf = (...values: Record<string, string>[]) => validateEntryRows(rows(...values), ctx).errors;
const only = (errors: EntryImportError[]) => errors.map(({ row, field, rule }) => ({ row, field, rule }));

describe("validateEntryRows", () => {
  it("turns a good row into an entry in fen with the category code", () => {
    const { valid, errors } = validateEntryRows(rows({}), ctx);
    expect(errors).toEqual([]);
    expect(valid).toEqual([
      {
        row: 2,
        date: "2026-01-15",
        direction: "expense",
        category: "office",
        amountFen: 123_450,
        summary: "购买打印纸",
        counterparty: "示范文具商店",
        counterpartyIsPerson: false,
        voucherNo: "2026Q1-001",
        key: valid[0].key,
      },
    ]);
  });

  it("accepts the usual ways of writing dates, directions and categories", () => {
    const { valid, errors } = validateEntryRows(
      rows(
        { date: "2026/2/3", direction: "收入", category: "grant", amount: "¥3000" },
        { date: "2026年3月31日", direction: "income", category: "Donations", amount: "0.01" },
        { date: "20260101", direction: "-", category: "其他支出", amount: "12" },
        { date: " 2026-03-01 ", direction: " 支 ", category: " 活动经费 ", amount: " 99.9 " },
      ),
      ctx,
    );
    expect(errors).toEqual([]);
    expect(valid.map((v) => [v.date, v.direction, v.category, v.amountFen])).toEqual([
      ["2026-02-03", "income", "grant", 300_000],
      ["2026-03-31", "income", "donation", 1],
      ["2026-01-01", "expense", "other_expense", 1200],
      ["2026-03-01", "expense", "activity", 9990],
    ]);
  });

  it("reports a bad date, and a date outside the period", () => {
    expect(only(errorsOf({ date: "2026-02-30" }))).toEqual([{ row: 2, field: "date", rule: "import.badDate" }]);
    expect(only(errorsOf({ date: "下周一" }))).toEqual([{ row: 2, field: "date", rule: "import.badDate" }]);
    expect(only(errorsOf({ date: "" }))).toEqual([{ row: 2, field: "date", rule: "import.required" }]);
    expect(only(errorsOf({ date: "2025-12-31" }))).toEqual([{ row: 2, field: "date", rule: "finance.dateOutside" }]);
    expect(only(errorsOf({ date: "2026-04-01" }))).toEqual([{ row: 2, field: "date", rule: "finance.dateOutside" }]);
    // The first and last days are inside.
    expect(errorsOf({ date: "2026-01-01" }, { date: "2026-03-31", summary: "另一笔" })).toEqual([]);
  });

  it("reports a bad direction", () => {
    for (const direction of ["", "借", "in/out", "收入支出"])
      expect(only(errorsOf({ direction })), direction).toEqual([
        { row: 2, field: "direction", rule: "finance.badDirection" },
      ]);
    expect(parseDirection("收")).toBe("income");
    expect(parseDirection("OUT")).toBe("expense");
    expect(parseDirection("+")).toBe("income");
  });

  it("reports an unknown category and a category of the other direction", () => {
    expect(only(errorsOf({ category: "吃喝" }))).toEqual([
      { row: 2, field: "category", rule: "finance.unknownCategory" },
    ]);
    // 上级拨款 is income; the row is an expense.
    expect(only(errorsOf({ category: "上级拨款" }))).toEqual([
      { row: 2, field: "category", rule: "finance.unknownCategory" },
    ]);
    expect(only(errorsOf({ direction: "收入", category: "office" }))).toEqual([
      { row: 2, field: "category", rule: "finance.unknownCategory" },
    ]);
    expect(only(errorsOf({ category: "" }))).toEqual([{ row: 2, field: "category", rule: "import.required" }]);
    // A category for both directions fits either.
    const both = [...DEFAULT_FINANCE_CATEGORIES, { code: "misc", zh: "杂项", en: "misc", direction: "both" as const }];
    const r = validateEntryRows(
      [
        { row: 2, values: { ...GOOD, category: "杂项", direction: "收入" } },
        { row: 3, values: { ...GOOD, category: "misc", direction: "支出" } },
      ],
      { ...ctx, categories: both },
    );
    expect(r.errors).toEqual([]);
    expect(r.valid.map((v) => v.category)).toEqual(["misc", "misc"]);
  });

  it("reports amounts with three decimals, negative, zero, or not a number", () => {
    expect(only(errorsOf({ amount: "12.345" }))).toEqual([{ row: 2, field: "amount", rule: "money.decimals" }]);
    expect(only(errorsOf({ amount: "-5" }))).toEqual([{ row: 2, field: "amount", rule: "money.negative" }]);
    expect(only(errorsOf({ amount: "0" }))).toEqual([{ row: 2, field: "amount", rule: "money.zero" }]);
    expect(only(errorsOf({ amount: "0.00" }))).toEqual([{ row: 2, field: "amount", rule: "money.zero" }]);
    expect(only(errorsOf({ amount: "十元" }))).toEqual([{ row: 2, field: "amount", rule: "money.format" }]);
    expect(only(errorsOf({ amount: "" }))).toEqual([{ row: 2, field: "amount", rule: "money.format" }]);
    expect(only(errorsOf({ amount: "2000000000" }))).toEqual([{ row: 2, field: "amount", rule: "money.tooLarge" }]);
    expect(errorsOf({ amount: "12.345" })[0].value).toBe("12.345");
  });

  it("reports a missing summary and over-long fields", () => {
    expect(only(errorsOf({ summary: "" }))).toEqual([{ row: 2, field: "summary", rule: "import.required" }]);
    expect(only(errorsOf({ summary: "   " }))).toEqual([{ row: 2, field: "summary", rule: "import.required" }]);
    expect(only(errorsOf({ summary: "长".repeat(201) }))).toEqual([
      { row: 2, field: "summary", rule: "import.tooLong" },
    ]);
    expect(only(errorsOf({ counterparty: "名".repeat(61) }))).toEqual([
      { row: 2, field: "counterparty", rule: "import.tooLong" },
    ]);
    expect(only(errorsOf({ voucherNo: "9".repeat(41) }))).toEqual([
      { row: 2, field: "voucherNo", rule: "import.tooLong" },
    ]);
    // The optional columns may be left out altogether.
    const { valid, errors } = validateEntryRows(
      [{ row: 2, values: { date: "2026-01-02", direction: "收入", category: "捐赠", amount: "5", summary: "捐款" } }],
      ctx,
    );
    expect(errors).toEqual([]);
    expect(valid[0]).toMatchObject({ counterparty: "", counterpartyIsPerson: false, voucherNo: "" });
  });

  it("reads yes/no for a person counterparty", () => {
    const { valid, errors } = validateEntryRows(
      rows(
        { counterpartyIsPerson: "是", summary: "a" },
        { counterpartyIsPerson: "Y", summary: "b" },
        { counterpartyIsPerson: "否", summary: "c" },
        { counterpartyIsPerson: "", summary: "d" },
        { counterpartyIsPerson: "1", summary: "e" },
      ),
      ctx,
    );
    expect(errors).toEqual([]);
    expect(valid.map((v) => v.counterpartyIsPerson)).toEqual([true, true, false, false, true]);
    expect(only(errorsOf({}, { counterpartyIsPerson: "也许", summary: "x" }))).toEqual([
      { row: 3, field: "counterpartyIsPerson", rule: "import.badYesNo" },
    ]);
  });

  it("reports a duplicate row of the file at the later row, and keeps the first", () => {
    const { valid, errors } = validateEntryRows(
      rows({}, { summary: "另一笔" }, { amount: "1234.5" }, { voucherNo: "2026Q1-002" }),
      ctx,
    );
    // Row 4 is row 2 written differently (1234.5 = 1,234.50); row 5 differs by its voucher number.
    expect(only(errors)).toEqual([{ row: 4, field: "summary", rule: "import.duplicateInFile" }]);
    expect(valid.map((v) => v.row)).toEqual([2, 3, 5]);
  });

  it("numbers every error by its row and reports each bad field", () => {
    const input = [
      { row: 2, values: { ...GOOD } },
      { row: 3, values: { ...GOOD, date: "2026-13-01", amount: "1.001", summary: "" } },
      { row: 7, values: { ...GOOD, direction: "借", summary: "第七行" } },
      { row: 9, values: { ...GOOD, summary: "第九行" } },
      { row: 10, values: { ...GOOD, category: "上级拨款", counterpartyIsPerson: "?", summary: "第十行" } },
    ];
    const { valid, errors } = validateEntryRows(input, ctx);
    expect(only(errors)).toEqual([
      { row: 3, field: "date", rule: "import.badDate" },
      { row: 3, field: "amount", rule: "money.decimals" },
      { row: 3, field: "summary", rule: "import.required" },
      { row: 7, field: "direction", rule: "finance.badDirection" },
      { row: 10, field: "category", rule: "finance.unknownCategory" },
      { row: 10, field: "counterpartyIsPerson", rule: "import.badYesNo" },
    ]);
    expect(valid.map((v) => v.row)).toEqual([2, 9]);
  });

  it("gives a row the same key however it is written, and a different key for different content", () => {
    const keyOf = (v: Record<string, string>) => {
      const { valid, errors } = validateEntryRows([{ row: 2, values: { ...GOOD, ...v } }], ctx);
      expect(errors).toEqual([]);
      return valid[0].key;
    };
    const base = keyOf({});
    // Stable: the same content written otherwise, and on another run.
    expect(keyOf({})).toBe(base);
    const variants: Record<string, string>[] = [
      { date: "2026/1/15" },
      { date: "2026年1月15日" },
      { date: "20260115" },
      { direction: "expense" },
      { direction: "支" },
      { category: "office" },
      { category: "Office expenses" },
      { amount: "1234.5" },
      { amount: "¥1,234.50" },
      { summary: "  购买打印纸 " },
      { voucherNo: " 2026Q1-001" },
    ];
    for (const v of variants) expect(keyOf(v), JSON.stringify(v)).toBe(base);
    // Different content, different key.
    const changes: Record<string, string>[] = [
      { date: "2026-01-16" },
      { direction: "收入", category: "捐赠" },
      { category: "活动经费" },
      { amount: "1234.51" },
      { summary: "购买打印纸。" },
      { counterparty: "另一家商店" },
      { voucherNo: "2026Q1-002" },
    ];
    const others = changes.map(keyOf);
    expect(others).not.toContain(base);
    expect(new Set(others).size).toBe(others.length);
  });
});
