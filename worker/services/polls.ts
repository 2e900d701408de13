import { and, asc, eq, isNull, lte, or, sql } from "drizzle-orm";
import { communities, decisions, meetingItems, meetings, pollBallots, polls, reviewOutcomes } from "../../db/schema";
import { newId } from "../../shared/ids";
import { decideItem, type MeetingKind, type RuleSetId } from "../../shared/rules/meetings";
import { adultBornOnOrBefore } from "../../shared/rules/eligibility";
import { ballotLines, endsPost, pollResultContent, tally, type PollRules, type Tally } from "../../shared/rules/polls";
import { contentHash, sha256Hex } from "../../shared/rules/transparency";
import { guardedBatch, runBatch, type DB, type Statement } from "../db";
import { auditInsert } from "./audit";
import { alreadyLogged, logEntryInsert, withChainRetry } from "./transparency";

export type Poll = typeof polls.$inferSelect;

/** What is fixed at closing: the tally and a hash over every published ballot. */
export type PollResult = Tally & { ballotsHash: string };

export function rulesOf(p: Poll): PollRules {
  return { kind: p.kind, type: p.ballotType, options: p.options, passRule: p.passRule, turnoutPct: p.turnoutPct };
}

/**
 * Opens a scheduled poll whose time has come: the roll is snapshotted from the registry with
 * eligibility on the opening day, in the same batch that flips the status (guarded, so running
 * it twice, by the cron and a reader at once, adds nobody).
 */
async function openPoll(db: DB, p: Poll, now: number) {
  const scheduled = sql`EXISTS (SELECT 1 FROM polls WHERE id = ${p.id} AND status = 'scheduled')`;
  const roll =
    p.eligibility === "meeting_attendees"
      ? [
          // Those checked in to the meeting now; their written proxies carry over to the ballot.
          sql`INSERT OR IGNORE INTO poll_roll (poll_id, resident_id)
            SELECT ${p.id}, a.resident_id FROM meeting_attendance a
            JOIN meeting_items i ON i.meeting_id = a.meeting_id
            WHERE i.id = ${p.meetingItemId} AND ${scheduled}`,
          sql`INSERT OR IGNORE INTO poll_proxies (poll_id, grantor_id, holder_id, note, recorded_by, at)
            SELECT ${p.id}, a.resident_id, a.proxy_holder_id, '会议书面委托', a.recorded_by, ${now}
            FROM meeting_attendance a JOIN meeting_items i ON i.meeting_id = a.meeting_id
            WHERE i.id = ${p.meetingItemId} AND a.method = 'proxy' AND a.proxy_holder_id IS NOT NULL AND ${scheduled}`,
        ]
      : [
          sql`INSERT OR IGNORE INTO poll_roll (poll_id, resident_id)
            SELECT ${p.id}, id FROM residents
            WHERE community_id = ${p.communityId} AND status = 'active' AND ${registryRule(p)} AND ${scheduled}`,
        ];
  await guardedBatch(db, [
    ...roll,
    sql`UPDATE polls SET status = 'open', opened_at = ${now}, updated_at = ${now},
        eligible_count = (SELECT count(*) FROM poll_roll WHERE poll_id = ${p.id})
      WHERE id = ${p.id} AND status = 'scheduled'`,
  ]);
}

/** The registry rule of a poll's roll: adults on the opening day, household representatives, or representatives. */
function registryRule(p: Poll) {
  return p.eligibility === "adults"
    ? sql`birth_date <= ${adultBornOnOrBefore(p.opensAt)}`
    : p.eligibility === "household_reps"
      ? sql`is_household_rep = 1`
      : sql`is_representative = 1`;
}

/**
 * A ballot on a meeting's agenda item decides the item like a show of hands would: its counts,
 * the roll as those present, the rule set's decision rule, and a decision if it passed.
 */
async function itemOutcome(db: DB, p: Poll, t: Tally, at: number): Promise<Statement[]> {
  if (p.eligibility !== "meeting_attendees" || !p.meetingItemId) return [];
  const item = (
    await db
      .select({
        id: meetingItems.id,
        meetingId: meetingItems.meetingId,
        title: meetingItems.title,
        proposedResolution: meetingItems.proposedResolution,
        result: meetingItems.result,
        ruleSet: meetings.ruleSet,
        kind: meetings.kind,
      })
      .from(meetingItems)
      .innerJoin(meetings, eq(meetings.id, meetingItems.meetingId))
      .where(eq(meetingItems.id, p.meetingItemId))
  )[0];
  if (!item || item.result) return [];
  const count = (id: string) => t.options.find((o) => o.id === id)?.count ?? 0;
  const outcome = decideItem(item.ruleSet as RuleSetId, item.kind as MeetingKind, t.eligible, count("yes"));
  return [
    db
      .update(meetingItems)
      .set({
        result: outcome.result,
        votesFor: count("yes"),
        votesAgainst: count("no"),
        votesAbstain: count("abstain"),
        presentAtVote: t.eligible,
        outcomeNote: `以${p.secret ? "无记名" : "记名"}投票方式表决（投票编号 ${p.id}）`,
        decidedAt: at,
      })
      .where(and(eq(meetingItems.id, item.id), isNull(meetingItems.result))),
    ...(outcome.result === "passed"
      ? [
          db
            .insert(decisions)
            .values({
              id: newId(at),
              communityId: p.communityId,
              meetingId: item.meetingId,
              itemId: item.id,
              title: item.title,
              resolution: item.proposedResolution || item.title,
              decidedAt: at,
              status: "planned",
              progress: 0,
              updatedAt: at,
            })
            .onConflictDoNothing(),
        ]
      : []),
  ];
}

