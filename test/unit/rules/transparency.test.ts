import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  contentHash,
  entryHash,
  entryHashInput,
  GENESIS_HASH,
  nextLink,
  noticeVersionContent,
  noticeWithdrawalContent,
  sha256Hex,
  verifyChain,
  type ChainEntry,
} from "../../../shared/rules/transparency";

const nodeSha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("canonicalJson", () => {
  it("sorts keys recursively and leaves arrays in order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });
  it("sorts by UTF-16 code units, not by locale", () => {
    expect(canonicalJson({ a: 1, _: 2, B: 3, 荷: 4, "10": 5, "9": 6 })).toBe('{"10":5,"9":6,"B":3,"_":2,"a":1,"荷":4}');
  });
  it("drops undefined fields and writes undefined array items as null", () => {
    expect(canonicalJson({ a: undefined, b: null, c: [undefined, 1] })).toBe('{"b":null,"c":[null,1]}');
  });
  it("has no whitespace and escapes strings as JSON.stringify does", () => {
    expect(canonicalJson({ t: 'say "hi"\n', n: 1.5, ok: true })).toBe('{"n":1.5,"ok":true,"t":"say \\"hi\\"\\n"}');
    expect(canonicalJson("荷花")).toBe('"荷花"');
    expect(canonicalJson([])).toBe("[]");
    expect(canonicalJson({})).toBe("{}");
  });
  it("is stable: the same content in any key order gives the same text", () => {
    const a = { title: "通知", version: 2, attachments: [{ name: "a.pdf", size: 3 }], kind: "notice" };
    const b = { kind: "notice", attachments: [{ size: 3, name: "a.pdf" }], version: 2, title: "通知" };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe(canonicalJson(JSON.parse(canonicalJson(a))));
  });
});

describe("hashes", () => {
  it("match known SHA-256 vectors", async () => {
    expect(await sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await contentHash({})).toBe("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    expect(await contentHash({})).toBe(nodeSha("{}"));
  });
  it("hash the UTF-8 bytes of the canonical JSON", async () => {
    const content = { 标题: "荷花社区", b: [1, { y: 1, x: 2 }], a: "é" };
    expect(await contentHash(content)).toBe(nodeSha('{"a":"é","b":[1,{"x":2,"y":1}],"标题":"荷花社区"}'));
  });
  it("hash bytes as given", async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff]);
    expect(await sha256Hex(bytes)).toBe(createHash("sha256").update(bytes).digest("hex"));
  });
  it("cover every published field of a notice version", async () => {
    const v = {
      street: "demo-street",
      community: "hehua",
      noticeId: "N1",
      version: 1,
      category: "affairs",
      title: "标题",
      bodyMd: "正文",
      changeNote: "",
      publishedAt: 1_700_000_000_000,
      publicityEndsAt: 1_701_296_000_000,
      attachments: [{ name: "a.pdf", contentType: "application/pdf", size: 10, sha256: "a".repeat(64) }],
    };
    const base = await contentHash(noticeVersionContent(v));
    const changed = [
      { ...v, title: "标题2" },
      { ...v, bodyMd: "正文 " },
      { ...v, version: 2 },
      { ...v, publishedAt: v.publishedAt + 1 },
      { ...v, attachments: [{ ...v.attachments[0], sha256: "b".repeat(64) }] },
      { ...v, attachments: [] },
    ];
    for (const c of changed) expect(await contentHash(noticeVersionContent(c))).not.toBe(base);
    // Extra fields (an attachment's id) are not part of the hashed content.
    const withId = { ...v, attachments: [{ ...v.attachments[0], id: "X" }] };
    expect(await contentHash(noticeVersionContent(withId))).toBe(base);
  });
  it("compute the entry hash over seq|at|kind|recordId|version|contentHash|prevHash", async () => {
    const e = { seq: 1, at: 5, kind: "notice", recordId: "R", version: 1, contentHash: "c", prevHash: GENESIS_HASH };
    expect(entryHashInput(e)).toBe(`1|5|notice|R|1|c|${"0".repeat(64)}`);
    expect(await entryHash(e)).toBe(nodeSha(`1|5|notice|R|1|c|${"0".repeat(64)}`));
  });
});

