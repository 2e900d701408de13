import { describe, expect, it } from "vitest";
import {
  decideItem,
  defaultRuleSet,
  kindsFor,
  MEETING_KINDS,
  meets,
  needed,
  noticeOk,
  petitionThreshold,
  quorumNeeded,
  ruleFor,
  RULE_SETS,
  type Basis,
  type Fraction,
  type MeetingKind,
  type RuleSetId,
} from "../../../shared/rules/meetings";

const DAY = 86_400_000;
const BASES: Basis[] = ["adults", "household_reps", "representatives", "group_adults", "group_households", "none"];

/**
 * The law as these tests read it (DOMAIN.md "Meetings"), written out again rather than taken from
 * the code: for every kind of every rule set, its quorum per basis, decision rule, notice, proxies,
 * petition fractions and frequency. "half" is more than 1/2, "twoThirds" at least 2/3.
 */
type Share = "half" | "twoThirds" | "none";
type Spec = {
  quorum: Partial<Record<Basis, Share>>;
  decision: "half" | null;
  noticeDays: number;
  maxProxies: number;
  petition: Partial<Record<Basis, [number, number]>>;
  everyMonths: number | null;
  community: "urban" | "village";
};

const urbanResidents: Spec = {
  quorum: { adults: "half", household_reps: "half" },
  decision: "half",
  noticeDays: 10,
  maxProxies: 3,
  petition: { adults: [1, 10], household_reps: [1, 10], representatives: [1, 3] },
  everyMonths: null,
  community: "urban",
};
const urbanReps: Spec = {
  quorum: { representatives: "twoThirds" },
  decision: "half",
  noticeDays: 0,
  maxProxies: 0,
  petition: { representatives: [1, 5] },
  everyMonths: 6,
  community: "urban",
};
const consultation = (community: "urban" | "village"): Spec => ({
  quorum: { none: "none" },
  decision: null,
  noticeDays: 0,
  maxProxies: 0,
  petition: {},
  everyMonths: null,
  community,
});

const LAW: Record<RuleSetId, Partial<Record<MeetingKind, Spec>>> = {
  "urban-2025": {
    residents_meeting: urbanResidents,
    representatives_meeting: urbanReps,
    consultation: consultation("urban"),
  },
  "village-2025": {
    villagers_meeting: {
      quorum: { adults: "half", household_reps: "twoThirds" },
      decision: "half",
      noticeDays: 10,
      maxProxies: 3,
      petition: { adults: [1, 10], representatives: [1, 3] },
      everyMonths: 12,
      community: "village",
    },
    village_reps_meeting: {
      quorum: { representatives: "twoThirds" },
      decision: "half",
      noticeDays: 0,
      maxProxies: 0,
      petition: { representatives: [1, 5] },
      everyMonths: 3,
      community: "village",
    },
    village_group_meeting: {
      quorum: { group_adults: "twoThirds", group_households: "twoThirds" },
      decision: "half",
      noticeDays: 0,
      maxProxies: 3,
      petition: {},
      everyMonths: null,
      community: "village",
    },
    consultation: consultation("village"),
  },
  // Before 2025: a fifth of adults or of households could demand a 居民会议; no half-yearly 居民代表会议.
  "urban-2018": {
    residents_meeting: { ...urbanResidents, petition: { adults: [1, 5], household_reps: [1, 5] } },
    representatives_meeting: { ...urbanReps, everyMonths: null },
    consultation: consultation("urban"),
  },
};

/** [eligible, needed] at the edges of each share. */
const QUORUM_EDGES: Record<Share, [number, number][]> = {
  // > 1/2: 101 → 51, 100 → 51 (50 is exactly half, not more), 1 → 1, and with nobody eligible still 1.
  half: [
    [101, 51],
    [100, 51],
    [99, 50],
    [2, 2],
    [1, 1],
    [0, 1],
  ],
  // ≥ 2/3: 30 → 20 (exactly two thirds), 31 → 21, 3 → 2, 0 → 0.
  twoThirds: [
    [30, 20],
    [31, 21],
    [29, 20],
    [3, 2],
    [2, 2],
    [1, 1],
    [0, 0],
  ],
  none: [
    [0, 0],
    [1, 0],
    [100, 0],
  ],
};

