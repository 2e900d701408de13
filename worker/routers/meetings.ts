import { and, asc, count, desc, eq, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import {
  attachments,
  communities,
  decisions,
  decisionUpdates,
  households,
  meetingAttendance,
  meetingItems,
  meetingRoll,
  meetings,
  notices,
  polls,
  residents,
} from "../../db/schema";
import { COMMUNITY_READERS, COMMUNITY_WRITERS } from "../roles";
import { newId } from "../../shared/ids";
import { renderMarkdown } from "../../shared/markdown";
import { adultBornOnOrBefore } from "../../shared/rules/eligibility";
import {
  decideItem,
  defaultRuleSet,
  meetingCompliance,
  quorumNeeded,
  ruleFor,
  type Basis,
  type MeetingKind,
  type RuleSetId,
} from "../../shared/rules/meetings";
import {
  checkInInput,
  decisionListInput,
  decisionUpdateInput,
  itemVoteInput,
  meetingCancelInput,
  meetingCreateInput,
  meetingGetInput,
  meetingIdInput,
  meetingListInput,
  meetingUpdateInput,
  publishMinutesInput,
  rollSearchInput,
  staffMeetingsInput,
} from "../../shared/schemas/meetings";
import { dbFor, runBatch, type DB, type Statement } from "../db";
import { fail } from "../errors";
import { scopedAudit } from "../services/audit";
import { communityBySlugs } from "../services/community";
import { publishVersion } from "../services/notices";
import { chunk } from "../services/registry-import";
import { decisionRegistry } from "../services/decisions";
import {
  byCommunityId,
  communityProcedure,
  publicProcedure,
  router,
  streetProcedure,
  type CommunityScope,
  type ScopeResolver,
} from "../trpc";
import type { SessionUser } from "../auth/session";

const KEEPERS = COMMUNITY_WRITERS;
const READERS = COMMUNITY_READERS;

type Meeting = typeof meetings.$inferSelect;

const byMeetingId: ScopeResolver<{ id: string }> = async (db, input) => {
  const row = (
    await db.select({ communityId: meetings.communityId }).from(meetings).where(eq(meetings.id, input.id))
  )[0];
  return row ? byCommunityId(db, row) : null;
};
const byMeetingRef: ScopeResolver<{ meetingId: string }> = (db, input) => byMeetingId(db, { id: input.meetingId });
const byItemId: ScopeResolver<{ itemId: string }> = async (db, input) => {
  const row = (
    await db
      .select({ communityId: meetingItems.communityId })
      .from(meetingItems)
      .where(eq(meetingItems.id, input.itemId))
  )[0];
  return row ? byCommunityId(db, row) : null;
};
const byDecisionId: ScopeResolver<{ decisionId: string }> = async (db, input) => {
  const row = (
    await db.select({ communityId: decisions.communityId }).from(decisions).where(eq(decisions.id, input.decisionId))
  )[0];
  return row ? byCommunityId(db, row) : null;
};

async function loadMeeting(db: DB, scope: CommunityScope, id: string) {
  const m = (
    await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.id, id), eq(meetings.communityId, scope.communityId)))
  )[0];
  if (!m) throw fail.notFound();
  return m;
}

/** The kind must exist in the rule set, the basis must be one of the kind's, group meetings name their group. */
function checkKind(ruleSet: RuleSetId, kind: MeetingKind, basis: Basis, groupId: string | undefined) {
  const rule = ruleFor(ruleSet, kind);
  if (!rule) throw fail.bad("meeting.kindNotInRuleSet", "kind");
  if (!rule.quorum[basis]) throw fail.bad("meeting.basisNotAllowed", "basis");
  if ((basis === "group_adults" || basis === "group_households") && !groupId)
    throw fail.bad("meeting.groupRequired", "groupId");
  return rule;
}

/** Residents eligible on the meeting's basis on its date: adults from birth dates, never typed in. */
function eligibleQuery(db: DB, m: Meeting) {
  const active = and(eq(residents.communityId, m.communityId), eq(residents.status, "active"));
  const adult = lte(residents.birthDate, adultBornOnOrBefore(m.startsAt));
  const where =
    m.basis === "adults"
      ? and(active, adult)
      : m.basis === "household_reps"
        ? and(active, eq(residents.isHouseholdRep, true))
        : m.basis === "representatives"
          ? and(active, eq(residents.isRepresentative, true))
          : m.basis === "group_adults"
            ? and(active, adult, eq(residents.groupId, m.groupId ?? "-"))
            : m.basis === "group_households"
              ? and(active, eq(residents.isHouseholdRep, true), eq(residents.groupId, m.groupId ?? "-"))
              : // Consultations have no quorum, but any adult resident may attend and be counted.
                and(active, adult);
  return db.select({ id: residents.id }).from(residents).where(where);
}

