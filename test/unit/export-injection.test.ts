import { strFromU8, unzipSync } from "fflate";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { toCsv } from "../../shared/csv";
import { csvBlob, writeXlsx, type Cell } from "../../web/lib/spreadsheet";

/**
 * Export injection in the browser's downloads (issue 10): the registry, finance and monitor
 * exports all go through csvBlob (shared toCsv) or writeXlsx (web/lib/spreadsheet.ts).
 */

const PAYLOADS = [
  "=1+1",
  "+1+1",
  "-1+1",
  "@SUM(A1:A2)",
  "\t=1+1",
  "\r=1+1",
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.example","点这里")',
  '=HYPERLINK("http://evil.example",\n"点这里")',
  "-2+3+cmd|' /C notepad'!A1",
  "@",
  "-",
];
/** Left alone by the rule: a plain negative number is an amount, not a formula. */
const NUMBERS = ["-12.50", "-1291672.47", "-0"];

const TRIGGER = /^[=+\-@\t\r]/;
const PLAIN_NEGATIVE = /^-\d+(?:\.\d+)?$/;
/** Cells a spreadsheet would evaluate. */
const live = (cells: string[]) => cells.filter((c) => TRIGGER.test(c) && !PLAIN_NEGATIVE.test(c));

async function csvCells(blob: Blob): Promise<string[][]> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const parsed = Papa.parse<string[]>(new TextDecoder().decode(bytes), {
    delimiter: ",",
    newline: "\r\n",
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe("the checker", () => {
  it("flags what an unescaped CSV would carry", () => {
    const unescaped = Papa.parse<string[]>(Papa.unparse([PAYLOADS]), { skipEmptyLines: true }).data.flat();
    expect(live(unescaped)).toHaveLength(PAYLOADS.length);
    expect(live(NUMBERS)).toEqual([]);
  });
});

describe("csvBlob", () => {
  it("escapes every formula-like cell with a leading apostrophe, in the header and in the rows", async () => {
    const rows: Cell[][] = [...PAYLOADS, ...NUMBERS].map((p, i) => [i, p, `安全 ${p}`]);
    const data = await csvCells(csvBlob(["n", "=header", "text"], rows));
    expect(live(data.flat())).toEqual([]);
    expect(data[0]).toEqual(["n", "'=header", "text"]);
    const second = data.slice(1).map((r) => r[1]);
    expect(second).toEqual([...PAYLOADS.map((p) => `'${p}`), ...NUMBERS]);
    // A formula character after the first one is harmless and left as written.
    expect(data.slice(1).map((r) => r[2])).toEqual([...PAYLOADS, ...NUMBERS].map((p) => `安全 ${p}`));
  });

  it("writes numbers as numbers, negative ones included", async () => {
    const data = await csvCells(csvBlob(["amount"], [[-5], [-12.5], [3]]));
    expect(data.slice(1).flat()).toEqual(["-5", "-12.5", "3"]);
  });

  it("is the same text as the Worker's open-data CSV", async () => {
    const rows: Cell[][] = PAYLOADS.map((p) => [p]);
    const bytes = new Uint8Array(await csvBlob(["v"], rows).arrayBuffer());
    expect(bytes).toEqual(new TextEncoder().encode(toCsv(["v"], rows)));
  });
});

describe("writeXlsx", () => {
  it("stores every cell as text, so no payload becomes a formula", async () => {
    const rows: Cell[][] = [...PAYLOADS, ...NUMBERS].map((p) => [p, 1, null]);
    const blob = await writeXlsx(["=header", "n", "empty"], rows, "导出");
    const parts = unzipSync(new Uint8Array(await blob.arrayBuffer()));
    const xml = Object.entries(parts)
      .filter(([name]) => name.endsWith(".xml"))
      .map(([name, bytes]) => [name, strFromU8(bytes)] as const);
    const sheets = xml.filter(([name]) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name));
    expect(sheets).toHaveLength(1);
    const sheet = sheets[0][1];
    // No formula element anywhere, and no cell typed as a formula's string result.
    for (const [name, text] of xml) expect(text, name).not.toMatch(/<f[\s>]/);
    expect(sheet).not.toMatch(/\bt="str"/);
    // Every non-empty cell is a string cell (shared or inline).
    const cells = [...sheet.matchAll(/<c\b([^>]*?)(\/>|>)/g)].map((m) => m[1]);
    expect(cells.length).toBeGreaterThan(rows.length);
    for (const attrs of cells) {
      if (!/\bt="/.test(attrs)) continue; // an empty, styled cell
      expect(attrs).toMatch(/\bt="(s|inlineStr)"/);
    }
    const untyped = [...sheet.matchAll(/<c\b(?![^>]*\bt=")[^>]*>\s*<v>/g)];
    expect(untyped).toEqual([]);
    // The payloads are kept as written (a text cell is never evaluated), so nothing was lost either.
    const strings = xml.map(([, text]) => text).join("\n");
    const unescape = (s: string) =>
      s
        .replaceAll("&quot;", '"')
        .replaceAll("&apos;", "'")
        .replaceAll("&lt;", "<")
        .replaceAll("&gt;", ">")
        .replaceAll("&#9;", "\t")
        .replaceAll("&#13;", "\r")
        .replaceAll("&#10;", "\n")
        .replaceAll("&amp;", "&");
    const texts = [...strings.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((m) => unescape(m[1]));
    for (const p of [...PAYLOADS.filter((p) => !/[\t\r]/.test(p)), ...NUMBERS]) expect(texts).toContain(p);
  });
});
