/**
 * Demo books: twelve published periods and one open period, with realistic entries, for an
 * urban community (quarterly) and a village (monthly). Each publication is hashed exactly as
 * finance.publish does, so the seeded chain verifies.
 */
import { newId } from "../shared/ids";
import {
  closingBalance,
  financePeriodContent,
  nextPeriod,
  periodRange,
  previousPeriod,
  type Direction,
  publicEntry,
} from "../shared/rules/finance";
import { contentHash } from "../shared/rules/transparency";
import { insert } from "./seed-sql";

type Line = [Direction, string, number, string, string, boolean];

const URBAN_LINES: Line[] = [
  ["income", "grant", 3_000_000, "街道拨付社区工作经费", "示范街道办事处", false],
  ["income", "grant", 1_200_000, "为民服务专项经费", "示范区民政局", false],
  ["income", "donation", 200_000, "辖区企业捐赠敬老活动", "荷花物业有限公司", false],
  ["expense", "office", 86_550, "购买办公用品（打印纸、硒鼓）", "示范文具商店", false],
  ["expense", "activity", 450_000, "重阳节敬老活动物资", "示范超市", false],
  ["expense", "subsidy", 120_000, "临时救助金发放", "王明", true],
  ["expense", "maintenance", 680_000, "3 号楼楼道照明维修", "示范电工服务部", false],
  ["expense", "services", 350_000, "老年食堂运营补贴", "荷花社区老年食堂", false],
  ["expense", "activity", 98_000, "垃圾分类宣传册印制", "示范印务", false],
  ["expense", "subsidy", 80_000, "困难家庭节日慰问金", "陈华", true],
];
const VILLAGE_LINES: Line[] = [
  ["income", "grant", 1_500_000, "村级组织运转经费", "柳树镇人民政府", false],
  ["income", "collective", 860_000, "集体鱼塘承包费", "冯大海", true],
  ["income", "collective", 240_000, "村部门面出租收入", "柳树便民超市", false],
  ["expense", "office", 42_000, "村部办公用品", "柳树文具店", false],
  ["expense", "maintenance", 1_260_000, "村道坑洼修补", "示范路桥工程队", false],
  ["expense", "subsidy", 60_000, "五保户生活补助", "郑老汉", true],
  ["expense", "services", 180_000, "村卫生室药品补充", "示范医药公司", false],
  ["expense", "activity", 75_000, "村民文体活动器材", "示范体育用品店", false],
];

export type FinanceSeed = {
  statements: string[];
  publications: { at: number; kind: string; recordId: string; version: number; contentHash: string }[];
};

export async function financeSeed(o: {
  street: string;
  community: string;
  communityId: string;
  kind: "urban" | "village";
  createdBy: string;
  reviewer: { id: string; name: string };
  lastPublished: string;
  now: number;
  seed: number;
}): Promise<FinanceSeed> {
  const lines = o.kind === "urban" ? URBAN_LINES : VILLAGE_LINES;
  const DAY = 86_400_000;
  let s = o.seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const keys: string[] = [];
  for (let k = o.lastPublished, i = 0; i < 12; i++, k = previousPeriod(k)) keys.unshift(k);
  const statements: string[] = [];
  const publications: FinanceSeed["publications"] = [];
  let opening = o.kind === "urban" ? 5_630_000 : 2_815_000;
  const openKey = nextPeriod(o.lastPublished);
  for (const key of [...keys, openKey]) {
    const { startsOn, endsOn } = periodRange(key);
    const periodId = newId(o.now);
    const start = Date.parse(startsOn);
    const span = (Date.parse(endsOn) - start) / DAY;
    const entries = lines
      .filter(() => rand() < 0.85)
      .map(([direction, category, base, summary, counterparty, isPerson], i) => ({
        id: newId(o.now),
        date: new Date(start + Math.floor(((i + 1) / (lines.length + 1)) * span) * DAY).toISOString().slice(0, 10),
        direction,
        category,
        amountFen: Math.round((base * (0.7 + rand() * 0.6)) / 100) * 100 + (i % 3) * 5,
        summary,
        counterparty,
        isPerson,
        voucherNo: `${key.replace("-", "")}-${String(i + 1).padStart(3, "0")}`,
      }));
    const isOpen = key === openKey;
    const incomeFen = entries.filter((e) => e.direction === "income").reduce((n, e) => n + e.amountFen, 0);
    const expenseFen = entries.filter((e) => e.direction === "expense").reduce((n, e) => n + e.amountFen, 0);
    const closing = closingBalance(opening, entries);
    // On time, except one village month published a week late (it shows on the street console).
    const lateBy = o.kind === "village" && key.endsWith("-06") ? 17 : 6;
    const publishedAt = Date.parse(endsOn) + lateBy * DAY + 3 * 3600_000;
    const reviewedAt = publishedAt - DAY;
    let hash: string | null = null;
    if (!isOpen) {
      hash = await contentHash(
        financePeriodContent({
          street: o.street,
          community: o.community,
          periodId,
          period: key,
          startsOn,
          endsOn,
          openingBalanceFen: opening,
          incomeFen,
          expenseFen,
          closingBalanceFen: closing,
          publishedAt,
          entries: entries.map((e) =>
            publicEntry({ ...e, entryDate: e.date, counterpartyIsPerson: e.isPerson, adjustsEntryId: null }),
          ),
        }),
      );
      publications.push({ at: publishedAt, kind: "finance.period", recordId: periodId, version: 1, contentHash: hash });
    }
    statements.push(
      insert("finance_periods", {
        id: periodId,
        community_id: o.communityId,
        period: key,
        starts_on: startsOn,
        ends_on: endsOn,
        status: isOpen ? "open" : "published",
        opening_balance_fen: opening,
        income_fen: isOpen ? null : incomeFen,
        expense_fen: isOpen ? null : expenseFen,
        closing_balance_fen: isOpen ? null : closing,
        submitted_at: isOpen ? null : reviewedAt - DAY,
        submitted_by: isOpen ? null : o.createdBy,
        reviewed_at: isOpen ? null : reviewedAt,
        reviewed_by: isOpen || !o.reviewer.id ? null : o.reviewer.id,
        reviewer_name: isOpen ? null : o.reviewer.name,
        review_comment: isOpen ? null : "已核对凭证，同意公开",
        published_at: isOpen ? null : publishedAt,
        published_by: isOpen ? null : o.createdBy,
        content_hash: hash,
        created_at: start,
        updated_at: isOpen ? o.now : publishedAt,
      }),
      ...entries
        .filter((e) => !isOpen || e.date <= new Date(o.now).toISOString().slice(0, 10))
        .map((e) =>
          insert("finance_entries", {
            id: e.id,
            community_id: o.communityId,
            period_id: periodId,
            entry_date: e.date,
            direction: e.direction,
            category: e.category,
            amount_fen: e.amountFen,
            summary: e.summary,
            counterparty: e.counterparty,
            counterparty_is_person: e.isPerson,
            voucher_no: e.voucherNo,
            created_by: o.createdBy,
            created_at: start,
            updated_at: start,
          }),
        ),
    );
    opening = closing;
  }
  return { statements, publications };
}