/** The files of a meeting's agenda items (only published ones for the public). */
function itemFiles(db: DB, meetingId: string, publishedOnly: boolean) {
  return db
    .select({
      id: attachments.id,
      itemId: attachments.meetingItemId,
      name: attachments.name,
      contentType: attachments.contentType,
      size: attachments.size,
      sha256: attachments.sha256,
      publishedAt: attachments.publishedAt,
    })
    .from(attachments)
    .innerJoin(meetingItems, eq(meetingItems.id, attachments.meetingItemId))
    .where(
      and(
        eq(meetingItems.meetingId, meetingId),
        publishedOnly ? sql`${attachments.publishedAt} IS NOT NULL` : undefined,
      ),
    )
    .orderBy(asc(attachments.createdAt));
}

type ItemFile = Awaited<ReturnType<typeof itemFiles>>[number];
const filesOf = (files: ItemFile[], itemId: string) =>
  files.filter((f) => f.itemId === itemId).map(({ itemId: _, ...f }) => f);

async function presentCount(db: DB, meetingId: string) {
  const [{ n }] = await db
    .select({ n: count() })
    .from(meetingAttendance)
    .where(eq(meetingAttendance.meetingId, meetingId));
  return n;
}

/**
 * Creates a notice and publishes it at once, for announcements and minutes (both are 居务公开),
 * in one batch with the meeting's own change (`after`): either both land or neither.
 */
async function publishNotice(
  db: DB,
  scope: CommunityScope,
  user: SessionUser,
  title: string,
  bodyMd: string,
  action: string,
  after: (noticeId: string) => Statement[],
) {
  const now = Date.now();
  const row = {
    id: newId(now),
    communityId: scope.communityId,
    category: "affairs" as const,
    status: "draft" as const,
    title,
    bodyMd,
    pinned: false,
    publicityDays: 15,
    currentVersion: 0,
    firstPublishedAt: null,
    lastPublishedAt: null,
    scheduledAt: null,
    scheduledBy: null,
    withdrawnAt: null,
    withdrawReason: null,
    replacedBy: null,
    createdBy: user.id,
    createdAt: now,
    updatedAt: now,
  };
  await publishVersion(
    db,
    scope,
    row,
    { category: "affairs", title, bodyMd, changeNote: "", attachmentIds: [] },
    user,
    action,
    now,
    { before: [db.insert(notices).values(row)], after: after(row.id) },
  );
  return row.id;
}

const KIND_LABEL: Record<MeetingKind, string> = {
  residents_meeting: "居民会议",
  representatives_meeting: "居民代表会议",
  villagers_meeting: "村民会议",
  village_reps_meeting: "村民代表会议",
  village_group_meeting: "村民小组会议",
  consultation: "议事协商会",
};

const beijing = (ms: number) =>
  new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", dateStyle: "long", timeStyle: "short" }).format(
    new Date(ms),
  );

function announcementMd(m: Meeting, items: { title: string; proposedResolution: string }[]) {
  const lines = [
    `定于 **${beijing(m.startsAt)}** 在 **${m.place}** 召开${m.subkind ?? KIND_LABEL[m.kind as MeetingKind]}。`,
    "",
    "## 议题",
    "",
    ...items.map(
      (it, i) => `${i + 1}. ${it.title}${it.proposedResolution ? `（拟议：${it.proposedResolution}）` : ""}`,
    ),
  ];
  if (m.urgentReason) lines.push("", `> 本次会议提前通知不足法定天数，紧急事由：${m.urgentReason}`);
  lines.push("", `（依据规则：${m.ruleSet}）`);
  return lines.join("\n");
}

