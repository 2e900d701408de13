import { Hono, type Context } from "hono";
import { cors } from "hono/cors";
import { etag } from "hono/etag";
import { openDataScope, publicCache } from "../public-cache";
import { and, asc, eq, gt, gte, isNull, lt, sql } from "drizzle-orm";
import {
  communities,
  polls,
  shifts,
  streets,
  teamMembers,
  transparencyLog,
  volunteers,
  volunteerTeams,
} from "../../db/schema";
import { toCsv } from "../../shared/csv";
import { NOTICE_CATEGORY_CODES, type NoticeCategory } from "../../shared/rules/categories";
import { dbFor } from "../db";
import type { Env } from "../env";
import { DomainError } from "../errors";
import { langOf } from "../lang";
import { translate } from "../../shared/i18n/errors";
import { communityBySlugs } from "../services/community";
import { getPublished, listPublished, publishedVersions, publishedWithdrawals } from "../services/notice-views";
import { logColumns } from "../routers/transparency";
import { caseStats } from "../services/case-stats";
import { publishedPeriod, publishedPeriods } from "../services/finance-views";
import { decisionRegistry } from "../services/decisions";
import { current as currentPoll } from "../services/polls";
import { choiceLabel, publicPollList, publicView, publishedBallots } from "../services/poll-views";
import { teamMinutes } from "../services/volunteers";
import { publishedAssessment } from "../services/assessment";
import { shanghaiDate, shanghaiMonthStart, shanghaiYearStart } from "../../shared/rules/eligibility";
import { hoursOf } from "../../shared/rules/volunteers";
import { isPeriodKey } from "../../shared/rules/finance";
import { formatYuan } from "../../shared/rules/money";

type C = Context<{ Bindings: Env }>;

/**
 * Read-only open data of everything published: JSON and CSV, CORS open, ETag + short
 * Cache-Control so CDNs and clients revalidate cheaply (304).
 */
export const openData = new Hono<{ Bindings: Env }>();

openData.use("*", cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"] }));
openData.use("*", etag());
openData.use("*", async (c, next) => {
  await next();
  if (c.res.status === 200) c.res.headers.set("Cache-Control", "public, max-age=60, must-revalidate");
});
openData.use("*", publicCache(openDataScope));
openData.onError((err, c) => {
  if (err instanceof DomainError) {
    const status = err.code === "NOT_FOUND" ? 404 : 400;
    return c.json({ error: { code: err.code, message: translate(err.key, langOf(c.req.raw), err.params) } }, status);
  }
  console.error(err);
  return c.json({ error: { code: "INTERNAL_SERVER_ERROR", message: "server error" } }, 500);
});

const csvResponse = (c: C, name: string, body: string) =>
  c.body(body, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${name}"`,
  });

openData.get("/communities", async (c) => {
  const rows = await dbFor(c.env, null)
    .select({ street: streets.slug, community: communities.slug, name: communities.name, kind: communities.kind })
    .from(communities)
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .orderBy(asc(streets.slug), asc(communities.slug));
  return c.json({ items: rows });
});

/** A street office's published assessment results (考核): the latest year, or `/{year}`. */
async function assessment(c: C, year: number | undefined) {
  const db = dbFor(c.env, null);
  const street = (
    await db
      .select({ id: streets.id, slug: streets.slug, name: streets.name })
      .from(streets)
      .where(eq(streets.slug, c.req.param("street")!))
  )[0];
  if (!street) throw new DomainError("NOT_FOUND", "notFound.record");
  const result = await publishedAssessment(dbFor(c.env, street.id), street.id, year);
  return c.json({ street: street.slug, name: street.name, ...result });
}
openData.get("/:street/assessment", (c) => assessment(c, undefined));
openData.get("/:street/assessment/:year{[0-9]{4}}", (c) => assessment(c, Number(c.req.param("year"))));

function scopeOf(c: C) {
  return communityBySlugs(dbFor(c.env, null), c.req.param("street")!, c.req.param("community")!);
}