type Case = { ruleSet: RuleSetId; kind: MeetingKind; spec: Spec };
const CASES: Case[] = RULE_SETS.flatMap((ruleSet) =>
  MEETING_KINDS.filter((kind) => LAW[ruleSet][kind]).map((kind) => ({ ruleSet, kind, spec: LAW[ruleSet][kind]! })),
);
const MISSING: { ruleSet: RuleSetId; kind: MeetingKind }[] = RULE_SETS.flatMap((ruleSet) =>
  MEETING_KINDS.filter((kind) => !LAW[ruleSet][kind]).map((kind) => ({ ruleSet, kind })),
);
const label = (c: { ruleSet: string; kind: string }) => `${c.ruleSet} ${c.kind}`;

const HALF: Fraction = { num: 1, den: 2, strict: true };
const TWO_THIRDS: Fraction = { num: 2, den: 3, strict: false };
const at = (num: number, den: number): Fraction => ({ num, den, strict: false });

describe("needed", () => {
  it('"> 1/2": 101 → 51, 100 → 51, 1 → 1, 0 → 1', () => {
    expect(needed(101, HALF)).toBe(51);
    expect(needed(100, HALF)).toBe(51);
    expect(needed(1, HALF)).toBe(1);
    expect(needed(0, HALF)).toBe(1);
  });

  it('"≥ 2/3": 30 → 20, 31 → 21, 3 → 2, 0 → 0', () => {
    expect(needed(30, TWO_THIRDS)).toBe(20);
    expect(needed(31, TWO_THIRDS)).toBe(21);
    expect(needed(3, TWO_THIRDS)).toBe(2);
    expect(needed(0, TWO_THIRDS)).toBe(0);
  });

  it("is the smallest whole number satisfying the fraction, in exact integer arithmetic, for 0–600", () => {
    const fractions: Fraction[] = [HALF, TWO_THIRDS, at(1, 10), at(1, 3), at(1, 5), at(0, 1), at(1, 2)];
    for (const f of fractions)
      for (let total = 0; total <= 600; total++) {
        const ok = (n: number) => (f.strict ? n * f.den > total * f.num : n * f.den >= total * f.num);
        let n = 0;
        while (!ok(n)) n++;
        expect(needed(total, f), `${total} ${JSON.stringify(f)}`).toBe(n);
      }
  });

  it("stays exact for large rolls", () => {
    expect(needed(3_000_000, TWO_THIRDS)).toBe(2_000_000);
    expect(needed(3_000_001, TWO_THIRDS)).toBe(2_000_001);
    expect(needed(3_000_001, HALF)).toBe(1_500_001);
    expect(needed(3_000_000, HALF)).toBe(1_500_001);
    expect(needed(1_000_000, at(1, 10))).toBe(100_000);
    expect(needed(1_000_001, at(1, 10))).toBe(100_001);
  });

  it("meets is needed's edge: needed passes, one fewer does not", () => {
    for (const [total, n] of [
      [101, 51],
      [100, 51],
      [1, 1],
    ])
      expect([meets(n, total, HALF), meets(n - 1, total, HALF)]).toEqual([true, false]);
    for (const [total, n] of [
      [30, 20],
      [31, 21],
      [3, 2],
    ])
      expect([meets(n, total, TWO_THIRDS), meets(n - 1, total, TWO_THIRDS)]).toEqual([true, false]);
    // Nobody eligible: "> 1/2" still needs one person, "≥ 2/3" is met by nobody.
    expect(meets(0, 0, HALF)).toBe(false);
    expect(meets(0, 0, TWO_THIRDS)).toBe(true);
  });
});

