import { describe, expect, it } from "vitest";
import { adultBornOnOrBefore, isEligible, shanghaiDate, type RegistryPerson } from "../../../shared/rules/eligibility";
import {
  BallotError,
  ballotLines,
  buildOptions,
  canonicalBallot,
  checkDefinition,
  choiceBounds,
  endsPost,
  ineligibility,
  MAX_PROXIES,
  newReceipt,
  normaliseReceipt,
  tally,
  turnoutNeeded,
  votesNeeded,
  YES_NO_OPTIONS,
  type BallotInput,
  type BallotShape,
  type PollOption,
  type PollRules,
  type Rating,
} from "../../../shared/rules/polls";

/**
 * The rules of online votes (DOMAIN.md "Votes and elections") at their edges: exact fractions of
 * votes cast or of the roll, turnout, abstentions, ties, per-option results, the democratic review,
 * ballot validation, eligibility on the Shanghai calendar day, and receipt codes.
 */

const HOUR = 3_600_000;
/** 00:00 on the Shanghai calendar day y-m-d (UTC+8, no DST) as an instant. */
const shanghaiMidnight = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 8 * HOUR;

const repeat = (choice: string, n: number) => Array.from({ length: n }, () => choice);
const ballots = (counts: Record<string, number>) => Object.entries(counts).flatMap(([c, n]) => repeat(c, n));

const yesNo = (fields: Partial<PollRules> = {}): PollRules => ({
  kind: "vote",
  type: "yes_no",
  options: YES_NO_OPTIONS,
  passRule: "majority_cast",
  turnoutPct: null,
  ...fields,
});

const fourOptions = buildOptions("multiple", [{ label: "甲" }, { label: "乙" }, { label: "丙" }, { label: "丁" }]);

/** The i18n key (and params) a ballot is refused with; fails the test if it is accepted. */
function refusal(shape: BallotShape, ballot: BallotInput): { key: string; params: Record<string, string | number> } {
  try {
    const accepted = canonicalBallot(shape, ballot);
    throw new Error(`accepted as ${JSON.stringify(accepted)}`);
  } catch (e) {
    if (!(e instanceof BallotError)) throw e;
    return { key: e.key, params: e.params };
  }
}

describe("votesNeeded", () => {
  it("majority of votes cast is more than half: 51 of 101, 51 of 100, 2 of 2, 1 of 1", () => {
    expect(votesNeeded("majority_cast", 101, 500)).toBe(51);
    expect(votesNeeded("majority_cast", 100, 500)).toBe(51);
    expect(votesNeeded("majority_cast", 99, 500)).toBe(50);
    expect(votesNeeded("majority_cast", 2, 500)).toBe(2);
    expect(votesNeeded("majority_cast", 1, 500)).toBe(1);
  });

  it("with nothing cast, a majority still needs one vote", () => {
    expect(votesNeeded("majority_cast", 0, 10)).toBe(1);
    expect(votesNeeded("majority_eligible", 5, 0)).toBe(1);
  });

  it("majority of eligible counts the roll, not the ballots", () => {
    expect(votesNeeded("majority_eligible", 10, 101)).toBe(51);
    expect(votesNeeded("majority_eligible", 101, 100)).toBe(51);
    expect(votesNeeded("majority_eligible", 0, 7)).toBe(4);
    expect(votesNeeded("majority_eligible", 3, 7)).toBe(votesNeeded("majority_eligible", 7, 7));
  });

  it("two thirds of votes cast is at least 2/3: 20 of 30, 21 of 31, 22 of 32, 2 of 3", () => {
    expect(votesNeeded("two_thirds_cast", 30, 500)).toBe(20);
    expect(votesNeeded("two_thirds_cast", 31, 500)).toBe(21);
    expect(votesNeeded("two_thirds_cast", 32, 500)).toBe(22);
    expect(votesNeeded("two_thirds_cast", 33, 500)).toBe(22);
    expect(votesNeeded("two_thirds_cast", 3, 500)).toBe(2);
    expect(votesNeeded("two_thirds_cast", 1, 500)).toBe(1);
  });
});

