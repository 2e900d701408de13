/**
 * Verifying a community's transparency log from open data alone (README "Verifying a disclosure
 * yourself"; DOMAIN.md "Transparency log"). It downloads the whole hash chain and every published
 * record the chain names, recomputes each record's content hash the way the Worker computed it
 * when it published, and checks the links. Pure and runtime-neutral: the only I/O is the injected
 * `getJson`, hashing is WebCrypto (Node 20, browsers and workerd all have it).
 *
 * @example
 * const result = await verifyCommunity(openDataGetter(fetch, "http://127.0.0.1:8787"), "demo-street", "hehua");
 * if (!result.ok) console.log(`#${result.seq} ${result.kind} ${result.recordId}: ${result.problem}`);
 */
import { financePeriodContent, type Direction } from "./rules/finance";
import { pollResultContent } from "./rules/polls";
import {
  contentHash,
  GENESIS_HASH,
  entryHash,
  noticeVersionContent,
  noticeWithdrawalContent,
  verifyChain,
  type ChainEntry,
  type NoticeVersionFields,
  type NoticeWithdrawalFields,
} from "./rules/transparency";

export const OPEN_DATA_ROOT = "/api/open/v1";

/** Fetches one open-data path (starting with `/api/open/v1/`) as JSON; resolves to null on a 404. */
export type GetJson = (path: string) => Promise<unknown>;

/** The kinds of publication the chain holds, each with its canonical content (README). */
export const LOGGED_KINDS = [
  "notice",
  "notice.withdrawal",
  "finance.period",
  "poll.result",
  "assessment.result",
] as const;
export type LoggedKind = (typeof LOGGED_KINDS)[number];

export type VerifyProblem = "content" | "chain-prev" | "chain-hash" | "seq" | "missing-record" | "unknown-kind";

/**
 * The first thing that does not check out, in log order. `expected` is what the chain commits to
 * (the entry's content hash, the previous entry's hash, the stored entry hash, the next seq);
 * `actual` is what was found or recomputed (null when the record is not published at all).
 */
export type VerifyMismatch = {
  ok: false;
  seq: number;
  kind: string;
  recordId: string;
  version: number;
  problem: VerifyProblem;
  expected: string;
  actual: string | null;
  /** The open-data path the record was read from, when the problem is about a record. */
  source: string | null;
};

export type VerifyOk = {
  ok: true;
  /** Log entries whose links were checked. */
  entries: number;
  /** Records whose content hash was recomputed, by kind (a notice counts once per version). */
  records: Partial<Record<LoggedKind, number>>;
};

export type VerifyResult = VerifyOk | VerifyMismatch;

export type VerifyProgress = { phase: "log"; done: number } | { phase: "records"; done: number; total: number };

/** Requests kept in flight while records are checked. */
const CONCURRENCY = 6;
const LOG_PAGE = 1000;

type ResponseLike = { ok: boolean; status: number; json(): Promise<unknown> };

/**
 * A `GetJson` over any fetch-like function: `base` + path, a 404 is null, any other failure throws.
 * @example openDataGetter(fetch, "https://linli.example")
 */
export function openDataGetter(
  fetchFn: (url: string, init?: RequestInit) => Promise<ResponseLike>,
  base = "",
  init?: RequestInit,
): GetJson {
  return async (path) => {
    const res = await fetchFn(base + path, init);
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`GET ${base + path}: HTTP ${res.status}`);
    return res.json();
  };
}

/** Downloads the community's whole log (`?after=` pages) and checks it against open data. */
export async function verifyCommunity(
  getJson: GetJson,
  street: string,
  community: string,
  onProgress?: (p: VerifyProgress) => void,
): Promise<VerifyResult> {
  const at = `${OPEN_DATA_ROOT}/${encodeURIComponent(street)}/${encodeURIComponent(community)}`;
  const entries = await downloadLog(getJson, at, onProgress);

  const chain = await verifyChain(entries);
  const chainBreak = chain.ok ? null : await chainMismatch(entries, chain.seq, chain.problem);
  // Records are checked only up to the first broken link: past it the log itself is in doubt.
  const checkable = chainBreak ? entries.filter((e) => e.seq < chainBreak.seq) : entries;

  const cache = new Map<string, Promise<unknown>>();
  const get = (path: string) => {
    let hit = cache.get(path);
    if (!hit) cache.set(path, (hit = getJson(path)));
    return hit;
  };
  // All notice versions and withdrawals in a few pages, instead of one request per version.
  const bulk = checkable.some((e) => e.kind === "notice" || e.kind === "notice.withdrawal")
    ? await noticeVersionsOf(get, at)
    : null;
  // A pool keeps CONCURRENCY requests in flight (fixed batches waited for each batch's slowest).
  // Entries are taken in log order and none after a known mismatch, so when the pool drains every
  // entry before the first mismatch has been checked: that one is the first in log order.
  const results: (VerifyMismatch | null)[] = [];
  let next = 0;
  let firstBad = checkable.length;
  let done = 0;
  onProgress?.({ phase: "records", done, total: checkable.length });
  const work = async () => {
    while (next < firstBad) {
      const i = next++;
      const r = await checkRecord(get, at, street, community, checkable[i], bulk);
      results[i] = r;
      if (r && i < firstBad) firstBad = i;
      onProgress?.({ phase: "records", done: ++done, total: checkable.length });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, work));
  if (firstBad < checkable.length) return results[firstBad]!;
  const records: VerifyOk["records"] = {};
  for (const e of checkable) records[e.kind as LoggedKind] = (records[e.kind as LoggedKind] ?? 0) + 1;
  return chainBreak ?? { ok: true, entries: entries.length, records };
}

