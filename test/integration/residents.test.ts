import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { adultBornOnOrBefore, isAdultOn, isCalendarDate, shanghaiDate } from "../../shared/rules/eligibility";
import { maskPhone } from "../../shared/rules/masking";
import { Client, type TrpcResult } from "./helpers";
import { communityId, createUser, expectOk, STREET, userId } from "./fixtures";
import {
  auditOf,
  gridsOf,
  groupsOf,
  historyOf,
  listAll,
  newHousehold,
  newResident,
  registryCounts,
  residentByName,
  residentRow,
  uniqueName,
  uniquePhone,
  type Grid,
} from "./residents-fixtures";

type ListItem = {
  id: string;
  name: string;
  birthDate: string;
  phone: string;
  householdId: string | null;
  address: string | null;
  groupId: string | null;
  groupName: string | null;
  gridId: string | null;
  isHouseholdRep: boolean;
  isRepresentative: boolean;
  status: "active" | "moved_out";
  movedOutOn: string | null;
};

type Detail = ListItem & {
  household: { id: string; address: string; gridId: string | null; gridName: string | null } | null;
  group: { id: string; name: string } | null;
  history: { kind: string; detail: Record<string, unknown>; actorName: string; at: number }[];
  account: { active: boolean } | null;
};

function expectError(
  r: TrpcResult<unknown>,
  code: string,
  label = "",
): { message: string; fieldErrors?: Record<string, string> } {
  expect(r.ok, `${label} should fail with ${code}`).toBe(false);
  if (r.ok) throw new Error("unreachable");
  expect(r.error.data.code, `${label}: ${r.error.message}`).toBe(code);
  return { message: r.error.message, fieldErrors: r.error.data.fieldErrors };
}

const DAY = 86_400_000;
let admin: Client;
let staff: Client;
let hehua: string;
let grids: Grid[];
let groups: { id: string; name: string }[];

beforeAll(async () => {
  admin = await Client.as("community-admin");
  staff = await Client.as("community-staff");
  hehua = await communityId("hehua");
  grids = await gridsOf("hehua");
  groups = await groupsOf("hehua");
});

type DbResident = {
  id: string;
  name: string;
  birth_date: string;
  phone: string;
  household_id: string | null;
  group_id: string | null;
  grid_id: string | null;
  address: string | null;
  is_household_rep: number;
  is_representative: number;
  status: string;
};

