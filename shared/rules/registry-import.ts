/**
 * Validation of registry imports (households and residents), shared by the browser's dry run
 * and the Worker's commit so that both report the same rows. Rows are numbered as the
 * spreadsheet shows them (the header is row 1, the first data row is row 2).
 */
import { isPhone } from "./masking";
import { isCalendarDate } from "./eligibility";

export type Column = { key: string; zh: string; en: string; aliases: string[]; required: boolean };

export const HOUSEHOLD_COLUMNS: Column[] = [
  { key: "address", zh: "住址", en: "address", aliases: ["地址", "门牌", "户籍地址"], required: true },
  { key: "grid", zh: "网格", en: "grid", aliases: ["所属网格"], required: false },
  { key: "group", zh: "居民小组", en: "group", aliases: ["村民小组", "小组"], required: false },
];

export const RESIDENT_COLUMNS: Column[] = [
  { key: "name", zh: "姓名", en: "name", aliases: [], required: true },
  { key: "birthDate", zh: "出生日期", en: "birth date", aliases: ["出生年月日", "生日"], required: true },
  { key: "phone", zh: "手机号", en: "phone", aliases: ["电话", "联系电话", "手机"], required: false },
  { key: "address", zh: "住址", en: "address", aliases: ["地址", "门牌", "户籍地址"], required: true },
  { key: "group", zh: "居民小组", en: "group", aliases: ["村民小组", "小组"], required: false },
  { key: "householdRep", zh: "户代表", en: "household representative", aliases: ["户主"], required: false },
  { key: "representative", zh: "居民代表", en: "representative", aliases: ["村民代表"], required: false },
];

export type RawRow = { row: number; values: Record<string, string> };
export type ImportRule =
  | "import.required"
  | "import.tooLong"
  | "import.badDate"
  | "import.futureDate"
  | "import.badPhone"
  | "import.badYesNo"
  | "import.duplicateInFile"
  | "import.unknownHousehold"
  | "import.unknownGrid"
  | "import.unknownGroup"
  | "import.twoReps";
export type ImportError = { row: number; field: string; rule: ImportRule; value: string };

/**
 * Map a header row to column keys by Chinese or English name (or a common alias). Returns the
 * keys of required columns that are missing.
 */
export function mapHeader(header: string[], columns: Column[]): { index: Record<string, number>; missing: string[] } {
  const norm = (s: string) =>
    s
      .replace(/^\uFEFF/, "")
      .replace(/[\s*（）()]/g, "")
      .toLowerCase();
  const index: Record<string, number> = {};
  header.forEach((h, i) => {
    const n = norm(h);
    const col = columns.find((c) => [c.zh, c.en, c.key, ...c.aliases].some((name) => norm(name) === n));
    if (col && index[col.key] === undefined) index[col.key] = i;
  });
  return { index, missing: columns.filter((c) => c.required && index[c.key] === undefined).map((c) => c.key) };
}

/** Turn spreadsheet cells into keyed rows, numbered as the sheet shows them. */
export function toRawRows(cells: string[][], columns: Column[]) {
  const [header = [], ...body] = cells;
  const { index, missing } = mapHeader(header, columns);
  const rows: RawRow[] = [];
  body.forEach((line, i) => {
    if (line.every((c) => String(c ?? "").trim() === "")) return;
    const values: Record<string, string> = {};
    for (const [key, at] of Object.entries(index)) values[key] = String(line[at] ?? "").trim();
    rows.push({ row: i + 2, values });
  });
  return { rows, missing };
}