async function downloadLog(getJson: GetJson, at: string, onProgress?: (p: VerifyProgress) => void) {
  const entries: ChainEntry[] = [];
  let after = 0;
  for (;;) {
    const path = `${at}/transparency?after=${after}&limit=${LOG_PAGE}`;
    const page = (await getJson(path)) as { items?: unknown; next?: unknown } | null;
    if (page === null) throw new Error(`no such community: ${path} answered 404`);
    if (!page || !Array.isArray(page.items)) throw new Error(`unexpected answer from ${path}`);
    entries.push(...(page.items as ChainEntry[]));
    onProgress?.({ phase: "log", done: entries.length });
    if (typeof page.next !== "number" || page.next <= after) return entries;
    after = page.next;
  }
}

async function chainMismatch(
  entries: ChainEntry[],
  seq: number,
  problem: "seq" | "prev" | "hash",
): Promise<VerifyMismatch> {
  const i = entries.findIndex((e) => e.seq === seq);
  const e = entries[i];
  const [expected, actual] =
    problem === "seq"
      ? [String(i + 1), String(e.seq)]
      : problem === "prev"
        ? [i === 0 ? GENESIS_HASH : entries[i - 1].entryHash, e.prevHash]
        : [e.entryHash, await entryHash(e)];
  return {
    ok: false,
    seq: e.seq,
    kind: e.kind,
    recordId: e.recordId,
    version: e.version,
    problem: problem === "seq" ? "seq" : problem === "prev" ? "chain-prev" : "chain-hash",
    expected,
    actual,
    source: null,
  };
}

type Get = (path: string) => Promise<unknown>;

/** Recomputes one entry's content hash from the published record; null when it matches. */
async function checkRecord(
  get: Get,
  at: string,
  street: string,
  community: string,
  e: ChainEntry,
  bulk: NoticeVersions | null,
): Promise<VerifyMismatch | null> {
  const found = await publishedContent(get, at, street, community, e, bulk);
  const fail = (problem: VerifyProblem, actual: string | null): VerifyMismatch => ({
    ok: false,
    seq: e.seq,
    kind: e.kind,
    recordId: e.recordId,
    version: e.version,
    problem,
    expected: e.contentHash,
    actual,
    source: found.source,
  });
  if (found.status === "unknown") return fail("unknown-kind", null);
  if (found.status === "missing") return fail("missing-record", null);
  const actual = await contentHash(found.content);
  return actual === e.contentHash ? null : fail("content", actual);
}

type Found =
  | { status: "found"; content: unknown; source: string }
  | { status: "missing"; source: string | null }
  | { status: "unknown"; source: null };

