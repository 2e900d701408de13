import { describe, expect, it } from "vitest";
import {
  addDays,
  closingBalance,
  DEFAULT_DEADLINE_DAYS,
  DEFAULT_FINANCE_CATEGORIES,
  deadlineState,
  dueOn,
  endedPeriodsSince,
  financePeriodContent,
  financeSettingsOf,
  frequencyOf,
  isPeriodKey,
  nextPeriod,
  periodOf,
  periodRange,
  previousPeriod,
  WARN_DAYS,
  latestPeriodEnd,
} from "../../../shared/rules/finance";
import { contentHash } from "../../../shared/rules/transparency";

/** An instant given as Beijing wall-clock time (UTC+8, no daylight saving). */
const beijing = (local: string) => Date.parse(`${local}+08:00`);

describe("period keys", () => {
  it("accepts months and quarters only", () => {
    for (const k of ["2026-01", "2026-12", "2026-Q1", "2026-Q4", "1999-07"]) expect(isPeriodKey(k), k).toBe(true);
    for (const k of [
      "2026-00",
      "2026-13",
      "2026-1",
      "2026-Q0",
      "2026-Q5",
      "2026Q1",
      "2026-q1",
      "26-01",
      "",
      "2026-01-01",
    ])
      expect(isPeriodKey(k), k).toBe(false);
    expect(frequencyOf("2026-Q3")).toBe("quarterly");
    expect(frequencyOf("2026-03")).toBe("monthly");
  });
});

describe("periodRange", () => {
  it("covers whole months, with February in leap and common years", () => {
    expect(periodRange("2024-02")).toEqual({ startsOn: "2024-02-01", endsOn: "2024-02-29" });
    expect(periodRange("2023-02")).toEqual({ startsOn: "2023-02-01", endsOn: "2023-02-28" });
    expect(periodRange("2000-02")).toEqual({ startsOn: "2000-02-01", endsOn: "2000-02-29" });
    expect(periodRange("2100-02")).toEqual({ startsOn: "2100-02-01", endsOn: "2100-02-28" });
    expect(periodRange("2026-12")).toEqual({ startsOn: "2026-12-01", endsOn: "2026-12-31" });
    expect(periodRange("2026-01")).toEqual({ startsOn: "2026-01-01", endsOn: "2026-01-31" });
    expect(periodRange("2026-04")).toEqual({ startsOn: "2026-04-01", endsOn: "2026-04-30" });
  });
  it("covers whole quarters", () => {
    expect(periodRange("2026-Q1")).toEqual({ startsOn: "2026-01-01", endsOn: "2026-03-31" });
    expect(periodRange("2026-Q2")).toEqual({ startsOn: "2026-04-01", endsOn: "2026-06-30" });
    expect(periodRange("2026-Q3")).toEqual({ startsOn: "2026-07-01", endsOn: "2026-09-30" });
    expect(periodRange("2026-Q4")).toEqual({ startsOn: "2026-10-01", endsOn: "2026-12-31" });
    expect(periodRange("2024-Q1")).toEqual({ startsOn: "2024-01-01", endsOn: "2024-03-31" });
  });
  it("refuses anything else", () => {
    expect(() => periodRange("2026-13")).toThrow();
    expect(() => periodRange("2026-Q5")).toThrow();
    expect(() => periodRange("nonsense")).toThrow();
  });
  it("tiles the calendar: each period starts the day after the previous one ends", () => {
    for (const start of ["2023-01", "2023-Q1"]) {
      let k = start;
      for (let i = 0; i < 40; i++) {
        const next = nextPeriod(k);
        expect(periodRange(next).startsOn, `${k} → ${next}`).toBe(addDays(periodRange(k).endsOn, 1));
        k = next;
      }
    }
  });
});

describe("periodOf", () => {
  it("finds the month or quarter of a date", () => {
    expect(periodOf("2026-02-15", "monthly")).toBe("2026-02");
    expect(periodOf("2026-12-31", "monthly")).toBe("2026-12");
    expect(periodOf("2026-02-15", "quarterly")).toBe("2026-Q1");
    expect(periodOf("2026-03-31", "quarterly")).toBe("2026-Q1");
    expect(periodOf("2026-04-01", "quarterly")).toBe("2026-Q2");
    expect(periodOf("2026-09-30", "quarterly")).toBe("2026-Q3");
    expect(periodOf("2026-12-31", "quarterly")).toBe("2026-Q4");
  });
  it("is the period whose range contains the date", () => {
    for (const date of ["2024-02-29", "2025-01-01", "2025-06-30", "2025-07-01", "2025-10-31"])
      for (const f of ["monthly", "quarterly"] as const) {
        const { startsOn, endsOn } = periodRange(periodOf(date, f));
        expect(startsOn <= date && date <= endsOn, `${date} ${f}`).toBe(true);
      }
  });
});

