/**
 * Money is an integer number of fen (分), never a float (DESIGN.md "Data rules"). Amounts are
 * entered as yuan with at most two decimals.
 */
export type YuanParse =
  | { ok: true; fen: number }
  | { ok: false; rule: "money.format" | "money.decimals" | "money.negative" | "money.tooLarge" };

/** Largest amount accepted: ¥ 10 亿, far below Number.MAX_SAFE_INTEGER in fen. */
export const MAX_FEN = 100_000_000_000;

export function parseYuan(input: string): YuanParse {
  const s = input
    .trim()
    .replace(/[,，\s]/g, "")
    .replace(/^[¥￥]/, "");
  if (/^-/.test(s)) return { ok: false, rule: "money.negative" };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return { ok: false, rule: "money.format" };
  const decimals = m[2] ?? "";
  if (decimals.length > 2) return { ok: false, rule: "money.decimals" };
  const fen = Number(m[1]) * 100 + Number(decimals.padEnd(2, "0"));
  if (!Number.isSafeInteger(fen) || fen > MAX_FEN) return { ok: false, rule: "money.tooLarge" };
  return { ok: true, fen };
}

/** A balance may be negative (an overdraft carried over): "-12.50" → -1250. Entries never are. */
export function parseSignedYuan(input: string): YuanParse {
  const s = input.trim();
  if (!s.startsWith("-")) return parseYuan(s);
  const r = parseYuan(s.slice(1));
  return r.ok ? { ok: true, fen: -r.fen } : r;
}

/** 123456 → "1,234.56"; negative amounts keep their sign. */
export function formatYuan(fen: number, grouping = true): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toString();
  const cents = String(abs % 100).padStart(2, "0");
  return `${sign}${grouping ? yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : yuan}.${cents}`;
}

export function sumFen(amounts: number[]): number {
  return amounts.reduce((a, b) => a + b, 0);
}