async function hehuaResidents(): Promise<DbResident[]> {
  return (
    await env.DB.prepare(
      `SELECT r.id, r.name, r.birth_date, r.phone, r.household_id, r.group_id, h.grid_id, h.address,
              r.is_household_rep, r.is_representative, r.status
       FROM residents r LEFT JOIN households h ON h.id = r.household_id WHERE r.community_id = ?`,
    )
      .bind(hehua)
      .all<DbResident>()
  ).results;
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

describe("create, update and move out, with history and audit", () => {
  it("create writes the resident, a 'created' history entry and an audit record with the phone masked", async () => {
    const h = await newHousehold(staff, "hehua", { gridId: grids[0].id, groupId: groups[0].id });
    const before = await registryCounts();
    const r = await newResident(staff, "hehua", {
      householdId: h.id,
      groupId: groups[0].id,
      isHouseholdRep: true,
      birthDate: "1975-10-01",
    });
    const after = await registryCounts();
    expect(after.residents).toBe(before.residents + 1);
    expect(after.resident_history).toBe(before.resident_history + 1);
    expect(after.audit_log).toBe(before.audit_log + 1);

    expect(await residentRow(r.id)).toMatchObject({
      community_id: hehua,
      household_id: h.id,
      group_id: groups[0].id,
      name: r.name,
      birth_date: "1975-10-01",
      phone: r.phone,
      is_household_rep: 1,
      is_representative: 0,
      status: "active",
      moved_out_on: null,
    });
    const history = await historyOf(r.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: "created", actor_name: "李秀英" });
    expect(JSON.parse(history[0].detail)).toEqual({ householdId: h.id, groupId: groups[0].id });

    const audit = await auditOf(r.id, "resident.create");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity: "resident", actor_name: "李秀英", community_id: hehua });
    expect(audit[0].after).not.toContain(r.phone);
    expect(JSON.parse(audit[0].after!)).toMatchObject({ name: r.name, phone: maskPhone(r.phone) });

    const detail = expectOk(await staff.query<Detail>("residents.get", { id: r.id }));
    expect(detail).toMatchObject({
      name: r.name,
      phone: maskPhone(r.phone),
      isHouseholdRep: true,
      household: { id: h.id, address: h.address, gridId: grids[0].id, gridName: grids[0].name },
      group: { id: groups[0].id, name: groups[0].name },
      account: null,
    });
    expect(detail.history.map((e) => e.kind)).toEqual(["created"]);
  });

  it("update records a move, role changes and corrections in the history, and audits each change", async () => {
    const h1 = await newHousehold(staff, "hehua", { gridId: grids[0].id });
    const h2 = await newHousehold(staff, "hehua", { gridId: grids[1].id });
    const r = await newResident(staff, "hehua", { householdId: h1.id, isHouseholdRep: true });

    expectOk(await staff.mutate("residents.update", { id: r.id, householdId: h2.id }));
    let history = await historyOf(r.id);
    expect(history.map((e) => e.kind)).toEqual(["created", "moved"]);
    expect(JSON.parse(history[1].detail)).toEqual({
      from: h1.id,
      to: h2.id,
      fromAddress: h1.address,
      toAddress: h2.address,
    });
    expect((await residentRow(r.id))!.household_id).toBe(h2.id);

    expectOk(await staff.mutate("residents.update", { id: r.id, isRepresentative: true }));
    expectOk(await admin.mutate("residents.update", { id: r.id, isHouseholdRep: false }));
    history = await historyOf(r.id);
    expect(history.slice(2).map((e) => [e.kind, JSON.parse(e.detail), e.actor_name])).toEqual([
      ["role", { isRepresentative: true }, "李秀英"],
      ["role", { isHouseholdRep: false }, "王建国"],
    ]);

    const newName = uniqueName("改");
    const newPhone = uniquePhone();
    expectOk(
      await staff.mutate("residents.update", { id: r.id, name: newName, phone: newPhone, groupId: groups[1].id }),
    );
    history = await historyOf(r.id);
    expect(history).toHaveLength(5);
    expect(history[4].kind).toBe("updated");
    expect(JSON.parse(history[4].detail)).toEqual({ fields: ["name", "phone", "groupId"] });
    expect(await residentRow(r.id)).toMatchObject({
      name: newName,
      phone: newPhone,
      group_id: groups[1].id,
      is_household_rep: 0,
      is_representative: 1,
    });

    // Saving unchanged values adds no history entry.
    expectOk(await staff.mutate("residents.update", { id: r.id, name: newName, isRepresentative: true }));
    expect(await historyOf(r.id)).toHaveLength(5);

    const audits = await auditOf(r.id, "resident.update");
    expect(audits).toHaveLength(5);
    expect(audits.map((a) => a.actor_name)).toEqual(["李秀英", "李秀英", "王建国", "李秀英", "李秀英"]);
    const phoneChange = audits[3];
    expect(JSON.parse(phoneChange.before!)).toMatchObject({ name: r.name, phone: maskPhone(r.phone) });
    expect(JSON.parse(phoneChange.after!)).toMatchObject({ name: newName, phone: maskPhone(newPhone) });
    for (const a of audits) {
      expect(a.before ?? "").not.toContain(r.phone);
      expect(a.after ?? "").not.toContain(newPhone);
    }

    const detail = expectOk(await staff.query<Detail>("residents.get", { id: r.id }));
    expect(detail.history.map((e) => e.kind).sort()).toEqual(["created", "moved", "role", "role", "updated"]);
  });

  it("refuses dates in the future or before birth, and a household representative without a household", async () => {
    const before = await registryCounts();
    const tomorrow = shanghaiDate(Date.now() + DAY);
    const future = expectError(
      await staff.mutate("residents.create", {
        communityId: hehua,
        name: uniqueName("未来"),
        birthDate: tomorrow,
        phone: "",
      }),
      "BAD_REQUEST",
    );
    expect(future.fieldErrors?.birthDate).toMatch(/^出生日期：不能晚于今天/);
    const noHousehold = expectError(
      await staff.mutate("residents.create", {
        communityId: hehua,
        name: uniqueName("无户"),
        birthDate: "1970-01-01",
        phone: "",
        isHouseholdRep: true,
      }),
      "BAD_REQUEST",
    );
    expect(noHousehold.fieldErrors?.isHouseholdRep).toMatch(/^户代表：/);
    expect(await registryCounts()).toEqual(before);

    const r = await newResident(staff, "hehua", { birthDate: "2000-06-01" });
    const early = expectError(
      await staff.mutate("residents.moveOut", { id: r.id, movedOutOn: "1999-12-31" }),
      "BAD_REQUEST",
    );
    expect(early.fieldErrors?.movedOutOn).toMatch(/^迁出日期：不能早于出生日期/);
    const later = expectError(
      await staff.mutate("residents.moveOut", { id: r.id, movedOutOn: tomorrow }),
      "BAD_REQUEST",
    );
    expect(later.fieldErrors?.movedOutOn).toMatch(/^迁出日期：/);
    expect((await residentRow(r.id))!.status).toBe("active");
  });

  it("moveOut keeps the record, ends the roles, records history and audit; the record is then read-only", async () => {
    const h = await newHousehold(staff, "hehua", { gridId: grids[0].id });
    const r = await newResident(staff, "hehua", { householdId: h.id, isHouseholdRep: true, isRepresentative: true });

    const bad = expectError(
      await staff.mutate("residents.moveOut", { id: r.id, movedOutOn: "2023-02-29" }),
      "BAD_REQUEST",
    );
    expect(bad.fieldErrors?.movedOutOn).toMatch(/^迁出日期：/);

    expectOk(await staff.mutate("residents.moveOut", { id: r.id, movedOutOn: "2026-01-15" }));
    expect(await residentRow(r.id)).toMatchObject({
      status: "moved_out",
      moved_out_on: "2026-01-15",
      is_household_rep: 0,
      is_representative: 0,
      household_id: h.id,
      name: r.name,
    });
    const history = await historyOf(r.id);
    expect(history.map((e) => e.kind)).toEqual(["created", "moved_out"]);
    expect(JSON.parse(history[1].detail)).toEqual({ on: "2026-01-15" });
    const audit = await auditOf(r.id, "resident.moveOut");
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].after!)).toEqual({ status: "moved_out", movedOutOn: "2026-01-15" });

    const before = await registryCounts();
    const update = expectError(await staff.mutate("residents.update", { id: r.id, name: "迁出后修改" }), "BAD_REQUEST");
    expect(update.message).toContain("已迁出");
    expectError(await staff.mutate("residents.moveOut", { id: r.id, movedOutOn: "2026-02-01" }), "BAD_REQUEST");
    expect(await registryCounts()).toEqual(before);
    expect((await residentRow(r.id))!.name).toBe(r.name);

    // The household no longer has an active representative: someone else may become it.
    const next = await newResident(staff, "hehua", { householdId: h.id, isHouseholdRep: true });
    expect((await residentRow(next.id))!.is_household_rep).toBe(1);
  });
});

