/**
 * Receipts of ballots cast on this phone, kept in localStorage ("linli.receipts": poll id →
 * receipt codes, newest last) so a resident can check later that their ballot was counted as
 * cast. Secret ballots are never linked to a voter on the server: this is the only copy.
 */
import { createSignal } from "solid-js";

const KEY = "linli.receipts";

export type ReceiptBook = Record<string, string[]>;

function read(): ReceiptBook {
  try {
    const raw = typeof localStorage !== "undefined" ? localStorage.getItem(KEY) : null;
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    const book: ReceiptBook = {};
    for (const [id, list] of Object.entries(parsed as Record<string, unknown>))
      if (Array.isArray(list)) book[id] = list.filter((r): r is string => typeof r === "string");
    return book;
  } catch {
    return {};
  }
}

// One signal for every page: remembering a receipt on the poll page updates "/me/votes" too.
const [book, setBook] = createSignal<ReceiptBook>(read());

function write(next: ReceiptBook) {
  setBook(next);
  try {
    if (Object.keys(next).length) localStorage.setItem(KEY, JSON.stringify(next));
    else localStorage.removeItem(KEY);
  } catch {
    // Private mode or a full disk: the receipt is still on screen to write down.
  }
}

/** Every remembered receipt, by poll id. */
export const receiptBook = book;

/** The receipts remembered for one poll (newest last). */
export const receiptsFor = (pollId: string): string[] => book()[pollId] ?? [];

/** Remembers a new receipt; `replaces` (a changed ballot's old receipt) is forgotten. */
export function rememberReceipt(pollId: string, receipt: string, replaces?: string) {
  const current = read();
  const list = (current[pollId] ?? []).filter((r) => r !== receipt && r !== replaces);
  write({ ...current, [pollId]: [...list, receipt] });
}

/** Forgets every receipt kept on this phone. */
export function forgetReceipts() {
  write({});
}
