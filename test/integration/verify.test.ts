import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { openDataGetter, verifyCommunity, type GetJson } from "../../shared/verify";
import { Client } from "./helpers";
import { communityId, createNotice, DAY, expectOk, openChain, STREET } from "./fixtures";
import { cast, closed, openPoll } from "./polls-fixtures";

/** Open data as an outsider reads it, over HTTP to the Worker; `paths` records every request. */
function outsider() {
  const paths: string[] = [];
  const client = new Client();
  const get = openDataGetter((url) => client.fetch(url));
  const getJson: GetJson = (path) => {
    paths.push(path);
    return get(path);
  };
  return { getJson, paths };
}

const verify = (community: string) => verifyCommunity(outsider().getJson, STREET, community);

/** The log entry of a record (the latest one of that kind and version). */
async function logEntry(community: string, kind: string, recordId: string, version = 1) {
  const chain = await openChain(community);
  const entry = chain.find((e) => e.kind === kind && e.recordId === recordId && e.version === version);
  if (!entry) throw new Error(`no ${kind} ${recordId} v${version} in ${community}'s log`);
  return entry;
}

/** Runs `edit`, then `check`, and always `restore`: the file's one seeded database stays clean. */
async function silently(edit: string, restore: string, binds: unknown[], check: () => Promise<void>) {
  await env.DB.prepare(edit)
    .bind(...binds)
    .run();
  try {
    await check();
  } finally {
    await env.DB.prepare(restore)
      .bind(...binds)
      .run();
  }
}

const lastYear = new Date().getUTCFullYear() - 1;
let attachedNotice: string;

beforeAll(async () => {
  // Publications made by the Worker itself (not the seed) for every kind in hehua's chain: a notice
  // with a file, corrected and withdrawn; a closed vote; a published finance period; the street's
  // assessment of last year.
  const [admin, staff, supervisor, resident, street] = await Promise.all(
    ["community-admin", "community-staff", "supervisor", "resident", "street-admin"].map((u) => Client.as(u)),
  );
  attachedNotice = await createNotice(admin, "hehua", { title: "带附件的核验测试公告" });
  const form = new FormData();
  form.append(
    "file",
    new File([new TextEncoder().encode("%PDF-1.4\n%%EOF\n")], "图纸.pdf", { type: "application/pdf" }),
  );
  expect((await admin.fetch(`/files/notices/${attachedNotice}`, { method: "POST", body: form })).status).toBe(200);
  expectOk(await admin.mutate("notices.publish", { id: attachedNotice }));
  expectOk(
    await admin.mutate("notices.correct", {
      id: attachedNotice,
      title: "带附件的核验测试公告（更正）",
      bodyMd: "更正后的正文。",
      changeNote: "更正正文",
    }),
  );
  await env.DB.prepare("UPDATE notices SET first_published_at = ? WHERE id = ?")
    .bind(Date.now() - 16 * DAY, attachedNotice)
    .run();
  expectOk(await admin.mutate("notices.withdraw", { id: attachedNotice, reason: "核验测试结束" }));

  const hehua = await communityId("hehua");
  const poll = await openPoll(staff, hehua);
  expectOk(await cast(resident, poll.id, { options: ["yes"] }));
  await closed("hehua", poll.id);

  const open = await env.DB.prepare("SELECT id FROM finance_periods WHERE community_id = ? AND status = 'open'")
    .bind(hehua)
    .first<{ id: string }>();
  expectOk(await staff.mutate("finance.submit", { periodId: open!.id }));
  expectOk(await supervisor.mutate("finance.approve", { periodId: open!.id, decision: "approve", comment: "已核对" }));
  expectOk(await admin.mutate("finance.publish", { periodId: open!.id }));

  expectOk(await street.mutate("monitor.assessment.publish", { year: lastYear }));
});