/**
 * Closes an open poll whose window has ended: claims it (only one closer wins), then fixes the
 * tally, records the review outcomes and appends the result to the transparency log. Casting is
 * guarded on status 'open', so no ballot lands after the claim.
 */
export async function closePoll(db: DB, p: Poll, now: number, actor: { id: string; displayName: string } | null) {
  const claimed = await db
    .update(polls)
    .set({ status: "closed", closedAt: now, updatedAt: now })
    .where(and(eq(polls.id, p.id), eq(polls.status, "open")))
    .returning({ id: polls.id });
  if (!claimed.length) return;
  await finishClose(db, { ...p, status: "closed", closedAt: now }, actor);
}

/** Computes and stores the result of a closed poll (also repairs one whose result was never stored). */
async function finishClose(db: DB, p: Poll, actor: { id: string; displayName: string } | null) {
  const now = p.closedAt ?? Date.now();
  const rows = await db
    .select({ receipt: pollBallots.receipt, choice: pollBallots.choice })
    .from(pollBallots)
    .where(eq(pollBallots.pollId, p.id));
  const t = tally(
    rulesOf(p),
    rows.map((r) => r.choice),
    p.eligibleCount ?? 0,
  );
  const result: PollResult = { ...t, ballotsHash: await sha256Hex(ballotLines(rows)) };
  const hash = await contentHash(pollResultContent({ pollId: p.id, title: p.title, closedAt: now, result }));
  const community = (
    await db.select({ streetId: communities.streetId }).from(communities).where(eq(communities.id, p.communityId))
  )[0];
  const previous =
    p.ballotType === "review" && p.reviewYear
      ? await db
          .select({
            memberName: reviewOutcomes.memberName,
            year: reviewOutcomes.year,
            incompetentMajority: reviewOutcomes.incompetentMajority,
          })
          .from(reviewOutcomes)
          .where(and(eq(reviewOutcomes.communityId, p.communityId), eq(reviewOutcomes.year, p.reviewYear - 1)))
      : [];
  const decided = await itemOutcome(db, p, t, now);
  // Two finishers (a reader repairing while the closer finishes) both get here: the log's unique
  // record version fails the second batch whole, so the result, the log and the audit land once.
  try {
    await withChainRetry(async () => {
      const log = await logEntryInsert(db, p.communityId, {
        kind: "poll.result",
        recordId: p.id,
        version: 1,
        contentHash: hash,
        at: now,
      });
      await runBatch(db, [
        ...decided,
        db
          .update(polls)
          .set({ result, resultHash: hash, updatedAt: now })
          .where(and(eq(polls.id, p.id), sql`${polls.resultHash} IS NULL`)),
        ...t.members.map((m) => {
          const history = [
            ...previous.filter((h) => h.memberName === m.label),
            { year: p.reviewYear!, incompetentMajority: m.incompetentMajority },
          ];
          return db
            .insert(reviewOutcomes)
            .values({
              pollId: p.id,
              communityId: p.communityId,
              year: p.reviewYear!,
              memberName: m.label,
              post: m.post ?? "",
              competent: m.competent,
              basic: m.basic,
              incompetent: m.incompetent,
              ballotsCast: t.cast,
              incompetentMajority: m.incompetentMajority,
              endsPost: endsPost(history, p.reviewYear!),
            })
            .onConflictDoNothing();
        }),
        log.query,
        auditInsert(db, {
          streetId: community.streetId,
          communityId: p.communityId,
          actor,
          action: "poll.close",
          entity: "poll",
          entityId: p.id,
          after: { cast: t.cast, eligible: t.eligible, passed: t.passed, resultHash: hash },
          at: now,
        }),
      ]);
    });
  } catch (e) {
    if (!alreadyLogged(e)) throw e;
  }
}

/** Brings one poll up to date with the clock (open when due, close when over) and returns it fresh. */
export async function current(db: DB, p: Poll, now = Date.now()): Promise<Poll> {
  // At most three steps: scheduled → open → closed → result stored.
  for (let step = 0; step < 3; step++) {
    if (p.status === "scheduled" && p.opensAt <= now) await openPoll(db, p, now);
    else if (p.status === "open" && p.closesAt <= now) await closePoll(db, p, p.closesAt, null);
    else if (p.status === "closed" && !p.resultHash) await finishClose(db, p, null);
    else return p;
    p = (await db.select().from(polls).where(eq(polls.id, p.id)))[0];
  }
  return p;
}

/** Advances every due poll (of one community, or all: the cron). */
export async function advanceDuePolls(db: DB, communityId?: string, now = Date.now()) {
  const due = await db
    .select()
    .from(polls)
    .where(
      and(
        communityId ? eq(polls.communityId, communityId) : undefined,
        or(
          and(eq(polls.status, "scheduled"), lte(polls.opensAt, now)),
          and(eq(polls.status, "open"), lte(polls.closesAt, now)),
        ),
      ),
    )
    .orderBy(asc(polls.opensAt))
    .limit(50);
  for (const p of due) await current(db, p, now);
  return due.length;
}
