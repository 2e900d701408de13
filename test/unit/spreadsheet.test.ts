import { describe, expect, it } from "vitest";
import writeXlsxFile from "write-excel-file/node";
import { RESIDENT_COLUMNS, toRawRows, validateResidentRows } from "../../shared/rules/registry-import";
import {
  cellText,
  csvBlob,
  datedFileName,
  decodeCsv,
  parseCsv,
  readSpreadsheet,
  SpreadsheetError,
  templateCsv,
  templateRows,
  templateXlsx,
  writeXlsx,
} from "../../web/lib/spreadsheet";
import { csvText, encodeGb18030, excelLikeXlsx, residentFile } from "../fixtures/registry-import";

const TEXT = "姓名,出生日期\n张三,1980-01-02\n";
// GB18030 (GBK range) by hand: 姓 D0D5 名 C3FB , 出 B3F6 生 C9FA 日 C8D5 期 C6DA \n 张 D5C5 三 C8FD ,1980-01-02\n
const GB_BYTES = new Uint8Array([
  0xd0,
  0xd5,
  0xc3,
  0xfb,
  0x2c,
  0xb3,
  0xf6,
  0xc9,
  0xfa,
  0xc8,
  0xd5,
  0xc6,
  0xda,
  0x0a,
  0xd5,
  0xc5,
  0xc8,
  0xfd,
  0x2c,
  ...new TextEncoder().encode("1980-01-02\n"),
]);

describe("decodeCsv", () => {
  it("reads UTF-8 without a BOM", () => {
    expect(decodeCsv(new TextEncoder().encode(TEXT))).toBe(TEXT);
  });

  it("reads UTF-8 with a BOM and drops the BOM", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(TEXT)]);
    expect(decodeCsv(bytes)).toBe(TEXT);
  });

  it("reads GB18030, what Excel on Chinese Windows saves as CSV", () => {
    expect(new TextDecoder("gb18030").decode(GB_BYTES)).toBe(TEXT); // the hand-written bytes are right
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(GB_BYTES)).toThrow(); // and not UTF-8
    expect(decodeCsv(GB_BYTES)).toBe(TEXT);
  });

  it("reads UTF-16 with a BOM (Excel's Unicode text)", () => {
    const units = [...TEXT].map((c) => c.charCodeAt(0));
    const bytes = new Uint8Array([0xff, 0xfe, ...units.flatMap((u) => [u & 0xff, u >> 8])]);
    expect(decodeCsv(bytes)).toBe(TEXT);
  });

  it("reads a whole GB18030 file made by the test encoder", () => {
    const file = residentFile({ prefix: "编码", rows: 40 });
    const text = csvText(file.cells);
    expect(decodeCsv(encodeGb18030(text))).toBe(text);
  });
});

describe("parseCsv", () => {
  it("splits cells, honours quotes, and keeps inner blank lines for the row numbers", () => {
    const rows = parseCsv('姓名,住址\r\n"张三","1号楼, 101室"\r\n\r\n"李""四",\r\n,\r\n\r\n');
    expect(rows).toEqual([["姓名", "住址"], ["张三", "1号楼, 101室"], [], ['李"四', ""]]);
    const { rows: raw } = toRawRows(rows, RESIDENT_COLUMNS);
    expect(raw.map((r) => r.row)).toEqual([2, 4]); // row 3 is the blank line
  });

  it("reads tab-separated text and a leading BOM", () => {
    expect(parseCsv("\uFEFF姓名\t出生日期\n张三\t1980-01-02")).toEqual([
      ["姓名", "出生日期"],
      ["张三", "1980-01-02"],
    ]);
  });
});

describe("cellText", () => {
  it("writes numbers plainly and dates as the day in Asia/Shanghai", () => {
    expect(cellText(13800138000)).toBe("13800138000");
    expect(cellText(1e20)).toBe("100000000000000000000");
    expect(cellText(1.5)).toBe("1.5");
    expect(cellText(null)).toBe("");
    expect(cellText(true)).toBe("true");
    expect(cellText(new Date(Date.UTC(1980, 0, 2)))).toBe("1980-01-02");
    // Midnight in Shanghai is 16:00 UTC the day before.
    expect(cellText(new Date("1980-01-01T16:00:00Z"))).toBe("1980-01-02");
  });
});