async function chain(n: number): Promise<ChainEntry[]> {
  const out: ChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = {
      seq,
      at: 1_700_000_000_000 + seq,
      kind: seq === n ? "notice.withdrawal" : "notice",
      recordId: `R${seq}`,
      version: 1,
      contentHash: await sha256Hex(`content ${seq}`),
      prevHash: prev,
    };
    const full = { ...e, entryHash: await entryHash(e) };
    out.push(full);
    prev = full.entryHash;
  }
  return out;
}

describe("verifyChain", () => {
  it("accepts a valid chain and the empty chain", async () => {
    expect(await verifyChain(await chain(4))).toEqual({ ok: true, length: 4 });
    expect(await verifyChain([])).toEqual({ ok: true, length: 0 });
  });
  it("detects a changed contentHash", async () => {
    const c = await chain(4);
    c[1] = { ...c[1], contentHash: await sha256Hex("forged") };
    expect(await verifyChain(c)).toEqual({ ok: false, seq: 2, problem: "hash" });
  });
  it("detects a changed entry whose own hash was recomputed: the next link breaks", async () => {
    const c = await chain(4);
    const forged = { ...c[1], contentHash: await sha256Hex("forged") };
    c[1] = { ...forged, entryHash: await entryHash(forged) };
    expect(await verifyChain(c)).toEqual({ ok: false, seq: 3, problem: "prev" });
  });
  it("detects a broken prev link", async () => {
    const c = await chain(3);
    const e = { ...c[1], prevHash: "f".repeat(64) };
    c[1] = { ...e, entryHash: await entryHash(e) };
    expect(await verifyChain(c)).toEqual({ ok: false, seq: 2, problem: "prev" });
  });
  it("detects a first entry that does not start from the genesis hash", async () => {
    const c = await chain(2);
    const e = { ...c[0], prevHash: "1".repeat(64) };
    c[0] = { ...e, entryHash: await entryHash(e) };
    expect((await verifyChain(c)).ok).toBe(false);
  });
  it("detects a gap in seq (a removed entry)", async () => {
    const c = await chain(4);
    c.splice(1, 1);
    expect(await verifyChain(c)).toEqual({ ok: false, seq: 3, problem: "seq" });
  });
  it("detects a chain that does not start at seq 1, and reordered entries", async () => {
    const c = await chain(3);
    expect((await verifyChain(c.slice(1))).ok).toBe(false);
    expect(await verifyChain([c[1], c[0], c[2]])).toEqual({ ok: false, seq: 2, problem: "seq" });
  });
});

describe("nextLink", () => {
  it("builds a chain that verifyChain accepts, from the genesis hash on", async () => {
    const pubs = [1, 2, 3].map((n) => ({
      kind: "notice",
      recordId: `R${n}`,
      version: 1,
      contentHash: "a".repeat(64),
      at: 1_700_000_000_000 + n,
    }));
    const chain: ChainEntry[] = [];
    for (const p of pubs) chain.push(await nextLink(chain.at(-1) ?? null, p));
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(chain[0].prevHash).toBe(GENESIS_HASH);
    expect(chain[2].prevHash).toBe(chain[1].entryHash);
    expect(await verifyChain(chain)).toEqual({ ok: true, length: 3 });
  });
});

describe("noticeWithdrawalContent", () => {
  it("covers the named fields only: a row's extra fields do not change the hash", async () => {
    const w = {
      street: "demo-street",
      community: "hehua",
      noticeId: "N1",
      version: 2,
      reason: "活动取消",
      withdrawnAt: 1_700_000_000_000,
      replacedBy: null,
    };
    const base = await contentHash(noticeWithdrawalContent(w));
    const row = { ...w, status: "withdrawn", id: "N1" }; // as a caller passing a whole row would
    expect(await contentHash(noticeWithdrawalContent(row))).toBe(base);
    expect(await contentHash(noticeWithdrawalContent({ ...w, reason: "活动延期" }))).not.toBe(base);
  });
});
