import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { toCsv } from "../../shared/csv";

/** Parse back what a spreadsheet would read (without the BOM). */
const parse = (csv: string) => Papa.parse<string[]>(csv.slice(1), { newline: "\r\n", skipEmptyLines: true }).data;

describe("toCsv", () => {
  it("starts with a UTF-8 BOM and ends every line with CRLF", () => {
    const csv = toCsv(
      ["id", "title"],
      [
        ["1", "荷花"],
        ["2", "桃园"],
      ],
    );
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Array.from(new TextEncoder().encode(csv).slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.slice(1)).toBe("id,title\r\n1,荷花\r\n2,桃园\r\n");
    expect(csv.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("writes the header row even with no rows", () => {
    expect(toCsv(["id", "title"], [])).toBe("\uFEFFid,title\r\n");
  });

  it("quotes cells with commas, quotes and newlines so they round-trip", () => {
    const cells = ["a,b", 'say "hi"', "line1\nline2", "line1\r\nline2", "plain"];
    const csv = toCsv(["c1", "c2", "c3", "c4", "c5"], [cells]);
    expect(csv).toContain('"a,b"');
    expect(csv).toContain('"say ""hi"""');
    expect(csv).toContain('"line1\nline2"');
    expect(parse(csv)).toEqual([["c1", "c2", "c3", "c4", "c5"], cells]);
  });

  it("writes numbers and nulls", () => {
    expect(
      toCsv(
        ["n", "x"],
        [
          [3, null],
          [-1.5, ""],
        ],
      ).slice(1),
    ).toBe("n,x\r\n3,\r\n-1.5,\r\n");
  });

  it("escapes cells that a spreadsheet would run as a formula", () => {
    const evil = ["=1+1", "+x", "-x", "@x", "\tx", "\rx", '=HYPERLINK("http://evil.example","点这里")'];
    const csv = toCsv(
      ["v"],
      evil.map((v) => [v]),
    );
    const cells = parse(csv)
      .slice(1)
      .map((r) => r[0]);
    expect(cells).toHaveLength(evil.length);
    cells.forEach((cell, i) => {
      expect(cell, JSON.stringify(evil[i])).toBe("'" + evil[i]);
      expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    });
  });

  it("escapes a formula that spans several lines", () => {
    const evil = '=HYPERLINK("http://evil.example",\n"点这里")';
    const cells = parse(toCsv(["v"], [[evil]]));
    expect(cells[1][0]).toBe("'" + evil);
  });

  it("leaves plain negative numbers as numbers (an amount or a balance is no formula)", () => {
    const csv = toCsv(["v"], [["-12.50"], ["-1291672.47"], ["-0"], ["-1+2"], ["-12.5x"], ["-"], ["-.5"]]);
    expect(parse(csv).slice(1)).toEqual([
      ["-12.50"],
      ["-1291672.47"],
      ["-0"],
      ["'-1+2"],
      ["'-12.5x"],
      ["'-"],
      ["'-.5"],
    ]);
    expect(parse(toCsv(["v"], [["-1\n=cmd()"]]))[1][0]).toBe("'-1\n=cmd()");
  });

  it("leaves ordinary text alone", () => {
    const csv = toCsv(["v"], [["荷花社区 2026 年第三季度居务公开"], ["a-b"], ["1+1"]]);
    expect(parse(csv).slice(1)).toEqual([["荷花社区 2026 年第三季度居务公开"], ["a-b"], ["1+1"]]);
  });
});
