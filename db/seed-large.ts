/**
 * The large benchmark street (`npm run seed:large`): one extra street office, `large-street`
 * (大型街道), with by default 200 communities (every fourth a village) of about 1,500 residents
 * each, and two years of activity ending now: notices and queries, books, meetings, votes,
 * cases and volunteer shifts, with the street figures' ingredients (late disclosures, missed
 * meetings, red cases, gaps in patrols) spread realistically over the communities.
 *
 * Plain literal SQL, multi-row INSERTs, produced one community at a time so that the runner
 * (scripts/seed-large.mjs) can write and load it in chunks. Deterministic: the same seed and the
 * same `now` give the same rows and ids (ids are sortable like shared/ids.ts, from a counter).
 */
import { rng } from "./seed-rng";
import { DEMO_PASSWORD, type PasswordHasher } from "./seed";
import { DAY, dateOf, helpers, idMaker, RowBuffer, type Helpers, type Table } from "./seed-large-util";
import {
  cn,
  GIVEN_MID,
  GIVEN_OLD,
  GIVEN_YOUNG,
  SURNAMES,
  URBAN_ENDINGS,
  URBAN_STEMS,
  VILLAGE_ENDINGS,
  VILLAGE_GRID_AREAS,
} from "./seed-large-names";
import { activitySeed } from "./seed-large-activity";
import { volunteerSeedLarge } from "./seed-large-volunteers";

export const LARGE_STREET = "large-street";
export const LARGE_STREET_NAME = "大型街道";
export const LARGE_ADMIN = "large-admin";

export type LargeOptions = {
  communities: number;
  /** Residents per community (each community varies by ±25% around it). */
  residents: number;
  seed: number;
  now: number;
  /** Multi-row INSERTs: at most this many rows and about this many characters per statement. */
  rowsPerStatement: number;
  bytesPerStatement: number;
};

export type LargePart = {
  label: string;
  statements: string[];
  counts: Partial<Record<Table, number>>;
};

export type Person = {
  id: string;
  name: string;
  birthDate: string;
  phone: string;
  householdIndex: number;
  groupId: string;
  gridId: string;
  isHead: boolean;
  isRep: boolean;
};

/** What the activity and volunteer parts need to know about one community. */
export type CommunityCtx = {
  h: Helpers;
  ids: ReturnType<typeof idMaker>;
  buf: RowBuffer;
  now: number;
  /** The start of the two years of activity. */
  start: number;
  street: string;
  communityId: string;
  slug: string;
  name: string;
  kind: "urban" | "village";
  adminId: string;
  adminName: string;
  committee: { name: string; post: string }[];
  supervisorName: string;
  /** 0–1: how diligent the committee is (late disclosures, missed meetings, slow cases). */
  quality: number;
  /** Skips a required meeting in the two years. */
  skipsMeeting: boolean;
  /** Leaves its latest finance periods unpublished past their deadline. */
  lagsBooks: boolean;
  people: Person[];
  adults: Person[];
  heads: string[];
  representatives: string[];
  grids: { id: string; name: string }[];
  buildings: number;
  createdAt: number;
};

const pad3 = (n: number) => String(n).padStart(3, "0");

/** Unique community names: urban stems with endings, villages a surname and a settlement. */
function communityNames(count: number, seed: number): string[] {
  const h = helpers(rng(seed * 31 + 5));
  const urban = h.shuffle(URBAN_ENDINGS.flatMap((e) => URBAN_STEMS.map((s) => `${s}${e}社区`)));
  const village = h.shuffle(VILLAGE_ENDINGS.flatMap((e) => SURNAMES.slice(0, 60).map((s) => `${s}${e}村`)));
  const out: string[] = [];
  let u = 0;
  let v = 0;
  for (let i = 0; i < count; i++) {
    const isVillage = i % 4 === 3;
    const base = isVillage ? village[v++ % village.length] : urban[u++ % urban.length];
    const round = Math.floor((isVillage ? v - 1 : u - 1) / (isVillage ? village.length : urban.length));
    out.push(round === 0 ? base : base.replace(/(社区|村)$/, `${round + 1}$1`));
  }
  return out;
}

