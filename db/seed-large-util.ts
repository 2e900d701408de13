/**
 * Building blocks of the large benchmark seed (db/seed-large.ts): deterministic sortable ids and
 * codes, Shanghai calendar arithmetic, and a row buffer that writes multi-row INSERTs of literal
 * SQL in foreign-key order.
 */
import { literal } from "./seed-sql";
import { shanghaiDate } from "../shared/rules/eligibility";

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;
const SHANGHAI = 8 * HOUR;

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** murmur3's finaliser: a bijection on 32-bit integers, so distinct counters give distinct codes. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Ids in the format of shared/ids.ts (10 characters of time, then 16 that look random), but
 * drawn from a counter through a bijection instead of crypto: the same seed gives the same ids,
 * and no two ids of a run can collide. Tracking codes likewise (newReceipt's 12-byte input).
 */
export function idMaker(seed: number) {
  let counter = 0;
  const k1 = fmix32(seed ^ 0x9e3779b9);
  const k2 = fmix32(seed + 0x7f4a7c15);
  const k3 = fmix32(seed * 3 + 0x2545f491);
  /** 80 bits as 16 characters: the low 32 bits are a bijection of the counter. */
  const next = () => {
    counter += 1;
    const a = fmix32((counter ^ k1) >>> 0);
    const b = fmix32((counter + k2) >>> 0);
    const c = fmix32((counter * 7 + k3) >>> 0);
    return [a, b, c];
  };
  /** 5 bits per character: all 32 bits of the first word (the bijection), then the others. */
  const chars = ([a, b, c]: number[], n: number) => {
    const fives = [
      a & 31,
      (a >>> 5) & 31,
      (a >>> 10) & 31,
      (a >>> 15) & 31,
      (a >>> 20) & 31,
      (a >>> 25) & 31,
      (a >>> 30) | ((b & 7) << 2),
      (b >>> 3) & 31,
      (b >>> 8) & 31,
      (b >>> 13) & 31,
      (b >>> 18) & 31,
      (b >>> 23) & 31,
      c & 31,
      (c >>> 5) & 31,
      (c >>> 10) & 31,
      (c >>> 15) & 31,
    ];
    let out = "";
    for (let i = 0; i < n; i++) out += ALPHABET[fives[i]];
    return out;
  };
  return {
    id(at: number): string {
      let time = "";
      let t = Math.max(0, Math.floor(at));
      for (let i = 0; i < 10; i++) {
        time = ALPHABET[t % 32] + time;
        t = Math.floor(t / 32);
      }
      return time + chars(next(), 16);
    },
    /** Twelve bytes for newReceipt (which keeps 5 bits of each): unique per call. */
    receiptBytes(): Uint8Array {
      const code = chars(next(), 12);
      return Uint8Array.from(code, (ch) => ALPHABET.indexOf(ch));
    },
  };
}

/** The random helpers every generator part uses, over one seeded stream. */
export function helpers(rand: () => number) {
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const chance = (p: number) => rand() < p;
  const weighted = <T>(pairs: readonly (readonly [T, number])[]): T => {
    const total = pairs.reduce((n, [, w]) => n + w, 0);
    let x = rand() * total;
    for (const [v, w] of pairs) {
      x -= w;
      if (x < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  };
  const shuffle = <T>(xs: T[]): T[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  /** k distinct items (or all of them when there are fewer). */
  const sample = <T>(xs: readonly T[], k: number): T[] => {
    if (k >= xs.length) return [...xs];
    const seen = new Set<number>();
    const out: T[] = [];
    while (out.length < k) {
      const i = Math.floor(rand() * xs.length);
      if (!seen.has(i)) {
        seen.add(i);
        out.push(xs[i]);
      }
    }
    return out;
  };
  return { rand, int, pick, chance, weighted, shuffle, sample };
}
export type Helpers = ReturnType<typeof helpers>;

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export const dateOf = shanghaiDate;
/** Midnight in Shanghai of the day containing `at`. */
export const dayStart = (at: number) => Math.floor((at + SHANGHAI) / DAY) * DAY - SHANGHAI;
/** An instant from a Shanghai calendar date and a clock time. */
export const atLocal = (date: string, hour: number, minute = 0) =>
  Date.parse(`${date}T00:00:00+08:00`) + hour * HOUR + minute * MINUTE;
/** 0 = Sunday, in Shanghai. */
export const weekdayOf = (at: number) => new Date(at + SHANGHAI).getUTCDay();
/** Shanghai months [start instant, end instant) from the month containing `from` to the one containing `to`. */
export function monthsBetween(from: number, to: number): { key: string; start: number; end: number }[] {
  const out: { key: string; start: number; end: number }[] = [];
  let [y, m] = dateOf(from).split("-").map(Number);
  const last = dateOf(to).slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    const start = Date.parse(`${key}-01T00:00:00+08:00`);
    const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
    const end = Date.parse(`${ny}-${String(nm).padStart(2, "0")}-01T00:00:00+08:00`);
    out.push({ key, start, end });
    if (key >= last) return out;
    [y, m] = [ny, nm];
  }
}

/** Columns of every table the seed writes, in insert order (parents before children). */
export const TABLES = {
  streets: ["id", "slug", "name", "name_en", "settings", "created_at"],
  communities: [
    "id",
    "street_id",
    "slug",
    "name",
    "name_en",
    "kind",
    "address",
    "office_hours",
    "contact_phone",
    "intro",
    "created_at",
    "updated_at",
  ],
  users: [
    "id",
    "street_id",
    "community_id",
    "username",
    "display_name",
    "role",
    "resident_id",
    "phone",
    "password_salt",
    "password_hash",
    "created_at",
    "updated_at",
  ],
  community_officials: ["id", "community_id", "body", "name", "post", "sort_order"],
  resident_groups: ["id", "community_id", "name", "leader_name", "sort_order", "created_at", "updated_at"],
  grids: [
    "id",
    "community_id",
    "name",
    "area",
    "worker_user_id",
    "worker_name",
    "work_phone",
    "sort_order",
    "created_at",
    "updated_at",
  ],
  households: ["id", "community_id", "address", "grid_id", "group_id", "created_at", "updated_at"],
  residents: [
    "id",
    "community_id",
    "household_id",
    "group_id",
    "name",
    "birth_date",
    "phone",
    "is_household_rep",
    "is_representative",
    "status",
    "moved_out_on",
    "created_at",
    "updated_at",
  ],
  resident_history: ["id", "community_id", "resident_id", "at", "kind", "detail", "actor_name"],
  notices: [
    "id",
    "community_id",
    "category",
    "status",
    "title",
    "body_md",
    "pinned",
    "publicity_days",
    "current_version",
    "first_published_at",
    "last_published_at",
    "created_by",
    "created_at",
    "updated_at",
  ],
  notice_versions: [
    "id",
    "notice_id",
    "community_id",
    "version",
    "category",
    "title",
    "body_md",
    "change_note",
    "attachments",
    "published_at",
    "publicity_ends_at",
    "published_by",
    "content_hash",
  ],
  notice_objections: [
    "id",
    "community_id",
    "notice_id",
    "version",
    "resident_id",
    "kind",
    "body",
    "created_at",
    "answer",
    "answered_at",
    "answered_by",
    "published",
  ],
  finance_periods: [
    "id",
    "community_id",
    "period",
    "starts_on",
    "ends_on",
    "status",
    "opening_balance_fen",
    "income_fen",
    "expense_fen",
    "closing_balance_fen",
    "submitted_at",
    "submitted_by",
    "reviewed_at",
    "reviewed_by",
    "reviewer_name",
    "review_comment",
    "published_at",
    "published_by",
    "content_hash",
    "created_at",
    "updated_at",
  ],
  finance_entries: [
    "id",
    "community_id",
    "period_id",
    "entry_date",
    "direction",
    "category",
    "amount_fen",
    "summary",
    "counterparty",
    "counterparty_is_person",
    "voucher_no",
    "created_by",
    "created_at",
    "updated_at",
  ],
  meetings: [
    "id",
    "community_id",
    "kind",
    "subkind",
    "rule_set",
    "basis",
    "title",
    "place",
    "starts_at",
    "status",
    "announced_at",
    "announcement_notice_id",
    "eligible_count",
    "quorum_needed",
    "opened_at",
    "closed_at",
    "present_at_close",
    "minutes_md",
    "minutes_notice_id",
    "created_by",
    "created_at",
    "updated_at",
  ],
  meeting_items: [
    "id",
    "meeting_id",
    "community_id",
    "seq",
    "title",
    "description",
    "proposed_resolution",
    "result",
    "votes_for",
    "votes_against",
    "votes_abstain",
    "present_at_vote",
    "decided_at",
  ],
  decisions: [
    "id",
    "community_id",
    "meeting_id",
    "item_id",
    "title",
    "resolution",
    "decided_at",
    "status",
    "progress",
    "updated_at",
  ],
  polls: [
    "id",
    "community_id",
    "kind",
    "ballot_type",
    "rule_set",
    "title",
    "description_md",
    "options",
    "min_choices",
    "max_choices",
    "eligibility",
    "secret",
    "opens_at",
    "closes_at",
    "pass_rule",
    "turnout_pct",
    "allow_change",
    "hide_results",
    "review_year",
    "status",
    "eligible_count",
    "opened_at",
    "closed_at",
    "result",
    "result_hash",
    "created_by",
    "created_at",
    "updated_at",
  ],
  review_outcomes: [
    "poll_id",
    "community_id",
    "year",
    "member_name",
    "post",
    "competent",
    "basic",
    "incompetent",
    "ballots_cast",
    "incompetent_majority",
    "ends_post",
  ],
  cases: [
    "id",
    "community_id",
    "grid_id",
    "kind",
    "category",
    "description",
    "place",
    "resident_id",
    "contact_name",
    "contact_phone",
    "tracking_code",
    "status",
    "assignee_user_id",
    "stage_started_at",
    "stage_due_at",
    "escalated_at",
    "street_holds",
    "mediation",
    "agreed_at",
    "closed_at",
    "closed_in_time",
    "late_at",
    "rating",
    "rating_comment",
    "rated_at",
    "created_at",
    "updated_at",
  ],
  volunteers: [
    "id",
    "community_id",
    "resident_id",
    "skills",
    "availability",
    "show_name",
    "status",
    "insurer",
    "insurance_policy",
    "insured_until",
    "approved_by",
    "approved_at",
    "created_at",
    "updated_at",
  ],
  volunteer_teams: [
    "id",
    "community_id",
    "name",
    "kind",
    "description",
    "leader_volunteer_id",
    "is_public",
    "risky",
    "adults_only",
    "cancel_cutoff_hours",
    "created_at",
    "updated_at",
  ],
  team_members: ["team_id", "volunteer_id", "status", "joined_at"],
  volunteer_records: [
    "id",
    "volunteer_id",
    "community_id",
    "kind",
    "date",
    "title",
    "note",
    "recorded_by",
    "created_at",
  ],
  shifts: [
    "id",
    "team_id",
    "community_id",
    "task",
    "starts_at",
    "ends_at",
    "place",
    "grid_id",
    "capacity",
    "notes",
    "settled_at",
    "created_by",
    "created_at",
  ],
  shift_signups: [
    "id",
    "shift_id",
    "volunteer_id",
    "signed_up_at",
    "cancelled_at",
    "check_in_at",
    "check_in_by",
    "check_out_at",
    "check_out_by",
    "minutes",
    "flag",
    "adjusted_minutes",
    "adjust_reason",
  ],
  transparency_log: [
    "id",
    "community_id",
    "seq",
    "at",
    "kind",
    "record_id",
    "version",
    "content_hash",
    "prev_hash",
    "entry_hash",
  ],
} as const;
export type Table = keyof typeof TABLES;

/**
 * Rows per table, written as multi-row INSERTs of literal SQL in the order of TABLES, at most
 * `rowsPerStatement` rows and about `bytesPerStatement` characters each: wrangler's file splitter
 * slows down with the square of a statement's length, and D1 refuses statements over 100 KB.
 */
export class RowBuffer {
  private rows = new Map<Table, string[]>();
  readonly counts: Partial<Record<Table, number>> = {};

  add(table: Table, row: Record<string, unknown>): void {
    const cols = TABLES[table];
    for (const key in row)
      if (!(cols as readonly string[]).includes(key)) throw new Error(`seed-large: ${table} has no column ${key}`);
    let tuple = "(";
    for (let i = 0; i < cols.length; i++) tuple += (i ? "," : "") + literal(row[cols[i]]);
    tuple += ")";
    let list = this.rows.get(table);
    if (!list) this.rows.set(table, (list = []));
    list.push(tuple);
    this.counts[table] = (this.counts[table] ?? 0) + 1;
  }

  statements(rowsPerStatement: number, bytesPerStatement: number): string[] {
    const out: string[] = [];
    for (const table of Object.keys(TABLES) as Table[]) {
      const list = this.rows.get(table);
      if (!list?.length) continue;
      const head = `INSERT INTO ${table} (${TABLES[table].join(",")}) VALUES `;
      let batch: string[] = [];
      let size = head.length;
      for (const tuple of list) {
        if (batch.length && (batch.length >= rowsPerStatement || size + tuple.length > bytesPerStatement)) {
          out.push(head + batch.join(",") + ";");
          batch = [];
          size = head.length;
        }
        batch.push(tuple);
        size += tuple.length + 1;
      }
      if (batch.length) out.push(head + batch.join(",") + ";");
    }
    this.rows.clear();
    return out;
  }
}