/** 1980-01-02, 1980/1/2, 1980.1.2, 19800102, 1980年1月2日 → 1980-01-02; anything else → null. */
export function normalizeDate(raw: string): string | null {
  const s = raw.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const date = `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  return isCalendarDate(date) ? date : null;
}

/** 是/否, Y/N, yes/no, 1/0, true/false, √; empty means no. */
export function parseYesNo(raw: string): boolean | null {
  const s = raw.trim().toLowerCase();
  if (["", "否", "n", "no", "0", "false", "×", "x"].includes(s)) return false;
  if (["是", "y", "yes", "1", "true", "√", "✓"].includes(s)) return true;
  return null;
}

export type HouseholdImportRow = { row: number; address: string; gridId: string | null; groupId: string | null };

export function validateHouseholdRows(
  rows: RawRow[],
  ctx: { grids: Map<string, string>; groups: Map<string, string>; existingAddresses: Set<string> },
) {
  const errors: ImportError[] = [];
  const valid: HouseholdImportRow[] = [];
  const skipped: number[] = [];
  const seen = new Set<string>();
  for (const { row, values } of rows) {
    const address = (values.address ?? "").replace(/\s+/g, " ").trim();
    const gridName = (values.grid ?? "").trim();
    const groupName = (values.group ?? "").trim();
    const rowErrors: ImportError[] = [];
    if (!address) rowErrors.push({ row, field: "address", rule: "import.required", value: "" });
    else if (address.length > 120) rowErrors.push({ row, field: "address", rule: "import.tooLong", value: address });
    const gridId = gridName ? (ctx.grids.get(gridName) ?? null) : null;
    if (gridName && !gridId) rowErrors.push({ row, field: "grid", rule: "import.unknownGrid", value: gridName });
    const groupId = groupName ? (ctx.groups.get(groupName) ?? null) : null;
    if (groupName && !groupId) rowErrors.push({ row, field: "group", rule: "import.unknownGroup", value: groupName });
    if (address && seen.has(address))
      rowErrors.push({ row, field: "address", rule: "import.duplicateInFile", value: address });
    if (address) seen.add(address);
    if (rowErrors.length) errors.push(...rowErrors);
    else if (ctx.existingAddresses.has(address)) skipped.push(row);
    else valid.push({ row, address, gridId, groupId });
  }
  return { valid, skipped, errors };
}

export type ResidentImportRow = {
  row: number;
  name: string;
  birthDate: string;
  phone: string;
  householdId: string;
  groupId: string | null;
  isHouseholdRep: boolean;
  isRepresentative: boolean;
};

export type ResidentImportContext = {
  /** address → household id, its group, and the key of its current active representative. */
  households: Map<string, { id: string; groupId: string | null; repKey: string | null }>;
  groups: Map<string, string>;
  /** `name|birthDate` of every resident already in the registry. */
  existing: Set<string>;
  /** Today in Asia/Shanghai (YYYY-MM-DD): birth dates after it are impossible. */
  today: string;
};

export const personKey = (name: string, birthDate: string) => `${name}|${birthDate}`;

export function validateResidentRows(rows: RawRow[], ctx: ResidentImportContext) {
  const errors: ImportError[] = [];
  const valid: ResidentImportRow[] = [];
  const skipped: number[] = [];
  const seen = new Set<string>();
  const repInFile = new Map<string, string>();
  for (const { row, values } of rows) {
    const rowErrors: ImportError[] = [];
    const err = (field: string, rule: ImportRule, value = "") => rowErrors.push({ row, field, rule, value });
    const name = (values.name ?? "").replace(/\s+/g, "").trim();
    if (!name) err("name", "import.required");
    else if (name.length > 40) err("name", "import.tooLong", name);
    const rawDate = values.birthDate ?? "";
    const birthDate = rawDate ? normalizeDate(rawDate) : null;
    if (!rawDate) err("birthDate", "import.required");
    else if (!birthDate || birthDate < "1900-01-01") err("birthDate", "import.badDate", rawDate);
    else if (birthDate > ctx.today) err("birthDate", "import.futureDate", rawDate);
    const phone = (values.phone ?? "").replace(/[\s-]/g, (c) => (c === "-" ? "-" : "")).trim();
    if (phone && !isPhone(phone)) err("phone", "import.badPhone", values.phone ?? "");
    const address = (values.address ?? "").replace(/\s+/g, " ").trim();
    const household = address ? ctx.households.get(address) : undefined;
    if (!address) err("address", "import.required");
    else if (!household) err("address", "import.unknownHousehold", address);
    const groupName = (values.group ?? "").trim();
    const groupId = groupName ? (ctx.groups.get(groupName) ?? null) : (household?.groupId ?? null);
    if (groupName && !ctx.groups.has(groupName)) err("group", "import.unknownGroup", groupName);
    const isHouseholdRep = parseYesNo(values.householdRep ?? "");
    if (isHouseholdRep === null) err("householdRep", "import.badYesNo", values.householdRep ?? "");
    const isRepresentative = parseYesNo(values.representative ?? "");
    if (isRepresentative === null) err("representative", "import.badYesNo", values.representative ?? "");
    const key = name && birthDate ? personKey(name, birthDate) : null;
    if (key && seen.has(key)) err("name", "import.duplicateInFile", `${name} ${birthDate}`);
    if (key) seen.add(key);
    const known = key !== null && ctx.existing.has(key);
    // One household representative at a time (DOMAIN.md): in the file and against the registry.
    if (isHouseholdRep && household && key && !known) {
      const other = repInFile.get(household.id) ?? household.repKey;
      if (other && other !== key) err("householdRep", "import.twoReps", address);
      else repInFile.set(household.id, key);
    }
    if (rowErrors.length) errors.push(...rowErrors);
    else if (known) skipped.push(row);
    else
      valid.push({
        row,
        name,
        birthDate: birthDate!,
        phone,
        householdId: household!.id,
        groupId,
        isHouseholdRep: isHouseholdRep!,
        isRepresentative: isRepresentative!,
      });
  }
  return { valid, skipped, errors };
}
