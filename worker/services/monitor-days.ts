import { and, eq, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  cases,
  communities,
  financePeriods,
  meetings,
  monitorRuns,
  notices,
  polls,
  residents,
  shifts,
  shiftSignups,
  streets,
  volunteerTeams,
} from "../../db/schema";
import { shanghaiDate } from "../../shared/rules/eligibility";
import { financeSettingsOf, nextPeriod, periodOf, periodRange, dueOn } from "../../shared/rules/finance";
import {
  DAY_COUNT_FIELDS,
  DAY_MS,
  dayStart,
  disclosureDays,
  matchStartOf,
  obligationState,
  quarterDisclosedAt,
  type DayCounts,
  type Obligation,
} from "../../shared/rules/monitor";
import { guardedBatch, type DB } from "../db";
import { countedMinutesSql, patrolPlaces, patrolShiftsIn } from "./volunteers";

export { inScope, type MonitorScope } from "./scope";
import { inScope, type MonitorScope } from "./scope";

export type CommunityInfo = { id: string; kind: "urban" | "village"; createdAt: number };

/** The community's first finance period, if its books go back before the community was set up here. */
export const firstPeriodSql = sql<
  string | null
>`(SELECT min("fp"."period") FROM "finance_periods" "fp" WHERE "fp"."community_id" = "communities"."id")`;

/**
 * When a community's duties began: its creation here, or its first finance period when its
 * history was brought in from before.
 */
export function activeSince(createdAt: number, firstPeriod: string | null): number {
  return firstPeriod ? Math.min(createdAt, dayStart(periodRange(firstPeriod).startsOn)) : createdAt;
}

const dayOf = (col: SQLiteColumn | SQL) => sql<string>`strftime('%Y-%m-%d', ${col} / 1000 + 28800, 'unixepoch')`;
const num = (v: unknown) => Number(v ?? 0);

/** The communities of a scope with what the deadlines depend on, and the street's settings. */
export async function scopeCommunities(db: DB, s: MonitorScope) {
  const [rows, [street]] = await db.batch([
    db
      .select({
        id: communities.id,
        kind: communities.kind,
        createdAt: communities.createdAt,
        firstPeriod: firstPeriodSql.as("first_period"),
      })
      .from(communities)
      .where(s.communityId ? eq(communities.id, s.communityId) : eq(communities.streetId, s.streetId)),
    db.select({ settings: streets.settings }).from(streets).where(eq(streets.id, s.streetId)),
  ]);
  const list: CommunityInfo[] = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    createdAt: activeSince(r.createdAt, r.firstPeriod),
  }));
  return { list, settings: street?.settings ?? {} };
}

/**
 * The disclosure obligations of each community whose deadline falls between `fromDay` and
 * `toDay`, with whether and when each was made: finance periods at the street's frequency, and a
 * general affairs disclosure every quarter (V35; urban default quarterly).
 */
function obligationsOf(
  c: CommunityInfo,
  settings: Record<string, unknown>,
  fromDay: string,
  toDay: string,
  periods: { period: string; publishedAt: number | null }[],
  affairs: number[],
): Obligation[] {
  const finance = financeSettingsOf(settings, c.kind);
  const created = shanghaiDate(c.createdAt);
  const out: Obligation[] = [];
  // A period due in the window ended at most deadlineDays before it; start a little earlier.
  const firstDay = shanghaiDate(dayStart(fromDay) - (finance.deadlineDays + 100) * DAY_MS);
  const walk = (frequency: "monthly" | "quarterly", kind: Obligation["kind"], doneAt: (k: string) => number | null) => {
    for (let k = periodOf(firstDay, frequency); periodRange(k).startsOn <= toDay; k = nextPeriod(k)) {
      if (periodRange(k).endsOn < created) continue;
      const due = dueOn(k, finance.deadlineDays);
      if (due < fromDay || due > toDay) continue;
      out.push({ kind, period: k, dueOn: due, doneAt: doneAt(k) });
    }
  };
  walk(finance.frequency, "finance", (k) => periods.find((p) => p.period === k)?.publishedAt ?? null);
  walk("quarterly", "general", (k) => quarterDisclosedAt(k, c.createdAt, affairs));
  return out;
}

/**
 * The finance periods and affairs notices that decide the disclosure obligations due in
 * [from, to): none are read when no deadline falls in the window (most single days).
 */
