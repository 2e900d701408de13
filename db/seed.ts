/**
 * The demo data (DESIGN.md "Demo data"): one street office with two urban communities and a
 * village, the demo logins (password demo12345), and published notices with real versions,
 * hashes and a valid transparency chain. Produces plain SQL so that the local script
 * (`wrangler d1 execute --local`) and the tests (env.DB.batch) load the very same rows.
 */
import { newId } from "../shared/ids";
import { insert } from "./seed-sql";
import { registrySeed } from "./seed-registry";
import { financeSeed } from "./seed-finance";
import { meetingSeed } from "./seed-meetings";
import { pollSeed, weighted, type PollSeed } from "./seed-polls";
import { patrolLeader, volunteerSeed } from "./seed-volunteers";
import { caseSeed } from "./seed-cases";
import type { Rating } from "../shared/rules/polls";
import { petitionThreshold } from "../shared/rules/meetings";
import { periodOf, previousPeriod } from "../shared/rules/finance";
import { shanghaiDate } from "../shared/rules/eligibility";
import { publicityEndsAt } from "../shared/rules/notices";
import {
  contentHash,
  nextLink,
  noticeVersionContent,
  noticeWithdrawalContent,
  type ChainEntry,
} from "../shared/rules/transparency";

export const DEMO_PASSWORD = "demo12345";
export const DEMO_STREET = "demo-street";
export const DEMO_COMMUNITY = "hehua";

export type PasswordHasher = (password: string) => Promise<{ salt: string; hash: string }>;

const DAY = 86_400_000;

type NoticeSeed = {
  category: "party" | "government" | "affairs" | "finance" | "other";
  title: string;
  body: string;
  pinned?: boolean;
  daysAgo?: number;
  corrections?: { daysAgo: number; title?: string; body: string; changeNote: string }[];
  withdrawn?: { daysAgo: number; reason: string };
  status?: "draft" | "submitted";
};