/** The canonical content of the record an entry names, rebuilt from open data exactly as published. */
async function publishedContent(
  get: Get,
  at: string,
  street: string,
  community: string,
  e: ChainEntry,
  bulk: NoticeVersions | null,
): Promise<Found> {
  const id = encodeURIComponent(e.recordId);
  switch (e.kind) {
    case "notice": {
      const source = `${at}/notices/${id}?version=${e.version}`;
      const listed = bulk?.versions.get(`${e.recordId}@${e.version}`);
      if (listed)
        return {
          status: "found",
          content: noticeVersionContent({ street, community, ...listed, attachments: listed.attachments ?? [] }),
          source,
        };
      // Not in the list (or a server without it): the notice's own page, which says why.
      const n = (await get(source)) as PublishedNotice | null;
      if (!n?.current || n.shownVersion !== e.version) return { status: "missing", source };
      const v = n.current;
      const content = noticeVersionContent({
        street,
        community,
        noticeId: n.id,
        version: v.version,
        category: v.category,
        title: v.title,
        bodyMd: v.bodyMd,
        changeNote: v.changeNote,
        publishedAt: v.publishedAt,
        publicityEndsAt: v.publicityEndsAt,
        attachments: v.attachments ?? [],
      });
      return { status: "found", content, source };
    }
    case "notice.withdrawal": {
      // The withdrawal names the version that was current; the same page (and fetch) as that version.
      const source = `${at}/notices/${id}?version=${e.version}`;
      const w = bulk?.withdrawals.get(e.recordId);
      if (w)
        return {
          status: "found",
          content: noticeWithdrawalContent({ street, community, ...w }),
          source,
        };
      const n = (await get(source)) as PublishedNotice | null;
      if (!n?.withdrawal) return { status: "missing", source };
      const content = noticeWithdrawalContent({
        street,
        community,
        noticeId: n.id,
        version: n.version,
        reason: n.withdrawal.reason,
        withdrawnAt: n.withdrawal.at,
        replacedBy: n.withdrawal.replacedBy,
      });
      return { status: "found", content, source };
    }
    case "finance.period": {
      // The log names the period by id; the published list maps it to its key (2026-03, 2026-Q1).
      const list = (await get(`${at}/finance`)) as { items?: { id: string; period: string }[] } | null;
      const key = list?.items?.find((p) => p.id === e.recordId)?.period;
      if (!key) return { status: "missing", source: `${at}/finance` };
      const source = `${at}/finance/${encodeURIComponent(key)}`;
      const p = (await get(source)) as PublishedPeriod | null;
      if (!p || p.id !== e.recordId) return { status: "missing", source };
      const content = financePeriodContent({
        street,
        community,
        periodId: p.id,
        period: p.period,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
        openingBalanceFen: p.openingBalanceFen,
        incomeFen: p.incomeFen,
        expenseFen: p.expenseFen,
        closingBalanceFen: p.closingBalanceFen,
        publishedAt: p.publishedAt,
        entries: p.entries ?? [],
      });
      return { status: "found", content, source };
    }
    case "poll.result": {
      const source = `${at}/polls/${id}`;
      const p = (await get(source)) as { id: string; title: string; closedAt: number | null; tally: unknown } | null;
      if (!p || p.closedAt === null || p.tally === null || p.tally === undefined) return { status: "missing", source };
      return {
        status: "found",
        content: pollResultContent({ pollId: p.id, title: p.title, closedAt: p.closedAt, result: p.tally }),
        source,
      };
    }
    case "assessment.result": {
      // One street-wide page per year; this community's row carries the content as published.
      const source = `${OPEN_DATA_ROOT}/${encodeURIComponent(street)}/assessment/${id}`;
      const a = (await get(source)) as { rows?: { communitySlug: string; result: unknown }[] } | null;
      const row = a?.rows?.find((r) => r.communitySlug === community);
      if (!row?.result) return { status: "missing", source };
      return { status: "found", content: row.result, source };
    }
    default:
      return { status: "unknown", source: null };
  }
}

/** A notice version as open data publishes it (an old answer may leave out `attachments`). */
type VersionContent = Omit<NoticeVersionFields, "street" | "community" | "noticeId" | "attachments"> & {
  attachments?: NoticeVersionFields["attachments"];
};
type PublishedVersion = VersionContent & { noticeId: string };
type PublishedWithdrawal = Omit<NoticeWithdrawalFields, "street" | "community">;
type NoticeVersions = { versions: Map<string, PublishedVersion>; withdrawals: Map<string, PublishedWithdrawal> };

/** Every published notice version and withdrawal, page by page; null when the server has no such list. */
async function noticeVersionsOf(get: Get, at: string): Promise<NoticeVersions | null> {
  const out: NoticeVersions = { versions: new Map(), withdrawals: new Map() };
  let path: string | null = `${at}/notice-versions`;
  while (path) {
    const page = (await get(path)) as {
      items?: PublishedVersion[];
      withdrawals?: PublishedWithdrawal[] | null;
      next?: string | null;
    } | null;
    if (!page?.items) return out.versions.size ? out : null;
    for (const v of page.items) out.versions.set(`${v.noticeId}@${v.version}`, v);
    for (const w of page.withdrawals ?? []) out.withdrawals.set(w.noticeId, w);
    path = page.next ? `${at}/notice-versions?after=${encodeURIComponent(page.next)}` : null;
  }
  return out;
}

type PublishedNotice = {
  id: string;
  version: number;
  shownVersion: number;
  current?: VersionContent;
  withdrawal: { at: number; reason: string; replacedBy: string | null } | null;
};

type PublishedPeriod = {
  id: string;
  period: string;
  startsOn: string;
  endsOn: string;
  openingBalanceFen: number;
  incomeFen: number;
  expenseFen: number;
  closingBalanceFen: number;
  publishedAt: number;
  entries?: {
    id: string;
    date: string;
    direction: Direction;
    category: string;
    amountFen: number;
    summary: string;
    counterparty: string;
    voucherNo: string;
    adjustsEntryId: string | null;
  }[];
};
