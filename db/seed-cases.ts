/**
 * Demo cases: residents' requests, complaints, suggestions and disputes at every stage, with
 * timelines (calls, visits, mediation, an agreement, a refusal, follow-ups), ratings, an overdue
 * case and one escalated to the street office. Times run on the default limits in calendar days.
 */
import { newId } from "../shared/ids";
import { DEFAULT_LIMITS, dueAt, type CaseKind, type CaseStatus } from "../shared/rules/cases";
import { newReceipt } from "../shared/rules/polls";
import { insert } from "./seed-sql";
import { rng } from "./seed-rng";

const DAY = 86_400_000;
const HOUR = 3_600_000;

export type CaseSeed = {
  kind: CaseKind;
  category: string;
  description: string;
  place?: string;
  grid?: number;
  /** Filed this many days ago. */
  daysAgo: number;
  status: CaseStatus;
  /** A resident (index into the residents given) or an anonymous contact. */
  resident?: number;
  contact?: [string, string];
  events?: { afterHours: number; kind: string; note: string; private?: boolean; data?: Record<string, unknown> }[];
  mediation?: "held" | "refused" | "agreed";
  rating?: [number, string];
  late?: boolean;
  escalated?: string;
};

export function caseSeed(o: {
  communityId: string;
  grids: { id: string; workerUserId: string | null }[];
  residentIds: string[];
  intakeUserId: string;
  intakeName: string;
  cases: CaseSeed[];
  now: number;
}): string[] {
  const sql: string[] = [];
  // Deterministic tracking codes in the real format (a seed per community).
  const rand = rng(o.communityId.split("").reduce((a, ch) => (a * 31 + ch.charCodeAt(0)) % 2 ** 32, 7));
  for (const c of o.cases) {
    const filed = o.now - c.daysAgo * DAY - 3 * HOUR;
    const id = newId(filed);
    const grid = c.grid !== undefined ? o.grids[c.grid] : undefined;
    const assignee = grid?.workerUserId ?? o.intakeUserId;
    const limits = DEFAULT_LIMITS[c.kind];
    // Stages move on at a steady pace: accepted after 3 hours, handled within the limit (or late).
    const accepted = filed + 3 * HOUR;
    const handled = accepted + (c.late ? limits.handle + 2 : Math.max(1, limits.handle - 2)) * DAY;
    const verified = handled + DAY;
    const stageStart =
      c.status === "accept" ? filed : c.status === "handle" ? accepted : c.status === "verify" ? handled : verified;
    const stageLimit = c.status === "closed" ? 0 : limits[c.status];
    const closedAt = c.status === "closed" ? verified : null;
    sql.push(
      insert("cases", {
        id,
        community_id: o.communityId,
        grid_id: grid?.id ?? null,
        kind: c.kind,
        category: c.category,
        description: c.description,
        place: c.place ?? "",
        resident_id: c.resident !== undefined ? o.residentIds[c.resident] : null,
        contact_name: c.contact?.[0] ?? null,
        contact_phone: c.contact?.[1] ?? null,
        tracking_code: newReceipt(() => Uint8Array.from({ length: 12 }, () => Math.floor(rand() * 256))),
        status: c.status,
        assignee_user_id: assignee,
        stage_started_at: stageStart,
        stage_due_at: dueAt(stageStart, stageLimit, false),
        extended_at: null,
        extend_reason: null,
        escalated_at: c.escalated ? o.now - DAY : null,
        street_holds: false,
        mediation: c.mediation ?? "none",
        agreed_at: c.mediation === "agreed" ? accepted + 4 * DAY : null,
        closed_at: closedAt,
        closed_in_time: closedAt ? !c.late : null,
        late_at: c.late ? accepted + (limits.handle + 1) * DAY : null,
        rating: c.rating?.[0] ?? null,
        rating_comment: c.rating?.[1] ?? null,
        rated_at: c.rating ? (closedAt ?? o.now) + DAY : null,
        created_at: filed,
        updated_at: o.now - DAY,
      }),
    );
    const ev = (at: number, kind: string, note = "", extra: { private?: boolean; data?: unknown } = {}) =>
      sql.push(
        insert("case_events", {
          id: newId(at),
          case_id: id,
          community_id: o.communityId,
          at,
          kind,
          note,
          private: extra.private ?? false,
          data: extra.data ?? null,
          actor_id: kind === "filed" || kind === "rated" ? null : assignee,
          actor_name: kind === "filed" || kind === "rated" ? "居民" : o.intakeName,
        }),
      );
    ev(filed, "filed");
    if (c.status !== "accept") ev(accepted, "accepted", "已受理，尽快处理。");
    for (const e of c.events ?? []) ev(accepted + e.afterHours * HOUR, e.kind, e.note, e);
    if (c.escalated) ev(o.now - DAY, "escalated", c.escalated);
    if (c.status === "verify" || c.status === "closed") ev(handled, "handled", "处理完毕，提交核实。");
    if (closedAt) ev(closedAt, "closed", "电话回访居民，确认问题已解决。");
    if (c.rating && closedAt) ev(closedAt + DAY, "rated", `${c.rating[0]}/5`);
  }
  return sql;
}
