/**
 * Validation of imported ledger rows, shared by the browser's dry run and the Worker's commit
 * (the same experience as the registry import). Rows are numbered as the sheet shows them.
 */
import { isCalendarDate } from "./eligibility";
import { parseYuan } from "./money";
import { normalizeDate, parseYesNo, type Column, type RawRow } from "./registry-import";
import type { Direction, FinanceSettings } from "./finance";

export const ENTRY_COLUMNS: Column[] = [
  { key: "date", zh: "日期", en: "date", aliases: ["记账日期", "发生日期"], required: true },
  { key: "direction", zh: "收支", en: "direction", aliases: ["收入/支出", "类型"], required: true },
  { key: "category", zh: "类别", en: "category", aliases: ["科目", "分类"], required: true },
  { key: "amount", zh: "金额（元）", en: "amount", aliases: ["金额", "金额(元)"], required: true },
  { key: "summary", zh: "摘要", en: "summary", aliases: ["事由", "说明"], required: true },
  {
    key: "counterparty",
    zh: "对方",
    en: "counterparty",
    aliases: ["对方单位", "收付款人", "对方单位/个人"],
    required: false,
  },
  {
    key: "counterpartyIsPerson",
    zh: "对方是个人",
    en: "counterparty is a person",
    aliases: ["是否个人"],
    required: false,
  },
  { key: "voucherNo", zh: "凭证号", en: "voucher no", aliases: ["凭证编号"], required: false },
];

export type EntryRule =
  | "import.required"
  | "import.tooLong"
  | "import.badDate"
  | "import.badYesNo"
  | "import.duplicateInFile"
  | "finance.dateOutside"
  | "finance.badDirection"
  | "finance.unknownCategory"
  | "money.format"
  | "money.decimals"
  | "money.negative"
  | "money.tooLarge"
  | "money.zero";
export type EntryImportError = { row: number; field: string; rule: EntryRule; value: string };

export type EntryImportRow = {
  row: number;
  date: string;
  direction: Direction;
  category: string;
  amountFen: number;
  summary: string;
  counterparty: string;
  counterpartyIsPerson: boolean;
  voucherNo: string;
  /** Identifies the row's content, so re-importing the same row is recognised. */
  key: string;
};

export function parseDirection(raw: string): Direction | null {
  const s = raw.trim().toLowerCase();
  if (["收入", "收", "income", "in", "+"].includes(s)) return "income";
  if (["支出", "支", "expense", "out", "-"].includes(s)) return "expense";
  return null;
}

export function validateEntryRows(
  rows: RawRow[],
  ctx: { startsOn: string; endsOn: string; categories: FinanceSettings["categories"] },
) {
  const errors: EntryImportError[] = [];
  const valid: EntryImportRow[] = [];
  const seen = new Set<string>();
  for (const { row, values } of rows) {
    const rowErrors: EntryImportError[] = [];
    const err = (field: string, rule: EntryRule, value = "") => rowErrors.push({ row, field, rule, value });
    const rawDate = values.date ?? "";
    const date = rawDate ? normalizeDate(rawDate) : null;
    if (!rawDate) err("date", "import.required");
    else if (!date || !isCalendarDate(date)) err("date", "import.badDate", rawDate);
    else if (date < ctx.startsOn || date > ctx.endsOn) err("date", "finance.dateOutside", rawDate);
    const direction = parseDirection(values.direction ?? "");
    if (!direction) err("direction", "finance.badDirection", values.direction ?? "");
    const rawCategory = (values.category ?? "").trim();
    const category = ctx.categories.find((c) => c.code === rawCategory || c.zh === rawCategory || c.en === rawCategory);
    if (!rawCategory) err("category", "import.required");
    else if (!category || (direction && category.direction !== "both" && category.direction !== direction))
      err("category", "finance.unknownCategory", rawCategory);
    const money = parseYuan(values.amount ?? "");
    if (!money.ok) err("amount", money.rule, values.amount ?? "");
    else if (money.fen === 0) err("amount", "money.zero", values.amount ?? "");
    const summary = (values.summary ?? "").trim();
    if (!summary) err("summary", "import.required");
    else if (summary.length > 200) err("summary", "import.tooLong", summary);
    const counterparty = (values.counterparty ?? "").trim();
    if (counterparty.length > 60) err("counterparty", "import.tooLong", counterparty);
    const isPerson = parseYesNo(values.counterpartyIsPerson ?? "");
    if (isPerson === null) err("counterpartyIsPerson", "import.badYesNo", values.counterpartyIsPerson ?? "");
    const voucherNo = (values.voucherNo ?? "").trim();
    if (voucherNo.length > 40) err("voucherNo", "import.tooLong", voucherNo);
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const amountFen = (money as { fen: number }).fen;
    const key = [
      date,
      direction,
      category!.code,
      amountFen,
      summary,
      counterparty,
      isPerson ? "person" : "",
      voucherNo,
    ].join("|");
    if (seen.has(key)) {
      errors.push({ row, field: "summary", rule: "import.duplicateInFile", value: summary });
      continue;
    }
    seen.add(key);
    valid.push({
      row,
      date: date!,
      direction: direction!,
      category: category!.code,
      amountFen,
      summary,
      counterparty,
      counterpartyIsPerson: isPerson!,
      voucherNo,
      key,
    });
  }
  return { valid, errors };
}
