/**
 * Demo registry for a community: groups, grids, households and residents with realistic
 * Chinese names, dates and (fictional) phones; deterministic so every run seeds the same people.
 */
import { newId } from "../shared/ids";
import { insert } from "./seed-sql";
import { rng } from "./seed-rng";

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢";
const GIVEN = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "丽",
  "强",
  "磊",
  "军",
  "洋",
  "勇",
  "艳",
  "杰",
  "娟",
  "涛",
  "明",
  "超",
  "秀兰",
  "霞",
  "平",
  "刚",
  "桂英",
  "建华",
  "淑珍",
  "玉梅",
  "志强",
  "海燕",
  "国庆",
  "子涵",
  "浩然",
  "欣怡",
  "宇轩",
  "梓萱",
  "一诺",
  "思远",
  "雨桐",
  "建国",
  "红梅",
  "春花",
  "德明",
];

export type RegistrySeed = {
  demoResident: { id: string; phone: string };
  residentIds: string[];
  /** Active 居民代表/村民代表, for the seeded representatives' meetings. */
  representatives: string[];
  householdReps: string[];
  /** The grids' ids in order (the first one's worker is the grid-worker login in 荷花社区). */
  gridIds: string[];
  /** Active residents with what the other seeds need to pick volunteers by age. */
  people: { id: string; name: string; birthDate: string; phone: string }[];
  statements: (gridWorkerUserId: string | null) => string[];
};

export function registrySeed(o: {
  communityId: string;
  kind: "urban" | "village";
  now: number;
  seed: number;
}): RegistrySeed {
  const rand = rng(o.seed);
  const pick = <T>(xs: ArrayLike<T>) => xs[Math.floor(rand() * xs.length)];
  const created = o.now - 200 * 86_400_000;
  const rows: [string, Record<string, unknown>][] = [];
  const base = { community_id: o.communityId, created_at: created, updated_at: created };

  const groupNames =
    o.kind === "urban"
      ? ["第一居民小组", "第二居民小组", "第三居民小组", "第四居民小组"]
      : ["第一村民小组", "第二村民小组", "第三村民小组"];
  const groups = groupNames.map((name, i) => ({
    id: newId(created),
    name,
    leader_name: pick(SURNAMES) + pick(GIVEN),
    sort_order: i,
  }));
  for (const g of groups) rows.push(["resident_groups", { ...g, ...base }]);

  const gridSpecs =
    o.kind === "urban"
      ? [
          ["第一网格", "1–4 号楼及东门商铺", "赵网格", "021-55501301"],
          ["第二网格", "5–8 号楼及社区卫生服务站", "钱海燕", "021-55501302"],
          ["第三网格", "9–12 号楼及北门停车场", "孙志强", "021-55501303"],
        ]
      : [
          ["东片网格", "第一、第二村民小组及村委会周边", "冯建国", "021-55509801"],
          ["西片网格", "第三村民小组及鱼塘、果园", "陈春花", "021-55509802"],
        ];
  const grids = gridSpecs.map(([name, area, workerName, workPhone], i) => ({
    id: newId(created),
    name,
    area,
    worker_name: workerName,
    work_phone: workPhone,
    sort_order: i,
  }));

  type H = { id: string; address: string; gridId: string; groupId: string };
  const households: H[] = [];
  if (o.kind === "urban") {
    for (let b = 1; b <= 12; b++)
      for (const unit of [1, 2])
        for (const room of [101, 301, 502]) {
          if (rand() < 0.45) continue;
          households.push({
            id: newId(created),
            address: `${b}号楼${unit}单元${room}室`,
            gridId: grids[Math.min(2, Math.floor((b - 1) / 4))].id,
            groupId: groups[Math.min(3, Math.floor((b - 1) / 3))].id,
          });
        }
    if (!households.some((h) => h.address === "3号楼1单元301室"))
      households.push({ id: newId(created), address: "3号楼1单元301室", gridId: grids[0].id, groupId: groups[0].id });
  } else {
    for (let g = 0; g < 3; g++)
      for (let n = 1; n <= 8; n++)
        households.push({
          id: newId(created),
          address: `柳树村${g + 1}组${n}号`,
          gridId: grids[g < 2 ? 0 : 1].id,
          groupId: groups[g].id,
        });
  }
  for (const h of households)
    rows.push(["households", { id: h.id, address: h.address, grid_id: h.gridId, group_id: h.groupId, ...base }]);

  const residentIds: string[] = [];
  let demoResident = { id: "", phone: "" };
  const usedPeople = new Set<string>();
  let phoneSeq = 0;
  const thisYear = new Date(o.now).getUTCFullYear();
  for (const h of households) {
    const surname = pick(SURNAMES);
    const size = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < size; i++) {
      const isDemo = o.kind === "urban" && h.address === "3号楼1单元301室" && i === 0;
      let name = isDemo ? "张三丰" : (i === 1 ? pick(SURNAMES) : surname) + pick(GIVEN);
      const age =
        i === 0 ? 35 + Math.floor(rand() * 45) : i === 1 ? 30 + Math.floor(rand() * 45) : 1 + Math.floor(rand() * 30);
      const birthDate = isDemo
        ? "1968-05-12"
        : `${thisYear - age}-${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 28)).padStart(2, "0")}`;
      if (usedPeople.has(name + birthDate)) name += "某";
      usedPeople.add(name + birthDate);
      phoneSeq += 1;
      const phone = isDemo
        ? "13800138000"
        : age >= 16
          ? `1${pick("35789")}${String(100_000_000 + phoneSeq * 7919).slice(-9)}`
          : "";
      const id = newId(created);
      residentIds.push(id);
      if (isDemo) demoResident = { id, phone };
      rows.push([
        "residents",
        {
          id,
          household_id: h.id,
          group_id: h.groupId,
          name,
          birth_date: birthDate,
          phone,
          is_household_rep: i === 0,
          is_representative: i === 0 && rand() < 0.25,
          status: "active",
          ...base,
        },
      ]);
    }
  }
  // One family moved away: the record stays, with its history.
  const moved = rows.find(([t, r]) => t === "residents" && !r.is_household_rep && r.name !== "张三丰");
  if (moved) {
    Object.assign(moved[1], {
      status: "moved_out",
      moved_out_on: new Date(o.now - 60 * 86_400_000).toISOString().slice(0, 10),
    });
    rows.push([
      "resident_history",
      {
        id: newId(created),
        community_id: o.communityId,
        resident_id: moved[1].id,
        at: o.now - 60 * 86_400_000,
        kind: "moved_out",
        detail: { on: moved[1].moved_out_on },
        actor_name: "李秀英",
      },
    ]);
  }

  const activeResidents = rows.filter(([t, r]) => t === "residents" && r.status === "active").map(([, r]) => r);
  return {
    demoResident,
    residentIds,
    representatives: activeResidents.filter((r) => r.is_representative).map((r) => r.id as string),
    householdReps: activeResidents.filter((r) => r.is_household_rep).map((r) => r.id as string),
    gridIds: grids.map((g) => g.id as string),
    people: activeResidents.map((r) => ({
      id: r.id as string,
      name: r.name as string,
      birthDate: r.birth_date as string,
      phone: r.phone as string,
    })),
    statements: (gridWorkerUserId) => [
      ...grids.map((g, i) => insert("grids", { ...g, worker_user_id: i === 0 ? gridWorkerUserId : null, ...base })),
      ...rows.map(([table, row]) => insert(table, row)),
    ],
  };
}