describe("readSpreadsheet", () => {
  it("reads the first sheet of an XLSX, dates and numbers as text", async () => {
    const buffer = await writeXlsxFile([
      ["姓名", "出生日期", "手机号", "住址", "居民小组", "户代表", "居民代表"],
      [
        "张三",
        { value: new Date(Date.UTC(1980, 0, 2)), type: Date, format: "yyyy-mm-dd" },
        13800138000,
        "1号楼101室",
        null,
        "是",
        true,
      ],
      ["李四", "1990/2/3", "13900139000", "1号楼101室", "第一居民小组", "否", false],
    ]).toBuffer();
    const cells = await readSpreadsheet({ name: "居民.xlsx", bytes: new Uint8Array(buffer) });
    expect(cells).toEqual([
      ["姓名", "出生日期", "手机号", "住址", "居民小组", "户代表", "居民代表"],
      ["张三", "1980-01-02", "13800138000", "1号楼101室", "", "是", "true"],
      ["李四", "1990/2/3", "13900139000", "1号楼101室", "第一居民小组", "否", "false"],
    ]);
    const { rows, missing } = toRawRows(cells, RESIDENT_COLUMNS);
    expect(missing).toEqual([]);
    const result = validateResidentRows(rows, {
      households: new Map([["1号楼101室", { id: "H1", groupId: null, repKey: null }]]),
      groups: new Map([["第一居民小组", "G1"]]),
      existing: new Set(),
      today: "2025-06-01",
    });
    expect(result.errors).toEqual([]);
    expect(result.valid.map((r) => [r.row, r.birthDate, r.isRepresentative])).toEqual([
      [2, "1980-01-02", true],
      [3, "1990-02-03", false],
    ]);
  });

  it("reads a workbook whose sheet is far over fflate's 512 KB worker threshold", async () => {
    const file = residentFile({ prefix: "大表", rows: 6000 });
    const buffer = await writeXlsxFile(file.cells as string[][]).toBuffer();
    const cells = await readSpreadsheet({ name: "大表.xlsx", bytes: new Uint8Array(buffer) });
    expect(cells).toEqual(file.cells);
    const xlsx = excelLikeXlsx(file.cells as string[][]);
    expect(await readSpreadsheet({ name: "大表.xlsx", bytes: xlsx })).toEqual(file.cells);
  });

  it("keeps the sheet's row numbers across empty rows of a workbook", async () => {
    const buffer = await writeXlsxFile([["住址"], ["1号楼101室"], [null], ["1号楼102室"]]).toBuffer();
    const cells = await readSpreadsheet({ name: "户.xlsx", bytes: new Uint8Array(buffer) });
    expect(toRawRows(cells, RESIDENT_COLUMNS).rows.map((r) => r.row)).toEqual([2, 4]);
  });

  it("reads a GB18030 CSV by its bytes", async () => {
    const cells = await readSpreadsheet({ name: "居民.csv", bytes: GB_BYTES });
    expect(cells).toEqual([
      ["姓名", "出生日期"],
      ["张三", "1980-01-02"],
    ]);
  });

  it("refuses legacy .xls, an unreadable workbook and an empty file", async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    await expect(readSpreadsheet({ name: "a.xls", bytes: ole })).rejects.toMatchObject({ code: "unsupported" });
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]);
    await expect(readSpreadsheet({ name: "a.xlsx", bytes: broken })).rejects.toBeInstanceOf(SpreadsheetError);
    await expect(readSpreadsheet({ name: "a.csv", bytes: new Uint8Array() })).rejects.toMatchObject({
      code: "empty",
    });
    await expect(readSpreadsheet({ name: "a.pdf", bytes: new Uint8Array([37, 80]) })).rejects.toMatchObject({
      code: "unsupported",
    });
  });
});

describe("writing", () => {
  it("writes an XLSX that reads back as the same text, a formula-like cell staying text", async () => {
    const blob = await writeXlsx(
      ["姓名", "手机号", "备注"],
      [
        ["张三", "13800138000", "=1+1"],
        ["李四", null, "0012"],
      ],
    );
    const cells = await readSpreadsheet({ name: "x.xlsx", bytes: new Uint8Array(await blob.arrayBuffer()) });
    expect(cells).toEqual([
      ["姓名", "手机号", "备注"],
      ["张三", "13800138000", "=1+1"],
      ["李四", "", "0012"],
    ]);
  });

  it("writes a CSV with a BOM and formulas escaped", async () => {
    const bytes = await csvBlob(["姓名", "备注"], [["张三", "=HYPERLINK(1)"]]).arrayBuffer();
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text).toBe('\uFEFF姓名,备注\r\n张三,"\'=HYPERLINK(1)"\r\n');
  });

  it("builds templates with the Chinese column names and one example row that validates", async () => {
    expect(templateRows("households").header).toEqual(["住址", "网格", "居民小组"]);
    expect(templateRows("residents").header).toEqual([
      "姓名",
      "出生日期",
      "手机号",
      "住址",
      "居民小组",
      "户代表",
      "居民代表",
    ]);
    const xlsx = await templateXlsx("residents");
    const fromXlsx = await readSpreadsheet({ name: "t.xlsx", bytes: new Uint8Array(await xlsx.arrayBuffer()) });
    const csv = templateCsv("residents");
    const fromCsv = await readSpreadsheet({ name: "t.csv", bytes: new Uint8Array(await csv.arrayBuffer()) });
    expect(fromCsv).toEqual(fromXlsx);
    expect(fromXlsx).toEqual([templateRows("residents").header, templateRows("residents").rows[0]]);
    const { rows, missing } = toRawRows(fromXlsx, RESIDENT_COLUMNS);
    expect(missing).toEqual([]);
    const result = validateResidentRows(rows, {
      households: new Map([["3号楼1单元301室", { id: "H1", groupId: null, repKey: null }]]),
      groups: new Map([["第一居民小组", "G1"]]),
      existing: new Set(),
      today: "2025-06-01",
    });
    expect(result.valid).toHaveLength(1);
  });

  it("dates file names in Asia/Shanghai", () => {
    expect(datedFileName("居民", "xlsx", Date.parse("2025-03-01T17:00:00Z"))).toBe("居民-2025-03-02.xlsx");
  });
});
