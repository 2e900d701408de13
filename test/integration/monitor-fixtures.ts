import { env } from "cloudflare:workers";
import { newId } from "../../shared/ids";
import { shanghaiDate } from "../../shared/rules/eligibility";
import { periodOf, periodRange, previousPeriod } from "../../shared/rules/finance";
import { Client } from "./helpers";
import { createStreet, createUser, DAY } from "./fixtures";

/** One row straight into D1 (the fixture is built beside the API, not through it). */
export async function insert(table: string, row: Record<string, unknown>) {
  const cols = Object.keys(row);
  await env.DB.prepare(
    `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`,
  )
    .bind(...cols.map((c) => (typeof row[c] === "boolean" ? (row[c] ? 1 : 0) : row[c])))
    .run();
}

export const beijing = (day: string, time = "12:00") => Date.parse(`${day}T${time}:00+08:00`);

/**
 * A street office of its own with an urban community whose numbers are known exactly, a village
 * with nothing disclosed, and a street admin and viewer. Quarters are counted back from today.
 */
export async function monitorStreet() {
  const now = Date.now();
  const street = await createStreet();
  const q = periodOf(shanghaiDate(now), "quarterly");
  const q1 = previousPeriod(q);
  const q2 = previousPeriod(q1);
  const q3 = previousPeriod(q2);
  const createdAt = beijing(periodRange(q3).startsOn, "00:00");
  const urban = newId();
  const village = newId();
  for (const [id, slug, name, kind] of [
    [urban, "jinghua", "菁华社区", "urban"],
    [village, "xiwan", "西湾村", "village"],
  ] as const)
    await insert("communities", {
      id,
      street_id: street.id,
      slug,
      name: `${name}${street.slug.slice(-4)}`,
      kind,
      created_at: createdAt,
      updated_at: createdAt,
    });
  const admin = await createUser({ role: "street_admin", streetId: street.id });
  const viewer = await createUser({ role: "street_viewer", streetId: street.id });
  const staff = await createUser({ role: "community_admin", streetId: street.id });
  await env.DB.prepare("UPDATE users SET community_id = ? WHERE id = ?").bind(urban, staff.id).run();
  const due = (key: string) => {
    const end = periodRange(key).endsOn;
    return shanghaiDate(beijing(end) + 10 * DAY);
  };

  // Finance: q3 on time at the deadline's last minute, q2 one day late, q1 never published.
  const periods: [string, number | null][] = [
    [q3, beijing(due(q3), "23:59")],
    [q2, beijing(due(q2), "00:00") + DAY],
    [q1, null],
  ];
  for (const [key, publishedAt] of periods)
    await insert("finance_periods", {
      id: newId(),
      community_id: urban,
      period: key,
      starts_on: periodRange(key).startsOn,
      ends_on: periodRange(key).endsOn,
      status: publishedAt ? "published" : "open",
      opening_balance_fen: 0,
      published_at: publishedAt,
      created_at: createdAt,
      updated_at: createdAt,
    });

  // General affairs: q3 disclosed in its first week; nothing else until noon of q1's due day,
  // which is q2's own notice (late): q1 has none.
  const affairs = [beijing(periodRange(q3).startsOn) + 5 * DAY, beijing(due(q1), "12:00")];
  const noticeIds: string[] = [];
  for (const at of affairs) {
    const id = newId();
    noticeIds.push(id);
    await insert("notices", {
      id,
      community_id: urban,
      category: "affairs",
      status: "published",
      title: "居务公开",
      body_md: "本季度居务",
      current_version: 1,
      first_published_at: at,
      last_published_at: at,
      created_by: staff.id,
      created_at: at,
      updated_at: at,
    });
  }

  // Residents: 30 active and 2 moved out.
  const residentIds: string[] = [];
  for (let i = 0; i < 32; i++) {
    const id = newId();
    residentIds.push(id);
    await insert("residents", {
      id,
      community_id: urban,
      name: `居民${i}`,
      birth_date: "1970-01-01",
      status: i < 30 ? "active" : "moved_out",
      created_at: createdAt,
      updated_at: createdAt,
    });
  }

  // Queries: one unanswered for 11 days (counts), one for 9 (not yet), one answered.
  for (const [ago, answered] of [
    [11, false],
    [9, false],
    [20, true],
  ] as const)
    await insert("notice_objections", {
      id: newId(),
      community_id: urban,
      notice_id: noticeIds[1],
      version: 1,
      resident_id: residentIds[0],
      kind: "query",
      body: "请问支出明细？",
      created_at: now - ago * DAY,
      answer: answered ? "已答复" : null,
      answered_at: answered ? now - (ago - 12) * DAY : null,
    });

  // Meetings: quorate exactly at the threshold 30 days ago; one short of it 200 days ago.
  for (const [ago, present] of [
    [30, 20],
    [200, 19],
  ] as const)
    await insert("meetings", {
      id: newId(),
      community_id: urban,
      kind: "representatives_meeting",
      rule_set: "urban-2025",
      basis: "representatives",
      title: "居民代表会议",
      place: "社区活动室",
      starts_at: now - ago * DAY,
      status: "closed",
      eligible_count: 30,
      quorum_needed: 20,
      present_at_close: present,
      created_by: staff.id,
      created_at: now - ago * DAY,
      updated_at: now - ago * DAY,
    });

  // Votes: 13 of 40 and 30 of 60 cast; a consultation does not count.
  for (const [ago, eligible, cast, kind] of [
    [10, 40, 13, "vote"],
    [100, 60, 30, "vote"],
    [50, 100, 1, "consultation"],
  ] as const)
    await insert("polls", {
      id: newId(),
      community_id: urban,
      kind,
      ballot_type: "yes_no",
      rule_set: "urban-2025",
      title: "加装电梯表决",
      options: "[]",
      min_choices: 1,
      max_choices: 1,
      eligibility: "adults",
      secret: true,
      opens_at: now - (ago + 7) * DAY,
      closes_at: now - ago * DAY,
      pass_rule: "majority_cast",
      allow_change: false,
      hide_results: false,
      status: "closed",
      eligible_count: eligible,
      closed_at: now - ago * DAY,
      result: JSON.stringify({ cast }),
      created_by: staff.id,
      created_at: now - (ago + 8) * DAY,
      updated_at: now - ago * DAY,
    });

  // Cases closed in the last year: 3 in time, 1 late; disputes 1 agreed, 1 refused; ratings 5
  // and 4. One closed 400 days ago falls outside. Open: one past its stage limit (red), one
  // escalated but within its limit.
  const kase = (fields: Record<string, unknown>) =>
    insert("cases", {
      id: newId(),
      community_id: urban,
      kind: "request",
      category: "facilities",
      description: "楼道灯不亮",
      tracking_code: newId(),
      status: "closed",
      stage_started_at: now - 60 * DAY,
      stage_due_at: now - 50 * DAY,
      created_at: now - 60 * DAY,
      updated_at: now - 50 * DAY,
      ...fields,
    });
  await kase({ closed_at: now - 50 * DAY, closed_in_time: true, rating: 5, rated_at: now - 49 * DAY });
  await kase({ closed_at: now - 40 * DAY, closed_in_time: true, rating: 4, rated_at: now - 39 * DAY });
  await kase({ kind: "dispute", mediation: "agreed", closed_at: now - 30 * DAY, closed_in_time: true });
  await kase({ kind: "dispute", mediation: "refused", closed_at: now - 20 * DAY, closed_in_time: false });
  await kase({ closed_at: now - 400 * DAY, closed_in_time: false, rating: 1, rated_at: now - 399 * DAY });
  await kase({ status: "handle", stage_started_at: now - 5 * DAY, stage_due_at: now - DAY });
  await kase({
    status: "handle",
    kind: "complaint",
    category: "disclosure",
    stage_started_at: now - DAY,
    stage_due_at: now + 5 * DAY,
    escalated_at: now - DAY,
  });

  // Volunteering: a patrol shift 5 days ago with 4 places, 3 served 120 minutes (a cancelled
  // sign-up does not count).
  const team = newId();
  await insert("volunteer_teams", {
    id: team,
    community_id: urban,
    name: "夜间巡逻队",
    kind: "patrol",
    is_public: true,
    risky: true,
    adults_only: true,
    cancel_cutoff_hours: 2,
    created_at: createdAt,
    updated_at: createdAt,
  });
  const shift = newId();
  await insert("shifts", {
    id: shift,
    team_id: team,
    community_id: urban,
    task: "夜间巡逻",
    starts_at: now - 5 * DAY,
    ends_at: now - 5 * DAY + 2 * 3600_000,
    capacity: 4,
    created_by: staff.id,
    created_at: now - 10 * DAY,
  });
  for (let i = 0; i < 4; i++) {
    const volunteer = newId();
    await insert("volunteers", {
      id: volunteer,
      community_id: urban,
      resident_id: residentIds[i + 1],
      status: "active",
      created_at: createdAt,
      updated_at: createdAt,
    });
    await insert("shift_signups", {
      id: newId(),
      shift_id: shift,
      volunteer_id: volunteer,
      signed_up_at: now - 8 * DAY,
      minutes: i < 3 ? 120 : null,
      cancelled_at: i < 3 ? null : now - 7 * DAY,
    });
  }

  return {
    street,
    urban,
    village,
    quarters: { q, q1, q2, q3 },
    due,
    admin: await Client.as(admin.username, admin.password),
    viewer: await Client.as(viewer.username, viewer.password),
    staff: await Client.as(staff.username, staff.password),
  };
}