describe("turnoutNeeded", () => {
  it("is reached at exactly the share: 50% of 101 is 51, of 100 is 50", () => {
    expect(turnoutNeeded(50, 101)).toBe(51);
    expect(turnoutNeeded(50, 100)).toBe(50);
    expect(turnoutNeeded(1, 101)).toBe(2);
    expect(turnoutNeeded(1, 100)).toBe(1);
    expect(turnoutNeeded(33, 3)).toBe(1);
    expect(turnoutNeeded(67, 3)).toBe(3);
  });

  it("100% means everyone on the roll", () => {
    expect(turnoutNeeded(100, 37)).toBe(37);
    expect(turnoutNeeded(100, 1)).toBe(1);
  });

  it("no threshold (null) needs nobody", () => {
    expect(turnoutNeeded(null, 101)).toBe(0);
    expect(turnoutNeeded(null, 0)).toBe(0);
  });
});

describe("tally: yes/no", () => {
  it("passes at exactly the needed count and fails one below (majority of 100 cast: 51)", () => {
    const at = tally(yesNo(), ballots({ yes: 51, no: 49 }), 200);
    expect(at).toMatchObject({ cast: 100, votesNeeded: 51, turnoutMet: true, passed: true, winner: null });
    expect(at.options.map((o) => [o.id, o.count, o.passed])).toEqual([
      ["yes", 51, null],
      ["no", 49, null],
      ["abstain", 0, null],
    ]);
    const below = tally(yesNo(), ballots({ yes: 50, no: 50 }), 200);
    expect(below).toMatchObject({ cast: 100, votesNeeded: 51, passed: false });
  });

  it("abstentions count as cast: 50 yes, 1 abstain of 101 does not pass though nobody voted no", () => {
    const t = tally(yesNo(), ballots({ yes: 50, abstain: 51 }), 300);
    expect(t).toMatchObject({ cast: 101, votesNeeded: 51, passed: false });
    expect(t.options.find((o) => o.id === "abstain")!.count).toBe(51);
    expect(tally(yesNo(), ballots({ yes: 51, abstain: 50 }), 300).passed).toBe(true);
    // More yes than no is not enough when the abstentions make the yes a minority of those cast.
    expect(tally(yesNo(), ballots({ yes: 40, no: 30, abstain: 31 }), 300).passed).toBe(false);
  });

  it("two thirds of cast: 20 of 30 passes, 19 of 30 fails; 21 of 31 needed", () => {
    const rules = yesNo({ passRule: "two_thirds_cast" });
    expect(tally(rules, ballots({ yes: 20, no: 10 }), 100)).toMatchObject({ votesNeeded: 20, passed: true });
    expect(tally(rules, ballots({ yes: 19, no: 11 }), 100)).toMatchObject({ votesNeeded: 20, passed: false });
    expect(tally(rules, ballots({ yes: 20, no: 11 }), 100)).toMatchObject({ votesNeeded: 21, passed: false });
    expect(tally(rules, ballots({ yes: 21, no: 10 }), 100)).toMatchObject({ votesNeeded: 21, passed: true });
  });

  it("majority of eligible: 51 yes of 101 on the roll passes, 50 fails however few voted no", () => {
    const rules = yesNo({ passRule: "majority_eligible" });
    expect(tally(rules, ballots({ yes: 51 }), 101)).toMatchObject({ cast: 51, votesNeeded: 51, passed: true });
    expect(tally(rules, ballots({ yes: 50 }), 101)).toMatchObject({ cast: 50, votesNeeded: 51, passed: false });
    expect(tally(rules, ballots({ yes: 50, no: 1 }), 100)).toMatchObject({ votesNeeded: 51, passed: false });
  });

  it("a turnout threshold not met fails the vote even when every ballot is yes", () => {
    const rules = yesNo({ turnoutPct: 50 });
    const short = tally(rules, ballots({ yes: 50 }), 101);
    expect(short).toMatchObject({ cast: 50, turnoutNeeded: 51, turnoutMet: false, votesNeeded: 26, passed: false });
    const met = tally(rules, ballots({ yes: 51 }), 101);
    expect(met).toMatchObject({ cast: 51, turnoutNeeded: 51, turnoutMet: true, passed: true });
    // Turnout met but the yes votes are not a majority of those cast.
    expect(tally(rules, ballots({ yes: 25, no: 26 }), 101)).toMatchObject({ turnoutMet: true, passed: false });
  });

  it("nothing cast passes nothing", () => {
    expect(tally(yesNo(), [], 10)).toMatchObject({ cast: 0, passed: false });
    expect(tally(yesNo({ passRule: "two_thirds_cast" }), [], 10)).toMatchObject({ votesNeeded: 0, passed: false });
  });

  it("a consultation counts but decides nothing", () => {
    const t = tally(yesNo({ kind: "consultation" }), ballots({ yes: 90, no: 10 }), 100);
    expect(t).toMatchObject({ cast: 100, passed: null, winner: null });
    expect(t.options.map((o) => [o.id, o.count, o.passed])).toEqual([
      ["yes", 90, null],
      ["no", 10, null],
      ["abstain", 0, null],
    ]);
  });
});