export async function demoSeedSql(hashPassword: PasswordHasher, now = Date.now()): Promise<string[]> {
  const sql: string[] = [];
  const streetId = newId(now);
  sql.push(
    insert("streets", {
      id: streetId,
      slug: DEMO_STREET,
      name: "示范街道办事处",
      name_en: "Demo Street Office",
      settings: {},
      created_at: now - 400 * DAY,
    }),
  );

  const communities = [
    {
      slug: DEMO_COMMUNITY,
      name: "荷花社区",
      name_en: "Hehua Community",
      kind: "urban",
      address: "示范市示范区荷花路 18 号",
      office_hours: "周一至周五 8:30–12:00，14:00–17:30；周六上午值班",
      contact_phone: "021-55501234",
      intro: "荷花社区居民委员会，辖 6 个居民小组、1,820 户。",
      officials: [
        ["committee", "王建国", "居委会主任"],
        ["committee", "李秀英", "居委会副主任"],
        ["committee", "张伟", "委员"],
        ["committee", "陈静", "委员"],
        ["supervisory", "刘洋", "居务监督委员会主任"],
        ["supervisory", "赵敏", "委员"],
        ["supervisory", "孙强", "委员"],
      ],
    },
    {
      slug: "taoyuan",
      name: "桃园社区",
      name_en: "Taoyuan Community",
      kind: "urban",
      address: "示范市示范区桃园街 66 号",
      office_hours: "周一至周五 9:00–17:00",
      contact_phone: "021-55505678",
      intro: "桃园社区居民委员会。",
      officials: [
        ["committee", "周丽", "居委会主任"],
        ["supervisory", "吴刚", "居务监督委员会主任"],
      ],
    },
    {
      slug: "liushu",
      name: "柳树村",
      name_en: "Liushu Village",
      kind: "village",
      address: "示范市示范区柳树镇柳树村村部",
      office_hours: "周一至周六 8:00–17:00",
      contact_phone: "021-55509876",
      intro: "柳树村村民委员会，辖 5 个村民小组。",
      officials: [
        ["committee", "郑大山", "村委会主任"],
        ["supervisory", "冯玉兰", "村务监督委员会主任"],
      ],
    },
  ] as const;

  const communityIds: Record<string, string> = {};
  for (const c of communities) {
    const id = newId(now);
    communityIds[c.slug] = id;
    sql.push(
      insert("communities", {
        id,
        street_id: streetId,
        slug: c.slug,
        name: c.name,
        name_en: c.name_en,
        kind: c.kind,
        address: c.address,
        office_hours: c.office_hours,
        contact_phone: c.contact_phone,
        intro: c.intro,
        created_at: now - 300 * DAY,
        updated_at: now - 300 * DAY,
      }),
    );
    c.officials.forEach(([body, name, post], i) =>
      sql.push(insert("community_officials", { id: newId(now), community_id: id, body, name, post, sort_order: i })),
    );
  }

  const hehua = communityIds[DEMO_COMMUNITY];
  const logins = [
    ["street-admin", "街道管理员 钱明", "street_admin", null],
    ["street-viewer", "街道观察员 孙丽", "street_viewer", null],
    ["community-admin", "王建国", "community_admin", hehua],
    ["community-staff", "李秀英", "community_staff", hehua],
    ["supervisor", "刘洋", "supervisor", hehua],
    ["resident", "张三丰", "resident", hehua],
    ["taoyuan-admin", "周丽", "community_admin", communityIds.taoyuan],
    ["liushu-admin", "郑大山", "community_admin", communityIds.liushu],
    ["grid-worker", "赵网格", "grid_worker", hehua],
  ] as const;
  const hehuaRegistry = registrySeed({ communityId: hehua, kind: "urban", now, seed: 1 });
  // The night patrol's leader: a resident with a login, who runs the team's shifts from a phone.
  const leader = patrolLeader(hehuaRegistry.people, now, hehuaRegistry.demoResident.id);
  const liushuRegistry = registrySeed({ communityId: communityIds.liushu, kind: "village", now, seed: 2 });
  const userIds: Record<string, string> = {};
  const residentLogins = [...logins, ["team-leader", leader.name, "resident", hehua]] as const;
  for (const [username, displayName, role, communityId] of residentLogins) {
    const { salt, hash } = await hashPassword(DEMO_PASSWORD);
    userIds[username] = newId(now);
    sql.push(
      insert("users", {
        id: userIds[username],
        street_id: streetId,
        community_id: communityId,
        username,
        display_name: displayName,
        role,
        resident_id:
          username === "resident" ? hehuaRegistry.demoResident.id : username === "team-leader" ? leader.id : null,
        phone:
          username === "resident" ? hehuaRegistry.demoResident.phone : username === "team-leader" ? leader.phone : null,
        password_salt: salt,
        password_hash: hash,
        created_at: now - 300 * DAY,
        updated_at: now - 300 * DAY,
      }),
    );
  }

  sql.push(...hehuaRegistry.statements(userIds["grid-worker"]), ...liushuRegistry.statements(null));

  const noticesByCommunity: Record<string, NoticeSeed[]> = {
    [DEMO_COMMUNITY]: [
      {
        category: "affairs",
        title: "荷花社区 2026 年第三季度居务公开",
        pinned: true,
        daysAgo: 40,
        body: "## 一、居民会议决定事项\n\n1. 通过《荷花社区居民公约（2026 年修订）》。\n2. 同意 3 号楼加装电梯立项，进入意见征集阶段。\n\n## 二、公共服务项目\n\n| 项目 | 进度 |\n| --- | --- |\n| 老年食堂 | 已开放，日均 120 人次 |\n| 垃圾分类点改造 | 完成 8 处 |\n\n如有疑问，请于工作时间到居委会咨询，或拨打 021-55501234。",
      },
      {
        category: "affairs",
        title: "关于 3 号楼加装电梯征求意见的公告",
        daysAgo: 20,
        body: "3 号楼全体业主：\n\n加装电梯方案已完成初步设计，现征求意见。意见征集期 **15 天**，请于期内到居委会查阅图纸并书面反馈。",
        corrections: [
          {
            daysAgo: 18,
            body: "3 号楼全体业主：\n\n加装电梯方案已完成初步设计，现征求意见。意见征集期 **15 天**（至 12 月 10 日止），请于期内到居委会查阅图纸并书面反馈。\n\n图纸查阅地点：居委会一楼会议室。",
            changeNote: "补充意见征集截止日期和图纸查阅地点",
          },
        ],
      },
      {
        category: "government",
        title: "2026 年 11 月临时救助名单公示",
        daysAgo: 5,
        body: "经居民申请、入户核查和评议，拟对以下家庭给予临时救助，现予公示。公示期 15 天，如有异议请向居委会或街道反映。\n\n| 户主 | 救助金额（元） |\n| --- | --- |\n| 王*明 | 1,500.00 |\n| 陈*华 | 2,000.00 |\n| 李* | 800.00 |",
      },
      {
        category: "party",
        title: "十二月主题党日活动安排",
        daysAgo: 2,
        body: "社区党委定于 12 月 5 日（周五）下午 2:30 在社区党群服务中心开展主题党日活动，请各支部党员准时参加。",
      },
      {
        category: "affairs",
        title: "社区停车位临时调整通知",
        daysAgo: 30,
        body: "因道路施工，东门临时停车位调整至北门。",
        withdrawn: { daysAgo: 10, reason: "施工已提前结束，停车位恢复原状" },
      },
      {
        category: "affairs",
        title: "会议通知：2026 年第三次居民代表会议",
        daysAgo: 57,
        body: "定于 9 月 30 日 19:00 在社区党群服务中心二楼会议室召开居民代表会议。\n\n## 议题\n\n1. 3 号楼加装电梯立项\n2. 社区公共收益使用方案",
      },
      {
        category: "affairs",
        title: "会议纪要：2026 年第三次居民代表会议",
        daysAgo: 56,
        body: "应到居民代表全部登记在册，实到人数达到法定人数。\n\n1. 3 号楼加装电梯立项：通过。\n2. 社区公共收益使用方案：未通过，待修改后再议。",
      },
      {
        category: "other",
        title: "冬季消防安全提示（草稿）",
        status: "draft",
        body: "冬季用火用电增多，请居民注意……",
      },
      {
        category: "affairs",
        title: "社区志愿者招募公告",
        status: "submitted",
        body: "社区现招募巡逻、助老志愿者，欢迎报名。",
      },
    ],
    taoyuan: [
      {
        category: "affairs",
        title: "桃园社区 2026 年第三季度居务公开",
        daysAgo: 35,
        body: "本季度居民代表会议召开 1 次，议定事项 3 项，详见附表。",
      },
    ],
    liushu: [
      {
        category: "affairs",
        title: "会议通知：2026 年第四季度村民代表会议",
        daysAgo: 33,
        body: "定于 10 月 25 日上午 9:00 在村部会议室召开村民代表会议，议题：村道路灯安装。",
      },
      {
        category: "affairs",
        title: "会议纪要：2026 年第四季度村民代表会议",
        daysAgo: 31,
        body: "村道路灯安装方案经表决通过，由村委会组织实施。",
      },
      {
        category: "affairs",
        title: "柳树村 2026 年 10 月村务公开",
        daysAgo: 25,
        body: "1. 村道硬化工程完工并验收。\n2. 村集体鱼塘发包结果公示。",
      },
    ],
  };

  const streetSlug = DEMO_STREET;
  // Twelve published periods and the open current one, in 荷花社区 (quarterly) and 柳树村 (monthly).
  const today = shanghaiDate(now);
  const booksFor = (slug: string, communityId: string) =>
    slug === DEMO_COMMUNITY || slug === "liushu"
      ? financeSeed({
          street: DEMO_STREET,
          community: slug,
          communityId,
          kind: slug === "liushu" ? "village" : "urban",
          createdBy: slug === "liushu" ? userIds["liushu-admin"] : userIds["community-admin"],
          reviewer: slug === "liushu" ? { id: "", name: "冯玉兰" } : { id: userIds["supervisor"], name: "刘洋" },
          lastPublished: previousPeriod(periodOf(today, slug === "liushu" ? "monthly" : "quarterly")),
          now,
          seed: slug === "liushu" ? 7 : 3,
        })
      : null;
  // Votes: open and closed ones in 荷花社区 and 柳树村, and two years of democratic review in 荷花社区.
  const committee = (slug: string) =>
    communities
      .find((c) => c.slug === slug)!
      .officials.filter(([body]) => body === "committee")
      .map(([, name, post]) => ({ label: name, post }));
  // In 2025 two of every three representatives rate 张伟 不称职: a first-year flag (U37), not yet the second.
  const review = (harsh: string | null) => (rand: () => number, voter: number) =>
    Object.fromEntries(
      committee(DEMO_COMMUNITY).map((m, i) => {
        const x = rand();
        const rating: Rating =
          m.label === harsh
            ? voter % 3 === 2
              ? "basic"
              : "incompetent"
            : x < 0.78
              ? "competent"
              : x < 0.95
                ? "basic"
                : "incompetent";
        return [`m${i + 1}`, rating];
      }),
    );
  const pollsFor = (slug: string, communityId: string) =>
    slug === DEMO_COMMUNITY
      ? pollSeed({
          communityId,
          ruleSet: "urban-2025",
          createdBy: userIds["community-admin"],
          now,
          seed: 11,
          polls: [
            {
              kind: "vote",
              type: "yes_no",
              title: "关于小区停车收费调整方案的表决",
              description:
                "物业公司提出将地面停车费由每月 150 元调整为 180 元，增收部分用于停车场地面修补和充电桩建设。\n\n本次表决**每户一票**，由户代表投票；投票率须达到 50%，赞成票超过投票数一半为通过。截止前可以改票。",
              eligibility: "household_reps",
              roll: hehuaRegistry.householdReps,
              secret: true,
              turnoutPct: 50,
              allowChange: true,
              opensDaysAgo: 3,
              closesInDays: 4,
              turnout: 0.35,
              notYet: [hehuaRegistry.demoResident.id],
              choose: weighted(["yes", "no", "abstain"], [6, 3, 1]),
            },
            {
              kind: "vote",
              type: "single",
              title: "2026 年社区微更新项目选择",
              description:
                "从三个候选项目中选出一个，使用 2026 年社区公益金实施。由居民代表投票，得票超过投票数一半的项目当选。",
              options: [{ label: "口袋公园改造" }, { label: "楼道照明更新" }, { label: "非机动车充电棚" }],
              eligibility: "representatives",
              roll: hehuaRegistry.representatives,
              secret: true,
              opensDaysAgo: 30,
              closesInDays: -23,
              turnout: 0.85,
              choose: weighted(["o1", "o2", "o3"], [6, 3, 1]),
            },
            ...[2024, 2025].map((year): PollSeed => ({
              kind: "consultation",
              type: "review",
              title: `${year} 年度居委会成员民主评议`,
              description: `居民代表对居委会成员 ${year} 年度的履职情况进行评议（居委会组织法第37条）。评议结果向全体居民公布。`,
              options: committee(DEMO_COMMUNITY),
              eligibility: "representatives",
              roll: hehuaRegistry.representatives,
              secret: true,
              reviewYear: year,
              opensDaysAgo: year === 2025 ? 320 : 685,
              closesInDays: year === 2025 ? -313 : -678,
              turnout: 0.9,
              choose: review(year === 2025 ? "张伟" : null),
            })),
          ],
        })
      : slug === "liushu"
        ? pollSeed({
            communityId,
            ruleSet: "village-2025",
            createdBy: userIds["liushu-admin"],
            now,
            seed: 12,
            polls: [
              {
                kind: "consultation",
                type: "multiple",
                title: "村集体经济收益使用意见征集",
                description:
                  "2026 年村集体经济收益约 36 万元。请每户选择最希望优先安排的用途（最多两项），结果供村民代表会议决定时参考。",
                options: [
                  { label: "村道维护" },
                  { label: "老年食堂" },
                  { label: "年终分红" },
                  { label: "村小学助学金" },
                ],
                maxChoices: 2,
                eligibility: "household_reps",
                roll: liushuRegistry.householdReps,
                secret: false,
                opensDaysAgo: 2,
                closesInDays: 6,
                turnout: 0.4,
                choose: (rand) => {
                  const first = weighted(["o1", "o2", "o3", "o4"], [4, 3, 2, 1])(rand);
                  const second = weighted(["o1", "o2", "o3", "o4"], [1, 3, 3, 2])(rand);
                  return [...new Set([...first, ...second])];
                },
              },
              {
                kind: "vote",
                type: "yes_no",
                title: "村道硬化工程实施方案表决",
                description: "对东片村道 2.4 公里硬化工程的实施方案进行表决（记名投票）。",
                eligibility: "representatives",
                roll: liushuRegistry.representatives,
                secret: false,
                passRule: "two_thirds_cast",
                opensDaysAgo: 45,
                closesInDays: -40,
                turnout: 0.9,
                choose: weighted(["yes", "no", "abstain"], [8, 1, 1]),
              },
            ],
          })
        : null;

  const noticeIds: Record<string, string> = {};
  for (const [communitySlug, notices] of Object.entries(noticesByCommunity)) {
    const communityId = communityIds[communitySlug];
    const admin = communitySlug === DEMO_COMMUNITY ? userIds["community-admin"] : userIds[`${communitySlug}-admin`];
    let head: ChainEntry | null = null;
    const events: { at: number; apply: () => Promise<void> }[] = [];
    for (const seeded of [await booksFor(communitySlug, communityId), await pollsFor(communitySlug, communityId)]) {
      if (!seeded) continue;
      sql.push(...seeded.statements);
      for (const p of seeded.publications)
        events.push({ at: p.at, apply: () => chain(p.kind, p.recordId, p.version, p.contentHash, p.at) });
    }
    const noticeRows: Record<string, Record<string, unknown>> = {};
    for (const n of notices) {
      const id = newId(now);
      noticeIds[n.title] = id;
      const created = now - ((n.daysAgo ?? 1) + 1) * DAY;
      const row: Record<string, unknown> = {
        id,
        community_id: communityId,
        category: n.category,
        status: n.status ?? "published",
        title: n.title,
        body_md: n.body,
        pinned: n.pinned ?? false,
        publicity_days: 15,
        current_version: 0,
        first_published_at: null,
        last_published_at: null,
        withdrawn_at: null,
        withdraw_reason: null,
        created_by: admin,
        created_at: created,
        updated_at: created,
      };
      noticeRows[id] = row;
      if (n.status) continue;
      const versions = [
        { at: now - (n.daysAgo ?? 1) * DAY, title: n.title, body: n.body, changeNote: "" },
        ...(n.corrections ?? []).map((c) => ({
          at: now - c.daysAgo * DAY,
          title: c.title ?? n.title,
          body: c.body,
          changeNote: c.changeNote,
        })),
      ];
      versions.forEach((v, i) =>
        events.push({
          at: v.at,
          apply: async () => {
            const version = i + 1;
            const endsAt = publicityEndsAt(v.at, 15);
            const hash = await contentHash(
              noticeVersionContent({
                street: streetSlug,
                community: communitySlug,
                noticeId: id,
                version,
                category: n.category,
                title: v.title,
                bodyMd: v.body,
                changeNote: v.changeNote,
                publishedAt: v.at,
                publicityEndsAt: endsAt,
                attachments: [],
              }),
            );
            sql.push(
              insert("notice_versions", {
                id: newId(v.at),
                notice_id: id,
                community_id: communityId,
                version,
                category: n.category,
                title: v.title,
                body_md: v.body,
                change_note: v.changeNote,
                attachments: [],
                published_at: v.at,
                publicity_ends_at: endsAt,
                published_by: admin,
                content_hash: hash,
              }),
            );
            await chain("notice", id, version, hash, v.at);
            Object.assign(row, {
              title: v.title,
              body_md: v.body,
              current_version: version,
              first_published_at: row.first_published_at ?? v.at,
              last_published_at: v.at,
              updated_at: v.at,
            });
          },
        }),
      );
      if (n.withdrawn) {
        const w = n.withdrawn;
        const at = now - w.daysAgo * DAY;
        events.push({
          at,
          apply: async () => {
            const hash = await contentHash(
              noticeWithdrawalContent({
                street: streetSlug,
                community: communitySlug,
                noticeId: id,
                version: row.current_version as number,
                reason: w.reason,
                withdrawnAt: at,
                replacedBy: null,
              }),
            );
            await chain("notice.withdrawal", id, row.current_version as number, hash, at);
            Object.assign(row, { status: "withdrawn", withdrawn_at: at, withdraw_reason: w.reason, updated_at: at });
          },
        });
      }
    }
    async function chain(kind: string, recordId: string, version: number, hash: string, at: number) {
      head = await nextLink(head, { kind, recordId, version, contentHash: hash, at });
      sql.push(
        insert("transparency_log", {
          id: newId(at),
          community_id: communityId,
          seq: head.seq,
          at,
          kind,
          record_id: recordId,
          version,
          content_hash: hash,
          prev_hash: head.prevHash,
          entry_hash: head.entryHash,
        }),
      );
    }
    // Notices first (versions reference them), then publications in time order.
    const noticeInsertAt = sql.length;
    events.sort((a, b) => a.at - b.at);
    for (const e of events) await e.apply();
    sql.splice(noticeInsertAt, 0, ...Object.values(noticeRows).map((r) => insert("notices", r)));
  }
  // A past representatives' meeting in each community, with a decision and its progress.
  sql.push(
    ...meetingSeed({
      communityId: hehua,
      kind: "representatives_meeting",
      ruleSet: "urban-2025",
      title: "2026 年第三次居民代表会议",
      place: "社区党群服务中心二楼会议室",
      heldDaysAgo: 57,
      representatives: hehuaRegistry.representatives,
      createdBy: userIds["community-staff"],
      staffName: "李秀英",
      announcementNoticeId: noticeIds["会议通知：2026 年第三次居民代表会议"],
      minutesNoticeId: noticeIds["会议纪要：2026 年第三次居民代表会议"],
      items: [
        {
          title: "3 号楼加装电梯立项",
          proposedResolution: "同意 3 号楼加装电梯立项，由居委会协助业主办理报建",
          share: 0.9,
        },
        { title: "社区公共收益使用方案", proposedResolution: "公共收益的 60% 用于楼道设施维修", share: 0.4 },
      ],
      updates: [
        { daysAgo: 50, status: "in_progress", progress: 20, note: "已召开 3 号楼业主协调会，确定设计单位。" },
        { daysAgo: 20, status: "in_progress", progress: 45, note: "设计方案公示并征求意见（见居务公开）。" },
      ],
      now,
    }),
    ...meetingSeed({
      communityId: communityIds.liushu,
      kind: "village_reps_meeting",
      ruleSet: "village-2025",
      title: "2026 年第四季度村民代表会议",
      place: "柳树村村部会议室",
      heldDaysAgo: 32,
      representatives: liushuRegistry.representatives,
      createdBy: userIds["liushu-admin"],
      staffName: "郑大山",
      announcementNoticeId: noticeIds["会议通知：2026 年第四季度村民代表会议"],
      minutesNoticeId: noticeIds["会议纪要：2026 年第四季度村民代表会议"],
      items: [
        { title: "村道路灯安装", proposedResolution: "在主村道安装太阳能路灯 40 盏，经费由上级拨款列支", share: 0.85 },
      ],
      updates: [{ daysAgo: 10, status: "in_progress", progress: 60, note: "已安装 24 盏，其余本月底前完成。" }],
      now,
    }),
  );

  // Volunteer teams: the night patrol (risky, adults only, insured) and others, with hours served.
  sql.push(
    ...volunteerSeed({
      communityId: hehua,
      people: hehuaRegistry.people,
      demoResidentId: hehuaRegistry.demoResident.id,
      demoTeams: ["助老服务队"],
      createdBy: userIds["community-staff"],
      now,
      seed: 21,
      teams: [
        {
          name: "荷花夜间巡逻队",
          kind: "patrol",
          description:
            "每周一、三、五晚间在小区及周边巡逻，关注消防通道、电动车充电和独居老人。须年满 18 周岁并登记意外保险。",
          risky: true,
          adultsOnly: true,
          cancelCutoffHours: 12,
          size: 8,
          leader,
          weekly: [1, 3, 5].map((weekday) => ({
            weekday,
            start: "20:00",
            end: "22:00",
            task: "夜间巡逻",
            place: "社区东门集合",
            capacity: 4,
          })),
          trainings: ["消防安全与应急处置培训"],
        },
        {
          name: "助老服务队",
          kind: "elderly_care",
          description: "每周六上午上门探访独居和高龄老人，陪同就医、代购生活用品。",
          cancelCutoffHours: 6,
          size: 6,
          weekly: [
            {
              weekday: 6,
              start: "09:00",
              end: "11:30",
              task: "上门探访独居老人",
              place: "社区党群服务中心",
              capacity: 4,
            },
          ],
        },
        {
          name: "邻里调解小组",
          kind: "mediation",
          description: "协助人民调解委员会化解邻里纠纷（噪音、漏水、停车等），每周三下午值班。",
          cancelCutoffHours: 24,
          size: 4,
          weekly: [{ weekday: 3, start: "14:00", end: "17:00", task: "调解室值班", place: "社区调解室", capacity: 2 }],
        },
      ],
    }),
    ...volunteerSeed({
      communityId: communityIds.liushu,
      people: liushuRegistry.people,
      demoResidentId: null,
      demoTeams: [],
      createdBy: userIds["liushu-admin"],
      now,
      seed: 22,
      teams: [
        {
          name: "柳树村治安巡逻队",
          kind: "patrol",
          description: "农忙和节假日期间夜间巡逻，守护村民财产安全。",
          risky: true,
          adultsOnly: true,
          cancelCutoffHours: 12,
          size: 6,
          weekly: [5, 6].map((weekday) => ({
            weekday,
            start: "21:00",
            end: "23:30",
            task: "村道夜间巡逻",
            place: "村委会门口",
            capacity: 3,
          })),
        },
        {
          name: "人居环境整治志愿队",
          kind: "environment",
          description: "每周日上午清理村道垃圾、整治河塘。",
          cancelCutoffHours: 12,
          size: 5,
          weekly: [{ weekday: 0, start: "08:00", end: "10:00", task: "村道保洁", place: "文化礼堂", capacity: 5 }],
        },
      ],
    }),
  );

  // Residents' requests, complaints, suggestions and disputes at every stage.
  const gridsOf = (ids: string[], worker: string | null) =>
    ids.map((id, i) => ({ id, workerUserId: i === 0 ? worker : null }));
  const notDemo = hehuaRegistry.people.filter((p) => p.id !== hehuaRegistry.demoResident.id).map((p) => p.id);
  sql.push(
    ...caseSeed({
      communityId: hehua,
      grids: gridsOf(hehuaRegistry.gridIds, userIds["grid-worker"]),
      residentIds: [hehuaRegistry.demoResident.id, ...notDemo],
      intakeUserId: userIds["community-staff"],
      intakeName: "李秀英",
      now,
      cases: [
        {
          kind: "request",
          category: "facilities",
          description: "3 号楼 1 单元楼道声控灯坏了一周，晚上老人上下楼看不清。",
          place: "3 号楼 1 单元",
          grid: 0,
          daysAgo: 20,
          status: "closed",
          resident: 0,
          events: [{ afterHours: 20, kind: "visit", note: "现场查看，联系物业更换灯具。" }],
          rating: [5, "修得很快，谢谢网格员！"],
        },
        {
          kind: "dispute",
          category: "neighbours",
          description: "楼上住户卫生间漏水到我家天花板，多次沟通未果。",
          place: "5 号楼 402 / 502",
          grid: 0,
          daysAgo: 35,
          status: "closed",
          resident: 3,
          mediation: "agreed",
          events: [
            { afterHours: 24, kind: "visit", note: "上门查看，确认 502 卫生间防水层破损。" },
            { afterHours: 72, kind: "mediation", note: "在调解室组织双方调解。" },
            { afterHours: 74, kind: "comment", note: "502 住户情绪激动，下次请物业一同到场。", private: true },
            {
              afterHours: 96,
              kind: "agreement",
              note: "双方自愿达成调解协议。",
              data: {
                parties: "502 住户王某；402 住户刘某",
                facts: "502 卫生间防水层破损导致 402 天花板渗水",
                terms: "502 住户负责修复防水层并承担 402 天花板修补费用 1,200 元",
                deadline: "协议签订后 15 日内",
              },
            },
            { afterHours: 20 * 24, kind: "followup", note: "回访：防水已修复，费用已支付，协议履行完毕。" },
          ],
          rating: [4, "调解耐心，问题解决了。"],
        },
        {
          kind: "complaint",
          category: "environment",
          description: "小区东门垃圾桶周末无人清运，异味很大。",
          place: "东门垃圾投放点",
          grid: 1,
          daysAgo: 9,
          status: "handle",
          resident: 5,
          late: true,
          events: [{ afterHours: 5, kind: "call", note: "已电话联系物业保洁主管。" }],
        },
        {
          kind: "dispute",
          category: "neighbours",
          description: "邻居在楼道堆放杂物并拒绝清理，影响消防通道。",
          place: "7 号楼 2 单元",
          grid: 1,
          daysAgo: 6,
          status: "handle",
          resident: 8,
          mediation: "refused",
          escalated: "一方拒绝调解且存在消防隐患，请街道协调消防部门处理。",
          events: [
            { afterHours: 20, kind: "visit", note: "现场查看，楼道堆放纸箱和旧家具。" },
            { afterHours: 30, kind: "refusal", note: "堆放杂物的住户明确拒绝调解；告知可通过物业或消防部门处理。" },
          ],
        },
        {
          kind: "suggestion",
          category: "services",
          description: "建议在社区活动中心增设老年人智能手机使用培训。",
          daysAgo: 2,
          status: "accept",
          contact: ["陈阿姨", "13912345678"],
        },
        {
          kind: "request",
          category: "safety",
          description: "地下车库入口减速带松动，车辆经过声响大且有安全隐患。",
          place: "地下车库入口",
          grid: 0,
          daysAgo: 4,
          status: "verify",
          resident: 12,
          events: [{ afterHours: 30, kind: "visit", note: "已请物业维修班重新固定。" }],
        },
        {
          kind: "request",
          category: "property",
          description: "电动车充电桩有两个一直坏着，希望尽快维修。",
          place: "2 号楼北侧车棚",
          grid: 0,
          daysAgo: 1,
          status: "accept",
          resident: 15,
        },
      ],
    }),
  );

  sql.push(
    ...caseSeed({
      communityId: communityIds.liushu,
      grids: gridsOf(liushuRegistry.gridIds, null),
      residentIds: liushuRegistry.people.map((p) => p.id),
      intakeUserId: userIds["liushu-admin"],
      intakeName: "郑大山",
      now,
      cases: [
        {
          kind: "dispute",
          category: "neighbours",
          description: "两户因宅基地边界的围墙位置发生争执。",
          daysAgo: 14,
          status: "handle",
          resident: 2,
          mediation: "held",
          events: [
            { afterHours: 48, kind: "mediation", note: "村调委会组织第一次调解，双方同意请镇国土所测量后再议。" },
          ],
        },
        {
          kind: "request",
          category: "facilities",
          description: "村东头水渠堵塞，雨天农田积水。",
          daysAgo: 12,
          status: "closed",
          resident: 6,
          events: [{ afterHours: 24, kind: "visit", note: "组织村民清淤。" }],
          rating: [5, "清得很干净。"],
        },
      ],
    }),
    // 桃园社区 has not published its books all year; a resident complained (U35): the street sees it.
    ...caseSeed({
      communityId: communityIds.taoyuan,
      grids: [],
      residentIds: [],
      intakeUserId: userIds["taoyuan-admin"],
      intakeName: "周丽",
      now,
      cases: [
        {
          kind: "complaint",
          category: "disclosure",
          description: "社区今年的财务收支一直没有公开，公告栏上还是去年的账目，请街道督促公开。",
          daysAgo: 4,
          status: "handle",
          contact: ["王先生", "13912345678"],
        },
      ],
    }),
  );

  // An open petition for a 居民会议 on the household representatives' basis (U26: 1/10 may demand one).
  {
    const signers = hehuaRegistry.householdReps.filter((r) => r !== hehuaRegistry.demoResident.id).slice(0, 3);
    const eligible = hehuaRegistry.householdReps.length;
    const petitionId = newId(now);
    sql.push(
      insert("petitions", {
        id: petitionId,
        community_id: hehua,
        kind: "residents_meeting",
        rule_set: "urban-2025",
        basis: "household_reps",
        title: "提议召开居民会议讨论小区停车收费方案",
        reason: "物业拟上调停车费，涉及全体居民切身利益，建议召开居民会议讨论决定。",
        eligible_count: eligible,
        threshold: petitionThreshold("urban-2025", "residents_meeting", "household_reps", eligible),
        status: "open",
        created_by: signers[0],
        created_at: now - 3 * DAY,
        updated_at: now - DAY,
      }),
      ...signers.map((r, i) =>
        insert("petition_signatures", { petition_id: petitionId, resident_id: r, at: now - (3 - i) * DAY }),
      ),
    );
  }

  // Residents' voice: an acknowledgement, an answered and published query, an open objection
  // and a query left unanswered for 12 days (flagged overdue).
  const elevator = noticeIds["关于 3 号楼加装电梯征求意见的公告"];
  const relief = noticeIds["2026 年 11 月临时救助名单公示"];
  const [asker, lateAsker] = hehuaRegistry.residentIds.slice(3, 5);
  const voice = (table: string, row: Record<string, unknown>) =>
    sql.push(insert(table, { id: newId(now), community_id: hehua, ...row }));
  voice("notice_acknowledgements", {
    notice_id: noticeIds["荷花社区 2026 年第三季度居务公开"],
    resident_id: hehuaRegistry.demoResident.id,
    version: 1,
    at: now - 30 * DAY,
  });
  voice("notice_objections", {
    notice_id: elevator,
    version: 2,
    resident_id: asker,
    kind: "query",
    body: "加装电梯的费用如何分摊？一楼住户是否需要出资？",
    created_at: now - 16 * DAY,
    answer: "按楼层系数分摊，一楼住户不出资，具体方案见居委会公示的图纸说明。",
    answered_at: now - 14 * DAY,
    answered_by: userIds["community-staff"],
    published: true,
  });
  voice("notice_objections", {
    notice_id: elevator,
    version: 2,
    resident_id: lateAsker,
    kind: "query",
    body: "施工期间楼道是否封闭？老人出行怎么办？",
    created_at: now - 12 * DAY,
  });
  voice("notice_objections", {
    notice_id: relief,
    version: 1,
    resident_id: hehuaRegistry.demoResident.id,
    kind: "objection",
    body: "名单中一户家庭近期已有固定收入，建议再次核实。",
    created_at: now - 1 * DAY,
  });
  return sql;
}