describe("one household representative at a time", () => {
  it("a second representative is a CONFLICT naming 户代表 and the current one, and writes nothing", async () => {
    const h = await newHousehold(staff, "hehua", { gridId: grids[0].id });
    const rep = await newResident(staff, "hehua", { householdId: h.id, isHouseholdRep: true });
    const member = await newResident(staff, "hehua", { householdId: h.id });
    const before = await registryCounts();
    const name = uniqueName();

    const create = expectError(
      await staff.mutate("residents.create", {
        communityId: hehua,
        name,
        birthDate: "1990-01-01",
        phone: "",
        householdId: h.id,
        isHouseholdRep: true,
      }),
      "CONFLICT",
    );
    expect(create.message).toContain("户代表");
    expect(create.message).toContain(rep.name);
    expect(create.fieldErrors?.isHouseholdRep).toBe(create.message);

    const update = expectError(
      await staff.mutate("residents.update", { id: member.id, isHouseholdRep: true }),
      "CONFLICT",
    );
    expect(update.message).toContain("户代表");

    expect(await registryCounts()).toEqual(before);
    expect(await env.DB.prepare("SELECT id FROM residents WHERE name = ?").bind(name).first()).toBeNull();
    expect((await residentRow(member.id))!.is_household_rep).toBe(0);
    expect((await residentRow(rep.id))!.is_household_rep).toBe(1);
  });

  it("moving a representative into a household that has one is a CONFLICT", async () => {
    const h1 = await newHousehold(staff, "hehua");
    const h2 = await newHousehold(staff, "hehua");
    const a = await newResident(staff, "hehua", { householdId: h1.id, isHouseholdRep: true });
    await newResident(staff, "hehua", { householdId: h2.id, isHouseholdRep: true });
    const before = await registryCounts();
    expectError(await staff.mutate("residents.update", { id: a.id, householdId: h2.id }), "CONFLICT");
    expect(await registryCounts()).toEqual(before);
    expect((await residentRow(a.id))!.household_id).toBe(h1.id);
  });

  it("replaceRep on create demotes the old representative in the same batch, with history on both", async () => {
    const h = await newHousehold(staff, "hehua", { gridId: grids[0].id });
    const old = await newResident(staff, "hehua", { householdId: h.id, isHouseholdRep: true });
    const fresh = await newResident(staff, "hehua", { householdId: h.id, isHouseholdRep: true, replaceRep: true });

    expect((await residentRow(old.id))!.is_household_rep).toBe(0);
    expect((await residentRow(fresh.id))!.is_household_rep).toBe(1);
    const oldHistory = await historyOf(old.id);
    const freshHistory = await historyOf(fresh.id);
    expect(oldHistory.map((e) => e.kind)).toEqual(["created", "role"]);
    expect(JSON.parse(oldHistory[1].detail)).toEqual({ isHouseholdRep: false });
    expect(freshHistory.map((e) => e.kind)).toEqual(["created"]);
    // One write: the demotion, the new row and the audit record carry the same instant.
    const audit = await auditOf(fresh.id, "resident.create");
    expect(oldHistory[1].at).toBe(freshHistory[0].at);
    expect(audit[0].at).toBe(freshHistory[0].at);

    const households = expectOk(
      await staff.query<{ items: { id: string; repName: string | null; members: number }[] }>(
        "residents.households.list",
        { communityId: hehua, q: h.address },
      ),
    );
    expect(households.items).toEqual([expect.objectContaining({ id: h.id, repName: fresh.name, members: 2 })]);
  });

  it("replaceRep on update demotes the old representative, with history on both", async () => {
    const h = await newHousehold(staff, "hehua");
    const old = await newResident(staff, "hehua", { householdId: h.id, isHouseholdRep: true });
    const member = await newResident(staff, "hehua", { householdId: h.id });
    expectOk(await staff.mutate("residents.update", { id: member.id, isHouseholdRep: true, replaceRep: true }));
    expect((await residentRow(old.id))!.is_household_rep).toBe(0);
    expect((await residentRow(member.id))!.is_household_rep).toBe(1);
    const oldHistory = await historyOf(old.id);
    const memberHistory = await historyOf(member.id);
    expect(oldHistory.map((e) => [e.kind, JSON.parse(e.detail)])).toEqual([
      ["created", { householdId: h.id, groupId: null }],
      ["role", { isHouseholdRep: false }],
    ]);
    expect(memberHistory.map((e) => [e.kind, JSON.parse(e.detail)])).toEqual([
      ["created", { householdId: h.id, groupId: null }],
      ["role", { isHouseholdRep: true }],
    ]);
    expect(oldHistory[1].at).toBe(memberHistory[1].at);
  });

  it("the database itself refuses two active representatives of one household", async () => {
    const h = await newHousehold(staff, "hehua");
    await newResident(staff, "hehua", { householdId: h.id, isHouseholdRep: true });
    const other = await newResident(staff, "hehua", { householdId: h.id });
    await expect(
      env.DB.prepare("UPDATE residents SET is_household_rep = 1 WHERE id = ?").bind(other.id).run(),
    ).rejects.toThrow(/UNIQUE/);
  });
});

describe("duplicates and invalid input", () => {
  it("the same name and birth date is a CONFLICT naming 姓名, and writes nothing", async () => {
    const r = await newResident(staff, "hehua", { birthDate: "1961-07-07" });
    const before = await registryCounts();
    const dup = expectError(
      await staff.mutate("residents.create", { communityId: hehua, name: r.name, birthDate: "1961-07-07", phone: "" }),
      "CONFLICT",
    );
    expect(dup.message).toContain("姓名");
    expect(dup.fieldErrors?.name).toBe(dup.message);
    // A seeded resident counts too.
    expectError(
      await staff.mutate("residents.create", {
        communityId: hehua,
        name: "张三丰",
        birthDate: "1968-05-12",
        phone: "",
      }),
      "CONFLICT",
    );
    expect(await registryCounts()).toEqual(before);
    // Same name, another birth date: another person.
    await newResident(staff, "hehua", { name: r.name, birthDate: "1961-07-08" });
  });

  it("an update that would make two rows the same person is a CONFLICT too, and writes nothing", async () => {
    const a = await newResident(staff, "hehua", { birthDate: "1970-01-01" });
    const b = await newResident(staff, "hehua", { birthDate: "1970-01-02" });
    const before = await registryCounts();
    const r = expectError(
      await staff.mutate("residents.update", { id: b.id, name: a.name, birthDate: "1970-01-01" }),
      "CONFLICT",
    );
    expect(r.message).toContain("姓名");
    expect(await registryCounts()).toEqual(before);
    expect(await residentRow(b.id)).toMatchObject({ name: b.name, birth_date: "1970-01-02" });
  });

  it("invalid fields are BAD_REQUEST naming each field, and write nothing", async () => {
    const before = await registryCounts();
    const base = { communityId: hehua, name: uniqueName(), birthDate: "1980-01-01", phone: "" };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ phone: "12345" }, "phone", /^手机号：/],
      [{ phone: "1380013800" }, "phone", /^手机号：/],
      [{ phone: "23800138000" }, "phone", /^手机号：/],
      [{ birthDate: "2023-02-29" }, "birthDate", /^出生日期：/],
      [{ birthDate: "2024-13-01" }, "birthDate", /^出生日期：/],
      [{ birthDate: "1980/01/01" }, "birthDate", /^出生日期：/],
      [{ name: "" }, "name", /：/],
      [{ name: "   " }, "name", /：/],
      [{ name: "名".repeat(41) }, "name", /40/],
    ];
    for (const [fields, field, pattern] of cases) {
      const e = expectError(await staff.mutate("residents.create", { ...base, ...fields }), "BAD_REQUEST", field);
      expect(Object.keys(e.fieldErrors ?? {}), JSON.stringify(fields)).toEqual([field]);
      expect(e.fieldErrors![field], JSON.stringify(fields)).toMatch(pattern);
      expect(e.message).toContain(e.fieldErrors![field]);
    }
    const r = await newResident(staff, "hehua");
    const mid = await registryCounts();
    for (const [fields, field] of cases) {
      const e = expectError(await staff.mutate("residents.update", { id: r.id, ...fields }), "BAD_REQUEST", field);
      expect(Object.keys(e.fieldErrors ?? {})).toEqual([field]);
    }
    expect(await registryCounts()).toEqual(mid);
    expect(mid.residents).toBe(before.residents + 1);
    expect(await residentRow(r.id)).toMatchObject({ name: r.name, phone: r.phone, birth_date: r.birthDate });
  });

  it("English callers get the field named in English", async () => {
    const en = new Client("en");
    expectOk(await en.mutate("auth.login", { username: "community-staff", password: "demo12345" }));
    const e = expectError(
      await en.mutate("residents.create", { communityId: hehua, name: "x", birthDate: "2023-02-29", phone: "1" }),
      "BAD_REQUEST",
    );
    expect(e.fieldErrors?.birthDate).toMatch(/^birth date:/);
    expect(e.fieldErrors?.phone).toMatch(/^phone:/);
  });
});