describe("verifyCommunity against the Worker's open data", () => {
  it("verifies every demo community clean, every kind of publication recomputed", async () => {
    for (const community of ["hehua", "liushu", "taoyuan"]) {
      const result = await verify(community);
      const chain = await openChain(community);
      expect(result).toMatchObject({ ok: true, entries: chain.length });
      if (!result.ok) continue;
      // Every entry's record was recomputed, not only its link.
      expect(Object.values(result.records).reduce((n, x) => n + x, 0)).toBe(chain.length);
      expect(result.records["assessment.result"]).toBe(1);
    }
    const hehua = await verify("hehua");
    expect(hehua.ok && Object.keys(hehua.records).sort()).toEqual([
      "assessment.result",
      "finance.period",
      "notice",
      "notice.withdrawal",
      "poll.result",
    ]);
    const attached = await env.DB.prepare("SELECT attachments FROM notice_versions WHERE notice_id = ?")
      .bind(attachedNotice)
      .first<{ attachments: string }>();
    expect(JSON.parse(attached!.attachments)).toHaveLength(1);
  });

  it("fetches each record once, however many entries name it", async () => {
    const { getJson, paths } = outsider();
    const result = await verifyCommunity(getJson, STREET, "hehua");
    expect(result.ok).toBe(true);
    expect(new Set(paths).size).toBe(paths.length);
    // Every notice version and withdrawal comes from the one list, none from the notices' own pages.
    expect(paths.filter((p) => p.includes("/notice-versions"))).toEqual([
      "/api/open/v1/demo-street/hehua/notice-versions",
    ]);
    expect(paths.filter((p) => p.includes("/notices/"))).toEqual([]);
    const chain = await openChain("hehua");
    const others = chain.filter((e) => e.kind !== "notice" && e.kind !== "notice.withdrawal");
    // The log, the list of versions, the finance index, then one request per other record.
    expect(paths.length).toBe(3 + others.length);
  });

  it("pages through the list of versions, and without it asks each notice's own page", async () => {
    // Two a page: every published version once, the withdrawals on the first page only.
    const client = new Client();
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const q: string = next ? `&after=${encodeURIComponent(next)}` : "";
      const body = (await (
        await client.fetch(`/api/open/v1/demo-street/hehua/notice-versions?limit=2${q}`)
      ).json()) as {
        items: { noticeId: string; version: number }[];
        withdrawals: unknown[] | null;
        next: string | null;
      };
      expect(body.withdrawals === null).toBe(pages > 0);
      if (pages === 0) expect(body.withdrawals!.length).toBeGreaterThan(0);
      seen.push(...body.items.map((v) => `${v.noticeId}@${v.version}`));
      next = body.next;
      pages++;
    } while (next);
    const published = await env.DB.prepare(
      `SELECT v.notice_id || '@' || v.version AS k FROM notice_versions v JOIN notices n ON n.id = v.notice_id
       WHERE v.community_id = ? AND n.first_published_at IS NOT NULL`,
    )
      .bind(await communityId("hehua"))
      .all<{ k: string }>();
    expect(seen.sort()).toEqual(published.results.map((r) => r.k).sort());
    expect(pages).toBe(Math.ceil(seen.length / 2));

    // A server without the list: the verifier falls back to each notice's page, and still checks all.
    const { getJson, paths } = outsider();
    const older: GetJson = (path) => (path.includes("/notice-versions") ? Promise.resolve(null) : getJson(path));
    const result = await verifyCommunity(older, STREET, "hehua");
    expect(result.ok).toBe(true);
    const chain = await openChain("hehua");
    const notices = chain.filter((e) => e.kind === "notice" || e.kind === "notice.withdrawal");
    // One fetch per version; a withdrawal reuses the version it names.
    expect(paths.filter((p) => p.includes("/notices/")).length).toBe(
      new Set(notices.map((e) => `${e.recordId}@${e.version}`)).size,
    );
  });

  it("names a silent edit of a published notice version", async () => {
    const id = (await env.DB.prepare(
      "SELECT notice_id AS id FROM notice_versions WHERE community_id = ? AND version = 2 ORDER BY published_at LIMIT 1",
    )
      .bind(await communityId("hehua"))
      .first<{ id: string }>())!.id;
    const entry = await logEntry("hehua", "notice", id, 1);
    await silently(
      "UPDATE notice_versions SET title = title || '（改）' WHERE notice_id = ? AND version = 1",
      "UPDATE notice_versions SET title = substr(title, 1, length(title) - 3) WHERE notice_id = ? AND version = 1",
      [id],
      async () => {
        expect(await verify("hehua")).toEqual({
          ok: false,
          seq: entry.seq,
          kind: "notice",
          recordId: id,
          version: 1,
          problem: "content",
          expected: entry.contentHash,
          actual: expect.stringMatching(/^[0-9a-f]{64}$/),
          source: `/api/open/v1/${STREET}/hehua/notices/${id}?version=1`,
        });
      },
    );
    expect((await verify("hehua")).ok).toBe(true);
  });

  it("names a silent edit of an entry in a published finance period", async () => {
    const row = (await env.DB.prepare(
      `SELECT e.id, p.id AS periodId, p.period FROM finance_entries e JOIN finance_periods p ON p.id = e.period_id
       WHERE p.community_id = ? AND p.status = 'published' ORDER BY p.period LIMIT 1 OFFSET 3`,
    )
      .bind(await communityId("liushu"))
      .first<{ id: string; periodId: string; period: string }>())!;
    const entry = await logEntry("liushu", "finance.period", row.periodId);
    await silently(
      "UPDATE finance_entries SET amount_fen = amount_fen + 100 WHERE id = ?",
      "UPDATE finance_entries SET amount_fen = amount_fen - 100 WHERE id = ?",
      [row.id],
      async () => {
        expect(await verify("liushu")).toMatchObject({
          ok: false,
          seq: entry.seq,
          kind: "finance.period",
          recordId: row.periodId,
          problem: "content",
          expected: entry.contentHash,
          source: `/api/open/v1/${STREET}/liushu/finance/${row.period}`,
        });
      },
    );
    expect((await verify("liushu")).ok).toBe(true);
  });

  it("names the first of two edits in log order", async () => {
    const cid = await communityId("hehua");
    const chain = await openChain("hehua");
    const firstPeriod = chain.find((e) => e.kind === "finance.period")!;
    const lastNotice = chain.filter((e) => e.kind === "notice").at(-1)!;
    expect(firstPeriod.seq).toBeLessThan(lastNotice.seq);
    await silently(
      "UPDATE notice_versions SET body_md = body_md || ' ' WHERE notice_id = ? AND version = ?",
      "UPDATE notice_versions SET body_md = substr(body_md, 1, length(body_md) - 1) WHERE notice_id = ? AND version = ?",
      [lastNotice.recordId, lastNotice.version],
      () =>
        silently(
          "UPDATE finance_periods SET opening_balance_fen = opening_balance_fen + 1 WHERE id = ? AND community_id = ?",
          "UPDATE finance_periods SET opening_balance_fen = opening_balance_fen - 1 WHERE id = ? AND community_id = ?",
          [firstPeriod.recordId, cid],
          async () => {
            const first = { ok: false, seq: firstPeriod.seq, kind: "finance.period", problem: "content" };
            expect(await verify("hehua")).toMatchObject(first);
            // Still the first when the later edit's answer comes back sooner: the first period's is held.
            const { getJson } = outsider();
            let held = false;
            const periodLast: GetJson = async (path) => {
              if (!held && path.includes("/finance/")) {
                held = true;
                await new Promise((r) => setTimeout(r, 500));
              }
              return getJson(path);
            };
            expect(await verifyCommunity(periodLast, STREET, "hehua")).toMatchObject(first);
          },
        ),
    );
    expect((await verify("hehua")).ok).toBe(true);
  });

  it("names a record taken out of the open data", async () => {
    const entry = (await openChain("hehua")).find((e) => e.kind === "poll.result")!;
    await silently(
      "UPDATE polls SET status = 'draft' WHERE id = ?",
      "UPDATE polls SET status = 'closed' WHERE id = ?",
      [entry.recordId],
      async () => {
        expect(await verify("hehua")).toMatchObject({
          ok: false,
          seq: entry.seq,
          kind: "poll.result",
          recordId: entry.recordId,
          problem: "missing-record",
          actual: null,
        });
      },
    );
  });

  it("names a break in the chain: a log entry's content hash rewritten", async () => {
    const cid = await communityId("taoyuan");
    const entry = (await openChain("taoyuan"))[0];
    const forged = "f".repeat(64);
    await silently(
      "UPDATE transparency_log SET content_hash = ? WHERE community_id = ? AND seq = 1",
      `UPDATE transparency_log SET content_hash = '${entry.contentHash}' WHERE content_hash = ? AND community_id = ? AND seq = 1`,
      [forged, cid],
      async () => {
        expect(await verify("taoyuan")).toEqual({
          ok: false,
          seq: 1,
          kind: entry.kind,
          recordId: entry.recordId,
          version: entry.version,
          problem: "chain-hash",
          expected: entry.entryHash,
          actual: expect.not.stringMatching(entry.entryHash),
          source: null,
        });
      },
    );
    expect((await verify("taoyuan")).ok).toBe(true);
  });

  it("fails loudly for a community that does not exist", async () => {
    await expect(verify("no-such-community")).rejects.toThrow(/no such community/);
  });
});