describe("tally: choices", () => {
  const three = buildOptions("single", [{ label: "方案一" }, { label: "方案二" }, { label: "方案三" }]);
  const single = (fields: Partial<PollRules> = {}): PollRules => yesNo({ type: "single", options: three, ...fields });

  it("single choice: a unique leader with a majority of those cast passes and is the winner", () => {
    const t = tally(single(), ballots({ o2: 6, o1: 3, o3: 2 }), 20);
    expect(t).toMatchObject({ cast: 11, votesNeeded: 6, passed: true, winner: "o2" });
    expect(t.options.map((o) => [o.id, o.count, o.passed])).toEqual([
      ["o1", 3, null],
      ["o2", 6, null],
      ["o3", 2, null],
    ]);
  });

  it("single choice: a leader short of the pass rule passes nothing", () => {
    expect(tally(single(), ballots({ o2: 5, o1: 3, o3: 2 }), 20)).toMatchObject({ passed: false, winner: null });
  });

  it("single choice: a tie for the lead passes nothing, even when the pass rule is met by both", () => {
    expect(tally(single(), ballots({ o1: 4, o2: 4, o3: 1 }), 20)).toMatchObject({ passed: false, winner: null });
    // Majority of eligible with a tiny roll: 2 each of 3 eligible would each meet "> 1/2 of 3" = 2.
    const tie = tally(single({ passRule: "majority_eligible" }), ballots({ o1: 2, o3: 2 }), 3);
    expect(tie).toMatchObject({ votesNeeded: 2, passed: false, winner: null });
  });

  it("single choice consultation: counted, no winner", () => {
    expect(tally(single({ kind: "consultation" }), ballots({ o1: 9 }), 10)).toMatchObject({
      passed: null,
      winner: null,
    });
  });

  it("multiple choice marks each option that meets the rule", () => {
    const rules = yesNo({ type: "multiple", options: fourOptions });
    const t = tally(rules, ["o1,o2", "o1,o3", "o1,o2", "o2,o4", "o4"], 50);
    expect(t).toMatchObject({ cast: 5, votesNeeded: 3, passed: null, winner: null });
    expect(t.options.map((o) => [o.id, o.count, o.passed])).toEqual([
      ["o1", 3, true],
      ["o2", 3, true],
      ["o3", 1, false],
      ["o4", 2, false],
    ]);
  });

  it("approval: an empty ballot is a ballot cast (it raises the bar without approving anything)", () => {
    const rules = yesNo({ type: "approval", options: fourOptions.slice(0, 2) });
    const t = tally(rules, ["o1,o2", "o1", "", ""], 50);
    expect(t).toMatchObject({ cast: 4, votesNeeded: 3 });
    expect(t.options.map((o) => [o.id, o.count, o.passed])).toEqual([
      ["o1", 2, false],
      ["o2", 1, false],
    ]);
    const fewer = tally(rules, ["o1,o2", "o1", ""], 50);
    expect(fewer.options.map((o) => o.passed)).toEqual([true, false]);
  });

  it("per-option results fail together when turnout is not met", () => {
    const rules = yesNo({ type: "approval", options: fourOptions.slice(0, 2), turnoutPct: 10 });
    const t = tally(rules, ["o1,o2", "o1,o2"], 30);
    expect(t).toMatchObject({ turnoutNeeded: 3, turnoutMet: false });
    expect(t.options.map((o) => o.passed)).toEqual([false, false]);
  });

  it("a multiple choice consultation marks nothing", () => {
    const rules = yesNo({ kind: "consultation", type: "multiple", options: fourOptions });
    expect(tally(rules, ["o1", "o1"], 3).options.map((o) => o.passed)).toEqual([null, null, null, null]);
  });
});

