import { and, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { communities, meetings, monitorDays, monitorRolling, notices, residents, streets } from "../../db/schema";
import { shanghaiDate } from "../../shared/rules/eligibility";
import {
  addDays,
  deadlineState,
  endedPeriodsSince,
  financeSettingsOf,
  periodOf,
  periodRange,
  previousPeriod,
  latestPeriodEnd,
} from "../../shared/rules/finance";
import { defaultRuleSet, monthsBefore } from "../../shared/rules/meetings";
import { ANSWER_DAYS } from "../../shared/rules/objections";
import {
  addCounts,
  DAY_COUNT_FIELDS,
  DAY_MS,
  dayStart,
  indicatorValues,
  matchStartOf,
  quarterDisclosedAt,
  requiredMeetings,
  sumRequired,
  zeroCounts,
  type DayCounts,
  type Levels,
  type RequiredLine,
} from "../../shared/rules/monitor";
import { guardedBatch, type DB } from "../db";
import {
  activeSince,
  dayCounts,
  firstPeriodSql,
  inScope,
  ROLLING_DAYS,
  rollingStatements,
  scopeCommunities,
  snapshotStreet,
  type MonitorScope,
} from "./monitor-days";

const num = (v: unknown) => Number(v ?? 0);

const sums = Object.fromEntries(
  DAY_COUNT_FIELDS.map((f) => [f, sql<number>`coalesce(sum(${monitorDays[f]}), 0)`.as(f)]),
) as Record<keyof DayCounts, SQL.Aliased<number>>;

/** An overdue disclosure: a finance period or a quarter's general affairs, with days late now. */
export type Overdue = { kind: "finance" | "general"; period: string; dueOn: string; daysLate: number };

/**
 * Ended periods after the last one disclosed, still unpublished past their deadline. Finance
 * periods publish in order (a gap blocks publication), so everything after the last published
 * one is open; a quarter's general disclosure is made by any affairs notice after it began.
 */
export function overdueSince(
  frequency: "monthly" | "quarterly",
  createdAt: number,
  lastDone: string | null,
  deadlineDays: number,
  kind: Overdue["kind"],
  now: number,
): Overdue[] {
  const first = lastDone ? periodOf(addDays(lastDone, 1), frequency) : periodOf(shanghaiDate(createdAt), frequency);
  return endedPeriodsSince(first, now)
    .slice(-60)
    .map((k) => ({ k, ...deadlineState(k, null, now, deadlineDays) }))
    .filter((s) => s.state === "overdue")
    .map((s) => ({ kind, period: s.k, dueOn: s.dueOn, daysLate: s.daysLate }));
}

/** The four quarters before the current one: how far back an undisclosed quarter is listed. */
function overdueQuarters(now: number): string[] {
  const out: string[] = [];
  for (let k = previousPeriod(periodOf(shanghaiDate(now), "quarterly")); out.length < 4; k = previousPeriod(k))
    out.unshift(k);
  return out;
}

/**
 * The state of each community now: overdue disclosures, unanswered queries, red and escalated
 * cases. One query of per-community index seeks (correlated subqueries), so the cost follows the
 * number of communities and of open items, not the history behind them.
 */
export async function levelsNow(db: DB, s: MonitorScope, now: number) {
  const answerBy = now - ANSWER_DAYS * DAY_MS;
  const open = sql.raw(`('accept', 'handle', 'verify')`);
  const recent = overdueQuarters(now);
  const [rows, [street], held, affairs] = await db.batch([
    db
      .select({
        id: communities.id,
        slug: communities.slug,
        name: communities.name,
        kind: communities.kind,
        createdAt: communities.createdAt,
        firstPeriod: firstPeriodSql.as("first_period"),
        // Monthly and quarterly keys do not sort together ("2026-Q1" > "2026-04"): the last of each.
        lastMonth: sql<
          string | null
        >`(SELECT max("f"."period") FROM "finance_periods" "f" WHERE "f"."community_id" = "communities"."id" AND "f"."status" = 'published' AND "f"."period" NOT LIKE '%Q%')`,
        lastQuarter: sql<
          string | null
        >`(SELECT max("f"."period") FROM "finance_periods" "f" WHERE "f"."community_id" = "communities"."id" AND "f"."status" = 'published' AND "f"."period" LIKE '%Q%')`,
        unanswered: sql<number>`(SELECT count(*) FROM "notice_objections" "o" WHERE "o"."community_id" = "communities"."id" AND "o"."answered_at" IS NULL AND "o"."created_at" < ${answerBy})`,
        red: sql<number>`(SELECT count(*) FROM "cases" "k" WHERE "k"."community_id" = "communities"."id" AND "k"."status" IN ${open} AND "k"."stage_due_at" < ${now})`,
        escalated: sql<number>`(SELECT count(*) FROM "cases" "k" WHERE "k"."community_id" = "communities"."id" AND "k"."status" IN ${open} AND "k"."escalated_at" IS NOT NULL)`,
      })
      .from(communities)
      .where(s.communityId ? eq(communities.id, s.communityId) : eq(communities.streetId, s.streetId))
      .orderBy(communities.name),
    db.select({ settings: streets.settings }).from(streets).where(eq(streets.id, s.streetId)),
    db
      .select({ communityId: meetings.communityId, kind: meetings.kind, startsAt: meetings.startsAt })
      .from(meetings)
      .where(
        and(
          inScope(meetings.communityId, s),
          eq(meetings.status, "closed"),
          gte(meetings.startsAt, monthsBefore(now, 13)),
          lte(meetings.startsAt, now),
        ),
      ),
    db
      .select({ communityId: notices.communityId, at: sql<number>`"first_published_at"`.as("at") })
      .from(notices)
      .where(
        and(
          inScope(notices.communityId, s),
          eq(notices.category, "affairs"),
          gte(notices.firstPublishedAt, matchStartOf(recent[0])),
          lte(notices.firstPublishedAt, now),
        ),
      )
      .orderBy(notices.firstPublishedAt),
  ]);
  const settings = street?.settings ?? {};
  return rows.map(({ firstPeriod, lastMonth, lastQuarter, ...c }) => {
    c.createdAt = activeSince(c.createdAt, firstPeriod);
    const finance = financeSettingsOf(settings, c.kind);
    const published = affairs.filter((a) => a.communityId === c.id).map((a) => num(a.at));
    const overdue = [
      ...overdueSince(
        finance.frequency,
        c.createdAt,
        latestPeriodEnd(lastMonth, lastQuarter),
        finance.deadlineDays,
        "finance",
        now,
      ),
      // The last four quarters' general disclosures, each matched to its own affairs notice.
      ...recent
        .filter((q) => periodRange(q).endsOn >= shanghaiDate(c.createdAt))
        .filter((q) => quarterDisclosedAt(q, c.createdAt, published) === null)
        .map((q) => ({ q, ...deadlineState(q, null, now, finance.deadlineDays) }))
        .filter((q) => q.state === "overdue")
        .map((q) => ({ kind: "general" as const, period: q.q, dueOn: q.dueOn, daysLate: q.daysLate })),
    ];
    const from = Math.max(monthsBefore(now, 12), c.createdAt);
    const required = requiredMeetings(
      defaultRuleSet(c.kind),
      held.filter((h) => h.communityId === c.id),
      from,
      now,
    );
    return {
      id: c.id,
      slug: c.slug,
      name: c.name,
      kind: c.kind,
      activeSince: c.createdAt,
      overdue,
      required,
      unanswered: num(c.unanswered),
      red: num(c.red),
      escalated: num(c.escalated),
    };
  });
}

/**
 * Catch the street's snapshots up, then sum the days from `fromDay` to `toDay` per community; a
 * window reaching today adds today's figures live.
 */
async function windowCounts(db: DB, s: MonitorScope, fromDay: string, toDay: string, now: number) {
  const through = await snapshotStreet(db, s.streetId, now);
  const today = shanghaiDate(now);
  const throughDay = toDay < through ? toDay : through;
  const info = await scopeCommunities(db, s);
  const todayCounts =
    toDay >= today && through < today
      ? dayCounts(db, s, info, dayStart(today), now, false)
      : Promise.resolve(new Map<string, Map<string, Partial<DayCounts>>>());
  type Sums = Partial<DayCounts> & { communityId: string; residents?: number | null };
  let base: { sums: Sums[]; people: { communityId: string; residents: number | null }[] } | null = null;
  // The overview's window: the nightly rolling sums (one row per community) plus today.
  if (fromDay === shanghaiDate(dayStart(through) - (ROLLING_DAYS - 1) * DAY_MS) && toDay >= today) {
    // Fresh or stale is the street's, not one community's: a community with no snapshot days has no
    // row, and that must not rebuild the whole street's sums on every read of it.
    const read = () => db.select().from(monitorRolling).where(eq(monitorRolling.streetId, s.streetId));
    let rolling = await read();
    // Snapshots from before the rolling sums existed: build them once.
    if (!rolling.length || rolling.some((r) => r.throughDay !== through)) {
      await guardedBatch(db, rollingStatements(s.streetId, through));
      rolling = await read();
    }
    if (rolling.length && rolling.every((r) => r.throughDay === through)) {
      const mine = s.communityId ? rolling.filter((r) => r.communityId === s.communityId) : rolling;
      base = { sums: mine, people: mine };
    }
  }
  if (!base) {
    const scoped = s.communityId ? eq(monitorDays.communityId, s.communityId) : eq(monitorDays.streetId, s.streetId);
    const [sums_, people] = await db.batch([
      db
        .select({ communityId: monitorDays.communityId, ...sums })
        .from(monitorDays)
        .where(and(scoped, gte(monitorDays.day, fromDay), lte(monitorDays.day, throughDay)))
        .groupBy(monitorDays.communityId),
      db
        .select({ communityId: monitorDays.communityId, residents: monitorDays.residents })
        .from(monitorDays)
        .where(and(scoped, eq(monitorDays.day, through))),
    ]);
    base = { sums: sums_, people };
  }
  const live = await todayCounts;
  const counts = new Map<string, DayCounts>();
  for (const c of info.list) {
    const total = addCounts(zeroCounts(), base.sums.find((r) => r.communityId === c.id) ?? {});
    for (const d of live.get(c.id)?.values() ?? []) addCounts(total, d);
    counts.set(c.id, total);
  }
  const residentsOf = new Map(base.people.map((p) => [p.communityId, p.residents]));
  await liveResidents(db, s, info.list, residentsOf);
  return { counts, residentsOf, throughDay: through };
}

/** A community created after the last run has no snapshot yet: count its residents live. */
async function liveResidents(db: DB, s: MonitorScope, list: { id: string }[], residentsOf: Map<string, number | null>) {
  const missing = list.filter((c) => residentsOf.get(c.id) == null).map((c) => c.id);
  if (!missing.length) return;
  const live = await db
    .select({ communityId: residents.communityId, n: sql<number>`count(*)` })
    .from(residents)
    .where(and(inScope(residents.communityId, s), eq(residents.status, "active")))
    .groupBy(residents.communityId);
  for (const id of missing) residentsOf.set(id, num(live.find((r) => r.communityId === id)?.n));
}

/** Every community of the street (or one) side by side: the last 365 days' rates and the state now. */
export async function overview(db: DB, s: MonitorScope, now = Date.now()) {
  const fromDay = shanghaiDate(now - 365 * DAY_MS);
  const [levels, window] = await Promise.all([
    levelsNow(db, s, now),
    windowCounts(db, s, addDays(fromDay, 1), shanghaiDate(now), now),
  ]);
  return {
    asOf: now,
    snapshotThrough: window.throughDay,
    rows: levels.map((l) => rowOf(l, window.counts.get(l.id) ?? zeroCounts(), num(window.residentsOf.get(l.id)))),
  };
}

function rowOf(l: Awaited<ReturnType<typeof levelsNow>>[number], counts: DayCounts, residentCount: number) {
  const levels: Levels = {
    overdueFinance: l.overdue.filter((o) => o.kind === "finance").length,
    overdueNotices: l.overdue.filter((o) => o.kind === "general").length,
    unansweredQueries: l.unanswered,
    redCases: l.red,
    escalatedCases: l.escalated,
    residents: residentCount,
  };
  const required = sumRequired(l.required);
  return {
    id: l.id,
    slug: l.slug,
    name: l.name,
    kind: l.kind,
    values: indicatorValues(counts, levels, required),
    counts,
    residents: residentCount,
    required: l.required,
    overdue: l.overdue,
    maxDaysLate: Math.max(0, ...l.overdue.map((o) => o.daysLate)),
  };
}

/** One community's indicators per month for the last 12 months (from the snapshots, plus today). */
export async function monthlyTrend(db: DB, s: Required<MonitorScope>, now = Date.now()) {
  const throughDay = await snapshotStreet(db, s.streetId, now);
  const firstMonth = shanghaiDate(monthsBefore(now, 11)).slice(0, 7);
  const [months, [people]] = await db.batch([
    db
      .select({ month: sql<string>`substr(${monitorDays.day}, 1, 7)`.as("month"), ...sums })
      .from(monitorDays)
      .where(
        and(
          eq(monitorDays.communityId, s.communityId),
          gte(monitorDays.day, `${firstMonth}-01`),
          lte(monitorDays.day, throughDay),
        ),
      )
      .groupBy(sql`month`),
    db
      .select({ residents: monitorDays.residents })
      .from(monitorDays)
      .where(and(eq(monitorDays.communityId, s.communityId), eq(monitorDays.day, throughDay))),
  ]);
  const info = await scopeCommunities(db, s);
  const today = shanghaiDate(now);
  const live = throughDay < today ? await dayCounts(db, s, info, dayStart(today), now, false) : new Map();
  const out: { month: string; counts: DayCounts }[] = [];
  for (let i = 11; i >= 0; i--) {
    const month = shanghaiDate(monthsBefore(now, i)).slice(0, 7);
    const counts = addCounts(zeroCounts(), months.find((m) => m.month === month) ?? {});
    if (month === today.slice(0, 7)) for (const d of live.get(s.communityId)?.values() ?? []) addCounts(counts, d);
    out.push({ month, counts });
  }
  const residentCount = num(people?.residents);
  const none: Levels = {
    overdueFinance: 0,
    overdueNotices: 0,
    unansweredQueries: 0,
    redCases: 0,
    escalatedCases: 0,
    residents: residentCount,
  };
  return out.map((m) => ({
    month: m.month,
    counts: m.counts,
    values: indicatorValues(m.counts, none, { met: 0, due: 0 }),
  }));
}

/**
 * One year's inputs for the assessment, per community: the year's day counts (summed from the
 * snapshots; a year still running adds today live) and the required meetings of the year.
 */
export async function yearInputs(db: DB, streetId: string, from: number, to: number, now = Date.now()) {
  const end = Math.min(to, now);
  const s = { streetId };
  const window = await windowCounts(db, s, shanghaiDate(from), shanghaiDate(end - 1), now);
  const [list, held] = await db.batch([
    db
      .select({
        id: communities.id,
        slug: communities.slug,
        name: communities.name,
        kind: communities.kind,
        createdAt: communities.createdAt,
        firstPeriod: firstPeriodSql.as("first_period"),
      })
      .from(communities)
      .where(eq(communities.streetId, streetId))
      .orderBy(communities.name),
    db
      .select({ communityId: meetings.communityId, kind: meetings.kind, startsAt: meetings.startsAt })
      .from(meetings)
      .where(
        and(
          inScope(meetings.communityId, s),
          eq(meetings.status, "closed"),
          gte(meetings.startsAt, from),
          lte(meetings.startsAt, end),
        ),
      ),
  ]);
  return list.map(({ firstPeriod, ...c }) => {
    c.createdAt = activeSince(c.createdAt, firstPeriod);
    const required: RequiredLine[] = requiredMeetings(
      defaultRuleSet(c.kind),
      held.filter((h) => h.communityId === c.id),
      Math.max(from, c.createdAt),
      end,
    );
    const counts = window.counts.get(c.id) ?? zeroCounts();
    const residentCount = num(window.residentsOf.get(c.id));
    const levels: Levels = {
      overdueFinance: 0,
      overdueNotices: 0,
      unansweredQueries: 0,
      redCases: 0,
      escalatedCases: 0,
      residents: residentCount,
    };
    return {
      ...c,
      counts,
      required,
      residents: residentCount,
      values: indicatorValues(counts, levels, sumRequired(required)),
    };
  });
}