describe("the rule sets", () => {
  it("cover exactly the kinds of the law, every rule set", () => {
    expect([...RULE_SETS]).toEqual(["urban-2025", "village-2025", "urban-2018"]);
    for (const ruleSet of RULE_SETS)
      expect(kindsFor(ruleSet), ruleSet).toEqual(MEETING_KINDS.filter((k) => LAW[ruleSet][k]));
    expect(CASES.length).toBe(10);
  });

  it("default to urban-2025 in urban communities and village-2025 in villages", () => {
    expect(defaultRuleSet("urban")).toBe("urban-2025");
    expect(defaultRuleSet("village")).toBe("village-2025");
  });

  it.each(CASES.map((c) => [label(c), c] as const))("%s: notice, proxies, frequency and community", (_, c) => {
    const rule = ruleFor(c.ruleSet, c.kind);
    expect(rule).not.toBeNull();
    expect(rule!.noticeDays).toBe(c.spec.noticeDays);
    expect(rule!.maxProxies).toBe(c.spec.maxProxies);
    expect(rule!.everyMonths).toBe(c.spec.everyMonths);
    expect(rule!.community).toBe(c.spec.community);
    expect(Object.keys(rule!.quorum).sort()).toEqual(Object.keys(c.spec.quorum).sort());
    expect(rule!.decision === null).toBe(c.spec.decision === null);
  });

  it("a kind not in a rule set has no rule (e.g. villagers_meeting under urban-2025)", () => {
    expect(ruleFor("urban-2025", "villagers_meeting")).toBeNull();
    expect(ruleFor("village-2025", "residents_meeting")).toBeNull();
    expect(ruleFor("urban-2018", "village_group_meeting")).toBeNull();
    expect(MISSING.length).toBe(3 * MEETING_KINDS.length - CASES.length);
    for (const c of MISSING) {
      expect(ruleFor(c.ruleSet, c.kind), label(c)).toBeNull();
      for (const basis of BASES) {
        expect(quorumNeeded(c.ruleSet, c.kind, basis, 100), `${label(c)} ${basis}`).toBeNull();
        expect(petitionThreshold(c.ruleSet, c.kind, basis, 100), `${label(c)} ${basis}`).toBeNull();
      }
    }
  });
});

describe("quorumNeeded", () => {
  it.each(CASES.map((c) => [label(c), c] as const))("%s: every basis at the edges", (_, c) => {
    for (const basis of BASES) {
      const share = c.spec.quorum[basis];
      if (!share) {
        expect(quorumNeeded(c.ruleSet, c.kind, basis, 30), `${basis} is not a basis of this kind`).toBeNull();
        continue;
      }
      for (const [eligible, n] of QUORUM_EDGES[share])
        expect(quorumNeeded(c.ruleSet, c.kind, basis, eligible), `${basis} of ${eligible}`).toBe(n);
    }
  });

  it("居民会议 (both urban rule sets): more than half of adults or of household representatives", () => {
    for (const rs of ["urban-2025", "urban-2018"] as const)
      for (const basis of ["adults", "household_reps"] as const) {
        expect(quorumNeeded(rs, "residents_meeting", basis, 101)).toBe(51);
        expect(quorumNeeded(rs, "residents_meeting", basis, 100)).toBe(51);
        expect(quorumNeeded(rs, "residents_meeting", basis, 1)).toBe(1);
        expect(quorumNeeded(rs, "residents_meeting", basis, 0)).toBe(1);
      }
    expect(quorumNeeded("urban-2025", "residents_meeting", "representatives", 30)).toBeNull();
  });

  it("居民代表会议 and 村民代表会议: at least two thirds of the representatives", () => {
    for (const [rs, kind] of [
      ["urban-2025", "representatives_meeting"],
      ["urban-2018", "representatives_meeting"],
      ["village-2025", "village_reps_meeting"],
    ] as const) {
      expect(quorumNeeded(rs, kind, "representatives", 30)).toBe(20);
      expect(quorumNeeded(rs, kind, "representatives", 31)).toBe(21);
      expect(quorumNeeded(rs, kind, "representatives", 3)).toBe(2);
      expect(quorumNeeded(rs, kind, "representatives", 0)).toBe(0);
      expect(quorumNeeded(rs, kind, "adults", 30)).toBeNull();
    }
  });

  it("村民会议: more than half of adults, but at least two thirds of household representatives", () => {
    expect(quorumNeeded("village-2025", "villagers_meeting", "adults", 101)).toBe(51);
    expect(quorumNeeded("village-2025", "villagers_meeting", "adults", 100)).toBe(51);
    expect(quorumNeeded("village-2025", "villagers_meeting", "adults", 0)).toBe(1);
    expect(quorumNeeded("village-2025", "villagers_meeting", "household_reps", 30)).toBe(20);
    expect(quorumNeeded("village-2025", "villagers_meeting", "household_reps", 31)).toBe(21);
    expect(quorumNeeded("village-2025", "villagers_meeting", "household_reps", 0)).toBe(0);
  });

  it("村民小组会议: at least two thirds of the group's adults or households", () => {
    for (const basis of ["group_adults", "group_households"] as const) {
      expect(quorumNeeded("village-2025", "village_group_meeting", basis, 30)).toBe(20);
      expect(quorumNeeded("village-2025", "village_group_meeting", basis, 31)).toBe(21);
      expect(quorumNeeded("village-2025", "village_group_meeting", basis, 3)).toBe(2);
      expect(quorumNeeded("village-2025", "village_group_meeting", basis, 0)).toBe(0);
    }
    expect(quorumNeeded("village-2025", "village_group_meeting", "adults", 30)).toBeNull();
  });

  it("consultations: basis none, nobody needed", () => {
    for (const rs of RULE_SETS) {
      expect(quorumNeeded(rs, "consultation", "none", 0)).toBe(0);
      expect(quorumNeeded(rs, "consultation", "none", 500)).toBe(0);
      expect(quorumNeeded(rs, "consultation", "adults", 500)).toBeNull();
    }
  });
});