describe("tally: democratic review", () => {
  const members = buildOptions("review", [
    { label: "王主任", post: "主任" },
    { label: "李委员", post: "委员" },
  ]);
  const review: PollRules = yesNo({ type: "review", options: members });

  it("counts each member's ratings", () => {
    const t = tally(review, ["m1=competent,m2=basic", "m1=incompetent,m2=basic", "m1=incompetent,m2=competent"], 10);
    expect(t.cast).toBe(3);
    expect(t.options).toEqual([]);
    expect(t.passed).toBeNull();
    expect(t.members).toEqual([
      { id: "m1", label: "王主任", post: "主任", competent: 1, basic: 0, incompetent: 2, incompetentMajority: true },
      { id: "m2", label: "李委员", post: "委员", competent: 1, basic: 2, incompetent: 0, incompetentMajority: false },
    ]);
  });

  it("不称职 by the majority means strictly more than half of the ballots: 2 of 4 is not, 3 of 4 is", () => {
    const half = tally(review, [...repeat("m1=incompetent,m2=competent", 2), ...repeat("m1=basic,m2=basic", 2)], 9);
    expect(half.members[0]).toMatchObject({ incompetent: 2, incompetentMajority: false });
    const more = tally(review, [...repeat("m1=incompetent,m2=competent", 3), "m1=competent,m2=basic"], 9);
    expect(more.members[0]).toMatchObject({ incompetent: 3, incompetentMajority: true });
    // 51 of 101, 50 of 101.
    const big = tally(review, [...repeat("m1=incompetent,m2=basic", 51), ...repeat("m1=basic,m2=basic", 50)], 200);
    expect(big.members[0].incompetentMajority).toBe(true);
    const short = tally(review, [...repeat("m1=incompetent,m2=basic", 50), ...repeat("m1=basic,m2=basic", 51)], 200);
    expect(short.members[0].incompetentMajority).toBe(false);
  });

  it("nobody rated is nobody's majority", () => {
    expect(tally(review, [], 10).members.map((m) => m.incompetentMajority)).toEqual([false, false]);
  });
});

describe("canonicalBallot", () => {
  const multiple: BallotShape = { type: "multiple", options: fourOptions, minChoices: 2, maxChoices: 3 };
  const approval: BallotShape = { type: "approval", options: fourOptions, ...choiceBounds("approval", 4) };
  const single: BallotShape = { type: "single", options: fourOptions.slice(0, 3), minChoices: 1, maxChoices: 1 };
  const yn: BallotShape = { type: "yes_no", options: YES_NO_OPTIONS, minChoices: 1, maxChoices: 1 };

  it("stores the chosen ids in the poll's option order, whatever order they were sent in", () => {
    expect(canonicalBallot(multiple, { options: ["o3", "o1"] })).toBe("o1,o3");
    expect(canonicalBallot(multiple, { options: ["o4", "o2", "o1"] })).toBe("o1,o2,o4");
    expect(canonicalBallot(yn, { options: ["abstain"] })).toBe("abstain");
    expect(canonicalBallot(single, { options: ["o2"] })).toBe("o2");
    expect(canonicalBallot(approval, { options: [] })).toBe("");
    expect(canonicalBallot(approval, { options: ["o4", "o3", "o2", "o1"] })).toBe("o1,o2,o3,o4");
  });

  it("refuses a choice made twice", () => {
    expect(refusal(multiple, { options: ["o1", "o1"] }).key).toBe("poll.duplicateChoice");
    expect(refusal(yn, { options: ["yes", "yes"] }).key).toBe("poll.duplicateChoice");
  });

  it("refuses an option the poll does not have", () => {
    expect(refusal(multiple, { options: ["o1", "o5"] }).key).toBe("poll.unknownOption");
    expect(refusal(yn, { options: ["o1"] }).key).toBe("poll.unknownOption");
    expect(refusal(single, { options: ["o4"] }).key).toBe("poll.unknownOption");
    expect(refusal(single, { options: ["O1"] }).key).toBe("poll.unknownOption");
  });

  it("refuses too many or too few choices, naming the bounds", () => {
    expect(refusal(multiple, { options: ["o1"] })).toEqual({ key: "poll.choiceCount", params: { min: 2, max: 3 } });
    expect(refusal(multiple, { options: ["o1", "o2", "o3", "o4"] })).toEqual({
      key: "poll.choiceCount",
      params: { min: 2, max: 3 },
    });
    expect(refusal(multiple, {}).key).toBe("poll.choiceCount");
  });

  it("a one-choice ballot says 'choose one' for none or two", () => {
    expect(refusal(yn, { options: [] }).key).toBe("poll.chooseOne");
    expect(refusal(yn, {}).key).toBe("poll.chooseOne");
    expect(refusal(yn, { options: ["yes", "no"] }).key).toBe("poll.chooseOne");
    expect(refusal(single, { options: ["o1", "o2"] }).key).toBe("poll.chooseOne");
  });

  describe("review", () => {
    const members = buildOptions("review", [{ label: "甲" }, { label: "乙" }, { label: "丙" }]);
    const shape: BallotShape = { type: "review", options: members, ...choiceBounds("review", 3) };

    it("stores one rating per member in member order", () => {
      expect(canonicalBallot(shape, { ratings: { m3: "basic", m1: "incompetent", m2: "competent" } })).toBe(
        "m1=incompetent,m2=competent,m3=basic",
      );
    });

    it("needs every member rated, with a known rating, and nobody else", () => {
      expect(refusal(shape, { ratings: { m1: "competent", m2: "competent" } }).key).toBe("poll.rateEveryMember");
      expect(refusal(shape, {}).key).toBe("poll.rateEveryMember");
      expect(
        refusal(shape, { ratings: { m1: "competent", m2: "competent", m4: "basic" } as Record<string, Rating> }).key,
      ).toBe("poll.rateEveryMember");
      expect(
        refusal(shape, {
          ratings: { m1: "competent", m2: "competent", m3: "basic", m4: "basic" } as Record<string, Rating>,
        }).key,
      ).toBe("poll.rateEveryMember");
      expect(refusal(shape, { ratings: { m1: "competent", m2: "competent", m3: "excellent" as Rating } }).key).toBe(
        "poll.rateEveryMember",
      );
      // Options are not ratings.
      expect(refusal(shape, { options: ["m1", "m2", "m3"] }).key).toBe("poll.rateEveryMember");
    });
  });
});

