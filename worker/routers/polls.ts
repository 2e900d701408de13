import { and, asc, count, desc, eq, inArray, ne, or, sql } from "drizzle-orm";
import {
  communities,
  communityOfficials,
  households,
  meetingItems,
  meetings,
  pollBallots,
  pollParticipation,
  pollProxies,
  pollRoll,
  polls,
  residents,
  reviewOutcomes,
} from "../../db/schema";
import { newId } from "../../shared/ids";
import { defaultRuleSet, ruleFor, type MeetingKind, type RuleSetId } from "../../shared/rules/meetings";
import {
  BallotError,
  buildOptions,
  canonicalBallot,
  checkDefinition,
  choiceBounds,
  ineligibility,
  MAX_PROXIES,
  newReceipt,
  normaliseReceipt,
} from "../../shared/rules/polls";
import {
  castInput,
  pollCancelInput,
  pollCreateInput,
  pollGetInput,
  pollIdInput,
  pollListInput,
  pollReceiptInput,
  pollRollSearchInput,
  pollStaffListInput,
  pollUpdateInput,
  proxyInput,
  proxyRevokeInput,
  reviewHistoryInput,
} from "../../shared/schemas/polls";
import type { MessageKey } from "../../shared/i18n/errors";
import { dbFor, guardedBatch, isUniqueViolation, type DB } from "../db";
import { DomainError, fail } from "../errors";
import { COMMUNITY_READERS, COMMUNITY_WRITERS } from "../roles";
import { auditInsertIf, scopedAudit } from "../services/audit";
import { communityBySlugs } from "../services/community";
import { advanceDuePolls, closePoll, current, type Poll, type PollResult } from "../services/polls";
import { pollColumns, publicPollList, publicView, publishedBallots } from "../services/poll-views";
import {
  byCommunityId,
  communityProcedure,
  publicProcedure,
  residentSelfProcedure,
  router,
  streetProcedure,
  type CommunityScope,
  type ScopeResolver,
} from "../trpc";
import type { z } from "zod";

const KEEPERS = COMMUNITY_WRITERS;
const READERS = COMMUNITY_READERS;

const byPollId: ScopeResolver<{ id: string }> = async (db, input) => {
  const row = (await db.select({ communityId: polls.communityId }).from(polls).where(eq(polls.id, input.id)))[0];
  return row ? byCommunityId(db, row) : null;
};
const byPollRef: ScopeResolver<{ pollId: string }> = (db, input) => byPollId(db, { id: input.pollId });

async function loadPoll(db: DB, communityId: string, id: string): Promise<Poll> {
  const p = (
    await db
      .select()
      .from(polls)
      .where(and(eq(polls.id, id), eq(polls.communityId, communityId)))
  )[0];
  if (!p) throw fail.notFound();
  return current(db, p);
}

type Definition = z.output<typeof pollCreateInput>;