describe("list: filters, pagination and masked phones", () => {
  let adultToday: { id: string; birthDate: string };
  let adultTomorrow: { id: string; birthDate: string };
  let movedOut: string;

  beforeAll(async () => {
    // Someone whose 18th birthday is today (adult) and someone whose is tomorrow (not yet).
    const bound = adultBornOnOrBefore(Date.now());
    const [y, m, d] = shanghaiDate(Date.now()).split("-").map(Number);
    const anchor = `${y - 18}-${String(m).padStart(2, "0")}-${String(Math.min(d, 28)).padStart(2, "0")}`;
    const around = [-3, -2, -1, 0, 1, 2, 3, 4]
      .map((k) => new Date(Date.parse(`${anchor}T00:00:00Z`) + k * DAY).toISOString().slice(0, 10))
      .filter(isCalendarDate);
    const lastAdult = around.filter((b) => b <= bound).pop()!;
    const firstMinor = around.find((b) => b > bound)!;
    expect(isAdultOn(lastAdult, Date.now())).toBe(true);
    expect(isAdultOn(firstMinor, Date.now())).toBe(false);
    const h = await newHousehold(staff, "hehua", { gridId: grids[2].id, groupId: groups[2].id });
    adultToday = await newResident(staff, "hehua", { householdId: h.id, birthDate: lastAdult, phone: "" });
    adultTomorrow = await newResident(staff, "hehua", { householdId: h.id, birthDate: firstMinor, phone: "" });
    const gone = await newResident(staff, "hehua", { householdId: h.id, isRepresentative: true });
    expectOk(await staff.mutate("residents.moveOut", { id: gone.id, movedOutOn: shanghaiDate(Date.now()) }));
    movedOut = gone.id;
    // One without a household.
    await newResident(staff, "hehua", { householdId: null });
  });

  it("without filters lists every resident of the community once, in name order, across pages", async () => {
    const all = await hehuaResidents();
    expect(all.length).toBeGreaterThan(90);
    const { items, totals, pages } = await listAll<ListItem>(staff, { communityId: hehua }, 7);
    expect(pages).toBe(Math.ceil(all.length / 7));
    expect(new Set(totals)).toEqual(new Set([all.length]));
    expect(items).toHaveLength(all.length);
    expect(new Set(items.map((i) => i.id)).size).toBe(all.length);
    expect(ids(items)).toEqual(ids(all));
    const order = items.map((i) => [i.name, i.id] as const);
    const sorted = [...order].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
    expect(order).toEqual(sorted);
    // A limit of 50 gives the same rows.
    expect(ids((await listAll(staff, { communityId: hehua }, 50)).items)).toEqual(ids(all));
  });

  it("every listed field is the resident's own (joined columns do not shift)", async () => {
    const all = new Map((await hehuaResidents()).map((r) => [r.id, r]));
    const groupNames = new Map(groups.map((g) => [g.id, g.name]));
    const { items } = await listAll<ListItem>(staff, { communityId: hehua });
    for (const i of items) {
      const r = all.get(i.id)!;
      expect(
        {
          name: i.name,
          birthDate: i.birthDate,
          householdId: i.householdId,
          address: i.address,
          groupId: i.groupId,
          groupName: i.groupName,
          gridId: i.gridId,
          isHouseholdRep: i.isHouseholdRep,
          isRepresentative: i.isRepresentative,
          status: i.status,
        },
        r.name,
      ).toEqual({
        name: r.name,
        birthDate: r.birth_date,
        householdId: r.household_id,
        address: r.address,
        groupId: r.group_id,
        groupName: r.group_id ? groupNames.get(r.group_id) : null,
        gridId: r.grid_id,
        isHouseholdRep: r.is_household_rep === 1,
        isRepresentative: r.is_representative === 1,
        status: r.status,
      });
    }
  });

  it("households.list shows each household's own grid, group, member count and representative", async () => {
    const rows = (
      await env.DB.prepare(
        `SELECT h.id, h.address, h.grid_id, h.group_id, g.name AS grid_name, rg.name AS group_name,
           (SELECT count(*) FROM residents r WHERE r.household_id = h.id AND r.status = 'active') AS members,
           (SELECT r.name FROM residents r WHERE r.household_id = h.id AND r.is_household_rep = 1 AND r.status = 'active') AS rep
         FROM households h LEFT JOIN grids g ON g.id = h.grid_id LEFT JOIN resident_groups rg ON rg.id = h.group_id
         WHERE h.community_id = ?`,
      )
        .bind(hehua)
        .all<Record<string, string | number | null>>()
    ).results;
    const listed: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    do {
      const page = expectOk(
        await staff.query<{ items: Record<string, unknown>[]; total: number; nextCursor: string | null }>(
          "residents.households.list",
          { communityId: hehua, limit: 13, ...(cursor ? { cursor } : {}) },
        ),
      );
      expect(page.total).toBe(rows.length);
      listed.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(listed.map((h) => h.id).sort()).toEqual(rows.map((r) => r.id).sort());
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const h of listed) {
      const r = byId.get(h.id as string)!;
      expect(h, r.address as string).toEqual({
        id: r.id,
        address: r.address,
        gridId: r.grid_id,
        gridName: r.grid_name,
        groupId: r.group_id,
        groupName: r.group_name,
        members: r.members,
        repName: r.rep,
      });
    }
    expect(listed.some((h) => h.repName === "张三丰")).toBe(true);
  });

  it("never shows a full phone: every phone is masked", async () => {
    const all = new Map((await hehuaResidents()).map((r) => [r.id, r]));
    const { items } = await listAll<ListItem>(staff, { communityId: hehua });
    let withPhone = 0;
    for (const item of items) {
      const real = all.get(item.id)!.phone;
      expect(item.phone).not.toMatch(/\d{11}/);
      expect(item.phone).toBe(real ? maskPhone(real) : "");
      if (real) {
        withPhone++;
        expect(item.phone).not.toBe(real);
        expect(item.phone).toContain("****");
      }
    }
    expect(withPhone).toBeGreaterThan(50);
    const text = JSON.stringify(items);
    for (const r of all.values()) if (r.phone) expect(text).not.toContain(r.phone);
  });

  it("q finds residents by name, address or the end of the phone", async () => {
    const all = await hehuaResidents();
    const zhang = all.find((r) => r.name === "张三丰")!;
    for (const q of ["张三丰", "三丰", "3号楼1单元", zhang.phone.slice(-4), all[10].name.slice(0, 1)]) {
      const { items, totals } = await listAll<ListItem>(staff, { communityId: hehua, q });
      const expected = all.filter(
        (r) => r.name.includes(q) || (r.address ?? "").includes(q) || (r.phone !== "" && r.phone.endsWith(q)),
      );
      expect(expected.length, q).toBeGreaterThan(0);
      expect(ids(items), q).toEqual(ids(expected));
      expect(totals[0]).toBe(expected.length);
    }
    expect(ids((await listAll(staff, { communityId: hehua, q: "三丰" })).items)).toEqual([zhang.id]);
    // LIKE wildcards are not wildcards.
    expect((await listAll(staff, { communityId: hehua, q: "%" })).items.length).toBe(all.length);
    expect((await listAll(staff, { communityId: hehua, q: "没有这个人" })).items).toEqual([]);
  });

  it("filters by grid, group, household and status", async () => {
    const all = await hehuaResidents();
    for (const g of grids) {
      const { items } = await listAll<ListItem>(staff, { communityId: hehua, gridId: g.id });
      expect(items.every((i) => i.gridId === g.id)).toBe(true);
      expect(ids(items), g.name).toEqual(ids(all.filter((r) => r.grid_id === g.id)));
      expect(items.length).toBeGreaterThan(0);
    }
    for (const g of groups) {
      const { items } = await listAll<ListItem>(staff, { communityId: hehua, groupId: g.id });
      expect(items.every((i) => i.groupId === g.id)).toBe(true);
      expect(ids(items), g.name).toEqual(ids(all.filter((r) => r.group_id === g.id)));
    }
    const zhang = all.find((r) => r.name === "张三丰")!;
    const household = await listAll<ListItem>(staff, { communityId: hehua, householdId: zhang.household_id });
    expect(ids(household.items)).toEqual(ids(all.filter((r) => r.household_id === zhang.household_id)));

    const active = await listAll<ListItem>(staff, { communityId: hehua, status: "active" });
    const moved = await listAll<ListItem>(staff, { communityId: hehua, status: "moved_out" });
    expect(ids(active.items)).toEqual(ids(all.filter((r) => r.status === "active")));
    expect(ids(moved.items)).toEqual(ids(all.filter((r) => r.status === "moved_out")));
    expect(moved.items.length).toBeGreaterThanOrEqual(2);
    expect(moved.items.map((i) => i.id)).toContain(movedOut);
    expect(moved.items.every((i) => i.status === "moved_out" && i.movedOutOn)).toBe(true);
  });

  it("adult true/false splits the registry exactly as ageOn does, at the 18th birthday", async () => {
    const all = await hehuaResidents();
    const now = Date.now();
    const adults = await listAll<ListItem>(staff, { communityId: hehua, adult: true });
    const minors = await listAll<ListItem>(staff, { communityId: hehua, adult: false });
    expect(ids(adults.items)).toEqual(ids(all.filter((r) => isAdultOn(r.birth_date, now))));
    expect(ids(minors.items)).toEqual(ids(all.filter((r) => !isAdultOn(r.birth_date, now))));
    expect(adults.items.length + minors.items.length).toBe(all.length);
    expect(adults.items.map((i) => i.id)).toContain(adultToday.id);
    expect(minors.items.map((i) => i.id)).toContain(adultTomorrow.id);
    expect(minors.items.length).toBeGreaterThan(1);
    expect(adults.items.length).toBeGreaterThan(minors.items.length);
  });

  it("representative filters list household representatives and 居民代表", async () => {
    const all = await hehuaResidents();
    const reps = await listAll<ListItem>(staff, { communityId: hehua, representative: "household" });
    const delegates = await listAll<ListItem>(staff, { communityId: hehua, representative: "representative" });
    expect(ids(reps.items)).toEqual(ids(all.filter((r) => r.is_household_rep === 1)));
    expect(ids(delegates.items)).toEqual(ids(all.filter((r) => r.is_representative === 1)));
    expect(reps.items.length).toBeGreaterThan(20);
    expect(delegates.items.length).toBeGreaterThan(0);
    expect(reps.items.every((i) => i.isHouseholdRep)).toBe(true);
    expect(delegates.items.every((i) => i.isRepresentative)).toBe(true);
  });

  it("filters combine", async () => {
    const all = await hehuaResidents();
    const now = Date.now();
    const { items, totals } = await listAll<ListItem>(
      staff,
      { communityId: hehua, gridId: grids[0].id, adult: true, status: "active", representative: "household" },
      3,
    );
    const expected = all.filter(
      (r) => r.grid_id === grids[0].id && isAdultOn(r.birth_date, now) && r.status === "active" && r.is_household_rep,
    );
    expect(expected.length).toBeGreaterThan(3);
    expect(ids(items)).toEqual(ids(expected));
    expect(totals.every((t) => t === expected.length)).toBe(true);
  });
});