/** The rules whose roll comes from the registry (a meeting's ballot takes those checked in instead). */
const REGISTRY_RULES = ["adults", "household_reps", "representatives"] as const;

describe("ineligibility", () => {
  const adult: RegistryPerson = {
    birthDate: "1970-01-01",
    status: "active",
    isHouseholdRep: true,
    isRepresentative: true,
  };
  // A vote opening at the first instant of 12 May 2026 in Shanghai (still 11 May in UTC).
  const opening = shanghaiMidnight(2026, 5, 12);

  it("someone turning 18 ON the opening day is eligible; one turning 18 the day after is not", () => {
    expect(shanghaiDate(opening)).toBe("2026-05-12");
    expect(new Date(opening).toISOString().slice(0, 10)).toBe("2026-05-11");
    const today = { ...adult, birthDate: "2008-05-12" };
    const tomorrow = { ...adult, birthDate: "2008-05-13" };
    expect(ineligibility(today, "adults", opening)).toBeNull();
    expect(ineligibility(today, "adults", opening + 24 * HOUR - 1)).toBeNull();
    expect(ineligibility(tomorrow, "adults", opening)).toBe("poll.ineligible.underage");
    expect(ineligibility(tomorrow, "adults", opening + 24 * HOUR - 1)).toBe("poll.ineligible.underage");
    // The last instant of the day before, in Shanghai.
    expect(ineligibility(today, "adults", opening - 1)).toBe("poll.ineligible.underage");
  });

  it("someone born on 29 February turns 18 on 1 March of a common year", () => {
    const leapling = { ...adult, birthDate: "2004-02-29" };
    expect(ineligibility(leapling, "adults", shanghaiMidnight(2022, 2, 28))).toBe("poll.ineligible.underage");
    expect(ineligibility(leapling, "adults", shanghaiMidnight(2022, 3, 1) - 1)).toBe("poll.ineligible.underage");
    expect(ineligibility(leapling, "adults", shanghaiMidnight(2022, 3, 1))).toBeNull();
    // Born the day after 28 Feb 2006 and voting on 29 Feb 2024 (a leap day): still 17.
    expect(ineligibility({ ...adult, birthDate: "2006-03-01" }, "adults", shanghaiMidnight(2024, 2, 29))).toBe(
      "poll.ineligible.underage",
    );
    expect(ineligibility({ ...adult, birthDate: "2006-02-28" }, "adults", shanghaiMidnight(2024, 2, 29))).toBeNull();
  });

  it("someone who moved out is not eligible under any rule, whatever else they are", () => {
    const moved = { ...adult, status: "moved_out" as const };
    for (const rule of REGISTRY_RULES) expect(ineligibility(moved, rule, opening)).toBe("poll.ineligible.movedOut");
    expect(ineligibility({ ...moved, birthDate: "2020-01-01" }, "adults", opening)).toBe("poll.ineligible.movedOut");
  });

  it("household representatives only: another adult of the household is refused", () => {
    const member = { ...adult, isHouseholdRep: false };
    expect(ineligibility(member, "household_reps", opening)).toBe("poll.ineligible.notHouseholdRep");
    expect(ineligibility(member, "adults", opening)).toBeNull();
    expect(ineligibility(adult, "household_reps", opening)).toBeNull();
  });

  it("representatives only: a resident who is not one is refused", () => {
    const plain = { ...adult, isRepresentative: false };
    expect(ineligibility(plain, "representatives", opening)).toBe("poll.ineligible.notRepresentative");
    expect(ineligibility(plain, "household_reps", opening)).toBeNull();
    expect(ineligibility(adult, "representatives", opening)).toBeNull();
  });

  it("a ballot among a meeting's attendees: the registry alone puts nobody on its roll", () => {
    expect(ineligibility(adult, "meeting_attendees", opening)).toBe("poll.ineligible.notPresent");
  });

  it("agrees with isEligible and with the roll's SQL bound (birth_date <= adultBornOnOrBefore)", () => {
    const mismatches: string[] = [];
    const births = ["2004-02-28", "2004-02-29", "2004-03-01", "2006-02-28", "2006-03-01", "2008-05-11"];
    const days = [
      shanghaiMidnight(2022, 2, 28),
      shanghaiMidnight(2022, 3, 1),
      shanghaiMidnight(2024, 2, 29),
      shanghaiMidnight(2024, 3, 1) - 1,
      shanghaiMidnight(2026, 5, 11),
      shanghaiMidnight(2026, 5, 12) - 1,
    ];
    for (const birthDate of [...births, "2008-05-12", "2008-05-13"])
      for (const at of days)
        for (const status of ["active", "moved_out"] as const)
          for (const isHouseholdRep of [true, false])
            for (const isRepresentative of [true, false])
              for (const rule of REGISTRY_RULES) {
                const p: RegistryPerson = { birthDate, status, isHouseholdRep, isRepresentative };
                const ok = ineligibility(p, rule, at) === null;
                if (ok !== isEligible(p, rule, at)) mismatches.push(`${JSON.stringify(p)} ${rule} ${at}`);
                if (rule === "adults" && status === "active" && ok !== birthDate <= adultBornOnOrBefore(at))
                  mismatches.push(`SQL bound: born ${birthDate} on ${shanghaiDate(at)}`);
              }
    expect(mismatches).toEqual([]);
  });
});

