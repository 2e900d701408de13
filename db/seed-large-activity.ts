/**
 * Two years of one community's public business for the large benchmark street: notices with
 * their versions, residents' queries, books, meetings, votes and cases, each publication hashed
 * as the app hashes it and appended to the community's transparency chain.
 */
import type { CommunityCtx } from "./seed-large";
import { DAY, HOUR, MINUTE, atLocal, dateOf, monthsBetween } from "./seed-large-util";
import {
  CASE_TEXTS,
  cn,
  FINANCE_LINES,
  MEETING_ITEMS,
  NOTICE_TEMPLATES,
  OBJECTION_BODIES,
  POLL_TOPICS,
  RATING_COMMENTS,
} from "./seed-large-names";
import { publicityEndsAt } from "../shared/rules/notices";
import {
  closingBalance,
  dueOn,
  financePeriodContent,
  nextPeriod,
  periodOf,
  periodRange,
  addDays,
  publicEntry,
} from "../shared/rules/finance";
import { contentHash, nextLink, noticeVersionContent, type ChainEntry } from "../shared/rules/transparency";
import { decideItem, defaultRuleSet, quorumNeeded, type Basis, type MeetingKind } from "../shared/rules/meetings";
import {
  buildOptions,
  choiceBounds,
  endsPost,
  newReceipt,
  tally,
  type BallotType,
  type PassRule,
  type PollKind,
  pollResultContent,
} from "../shared/rules/polls";
import { DEFAULT_LIMITS, dueAt, type CaseKind } from "../shared/rules/cases";

type Publication = { at: number; kind: string; recordId: string; version: number; contentHash: string };
type NoticeRef = { id: string; at: number; version: number; endsAt: number };

const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ""));
/** "19:30" in Shanghai. */
const hm = (at: number) => new Date(at + 8 * HOUR).toISOString().slice(11, 16);
const md = (at: number) => {
  const [, m, d] = dateOf(at).split("-").map(Number);
  return `${m}月${d}日`;
};

export async function activitySeed(c: CommunityCtx): Promise<void> {
  const publications: Publication[] = [];
  const notices = await noticeSeed(c, publications);
  objectionSeed(c, notices);
  await financeSeedLarge(c, publications);
  await pollSeedLarge(c, publications);
  caseSeedLarge(c);
  // The transparency chain: every publication in time order, hashed as the app appends them.
  publications.sort((a, b) => a.at - b.at);
  let head: ChainEntry | null = null;
  for (const p of publications) {
    head = await nextLink(head, p);
    c.buf.add("transparency_log", {
      id: c.ids.id(p.at),
      community_id: c.communityId,
      seq: head.seq,
      at: head.at,
      kind: head.kind,
      record_id: head.recordId,
      version: head.version,
      content_hash: head.contentHash,
      prev_hash: head.prevHash,
      entry_hash: head.entryHash,
    });
  }
}

/** Daytime on the Shanghai day of `at`, between the given hours. */
function daytime(c: CommunityCtx, at: number, from = 8, to = 18): number {
  return atLocal(dateOf(at), c.h.int(from, to - 1), c.h.int(0, 59));
}

// ---------------------------------------------------------------------------------------------
// Notices: about eight a month. The general affairs disclosure (居务/村务公开) comes once a quarter,
// usually within ten days after the quarter ends: the street counts any affairs notice as one, so
// the other notices use the other categories. Meeting notices and minutes are "other".

type NoticeDraft = {
  category: "party" | "government" | "affairs" | "finance" | "other";
  title: string;
  body: string;
  at: number;
  pinned?: boolean;
};

