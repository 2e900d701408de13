import { and, eq, gte, isNull, lt, sql } from "drizzle-orm";
import { residents, shiftSignups, shifts, volunteerTeams } from "../../db/schema";
import { SETTLE_AFTER_MS, settle } from "../../shared/rules/volunteers";
import { runBatch, type DB } from "../db";
import { inScope, type MonitorScope } from "./scope";

/**
 * Settles the attendance of shifts that ended more than two hours ago: forgotten check-outs are
 * closed at the shift's end and flagged, those who never checked in are marked no-shows. Each
 * shift in one batch, guarded so that running it twice changes nothing.
 */
export async function settleDueShifts(db: DB, scope?: MonitorScope, now = Date.now()) {
  const due = await db
    .select({ id: shifts.id, startsAt: shifts.startsAt, endsAt: shifts.endsAt })
    .from(shifts)
    .where(
      and(
        scope ? inScope(shifts.communityId, scope) : undefined,
        isNull(shifts.settledAt),
        isNull(shifts.cancelledAt),
        lt(shifts.endsAt, now - SETTLE_AFTER_MS),
      ),
    )
    .limit(50);
  for (const shift of due) {
    const open = await db
      .select()
      .from(shiftSignups)
      .where(
        and(eq(shiftSignups.shiftId, shift.id), isNull(shiftSignups.cancelledAt), isNull(shiftSignups.checkOutAt)),
      );
    await runBatch(db, [
      ...open.map((s) => {
        const o = settle(s, shift);
        return db
          .update(shiftSignups)
          .set({ checkOutAt: o.checkOutAt, minutes: o.minutes, flag: o.flag })
          .where(and(eq(shiftSignups.id, s.id), isNull(shiftSignups.checkOutAt)));
      }),
      db
        .update(shifts)
        .set({ settledAt: now })
        .where(and(eq(shifts.id, shift.id), isNull(shifts.settledAt))),
    ]);
  }
  return due.length;
}

/** The minutes that count on a sign-up, as SQL: a staff adjustment where there is one. */
export const countedMinutesSql = sql<number>`coalesce(${shiftSignups.adjustedMinutes}, ${shiftSignups.minutes}, 0)`;

/** Minutes served per team of a community between two instants (by shift start). */
export function teamMinutes(db: DB, communityId: string, from: number, to: number) {
  return db
    .select({ teamId: shifts.teamId, minutes: sql<number>`coalesce(sum(${countedMinutesSql}), 0)` })
    .from(shiftSignups)
    .innerJoin(shifts, eq(shifts.id, shiftSignups.shiftId))
    .where(
      and(
        eq(shifts.communityId, communityId),
        isNull(shiftSignups.cancelledAt),
        gte(shifts.startsAt, from),
        lt(shifts.startsAt, to),
      ),
    )
    .groupBy(shifts.teamId);
}

/** Active residents of a community: the denominator of hours per 100 residents. */
export async function activeResidents(db: DB, communityId: string) {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)` })
    .from(residents)
    .where(and(eq(residents.communityId, communityId), eq(residents.status, "active")));
  return n;
}

/** Patrol places: planned (capacity) and filled (live sign-ups), summed over the grouped shifts. */
export const patrolPlaces = {
  planned: sql<number>`coalesce(sum(${shifts.capacity}), 0)`,
  filled: sql<number>`coalesce(sum((SELECT count(*) FROM "shift_signups" "s" WHERE "s"."shift_id" = "shifts"."id" AND "s"."cancelled_at" IS NULL)), 0)`,
};

/** Patrol shifts of the scope, not cancelled, starting in [from, to); join volunteer_teams on the shift's team. */
export const patrolShiftsIn = (scope: MonitorScope, from: number, to: number) =>
  and(
    inScope(shifts.communityId, scope),
    eq(volunteerTeams.kind, "patrol"),
    isNull(shifts.cancelledAt),
    gte(shifts.startsAt, from),
    lt(shifts.startsAt, to),
  );

/** Patrol places planned and filled per community for shifts starting in [from, to). */
export function patrolCoverage(db: DB, streetId: string, from: number, to: number) {
  return db
    .select({ communityId: shifts.communityId, ...patrolPlaces })
    .from(shifts)
    .innerJoin(volunteerTeams, eq(volunteerTeams.id, shifts.teamId))
    .where(patrolShiftsIn({ streetId }, from, to))
    .groupBy(shifts.communityId);
}