export async function disclosureRows(
  db: DB,
  s: MonitorScope,
  settings: Record<string, unknown>,
  from: number,
  to: number,
): Promise<{
  periods: { communityId: string; period: string; publishedAt: number | null }[];
  affairs: { communityId: string; at: number }[];
}> {
  const fromDay = shanghaiDate(from);
  const toDay = shanghaiDate(to - 1);
  const deadlineDays = financeSettingsOf(settings, "urban").deadlineDays;
  // Quarters end with a month, so the monthly deadlines include every quarterly one.
  let anyDue = false;
  for (
    let k = periodOf(shanghaiDate(from - (deadlineDays + 40) * DAY_MS), "monthly");
    k <= toDay.slice(0, 7);
    k = nextPeriod(k)
  ) {
    const due = dueOn(k, deadlineDays);
    if (due >= fromDay && due <= toDay) anyDue = true;
  }
  if (!anyDue) return { periods: [], affairs: [] };
  const lookback = from - 200 * DAY_MS;
  const [periods, affairs] = await db.batch([
    db
      .select({
        communityId: financePeriods.communityId,
        period: financePeriods.period,
        publishedAt: financePeriods.publishedAt,
      })
      .from(financePeriods)
      .where(
        and(inScope(financePeriods.communityId, s), gte(financePeriods.period, shanghaiDate(lookback).slice(0, 7))),
      ),
    db
      .select({ communityId: notices.communityId, at: sql<number>`"first_published_at"`.as("at") })
      .from(notices)
      .where(
        and(
          inScope(notices.communityId, s),
          eq(notices.category, "affairs"),
          gte(notices.firstPublishedAt, matchStartOf(periodOf(shanghaiDate(lookback), "quarterly"))),
          lt(notices.firstPublishedAt, to),
        ),
      )
      .orderBy(notices.firstPublishedAt),
  ]);
  return { periods, affairs: affairs.map((a) => ({ communityId: a.communityId, at: num(a.at) })) };
}

/**
 * What happened on each Shanghai day in [from, to) in every community of the scope, as day
 * counts. Eight grouped queries in one batch, however many communities. `final` counts an
 * obligation due in the window even when it was missed; the live figures of today count only
 * what was done (a deadline of today has until midnight).
 */