describe("previousPeriod / nextPeriod", () => {
  it("cross years", () => {
    expect(previousPeriod("2026-01")).toBe("2025-12");
    expect(nextPeriod("2025-12")).toBe("2026-01");
    expect(previousPeriod("2026-Q1")).toBe("2025-Q4");
    expect(nextPeriod("2025-Q4")).toBe("2026-Q1");
  });
  it("step within a year", () => {
    expect(previousPeriod("2026-10")).toBe("2026-09");
    expect(nextPeriod("2026-09")).toBe("2026-10");
    expect(previousPeriod("2026-Q3")).toBe("2026-Q2");
    expect(nextPeriod("2026-Q3")).toBe("2026-Q4");
  });
  it("are inverse to each other", () => {
    for (const k of ["2026-01", "2026-06", "2026-12", "2026-Q1", "2026-Q2", "2026-Q4"]) {
      expect(previousPeriod(nextPeriod(k))).toBe(k);
      expect(nextPeriod(previousPeriod(k))).toBe(k);
    }
  });
});

describe("dueOn", () => {
  it("is N days after the period ends, across month ends", () => {
    expect(DEFAULT_DEADLINE_DAYS).toBe(10);
    expect(dueOn("2026-01")).toBe("2026-02-10");
    expect(dueOn("2026-Q4")).toBe("2027-01-10");
    expect(dueOn("2024-02")).toBe("2024-03-10");
    expect(dueOn("2023-02")).toBe("2023-03-10");
    expect(dueOn("2026-Q1")).toBe("2026-04-10");
    expect(dueOn("2026-12")).toBe("2027-01-10");
  });
  it("follows the street's deadline days", () => {
    expect(dueOn("2026-01", 15)).toBe("2026-02-15");
    expect(dueOn("2026-01", 30)).toBe("2026-03-02");
    expect(dueOn("2024-01", 30)).toBe("2024-03-01");
    expect(dueOn("2026-Q4", 1)).toBe("2027-01-01");
  });
});