describe("endsPost (U37/V38)", () => {
  it("two consecutive years rated 不称职 by the majority end the post", () => {
    expect(
      endsPost(
        [
          { year: 2025, incompetentMajority: true },
          { year: 2026, incompetentMajority: true },
        ],
        2026,
      ),
    ).toBe(true);
    // The order of the history does not matter.
    expect(
      endsPost(
        [
          { year: 2026, incompetentMajority: true },
          { year: 2025, incompetentMajority: true },
        ],
        2026,
      ),
    ).toBe(true);
  });

  it("a gap year does not count", () => {
    expect(
      endsPost(
        [
          { year: 2024, incompetentMajority: true },
          { year: 2026, incompetentMajority: true },
        ],
        2026,
      ),
    ).toBe(false);
    expect(
      endsPost(
        [
          { year: 2024, incompetentMajority: true },
          { year: 2025, incompetentMajority: false },
          { year: 2026, incompetentMajority: true },
        ],
        2026,
      ),
    ).toBe(false);
  });

  it("one year alone, or a good year after a bad one, does not", () => {
    expect(endsPost([{ year: 2026, incompetentMajority: true }], 2026)).toBe(false);
    expect(
      endsPost(
        [
          { year: 2025, incompetentMajority: true },
          { year: 2026, incompetentMajority: false },
        ],
        2026,
      ),
    ).toBe(false);
    // Asked about a year with no result of its own.
    expect(
      endsPost(
        [
          { year: 2025, incompetentMajority: true },
          { year: 2026, incompetentMajority: true },
        ],
        2027,
      ),
    ).toBe(false);
    expect(endsPost([], 2026)).toBe(false);
  });
});