export async function dayCounts(
  db: DB,
  s: MonitorScope,
  info: { list: CommunityInfo[]; settings: Record<string, unknown> },
  from: number,
  to: number,
  final: boolean,
): Promise<Map<string, Map<string, Partial<DayCounts>>>> {
  const fromDay = shanghaiDate(from);
  const toDay = shanghaiDate(to - 1);
  const [[met, voted, closed, rated, served, patrol], { periods, affairs }] = await Promise.all([
    db.batch([
      db
        .select({
          communityId: meetings.communityId,
          day: dayOf(meetings.startsAt).as("day"),
          n: sql<number>`count(*)`,
          quorate: sql<number>`sum(CASE WHEN "present_at_close" >= "quorum_needed" THEN 1 ELSE 0 END)`,
        })
        .from(meetings)
        .where(
          and(
            inScope(meetings.communityId, s),
            gte(meetings.startsAt, from),
            lt(meetings.startsAt, to),
            eq(meetings.status, "closed"),
            sql`"quorum_needed" IS NOT NULL`,
          ),
        )
        .groupBy(meetings.communityId, sql`day`),
      db
        .select({
          communityId: polls.communityId,
          day: dayOf(polls.closedAt).as("day"),
          eligible: sql<number>`sum(coalesce("eligible_count", 0))`,
          cast: sql<number>`sum(coalesce(json_extract("result", '$.cast'), 0))`,
        })
        .from(polls)
        .where(
          and(
            inScope(polls.communityId, s),
            gte(polls.closedAt, from),
            lt(polls.closedAt, to),
            eq(polls.status, "closed"),
            eq(polls.kind, "vote"),
          ),
        )
        .groupBy(polls.communityId, sql`day`),
      db
        .select({
          communityId: cases.communityId,
          day: dayOf(cases.closedAt).as("day"),
          n: sql<number>`count(*)`,
          inTime: sql<number>`sum(CASE WHEN "closed_in_time" = 1 THEN 1 ELSE 0 END)`,
          mediated: sql<number>`sum(CASE WHEN "kind" = 'dispute' AND "mediation" IN ('agreed', 'refused') THEN 1 ELSE 0 END)`,
          agreed: sql<number>`sum(CASE WHEN "kind" = 'dispute' AND "mediation" = 'agreed' THEN 1 ELSE 0 END)`,
        })
        .from(cases)
        .where(and(inScope(cases.communityId, s), gte(cases.closedAt, from), lt(cases.closedAt, to)))
        .groupBy(cases.communityId, sql`day`),
      db
        .select({
          communityId: cases.communityId,
          day: dayOf(cases.ratedAt).as("day"),
          n: sql<number>`count(*)`,
          total: sql<number>`sum("rating")`,
        })
        .from(cases)
        .where(and(inScope(cases.communityId, s), gte(cases.ratedAt, from), lt(cases.ratedAt, to)))
        .groupBy(cases.communityId, sql`day`),
      db
        .select({
          communityId: shifts.communityId,
          day: dayOf(shifts.startsAt).as("day"),
          minutes: sql<number>`coalesce(sum(${countedMinutesSql}), 0)`,
        })
        .from(shiftSignups)
        .innerJoin(shifts, eq(shifts.id, shiftSignups.shiftId))
        .where(
          and(
            inScope(shifts.communityId, s),
            gte(shifts.startsAt, from),
            lt(shifts.startsAt, to),
            isNull(shiftSignups.cancelledAt),
          ),
        )
        .groupBy(shifts.communityId, sql`day`),
      db
        .select({ communityId: shifts.communityId, day: dayOf(shifts.startsAt).as("day"), ...patrolPlaces })
        .from(shifts)
        .innerJoin(volunteerTeams, eq(volunteerTeams.id, shifts.teamId))
        .where(patrolShiftsIn(s, from, to))
        .groupBy(shifts.communityId, sql`day`),
    ]),
    disclosureRows(db, s, info.settings, from, to),
  ]);

  const out = new Map<string, Map<string, Partial<DayCounts>>>();
  const at = (communityId: string, day: string) => {
    let days = out.get(communityId);
    if (!days) out.set(communityId, (days = new Map()));
    let d = days.get(day);
    if (!d) days.set(day, (d = {}));
    return d;
  };
  const add = (d: Partial<DayCounts>, f: keyof DayCounts, v: unknown) => (d[f] = (d[f] ?? 0) + num(v));
  for (const r of met) {
    const d = at(r.communityId, r.day);
    add(d, "meetingsWithQuorum", r.n);
    add(d, "meetingsQuorate", r.quorate);
  }
  for (const r of voted) {
    const d = at(r.communityId, r.day);
    add(d, "pollEligible", r.eligible);
    add(d, "pollCast", r.cast);
  }
  for (const r of closed) {
    const d = at(r.communityId, r.day);
    add(d, "casesClosed", r.n);
    add(d, "casesClosedInTime", r.inTime);
    add(d, "mediationsDone", r.mediated);
    add(d, "mediationsAgreed", r.agreed);
  }
  for (const r of rated) {
    const d = at(r.communityId, r.day);
    add(d, "ratings", r.n);
    add(d, "ratingSum", r.total);
  }
  for (const r of served) add(at(r.communityId, r.day), "volunteerMinutes", r.minutes);
  for (const r of patrol) {
    const d = at(r.communityId, r.day);
    add(d, "patrolPlanned", r.planned);
    add(d, "patrolFilled", r.filled);
  }
  for (const c of info.list) {
    const obligations = obligationsOf(
      c,
      info.settings,
      fromDay,
      toDay,
      periods.filter((p) => p.communityId === c.id),
      affairs.filter((a) => a.communityId === c.id).map((a) => a.at),
    ).filter((o) => final || (o.doneAt !== null && o.doneAt < to));
    for (const [day, n] of disclosureDays(obligations, fromDay, toDay)) {
      const d = at(c.id, day);
      add(d, "disclosuresDue", n.due);
      add(d, "disclosuresOnTime", n.onTime);
    }
  }
  return out;
}

/** Days in the rolling sums (through yesterday): with today, the overview's 365 days. */
export const ROLLING_DAYS = 364;

/** How many days of history a street's first snapshot run covers. */
export const BACKFILL_DAYS = 730;

/**
 * Brings a street's snapshots up to yesterday (Shanghai): every day since the last run (or the
 * last two years on the first run) in one pass over the data, written as upserts, so a run that
 * stops halfway, or two at once, leaves the same rows. Returns the last day stored.
 */