describe("decideItem", () => {
  it.each(CASES.map((c) => [label(c), c] as const))("%s: more than half of those present, or advisory", (_, c) => {
    if (c.spec.decision === null) {
      for (const [present, votesFor] of [
        [101, 101],
        [101, 0],
        [0, 0],
      ])
        expect(decideItem(c.ruleSet, c.kind, present, votesFor)).toEqual({ result: "advisory", needed: null });
      return;
    }
    expect(decideItem(c.ruleSet, c.kind, 101, 51)).toEqual({ result: "passed", needed: 51 });
    expect(decideItem(c.ruleSet, c.kind, 101, 50)).toEqual({ result: "failed", needed: 51 });
    expect(decideItem(c.ruleSet, c.kind, 100, 51)).toEqual({ result: "passed", needed: 51 });
    expect(decideItem(c.ruleSet, c.kind, 100, 50)).toEqual({ result: "failed", needed: 51 });
    expect(decideItem(c.ruleSet, c.kind, 3, 2)).toEqual({ result: "passed", needed: 2 });
    expect(decideItem(c.ruleSet, c.kind, 2, 1)).toEqual({ result: "failed", needed: 2 });
    expect(decideItem(c.ruleSet, c.kind, 1, 1)).toEqual({ result: "passed", needed: 1 });
    expect(decideItem(c.ruleSet, c.kind, 1, 0)).toEqual({ result: "failed", needed: 1 });
    expect(decideItem(c.ruleSet, c.kind, 101, 101)).toEqual({ result: "passed", needed: 51 });
  });

  it("counts against those present, not the roll: floor(present/2)+1 passes, floor(present/2) fails", () => {
    for (let present = 1; present <= 300; present++) {
      const half = Math.floor(present / 2);
      expect(decideItem("urban-2025", "representatives_meeting", present, half + 1).result).toBe("passed");
      expect(decideItem("urban-2025", "representatives_meeting", present, half).result).toBe("failed");
    }
  });
});

