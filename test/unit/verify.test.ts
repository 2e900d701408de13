import { describe, expect, it } from "vitest";
import {
  contentHash,
  entryHash,
  GENESIS_HASH,
  noticeVersionContent,
  noticeWithdrawalContent,
  type ChainEntry,
} from "../../shared/rules/transparency";
import { openDataGetter, verifyCommunity, type GetJson } from "../../shared/verify";

const ROOT = "/api/open/v1/s/c";
const T0 = Date.parse("2026-03-01T02:00:00Z");

type Version = { version: number; title: string; publishedAt: number };

/** A tiny open-data server: one notice corrected twice then withdrawn, and a two-page log. */
async function fixture() {
  const versions: Version[] = [1, 2, 3].map((version) => ({
    version,
    title: `公告 v${version}`,
    publishedAt: T0 + version,
  }));
  const withdrawal = { at: T0 + 10, reason: "已失效", replacedBy: null };
  const notice = (v: Version) => ({
    kind: "notice",
    version: v.version,
    content: noticeVersionContent({
      street: "s",
      community: "c",
      noticeId: "N1",
      version: v.version,
      category: "affairs",
      title: v.title,
      bodyMd: "正文",
      changeNote: "",
      publishedAt: v.publishedAt,
      publicityEndsAt: v.publishedAt + 1000,
      attachments: [{ name: "a.pdf", contentType: "application/pdf", size: 3, sha256: "0".repeat(64) }],
    }),
  });
  const published = [
    ...versions.map(notice),
    {
      kind: "notice.withdrawal",
      version: 3,
      content: noticeWithdrawalContent({
        street: "s",
        community: "c",
        noticeId: "N1",
        version: 3,
        reason: withdrawal.reason,
        withdrawnAt: withdrawal.at,
        replacedBy: null,
      }),
    },
  ];
  const log: ChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (const [i, p] of published.entries()) {
    const e = {
      seq: i + 1,
      at: T0 + i,
      kind: p.kind,
      recordId: "N1",
      version: p.version,
      contentHash: await contentHash(p.content),
      prevHash: prev,
    };
    const full = { ...e, entryHash: await entryHash(e) };
    log.push(full);
    prev = full.entryHash;
  }
  const requests: string[] = [];
  const getJson: GetJson = async (path) => {
    requests.push(path);
    const url = new URL(path, "http://x");
    if (url.pathname === `${ROOT}/transparency`) {
      const after = Number(url.searchParams.get("after"));
      const items = log.filter((e) => e.seq > after).slice(0, 2);
      const next = log.some((e) => e.seq > (items.at(-1)?.seq ?? Infinity)) ? items.at(-1)!.seq : null;
      return { items, next };
    }
    if (url.pathname === `${ROOT}/notices/N1`) {
      const v = versions.find((x) => x.version === Number(url.searchParams.get("version")));
      if (!v) return null;
      return {
        id: "N1",
        version: 3,
        shownVersion: v.version,
        current: { ...(notice(v).content as object), attachments: [{ id: "F1", ...notice(v).content.attachments[0] }] },
        withdrawal,
      };
    }
    return null;
  };
  return { log, versions, withdrawal, getJson, requests };
}

describe("verifyCommunity", () => {
  it("recomputes every entry's record from a paginated log, fetching each notice version once", async () => {
    const f = await fixture();
    const progress: string[] = [];
    const result = await verifyCommunity(f.getJson, "s", "c", (p) =>
      progress.push(p.phase === "log" ? `log ${p.done}` : `${p.done}/${p.total}`),
    );
    expect(result).toEqual({ ok: true, entries: 4, records: { notice: 3, "notice.withdrawal": 1 } });
    const noticeFetches = f.requests.filter((r) => r.includes("/notices/"));
    expect(noticeFetches.sort()).toEqual([1, 2, 3].map((v) => `${ROOT}/notices/N1?version=${v}`));
    expect(f.requests.filter((r) => r.includes("/transparency"))).toHaveLength(2);
    expect(progress).toEqual(["log 2", "log 4", "0/4", "1/4", "2/4", "3/4", "4/4"]);
  });

  it("names the first edited record, with the hash the log holds and the one recomputed", async () => {
    const f = await fixture();
    f.versions[1].title = "公告 v2（悄悄改过）";
    f.withdrawal.reason = "也改过";
    const result = await verifyCommunity(f.getJson, "s", "c");
    expect(result).toMatchObject({
      ok: false,
      seq: 2,
      kind: "notice",
      recordId: "N1",
      version: 2,
      problem: "content",
      expected: f.log[1].contentHash,
      source: `${ROOT}/notices/N1?version=2`,
    });
    expect(!result.ok && result.actual).not.toBe(f.log[1].contentHash);
  });

  it("names a record that is no longer published", async () => {
    const f = await fixture();
    f.versions.splice(0, 1);
    expect(await verifyCommunity(f.getJson, "s", "c")).toMatchObject({
      ok: false,
      seq: 1,
      problem: "missing-record",
      actual: null,
    });
  });

  it("names broken links before any later record", async () => {
    const relinked = await fixture();
    relinked.log[2].prevHash = relinked.log[0].entryHash;
    relinked.versions[2].title = "改过";
    expect(await verifyCommunity(relinked.getJson, "s", "c")).toMatchObject({
      ok: false,
      seq: 3,
      problem: "chain-prev",
      expected: relinked.log[1].entryHash,
      actual: relinked.log[0].entryHash,
      source: null,
    });

    const dropped = await fixture();
    dropped.log.splice(1, 1);
    expect(await verifyCommunity(dropped.getJson, "s", "c")).toMatchObject({
      ok: false,
      seq: 3,
      problem: "seq",
      expected: "2",
      actual: "3",
    });

    const rewritten = await fixture();
    rewritten.log[3].at += 1;
    expect(await verifyCommunity(rewritten.getJson, "s", "c")).toMatchObject({
      ok: false,
      seq: 4,
      problem: "chain-hash",
      expected: rewritten.log[3].entryHash,
    });
  });

  it("does not vouch for a kind it does not know", async () => {
    const f = await fixture();
    const e = { ...f.log[3], seq: 5, kind: "minutes", prevHash: f.log[3].entryHash };
    f.log.push({ ...e, entryHash: await entryHash(e) });
    expect(await verifyCommunity(f.getJson, "s", "c")).toMatchObject({ ok: false, seq: 5, problem: "unknown-kind" });
  });

  it("throws for a community that does not exist", async () => {
    await expect(verifyCommunity(async () => null, "s", "nope")).rejects.toThrow(/no such community/);
  });
});

describe("openDataGetter", () => {
  it("reads JSON, turns a 404 into null and any other failure into an error", async () => {
    const answers: Record<string, { status: number; body?: unknown }> = {
      "https://h/a": { status: 200, body: { x: 1 } },
      "https://h/b": { status: 404 },
      "https://h/c": { status: 503 },
    };
    const get = openDataGetter(async (url) => {
      const a = answers[url];
      return { ok: a.status === 200, status: a.status, json: async () => a.body };
    }, "https://h");
    expect(await get("/a")).toEqual({ x: 1 });
    expect(await get("/b")).toBeNull();
    await expect(get("/c")).rejects.toThrow(/HTTP 503/);
  });
});