export async function* largeSeed(o: LargeOptions, hashPassword: PasswordHasher): AsyncGenerator<LargePart> {
  const start = o.now - 730 * DAY;
  const streetCreated = start - 400 * DAY;
  const ids = idMaker(o.seed);
  const streetId = ids.id(streetCreated);
  const names = communityNames(o.communities, o.seed);
  // One salted PBKDF2 hash per login, exactly as the demo seed does (about 12 ms each).
  const hashes = await Promise.all(Array.from({ length: o.communities + 1 }, () => hashPassword(DEMO_PASSWORD)));

  const head = new RowBuffer();
  head.add("streets", {
    id: streetId,
    slug: LARGE_STREET,
    name: LARGE_STREET_NAME,
    name_en: "Large Street Office (benchmark)",
    settings: {},
    created_at: streetCreated,
  });
  yield { label: "street", statements: head.statements(o.rowsPerStatement, o.bytesPerStatement), counts: head.counts };

  for (let i = 0; i < o.communities; i++) {
    const buf = new RowBuffer();
    const h = helpers(rng(o.seed * 100_003 + i + 1));
    const kind = i % 4 === 3 ? "village" : "urban";
    const slug = `c${pad3(i + 1)}`;
    const name = names[i];
    const createdAt = streetCreated + i * 60_000;
    const communityId = ids.id(createdAt);
    // Most committees are diligent; about one in five is noticeably less so.
    const quality = h.chance(0.2) ? 0.2 + 0.4 * h.rand() : 0.65 + 0.35 * h.rand();
    const person = () => h.pick(SURNAMES.slice(0, 60)) + h.pick([...GIVEN_MID, ...GIVEN_OLD]);
    const committee =
      kind === "urban"
        ? ["居委会主任", "居委会副主任", "委员", "委员", "委员"].map((post) => ({ name: person(), post }))
        : ["村委会主任", "村委会副主任", "委员", "委员", "委员"].map((post) => ({ name: person(), post }));
    const supervisory = [kind === "urban" ? "居务监督委员会主任" : "村务监督委员会主任", "委员", "委员"].map(
      (post) => ({ name: person(), post }),
    );

    if (i === 0) {
      // The street admin needs the street only; created with the first community's rows.
      buf.add("users", {
        id: ids.id(streetCreated),
        street_id: streetId,
        community_id: null,
        username: LARGE_ADMIN,
        display_name: "大型街道管理员 钱明",
        role: "street_admin",
        password_salt: hashes[o.communities].salt,
        password_hash: hashes[o.communities].hash,
        created_at: streetCreated,
        updated_at: streetCreated,
      });
    }
    const households = registry(buf, h, ids, { communityId, kind, name, target: o.residents, createdAt, now: o.now });
    buf.add("communities", {
      id: communityId,
      street_id: streetId,
      slug,
      name,
      name_en: "",
      kind,
      address: kind === "urban" ? `大型街道${h.pick(URBAN_STEMS)}路 ${h.int(1, 399)} 号` : `大型街道${name}村民委员会`,
      office_hours: kind === "urban" ? "周一至周五 8:30–12:00，14:00–17:30；周六上午值班" : "周一至周六 8:00–17:00",
      contact_phone: `0571-8${String(5_000_000 + i * 37).padStart(7, "0")}`,
      intro:
        kind === "urban"
          ? `${name}居民委员会，辖 ${households.groups} 个居民小组、${households.count} 户。`
          : `${name}村民委员会，辖 ${households.groups} 个村民小组、${households.count} 户。`,
      created_at: createdAt,
      updated_at: createdAt,
    });
    const adminId = ids.id(createdAt);
    buf.add("users", {
      id: adminId,
      street_id: streetId,
      community_id: communityId,
      username: `large-${slug}-admin`,
      display_name: committee[0].name,
      role: "community_admin",
      password_salt: hashes[i].salt,
      password_hash: hashes[i].hash,
      created_at: createdAt,
      updated_at: createdAt,
    });
    [
      ...committee.map((m) => ["committee", m] as const),
      ...supervisory.map((m) => ["supervisory", m] as const),
    ].forEach(([body, m], n) =>
      buf.add("community_officials", {
        id: ids.id(createdAt),
        community_id: communityId,
        body,
        name: m.name,
        post: m.post,
        sort_order: n,
      }),
    );

    const ctx: CommunityCtx = {
      h,
      ids,
      buf,
      now: o.now,
      start,
      street: LARGE_STREET,
      communityId,
      slug,
      name,
      kind,
      adminId,
      adminName: committee[0].name,
      committee,
      supervisorName: supervisory[0].name,
      quality,
      skipsMeeting: h.chance(0.12 + 0.3 * (1 - quality)),
      lagsBooks: h.chance(0.04 + 0.2 * (1 - quality)),
      people: households.people,
      adults: households.people.filter(
        (p) => Number(p.birthDate.slice(0, 4)) <= Number(dateOf(o.now).slice(0, 4)) - 19,
      ),
      heads: households.people.filter((p) => p.isHead).map((p) => p.id),
      representatives: households.people.filter((p) => p.isRep).map((p) => p.id),
      grids: households.grids,
      buildings: households.buildings,
      createdAt,
    };
    await activitySeed(ctx);
    volunteerSeedLarge(ctx);
    yield {
      label: `${slug} ${name}`,
      statements: buf.statements(o.rowsPerStatement, o.bytesPerStatement),
      counts: buf.counts,
    };
  }
}