async function noticeSeed(c: CommunityCtx, publications: Publication[]): Promise<NoticeRef[]> {
  const { h } = c;
  const drafts: NoticeDraft[] = [];
  const word = c.kind === "urban" ? "居务" : "村务";

  // Quarterly general disclosures, from the quarter whose deadline falls just before the window.
  const lateRate = 0.06 + 0.25 * (1 - c.quality);
  const missRate = 0.02 + 0.12 * (1 - c.quality);
  for (let q = periodOf(dateOf(c.start - 100 * DAY), "quarterly"); ; q = nextPeriod(q)) {
    const { endsOn } = periodRange(q);
    const ended = Date.parse(`${addDays(endsOn, 1)}T00:00:00+08:00`);
    if (ended > c.now) break;
    const x = h.rand();
    if (x < missRate) continue;
    const at =
      x < missRate + lateRate
        ? atLocal(addDays(endsOn, h.int(11, 40)), h.int(9, 17), h.int(0, 59))
        : atLocal(addDays(endsOn, h.int(1, 10)), h.int(9, 17), h.int(0, 59));
    if (at > c.now) continue;
    const [y, n] = [q.slice(0, 4), Number(q.slice(-1))];
    drafts.push({
      category: "affairs",
      title: `${c.name} ${y} 年第${cn(n)}季度${word}公开`,
      body: [
        `## 一、${c.kind === "urban" ? "居民" : "村民"}代表会议决定事项`,
        "",
        `本季度召开会议 ${h.int(1, 3)} 次，议定事项 ${h.int(2, 6)} 项，详见会议纪要。`,
        "",
        "## 二、公共服务项目",
        "",
        "| 项目 | 进度 |",
        "| --- | --- |",
        `| ${h.pick(["老年食堂", "楼道照明更新", "垃圾分类点改造", "村道维修", "健身广场"])} | ${h.pick(["已完成", "施工中", "已立项"])} |`,
        `| ${h.pick(["困难家庭走访", "为老服务", "文明创建", "河塘整治"])} | 走访 ${h.int(10, 80)} 户次 |`,
        "",
        `如有疑问，请于工作时间到${c.kind === "urban" ? "居委会" : "村委会"}咨询。`,
      ].join("\n"),
      at,
    });
  }
  const lastAffairs = drafts[drafts.length - 1];
  if (lastAffairs) lastAffairs.pinned = true;

  // Meetings produce their announcement and minutes as notices.
  const meetingNotices = meetingSeedLarge(c);
  for (const m of meetingNotices) drafts.push(m.announcement, ...(m.minutes ? [m.minutes] : []));

  // The rest, month by month, to about eight a month in all.
  for (const month of monthsBetween(c.start, c.now)) {
    const from = Math.max(month.start, c.start);
    const to = Math.min(month.end, c.now - HOUR);
    if (to <= from) continue;
    const share = (to - from) / (month.end - month.start);
    const already = drafts.filter((d) => d.at >= from && d.at < to).length;
    const wanted = Math.round(h.int(6, 10) * share) - already;
    const [y, m] = month.key.split("-").map(Number);
    for (let k = 0; k < wanted; k++) {
      const category = h.weighted([
        ["party", 20],
        ["government", 25],
        ["finance", 13],
        ["other", 42],
      ] as const);
      const at = daytime(c, from + h.rand() * (to - from));
      if (at > c.now) continue;
      const [title, body] = h.pick(NOTICE_TEMPLATES[category]);
      const b = h.int(1, c.buildings);
      const vars = { y, m, b, b2: Math.min(c.buildings, b + 2), d: md(at + h.int(2, 10) * DAY) };
      drafts.push({ category, title: fill(title, vars), body: fill(body, vars), at });
    }
  }

  drafts.sort((a, b) => a.at - b.at);
  const refs: NoticeRef[] = [];
  const idOf = new Map<NoticeDraft, string>();
  for (const d of drafts) {
    const id = c.ids.id(d.at - DAY);
    idOf.set(d, id);
    // A few notices were corrected a few days later (a second, append-only version).
    const corrected = h.chance(0.03) && d.at + 5 * DAY < c.now;
    const versions = [{ at: d.at, title: d.title, body: d.body, changeNote: "" }];
    if (corrected)
      versions.push({
        at: d.at + h.int(1, 4) * DAY + h.int(1, 5) * HOUR,
        title: d.title,
        body: `${d.body}\n\n（更正：补充联系电话 0571-8${h.int(1_000_000, 9_999_999)}。）`,
        changeNote: "补充联系电话",
      });
    let version = 0;
    for (const v of versions) {
      version += 1;
      const endsAt = publicityEndsAt(v.at, 15);
      const hash = await contentHash(
        noticeVersionContent({
          street: c.street,
          community: c.slug,
          noticeId: id,
          version,
          category: d.category,
          title: v.title,
          bodyMd: v.body,
          changeNote: v.changeNote,
          publishedAt: v.at,
          publicityEndsAt: endsAt,
          attachments: [],
        }),
      );
      c.buf.add("notice_versions", {
        id: c.ids.id(v.at),
        notice_id: id,
        community_id: c.communityId,
        version,
        category: d.category,
        title: v.title,
        body_md: v.body,
        change_note: v.changeNote,
        attachments: [],
        published_at: v.at,
        publicity_ends_at: endsAt,
        published_by: c.adminId,
        content_hash: hash,
      });
      publications.push({ at: v.at, kind: "notice", recordId: id, version, contentHash: hash });
    }
    const last = versions[versions.length - 1];
    c.buf.add("notices", {
      id,
      community_id: c.communityId,
      category: d.category,
      status: "published",
      title: last.title,
      body_md: last.body,
      pinned: d.pinned ?? false,
      publicity_days: 15,
      current_version: versions.length,
      first_published_at: d.at,
      last_published_at: last.at,
      created_by: c.adminId,
      created_at: d.at - h.int(2, 48) * HOUR,
      updated_at: last.at,
    });
    refs.push({ id, at: d.at, version: versions.length, endsAt: publicityEndsAt(d.at, 15) });
  }
  // Link the meetings to their notices now that the notices have ids.
  for (const m of meetingNotices) m.write(idOf.get(m.announcement)!, m.minutes ? idOf.get(m.minutes)! : null);
  return refs;
}