async function noticeList(c: C) {
  const scope = await scopeOf(c);
  const category = c.req.query("category");
  const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 50) || 50, 1), 200);
  return listPublished(dbFor(c.env, scope.streetId), scope, {
    category: NOTICE_CATEGORY_CODES.includes(category as NoticeCategory) ? (category as NoticeCategory) : undefined,
    cursor: c.req.query("cursor"),
    limit,
  });
}

openData.get("/:street/:community/notices.csv", async (c) => {
  const { items, nextCursor } = await noticeList(c);
  // Large communities page through the CSV too: the next page's address is in the Link header.
  if (nextCursor) {
    const next = new URL(c.req.url);
    next.searchParams.set("cursor", nextCursor);
    c.header("Link", `<${next.pathname}${next.search}>; rel="next"`);
  }
  const csv = toCsv(
    ["id", "category", "title", "status", "version", "first_published_at", "last_published_at", "withdrawn_at"],
    items.map((n) => [
      n.id,
      n.category,
      n.title,
      n.status,
      n.version,
      iso(n.firstPublishedAt),
      iso(n.lastPublishedAt),
      iso(n.withdrawnAt),
    ]),
  );
  return csvResponse(c, `${c.req.param("community")}-notices.csv`, csv);
});

openData.get("/:street/:community/notices", async (c) => c.json(await noticeList(c)));

/**
 * One notice: the shown version's full published content (`?version=N` picks another) and the
 * record of every version, so anyone can recompute each version's hash.
 */
openData.get("/:street/:community/notices/:id", async (c) => {
  const scope = await scopeOf(c);
  const db = dbFor(c.env, scope.streetId);
  const version = Number(c.req.query("version")) || undefined;
  const notice = await getPublished(db, scope, c.req.param("id"), version);
  return c.json({ street: scope.streetSlug, community: scope.communitySlug, ...notice });
});

/**
 * Every published version of every notice, oldest first, 200 a page (`?after=` the `next` of the
 * page before), and on the first page every withdrawal: a verifier recomputes all of a community's
 * notice hashes in a few requests instead of one per version.
 */
openData.get("/:street/:community/notice-versions", async (c) => {
  const scope = await scopeOf(c);
  const db = dbFor(c.env, scope.streetId);
  const after = c.req.query("after");
  const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 200) || 200, 1), 500);
  const [versions, withdrawals] = await Promise.all([
    publishedVersions(db, scope, { after, limit }),
    after ? null : publishedWithdrawals(db, scope),
  ]);
  return c.json({
    street: scope.streetSlug,
    community: scope.communitySlug,
    ...versions,
    withdrawals: withdrawals?.map((w) => ({ ...w, reason: w.reason ?? "" })) ?? null,
  });
});

openData.get("/:street/:community/transparency", async (c) => {
  const scope = await scopeOf(c);
  const after = Number(c.req.query("after") ?? 0) || 0;
  const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 500) || 500, 1), 1000);
  const rows = await dbFor(c.env, scope.streetId)
    .select(logColumns)
    .from(transparencyLog)
    .where(and(eq(transparencyLog.communityId, scope.communityId), gt(transparencyLog.seq, after)))
    .orderBy(asc(transparencyLog.seq))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return c.json({
    street: scope.streetSlug,
    community: scope.communitySlug,
    items,
    next: rows.length > limit ? items[items.length - 1].seq : null,
  });
});

openData.get("/:street/:community/finance", async (c) => {
  const scope = await scopeOf(c);
  const periods = await publishedPeriods(dbFor(c.env, scope.streetId), scope.communityId);
  return c.json({ street: scope.streetSlug, community: scope.communitySlug, items: periods });
});