describe("receipts", () => {
  const CODE = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}$/;

  it("newReceipt: 12 Crockford base-32 characters in groups of four, from 12 random bytes", () => {
    let asked = 0;
    const fixed = (bytes: number[]) => (n: number) => {
      asked = n;
      return Uint8Array.from(bytes);
    };
    expect(newReceipt(fixed([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]))).toBe("0123-4567-89AB");
    expect(asked).toBe(12);
    expect(newReceipt(fixed([17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 31]))).toBe("HJKM-NPQR-STVZ");
    // Each byte gives 5 bits (256 is a multiple of 32, so no character is more likely than another).
    expect(newReceipt(fixed([32, 64, 255, 224, 33, 0, 0, 0, 0, 0, 0, 0]))).toBe("00Z0-1000-0000");
  });

  it("newReceipt with real randomness: the alphabet has no I, L, O or U", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const r = newReceipt();
      expect(r).toMatch(CODE);
      seen.add(r);
    }
    expect(seen.size).toBe(2000);
  });

  it("normaliseReceipt: lower case, spaces and dashes, O for 0, I and L for 1", () => {
    expect(normaliseReceipt("abcd-efgh-jkmn")).toBe("ABCD-EFGH-JKMN");
    expect(normaliseReceipt(" abcd efgh jkmn ")).toBe("ABCD-EFGH-JKMN");
    expect(normaliseReceipt("ABCDEFGHJKMN")).toBe("ABCD-EFGH-JKMN");
    expect(normaliseReceipt("o0oO-iIlL-1234")).toBe("0000-1111-1234");
    expect(normaliseReceipt("ab—cd_ef.gh/jk mn")).toBe("ABCD-EFGH-JKMN");
  });

  it("normaliseReceipt leaves a code that is not 12 characters ungrouped (it will not be found)", () => {
    expect(normaliseReceipt("abcd-efgh")).toBe("ABCDEFGH");
    expect(normaliseReceipt("abcd-efgh-jkmn-p")).toBe("ABCDEFGHJKMNP");
  });

  it("ballotLines: one receipt,choice line per ballot, in receipt order whatever order they are read in", () => {
    const rows = [
      { receipt: "Z000-0000-0000", choice: "no" },
      { receipt: "0000-0000-000A", choice: "" },
      { receipt: "A000-0000-0000", choice: "m1=basic,m2=competent" },
      { receipt: "0000-0000-0009", choice: "yes" },
    ];
    const expected = "0000-0000-0009,yes\n0000-0000-000A,\nA000-0000-0000,m1=basic,m2=competent\nZ000-0000-0000,no";
    expect(ballotLines(rows)).toBe(expected);
    expect(ballotLines([...rows].reverse())).toBe(expected);
    expect(rows[0].receipt).toBe("Z000-0000-0000");
    expect(ballotLines([])).toBe("");
  });

  it("a receipt survives normalisation unchanged, however the voter types it back", () => {
    for (let i = 0; i < 200; i++) {
      const r = newReceipt();
      expect(normaliseReceipt(r)).toBe(r);
      expect(normaliseReceipt(r.toLowerCase())).toBe(r);
      expect(normaliseReceipt(r.replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l"))).toBe(r);
    }
  });
});