describe("deadlineState (Asia/Shanghai days)", () => {
  it("publication up to 23:59:59 Beijing time on the due day is on time", () => {
    // 2026-02-10T15:59:59Z is 23:59:59 on the 10th in Beijing.
    expect(deadlineState("2026-01", Date.parse("2026-02-10T15:59:59Z"), Date.parse("2026-03-01T00:00:00Z"))).toEqual({
      state: "on_time",
      dueOn: "2026-02-10",
      daysLate: 0,
    });
    // 16:00:00Z is 00:00 on the 11th in Beijing: one day late.
    expect(deadlineState("2026-01", Date.parse("2026-02-10T16:00:00Z"), Date.parse("2026-03-01T00:00:00Z"))).toEqual({
      state: "late",
      dueOn: "2026-02-10",
      daysLate: 1,
    });
    expect(deadlineState("2026-01", beijing("2026-02-17T11:00:00"), beijing("2026-03-01T00:00:00"))).toMatchObject({
      state: "late",
      daysLate: 7,
    });
    // Early publication (even while the period runs) is on time.
    expect(deadlineState("2026-01", beijing("2026-01-20T09:00:00"), beijing("2026-01-21T00:00:00")).state).toBe(
      "on_time",
    );
  });

  it("a published period's state does not depend on now", () => {
    const at = beijing("2026-02-05T10:00:00");
    for (const now of [beijing("2026-02-06T00:00:00"), beijing("2027-01-01T00:00:00")])
      expect(deadlineState("2026-01", at, now).state).toBe("on_time");
  });

  it("moves from running through due and due soon to overdue", () => {
    const state = (local: string) => deadlineState("2026-01", null, beijing(local));
    expect(state("2026-01-01T00:00:00")).toEqual({ state: "running", dueOn: "2026-02-10", daysLate: 0 });
    expect(state("2026-01-31T23:59:59").state).toBe("running");
    // The first Beijing day after the period: ended, deadline ahead.
    expect(state("2026-02-01T00:00:00")).toEqual({ state: "due", dueOn: "2026-02-10", daysLate: 0 });
    expect(WARN_DAYS).toBe(5);
    // Due soon from WARN_DAYS days before the deadline.
    expect(state("2026-02-04T23:59:59").state).toBe("due");
    expect(state("2026-02-05T00:00:00").state).toBe("due_soon");
    expect(state("2026-02-10T23:59:59")).toEqual({ state: "due_soon", dueOn: "2026-02-10", daysLate: 0 });
    // Overdue from the first Beijing day after the deadline.
    expect(state("2026-02-11T00:00:00")).toEqual({ state: "overdue", dueOn: "2026-02-10", daysLate: 1 });
    expect(state("2026-02-20T12:00:00")).toEqual({ state: "overdue", dueOn: "2026-02-10", daysLate: 10 });
    expect(state("2026-03-12T08:00:00").daysLate).toBe(30);
  });

  it("uses Beijing days, not UTC days", () => {
    // 2026-01-31T16:00Z is already 1 February in Beijing: the month has ended.
    expect(deadlineState("2026-01", null, Date.parse("2026-01-31T15:59:59Z")).state).toBe("running");
    expect(deadlineState("2026-01", null, Date.parse("2026-01-31T16:00:00Z")).state).toBe("due");
    expect(deadlineState("2026-01", null, Date.parse("2026-02-10T15:59:59Z")).state).toBe("due_soon");
    expect(deadlineState("2026-01", null, Date.parse("2026-02-10T16:00:00Z"))).toMatchObject({
      state: "overdue",
      daysLate: 1,
    });
  });

  it("works for quarters and other deadline days", () => {
    expect(deadlineState("2026-Q4", null, beijing("2027-01-03T00:00:00"), 10)).toEqual({
      state: "due",
      dueOn: "2027-01-10",
      daysLate: 0,
    });
    expect(deadlineState("2026-Q4", null, beijing("2027-01-03T00:00:00"), 5).state).toBe("due_soon");
    expect(deadlineState("2026-Q4", null, beijing("2027-01-03T00:00:00"), 1)).toMatchObject({
      state: "overdue",
      dueOn: "2027-01-01",
      daysLate: 2,
    });
    expect(deadlineState("2026-Q4", beijing("2027-01-05T12:00:00"), beijing("2027-02-01T00:00:00"), 1)).toMatchObject({
      state: "late",
      daysLate: 4,
    });
    expect(deadlineState("2026-Q4", null, beijing("2026-12-31T23:00:00")).state).toBe("running");
  });
});

describe("endedPeriodsSince", () => {
  it("lists every period from the first up to the last ended one", () => {
    expect(endedPeriodsSince("2025-11", beijing("2026-02-15T10:00:00"))).toEqual(["2025-11", "2025-12", "2026-01"]);
    expect(endedPeriodsSince("2025-Q3", beijing("2026-01-01T00:00:00"))).toEqual(["2025-Q3", "2025-Q4"]);
    expect(endedPeriodsSince("2025-Q3", beijing("2025-12-31T23:59:59"))).toEqual(["2025-Q3"]);
  });
  it("is empty while the first period still runs, and stays bounded", () => {
    expect(endedPeriodsSince("2026-02", beijing("2026-02-15T10:00:00"))).toEqual([]);
    expect(endedPeriodsSince("2027-Q1", beijing("2026-02-15T10:00:00"))).toEqual([]);
    expect(endedPeriodsSince("1900-01", beijing("2026-02-15T10:00:00")).length).toBe(1000);
  });
});

describe("closingBalance", () => {
  it("adds income and takes away expenses, in fen", () => {
    expect(closingBalance(0, [])).toBe(0);
    expect(closingBalance(563_000, [])).toBe(563_000);
    expect(
      closingBalance(100_000, [
        { direction: "income", amountFen: 50_001 },
        { direction: "expense", amountFen: 20_002 },
        { direction: "expense", amountFen: 3 },
      ]),
    ).toBe(129_996);
    expect(closingBalance(100, [{ direction: "expense", amountFen: 300 }])).toBe(-200);
  });
});