/** One published period: `{yyyy-mm}` or `{yyyy}-Q{n}`, JSON or `.csv` (amounts in yuan, names masked). */
openData.get("/:street/:community/finance/:period", async (c) => {
  const raw = c.req.param("period");
  const csv = raw.endsWith(".csv");
  const key = csv ? raw.slice(0, -4) : raw;
  if (!isPeriodKey(key)) throw new DomainError("NOT_FOUND", "notFound.record");
  const scope = await scopeOf(c);
  const period = await publishedPeriod(dbFor(c.env, scope.streetId), scope.communityId, key);
  if (!csv) return c.json({ street: scope.streetSlug, community: scope.communitySlug, ...period });
  const body = toCsv(
    ["id", "date", "direction", "category", "amount_yuan", "summary", "counterparty", "voucher_no", "adjusts_entry_id"],
    [
      ["", period.startsOn, "opening_balance", "", formatYuan(period.openingBalanceFen, false), "期初余额", "", "", ""],
      ...period.entries.map((e) => [
        e.id,
        e.date,
        e.direction,
        e.category,
        formatYuan(e.amountFen, false),
        e.summary,
        e.counterparty,
        e.voucherNo,
        e.adjustsEntryId ?? "",
      ]),
      ["", period.endsOn, "closing_balance", "", formatYuan(period.closingBalanceFen, false), "期末余额", "", "", ""],
    ],
  );
  return csvResponse(c, `${scope.communitySlug}-finance-${key}.csv`, body);
});

/** 重大事项决策登记 with each decision's implementation updates; `.csv` has one row per decision. */
openData.get("/:street/:community/decisions", async (c) => {
  const scope = await scopeOf(c);
  const items = await decisionRegistry(dbFor(c.env, scope.streetId), scope.communityId);
  return c.json({ street: scope.streetSlug, community: scope.communitySlug, items });
});

openData.get("/:street/:community/decisions.csv", async (c) => {
  const scope = await scopeOf(c);
  const items = await decisionRegistry(dbFor(c.env, scope.streetId), scope.communityId);
  const body = toCsv(
    ["id", "title", "resolution", "decided_at", "meeting", "status", "progress", "last_update"],
    items.map((d) => [
      d.id,
      d.title,
      d.resolution,
      iso(d.decidedAt),
      d.meetingTitle,
      d.status,
      d.progress,
      d.updates[0]?.note ?? "",
    ]),
  );
  return csvResponse(c, `${scope.communitySlug}-decisions.csv`, body);
});

function iso(ms: number | null): string {
  return ms ? new Date(ms).toISOString() : "";
}

async function pollOf(c: C) {
  const scope = await scopeOf(c);
  const db = dbFor(c.env, scope.streetId);
  const row = (
    await db
      .select()
      .from(polls)
      .where(and(eq(polls.id, c.req.param("id")!), eq(polls.communityId, scope.communityId)))
  )[0];
  if (!row || row.status === "draft") throw new DomainError("NOT_FOUND", "notFound.record");
  return { scope, db, poll: await currentPoll(db, row) };
}

/** Votes and consultations (not drafts), newest first. */
openData.get("/:street/:community/polls", async (c) => {
  const scope = await scopeOf(c);
  const items = await publicPollList(dbFor(c.env, scope.streetId), scope.communityId);
  return c.json({ street: scope.streetSlug, community: scope.communitySlug, items });
});

/**
 * One poll: its rules, the roll size fixed at opening and, once closed, the tally and the hash of
 * every ballot. `ballots.csv` lists the ballots by receipt so anyone can recount and each voter
 * can find theirs; the transparency log holds the same result hash.
 */
openData.get("/:street/:community/polls/:id", async (c) => {
  const { scope, db, poll } = await pollOf(c);
  const view = await publicView(db, poll);
  return c.json({
    street: scope.streetSlug,
    community: scope.communitySlug,
    ...view,
    ballotsCsv:
      poll.status === "closed"
        ? `/api/open/v1/${scope.streetSlug}/${scope.communitySlug}/polls/${poll.id}/ballots.csv`
        : null,
  });
});