describe("noticeOk", () => {
  const announced = Date.UTC(2026, 2, 1, 1, 30);

  it.each(CASES.map((c) => [label(c), c] as const))("%s: notice period at the edge", (_, c) => {
    const ok = (gap: number, reason: string | null = null) =>
      noticeOk(c.ruleSet, c.kind, announced, announced + gap, reason);
    if (c.spec.noticeDays === 0) {
      // No notice rule: any notice is enough.
      expect(ok(0)).toBe(true);
      expect(ok(1)).toBe(true);
      expect(ok(10 * DAY - 1)).toBe(true);
      return;
    }
    const days = c.spec.noticeDays * DAY;
    expect(ok(days), "exactly the days").toBe(true);
    expect(ok(days - 1), "1 ms less").toBe(false);
    expect(ok(days + 1)).toBe(true);
    expect(ok(3 * DAY)).toBe(false);
    // An urgent reason shortens the notice, to nothing if need be; blanks are not a reason.
    expect(ok(days - 1, "暴雨导致排水设施损毁，须立即议定抢修方案")).toBe(true);
    expect(ok(0, "紧急")).toBe(true);
    expect(ok(days - 1, "   ")).toBe(false);
    expect(ok(days - 1, "")).toBe(false);
  });

  it("居民会议 and 村民会议 need 10 days; the other kinds none", () => {
    expect(noticeOk("urban-2025", "residents_meeting", announced, announced + 10 * DAY, null)).toBe(true);
    expect(noticeOk("urban-2025", "residents_meeting", announced, announced + 10 * DAY - 1, null)).toBe(false);
    expect(noticeOk("village-2025", "villagers_meeting", announced, announced + 10 * DAY - 1, null)).toBe(false);
    expect(noticeOk("urban-2025", "representatives_meeting", announced, announced, null)).toBe(true);
    expect(noticeOk("village-2025", "village_group_meeting", announced, announced + 1, null)).toBe(true);
  });
});

describe("petitionThreshold", () => {
  /** [eligible, needed] at the edges of num/den ("at least"). */
  const edges = (num: number, den: number): [number, number][] => {
    const table: Record<string, [number, number][]> = {
      "1/10": [
        [101, 11],
        [100, 10],
        [10, 1],
        [9, 1],
        [0, 0],
      ],
      "1/3": [
        [30, 10],
        [31, 11],
        [3, 1],
        [0, 0],
      ],
      "1/5": [
        [100, 20],
        [101, 21],
        [30, 6],
        [31, 7],
        [0, 0],
      ],
    };
    return table[`${num}/${den}`];
  };

  it.each(CASES.map((c) => [label(c), c] as const))("%s: every basis at the edges", (_, c) => {
    for (const basis of BASES) {
      const f = c.spec.petition[basis];
      if (!f) {
        expect(petitionThreshold(c.ruleSet, c.kind, basis, 100), `${basis}: no petition on it`).toBeNull();
        continue;
      }
      for (const [eligible, n] of edges(f[0], f[1]))
        expect(petitionThreshold(c.ruleSet, c.kind, basis, eligible), `${basis} of ${eligible}`).toBe(n);
    }
  });

  it("the edges named by the law", () => {
    // A tenth of 101 adults is 10.1: 11 are needed; a tenth of 100 is exactly 10.
    expect(petitionThreshold("urban-2025", "residents_meeting", "adults", 101)).toBe(11);
    expect(petitionThreshold("urban-2025", "residents_meeting", "adults", 100)).toBe(10);
    // A third of 30 representatives.
    expect(petitionThreshold("urban-2025", "residents_meeting", "representatives", 30)).toBe(10);
    expect(petitionThreshold("village-2025", "villagers_meeting", "representatives", 30)).toBe(10);
    // Before 2025 a fifth of adults or households; representatives could not demand a 居民会议.
    expect(petitionThreshold("urban-2018", "residents_meeting", "adults", 100)).toBe(20);
    expect(petitionThreshold("urban-2018", "residents_meeting", "household_reps", 100)).toBe(20);
    expect(petitionThreshold("urban-2018", "residents_meeting", "representatives", 30)).toBeNull();
    // A fifth of representatives may demand a representatives' meeting.
    expect(petitionThreshold("urban-2025", "representatives_meeting", "representatives", 30)).toBe(6);
    expect(petitionThreshold("village-2025", "village_reps_meeting", "representatives", 31)).toBe(7);
    // Villagers' households are not a petition basis; consultations cannot be demanded.
    expect(petitionThreshold("village-2025", "villagers_meeting", "household_reps", 100)).toBeNull();
    expect(petitionThreshold("urban-2025", "consultation", "none", 100)).toBeNull();
  });
});