export async function snapshotStreet(db: DB, streetId: string, now: number): Promise<string> {
  const today = shanghaiDate(now);
  const yesterday = shanghaiDate(dayStart(today) - 1);
  const run = (await db.select().from(monitorRuns).where(eq(monitorRuns.streetId, streetId)))[0];
  if (run && run.throughDay >= yesterday) return run.throughDay;
  const fromDay = run
    ? shanghaiDate(dayStart(run.throughDay) + DAY_MS)
    : shanghaiDate(dayStart(today) - BACKFILL_DAYS * DAY_MS);
  const scope = { streetId };
  const info = await scopeCommunities(db, scope);
  const [counts, people] = await Promise.all([
    dayCounts(db, scope, info, dayStart(fromDay), dayStart(today), true),
    db
      .select({ communityId: residents.communityId, n: sql<number>`count(*)` })
      .from(residents)
      .where(and(inScope(residents.communityId, scope), eq(residents.status, "active")))
      .groupBy(residents.communityId),
  ]);
  const rows: Record<string, unknown>[] = [];
  for (const c of info.list) {
    const days = counts.get(c.id) ?? new Map<string, Partial<DayCounts>>();
    if (!days.has(yesterday)) days.set(yesterday, {});
    for (const [day, d] of days) {
      const row: Record<string, unknown> = { c: c.id, d: day };
      for (const f of DAY_COUNT_FIELDS) row[f] = num(d[f]);
      row.residents = day === yesterday ? num(people.find((p) => p.communityId === c.id)?.n) : null;
      rows.push(row);
    }
  }
  // One JSON parameter per statement: thousands of rows each, under D1's 100-parameter limit.
  const columns = DAY_COUNT_FIELDS.map((f) => f.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`));
  const statements: SQL[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    statements.push(sql`INSERT INTO "monitor_days" ("community_id", "day", "street_id", ${sql.raw(
      columns.map((c) => `"${c}"`).join(", "),
    )}, "residents")
      SELECT json_extract(value, '$.c'), json_extract(value, '$.d'), ${streetId}, ${sql.raw(
        DAY_COUNT_FIELDS.map((f) => `json_extract(value, '$.${f}')`).join(", "),
      )}, json_extract(value, '$.residents')
      FROM json_each(${JSON.stringify(rows.slice(i, i + 1000))}) WHERE true
      ON CONFLICT ("community_id", "day") DO UPDATE SET ${sql.raw(
        [...columns, "residents"].map((c) => `"${c}" = excluded."${c}"`).join(", "),
      )}`);
  }
  statements.push(...rollingStatements(streetId, yesterday));
  statements.push(
    sql`INSERT INTO "monitor_runs" ("street_id", "through_day", "at") VALUES (${streetId}, ${yesterday}, ${now})
      ON CONFLICT ("street_id") DO UPDATE SET "through_day" = max("through_day", excluded."through_day"), "at" = excluded."at"`,
  );
  for (let i = 0; i < statements.length; i += 50) await guardedBatch(db, statements.slice(i, i + 50));
  return yesterday;
}

/** Rebuild a street's rolling sums (364 days through `through`), one row per community. */
export function rollingStatements(streetId: string, through: string): SQL[] {
  const columns = DAY_COUNT_FIELDS.map((f) => f.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`));
  const from = shanghaiDate(dayStart(through) - (ROLLING_DAYS - 1) * DAY_MS);
  return [
    sql`DELETE FROM "monitor_rolling" WHERE "street_id" = ${streetId}`,
    sql`INSERT INTO "monitor_rolling" ("community_id", "street_id", "from_day", "through_day", ${sql.raw(
      columns.map((c) => `"${c}"`).join(", "),
    )}, "residents")
      SELECT "community_id", "street_id", ${from}, ${through}, ${sql.raw(columns.map((c) => `sum("${c}")`).join(", "))},
        max(CASE WHEN "day" = ${through} THEN "residents" END)
      FROM "monitor_days" WHERE "street_id" = ${streetId} AND "day" >= ${from} AND "day" <= ${through}
      GROUP BY "community_id"`,
  ];
}

/** The nightly run: every street office's snapshots up to yesterday. */
export async function snapshotAll(db: DB, now = Date.now()) {
  const all = await db.select({ id: streets.id }).from(streets);
  for (const s of all) await snapshotStreet(db, s.id, now);
}

/**
 * One community's disclosure obligations due between `from` and `now`, each with where it stands:
 * on time, late (with days), overdue (with days) — the list behind "disclosure on time".
 */
export async function obligationsFor(db: DB, s: Required<MonitorScope>, from: number, now: number) {
  const info = await scopeCommunities(db, s);
  const c = info.list[0];
  if (!c) return [];
  const { periods, affairs } = await disclosureRows(db, s, info.settings, from, now);
  const deadlineDays = financeSettingsOf(info.settings, c.kind).deadlineDays;
  return obligationsOf(
    c,
    info.settings,
    shanghaiDate(from),
    shanghaiDate(now),
    periods,
    affairs.map((a) => a.at),
  )
    .map((o) => ({ ...o, ...obligationState(o, now, deadlineDays) }))
    .filter((o) => o.state !== "running" && o.state !== "due" && o.state !== "due_soon")
    .sort((a, b) => (a.dueOn < b.dueOn ? 1 : -1));
}
