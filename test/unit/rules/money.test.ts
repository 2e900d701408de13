import { describe, expect, it } from "vitest";
import { formatYuan, MAX_FEN, parseYuan, sumFen } from "../../../shared/rules/money";

const fen = (input: string) => {
  const r = parseYuan(input);
  if (!r.ok) throw new Error(`${input}: ${r.rule}`);
  return r.fen;
};

/** A deterministic pseudo-random generator (the same numbers on every run). */
function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe("parseYuan", () => {
  it("reads yuan as typed into integer fen", () => {
    expect(parseYuan("0.01")).toEqual({ ok: true, fen: 1 });
    expect(parseYuan("1234.5")).toEqual({ ok: true, fen: 123_450 });
    expect(parseYuan("1,234.50")).toEqual({ ok: true, fen: 123_450 });
    expect(parseYuan("¥12")).toEqual({ ok: true, fen: 1200 });
    expect(parseYuan("￥12.3")).toEqual({ ok: true, fen: 1230 });
    expect(parseYuan(" 1，234 ")).toEqual({ ok: true, fen: 123_400 });
    expect(parseYuan("0")).toEqual({ ok: true, fen: 0 });
    expect(parseYuan("007.10")).toEqual({ ok: true, fen: 710 });
  });

  it("refuses more than two decimals", () => {
    expect(parseYuan("12.345")).toEqual({ ok: false, rule: "money.decimals" });
    expect(parseYuan("0.001")).toEqual({ ok: false, rule: "money.decimals" });
    expect(parseYuan("1.000")).toEqual({ ok: false, rule: "money.decimals" });
  });

  it("refuses negative amounts (the direction gives the sign)", () => {
    expect(parseYuan("-1")).toEqual({ ok: false, rule: "money.negative" });
    expect(parseYuan("-0.01")).toEqual({ ok: false, rule: "money.negative" });
    expect(parseYuan(" -5 ")).toEqual({ ok: false, rule: "money.negative" });
  });

  it("refuses what is not an amount", () => {
    for (const bad of ["abc", "", "   ", "1.2.3", "12.", ".5", "1e3", "+5", "12元", "１２", "0x10", "¥"])
      expect(parseYuan(bad), JSON.stringify(bad)).toEqual({ ok: false, rule: "money.format" });
  });

  it("refuses amounts above the limit, however they are written", () => {
    expect(MAX_FEN).toBe(100_000_000_000);
    expect(parseYuan("1000000000")).toEqual({ ok: true, fen: MAX_FEN });
    expect(parseYuan("1000000000.01")).toEqual({ ok: false, rule: "money.tooLarge" });
    expect(parseYuan("1,000,000,001")).toEqual({ ok: false, rule: "money.tooLarge" });
    expect(parseYuan("99999999999999999999")).toEqual({ ok: false, rule: "money.tooLarge" });
    expect(parseYuan("9".repeat(400))).toEqual({ ok: false, rule: "money.tooLarge" });
  });

  it("is exact for every number of fen, where yuan × 100 in floating point is not", () => {
    // 4.35 * 100 = 434.99999999999994 and 1.15 * 100 = 114.99999999999999 in binary floating point.
    expect(4.35 * 100).not.toBe(435);
    expect(fen("4.35")).toBe(435);
    expect(fen("1.15")).toBe(115);
    for (const yuan of [0, 1, 4, 19, 1234, 99_999_999])
      for (let cents = 0; cents < 100; cents++) {
        const text = `${yuan}.${String(cents).padStart(2, "0")}`;
        expect(fen(text), text).toBe(yuan * 100 + cents);
        expect(Number.isInteger(fen(text))).toBe(true);
      }
  });
});

describe("formatYuan", () => {
  it("writes fen as yuan with two decimals and grouping", () => {
    expect(formatYuan(123_456)).toBe("1,234.56");
    expect(formatYuan(0)).toBe("0.00");
    expect(formatYuan(5)).toBe("0.05");
    expect(formatYuan(100)).toBe("1.00");
    expect(formatYuan(99_999)).toBe("999.99");
    expect(formatYuan(100_000)).toBe("1,000.00");
    expect(formatYuan(MAX_FEN)).toBe("1,000,000,000.00");
  });
  it("keeps the sign of negative amounts", () => {
    expect(formatYuan(-123_456)).toBe("-1,234.56");
    expect(formatYuan(-5)).toBe("-0.05");
  });
  it("leaves grouping out on request", () => {
    expect(formatYuan(123_456_789, false)).toBe("1234567.89");
    expect(formatYuan(-100_000, false)).toBe("-1000.00");
  });
  it("round-trips through parseYuan", () => {
    for (const f of [0, 1, 10, 99, 100, 123_456, 4_35, 987_654_321_00])
      expect(parseYuan(formatYuan(f))).toEqual({ ok: true, fen: f });
  });
});

describe("sums in fen", () => {
  it("summing 10,000 random entries is exact (checked with BigInt)", () => {
    const rand = lcg(42);
    const texts: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const yuan = Math.floor(rand() * 10_000_000); // up to ¥ 1,000 万
      const cents = Math.floor(rand() * 100);
      texts.push(`${yuan}.${String(cents).padStart(2, "0")}`);
    }
    const amounts = texts.map(fen);
    const exact = texts.reduce((n, t) => n + BigInt(t.replace(".", "")), 0n);
    expect(BigInt(sumFen(amounts))).toBe(exact);
    expect(Number.isSafeInteger(sumFen(amounts))).toBe(true);
    // Adding floating-point yuan would not be exact: the fen sum is what must be used.
    const floatYuan = texts.reduce((n, t) => n + Number(t), 0);
    expect(Number.isInteger(floatYuan * 100) && BigInt(floatYuan * 100) === exact).toBe(false);
  });

  it("the 0.1 + 0.2 trap does not occur through parseYuan", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumFen([fen("0.1"), fen("0.2")])).toBe(fen("0.3"));
    expect(formatYuan(sumFen([fen("0.1"), fen("0.2")]))).toBe("0.30");
    // Ten times ten fen is one yuan exactly; a thousand entries of 0.01 are 10 yuan exactly.
    expect(sumFen(Array(10).fill(fen("0.1")))).toBe(100);
    expect(sumFen(Array(1000).fill(fen("0.01")))).toBe(1000);
  });

  it("sums nothing to 0", () => {
    expect(sumFen([])).toBe(0);
  });
});
