import { env } from "cloudflare:workers";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { maskName } from "../../shared/rules/masking";
import { ballotLines, pollResultContent, tally, type PollOption, type Tally } from "../../shared/rules/polls";
import { contentHash, sha256Hex, verifyChain } from "../../shared/rules/transparency";
import { Client } from "./helpers";
import { openChain } from "./fixtures";

/**
 * A sceptical resident's check, from open data only: recount a closed vote from its published
 * ballots, recompute the result hash, and find it in the community's transparency chain.
 */

type OpenPoll = {
  id: string;
  title: string;
  kind: "vote" | "consultation";
  ballotType: "yes_no" | "single" | "multiple" | "approval" | "review";
  options: PollOption[];
  passRule: "majority_cast" | "majority_eligible" | "two_thirds_cast";
  turnoutPct: number | null;
  secret: boolean;
  status: string;
  eligibleCount: number;
  closedAt: number | null;
  cast: number;
  tally: (Tally & { ballotsHash?: string }) | null;
  resultHash: string | null;
  ballotsCsv: string | null;
};

const c = new Client();

async function polls(community: string): Promise<OpenPoll[]> {
  const res = await c.fetch(`/api/open/v1/demo-street/${community}/polls`);
  expect(res.status).toBe(200);
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  return ((await res.json()) as { items: OpenPoll[] }).items;
}

async function poll(community: string, id: string): Promise<OpenPoll> {
  const res = await c.fetch(`/api/open/v1/demo-street/${community}/polls/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as OpenPoll;
}

async function ballots(community: string, id: string): Promise<Record<string, string>[]> {
  const res = await c.fetch(`/api/open/v1/demo-street/${community}/polls/${id}/ballots.csv`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/csv");
  const text = (await res.text()).replace(/^\uFEFF/, "");
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

async function recheck(community: string, p: OpenPoll) {
  const rows = await ballots(community, p.id);
  expect(rows).toHaveLength(p.cast);
  // Recount from the CSV alone.
  const { ballotsHash, ...published } = p.tally!;
  const recount = tally(
    { kind: p.kind, type: p.ballotType, options: p.options, passRule: p.passRule, turnoutPct: p.turnoutPct },
    rows.map((r) => r.choice),
    p.eligibleCount,
  );
  expect(recount).toEqual(published);
  expect(await sha256Hex(ballotLines(rows.map((r) => ({ receipt: r.receipt, choice: r.choice }))))).toBe(ballotsHash);
  // The result hash is what the chain holds.
  const hash = await contentHash(
    pollResultContent({ pollId: p.id, title: p.title, closedAt: p.closedAt!, result: p.tally }),
  );
  expect(hash).toBe(p.resultHash);
  const chain = await openChain(community);
  expect(chain.filter((e) => e.kind === "poll.result" && e.recordId === p.id).map((e) => e.contentHash)).toEqual([
    hash,
  ]);
  expect(await verifyChain(chain)).toMatchObject({ ok: true });
  return rows;
}

describe("votes as open data", () => {
  it("a closed secret vote in 荷花社区 recounts from its ballots and its result hash is in the chain", async () => {
    const list = await polls("hehua");
    expect(list.length).toBeGreaterThanOrEqual(4);
    for (const p of list) expect(p.eligibleCount).toBeGreaterThan(0);
    const closed = list.find((p) => p.status === "closed" && p.ballotType === "single")!;
    const p = await poll("hehua", closed.id);
    expect(p.secret).toBe(true);
    expect(p.ballotsCsv).toBe(`/api/open/v1/demo-street/hehua/polls/${p.id}/ballots.csv`);
    expect(p.tally?.passed).toBe(true);
    const rows = await recheck("hehua", p);
    expect(Object.keys(rows[0]).sort()).toEqual(["choice", "choice_label", "receipt"]);
    for (const r of rows)
      expect(r.receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it("the democratic review's per-member results recount too", async () => {
    const review = (await polls("hehua")).find((p) => p.ballotType === "review" && p.title.startsWith("2025"))!;
    const p = await poll("hehua", review.id);
    await recheck("hehua", p);
    expect(p.tally!.members.find((m) => m.label === "张伟")?.incompetentMajority).toBe(true);
  });

  it("an open (记名) vote in 柳树村 lists each ballot with the voter's masked name, never the full name", async () => {
    const closed = (await polls("liushu")).find((p) => p.status === "closed")!;
    const p = await poll("liushu", closed.id);
    expect(p.secret).toBe(false);
    const rows = await recheck("liushu", p);
    const names = (
      await env.DB.prepare(
        "SELECT r.name FROM poll_participation pp JOIN residents r ON r.id = pp.resident_id WHERE pp.poll_id = ?",
      )
        .bind(p.id)
        .all<{ name: string }>()
    ).results.map((r) => r.name);
    expect(rows.map((r) => r.voter).sort()).toEqual(names.map(maskName).sort());
    for (const r of rows) expect(names).not.toContain(r.voter);
  });

  it("an open vote has no ballots to download yet, and drafts are not open data", async () => {
    const open = (await polls("hehua")).find((p) => p.status === "open")!;
    const p = await poll("hehua", open.id);
    expect(p.ballotsCsv).toBeNull();
    expect(p.resultHash).toBeNull();
    expect((await c.fetch(`/api/open/v1/demo-street/hehua/polls/${p.id}/ballots.csv`)).status).toBe(404);
    expect((await c.fetch(`/api/open/v1/demo-street/hehua/polls/nope`)).status).toBe(404);
  });
});
