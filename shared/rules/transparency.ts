/**
 * Canonical content and the hash chain of the transparency log (DOMAIN.md "Transparency log").
 * Anyone can recompute these from open data; the README documents the same rules.
 *
 * - Canonical JSON: object keys sorted by UTF-16 code unit order, no whitespace, arrays in
 *   order, strings JSON-escaped as JSON.stringify does. `undefined` fields are dropped.
 * - contentHash = lowercase hex SHA-256 of the UTF-8 bytes of the canonical JSON.
 * - entryHash = hex SHA-256 of `seq|at|kind|recordId|version|contentHash|prevHash`
 *   (at in epoch milliseconds); the first entry's prevHash is 64 zeros.
 */
export const GENESIS_HASH = "0".repeat(64);

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return "[" + value.map((v) => canonicalJson(v ?? null)).join(",") + "]";
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return "{" + entries.map(([k, v]) => JSON.stringify(k) + ":" + canonicalJson(v)).join(",") + "}";
}

export async function sha256Hex(data: string | Uint8Array | ArrayBuffer): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest("SHA-256", bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function contentHash(content: unknown): Promise<string> {
  return sha256Hex(canonicalJson(content));
}

export type ChainEntry = {
  seq: number;
  at: number;
  kind: string;
  recordId: string;
  version: number;
  contentHash: string;
  prevHash: string;
  entryHash: string;
};

export function entryHashInput(e: Omit<ChainEntry, "entryHash">): string {
  return [e.seq, e.at, e.kind, e.recordId, e.version, e.contentHash, e.prevHash].join("|");
}

export function entryHash(e: Omit<ChainEntry, "entryHash">): Promise<string> {
  return sha256Hex(entryHashInput(e));
}

/** A publication as the chain records it (the rest of an entry is its place in the chain). */
export type Publication = { kind: string; recordId: string; version: number; contentHash: string; at: number };

/** The entry that appends `p` after `head` (null: the chain is empty). */
export async function nextLink(
  head: Pick<ChainEntry, "seq" | "entryHash"> | null,
  p: Publication,
): Promise<ChainEntry> {
  const entry = {
    seq: (head?.seq ?? 0) + 1,
    at: p.at,
    kind: p.kind,
    recordId: p.recordId,
    version: p.version,
    contentHash: p.contentHash,
    prevHash: head?.entryHash ?? GENESIS_HASH,
  };
  return { ...entry, entryHash: await entryHash(entry) };
}

export type ChainCheck = { ok: true; length: number } | { ok: false; seq: number; problem: "seq" | "prev" | "hash" };

/** Recomputes every link; entries must be in ascending seq order starting at 1. */
export async function verifyChain(entries: ChainEntry[]): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.seq !== i + 1) return { ok: false, seq: e.seq, problem: "seq" };
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, problem: "prev" };
    if ((await entryHash(e)) !== e.entryHash) return { ok: false, seq: e.seq, problem: "hash" };
    prev = e.entryHash;
  }
  return { ok: true, length: entries.length };
}

/** The fields of one published notice version that its hash covers. */
export type NoticeVersionFields = {
  street: string;
  community: string;
  noticeId: string;
  version: number;
  category: string;
  title: string;
  bodyMd: string;
  changeNote: string;
  publishedAt: number;
  publicityEndsAt: number;
  attachments: { name: string; contentType: string; size: number; sha256: string }[];
};

/** What is hashed for one published notice version. */
export function noticeVersionContent(v: NoticeVersionFields) {
  return {
    kind: "notice",
    street: v.street,
    community: v.community,
    noticeId: v.noticeId,
    version: v.version,
    category: v.category,
    title: v.title,
    bodyMd: v.bodyMd,
    changeNote: v.changeNote,
    publishedAt: v.publishedAt,
    publicityEndsAt: v.publicityEndsAt,
    attachments: v.attachments.map((a) => ({
      name: a.name,
      contentType: a.contentType,
      size: a.size,
      sha256: a.sha256,
    })),
  };
}

/** What is hashed for a withdrawal. */
export type NoticeWithdrawalFields = {
  street: string;
  community: string;
  noticeId: string;
  version: number;
  reason: string;
  withdrawnAt: number;
  replacedBy: string | null;
};

export function noticeWithdrawalContent(w: NoticeWithdrawalFields) {
  // Each field named: a caller's extra fields never slip into the hash.
  return {
    kind: "notice.withdrawal",
    street: w.street,
    community: w.community,
    noticeId: w.noticeId,
    version: w.version,
    reason: w.reason,
    withdrawnAt: w.withdrawnAt,
    replacedBy: w.replacedBy,
  };
}
