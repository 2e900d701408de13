/**
 * Reading and writing the registry's spreadsheets in the browser (and in Node for the tests):
 * XLSX through read-excel-file / write-excel-file ("universal" entries), CSV through papaparse.
 * Pages import this module lazily (`await import(...)`), so none of it enters the public bundle;
 * the XLSX libraries load only when a workbook is read or written. No DOM use at module load.
 */
import Papa from "papaparse";
import { toCsv } from "../../shared/csv";
import { HOUSEHOLD_COLUMNS, RESIDENT_COLUMNS, type Column } from "../../shared/rules/registry-import";
import { shanghaiDate } from "../../shared/rules/eligibility";

export type ImportKind = "households" | "residents";

/** Why a file could not be read; the page turns the code into a message. */
export class SpreadsheetError extends Error {
  constructor(
    readonly code: "unsupported" | "unreadable" | "empty" | "blocked",
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = "SpreadsheetError";
  }
}

/**
 * CSV bytes → text: UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's "Unicode text"),
 * otherwise GB18030 (what Excel on Chinese Windows writes for "CSV").
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

/**
 * CSV text → rows of cells (papaparse; the delimiter is detected, so Excel's tab-separated
 * "Unicode text" reads too). Blank lines carry no data, but they still count in the row numbers
 * the sheet shows, so inner blank lines stay as empty rows (toRawRows skips them without
 * renumbering) and only trailing ones are dropped.
 */
export function parseCsv(text: string): string[][] {
  const parsed = Papa.parse<unknown[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: false });
  const rows = parsed.data.map((r) => r.map((c) => String(c ?? "")));
  while (rows.length && isBlank(rows[rows.length - 1])) rows.pop();
  return rows.map((r) => (isBlank(r) ? [] : r));
}
const isBlank = (row: string[]) => row.every((c) => c.trim() === "");

/** One cell of a sheet as text: dates as YYYY-MM-DD (Asia/Shanghai), numbers in plain notation. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return isNaN(value.getTime()) ? "" : shanghaiDate(value.getTime());
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    if (Number.isInteger(value) && Math.abs(value) < 1e21) return BigInt(value).toString();
    return String(value);
  }
  return String(value);
}

/**
 * The workbook again with its parts stored uncompressed. read-excel-file unzips with fflate,
 * which hands parts over 512 KB (the sheet of a file of a few thousand rows) to a Web Worker
 * made from a blob: URL; the app's Content-Security-Policy (script-src 'self', no worker-src)
 * blocks that worker and the read would never finish, and workerd has no Worker at all.
 * Unzipping here synchronously and storing the parts keeps read-excel-file on its
 * synchronous path everywhere.
 */
