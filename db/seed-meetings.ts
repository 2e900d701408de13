/**
 * A past representatives' meeting per community, held under its rule set: the roll, the
 * attendance, items decided by recorded counts, and a decision with progress updates.
 */
import { newId } from "../shared/ids";
import { decideItem, quorumNeeded, type MeetingKind, type RuleSetId } from "../shared/rules/meetings";
import { insert } from "./seed-sql";

const DAY = 86_400_000;

export function meetingSeed(o: {
  communityId: string;
  kind: MeetingKind;
  ruleSet: RuleSetId;
  title: string;
  place: string;
  heldDaysAgo: number;
  representatives: string[];
  createdBy: string;
  staffName: string;
  announcementNoticeId: string;
  minutesNoticeId: string;
  items: { title: string; proposedResolution: string; share: number }[];
  updates: { daysAgo: number; status: string; progress: number; note: string }[];
  now: number;
}): string[] {
  const at = o.now - o.heldDaysAgo * DAY;
  const id = newId(at);
  const eligible = o.representatives.length;
  const quorum = quorumNeeded(o.ruleSet, o.kind, "representatives", eligible)!;
  const present = o.representatives.slice(0, Math.max(quorum, Math.ceil(eligible * 0.85)));
  const sql: string[] = [];
  const items = o.items.map((it, i) => {
    const votesFor = Math.round(present.length * it.share);
    const against = Math.floor((present.length - votesFor) / 2);
    return {
      id: newId(at),
      seq: i + 1,
      ...it,
      votesFor,
      votesAgainst: against,
      votesAbstain: present.length - votesFor - against,
      result: decideItem(o.ruleSet, o.kind, present.length, votesFor).result,
    };
  });
  const minutes = [
    `# ${o.title} 会议纪要`,
    "",
    `- 应到 ${eligible} 人，实到 ${present.length} 人，法定人数 ${quorum} 人，达到法定人数。`,
    "",
    "## 议题与表决结果",
    "",
    ...items.map(
      (it) =>
        `${it.seq}. ${it.title}：${it.result === "passed" ? "通过" : "未通过"}（赞成 ${it.votesFor}，反对 ${it.votesAgainst}，弃权 ${it.votesAbstain}）`,
    ),
  ].join("\n");
  sql.push(
    insert("meetings", {
      id,
      community_id: o.communityId,
      kind: o.kind,
      rule_set: o.ruleSet,
      basis: "representatives",
      title: o.title,
      place: o.place,
      starts_at: at,
      status: "closed",
      announced_at: at - 12 * DAY,
      announcement_notice_id: o.announcementNoticeId,
      eligible_count: eligible,
      quorum_needed: quorum,
      opened_at: at,
      closed_at: at + 2 * 3600_000,
      present_at_close: present.length,
      minutes_md: minutes,
      minutes_notice_id: o.minutesNoticeId,
      created_by: o.createdBy,
      created_at: at - 14 * DAY,
      updated_at: at + 2 * 3600_000,
    }),
    ...items.map((it) =>
      insert("meeting_items", {
        id: it.id,
        meeting_id: id,
        community_id: o.communityId,
        seq: it.seq,
        title: it.title,
        description: "",
        proposed_resolution: it.proposedResolution,
        result: it.result,
        votes_for: it.votesFor,
        votes_against: it.votesAgainst,
        votes_abstain: it.votesAbstain,
        present_at_vote: present.length,
        decided_at: at + 3600_000,
      }),
    ),
    ...o.representatives.map((r) => insert("meeting_roll", { meeting_id: id, resident_id: r })),
    ...present.map((r, i) =>
      insert("meeting_attendance", {
        meeting_id: id,
        resident_id: r,
        method: i % 3 === 0 ? "staff" : "qr",
        at: at + i * 60_000,
        recorded_by: o.createdBy,
      }),
    ),
  );
  for (const it of items.filter((x) => x.result === "passed")) {
    const decisionId = newId(at);
    const last = o.updates[o.updates.length - 1];
    sql.push(
      insert("decisions", {
        id: decisionId,
        community_id: o.communityId,
        meeting_id: id,
        item_id: it.id,
        title: it.title,
        resolution: it.proposedResolution,
        decided_at: at + 3600_000,
        status: last?.status ?? "planned",
        progress: last?.progress ?? 0,
        updated_at: last ? o.now - last.daysAgo * DAY : at,
      }),
      ...o.updates.map((u) =>
        insert("decision_updates", {
          id: newId(at),
          decision_id: decisionId,
          community_id: o.communityId,
          at: o.now - u.daysAgo * DAY,
          status: u.status,
          progress: u.progress,
          note: u.note,
          actor_name: o.staffName,
        }),
      ),
    );
    break; // the registry shows one decision with its timeline per community
  }
  return sql;
}