export const meetingsRouter = router({
  /** Public: announced, open and closed meetings, newest first, with attendance figures (no names). */
  list: publicProcedure.input(meetingListInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const db = dbFor(ctx.env, scope.streetId);
    return db
      .select({
        id: meetings.id,
        kind: meetings.kind,
        subkind: meetings.subkind,
        title: meetings.title,
        place: meetings.place,
        startsAt: meetings.startsAt,
        status: meetings.status,
        eligibleCount: meetings.eligibleCount,
        quorumNeeded: meetings.quorumNeeded,
        present: sql<number>`(SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = meetings.id)`,
      })
      .from(meetings)
      .where(and(eq(meetings.communityId, scope.communityId), ne(meetings.status, "draft")))
      .orderBy(desc(meetings.startsAt))
      .limit(100);
  }),

  /** Public: one meeting with its agenda, results, figures and minutes. */
  get: publicProcedure.input(meetingGetInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const db = dbFor(ctx.env, scope.streetId);
    const [rows, items, [present], decided, linked, files] = await db.batch([
      db
        .select()
        .from(meetings)
        .where(
          and(eq(meetings.id, input.id), eq(meetings.communityId, scope.communityId), ne(meetings.status, "draft")),
        ),
      db.select().from(meetingItems).where(eq(meetingItems.meetingId, input.id)).orderBy(asc(meetingItems.seq)),
      db.select({ n: count() }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, input.id)),
      db
        .select({ id: decisions.id, itemId: decisions.itemId, status: decisions.status, progress: decisions.progress })
        .from(decisions)
        .where(and(eq(decisions.communityId, scope.communityId), eq(decisions.meetingId, input.id))),
      // Votes held online on an item (a roll-based ballot), shown beside the item.
      db
        .select({ id: polls.id, itemId: polls.meetingItemId, title: polls.title, status: polls.status })
        .from(polls)
        .innerJoin(meetingItems, eq(meetingItems.id, polls.meetingItemId))
        .where(
          and(
            eq(polls.communityId, scope.communityId),
            eq(meetingItems.meetingId, input.id),
            ne(polls.status, "draft"),
          ),
        ),
      itemFiles(db, input.id, true),
    ]);
    const m = rows[0];
    if (!m) throw fail.notFound();
    return {
      id: m.id,
      kind: m.kind,
      subkind: m.subkind,
      ruleSet: m.ruleSet,
      basis: m.basis,
      title: m.title,
      place: m.place,
      startsAt: m.startsAt,
      status: m.status,
      urgentReason: m.urgentReason,
      cancelReason: m.cancelReason,
      announcementNoticeId: m.announcementNoticeId,
      minutesNoticeId: m.minutesNoticeId,
      eligibleCount: m.eligibleCount,
      quorumNeeded: m.quorumNeeded,
      present: m.presentAtClose ?? present.n,
      // Draft minutes stay with staff until they are published.
      minutesHtml: m.minutesNoticeId && m.minutesMd ? renderMarkdown(m.minutesMd) : null,
      items: items.map((it) => ({
        ...it,
        decision: decided.find((d) => d.itemId === it.id) ?? null,
        polls: linked.filter((p) => p.itemId === it.id).map(({ itemId: _, ...p }) => p),
        attachments: filesOf(files, it.id),
      })),
    };
  }),

  /** Staff: every meeting of the community, drafts included. */
  staffList: communityProcedure(READERS, staffMeetingsInput, byCommunityId).query(({ ctx }) =>
    ctx.db
      .select({
        id: meetings.id,
        kind: meetings.kind,
        subkind: meetings.subkind,
        title: meetings.title,
        startsAt: meetings.startsAt,
        status: meetings.status,
        ruleSet: meetings.ruleSet,
        eligibleCount: meetings.eligibleCount,
        present: sql<number>`(SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = meetings.id)`,
      })
      .from(meetings)
      .where(eq(meetings.communityId, ctx.scope.communityId))
      .orderBy(desc(meetings.startsAt)),
  ),

  /** Staff: the whole meeting with its agenda and live figures. */
  manage: communityProcedure(READERS, meetingIdInput, byMeetingId).query(async ({ ctx, input }) => {
    const m = await loadMeeting(ctx.db, ctx.scope, input.id);
    const [items, [present], proxies, files] = await ctx.db.batch([
      ctx.db.select().from(meetingItems).where(eq(meetingItems.meetingId, m.id)).orderBy(asc(meetingItems.seq)),
      ctx.db.select({ n: count() }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, m.id)),
      ctx.db
        .select({ n: count() })
        .from(meetingAttendance)
        .where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.method, "proxy"))),
      itemFiles(ctx.db, m.id, false),
    ]);
    const rule = ruleFor(m.ruleSet as RuleSetId, m.kind as MeetingKind);
    return {
      ...m,
      items: items.map((it) => ({ ...it, attachments: filesOf(files, it.id) })),
      present: present.n,
      proxies: proxies[0].n,
      quorumMet: m.quorumNeeded !== null && present.n >= m.quorumNeeded,
      maxProxies: rule?.maxProxies ?? 0,
      noticeDays: rule?.noticeDays ?? 0,
      advisory: !rule?.decision,
      community: {
        street: ctx.scope.streetSlug,
        community: ctx.scope.communitySlug,
        name: ctx.scope.communityName,
        kind: ctx.scope.kind,
      },
    };
  }),

  create: communityProcedure(KEEPERS, meetingCreateInput, byCommunityId).mutation(async ({ ctx, input }) => {
    const ruleSet = input.ruleSet ?? defaultRuleSet(ctx.scope.kind);
    checkKind(ruleSet, input.kind, input.basis, input.groupId);
    const now = Date.now();
    const id = newId(now);
    const row = {
      id,
      communityId: ctx.scope.communityId,
      kind: input.kind,
      subkind: input.subkind ?? null,
      ruleSet,
      basis: input.basis,
      groupId: input.groupId ?? null,
      title: input.title,
      place: input.place,
      startsAt: input.startsAt,
      urgentReason: input.urgentReason || null,
      status: "draft" as const,
      createdBy: ctx.user.id,
      createdAt: now,
      updatedAt: now,
    };
    await runBatch(ctx.db, [
      ctx.db.insert(meetings).values(row),
      ...input.items.map(({ id: _, ...it }, i) =>
        ctx.db
          .insert(meetingItems)
          .values({ id: newId(now), meetingId: id, communityId: ctx.scope.communityId, seq: i + 1, ...it }),
      ),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "meeting.create",
        "meeting",
        id,
        undefined,
        { ...row, items: input.items },
        now,
      ),
    ]);
    return { id };
  }),

  /** Change a draft meeting, its agenda included (the agenda is replaced). */
  update: communityProcedure(KEEPERS, meetingUpdateInput, byMeetingId).mutation(async ({ ctx, input }) => {
    const m = await loadMeeting(ctx.db, ctx.scope, input.id);
    if (m.status !== "draft") throw fail.bad("meeting.notDraft");
    const ruleSet = input.ruleSet ?? (m.ruleSet as RuleSetId);
    checkKind(ruleSet, input.kind, input.basis, input.groupId);
    const now = Date.now();
    const { id, items, ...fields } = input;
    const existing = (
      await ctx.db.select({ id: meetingItems.id }).from(meetingItems).where(eq(meetingItems.meetingId, id))
    ).map((r) => r.id);
    const kept = new Set(items.map((it) => it.id).filter((x): x is string => !!x && existing.includes(x)));
    const dropped = existing.filter((x) => !kept.has(x));
    await runBatch(ctx.db, [
      ctx.db
        .update(meetings)
        .set({
          ...fields,
          ruleSet,
          subkind: fields.subkind ?? null,
          groupId: fields.groupId ?? null,
          urgentReason: fields.urgentReason || null,
          updatedAt: now,
        })
        .where(eq(meetings.id, id)),
      // Items keep their ids (and files); seqs move aside first so a reorder never trips the unique index.
      ctx.db
        .update(meetingItems)
        .set({ seq: sql`-${meetingItems.seq}` })
        .where(eq(meetingItems.meetingId, id)),
      ...(dropped.length
        ? [
            ctx.db.update(attachments).set({ meetingItemId: null }).where(inArray(attachments.meetingItemId, dropped)),
            ctx.db.delete(meetingItems).where(inArray(meetingItems.id, dropped)),
          ]
        : []),
      ...items.map(({ id: itemId, ...it }, i) =>
        itemId && kept.has(itemId)
          ? ctx.db
              .update(meetingItems)
              .set({ ...it, seq: i + 1 })
              .where(eq(meetingItems.id, itemId))
          : ctx.db
              .insert(meetingItems)
              .values({ id: newId(now), meetingId: id, communityId: ctx.scope.communityId, seq: i + 1, ...it }),
      ),
      scopedAudit(ctx.scope, ctx.user)(ctx.db, "meeting.update", "meeting", id, m, input, now),
    ]);
    return { id };
  }),

  /** Publish the announcement as a notice; 居民会议/村民会议 need 10 days' notice unless urgent (U26, V25). */
  announce: communityProcedure(KEEPERS, meetingIdInput, byMeetingId).mutation(async ({ ctx, input }) => {
    const m = await loadMeeting(ctx.db, ctx.scope, input.id);
    if (m.status !== "draft") throw fail.bad("meeting.notDraft");
    const rule = ruleFor(m.ruleSet as RuleSetId, m.kind as MeetingKind)!;
    const now = Date.now();
    if (rule.noticeDays > 0 && !m.urgentReason && m.startsAt - now < rule.noticeDays * 86_400_000)
      throw fail.bad("meeting.shortNotice", "startsAt", { days: rule.noticeDays });
    const items = await ctx.db
      .select()
      .from(meetingItems)
      .where(eq(meetingItems.meetingId, m.id))
      .orderBy(asc(meetingItems.seq));
    const noticeId = await publishNotice(
      ctx.db,
      ctx.scope,
      ctx.user,
      `会议通知：${m.title}`,
      announcementMd(m, items),
      "meeting.announce",
      (noticeId) => [
        ctx.db
          .update(meetings)
          .set({ status: "announced", announcedAt: now, announcementNoticeId: noticeId, updatedAt: now })
          .where(eq(meetings.id, m.id)),
        // The agenda's papers become public with the announcement.
        ctx.db
          .update(attachments)
          .set({ publishedAt: now })
          .where(
            and(
              inArray(
                attachments.meetingItemId,
                items.map((it) => it.id),
              ),
              isNull(attachments.publishedAt),
            ),
          ),
        scopedAudit(ctx.scope, ctx.user)(
          ctx.db,
          "meeting.announce",
          "meeting",
          m.id,
          { status: m.status },
          { status: "announced", noticeId },
          now,
        ),
      ],
    );
    return { status: "announced" as const, noticeId };
  }),

  cancel: communityProcedure(KEEPERS, meetingCancelInput, byMeetingId).mutation(async ({ ctx, input }) => {
    const m = await loadMeeting(ctx.db, ctx.scope, input.id);
    if (m.status !== "draft" && m.status !== "announced") throw fail.bad("meeting.notCancellable");
    const now = Date.now();
    await ctx.db.batch([
      ctx.db
        .update(meetings)
        .set({ status: "cancelled", cancelReason: input.reason, updatedAt: now })
        .where(eq(meetings.id, m.id)),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "meeting.cancel",
        "meeting",
        m.id,
        { status: m.status },
        { status: "cancelled", reason: input.reason },
        now,
      ),
    ]);
    return { status: "cancelled" as const };
  }),

  /** Open the meeting: the roll of eligible residents is snapshotted now and fixes the quorum. */
  open: communityProcedure(KEEPERS, meetingIdInput, byMeetingId).mutation(async ({ ctx, input }) => {
    const m = await loadMeeting(ctx.db, ctx.scope, input.id);
    if (m.status !== "announced") throw fail.bad("meeting.notAnnounced");
    const roll = await eligibleQuery(ctx.db, m);
    const eligible = roll.length;
    const need = quorumNeeded(m.ruleSet as RuleSetId, m.kind as MeetingKind, m.basis as Basis, eligible);
    const now = Date.now();
    await runBatch(ctx.db, [
      ...chunk(roll, 45).map((part) =>
        ctx.db.insert(meetingRoll).values(part.map((r) => ({ meetingId: m.id, residentId: r.id }))),
      ),
      ctx.db
        .update(meetings)
        .set({ status: "open", openedAt: now, eligibleCount: eligible, quorumNeeded: need, updatedAt: now })
        .where(and(eq(meetings.id, m.id), eq(meetings.status, "announced"))),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "meeting.open",
        "meeting",
        m.id,
        { status: m.status },
        { status: "open", eligible, quorumNeeded: need },
        now,
      ),
    ]);
    return { eligible, quorumNeeded: need };
  }),

  /**
   * Attendance is a roll, never a typed number: a resident checks themself in (QR), staff check
   * in a resident found by search, or record a written proxy held by someone present. Twice is once.
   */
  checkIn: communityProcedure(["community_admin", "community_staff", "resident"], checkInInput, byMeetingRef).mutation(
    async ({ ctx, input }) => {
      const m = await loadMeeting(ctx.db, ctx.scope, input.meetingId);
      if (m.status !== "open") throw fail.bad("meeting.notOpen");
      const self = ctx.user.role === "resident";
      const residentId = self ? ctx.user.residentId : input.residentId;
      if (!residentId) throw fail.bad("validation.required", "residentId");
      const onRoll = await ctx.db
        .select({ id: meetingRoll.residentId })
        .from(meetingRoll)
        .where(
          and(
            eq(meetingRoll.meetingId, m.id),
            inArray(meetingRoll.residentId, input.proxyHolderId ? [residentId, input.proxyHolderId] : [residentId]),
          ),
        );
      if (!onRoll.some((r) => r.id === residentId))
        throw fail.bad("meeting.notEligible", self ? undefined : "residentId");
      let method: "qr" | "staff" | "proxy" = self ? "qr" : "staff";
      if (input.proxyHolderId && !self) {
        const max = ruleFor(m.ruleSet as RuleSetId, m.kind as MeetingKind)?.maxProxies ?? 0;
        if (max === 0) throw fail.bad("meeting.proxyNotAllowed", "proxyHolderId");
        if (!onRoll.some((r) => r.id === input.proxyHolderId)) throw fail.bad("meeting.notEligible", "proxyHolderId");
        const [holder, [held]] = await ctx.db.batch([
          ctx.db
            .select({ method: meetingAttendance.method })
            .from(meetingAttendance)
            .where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.residentId, input.proxyHolderId))),
          ctx.db
            .select({ n: count() })
            .from(meetingAttendance)
            .where(
              and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.proxyHolderId, input.proxyHolderId)),
            ),
        ]);
        if (!holder.length || holder[0].method === "proxy") throw fail.bad("meeting.holderAbsent", "proxyHolderId");
        if (held.n >= max) throw fail.bad("meeting.proxyLimit", "proxyHolderId", { n: max });
        const already = await ctx.db
          .select({ method: meetingAttendance.method })
          .from(meetingAttendance)
          .where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.residentId, residentId)));
        if (already.length) throw fail.bad("meeting.alreadyPresent", "residentId");
        method = "proxy";
      }
      const now = Date.now();
      await ctx.db
        .insert(meetingAttendance)
        .values({
          meetingId: m.id,
          residentId,
          method,
          proxyHolderId: method === "proxy" ? input.proxyHolderId! : null,
          at: now,
          recordedBy: ctx.user.id,
        })
        .onConflictDoNothing();
      const present = await presentCount(ctx.db, m.id);
      return {
        present,
        eligible: m.eligibleCount ?? 0,
        quorumNeeded: m.quorumNeeded,
        quorumMet: m.quorumNeeded !== null && present >= m.quorumNeeded,
      };
    },
  ),

  /** A resident: whether they are checked in (themself, by staff or by a proxy), so a rescan shows it. */
  myAttendance: communityProcedure(["resident"], meetingIdInput, byMeetingId).query(async ({ ctx, input }) => {
    const m = await loadMeeting(ctx.db, ctx.scope, input.id);
    const row = ctx.user.residentId
      ? (
          await ctx.db
            .select({ method: meetingAttendance.method, at: meetingAttendance.at })
            .from(meetingAttendance)
            .where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.residentId, ctx.user.residentId)))
        )[0]
      : undefined;
    return { checkedIn: Boolean(row), method: row?.method ?? null, at: row?.at ?? null };
  }),

  /** Staff: find residents on the roll to check them in, with whether they are present. */
  searchRoll: communityProcedure(KEEPERS, rollSearchInput, byMeetingRef).query(async ({ ctx, input }) => {
    const m = await loadMeeting(ctx.db, ctx.scope, input.meetingId);
    const q = input.q.replace(/[%_]/g, "");
    return ctx.db
      .select({
        id: residents.id,
        name: residents.name,
        address: households.address,
        present: sql<number>`EXISTS (SELECT 1 FROM meeting_attendance a WHERE a.meeting_id = ${m.id} AND a.resident_id = residents.id)`,
      })
      .from(meetingRoll)
      .innerJoin(residents, eq(residents.id, meetingRoll.residentId))
      .leftJoin(households, eq(households.id, residents.householdId))
      .where(
        and(
          eq(meetingRoll.meetingId, m.id),
          q ? or(sql`instr(${residents.name}, ${q}) > 0`, sql`instr(${households.address}, ${q}) > 0`) : undefined,
        ),
      )
      .orderBy(asc(residents.name))
      .limit(20);
  }),

  /** The projectable live view: present / eligible / needed (no names). */
  live: communityProcedure(
    ["community_admin", "community_staff", "supervisor", "resident"],
    meetingIdInput,
    byMeetingId,
  ).query(async ({ ctx, input }) => {
    const m = await loadMeeting(ctx.db, ctx.scope, input.id);
    const [[present], [proxies]] = await ctx.db.batch([
      ctx.db.select({ n: count() }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, m.id)),
      ctx.db
        .select({ n: count() })
        .from(meetingAttendance)
        .where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.method, "proxy"))),
    ]);
    return {
      title: m.title,
      status: m.status,
      eligible: m.eligibleCount ?? 0,
      quorumNeeded: m.quorumNeeded,
      present: present.n,
      proxies: proxies.n,
      quorumMet: m.quorumNeeded !== null && present.n >= m.quorumNeeded,
    };
  }),

  /**
   * Record an item's counts (show of hands). Refused without quorum, saying why; the result
   * follows the rule set; a passed item becomes a decision in the registry, in the same batch.
   */
  recordItemVote: communityProcedure(KEEPERS, itemVoteInput, byItemId).mutation(async ({ ctx, input }) => {
    const item = (await ctx.db.select().from(meetingItems).where(eq(meetingItems.id, input.itemId)))[0];
    const m = await loadMeeting(ctx.db, ctx.scope, item.meetingId);
    if (m.status !== "open") throw fail.bad("meeting.notOpen");
    if (item.result) throw fail.bad("meeting.itemDecided");
    const present = await presentCount(ctx.db, m.id);
    const rule = ruleFor(m.ruleSet as RuleSetId, m.kind as MeetingKind)!;
    if (rule.decision && (m.quorumNeeded === null || present < m.quorumNeeded))
      throw fail.bad("meeting.noQuorum", undefined, {
        present,
        eligible: m.eligibleCount ?? 0,
        needed: m.quorumNeeded ?? 0,
      });
    const total = input.votesFor + input.votesAgainst + input.votesAbstain;
    if (total > present) throw fail.bad("meeting.tooManyVotes", "votesFor", { total, present });
    const outcome = decideItem(m.ruleSet as RuleSetId, m.kind as MeetingKind, present, input.votesFor);
    const now = Date.now();
    await runBatch(ctx.db, [
      ctx.db
        .update(meetingItems)
        .set({
          result: outcome.result,
          votesFor: input.votesFor,
          votesAgainst: input.votesAgainst,
          votesAbstain: input.votesAbstain,
          presentAtVote: present,
          outcomeNote: input.outcomeNote ?? null,
          decidedAt: now,
        })
        .where(and(eq(meetingItems.id, item.id), isNull(meetingItems.result))),
      ...(outcome.result === "passed"
        ? [
            ctx.db.insert(decisions).values({
              id: newId(now),
              communityId: ctx.scope.communityId,
              meetingId: m.id,
              itemId: item.id,
              title: item.title,
              resolution: item.proposedResolution || item.title,
              decidedAt: now,
              status: "planned",
              progress: 0,
              updatedAt: now,
            }),
          ]
        : []),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "meeting.recordItemVote",
        "meetingItem",
        item.id,
        undefined,
        { ...input, present, result: outcome.result },
        now,
      ),
    ]);
    return { result: outcome.result, needed: outcome.needed, present };
  }),

  /** Close the meeting; draft minutes are filled in with the figures from the roll. */
  close: communityProcedure(KEEPERS, meetingIdInput, byMeetingId).mutation(async ({ ctx, input }) => {
    const m = await loadMeeting(ctx.db, ctx.scope, input.id);
    if (m.status !== "open") throw fail.bad("meeting.notOpen");
    const [items, [present], [proxies]] = await ctx.db.batch([
      ctx.db.select().from(meetingItems).where(eq(meetingItems.meetingId, m.id)).orderBy(asc(meetingItems.seq)),
      ctx.db.select({ n: count() }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, m.id)),
      ctx.db
        .select({ n: count() })
        .from(meetingAttendance)
        .where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.method, "proxy"))),
    ]);
    const now = Date.now();
    const resultText = { passed: "通过", failed: "未通过", advisory: "已听取意见" } as const;
    const minutes = [
      `# ${m.title} 会议纪要`,
      "",
      `- 会议类型：${m.subkind ?? KIND_LABEL[m.kind as MeetingKind]}（规则 ${m.ruleSet}）`,
      `- 时间：${beijing(m.startsAt)}；地点：${m.place}`,
      `- 应到 ${m.eligibleCount ?? 0} 人，实到 ${present.n} 人（其中书面委托 ${proxies.n} 人），法定人数 ${m.quorumNeeded ?? 0} 人，${m.quorumNeeded !== null && present.n >= m.quorumNeeded ? "达到" : "未达到"}法定人数。`,
      "",
      "## 议题与表决结果",
      "",
      ...items.map(
        (it) =>
          `${it.seq}. ${it.title}：${it.result ? `${resultText[it.result]}${it.votesFor !== null ? `（赞成 ${it.votesFor}，反对 ${it.votesAgainst}，弃权 ${it.votesAbstain}）` : ""}` : "未表决"}${it.outcomeNote ? `。${it.outcomeNote}` : ""}`,
      ),
    ].join("\n");
    await ctx.db.batch([
      ctx.db
        .update(meetings)
        .set({
          status: "closed",
          closedAt: now,
          presentAtClose: present.n,
          minutesMd: m.minutesMd ?? minutes,
          updatedAt: now,
        })
        .where(eq(meetings.id, m.id)),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "meeting.close",
        "meeting",
        m.id,
        { status: "open" },
        { status: "closed", present: present.n },
        now,
      ),
    ]);
    return { status: "closed" as const, minutesMd: m.minutesMd ?? minutes };
  }),

  /** Publish the minutes as a notice (a new version if published before) and into the transparency log. */
  publishMinutes: communityProcedure(KEEPERS, publishMinutesInput, byMeetingId).mutation(async ({ ctx, input }) => {
    const m = await loadMeeting(ctx.db, ctx.scope, input.id);
    if (m.status !== "closed") throw fail.bad("meeting.notClosed");
    const now = Date.now();
    const record = (noticeId: string) => [
      ctx.db
        .update(meetings)
        .set({ minutesMd: input.minutesMd, minutesNoticeId: noticeId, updatedAt: now })
        .where(eq(meetings.id, m.id)),
      scopedAudit(ctx.scope, ctx.user)(ctx.db, "meeting.publishMinutes", "meeting", m.id, undefined, { noticeId }, now),
    ];
    let noticeId = m.minutesNoticeId;
    if (noticeId) {
      const notice = (await ctx.db.select().from(notices).where(eq(notices.id, noticeId)))[0];
      await publishVersion(
        ctx.db,
        ctx.scope,
        notice,
        {
          category: "affairs",
          title: notice.title,
          bodyMd: input.minutesMd,
          changeNote: "更新会议纪要",
          attachmentIds: [],
        },
        ctx.user,
        "meeting.minutes",
        now,
        { after: record(noticeId) },
      );
    } else {
      noticeId = await publishNotice(
        ctx.db,
        ctx.scope,
        ctx.user,
        `会议纪要：${m.title}`,
        input.minutesMd,
        "meeting.minutes",
        record,
      );
    }
    return { noticeId };
  }),

  /** Street office: for every community, whether the meetings its kind requires were held in time. */
  compliance: streetProcedure(["street_admin", "street_viewer"]).query(async ({ ctx }) => {
    const [rows, held] = await ctx.db.batch([
      ctx.db
        .select({ id: communities.id, slug: communities.slug, name: communities.name, kind: communities.kind })
        .from(communities)
        .where(eq(communities.streetId, ctx.streetId))
        .orderBy(asc(communities.name)),
      ctx.db
        .select({
          communityId: meetings.communityId,
          kind: meetings.kind,
          startsAt: meetings.startsAt,
          quorumNeeded: meetings.quorumNeeded,
          present: meetings.presentAtClose,
        })
        .from(meetings)
        .innerJoin(communities, eq(communities.id, meetings.communityId))
        .where(and(eq(communities.streetId, ctx.streetId), eq(meetings.status, "closed"))),
    ]);
    const now = Date.now();
    return rows.map((c) => {
      const mine = held.filter((h) => h.communityId === c.id);
      return {
        communityId: c.id,
        slug: c.slug,
        name: c.name,
        kind: c.kind,
        required: meetingCompliance(defaultRuleSet(c.kind), mine, now),
        held: mine.length,
        quorate: mine.filter((h) => h.quorumNeeded !== null && (h.present ?? 0) >= h.quorumNeeded).length,
      };
    });
  }),
});