openData.get("/:street/:community/polls/:id/ballots.csv", async (c) => {
  const { scope, db, poll } = await pollOf(c);
  if (poll.status !== "closed") throw new DomainError("NOT_FOUND", "notFound.record");
  const ballots = await publishedBallots(db, poll);
  const header = poll.secret ? ["receipt", "choice", "choice_label"] : ["receipt", "voter", "choice", "choice_label"];
  const rows = ballots.map((b) =>
    poll.secret
      ? [b.receipt, b.choice, choiceLabel(poll.options, b.choice)]
      : [b.receipt, b.voter, b.choice, choiceLabel(poll.options, b.choice)],
  );
  return csvResponse(c, `${scope.communitySlug}-poll-${poll.id}-ballots.csv`, toCsv(header, rows));
});

/**
 * Volunteering in aggregate only (Art 20: no volunteer's name or record): each public team's
 * members and hours this month and year, and this month's shifts planned and filled.
 */
openData.get("/:street/:community/volunteering", async (c) => {
  const scope = await scopeOf(c);
  const db = dbFor(c.env, scope.streetId);
  const now = Date.now();
  const month = shanghaiMonthStart(now);
  const year = shanghaiYearStart(now);
  const far = now + 366 * 86_400_000;
  const [teams, members, byMonth, byYear, planned] = await db.batch([
    db
      .select({ id: volunteerTeams.id, name: volunteerTeams.name, kind: volunteerTeams.kind })
      .from(volunteerTeams)
      .where(
        and(
          eq(volunteerTeams.communityId, scope.communityId),
          eq(volunteerTeams.isPublic, true),
          isNull(volunteerTeams.archivedAt),
        ),
      )
      .orderBy(asc(volunteerTeams.name)),
    db
      .select({ teamId: teamMembers.teamId, n: sql<number>`count(*)` })
      .from(teamMembers)
      .innerJoin(volunteers, eq(volunteers.id, teamMembers.volunteerId))
      .where(
        and(
          eq(volunteers.communityId, scope.communityId),
          eq(teamMembers.status, "active"),
          eq(volunteers.status, "active"),
        ),
      )
      .groupBy(teamMembers.teamId),
    teamMinutes(db, scope.communityId, month, far),
    teamMinutes(db, scope.communityId, year, far),
    db
      .select({
        teamId: shifts.teamId,
        shifts: sql<number>`count(*)`,
        places: sql<number>`coalesce(sum(${shifts.capacity}), 0)`,
        filled: sql<number>`coalesce(sum((SELECT count(*) FROM shift_signups s WHERE s.shift_id = "shifts"."id" AND s.cancelled_at IS NULL)), 0)`,
      })
      .from(shifts)
      .where(
        and(
          eq(shifts.communityId, scope.communityId),
          isNull(shifts.cancelledAt),
          gte(shifts.startsAt, month),
          lt(shifts.startsAt, shanghaiMonthStart(month + 32 * 86_400_000)),
        ),
      )
      .groupBy(shifts.teamId),
  ]);
  const hours = (rows: { teamId: string; minutes: number }[], id: string) =>
    hoursOf(Number(rows.find((r) => r.teamId === id)?.minutes ?? 0));
  return c.json({
    street: scope.streetSlug,
    community: scope.communitySlug,
    month: shanghaiDate(now).slice(0, 7),
    teams: teams.map((t) => {
      const p = planned.find((x) => x.teamId === t.id);
      return {
        ...t,
        members: Number(members.find((m) => m.teamId === t.id)?.n ?? 0),
        hoursThisMonth: hours(byMonth, t.id),
        hoursThisYear: hours(byYear, t.id),
        shiftsThisMonth: Number(p?.shifts ?? 0),
        placesThisMonth: Number(p?.places ?? 0),
        placesFilledThisMonth: Number(p?.filled ?? 0),
      };
    }),
  });
});

/** Residents' cases in figures only: by kind and month, closed in time, mediation success, satisfaction. */
openData.get("/:street/:community/cases", async (c) => {
  const scope = await scopeOf(c);
  const stats = await caseStats(dbFor(c.env, scope.streetId), scope.communityId);
  return c.json({ street: scope.streetSlug, community: scope.communitySlug, ...stats });
});