describe("revealPhone", () => {
  it("returns the full phone and writes an audit record each time", async () => {
    const zhang = await residentByName("张三丰");
    const before = (await auditOf(zhang.id, "resident.revealPhone")).length;
    const r = expectOk(await staff.mutate<{ phone: string }>("residents.revealPhone", { id: zhang.id }));
    expect(r.phone).toBe("13800138000");
    expectOk(await admin.mutate("residents.revealPhone", { id: zhang.id }));
    const audit = await auditOf(zhang.id, "resident.revealPhone");
    expect(audit).toHaveLength(before + 2);
    expect(audit.slice(-2).map((a) => [a.actor_name, a.entity, a.community_id])).toEqual([
      ["李秀英", "resident", hehua],
      ["王建国", "resident", hehua],
    ]);
    expect(audit.slice(-2).map((a) => a.actor_id)).toEqual([
      await userId("community-staff"),
      await userId("community-admin"),
    ]);
    for (const a of audit) expect(`${a.before}${a.after}`).not.toContain("13800138000");
    // The record itself still shows the masked phone.
    expect(expectOk(await staff.query<Detail>("residents.get", { id: zhang.id })).phone).toBe("138****8000");
  });
});

describe("who may read the registry", () => {
  it("the grid worker sees only the residents of their own grid", async () => {
    const gw = await Client.as("grid-worker");
    const own = grids[0];
    expect(own.worker_user_id).toBe(await userId("grid-worker"));
    expect(grids.slice(1).every((g) => g.worker_user_id !== (own.worker_user_id as string))).toBe(true);
    const all = await hehuaResidents();
    const mine = all.filter((r) => r.grid_id === own.id);
    const { items, totals } = await listAll<ListItem>(gw, { communityId: hehua }, 20);
    expect(mine.length).toBeGreaterThan(5);
    expect(ids(items)).toEqual(ids(mine));
    expect(totals[0]).toBe(mine.length);
    expect(items.every((i) => i.gridId === own.id)).toBe(true);
    expect((await listAll(gw, { communityId: hehua, gridId: grids[1].id })).items).toEqual([]);
    expect(ids((await listAll(gw, { communityId: hehua, q: "" })).items)).toEqual(ids(mine));

    const households = expectOk(
      await gw.query<{ items: { gridId: string }[]; total: number }>("residents.households.list", {
        communityId: hehua,
        limit: 50,
      }),
    );
    expect(households.items.length).toBeGreaterThan(0);
    expect(households.items.every((h) => h.gridId === own.id)).toBe(true);

    const inMine = mine.find((r) => r.phone)!;
    expect(expectOk(await gw.query<Detail>("residents.get", { id: inMine.id })).name).toBe(inMine.name);
    expect(expectOk(await gw.mutate<{ phone: string }>("residents.revealPhone", { id: inMine.id })).phone).toBe(
      inMine.phone,
    );
    expect((await auditOf(inMine.id, "resident.revealPhone")).at(-1)!.actor_name).toBe("赵网格");

    const elsewhere = all.find((r) => r.grid_id === grids[1].id && r.phone)!;
    const noHousehold = all.find((r) => r.household_id === null)!;
    const before = await registryCounts();
    for (const other of [elsewhere, noHousehold]) {
      const get = expectError(await gw.query("residents.get", { id: other.id }), "NOT_FOUND");
      expect(get.message).toBe("找不到该记录");
      expectError(await gw.mutate("residents.revealPhone", { id: other.id }), "NOT_FOUND");
    }
    // Grid workers read; they do not keep the registry.
    expectError(
      await gw.mutate("residents.create", {
        communityId: hehua,
        name: uniqueName(),
        birthDate: "1990-01-01",
        phone: "",
      }),
      "FORBIDDEN",
    );
    expectError(await gw.mutate("residents.update", { id: inMine.id, name: "网格员改" }), "FORBIDDEN");
    expectError(await gw.query("residents.export", { communityId: hehua }), "FORBIDDEN");
    expect(await registryCounts()).toEqual(before);
  });

  it.each(["supervisor", "resident", "street-admin", "street-viewer"])(
    "%s cannot read the registry (FORBIDDEN)",
    async (who) => {
      const c = await Client.as(who);
      const zhang = await residentByName("张三丰");
      const before = await registryCounts();
      for (const [path, input] of [
        ["residents.list", { communityId: hehua }],
        ["residents.get", { id: zhang.id }],
        ["residents.households.list", { communityId: hehua }],
        ["residents.groups.list", { communityId: hehua }],
      ] as const)
        expectError(await c.query(path, input), "FORBIDDEN", `${who} ${path}`);
      expectError(await c.mutate("residents.revealPhone", { id: zhang.id }), "FORBIDDEN", `${who} revealPhone`);
      expect(await registryCounts()).toEqual(before);
    },
  );

  it("taoyuan's admin cannot list, get, update, export or import into hehua's registry (NOT_FOUND)", async () => {
    const t = await Client.as("taoyuan-admin");
    const zhang = await residentByName("张三丰");
    const household = zhang.household_id!;
    const before = await registryCounts();
    const attempts: [string, "query" | "mutate", unknown][] = [
      ["residents.list", "query", { communityId: hehua }],
      ["residents.get", "query", { id: zhang.id }],
      ["residents.revealPhone", "mutate", { id: zhang.id }],
      ["residents.update", "mutate", { id: zhang.id, name: "越权修改" }],
      ["residents.moveOut", "mutate", { id: zhang.id, movedOutOn: "2026-01-01" }],
      ["residents.export", "query", { communityId: hehua }],
      ["residents.importContext", "query", { communityId: hehua, kind: "residents" }],
      ["residents.importContext", "query", { communityId: hehua, kind: "households" }],
      [
        "residents.import",
        "mutate",
        { communityId: hehua, kind: "households", rows: [{ row: 2, values: { address: "越权路 1 号" } }] },
      ],
      ["residents.create", "mutate", { communityId: hehua, name: "越权", birthDate: "1990-01-01", phone: "" }],
      ["residents.issueActivation", "mutate", { residentId: zhang.id }],
      ["residents.revokeActivation", "mutate", { residentId: zhang.id }],
      ["residents.households.list", "query", { communityId: hehua }],
      ["residents.households.update", "mutate", { id: household, address: "越权改址" }],
      ["residents.groups.update", "mutate", { id: groups[0].id, name: "越权小组" }],
      ["residents.corrections", "query", { communityId: hehua }],
      ["admin.grids.update", "mutate", { id: grids[0].id, name: "越权网格" }],
    ];
    for (const [path, kind, input] of attempts) {
      const r = kind === "query" ? await t.query(path, input) : await t.mutate(path, input);
      const e = expectError(r, "NOT_FOUND", path);
      expect(e.message).not.toContain("荷花");
    }
    expect(await registryCounts()).toEqual(before);
    expect((await residentRow(zhang.id))!.name).toBe("张三丰");
  });
});