export const decisionsRouter = router({
  /** Public: the decisions registry with each decision's latest state. */
  list: publicProcedure.input(decisionListInput).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    return decisionRegistry(dbFor(ctx.env, scope.streetId), scope.communityId);
  }),

  /** Staff post how a decision is being carried out (public timeline). */
  addUpdate: communityProcedure(KEEPERS, decisionUpdateInput, byDecisionId).mutation(async ({ ctx, input }) => {
    const now = Date.now();
    const updateId = newId(now);
    if (input.attachmentIds.length) {
      const pending = await ctx.db
        .select({ id: attachments.id })
        .from(attachments)
        .where(
          and(
            inArray(attachments.id, input.attachmentIds),
            eq(attachments.decisionId, input.decisionId),
            isNull(attachments.decisionUpdateId),
          ),
        );
      if (pending.length !== new Set(input.attachmentIds).size)
        throw fail.bad("attachment.notPending", "attachmentIds");
    }
    await runBatch(ctx.db, [
      ctx.db.insert(decisionUpdates).values({
        id: updateId,
        decisionId: input.decisionId,
        communityId: ctx.scope.communityId,
        at: now,
        status: input.status,
        progress: input.progress,
        note: input.note,
        actorName: ctx.user.displayName,
      }),
      ctx.db
        .update(decisions)
        .set({ status: input.status, progress: input.progress, updatedAt: now })
        .where(eq(decisions.id, input.decisionId)),
      ...(input.attachmentIds.length
        ? [
            ctx.db
              .update(attachments)
              .set({ decisionUpdateId: updateId, publishedAt: now })
              .where(
                and(
                  inArray(attachments.id, input.attachmentIds),
                  eq(attachments.decisionId, input.decisionId),
                  isNull(attachments.decisionUpdateId),
                ),
              ),
          ]
        : []),
      scopedAudit(ctx.scope, ctx.user)(
        ctx.db,
        "decision.addUpdate",
        "decision",
        input.decisionId,
        undefined,
        input,
        now,
      ),
    ]);
    return { ok: true, id: updateId };
  }),
});
