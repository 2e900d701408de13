import { describe, expect, it } from "vitest";
import { fieldLabel, translate } from "../../shared/i18n/errors";
import {
  HOUSEHOLD_COLUMNS,
  mapHeader,
  normalizeDate,
  parseYesNo,
  personKey,
  RESIDENT_COLUMNS,
  toRawRows,
  validateHouseholdRows,
  validateResidentRows,
  type ImportError,
  type ResidentImportContext,
} from "../../shared/rules/registry-import";
import { addressOf, GRIDS, GROUPS, householdFile, residentFile } from "../fixtures/registry-import";

const TODAY = "2025-06-01";
const groups = new Map(GROUPS.map((name, i) => [name, `G${i}`]));
const grids = new Map(GRIDS.map((name, i) => [name, `R${i}`]));
const brief = (errors: ImportError[]) =>
  errors.map(({ row, field, rule }) => ({ row, field, rule })).sort((a, b) => a.row - b.row);

function residentContext(households: number): ResidentImportContext {
  return {
    households: new Map(
      Array.from({ length: households }, (_, n) => [
        addressOf("幸福里", n),
        { id: `H${n}`, groupId: `G${n % 4}`, repKey: null },
      ]),
    ),
    groups,
    existing: new Set(),
    today: TODAY,
  };
}

describe("the shared validators on a 1,000-row residents file", () => {
  const file = residentFile({ prefix: "幸福里", rows: 1000, bad: true });
  const { rows, missing } = toRawRows(file.cells as string[][], RESIDENT_COLUMNS);
  const ctx = residentContext(file.households);
  const first = validateResidentRows(rows, ctx);

  it("reads every row, numbered as the sheet shows them", () => {
    expect(missing).toEqual([]);
    expect(rows).toHaveLength(1000);
    expect(rows[0].row).toBe(2);
    expect(rows[999].row).toBe(1001);
  });

  it("reports exactly the 20 bad rows, with their row numbers, fields and rules", () => {
    expect(file.errors).toHaveLength(20);
    expect(new Set(file.errors.map((e) => e.rule)).size).toBe(8);
    expect(brief(first.errors)).toEqual(file.errors);
    expect(first.valid).toHaveLength(980);
    expect(first.skipped).toEqual([]);
    const bad = new Set(file.errors.map((e) => e.row));
    expect(first.valid.every((r) => !bad.has(r.row))).toBe(true);
  });

  it("normalises the good rows", () => {
    const byRow = new Map(first.valid.map((r) => [r.row, r]));
    expect(byRow.get(2)).toMatchObject({ birthDate: "1940-01-01", householdId: "H0", isHouseholdRep: true });
    expect(byRow.get(6)).toMatchObject({ birthDate: "1940-01-05", householdId: "H1", isHouseholdRep: true }); // 1940/1/5
    expect(byRow.get(7)).toMatchObject({ birthDate: "1940-01-06", groupId: "G1", isHouseholdRep: false }); // 1940年01月06日
    expect(byRow.get(8)).toMatchObject({ birthDate: "1940-01-07", groupId: "G1", phone: "13910000006" }); // group from the household
    expect(first.valid.filter((r) => r.isHouseholdRep)).toHaveLength(250);
  });

  it("keeps the value of a bad cell in the report, and the messages name the field", () => {
    const phone = first.errors.find((e) => e.rule === "import.badPhone")!;
    expect(phone.value).toBe("1390012345");
    expect(translate(phone.rule, "zh", { field: fieldLabel([phone.field], "zh") })).toBe("手机号：不是有效的电话号码");
    const date = first.errors.find((e) => e.rule === "import.badDate")!;
    expect(date.value).toBe("2023-02-29");
    expect(translate(date.rule, "en", { field: fieldLabel([date.field], "en") })).toBe(
      "birth date: is not a valid date (e.g. 1980-01-02)",
    );
  });

  it("skips the 980 once they are registered, and reports the same 20 errors", () => {
    const registered: ResidentImportContext = {
      ...ctx,
      existing: new Set(first.valid.map((r) => personKey(r.name, r.birthDate))),
      households: new Map(
        [...ctx.households].map(([address, h]) => {
          const rep = first.valid.find((r) => r.householdId === h.id && r.isHouseholdRep);
          return [address, { ...h, repKey: rep ? personKey(rep.name, rep.birthDate) : null }];
        }),
      ),
    };
    const again = validateResidentRows(rows, registered);
    expect(again.valid).toHaveLength(0);
    expect(again.skipped).toHaveLength(980);
    expect(brief(again.errors)).toEqual(file.errors);
  });

  it("gives the same answer chunk by chunk as for the whole file (the server sees 500 rows at a time)", () => {
    const existing = new Set<string>();
    const households = new Map(ctx.households);
    const errors: ImportError[] = [];
    let inserted = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const part = validateResidentRows(rows.slice(i, i + 500), { ...ctx, households, existing });
      errors.push(...part.errors);
      inserted += part.valid.length;
      for (const r of part.valid) {
        existing.add(personKey(r.name, r.birthDate));
        if (r.isHouseholdRep)
          for (const [address, h] of households)
            if (h.id === r.householdId) households.set(address, { ...h, repKey: personKey(r.name, r.birthDate) });
      }
    }
    expect(inserted).toBe(980);
    expect(brief(errors)).toEqual(file.errors);
  });
});