/**
 * Groups, grids, households (about three people each, one representative per household) and
 * residents born 1940–2020, with full fictional mobile numbers; a few have moved out.
 */
function registry(
  buf: RowBuffer,
  h: Helpers,
  ids: ReturnType<typeof idMaker>,
  o: { communityId: string; kind: "urban" | "village"; name: string; target: number; createdAt: number; now: number },
) {
  const size = o.target < 20 ? o.target : Math.round(o.target * (0.75 + 0.5 * h.rand()));
  const sizes: number[] = [];
  for (let total = 0; total < size;) {
    const n = Math.min(
      size - total,
      h.weighted([
        [1, 14],
        [2, 26],
        [3, 30],
        [4, 18],
        [5, 8],
        [6, 4],
      ] as const),
    );
    sizes.push(n);
    total += n;
  }
  const hh = sizes.length;
  const registered = o.createdAt + 30 * DAY;
  const base = { community_id: o.communityId, created_at: registered, updated_at: registered };
  const groupCount = Math.max(2, Math.min(20, Math.round(hh / (o.kind === "urban" ? 60 : 50))));
  const gridCount = Math.max(
    2,
    Math.min(o.kind === "urban" ? 12 : 10, Math.round(hh / (o.kind === "urban" ? 100 : 120))),
  );
  const groups = Array.from({ length: groupCount }, (_, i) => ({
    id: ids.id(registered),
    name: `第${cn(i + 1)}${o.kind === "urban" ? "居民" : "村民"}小组`,
  }));
  groups.forEach((g, i) =>
    buf.add("resident_groups", {
      ...base,
      id: g.id,
      name: g.name,
      leader_name: h.pick(SURNAMES) + h.pick(GIVEN_MID),
      sort_order: i,
    }),
  );
  const grids = Array.from({ length: gridCount }, (_, i) => ({
    id: ids.id(registered),
    name: o.kind === "urban" ? `第${cn(i + 1)}网格` : `${VILLAGE_GRID_AREAS[i] ?? cn(i + 1)}网格`,
  }));

  // Urban: buildings of six floors, two units, two flats a floor; villages: numbered houses per group.
  const perBuilding = 24;
  const buildings = Math.max(1, Math.ceil(hh / perBuilding));
  grids.forEach((g, i) => {
    const first = Math.floor((i * buildings) / gridCount) + 1;
    const last = Math.floor(((i + 1) * buildings) / gridCount);
    buf.add("grids", {
      ...base,
      id: g.id,
      name: g.name,
      area:
        o.kind === "urban"
          ? `${first}–${Math.max(first, last)} 号楼`
          : `第${cn(Math.floor((i * groupCount) / gridCount) + 1)}至第${cn(Math.max(1, Math.floor(((i + 1) * groupCount) / gridCount)))}村民小组`,
      worker_user_id: null,
      worker_name: h.pick(SURNAMES) + h.pick(GIVEN_MID),
      work_phone: `0571-8${String(6_000_000 + Math.floor(h.rand() * 3_999_999)).padStart(7, "0")}`,
      sort_order: i,
    });
  });

  const people: Person[] = [];
  const used = new Set<string>();
  const thisYear = Number(dateOf(o.now).slice(0, 4));
  const givenFor = (year: number) => h.pick(year < 1965 ? GIVEN_OLD : year < 1990 ? GIVEN_MID : GIVEN_YOUNG);
  const housePerGroup = Math.ceil(hh / groupCount);
  let movedOut = 0;
  for (let k = 0; k < hh; k++) {
    let address: string;
    let groupIndex: number;
    let gridIndex: number;
    if (o.kind === "urban") {
      const b = Math.floor(k / perBuilding);
      const within = k % perBuilding;
      const unit = Math.floor(within / 12) + 1;
      const floor = Math.floor((within % 12) / 2) + 1;
      const flat = (within % 2) + 1;
      address = `${b + 1}号楼${unit}单元${floor}0${flat}室`;
      groupIndex = Math.min(groupCount - 1, Math.floor((b * groupCount) / buildings));
      gridIndex = Math.min(gridCount - 1, Math.floor((b * gridCount) / buildings));
    } else {
      groupIndex = Math.min(groupCount - 1, Math.floor(k / housePerGroup));
      address = `${o.name}${groupIndex + 1}组${(k % housePerGroup) + 1}号`;
      gridIndex = Math.min(gridCount - 1, Math.floor((groupIndex * gridCount) / groupCount));
    }
    const householdId = ids.id(registered);
    buf.add("households", {
      ...base,
      id: householdId,
      address,
      grid_id: grids[gridIndex].id,
      group_id: groups[groupIndex].id,
    });
    const surname = h.pick(SURNAMES);
    const headYear = h.int(1942, 1994);
    for (let m = 0; m < sizes[k]; m++) {
      const year =
        m === 0
          ? headYear
          : m === 1
            ? Math.max(1940, Math.min(2000, headYear + h.int(-4, 4)))
            : m >= 4 && headYear >= 1968 && h.chance(0.5)
              ? Math.max(1940, headYear - h.int(24, 30)) // a parent living with the family
              : Math.min(2020, headYear + h.int(22, 36));
      let name = "";
      const birthDate = `${year}-${String(h.int(1, 12)).padStart(2, "0")}-${String(h.int(1, 28)).padStart(2, "0")}`;
      for (let tries = 0; tries < 20; tries++) {
        name = (m === 1 || (m >= 4 && year < headYear) ? h.pick(SURNAMES) : surname) + givenFor(year);
        if (!used.has(name + birthDate)) break;
      }
      if (used.has(name + birthDate)) name += "某";
      used.add(name + birthDate);
      const age = thisYear - year;
      const id = ids.id(registered);
      const phone =
        age >= 14
          ? `1${h.pick(["3", "5", "8"])}${h.int(0, 9)}${String(Math.floor(h.rand() * 1e8)).padStart(8, "0")}`
          : "";
      const isHead = m === 0;
      const isRep = isHead && h.chance(o.kind === "urban" ? 0.09 : 0.11);
      // About one in seventy non-representatives has moved away; the record stays, with its history.
      const moved = !isHead && h.chance(0.015);
      const movedAt = moved ? o.now - h.int(5, 700) * DAY : 0;
      buf.add("residents", {
        ...base,
        id,
        household_id: householdId,
        group_id: groups[groupIndex].id,
        name,
        birth_date: birthDate,
        phone,
        is_household_rep: isHead,
        is_representative: isRep,
        status: moved ? "moved_out" : "active",
        moved_out_on: moved ? dateOf(movedAt) : null,
        updated_at: moved ? movedAt : registered,
      });
      if (moved) {
        movedOut++;
        buf.add("resident_history", {
          id: ids.id(movedAt),
          community_id: o.communityId,
          resident_id: id,
          at: movedAt,
          kind: "moved_out",
          detail: { on: dateOf(movedAt) },
          actor_name: "社区工作者",
        });
      } else
        people.push({
          id,
          name,
          birthDate,
          phone,
          householdIndex: k,
          groupId: groups[groupIndex].id,
          gridId: grids[gridIndex].id,
          isHead,
          isRep,
        });
    }
  }
  return { count: hh, groups: groupCount, grids, buildings, people, movedOut };
}