/** Queries and objections: a few a month, most answered within ten days, some late, a few never. */
function objectionSeed(c: CommunityCtx, notices: NoticeRef[]) {
  const { h } = c;
  if (!notices.length || !c.adults.length) return;
  const count = Math.round((notices.length / 8) * h.int(2, 4));
  const slow = 0.1 + 0.3 * (1 - c.quality);
  for (let k = 0; k < count; k++) {
    const n = h.pick(notices);
    const createdAt = n.at + h.int(2, 14 * 24 - 1) * HOUR + h.int(0, 59) * MINUTE;
    if (createdAt > c.now - HOUR) continue;
    const [body, answer] = h.pick(OBJECTION_BODIES);
    const x = h.rand();
    let answeredAt: number | null;
    if (x < 0.05 + slow * 0.15)
      answeredAt = null; // never answered
    else if (x < 0.05 + slow) answeredAt = createdAt + h.int(11, 30) * DAY + h.int(0, 8) * HOUR;
    else answeredAt = createdAt + h.int(2, 10 * 24 - 1) * HOUR;
    if (answeredAt !== null && answeredAt > c.now) answeredAt = null;
    c.buf.add("notice_objections", {
      id: c.ids.id(createdAt),
      community_id: c.communityId,
      notice_id: n.id,
      version: n.version,
      resident_id: h.pick(c.adults).id,
      kind: h.chance(0.75) ? "query" : "objection",
      body,
      created_at: createdAt,
      answer: answeredAt ? answer : null,
      answered_at: answeredAt,
      answered_by: answeredAt ? c.adminId : null,
      published: answeredAt !== null && h.chance(0.3),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Books: monthly in villages, quarterly in urban communities, published by the tenth day after
// the period (Asia/Shanghai); about one in ten late, and a few communities behind right now.

async function financeSeedLarge(c: CommunityCtx, publications: Publication[]) {
  const { h } = c;
  const frequency = c.kind === "village" ? "monthly" : "quarterly";
  const lines = FINANCE_LINES[c.kind];
  const today = dateOf(c.now);
  const current = periodOf(today, frequency);
  const keys: string[] = [];
  for (let k = periodOf(dateOf(c.start - 40 * DAY), frequency); k <= current || keys.length === 0; k = nextPeriod(k)) {
    keys.push(k);
    if (k === current) break;
  }
  // The periods a lagging community has not published although their deadline has passed.
  const overdue = keys.filter((k) => dueOn(k) < today);
  const behind = new Set(c.lagsBooks ? overdue.slice(-h.int(1, 2)) : []);
  const lateRate = 0.04 + 0.2 * (1 - c.quality);
  let opening = (c.kind === "urban" ? 5_000_000 : 2_500_000) + h.int(0, 2_000_000);
  let unpublishedSince = false;
  for (const key of keys) {
    const { startsOn, endsOn } = periodRange(key);
    const start = Date.parse(`${startsOn}T00:00:00+08:00`);
    const span = (Date.parse(endsOn) - Date.parse(startsOn)) / DAY + 1;
    const periodId = c.ids.id(start);
    const entries = lines
      .filter(([direction]) => h.chance(direction === "income" ? 0.8 : 0.7))
      .map(([direction, category, base, summary, counterparty, isPerson], i) => ({
        id: c.ids.id(start + i * HOUR),
        date: addDays(startsOn, Math.floor(((i + 1) / (lines.length + 1)) * span)),
        direction,
        category,
        amountFen:
          Math.round((base * (frequency === "monthly" ? 1 : 2) * (0.6 + h.rand() * 0.7)) / 100) * 100 + (i % 3) * 5,
        summary,
        counterparty,
        isPerson,
        voucherNo: `${key.replace("-", "")}-${String(i + 1).padStart(3, "0")}`,
      }));
    const ended = endsOn < today;
    // When it was (or will be) published: by the deadline, or late.
    let publishedAt: number | null = null;
    if (ended && !behind.has(key) && !unpublishedSince) {
      const late = h.chance(lateRate);
      const day = late ? addDays(dueOn(key), h.int(1, 25)) : addDays(endsOn, h.int(2, 10));
      publishedAt = atLocal(day, h.int(9, 17), h.int(0, 59));
      if (publishedAt > c.now) publishedAt = null;
    }
    // Books publish in order: once a period is left open, the later ones stay open too.
    if (publishedAt === null && ended) unpublishedSince = true;
    const kept = publishedAt ? entries : entries.filter((e) => e.date <= today);
    const incomeFen = kept.filter((e) => e.direction === "income").reduce((n, e) => n + e.amountFen, 0);
    const expenseFen = kept.filter((e) => e.direction === "expense").reduce((n, e) => n + e.amountFen, 0);
    const closing = closingBalance(opening, kept);
    let hash: string | null = null;
    if (publishedAt !== null) {
      hash = await contentHash(
        financePeriodContent({
          street: c.street,
          community: c.slug,
          periodId,
          period: key,
          startsOn,
          endsOn,
          openingBalanceFen: opening,
          incomeFen,
          expenseFen,
          closingBalanceFen: closing,
          publishedAt,
          entries: kept.map((e) =>
            publicEntry({ ...e, entryDate: e.date, counterpartyIsPerson: e.isPerson, adjustsEntryId: null }),
          ),
        }),
      );
      publications.push({ at: publishedAt, kind: "finance.period", recordId: periodId, version: 1, contentHash: hash });
    }
    const reviewedAt = publishedAt ? publishedAt - h.int(2, 20) * HOUR : null;
    const published = publishedAt !== null;
    c.buf.add("finance_periods", {
      id: periodId,
      community_id: c.communityId,
      period: key,
      starts_on: startsOn,
      ends_on: endsOn,
      status: published ? "published" : "open",
      opening_balance_fen: opening,
      income_fen: published ? incomeFen : null,
      expense_fen: published ? expenseFen : null,
      closing_balance_fen: published ? closing : null,
      submitted_at: reviewedAt ? reviewedAt - h.int(4, 30) * HOUR : null,
      submitted_by: published ? c.adminId : null,
      reviewed_at: reviewedAt,
      reviewed_by: null,
      reviewer_name: published ? c.supervisorName : null,
      review_comment: published ? "已核对凭证，同意公开" : null,
      published_at: publishedAt,
      published_by: published ? c.adminId : null,
      content_hash: hash,
      created_at: start,
      updated_at: publishedAt ?? Math.min(c.now, start + span * DAY),
    });
    for (const e of kept) {
      const at = Math.min(c.now, atLocal(e.date, 10));
      c.buf.add("finance_entries", {
        id: e.id,
        community_id: c.communityId,
        period_id: periodId,
        entry_date: e.date,
        direction: e.direction,
        category: e.category,
        amount_fen: e.amountFen,
        summary: e.summary,
        counterparty: e.counterparty,
        counterparty_is_person: e.isPerson,
        voucher_no: e.voucherNo,
        created_by: c.adminId,
        created_at: at,
        updated_at: at,
      });
    }
    // Opening = the previous period's closing balance.
    opening = closing;
  }
}

// ---------------------------------------------------------------------------------------------
// Meetings: urban 居民代表会议 at least every half year (now and then a 居民会议 and consultations);
// villages 村民代表会议 every quarter and 村民会议 yearly. Some communities skip one; a few
// meetings fall short of quorum.

type MeetingNotices = {
  announcement: NoticeDraft;
  minutes: NoticeDraft | null;
  write: (announcementId: string, minutesId: string | null) => void;
};

function meetingSeedLarge(c: CommunityCtx): MeetingNotices[] {
  const { h } = c;
  const ruleSet = defaultRuleSet(c.kind);
  const plan: { kind: MeetingKind; basis: Basis; at: number; subkind?: string }[] = [];
  const end = c.now - 2 * DAY;
  // Meetings of a required kind follow each other within its interval (so that any window of that
  // length holds one), except that a community that skips leaves one longer gap.
  let skipped = !c.skipsMeeting;
  // A village that skips misses either a quarterly 村民代表会议 or its yearly 村民会议.
  const skipsYearly = c.kind === "village" && h.chance(0.4);
  const chain = (kind: MeetingKind, basis: Basis, first: number, gap: () => number, longGap: () => number) => {
    const mayskip = kind !== "village_reps_meeting" || !skipsYearly;
    for (let at = c.start + first * DAY; at < end;) {
      plan.push({ kind, basis, at });
      at += (mayskip && !skipped && h.chance(0.4) ? ((skipped = true), longGap()) : gap()) * DAY;
    }
  };
  if (c.kind === "urban") {
    chain(
      "representatives_meeting",
      "representatives",
      h.int(10, 80),
      () => h.int(95, 175),
      () => h.int(200, 280),
    );
    if (h.chance(0.5))
      plan.push({ kind: "residents_meeting", basis: "household_reps", at: c.start + h.int(60, 650) * DAY });
  } else {
    chain(
      "village_reps_meeting",
      "representatives",
      h.int(5, 40),
      () => h.int(60, 88),
      () => h.int(110, 160),
    );
    chain(
      "villagers_meeting",
      "household_reps",
      h.int(10, 150),
      () => h.int(300, 355),
      () => h.int(400, 450),
    );
  }
  for (let k = h.int(1, 4); k > 0; k--)
    plan.push({
      kind: "consultation",
      basis: "none",
      at: c.start + h.int(5, 720) * DAY,
      subkind: h.pick(["议事会", "听证会", "恳谈会"]),
    });

  const out: MeetingNotices[] = [];
  const kindName: Record<string, string> = {
    representatives_meeting: "居民代表会议",
    residents_meeting: "居民会议",
    village_reps_meeting: "村民代表会议",
    villagers_meeting: "村民会议",
    consultation: "民主协商会",
  };
  const failRate = 0.04 + 0.15 * (1 - c.quality);
  for (const p of plan.filter((x) => x.at < end).sort((a, b) => a.at - b.at)) {
    const startsAt = atLocal(dateOf(p.at), h.pick([9, 14, 19]), h.pick([0, 30]));
    if (startsAt > end) continue;
    const needsNotice = p.kind === "residents_meeting" || p.kind === "villagers_meeting";
    const announcedAt = daytime(c, startsAt - (needsNotice ? h.int(10, 14) : h.int(2, 7)) * DAY);
    const eligible =
      p.basis === "representatives"
        ? c.representatives.length
        : p.basis === "household_reps"
          ? c.heads.length
          : c.adults.length;
    const quorum = quorumNeeded(ruleSet, p.kind, p.basis, eligible) ?? 0;
    const fails = p.basis !== "none" && h.chance(failRate);
    const present =
      p.basis === "none"
        ? h.int(12, 40)
        : fails
          ? h.int(Math.floor(quorum * 0.6), Math.max(0, quorum - 1))
          : quorum + h.int(0, Math.max(0, eligible - quorum));
    const closedAt = startsAt + h.int(90, 180) * MINUTE;
    const year = dateOf(startsAt).slice(0, 4);
    const title =
      p.kind === "consultation"
        ? `${c.name}${p.subkind}：${h.pick(MEETING_ITEMS[c.kind])[0]}`
        : `${year} 年${c.name}${kindName[p.kind]}（${md(startsAt)}）`;
    const place = c.kind === "urban" ? "社区党群服务中心二楼会议室" : "村委会会议室";
    const id = c.ids.id(announcedAt - DAY);
    const items = h.sample(MEETING_ITEMS[c.kind], h.int(1, 3)).map(([itemTitle, resolution], i) => {
      const advisory = p.kind === "consultation";
      const votesFor = advisory || fails ? null : Math.round(present * (0.35 + 0.6 * h.rand()));
      const against = votesFor === null ? null : Math.floor((present - votesFor) * h.rand());
      const result = advisory ? "advisory" : fails ? null : decideItem(ruleSet, p.kind, present, votesFor!).result;
      return {
        id: c.ids.id(startsAt),
        seq: i + 1,
        title: itemTitle,
        resolution,
        votesFor,
        against,
        abstain: votesFor === null ? null : present - votesFor - against!,
        result,
      };
    });
    const minutesMd = [
      `# ${title} 会议纪要`,
      "",
      p.basis === "none"
        ? `- 参加人数 ${present} 人（协商议事，不计法定人数）。`
        : `- 应到 ${eligible} 人，实到 ${present} 人，法定人数 ${quorum} 人，${present >= quorum ? "达到" : "未达到"}法定人数。`,
      "",
      "## 议题与结果",
      "",
      ...items.map(
        (it) =>
          `${it.seq}. ${it.title}：${
            it.result === "passed"
              ? `通过（赞成 ${it.votesFor}，反对 ${it.against}，弃权 ${it.abstain}）`
              : it.result === "failed"
                ? `未通过（赞成 ${it.votesFor}，反对 ${it.against}，弃权 ${it.abstain}）`
                : it.result === "advisory"
                  ? "形成协商意见，报居（村）委会研究"
                  : "未达法定人数，未表决"
          }`,
      ),
    ].join("\n");
    const announcement: NoticeDraft = {
      category: "other",
      title: `会议通知：${title}`,
      body: `定于${md(startsAt)} ${hm(startsAt)} 在${place}召开会议。\n\n## 议题\n\n${items.map((it) => `${it.seq}. ${it.title}`).join("\n")}`,
      at: announcedAt,
    };
    const minutesAt = daytime(c, closedAt + h.int(1, 3) * DAY);
    const minutes: NoticeDraft | null =
      minutesAt < c.now ? { category: "other", title: `会议纪要：${title}`, body: minutesMd, at: minutesAt } : null;
    out.push({
      announcement,
      minutes,
      write: (announcementId, minutesId) => {
        c.buf.add("meetings", {
          id,
          community_id: c.communityId,
          kind: p.kind,
          subkind: p.subkind ?? null,
          rule_set: ruleSet,
          basis: p.basis,
          title,
          place,
          starts_at: startsAt,
          status: "closed",
          announced_at: announcedAt,
          announcement_notice_id: announcementId,
          eligible_count: eligible,
          quorum_needed: quorum,
          opened_at: startsAt + h.int(0, 10) * MINUTE,
          closed_at: closedAt,
          present_at_close: present,
          minutes_md: minutesMd,
          minutes_notice_id: minutesId,
          created_by: c.adminId,
          created_at: announcedAt - h.int(1, 3) * DAY,
          updated_at: closedAt,
        });
        for (const it of items) {
          c.buf.add("meeting_items", {
            id: it.id,
            meeting_id: id,
            community_id: c.communityId,
            seq: it.seq,
            title: it.title,
            description: "",
            proposed_resolution: it.resolution,
            result: it.result,
            votes_for: it.votesFor,
            votes_against: it.against,
            votes_abstain: it.abstain,
            present_at_vote: it.result && it.result !== "advisory" ? present : null,
            decided_at: it.result ? startsAt + it.seq * 30 * MINUTE : null,
          });
          if (it.result === "passed") {
            const age = (c.now - startsAt) / DAY;
            const status =
              age > 300
                ? h.weighted([
                    ["done", 7],
                    ["stalled", 1],
                  ] as const)
                : age > 60
                  ? h.weighted([
                      ["in_progress", 3],
                      ["done", 2],
                      ["stalled", 1],
                    ] as const)
                  : "planned";
            c.buf.add("decisions", {
              id: c.ids.id(startsAt),
              community_id: c.communityId,
              meeting_id: id,
              item_id: it.id,
              title: it.title,
              resolution: it.resolution,
              decided_at: startsAt + it.seq * 30 * MINUTE,
              status,
              progress: status === "done" ? 100 : status === "planned" ? 0 : h.int(10, 90),
              updated_at: Math.min(c.now, startsAt + h.int(1, Math.max(1, Math.floor(age))) * DAY),
            });
          }
        }
      },
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Votes: a democratic review of the committee each year, a few votes and consultations, and
// an open vote in some communities. Ballots are not stored; the fixed tally is.

async function pollSeedLarge(c: CommunityCtx, publications: Publication[]) {
  const { h } = c;
  type Plan = {
    kind: PollKind;
    type: BallotType;
    title: string;
    description: string;
    labels: { label: string; post?: string }[];
    eligibility: "household_reps" | "representatives";
    opensAt: number;
    days: number;
    turnout: number;
    reviewYear?: number;
    passRule: PassRule;
    turnoutPct: number | null;
    maxChoices?: number;
  };
  const plans: Plan[] = [];
  const thisYear = Number(dateOf(c.now).slice(0, 4));
  for (const year of [thisYear - 2, thisYear - 1]) {
    const opensAt = atLocal(`${year + 1}-01-10`, 9) + h.int(0, 30) * DAY;
    if (opensAt < c.start || opensAt + 8 * DAY > c.now) continue;
    plans.push({
      kind: "consultation",
      type: "review",
      title: `${year} 年度${c.kind === "urban" ? "居委会" : "村委会"}成员民主评议`,
      description: `${c.kind === "urban" ? "居民" : "村民"}代表对委员会成员 ${year} 年度的履职情况进行评议。`,
      labels: c.committee.map((m) => ({ label: m.name, post: m.post })),
      eligibility: "representatives",
      opensAt,
      days: 7,
      turnout: 0.75 + 0.2 * h.rand(),
      reviewYear: year,
      passRule: "majority_cast",
      turnoutPct: null,
    });
  }
  const votes = h.int(3, 6);
  for (let k = 0; k < votes; k++) {
    const topic = h.pick(POLL_TOPICS);
    const byHouseholds = h.chance(0.6);
    const type: BallotType = !topic.options ? "yes_no" : topic.title.includes("意见征集") ? "multiple" : "single";
    const kind: PollKind = type === "multiple" ? "consultation" : "vote";
    plans.push({
      kind,
      type,
      title: topic.title,
      description: topic.description,
      labels: (topic.options ?? []).map((label) => ({ label })),
      eligibility: byHouseholds ? "household_reps" : "representatives",
      opensAt: daytime(c, c.start + h.int(10, 715) * DAY),
      days: h.int(5, 10),
      turnout: byHouseholds ? 0.3 + 0.45 * h.rand() : 0.65 + 0.3 * h.rand(),
      passRule: "majority_cast",
      turnoutPct: byHouseholds && h.chance(0.5) ? 50 : null,
      maxChoices: type === "multiple" ? 2 : undefined,
    });
  }
  const open = h.chance(0.35);
  if (open) {
    const topic = h.pick(POLL_TOPICS.filter((t) => !t.options));
    plans.push({
      kind: "vote",
      type: "yes_no",
      title: topic.title,
      description: topic.description,
      labels: [],
      eligibility: "household_reps",
      opensAt: c.now - h.int(1, 4) * DAY - h.int(1, 10) * HOUR,
      days: h.int(6, 9),
      turnout: 0.2 + 0.2 * h.rand(),
      passRule: "majority_cast",
      turnoutPct: 50,
    });
  }
  const history: { name: string; year: number; incompetentMajority: boolean }[] = [];
  for (const p of plans.sort((a, b) => a.opensAt - b.opensAt)) {
    const closesAt = p.opensAt + p.days * DAY;
    const closed = closesAt <= c.now;
    const id = c.ids.id(p.opensAt - DAY);
    const options = buildOptions(p.type, p.labels);
    const bounds = choiceBounds(p.type, options.length, 1, p.maxChoices);
    const roll = p.eligibility === "representatives" ? c.representatives.length : c.heads.length;
    const cast = Math.round(roll * p.turnout);
    let result: unknown = null;
    let resultHash: string | null = null;
    if (closed) {
      const weights = options.map(() => 0.3 + h.rand());
      const ballots = Array.from({ length: cast }, () => {
        if (p.type === "review")
          return options
            .map(
              (o) =>
                `${o.id}=${h.weighted([
                  ["competent", 80],
                  ["basic", 16],
                  ["incompetent", 4],
                ] as const)}`,
            )
            .join(",");
        if (p.type === "yes_no")
          return h.weighted([
            ["yes", 6],
            ["no", 3],
            ["abstain", 1],
          ] as const);
        const first = h.weighted(options.map((o, i) => [o.id, weights[i]] as const));
        if (p.type === "multiple" && h.chance(0.5)) {
          const second = h.pick(options).id;
          return options
            .filter((o) => o.id === first || o.id === second)
            .map((o) => o.id)
            .join(",");
        }
        return first;
      });
      result = tally(
        { kind: p.kind, type: p.type, options, passRule: p.passRule, turnoutPct: p.turnoutPct },
        ballots,
        roll,
      );
      resultHash = await contentHash(pollResultContent({ pollId: id, title: p.title, closedAt: closesAt, result }));
      publications.push({ at: closesAt, kind: "poll.result", recordId: id, version: 1, contentHash: resultHash });
    }
    c.buf.add("polls", {
      id,
      community_id: c.communityId,
      kind: p.kind,
      ballot_type: p.type,
      rule_set: defaultRuleSet(c.kind),
      title: p.title,
      description_md: p.description,
      options,
      min_choices: bounds.minChoices,
      max_choices: bounds.maxChoices,
      eligibility: p.eligibility,
      secret: true,
      opens_at: p.opensAt,
      closes_at: closesAt,
      pass_rule: p.passRule,
      turnout_pct: p.turnoutPct,
      allow_change: p.kind === "vote",
      hide_results: false,
      review_year: p.reviewYear ?? null,
      status: closed ? "closed" : "open",
      eligible_count: roll,
      opened_at: p.opensAt,
      closed_at: closed ? closesAt : null,
      result,
      result_hash: resultHash,
      created_by: c.adminId,
      created_at: p.opensAt - 2 * DAY,
      updated_at: closed ? closesAt : p.opensAt,
    });
    if (closed && p.type === "review" && p.reviewYear) {
      const t = result as ReturnType<typeof tally>;
      for (const m of t.members) {
        history.push({ name: m.label, year: p.reviewYear, incompetentMajority: m.incompetentMajority });
        c.buf.add("review_outcomes", {
          poll_id: id,
          community_id: c.communityId,
          year: p.reviewYear,
          member_name: m.label,
          post: m.post ?? "",
          competent: m.competent,
          basic: m.basic,
          incompetent: m.incompetent,
          ballots_cast: t.cast,
          incompetent_majority: m.incompetentMajority,
          ends_post: endsPost(
            history.filter((x) => x.name === m.label),
            p.reviewYear,
          ),
        });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Cases: about ten a month, most closed (about 85% in time), disputes mediated, six in ten
// closed cases rated; a handful open now, some of them past their stage's limit, a few escalated.

function caseSeedLarge(c: CommunityCtx) {
  const { h } = c;
  const months = (c.now - c.start) / (30 * DAY);
  const count = Math.round(months * h.int(8, 12));
  const inTimeRate = 0.64 + 0.26 * c.quality;
  const kinds = [
    ["request", 45],
    ["complaint", 25],
    ["suggestion", 15],
    ["dispute", 15],
  ] as const;
  const write = (o: {
    kind: CaseKind;
    filed: number;
    status: "accept" | "handle" | "verify" | "closed";
    stageStartedAt: number;
    stageDueAt: number;
    accepted: number;
    closedAt: number | null;
    inTime: boolean | null;
    lateAt: number | null;
    escalatedAt?: number | null;
    streetHolds?: boolean;
  }) => {
    const [category, description, place] = h.pick(CASE_TEXTS[o.kind]);
    const anonymous = h.chance(0.15);
    const resident = anonymous ? null : h.pick(c.adults);
    const vars = { b: h.int(1, c.buildings), u: h.int(1, 2) };
    const limits = DEFAULT_LIMITS[o.kind];
    let mediation = "none";
    let agreedAt: number | null = null;
    if (o.kind === "dispute") {
      mediation =
        o.status === "closed"
          ? h.weighted([
              ["agreed", 65],
              ["refused", 20],
              ["held", 15],
            ] as const)
          : o.status === "accept"
            ? "none"
            : h.chance(0.6)
              ? "held"
              : "none";
      if (mediation === "agreed") agreedAt = Math.min(o.closedAt ?? c.now, o.accepted + h.int(1, limits.handle) * DAY);
    }
    let rating: number | null = null;
    let ratedAt: number | null = null;
    if (o.closedAt && resident && h.chance(0.7)) {
      ratedAt = o.closedAt + h.int(2, 120) * HOUR;
      if (ratedAt <= c.now)
        rating = o.inTime
          ? h.weighted([
              [5, 50],
              [4, 30],
              [3, 12],
              [2, 5],
              [1, 3],
            ] as const)
          : h.weighted([
              [5, 15],
              [4, 25],
              [3, 30],
              [2, 18],
              [1, 12],
            ] as const);
      else ratedAt = null;
    }
    const updated = Math.max(o.filed, o.stageStartedAt, o.closedAt ?? 0, ratedAt ?? 0, o.escalatedAt ?? 0);
    c.buf.add("cases", {
      id: c.ids.id(o.filed),
      community_id: c.communityId,
      grid_id: resident ? resident.gridId : h.pick(c.grids).id,
      kind: o.kind,
      category,
      description,
      place: place ? `${fill(place, vars)}` : "",
      resident_id: resident?.id ?? null,
      contact_name: resident
        ? null
        : `${h.pick(["陈", "王", "李", "刘", "张"])}${h.pick(["阿姨", "先生", "女士", "师傅"])}`,
      contact_phone: resident ? null : `1${h.pick(["3", "5", "8"])}${h.int(100_000_000, 999_999_999)}`,
      tracking_code: newReceipt(() => c.ids.receiptBytes()),
      status: o.status,
      assignee_user_id: c.adminId,
      stage_started_at: o.stageStartedAt,
      stage_due_at: o.stageDueAt,
      escalated_at: o.escalatedAt ?? null,
      street_holds: o.streetHolds ?? false,
      mediation,
      agreed_at: agreedAt,
      closed_at: o.closedAt,
      closed_in_time: o.closedAt ? o.inTime : null,
      late_at: o.lateAt,
      rating,
      rating_comment: rating && h.chance(0.5) ? h.pick(RATING_COMMENTS[rating]) : null,
      rated_at: rating ? ratedAt : null,
      created_at: o.filed,
      updated_at: Math.min(c.now, updated),
    });
  };

  for (let k = 0; k < count; k++) {
    const kind = h.weighted(kinds);
    const limits = DEFAULT_LIMITS[kind];
    const filed = daytime(c, c.start + h.rand() * (c.now - c.start), 7, 22);
    if (filed > c.now - HOUR) continue;
    const accepted = filed + h.int(1, 20) * HOUR;
    const inTime = h.chance(inTimeRate);
    const handleDue = dueAt(accepted, limits.handle, false);
    const handled = inTime
      ? accepted + h.rand() * (handleDue - accepted - HOUR)
      : handleDue + h.int(1, 8) * DAY + h.int(0, 20) * HOUR;
    const closedAt = handled + h.int(4, 60) * HOUR;
    const lateAt = inTime ? null : handleDue + MINUTE;
    if (closedAt <= c.now) {
      write({
        kind,
        filed,
        status: "closed",
        stageStartedAt: closedAt,
        stageDueAt: dueAt(closedAt, 0, false),
        accepted,
        closedAt,
        inTime,
        lateAt,
      });
    } else if (accepted > c.now) {
      write({
        kind,
        filed,
        status: "accept",
        stageStartedAt: filed,
        stageDueAt: dueAt(filed, limits.accept, false),
        accepted,
        closedAt: null,
        inTime: null,
        lateAt: null,
      });
    } else if (handled > c.now) {
      write({
        kind,
        filed,
        status: "handle",
        stageStartedAt: accepted,
        stageDueAt: handleDue,
        accepted,
        closedAt: null,
        inTime: null,
        lateAt: handleDue < c.now ? handleDue + MINUTE : null,
      });
    } else {
      write({
        kind,
        filed,
        status: "verify",
        stageStartedAt: handled,
        stageDueAt: dueAt(handled, limits.verify, false),
        accepted,
        closedAt: null,
        inTime: null,
        lateAt,
      });
    }
  }

  // Cases stuck open now: past their limit (red) in less diligent communities, a few escalated.
  const stuck = h.int(2, 4) + (c.quality < 0.6 ? h.int(1, 3) : 0);
  for (let k = 0; k < stuck; k++) {
    const kind = h.weighted(kinds);
    const limits = DEFAULT_LIMITS[kind];
    const red = h.chance(0.25 + 0.5 * (1 - c.quality));
    const filed = daytime(
      c,
      c.now - (red ? h.int(limits.handle + 3, limits.handle + 40) : h.int(1, limits.handle - 1)) * DAY,
      8,
      20,
    );
    const accepted = filed + h.int(1, 12) * HOUR;
    if (accepted > c.now) continue;
    const handleDue = dueAt(accepted, limits.handle, false);
    const escalated = red && h.chance(0.35);
    const escalatedAt = escalated ? Math.min(c.now - HOUR, handleDue + h.int(1, 5) * DAY) : null;
    write({
      kind,
      filed,
      status: "handle",
      stageStartedAt: accepted,
      stageDueAt: handleDue,
      accepted,
      closedAt: null,
      inTime: null,
      lateAt: handleDue < c.now ? handleDue + MINUTE : null,
      escalatedAt,
      streetHolds: escalated && h.chance(0.3),
    });
  }
}