describe("definitions", () => {
  const times = { opensAt: 1_000, closesAt: 2_000 };
  const def = (type: BallotShape["type"], options: PollOption[], min?: number, max?: number) => ({
    type,
    options,
    ...choiceBounds(type, options.length, min, max),
    ...times,
  });

  it("choiceBounds: one choice for yes/no and single, staff's range for multiple, any for approval, all for review", () => {
    expect(choiceBounds("yes_no", 3)).toEqual({ minChoices: 1, maxChoices: 1 });
    expect(choiceBounds("single", 5, 2, 4)).toEqual({ minChoices: 1, maxChoices: 1 });
    expect(choiceBounds("multiple", 5)).toEqual({ minChoices: 1, maxChoices: 5 });
    expect(choiceBounds("multiple", 5, 2, 3)).toEqual({ minChoices: 2, maxChoices: 3 });
    expect(choiceBounds("multiple", 5, 2)).toEqual({ minChoices: 2, maxChoices: 5 });
    expect(choiceBounds("approval", 4, 2, 3)).toEqual({ minChoices: 0, maxChoices: 4 });
    expect(choiceBounds("review", 6, 1, 1)).toEqual({ minChoices: 6, maxChoices: 6 });
  });

  it("buildOptions: fixed yes/no/abstain, o1… for choices, m1… with posts for members", () => {
    expect(buildOptions("yes_no", [{ label: "ignored" }]).map((o) => o.id)).toEqual(["yes", "no", "abstain"]);
    expect(buildOptions("single", [{ label: "甲" }, { label: "乙" }])).toEqual([
      { id: "o1", label: "甲" },
      { id: "o2", label: "乙" },
    ]);
    expect(buildOptions("review", [{ label: "王", post: "主任" }, { label: "李" }])).toEqual([
      { id: "m1", label: "王", post: "主任" },
      { id: "m2", label: "李" },
    ]);
  });

  it("accepts sound definitions of every type", () => {
    const two = buildOptions("single", [{ label: "甲" }, { label: "乙" }]);
    expect(checkDefinition(def("yes_no", YES_NO_OPTIONS))).toBeNull();
    expect(checkDefinition(def("single", two))).toBeNull();
    expect(checkDefinition(def("multiple", fourOptions, 1, 4))).toBeNull();
    expect(checkDefinition(def("multiple", fourOptions, 4, 4))).toBeNull();
    expect(checkDefinition(def("approval", two))).toBeNull();
    expect(checkDefinition(def("review", buildOptions("review", [{ label: "王" }])))).toBeNull();
  });

  it("too few options: two for a choice, one member for a review", () => {
    const one = buildOptions("single", [{ label: "甲" }]);
    expect(checkDefinition(def("single", one))).toEqual({ key: "poll.tooFewOptions", field: "options" });
    expect(checkDefinition(def("multiple", one))).toEqual({ key: "poll.tooFewOptions", field: "options" });
    expect(checkDefinition(def("approval", []))).toEqual({ key: "poll.tooFewOptions", field: "options" });
    expect(checkDefinition(def("review", []))).toEqual({ key: "poll.tooFewOptions", field: "options" });
  });

  it("duplicate labels", () => {
    const dup = buildOptions("single", [{ label: "甲" }, { label: "乙" }, { label: "甲" }]);
    expect(checkDefinition(def("single", dup))).toEqual({ key: "poll.duplicateOption", field: "options" });
    const sameMember = buildOptions("review", [
      { label: "王", post: "主任" },
      { label: "王", post: "委员" },
    ]);
    expect(checkDefinition(def("review", sameMember))).toEqual({ key: "poll.duplicateOption", field: "options" });
  });

  it("multiple choice: minimum at least 1, maximum between the minimum and the number of options", () => {
    const bad = { key: "poll.badChoiceRange", field: "maxChoices" };
    expect(checkDefinition(def("multiple", fourOptions, 3, 2))).toEqual(bad);
    expect(checkDefinition(def("multiple", fourOptions, 0, 2))).toEqual(bad);
    expect(checkDefinition(def("multiple", fourOptions, 1, 5))).toEqual(bad);
    expect(checkDefinition(def("multiple", fourOptions, 5))).toEqual(bad);
    expect(checkDefinition(def("multiple", fourOptions, 2, 2))).toBeNull();
  });

  it("the closing time must be after the opening time", () => {
    const two = buildOptions("single", [{ label: "甲" }, { label: "乙" }]);
    const at = (opensAt: number, closesAt: number) => ({ ...def("single", two), opensAt, closesAt });
    expect(checkDefinition(at(5_000, 5_000))).toEqual({ key: "poll.closesBeforeOpens", field: "closesAt" });
    expect(checkDefinition(at(5_000, 4_999))).toEqual({ key: "poll.closesBeforeOpens", field: "closesAt" });
    expect(checkDefinition(at(5_000, 5_001))).toBeNull();
  });

  it("a voter may hold at most three proxies (U19)", () => {
    expect(MAX_PROXIES).toBe(3);
  });
});
