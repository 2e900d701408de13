import { and, asc, count, desc, eq, ne, sql } from "drizzle-orm";
import { meetingItems, meetings, pollBallots, pollParticipation, polls, residents } from "../../db/schema";
import { renderMarkdown } from "../../shared/markdown";
import { maskName } from "../../shared/rules/masking";
import { tally, RATINGS, type PollOption } from "../../shared/rules/polls";
import type { DB } from "../db";
import { advanceDuePolls, rulesOf, type Poll, type PollResult } from "./polls";

/** Counts while open: hidden where the poll says so, except how many have voted. */
async function liveCounts(db: DB, p: Poll) {
  const [cast] = await db.select({ n: count() }).from(pollBallots).where(eq(pollBallots.pollId, p.id));
  // A secret ballot's running counts, watched beside who has voted, could reveal single votes:
  // secret polls show turnout only until they close.
  if (p.hideResults || p.secret || p.status !== "open") return { cast: cast.n, tally: null };
  const rows = await db.select({ choice: pollBallots.choice }).from(pollBallots).where(eq(pollBallots.pollId, p.id));
  return {
    cast: cast.n,
    tally: tally(
      rulesOf(p),
      rows.map((r) => r.choice),
      p.eligibleCount ?? 0,
    ),
  };
}

/** The public face of a poll: definition, figures, and the result once closed. */
export async function publicView(db: DB, p: Poll) {
  const closed = p.status === "closed";
  const live = closed ? null : await liveCounts(db, p);
  const meetingItem = p.meetingItemId
    ? ((
        await db
          .select({
            id: meetingItems.id,
            title: meetingItems.title,
            meetingId: meetings.id,
            meetingTitle: sql<string>`${meetings.title}`.as("meeting_title"),
          })
          .from(meetingItems)
          .innerJoin(meetings, eq(meetings.id, meetingItems.meetingId))
          .where(eq(meetingItems.id, p.meetingItemId))
      )[0] ?? null)
    : null;
  const result = closed ? (p.result as PollResult | null) : null;
  return {
    id: p.id,
    kind: p.kind,
    ballotType: p.ballotType,
    ruleSet: p.ruleSet,
    title: p.title,
    descriptionHtml: renderMarkdown(p.descriptionMd),
    options: p.options,
    minChoices: p.minChoices,
    maxChoices: p.maxChoices,
    eligibility: p.eligibility,
    secret: p.secret,
    opensAt: p.opensAt,
    closesAt: p.closesAt,
    passRule: p.passRule,
    turnoutPct: p.turnoutPct,
    allowChange: p.allowChange,
    hideResults: p.hideResults,
    reviewYear: p.reviewYear,
    meetingItemId: p.meetingItemId,
    meetingItem,
    status: p.status,
    cancelReason: p.cancelReason,
    eligibleCount: p.eligibleCount,
    closedAt: p.closedAt,
    cast: result?.cast ?? live?.cast ?? 0,
    tally: result ?? live?.tally ?? null,
    resultHash: p.resultHash,
  };
}

/** The published ballots of a closed poll: by receipt (secret) or by masked name (open, 记名). */
export async function publishedBallots(db: DB, p: Poll) {
  if (p.status !== "closed") return [];
  if (p.secret)
    return (
      await db
        .select({ receipt: pollBallots.receipt, choice: pollBallots.choice })
        .from(pollBallots)
        .where(eq(pollBallots.pollId, p.id))
        .orderBy(asc(pollBallots.receipt))
    ).map((b) => ({ ...b, voter: null as string | null }));
  const rows = await db
    .select({ receipt: pollBallots.receipt, choice: pollBallots.choice, name: residents.name })
    .from(pollBallots)
    .innerJoin(
      pollParticipation,
      and(eq(pollParticipation.pollId, pollBallots.pollId), eq(pollParticipation.receipt, pollBallots.receipt)),
    )
    .innerJoin(residents, eq(residents.id, pollParticipation.residentId))
    .where(eq(pollBallots.pollId, p.id))
    .orderBy(asc(pollBallots.receipt));
  return rows.map((r) => ({ receipt: r.receipt, choice: r.choice, voter: maskName(r.name) }));
}

const RATING_LABEL: Record<(typeof RATINGS)[number], string> = {
  competent: "称职",
  basic: "基本称职",
  incompetent: "不称职",
};

/** A canonical ballot in words: "赞成", "选项一、选项三" or "王丽=称职、李强=基本称职". */
export function choiceLabel(options: PollOption[], choice: string): string {
  if (!choice) return "";
  return choice
    .split(",")
    .map((part) => {
      const [id, rating] = part.split("=");
      const label = options.find((o) => o.id === id)?.label ?? id;
      return rating ? `${label}=${RATING_LABEL[rating as keyof typeof RATING_LABEL] ?? rating}` : label;
    })
    .join("、");
}

/** The columns every list of polls shows, with the number of ballots cast so far. */
export const pollColumns = {
  id: polls.id,
  kind: polls.kind,
  ballotType: polls.ballotType,
  title: polls.title,
  status: polls.status,
  secret: polls.secret,
  eligibility: polls.eligibility,
  opensAt: polls.opensAt,
  closesAt: polls.closesAt,
  eligibleCount: polls.eligibleCount,
  meetingItemId: polls.meetingItemId,
  cast: sql<number>`(SELECT count(*) FROM poll_ballots b WHERE b.poll_id = "polls"."id")`,
};

/**
 * The public list of a community's polls (not drafts), newest first, in one query: the tally and
 * outcome of closed ones from their stored result. The tRPC list and the open data both serve this.
 */
export async function publicPollList(db: DB, communityId: string) {
  await advanceDuePolls(db, communityId);
  const rows = await db
    .select({ ...pollColumns, result: polls.result, hideResults: polls.hideResults })
    .from(polls)
    .where(and(eq(polls.communityId, communityId), ne(polls.status, "draft")))
    .orderBy(desc(polls.opensAt))
    .limit(100);
  return rows.map(({ result, ...r }) => {
    const res = result as PollResult | null;
    // A closed poll's tally is stored; live counts are on the poll's own page.
    const tally = r.status === "closed" ? res : null;
    return { ...r, tally, passed: res?.passed ?? null, turnoutMet: res?.turnoutMet ?? null };
  });
}