/** Turns the staff's form into the stored definition, or refuses it naming the field. */
async function definition(db: DB, scope: CommunityScope, input: Omit<Definition, "communityId">) {
  const options = buildOptions(input.ballotType, input.options);
  const bounds = choiceBounds(input.ballotType, options.length, input.minChoices, input.maxChoices);
  const problem = checkDefinition({
    type: input.ballotType,
    options,
    ...bounds,
    opensAt: input.opensAt,
    closesAt: input.closesAt,
  });
  if (problem) throw fail.bad(problem.key as MessageKey, problem.field);
  if (input.closesAt <= Date.now()) throw fail.bad("poll.closesInPast", "closesAt");
  if (input.ballotType === "review" && !input.reviewYear) throw fail.bad("poll.reviewYearRequired", "reviewYear");
  let meeting: { ruleSet: string; kind: string } | undefined;
  if (input.meetingItemId) {
    const item = await db
      .select({ result: meetingItems.result, ruleSet: meetings.ruleSet, kind: meetings.kind })
      .from(meetingItems)
      .innerJoin(meetings, eq(meetings.id, meetingItems.meetingId))
      .where(and(eq(meetingItems.id, input.meetingItemId), eq(meetingItems.communityId, scope.communityId)));
    if (!item.length) throw fail.bad("poll.meetingItemNotFound", "meetingItemId");
    meeting = item[0];
    if (input.eligibility === "meeting_attendees" && (item[0].result || input.ballotType !== "yes_no"))
      throw fail.bad("poll.meetingBallot", "meetingItemId");
  } else if (input.eligibility === "meeting_attendees") throw fail.bad("poll.meetingBallot", "meetingItemId");
  // A ballot on a meeting's item follows the meeting's own rule: more than half of those present
  // (the roll), and advisory kinds only record opinions.
  const atMeeting = input.eligibility === "meeting_attendees" && meeting;
  const advisory = atMeeting && !ruleFor(meeting!.ruleSet as RuleSetId, meeting!.kind as MeetingKind)?.decision;
  return {
    kind: atMeeting ? (advisory ? ("consultation" as const) : ("vote" as const)) : input.kind,
    ballotType: input.ballotType,
    ruleSet: meeting?.ruleSet ?? defaultRuleSet(scope.kind),
    title: input.title,
    descriptionMd: input.descriptionMd,
    options,
    ...bounds,
    eligibility: input.eligibility,
    secret: input.secret,
    opensAt: input.opensAt,
    closesAt: input.closesAt,
    passRule: atMeeting ? ("majority_eligible" as const) : input.passRule,
    turnoutPct: atMeeting ? null : input.turnoutPct,
    allowChange: input.allowChange,
    hideResults: input.hideResults,
    reviewYear: input.ballotType === "review" ? input.reviewYear : null,
    meetingItemId: input.meetingItemId,
  };
}

/** A meeting ballot opens only while its meeting is open and has its quorum (U27/V26: no quorum, no decision). */
async function assertMeetingReady(db: DB, p: Poll) {
  const row = (
    await db
      .select({
        id: meetings.id,
        status: meetings.status,
        ruleSet: meetings.ruleSet,
        kind: meetings.kind,
        eligible: meetings.eligibleCount,
        quorumNeeded: meetings.quorumNeeded,
        present: sql<number>`(SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = ${meetings.id})`,
      })
      .from(meetingItems)
      .innerJoin(meetings, eq(meetings.id, meetingItems.meetingId))
      .where(eq(meetingItems.id, p.meetingItemId ?? ""))
  )[0];
  if (!row || row.status !== "open") throw fail.bad("poll.meetingNotOpen");
  const decides = ruleFor(row.ruleSet as RuleSetId, row.kind as MeetingKind)?.decision;
  if (decides && (row.quorumNeeded === null || row.present < row.quorumNeeded))
    throw fail.bad("meeting.noQuorum", undefined, {
      present: row.present,
      eligible: row.eligible ?? 0,
      needed: row.quorumNeeded ?? 0,
    });
}

/** Why a resident is not on a poll's roll: from their registry entry on the opening day. */
async function whyNotOnRoll(db: DB, p: Poll, residentId: string): Promise<MessageKey> {
  const person = (await db.select().from(residents).where(eq(residents.id, residentId)))[0];
  return ((person && ineligibility(person, p.eligibility, p.opensAt)) || "poll.ineligible.notOnRoll") as MessageKey;
}

function ballotOf(p: Poll, input: z.output<typeof castInput>) {
  try {
    return canonicalBallot(rulesShape(p), { options: input.options, ratings: input.ratings });
  } catch (e) {
    if (e instanceof BallotError)
      throw fail.bad(e.key as MessageKey, e.key.startsWith("poll.rate") ? "ratings" : "options", e.params);
    throw e;
  }
}
const rulesShape = (p: Poll) => ({
  type: p.ballotType,
  options: p.options,
  minChoices: p.minChoices,
  maxChoices: p.maxChoices,
});

const auditScope = (ctx: { scope: CommunityScope; user: { id: string; displayName: string } }) => ({
  streetId: ctx.scope.streetId,
  communityId: ctx.scope.communityId,
  actor: ctx.user,
});
const changed = (r: D1Result) => (r.meta?.changes ?? 0) > 0;