describe("households, groups and grids", () => {
  it("households: create, update, unique address per community, audited", async () => {
    const h = await newHousehold(staff, "hehua", { gridId: grids[1].id, groupId: groups[1].id });
    expect((await auditOf(h.id, "household.create")).length).toBe(1);
    const before = await registryCounts();
    const dup = expectError(
      await staff.mutate("residents.households.create", { communityId: hehua, address: `  ${h.address} ` }),
      "CONFLICT",
    );
    expect(dup.fieldErrors?.address).toBe("住址：该户已登记");
    const seeded = expectError(
      await staff.mutate("residents.households.create", { communityId: hehua, address: "3号楼1单元301室" }),
      "CONFLICT",
    );
    expect(seeded.message).toContain("住址");
    const other = await newHousehold(staff, "hehua");
    const mid = await registryCounts();
    expect(mid.households).toBe(before.households + 1);
    expectError(await staff.mutate("residents.households.update", { id: other.id, address: h.address }), "CONFLICT");
    expect(await registryCounts()).toEqual(mid);

    expectOk(await staff.mutate("residents.households.update", { id: h.id, address: h.address, gridId: grids[2].id }));
    expectOk(await staff.mutate("residents.households.update", { id: h.id, groupId: null }));
    const row = await env.DB.prepare("SELECT address, grid_id, group_id FROM households WHERE id = ?")
      .bind(h.id)
      .first();
    expect(row).toEqual({ address: h.address, grid_id: grids[2].id, group_id: null });
    expect((await auditOf(h.id, "household.update")).length).toBe(2);

    const listed = expectOk(
      await staff.query<{ items: { id: string; address: string; gridName: string | null }[] }>(
        "residents.households.list",
        { communityId: hehua, q: h.address },
      ),
    );
    expect(listed.items).toEqual([expect.objectContaining({ id: h.id, address: h.address, gridName: grids[2].name })]);

    // The same address in another community is another household.
    const liushu = await Client.as("liushu-admin");
    expectOk(
      await liushu.mutate("residents.households.create", {
        communityId: await communityId("liushu"),
        address: h.address,
      }),
    );
  });

  it("groups: create, rename, unique name per community, audited", async () => {
    const name = uniqueName("组");
    const g = expectOk(
      await staff.mutate<{ id: string }>("residents.groups.create", { communityId: hehua, name, leaderName: "组长甲" }),
    );
    expect((await auditOf(g.id, "group.create")).length).toBe(1);
    const before = await registryCounts();
    const dup = expectError(await staff.mutate("residents.groups.create", { communityId: hehua, name }), "CONFLICT");
    expect(dup.fieldErrors?.name).toBe("名称：已有同名居民小组");
    expectError(
      await staff.mutate("residents.groups.create", { communityId: hehua, name: groups[0].name }),
      "CONFLICT",
    );
    expectError(await staff.mutate("residents.groups.update", { id: g.id, name: groups[1].name }), "CONFLICT");
    expect(await registryCounts()).toEqual(before);

    const renamed = uniqueName("组");
    expectOk(await staff.mutate("residents.groups.update", { id: g.id, name: renamed, leaderName: "组长乙" }));
    expectOk(await staff.mutate("residents.groups.update", { id: g.id, name: renamed }));
    const list = expectOk(
      await staff.query<{ id: string; name: string; leaderName: string; members: number }[]>("residents.groups.list", {
        communityId: hehua,
      }),
    );
    expect(list.find((x) => x.id === g.id)).toEqual({ id: g.id, name: renamed, leaderName: "组长乙", members: 0 });
    expect(list.find((x) => x.id === groups[0].id)!.members).toBeGreaterThan(0);
    expect((await auditOf(g.id, "group.update")).length).toBe(2);

    // Group names are unique per community only.
    const liushu = await Client.as("liushu-admin");
    expectOk(
      await liushu.mutate("residents.groups.create", { communityId: await communityId("liushu"), name: renamed }),
    );
  });

  it("grids: create, rename, unique name per community; the worker must be a grid worker of the community", async () => {
    const gridWorker = await createUser({ role: "grid_worker", community: "hehua", displayName: "新网格员" });
    const base = { communityId: hehua, area: "13 号楼", workerName: "新网格员", workPhone: "021-55501309" };
    const name = uniqueName("网格");
    const g = expectOk(
      await staff.mutate<{ id: string }>("admin.grids.create", { ...base, name, workerUserId: gridWorker.id }),
    );
    expect((await auditOf(g.id, "grid.create")).length).toBe(1);
    const before = await registryCounts();

    const dup = expectError(await staff.mutate("admin.grids.create", { ...base, name: "第一网格" }), "CONFLICT");
    expect(dup.fieldErrors?.name).toBe("名称：已有同名网格");
    expectError(await staff.mutate("admin.grids.update", { id: g.id, name: "第二网格" }), "CONFLICT");

    const taoyuanWorker = await createUser({ role: "grid_worker", community: "taoyuan" });
    const midCounts = await registryCounts();
    for (const workerUserId of [
      await userId("community-staff"),
      await userId("resident"),
      await userId("supervisor"),
      taoyuanWorker.id,
      "NO-SUCH-USER",
    ]) {
      const e = expectError(
        await staff.mutate("admin.grids.create", { ...base, name: uniqueName("网格"), workerUserId }),
        "BAD_REQUEST",
        workerUserId,
      );
      expect(Object.keys(e.fieldErrors ?? {})).toEqual(["workerUserId"]);
      expectError(await staff.mutate("admin.grids.update", { id: g.id, workerUserId }), "BAD_REQUEST", workerUserId);
    }
    expect(await registryCounts()).toEqual(midCounts);
    expect(midCounts.grids).toBe(before.grids);

    const badPhone = expectError(
      await staff.mutate("admin.grids.create", { ...base, name: uniqueName("网格"), workPhone: "12345" }),
      "BAD_REQUEST",
    );
    expect(badPhone.fieldErrors?.workPhone).toMatch(/^工作电话：/);

    const renamed = uniqueName("网格");
    expectOk(await staff.mutate("admin.grids.update", { id: g.id, name: renamed, workerUserId: null }));
    const row = await env.DB.prepare("SELECT name, worker_user_id FROM grids WHERE id = ?").bind(g.id).first();
    expect(row).toEqual({ name: renamed, worker_user_id: null });
    expect((await auditOf(g.id, "grid.update")).length).toBe(1);
    const list = expectOk(
      await staff.query<{ id: string; name: string }[]>("admin.grids.list", { communityId: hehua }),
    );
    expect(list.map((x) => x.id)).toContain(g.id);

    // Grid names are unique per community only; taoyuan cannot create one in hehua.
    const t = await Client.as("taoyuan-admin");
    expectOk(
      await t.mutate("admin.grids.create", { ...base, communityId: await communityId("taoyuan"), name: renamed }),
    );
    expectError(await t.mutate("admin.grids.create", { ...base, name: uniqueName("网格") }), "NOT_FOUND");
  });

  it("records of another community cannot be referenced", async () => {
    const liushuGrid = (await gridsOf("liushu"))[0];
    const liushuGroup = (await groupsOf("liushu"))[0];
    const liushuHousehold = (await env.DB.prepare("SELECT id FROM households WHERE community_id = ? LIMIT 1")
      .bind(await communityId("liushu"))
      .first<{ id: string }>())!.id;
    const own = await newHousehold(staff, "hehua");
    const person = await newResident(staff, "hehua", { householdId: own.id });
    const before = await registryCounts();

    const cases: [string, unknown, string][] = [
      [
        "residents.households.create",
        { communityId: hehua, address: uniqueName("址"), gridId: liushuGrid.id },
        "gridId",
      ],
      [
        "residents.households.create",
        { communityId: hehua, address: uniqueName("址"), groupId: liushuGroup.id },
        "groupId",
      ],
      ["residents.households.update", { id: own.id, gridId: liushuGrid.id }, "gridId"],
      ["residents.households.update", { id: own.id, groupId: liushuGroup.id }, "groupId"],
      [
        "residents.create",
        { communityId: hehua, name: uniqueName(), birthDate: "1990-01-01", phone: "", householdId: liushuHousehold },
        "householdId",
      ],
      [
        "residents.create",
        { communityId: hehua, name: uniqueName(), birthDate: "1990-01-01", phone: "", groupId: liushuGroup.id },
        "groupId",
      ],
      ["residents.update", { id: person.id, householdId: liushuHousehold }, "householdId"],
      ["residents.update", { id: person.id, groupId: liushuGroup.id }, "groupId"],
    ];
    for (const [path, input, field] of cases) {
      const e = expectError(await staff.mutate(path, input), "BAD_REQUEST", `${path} ${field}`);
      expect(Object.keys(e.fieldErrors ?? {})).toEqual([field]);
    }
    // Editing another community's records is NOT_FOUND.
    expectError(
      await staff.mutate("residents.households.update", { id: liushuHousehold, address: "越权" }),
      "NOT_FOUND",
    );
    expectError(await staff.mutate("residents.groups.update", { id: liushuGroup.id, name: "越权" }), "NOT_FOUND");
    expectError(await staff.mutate("admin.grids.update", { id: liushuGrid.id, name: "越权" }), "NOT_FOUND");
    expect(await registryCounts()).toEqual(before);
    expect(await residentRow(person.id)).toMatchObject({ household_id: own.id, group_id: null });
  });
});

