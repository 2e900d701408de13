/**
 * Demo votes: per community an open vote with ballots already cast, closed votes with their
 * published ballots and results (hashed into the transparency chain), and in 荷花社区 two years of
 * the annual democratic review (民主评议). Deterministic: the same seed casts the same ballots.
 */
import { newId } from "../shared/ids";
import { contentHash, sha256Hex } from "../shared/rules/transparency";
import {
  ballotLines,
  buildOptions,
  choiceBounds,
  endsPost,
  newReceipt,
  tally,
  type BallotType,
  type PassRule,
  type PollKind,
  type Rating,
  pollResultContent,
} from "../shared/rules/polls";
import { insert } from "./seed-sql";
import { rng } from "./seed-rng";

const DAY = 86_400_000;

export type PollSeed = {
  kind: PollKind;
  type: BallotType;
  title: string;
  description: string;
  options?: { label: string; post?: string }[];
  maxChoices?: number;
  eligibility: "adults" | "household_reps" | "representatives";
  roll: string[];
  secret: boolean;
  passRule?: PassRule;
  turnoutPct?: number;
  allowChange?: boolean;
  hideResults?: boolean;
  reviewYear?: number;
  opensDaysAgo: number;
  closesInDays: number;
  /** Share of the roll that has voted (so far, for an open poll). */
  turnout: number;
  /** Picks a ballot for voter i: option ids, or a rating per member for a review. */
  choose: (rand: () => number, i: number) => string[] | Record<string, Rating>;
  /** Residents who must not have voted yet (the demo resident, so the demo can vote). */
  notYet?: string[];
};

export type SeededPublication = { kind: string; recordId: string; version: number; contentHash: string; at: number };

export async function pollSeed(o: {
  communityId: string;
  ruleSet: string;
  createdBy: string;
  polls: PollSeed[];
  now: number;
  seed: number;
}): Promise<{ statements: string[]; publications: SeededPublication[] }> {
  const rand = rng(o.seed);
  const receipt = () => newReceipt((n) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256)));
  const statements: string[] = [];
  const publications: SeededPublication[] = [];
  const reviewHistory: { name: string; year: number; incompetentMajority: boolean }[] = [];

  for (const p of [...o.polls].sort((a, b) => (a.reviewYear ?? 0) - (b.reviewYear ?? 0))) {
    const opensAt = o.now - p.opensDaysAgo * DAY;
    const closesAt = o.now + p.closesInDays * DAY;
    const closed = closesAt <= o.now;
    const id = newId(opensAt - DAY);
    const options = buildOptions(p.type, p.options ?? []);
    const bounds = choiceBounds(p.type, options.length, 1, p.maxChoices);
    const voters = p.roll.filter((r) => !p.notYet?.includes(r)).slice(0, Math.round(p.roll.length * p.turnout));
    const ballots = voters.map((residentId, i) => {
      const picked = p.choose(rand, i);
      const choice = Array.isArray(picked)
        ? options
            .filter((opt) => picked.includes(opt.id))
            .map((opt) => opt.id)
            .join(",")
        : options.map((opt) => `${opt.id}=${picked[opt.id]}`).join(",");
      const at = opensAt + Math.floor(((Math.min(closesAt, o.now) - opensAt) * (i + 1)) / (voters.length + 1));
      return { residentId, receipt: receipt(), choice, at };
    });
    const rules = { kind: p.kind, type: p.type, options, passRule: p.passRule ?? "majority_cast", turnoutPct: null };
    const t = tally(
      { ...rules, turnoutPct: p.turnoutPct ?? null },
      ballots.map((b) => b.choice),
      p.roll.length,
    );
    let result: unknown = null;
    let resultHash: string | null = null;
    if (closed) {
      result = { ...t, ballotsHash: await sha256Hex(ballotLines(ballots)) };
      resultHash = await contentHash(pollResultContent({ pollId: id, title: p.title, closedAt: closesAt, result }));
      publications.push({ kind: "poll.result", recordId: id, version: 1, contentHash: resultHash, at: closesAt });
    }
    statements.push(
      insert("polls", {
        id,
        community_id: o.communityId,
        meeting_item_id: null,
        kind: p.kind,
        ballot_type: p.type,
        rule_set: o.ruleSet,
        title: p.title,
        description_md: p.description,
        options,
        min_choices: bounds.minChoices,
        max_choices: bounds.maxChoices,
        eligibility: p.eligibility,
        secret: p.secret,
        opens_at: opensAt,
        closes_at: closesAt,
        pass_rule: p.passRule ?? "majority_cast",
        turnout_pct: p.turnoutPct ?? null,
        allow_change: p.allowChange ?? false,
        hide_results: p.hideResults ?? false,
        review_year: p.reviewYear ?? null,
        status: closed ? "closed" : "open",
        eligible_count: p.roll.length,
        opened_at: opensAt,
        closed_at: closed ? closesAt : null,
        result,
        result_hash: resultHash,
        cancel_reason: null,
        created_by: o.createdBy,
        created_at: opensAt - 2 * DAY,
        updated_at: closed ? closesAt : opensAt,
      }),
      ...p.roll.map((r) => insert("poll_roll", { poll_id: id, resident_id: r })),
      ...ballots.flatMap((b) => [
        insert("poll_participation", {
          poll_id: id,
          resident_id: b.residentId,
          cast_by: b.residentId,
          via: "self",
          receipt: p.secret ? null : b.receipt,
          at: b.at,
        }),
        insert("poll_ballots", { receipt: b.receipt, poll_id: id, choice: b.choice }),
      ]),
    );
    if (closed && p.type === "review" && p.reviewYear) {
      for (const m of t.members) {
        reviewHistory.push({ name: m.label, year: p.reviewYear, incompetentMajority: m.incompetentMajority });
        statements.push(
          insert("review_outcomes", {
            poll_id: id,
            community_id: o.communityId,
            year: p.reviewYear,
            member_name: m.label,
            post: m.post ?? "",
            competent: m.competent,
            basic: m.basic,
            incompetent: m.incompetent,
            ballots_cast: t.cast,
            incompetent_majority: m.incompetentMajority,
            ends_post: endsPost(
              reviewHistory.filter((h) => h.name === m.label),
              p.reviewYear,
            ),
          }),
        );
      }
    }
  }
  return { statements, publications };
}

/** A choice drawn with the given weights (yes/no/abstain, or options in order). */
export function weighted(ids: string[], weights: number[]) {
  const total = weights.reduce((a, b) => a + b, 0);
  return (rand: () => number) => {
    let x = rand() * total;
    for (let i = 0; i < ids.length; i++) {
      x -= weights[i];
      if (x < 0) return [ids[i]];
    }
    return [ids[ids.length - 1]];
  };
}