describe("the shared validators on a households file", () => {
  const file = householdFile({ prefix: "幸福里", count: 300, bad: true });
  const { rows, missing } = toRawRows(file.cells, HOUSEHOLD_COLUMNS);
  const ctx = { grids, groups, existingAddresses: new Set<string>() };
  const first = validateHouseholdRows(rows, ctx);

  it("reports the unknown grids and the repeated addresses, and accepts the rest", () => {
    expect(missing).toEqual([]);
    expect(file.errors).toHaveLength(10);
    expect(brief(first.errors)).toEqual(file.errors);
    expect(first.valid).toHaveLength(300);
    expect(first.valid[0]).toEqual({ row: 2, address: addressOf("幸福里", 0), gridId: "R0", groupId: "G0" });
  });

  it("skips addresses already registered and reports the same errors", () => {
    const again = validateHouseholdRows(rows, {
      ...ctx,
      existingAddresses: new Set(first.valid.map((r) => r.address)),
    });
    expect(again.valid).toHaveLength(0);
    expect(again.skipped).toHaveLength(300);
    expect(brief(again.errors)).toEqual(file.errors);
  });
});

describe("header and cell rules", () => {
  it("maps Chinese and English names and aliases, and names the missing required columns", () => {
    expect(mapHeader(["\uFEFF地址", "所属网格", "小组"], HOUSEHOLD_COLUMNS)).toEqual({
      index: { address: 0, grid: 1, group: 2 },
      missing: [],
    });
    expect(mapHeader(["姓名", "联系电话", "备注"], RESIDENT_COLUMNS).missing).toEqual(["birthDate", "address"]);
    expect(mapHeader(["Name", "Birth Date", "address"], RESIDENT_COLUMNS).missing).toEqual([]);
  });

  it("normalises dates and refuses impossible ones", () => {
    expect(normalizeDate("1980/1/2")).toBe("1980-01-02");
    expect(normalizeDate("1980年1月2日")).toBe("1980-01-02");
    expect(normalizeDate("19800102")).toBe("1980-01-02");
    expect(normalizeDate("2023-02-29")).toBeNull();
    expect(normalizeDate("2024-02-29")).toBe("2024-02-29");
    expect(normalizeDate("02/01/1980")).toBeNull();
  });

  it("reads 是/否 and friends, empty as no", () => {
    expect(["是", "Y", "yes", "1", "TRUE", "√"].map(parseYesNo)).toEqual([true, true, true, true, true, true]);
    expect(["否", "", "n", "0", "false", "×"].map(parseYesNo)).toEqual([false, false, false, false, false, false]);
    expect(parseYesNo("可能")).toBeNull();
  });
});