describe("directory.grids (public)", () => {
  it("shows each grid's area, worker name and work phone, and nothing else", async () => {
    const anon = new Client();
    const r = expectOk(
      await anon.query<Record<string, unknown>[]>("directory.grids", { street: STREET, community: "hehua" }),
    );
    expect(r.length).toBeGreaterThanOrEqual(3);
    for (const g of r) expect(Object.keys(g).sort()).toEqual(["area", "id", "name", "workPhone", "workerName"]);
    const seeded = ["第一网格", "第二网格", "第三网格"].map((n) => r.find((g) => g.name === n)!);
    expect(seeded.map((g) => [g.name, g.workerName, g.workPhone])).toEqual([
      ["第一网格", "赵网格", "021-55501301"],
      ["第二网格", "钱海燕", "021-55501302"],
      ["第三网格", "孙志强", "021-55501303"],
    ]);
    const text = JSON.stringify(r);
    expect(text).not.toContain(await userId("grid-worker"));
    expect(text).not.toContain("grid-worker");

    const liushu = expectOk(
      await anon.query<{ name: string }[]>("directory.grids", { street: STREET, community: "liushu" }),
    );
    expect(liushu.map((g) => g.name)).toEqual(["东片网格", "西片网格"]);
    const taoyuan = expectOk(await anon.query<unknown[]>("directory.grids", { street: STREET, community: "taoyuan" }));
    expect(Array.isArray(taoyuan)).toBe(true);
    expectError(await anon.query("directory.grids", { street: STREET, community: "nowhere" }), "NOT_FOUND");
  });
});