export const pollsRouter = router({
  /** Public: the community's polls (not drafts), newest first, with eligible count and turnout. */
  list: publicProcedure.input(pollListInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    return publicPollList(dbFor(ctx.env, scope.streetId), scope.communityId);
  }),

  /** Public: one poll, with its result and every published ballot once it has closed. */
  get: publicProcedure.input(pollGetInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const db = dbFor(ctx.env, scope.streetId);
    const p = await loadPoll(db, scope.communityId, input.id);
    if (p.status === "draft") throw fail.notFound();
    const [view, ballots] = await Promise.all([publicView(db, p), publishedBallots(db, p)]);
    return { ...view, ballots };
  }),

  /** Public: find one ballot by its receipt (the voter checks theirs was counted as cast). */
  receipt: publicProcedure.input(pollReceiptInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const db = dbFor(ctx.env, scope.streetId);
    const p = await loadPoll(db, scope.communityId, input.id);
    if (p.status === "draft") throw fail.notFound();
    const receipt = normaliseReceipt(input.receipt);
    const row = (
      await db
        .select({ choice: pollBallots.choice })
        .from(pollBallots)
        .where(and(eq(pollBallots.pollId, p.id), eq(pollBallots.receipt, receipt)))
    )[0];
    return { receipt, found: Boolean(row), choice: row?.choice ?? null, counted: p.status === "closed" && !!row };
  }),

  /** Public: the democratic review results by year, with members whose post ends (two years 不称职). */
  reviews: publicProcedure.input(reviewHistoryInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const db = dbFor(ctx.env, scope.streetId);
    return db
      .select()
      .from(reviewOutcomes)
      .where(eq(reviewOutcomes.communityId, scope.communityId))
      .orderBy(desc(reviewOutcomes.year), asc(reviewOutcomes.memberName));
  }),

  /**
   * The logged-in resident's polls: open and recent, whether they are on the roll (and why not),
   * whether they have voted, their receipt for open (记名) polls, and the proxies they hold.
   */
  mine: residentSelfProcedure.query(async ({ ctx }) => {
    await advanceDuePolls(ctx.db, ctx.scope.communityId);
    const rows = await ctx.db
      .select()
      .from(polls)
      .where(and(eq(polls.communityId, ctx.scope.communityId), inArray(polls.status, ["scheduled", "open", "closed"])))
      .orderBy(desc(polls.closesAt))
      .limit(30);
    if (!rows.length) return [];
    const ids = rows.map((p) => p.id);
    const [roll, voted, held, given, me] = await ctx.db.batch([
      ctx.db
        .select({ pollId: pollRoll.pollId })
        .from(pollRoll)
        .where(and(inArray(pollRoll.pollId, ids), eq(pollRoll.residentId, ctx.residentId))),
      ctx.db
        .select({
          pollId: pollParticipation.pollId,
          via: pollParticipation.via,
          receipt: pollParticipation.receipt,
          castBy: pollParticipation.castBy,
        })
        .from(pollParticipation)
        .where(and(inArray(pollParticipation.pollId, ids), eq(pollParticipation.residentId, ctx.residentId))),
      ctx.db
        .select({
          pollId: pollProxies.pollId,
          grantorId: pollProxies.grantorId,
          grantorName: residents.name,
          voted: sql<number>`EXISTS (SELECT 1 FROM poll_participation pp WHERE pp.poll_id = ${pollProxies.pollId} AND pp.resident_id = ${pollProxies.grantorId})`,
        })
        .from(pollProxies)
        .innerJoin(residents, eq(residents.id, pollProxies.grantorId))
        .where(and(inArray(pollProxies.pollId, ids), eq(pollProxies.holderId, ctx.residentId))),
      ctx.db
        .select({ pollId: pollProxies.pollId, holderName: residents.name })
        .from(pollProxies)
        .innerJoin(residents, eq(residents.id, pollProxies.holderId))
        .where(and(inArray(pollProxies.pollId, ids), eq(pollProxies.grantorId, ctx.residentId))),
      ctx.db.select().from(residents).where(eq(residents.id, ctx.residentId)),
    ]);
    return rows.map((p) => {
      const onRoll = roll.some((r) => r.pollId === p.id);
      const mine = voted.find((v) => v.pollId === p.id);
      const reason =
        p.status === "scheduled"
          ? me[0]
            ? ineligibility(me[0], p.eligibility, p.opensAt)
            : null
          : onRoll
            ? null
            : ((me[0] && ineligibility(me[0], p.eligibility, p.opensAt)) ?? "poll.ineligible.notOnRoll");
      const res = p.result as PollResult | null;
      return {
        id: p.id,
        kind: p.kind,
        ballotType: p.ballotType,
        title: p.title,
        status: p.status,
        secret: p.secret,
        allowChange: p.allowChange,
        opensAt: p.opensAt,
        closesAt: p.closesAt,
        options: p.options,
        minChoices: p.minChoices,
        maxChoices: p.maxChoices,
        eligible: reason === null,
        ineligibleReason: reason,
        voted: Boolean(mine),
        votedVia: mine?.via ?? null,
        receipt: mine?.receipt ?? null,
        gaveProxyTo: given.find((g) => g.pollId === p.id)?.holderName ?? null,
        proxies: held
          .filter((h) => h.pollId === p.id)
          .map((h) => ({ grantorId: h.grantorId, name: h.grantorName, voted: Boolean(h.voted) })),
        passed: res?.passed ?? null,
      };
    });
  }),

  /**
   * Cast a ballot, for oneself or as the holder of a written proxy. One voter, one ballot: the
   * participation row's primary key fails the batch that would store a second ballot, and both
   * inserts are guarded on the poll being open, so nothing lands after it closes.
   */
  cast: residentSelfProcedure.input(castInput).mutation(async ({ ctx, input }) => {
    const voter = input.onBehalfOf ?? ctx.residentId;
    // Everything the checks need in one round trip: the poll, the voter's roll entry, a proxy the
    // voter gave, and their earlier participation.
    const [rows, onRoll, gave, participated] = await ctx.db.batch([
      ctx.db
        .select()
        .from(polls)
        .where(and(eq(polls.id, input.pollId), eq(polls.communityId, ctx.scope.communityId))),
      ctx.db
        .select({ id: pollRoll.residentId })
        .from(pollRoll)
        .where(and(eq(pollRoll.pollId, input.pollId), eq(pollRoll.residentId, voter))),
      ctx.db
        .select({ holderId: pollProxies.holderId })
        .from(pollProxies)
        .where(and(eq(pollProxies.pollId, input.pollId), eq(pollProxies.grantorId, voter))),
      ctx.db
        .select({ receipt: pollParticipation.receipt })
        .from(pollParticipation)
        .where(and(eq(pollParticipation.pollId, input.pollId), eq(pollParticipation.residentId, voter))),
    ]);
    if (!rows[0]) throw fail.notFound();
    const p = await current(ctx.db, rows[0]);
    const now = Date.now();
    if (p.status !== "open" || now >= p.closesAt) throw fail.bad("poll.notOpen");
    if (input.onBehalfOf) {
      if (gave[0]?.holderId !== ctx.residentId) throw fail.bad("poll.noProxy", "onBehalfOf");
    } else {
      if (!onRoll.length) throw new DomainError("BAD_REQUEST", await whyNotOnRoll(ctx.db, p, voter));
      if (gave.length) throw fail.bad("poll.proxyGiven");
    }
    const choice = ballotOf(p, input);
    const receipt = newReceipt();
    const openGuard = sql`EXISTS (SELECT 1 FROM polls WHERE id = ${p.id} AND status = 'open' AND closes_at > ${now})`;
    const previous = participated[0];
    if (previous) {
      if (!p.allowChange) throw fail.bad("poll.alreadyVoted");
      // Changing: the new ballot replaces the old one in one batch, only if the old one still exists.
      const old = p.secret ? normaliseReceipt(input.replaceReceipt ?? "") : previous.receipt;
      if (!old) throw fail.bad("poll.receiptNeeded", "replaceReceipt");
      const oldExists = sql`EXISTS (SELECT 1 FROM poll_ballots WHERE poll_id = ${p.id} AND receipt = ${old})`;
      const newExists = sql`EXISTS (SELECT 1 FROM poll_ballots WHERE receipt = ${receipt})`;
      const [inserted] = await guardedBatch(ctx.db, [
        sql`INSERT INTO poll_ballots (receipt, poll_id, choice)
          SELECT ${receipt}, ${p.id}, ${choice} WHERE ${oldExists} AND ${openGuard}`,
        sql`DELETE FROM poll_ballots WHERE poll_id = ${p.id} AND receipt = ${old} AND ${newExists}`,
        sql`UPDATE poll_participation SET receipt = ${p.secret ? null : receipt}, at = ${now}
          WHERE poll_id = ${p.id} AND resident_id = ${voter} AND ${newExists}`,
      ]);
      if (!changed(inserted)) throw fail.bad("poll.receiptUnknown", p.secret ? "replaceReceipt" : undefined);
      return { receipt, changed: true };
    }

    try {
      const [took] = await guardedBatch(ctx.db, [
        sql`INSERT INTO poll_participation (poll_id, resident_id, cast_by, via, receipt, at)
          SELECT ${p.id}, ${voter}, ${ctx.residentId}, ${input.onBehalfOf ? "proxy" : "self"},
            ${p.secret ? null : receipt}, ${now}
          WHERE ${openGuard}`,
        sql`INSERT INTO poll_ballots (receipt, poll_id, choice)
          SELECT ${receipt}, ${p.id}, ${choice}
          WHERE EXISTS (SELECT 1 FROM poll_participation
            WHERE poll_id = ${p.id} AND resident_id = ${voter} AND at = ${now} AND cast_by = ${ctx.residentId})`,
      ]);
      if (!changed(took)) throw fail.bad("poll.notOpen");
    } catch (e) {
      if (isUniqueViolation(e)) throw fail.bad("poll.alreadyVoted");
      throw e;
    }
    return { receipt, changed: false };
  }),

  /** Staff: the community's polls, drafts included. */
  staffList: communityProcedure(READERS, pollStaffListInput, byCommunityId).query(async ({ ctx }) => {
    await advanceDuePolls(ctx.db, ctx.scope.communityId);
    return ctx.db
      .select(pollColumns)
      .from(polls)
      .where(eq(polls.communityId, ctx.scope.communityId))
      .orderBy(desc(polls.createdAt));
  }),

  /** Staff: one poll with its figures, proxies and (for drafts) everything needed to edit it. */
  manage: communityProcedure(READERS, pollIdInput, byPollId).query(async ({ ctx, input }) => {
    const p = await loadPoll(ctx.db, ctx.scope.communityId, input.id);
    const holder = sql<string>`(SELECT name FROM residents h WHERE h.id = ${pollProxies.holderId})`;
    const [proxies, [voted], officials] = await ctx.db.batch([
      ctx.db
        .select({
          grantorId: pollProxies.grantorId,
          grantorName: residents.name,
          holderId: pollProxies.holderId,
          holderName: holder,
          note: pollProxies.note,
          at: pollProxies.at,
          used: sql<number>`EXISTS (SELECT 1 FROM poll_participation pp WHERE pp.poll_id = ${p.id} AND pp.resident_id = ${pollProxies.grantorId})`,
        })
        .from(pollProxies)
        .innerJoin(residents, eq(residents.id, pollProxies.grantorId))
        .where(eq(pollProxies.pollId, p.id))
        .orderBy(asc(pollProxies.at)),
      ctx.db.select({ n: count() }).from(pollParticipation).where(eq(pollParticipation.pollId, p.id)),
      ctx.db
        .select({ name: communityOfficials.name, post: communityOfficials.post })
        .from(communityOfficials)
        .where(and(eq(communityOfficials.communityId, p.communityId), eq(communityOfficials.body, "committee")))
        .orderBy(asc(communityOfficials.sortOrder)),
    ]);
    const view = await publicView(ctx.db, p);
    return {
      ...view,
      descriptionMd: p.descriptionMd,
      voted: voted.n,
      proxies: proxies.map((x) => ({ ...x, used: Boolean(x.used) })),
      committee: officials,
      maxProxies: MAX_PROXIES,
      community: {
        street: ctx.scope.streetSlug,
        community: ctx.scope.communitySlug,
        name: ctx.scope.communityName,
        kind: ctx.scope.kind,
      },
    };
  }),

  create: communityProcedure(KEEPERS, pollCreateInput, byCommunityId).mutation(async ({ ctx, input }) => {
    const def = await definition(ctx.db, ctx.scope, input);
    const now = Date.now();
    const id = newId(now);
    const row = {
      id,
      communityId: ctx.scope.communityId,
      ...def,
      status: "draft" as const,
      createdBy: ctx.user.id,
      createdAt: now,
      updatedAt: now,
    };
    await ctx.db.batch([
      ctx.db.insert(polls).values(row),
      scopedAudit(ctx.scope, ctx.user)(ctx.db, "poll.create", "poll", id, undefined, row, now),
    ]);
    return { id };
  }),

  update: communityProcedure(KEEPERS, pollUpdateInput, byPollId).mutation(async ({ ctx, input }) => {
    const p = await loadPoll(ctx.db, ctx.scope.communityId, input.id);
    if (p.status !== "draft") throw fail.bad("poll.notDraft");
    const { id, ...fields } = input;
    const def = await definition(ctx.db, ctx.scope, fields);
    const now = Date.now();
    await ctx.db.batch([
      ctx.db
        .update(polls)
        .set({ ...def, updatedAt: now })
        .where(and(eq(polls.id, id), eq(polls.status, "draft"))),
      scopedAudit(ctx.scope, ctx.user)(ctx.db, "poll.update", "poll", id, p, def, now),
    ]);
    return { id };
  }),

  /** Publish a draft: it is public from now and opens (roll snapshot) at its opening time. */
  publish: communityProcedure(KEEPERS, pollIdInput, byPollId).mutation(async ({ ctx, input }) => {
    const p = await loadPoll(ctx.db, ctx.scope.communityId, input.id);
    if (p.status !== "draft") throw fail.bad("poll.notDraft");
    const now = Date.now();
    if (p.closesAt <= now) throw fail.bad("poll.closesInPast", "closesAt");
    // Opening "now" (a time already past) opens at the moment of publication, so the roll is taken
    // today. A meeting ballot opens now, in the room, and only once the meeting has its quorum.
    const opensAt = p.eligibility === "meeting_attendees" ? now : Math.max(p.opensAt, now);
    if (p.eligibility === "meeting_attendees") await assertMeetingReady(ctx.db, p);
    await ctx.db.batch([
      ctx.db
        .update(polls)
        .set({ status: "scheduled", opensAt, updatedAt: now })
        .where(and(eq(polls.id, p.id), eq(polls.status, "draft"))),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "poll.publish",
        "poll",
        p.id,
        { status: "draft" },
        { status: "scheduled", opensAt },
        now,
      ),
    ]);
    const fresh = await loadPoll(ctx.db, ctx.scope.communityId, p.id);
    return { status: fresh.status, eligibleCount: fresh.eligibleCount };
  }),

  /** Cancel a poll that has not closed, with a public reason; its ballots are never counted. */
  cancel: communityProcedure(KEEPERS, pollCancelInput, byPollId).mutation(async ({ ctx, input }) => {
    const p = await loadPoll(ctx.db, ctx.scope.communityId, input.id);
    if (p.status === "closed" || p.status === "cancelled") throw fail.bad("poll.notCancellable");
    const now = Date.now();
    await ctx.db.batch([
      ctx.db
        .update(polls)
        .set({ status: "cancelled", cancelReason: input.reason, updatedAt: now })
        .where(and(eq(polls.id, p.id), ne(polls.status, "closed"))),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "poll.cancel",
        "poll",
        p.id,
        { status: p.status },
        { status: "cancelled", reason: input.reason },
        now,
      ),
    ]);
    return { status: "cancelled" as const };
  }),

  /** Close an open poll at its closing time (the clock does it too; this is for the impatient at the end). */
  close: communityProcedure(KEEPERS, pollIdInput, byPollId).mutation(async ({ ctx, input }) => {
    // The raw row, not brought up to date: closing it here records who closed it.
    const p = (
      await ctx.db
        .select()
        .from(polls)
        .where(and(eq(polls.id, input.id), eq(polls.communityId, ctx.scope.communityId)))
    )[0];
    if (!p) throw fail.notFound();
    if (p.status === "open") {
      // The chair declares a meeting ballot closed; an online vote runs to its closing time.
      const early = p.eligibility === "meeting_attendees";
      if (!early && Date.now() < p.closesAt) throw fail.bad("poll.stillOpen");
      await closePoll(ctx.db, p, early ? Math.min(Date.now(), p.closesAt) : p.closesAt, ctx.user);
    } else if (p.status !== "closed") throw fail.bad("poll.notOpen");
    const fresh = await loadPoll(ctx.db, ctx.scope.communityId, p.id);
    return { status: fresh.status, result: fresh.result as PollResult | null };
  }),

  /** Staff find residents on the roll (to record a proxy), with whether they have voted. */
  searchRoll: communityProcedure(KEEPERS, pollRollSearchInput, byPollRef).query(async ({ ctx, input }) => {
    const p = await loadPoll(ctx.db, ctx.scope.communityId, input.pollId);
    const q = input.q.replace(/[%_]/g, "");
    return ctx.db
      .select({
        id: residents.id,
        name: residents.name,
        address: households.address,
        voted: sql<number>`EXISTS (SELECT 1 FROM poll_participation pp WHERE pp.poll_id = ${p.id} AND pp.resident_id = residents.id)`,
        holds: sql<number>`(SELECT count(*) FROM poll_proxies x WHERE x.poll_id = ${p.id} AND x.holder_id = residents.id)`,
      })
      .from(pollRoll)
      .innerJoin(residents, eq(residents.id, pollRoll.residentId))
      .leftJoin(households, eq(households.id, residents.householdId))
      .where(
        and(
          eq(pollRoll.pollId, p.id),
          q ? or(sql`instr(${residents.name}, ${q}) > 0`, sql`instr(${households.address}, ${q}) > 0`) : undefined,
        ),
      )
      .orderBy(asc(residents.name))
      .limit(20);
  }),

  /**
   * Record a written proxy (委托书) while the poll is open: both on the roll, the grantor has not
   * voted, the holder has not given one, and no holder takes more than three (U19): the limit is
   * checked inside the insert itself, so two desks recording at once cannot exceed it.
   */
  recordProxy: communityProcedure(KEEPERS, proxyInput, byPollRef).mutation(async ({ ctx, input }) => {
    const p = await loadPoll(ctx.db, ctx.scope.communityId, input.pollId);
    if (p.status !== "open") throw fail.bad("poll.notOpen");
    if (input.grantorId === input.holderId) throw fail.bad("poll.proxySelf", "holderId");
    const [onRoll, voted, holderGave] = await ctx.db.batch([
      ctx.db
        .select({ id: pollRoll.residentId })
        .from(pollRoll)
        .where(and(eq(pollRoll.pollId, p.id), inArray(pollRoll.residentId, [input.grantorId, input.holderId]))),
      ctx.db
        .select({ id: pollParticipation.residentId })
        .from(pollParticipation)
        .where(and(eq(pollParticipation.pollId, p.id), eq(pollParticipation.residentId, input.grantorId))),
      ctx.db
        .select({ id: pollProxies.grantorId })
        .from(pollProxies)
        .where(and(eq(pollProxies.pollId, p.id), eq(pollProxies.grantorId, input.holderId))),
    ]);
    // No chains: a holder who gave their own proxy, or a grantor who holds others', is refused.
    const grantorHolds = await ctx.db
      .select({ id: pollProxies.grantorId })
      .from(pollProxies)
      .where(and(eq(pollProxies.pollId, p.id), eq(pollProxies.holderId, input.grantorId)))
      .limit(1);
    if (grantorHolds.length) throw fail.bad("poll.proxyChainGrantor", "grantorId");
    if (onRoll.length < 2)
      throw fail.bad("poll.proxyNotOnRoll", onRoll.some((r) => r.id === input.grantorId) ? "holderId" : "grantorId");
    if (voted.length) throw fail.bad("poll.proxyUsed", "grantorId");
    if (holderGave.length) throw fail.bad("poll.proxyChain", "holderId");
    const now = Date.now();
    try {
      const recorded = sql`EXISTS (SELECT 1 FROM poll_proxies WHERE poll_id = ${p.id} AND grantor_id = ${input.grantorId}
        AND holder_id = ${input.holderId} AND recorded_by = ${ctx.user.id} AND at = ${now})`;
      const [inserted] = await guardedBatch(ctx.db, [
        sql`INSERT INTO poll_proxies (poll_id, grantor_id, holder_id, note, recorded_by, at)
          SELECT ${p.id}, ${input.grantorId}, ${input.holderId}, ${input.note}, ${ctx.user.id}, ${now}
          WHERE (SELECT count(*) FROM poll_proxies WHERE poll_id = ${p.id} AND holder_id = ${input.holderId}) < ${MAX_PROXIES}`,
        auditInsertIf(
          { ...auditScope(ctx), action: "poll.recordProxy", entity: "poll", entityId: p.id, after: input, at: now },
          recorded,
        ),
      ]);
      if (!changed(inserted)) throw fail.bad("poll.proxyLimit", "holderId", { n: MAX_PROXIES });
    } catch (e) {
      if (isUniqueViolation(e)) throw fail.bad("poll.proxyExists", "grantorId");
      throw e;
    }
    return { ok: true };
  }),

  /** Revoke a proxy that has not been used. */
  revokeProxy: communityProcedure(KEEPERS, proxyRevokeInput, byPollRef).mutation(async ({ ctx, input }) => {
    const p = await loadPoll(ctx.db, ctx.scope.communityId, input.pollId);
    if (p.status !== "open") throw fail.bad("poll.notOpen");
    const now = Date.now();
    const used = sql`EXISTS (SELECT 1 FROM poll_participation pp WHERE pp.poll_id = ${p.id} AND pp.resident_id = ${input.grantorId})`;
    const existing = await ctx.db
      .select({ holderId: pollProxies.holderId })
      .from(pollProxies)
      .where(and(eq(pollProxies.pollId, p.id), eq(pollProxies.grantorId, input.grantorId)));
    if (!existing.length) throw fail.bad("poll.noSuchProxy", "grantorId");
    const gone = sql`NOT EXISTS (SELECT 1 FROM poll_proxies WHERE poll_id = ${p.id} AND grantor_id = ${input.grantorId})`;
    const [deleted] = await guardedBatch(ctx.db, [
      sql`DELETE FROM poll_proxies WHERE poll_id = ${p.id} AND grantor_id = ${input.grantorId} AND NOT ${used}`,
      auditInsertIf(
        {
          ...auditScope(ctx),
          action: "poll.revokeProxy",
          entity: "poll",
          entityId: p.id,
          before: { holderId: existing[0].holderId },
          after: input,
          at: now,
        },
        gone,
      ),
    ]);
    if (!changed(deleted)) throw fail.bad("poll.proxyUsed", "grantorId");
    return { ok: true };
  }),

  /** Street office: every community's polls and the members whose post a second 不称职 ends. */
  street: streetProcedure(["street_admin", "street_viewer"]).query(async ({ ctx }) => {
    const [rows, flags] = await ctx.db.batch([
      ctx.db
        .select({
          ...pollColumns,
          communityName: sql<string>`${communities.name}`.as("community_name"),
          communitySlug: communities.slug,
          result: polls.result,
        })
        .from(polls)
        .innerJoin(communities, eq(communities.id, polls.communityId))
        .where(and(eq(communities.streetId, ctx.streetId), ne(polls.status, "draft")))
        .orderBy(desc(polls.opensAt))
        .limit(200),
      ctx.db
        .select({
          communityName: sql<string>`${communities.name}`.as("community_name"),
          communitySlug: communities.slug,
          pollId: reviewOutcomes.pollId,
          year: reviewOutcomes.year,
          memberName: reviewOutcomes.memberName,
          post: reviewOutcomes.post,
          incompetent: reviewOutcomes.incompetent,
          ballotsCast: reviewOutcomes.ballotsCast,
          endsPost: reviewOutcomes.endsPost,
        })
        .from(reviewOutcomes)
        .innerJoin(communities, eq(communities.id, reviewOutcomes.communityId))
        .where(and(eq(communities.streetId, ctx.streetId), eq(reviewOutcomes.incompetentMajority, true)))
        .orderBy(desc(reviewOutcomes.year)),
    ]);
    return {
      polls: rows.map(({ result, ...r }) => ({
        ...r,
        passed: (result as PollResult | null)?.passed ?? null,
        turnoutMet: (result as PollResult | null)?.turnoutMet ?? null,
      })),
      reviewFlags: flags,
    };
  }),
});