describe("financeSettingsOf", () => {
  it("defaults: urban quarterly, village monthly, 10 days, the default categories", () => {
    for (const settings of [null, undefined, {}]) {
      expect(financeSettingsOf(settings, "urban")).toEqual({
        frequency: "quarterly",
        deadlineDays: 10,
        categories: DEFAULT_FINANCE_CATEGORIES,
      });
      expect(financeSettingsOf(settings, "village")).toEqual({
        frequency: "monthly",
        deadlineDays: 10,
        categories: DEFAULT_FINANCE_CATEGORIES,
      });
    }
  });
  it("takes the street's overrides, per community kind", () => {
    const s = { financeFrequency: { urban: "monthly" }, financeDeadlineDays: 15 };
    expect(financeSettingsOf(s, "urban")).toMatchObject({ frequency: "monthly", deadlineDays: 15 });
    expect(financeSettingsOf(s, "village")).toMatchObject({ frequency: "monthly", deadlineDays: 15 });
    const v = { financeFrequency: { village: "quarterly" } };
    expect(financeSettingsOf(v, "village").frequency).toBe("quarterly");
    expect(financeSettingsOf(v, "urban")).toMatchObject({ frequency: "quarterly", deadlineDays: 10 });
    const categories = [{ code: "x", zh: "某项", en: "x", direction: "both" }];
    expect(financeSettingsOf({ financeCategories: categories }, "urban").categories).toEqual(categories);
    // An empty category list falls back to the defaults.
    expect(financeSettingsOf({ financeCategories: [] }, "urban").categories).toEqual(DEFAULT_FINANCE_CATEGORIES);
    // Other street settings are ignored.
    expect(financeSettingsOf({ publicityDays: 20 }, "urban").frequency).toBe("quarterly");
  });
  it("the default categories have unique codes, each of one direction", () => {
    const codes = DEFAULT_FINANCE_CATEGORIES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(DEFAULT_FINANCE_CATEGORIES.filter((c) => c.direction === "income").length).toBeGreaterThan(0);
    expect(DEFAULT_FINANCE_CATEGORIES.filter((c) => c.direction === "expense").length).toBeGreaterThan(0);
  });
});

describe("financePeriodContent", () => {
  it("is kind finance.period and its hash covers every published figure", async () => {
    const p = {
      street: "demo-street",
      community: "hehua",
      periodId: "P1",
      period: "2026-Q1",
      startsOn: "2026-01-01",
      endsOn: "2026-03-31",
      openingBalanceFen: 100,
      incomeFen: 50,
      expenseFen: 20,
      closingBalanceFen: 130,
      publishedAt: 1_700_000_000_000,
      entries: [
        {
          id: "E1",
          date: "2026-01-02",
          direction: "income" as const,
          category: "grant",
          amountFen: 50,
          summary: "拨款",
          counterparty: "王*",
          voucherNo: "1",
          adjustsEntryId: null,
        },
      ],
    };
    expect(financePeriodContent(p).kind).toBe("finance.period");
    const base = await contentHash(financePeriodContent(p));
    for (const changed of [
      { ...p, closingBalanceFen: 131 },
      { ...p, publishedAt: p.publishedAt + 1 },
      { ...p, entries: [{ ...p.entries[0], amountFen: 51 }] },
      { ...p, entries: [{ ...p.entries[0], counterparty: "王明" }] },
      { ...p, entries: [{ ...p.entries[0], adjustsEntryId: "E0" }] },
      { ...p, entries: [] },
    ])
      expect(await contentHash(financePeriodContent(changed))).not.toBe(base);
    // Extra fields of a row or an API answer are not part of it.
    const withExtras = {
      ...p,
      id: "P1",
      status: "published",
      entries: [{ ...p.entries[0], createdAt: 1, fileCount: 2 }],
    };
    expect(await contentHash(financePeriodContent(withExtras))).toBe(base);
  });
});

describe("latestPeriodEnd: after a street changes frequency", () => {
  it("compares periods by their end, not by their keys", () => {
    expect(latestPeriodEnd("2026-04", "2026-Q1")).toBe("2026-04-30");
    expect(latestPeriodEnd("2026-02", "2026-Q1")).toBe("2026-03-31");
    expect(latestPeriodEnd(null, "2026-Q2")).toBe("2026-06-30");
    expect(latestPeriodEnd(null, null)).toBeNull();
  });
});