async function storedCopy(bytes: Uint8Array): Promise<ArrayBuffer> {
  const { unzipSync, zipSync } = await import("fflate");
  let parts;
  try {
    parts = unzipSync(bytes, { filter: (f) => /\.(xml|rels)$/i.test(f.name) });
  } catch (e) {
    throw new SpreadsheetError("unreadable", e instanceof Error ? e.message : String(e));
  }
  const out = zipSync(parts, { level: 0 });
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** An uploaded .xlsx or .csv → rows of cells (the first sheet of a workbook), every cell a string. */
export async function readSpreadsheet(file: { name: string; bytes: Uint8Array }): Promise<string[][]> {
  const { name, bytes } = file;
  if (bytes.length === 0) throw new SpreadsheetError("empty");
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";
  if (isOle(bytes) || ext === "xls" || ext === "et" || ext === "wps")
    throw new SpreadsheetError("unsupported", "legacy .xls");
  if (isZip(bytes)) {
    const [{ readSheet }, stored] = await Promise.all([import("read-excel-file/universal"), storedCopy(bytes)]);
    let data: unknown[][];
    try {
      data = (await readSheet(stored)) as unknown[][];
    } catch (e) {
      throw new SpreadsheetError("unreadable", e instanceof Error ? e.message : String(e));
    }
    const rows = data.map((r) => r.map(cellText));
    while (rows.length && isBlank(rows[rows.length - 1])) rows.pop();
    return rows;
  }
  if (ext && ext !== "csv" && ext !== "txt") throw new SpreadsheetError("unsupported", ext);
  return parseCsv(decodeCsv(bytes));
}

// ---------------------------------------------------------------------------------------------
// Writing

export type Cell = string | number | null;

/** An .xlsx of one sheet: a bold header row, then the rows, every cell stored as text. */
export async function writeXlsx(header: string[], rows: Cell[][], sheet = "Sheet1"): Promise<Blob> {
  const writeXlsxFile = (await import("write-excel-file/universal")).default;
  const text = (value: Cell) =>
    value === null || value === "" ? null : { value: String(value), type: String, format: "@" as const };
  const data = [
    header.map((h) => ({ value: h, type: String, fontWeight: "bold" as const })),
    ...rows.map((r) => r.map(text)),
  ];
  const widths = header.map((h, i) => {
    let w = Math.max(8, h.length * 2 + 2);
    for (let r = 0; r < Math.min(rows.length, 200); r++) w = Math.max(w, String(rows[r][i] ?? "").length * 2 + 2);
    return { width: Math.min(w, 40) };
  });
  return workersAllowed(writeXlsxFile(data, { sheet, columns: widths, stickyRowsCount: 1 }).toBlob());
}

/**
 * write-excel-file compresses parts over 160 KB (an export of a few thousand rows) in a Web
 * Worker made from a blob: URL. Where the Content-Security-Policy forbids such workers the
 * browser only reports a violation and the promise would never settle: fail instead.
 */
function workersAllowed<T>(work: Promise<T>): Promise<T> {
  if (typeof document === "undefined") return work;
  return new Promise<T>((resolve, reject) => {
    const onViolation = (e: SecurityPolicyViolationEvent) => {
      if (!e.blockedURI.startsWith("blob") && e.effectiveDirective !== "worker-src") return;
      done();
      reject(new SpreadsheetError("blocked", `${e.effectiveDirective} ${e.blockedURI}`));
    };
    const done = () => document.removeEventListener("securitypolicyviolation", onViolation);
    document.addEventListener("securitypolicyviolation", onViolation);
    work.then(
      (v) => (done(), resolve(v)),
      (e) => (done(), reject(e)),
    );
  });
}

/** A CSV for Excel (UTF-8 with BOM, formulas escaped) as a Blob. */
export function csvBlob(header: string[], rows: Cell[][]): Blob {
  return new Blob([toCsv(header, rows)], { type: "text/csv;charset=utf-8" });
}

/** Let the browser save a Blob under a file name. */
export function downloadBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadCsv(fileName: string, header: string[], rows: Cell[][]) {
  downloadBlob(csvBlob(header, rows), fileName);
}

export async function downloadXlsx(fileName: string, header: string[], rows: Cell[][], sheet?: string) {
  downloadBlob(await writeXlsx(header, rows, sheet), fileName);
}

/** `name-2025-01-02.ext`, dated in Asia/Shanghai. */
export function datedFileName(base: string, ext: "xlsx" | "csv", at = Date.now()): string {
  return `${base}-${shanghaiDate(at)}.${ext}`;
}

// ---------------------------------------------------------------------------------------------
// Templates

export const columnsOf = (kind: ImportKind): Column[] => (kind === "households" ? HOUSEHOLD_COLUMNS : RESIDENT_COLUMNS);

const EXAMPLE: Record<ImportKind, Record<string, string>> = {
  households: { address: "3号楼1单元301室", grid: "第一网格", group: "第一居民小组" },
  residents: {
    name: "张三",
    birthDate: "1980-01-02",
    phone: "13800138000",
    address: "3号楼1单元301室",
    group: "第一居民小组",
    householdRep: "是",
    representative: "否",
  },
};

/** The template's header (the Chinese column names) and one example row. */
export function templateRows(kind: ImportKind): { header: string[]; rows: string[][] } {
  const cols = columnsOf(kind);
  return { header: cols.map((c) => c.zh), rows: [cols.map((c) => EXAMPLE[kind][c.key] ?? "")] };
}

export async function templateXlsx(kind: ImportKind): Promise<Blob> {
  const { header, rows } = templateRows(kind);
  return writeXlsx(header, rows, kind === "households" ? "户" : "居民");
}

export function templateCsv(kind: ImportKind): Blob {
  const { header, rows } = templateRows(kind);
  return csvBlob(header, rows);
}
