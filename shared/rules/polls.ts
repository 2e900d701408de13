/**
 * Online votes (表决) and consultations (征求意见), DOMAIN.md "Votes and elections": ballot
 * shapes, who is eligible, what passes, turnout, proxies (U19), secret-ballot receipts and the
 * annual democratic review (民主评议, U37/V38). Pure functions: the Worker enforces them and the
 * UI explains them. Fractions are exact integer arithmetic (see `needed` in meetings).
 */
import { isAdultOn, type RegistryPerson } from "./eligibility";
import { meets, needed, type Fraction } from "./meetings";

export const POLL_KINDS = ["vote", "consultation"] as const;
export type PollKind = (typeof POLL_KINDS)[number];

export const BALLOT_TYPES = ["yes_no", "single", "multiple", "approval", "review"] as const;
export type BallotType = (typeof BALLOT_TYPES)[number];

export const PASS_RULES = ["majority_cast", "majority_eligible", "two_thirds_cast"] as const;
export type PassRule = (typeof PASS_RULES)[number];

/**
 * Who is on the roll: from the registry on the opening day, or — for a secret ballot on a meeting's
 * agenda item (以投票方式表决) — those checked in to the meeting when the ballot opens, whose written
 * proxies carry over.
 */
export const POLL_ELIGIBILITY = ["adults", "household_reps", "representatives", "meeting_attendees"] as const;
export type PollEligibility = (typeof POLL_ELIGIBILITY)[number];

export const POLL_STATUSES = ["draft", "scheduled", "open", "closed", "cancelled"] as const;
export type PollStatus = (typeof POLL_STATUSES)[number];

/** U19: one voter may hold at most three written proxies (委托投票). */
export const MAX_PROXIES = 3;

export const RATINGS = ["competent", "basic", "incompetent"] as const; // 称职 / 基本称职 / 不称职
export type Rating = (typeof RATINGS)[number];

export type PollOption = { id: string; label: string; post?: string };

/** The fixed options of a yes/no/abstain ballot. */
export const YES_NO_OPTIONS: PollOption[] = [
  { id: "yes", label: "赞成" },
  { id: "no", label: "反对" },
  { id: "abstain", label: "弃权" },
];

/** Option ids are assigned by position (o1, o2 … or m1, m2 … for the members under review). */
export function buildOptions(type: BallotType, labels: { label: string; post?: string }[]): PollOption[] {
  if (type === "yes_no") return YES_NO_OPTIONS;
  const prefix = type === "review" ? "m" : "o";
  return labels.map((l, i) => ({ id: `${prefix}${i + 1}`, label: l.label, ...(l.post ? { post: l.post } : {}) }));
}

export type BallotShape = { type: BallotType; options: PollOption[]; minChoices: number; maxChoices: number };

/** How many choices each ballot type allows, given the staff's min/max for multiple choice. */
export function choiceBounds(type: BallotType, optionCount: number, min?: number, max?: number) {
  switch (type) {
    case "yes_no":
    case "single":
      return { minChoices: 1, maxChoices: 1 };
    case "multiple":
      return { minChoices: min ?? 1, maxChoices: max ?? optionCount };
    case "approval":
      return { minChoices: 0, maxChoices: optionCount };
    case "review":
      return { minChoices: optionCount, maxChoices: optionCount };
  }
}

/** A problem with a poll's definition, as an i18n key and the field it names; null when sound. */
export function checkDefinition(d: {
  type: BallotType;
  options: PollOption[];
  minChoices: number;
  maxChoices: number;
  opensAt: number;
  closesAt: number;
}): { key: string; field: string } | null {
  if (d.type !== "yes_no" && d.options.length < (d.type === "review" ? 1 : 2))
    return { key: "poll.tooFewOptions", field: "options" };
  const labels = d.options.map((o) => o.label);
  if (new Set(labels).size !== labels.length) return { key: "poll.duplicateOption", field: "options" };
  if (d.type === "multiple" && (d.minChoices < 1 || d.maxChoices < d.minChoices || d.maxChoices > d.options.length))
    return { key: "poll.badChoiceRange", field: "maxChoices" };
  if (d.closesAt <= d.opensAt) return { key: "poll.closesBeforeOpens", field: "closesAt" };
  return null;
}

/** What a voter submits: chosen option ids, or for a review one rating per member. */
export type BallotInput = { options?: string[]; ratings?: Record<string, Rating> };

/**
 * Validates a ballot against the poll's shape and returns its canonical text (what is stored and
 * published): chosen ids in the poll's option order joined by ",", or "m1=competent,m2=basic".
 * Throws the i18n key of the problem.
 */
export function canonicalBallot(shape: BallotShape, ballot: BallotInput): string {
  if (shape.type === "review") {
    const ratings = ballot.ratings ?? {};
    const ids = Object.keys(ratings);
    if (ids.length !== shape.options.length || shape.options.some((o) => !RATINGS.includes(ratings[o.id])))
      throw new BallotError("poll.rateEveryMember");
    return shape.options.map((o) => `${o.id}=${ratings[o.id]}`).join(",");
  }
  const chosen = ballot.options ?? [];
  if (new Set(chosen).size !== chosen.length) throw new BallotError("poll.duplicateChoice");
  if (chosen.some((c) => !shape.options.some((o) => o.id === c))) throw new BallotError("poll.unknownOption");
  if (chosen.length < shape.minChoices || chosen.length > shape.maxChoices)
    throw new BallotError(shape.maxChoices === 1 ? "poll.chooseOne" : "poll.choiceCount", {
      min: shape.minChoices,
      max: shape.maxChoices,
    });
  return shape.options
    .filter((o) => chosen.includes(o.id))
    .map((o) => o.id)
    .join(",");
}

export class BallotError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

/** Why a person is not on a poll's roll (an i18n key), or null if they are eligible on `at`. */
export function ineligibility(person: RegistryPerson, rule: PollEligibility, at: number): string | null {
  if (rule === "meeting_attendees") return "poll.ineligible.notPresent";
  if (person.status !== "active") return "poll.ineligible.movedOut";
  if (rule === "adults" && !isAdultOn(person.birthDate, at)) return "poll.ineligible.underage";
  if (rule === "household_reps" && !person.isHouseholdRep) return "poll.ineligible.notHouseholdRep";
  if (rule === "representatives" && !person.isRepresentative) return "poll.ineligible.notRepresentative";
  return null;
}

const HALF: Fraction = { num: 1, den: 2, strict: true };
const TWO_THIRDS: Fraction = { num: 2, den: 3, strict: false };

/**
 * Votes needed to pass. "Votes cast" counts every ballot, abstentions included (an abstention is
 * a ballot cast); "of eligible" counts the roll snapshotted when the vote opened.
 */
export function votesNeeded(rule: PassRule, cast: number, eligible: number): number {
  switch (rule) {
    case "majority_cast":
      return needed(cast, HALF);
    case "majority_eligible":
      return needed(eligible, HALF);
    case "two_thirds_cast":
      return needed(cast, TWO_THIRDS);
  }
}

/** Ballots needed for the turnout threshold (a percentage of the roll, reached at exactly that share). */
export function turnoutNeeded(turnoutPct: number | null, eligible: number): number {
  if (!turnoutPct) return 0;
  return needed(eligible, { num: turnoutPct, den: 100, strict: false });
}

export type PollRules = {
  kind: PollKind;
  type: BallotType;
  options: PollOption[];
  passRule: PassRule;
  turnoutPct: number | null;
};

export type OptionResult = { id: string; label: string; post?: string; count: number; passed: boolean | null };
export type MemberResult = {
  id: string;
  label: string;
  post?: string;
  competent: number;
  basic: number;
  incompetent: number;
  /** 不称职 from more than half of the ballots cast. */
  incompetentMajority: boolean;
};

export type Tally = {
  eligible: number;
  cast: number;
  turnoutNeeded: number;
  turnoutMet: boolean;
  votesNeeded: number;
  options: OptionResult[];
  members: MemberResult[];
  /** yes/no and single choice votes: whether the question (or the leading option) passed; else null. */
  passed: boolean | null;
  /** Single choice: the option that passed, if any. */
  winner: string | null;
};

/**
 * Counts canonical ballots. A consultation is advisory: counts without pass/fail. A vote passes
 * only if the turnout threshold is met and the "yes" (or leading) option meets the pass rule;
 * multiple choice and approval mark each option that meets it.
 */
export function tally(rules: PollRules, ballots: string[], eligible: number): Tally {
  const cast = ballots.length;
  const tNeeded = turnoutNeeded(rules.turnoutPct, eligible);
  const turnoutMet = cast >= tNeeded;
  const vNeeded = votesNeeded(rules.passRule, cast, eligible);
  const decides = rules.kind === "vote";
  const result: Tally = {
    eligible,
    cast,
    turnoutNeeded: tNeeded,
    turnoutMet,
    votesNeeded: vNeeded,
    options: [],
    members: [],
    passed: null,
    winner: null,
  };
  if (rules.type === "review") {
    const counts = new Map(rules.options.map((o) => [o.id, { competent: 0, basic: 0, incompetent: 0 }]));
    for (const b of ballots)
      for (const pair of b.split(",")) {
        const [id, rating] = pair.split("=") as [string, Rating];
        const c = counts.get(id);
        if (c && rating in c) c[rating]++;
      }
    result.members = rules.options.map((o) => {
      const c = counts.get(o.id)!;
      return { ...o, ...c, incompetentMajority: meets(c.incompetent, cast, HALF) && cast > 0 };
    });
    return result;
  }
  const counts = new Map(rules.options.map((o) => [o.id, 0]));
  for (const b of ballots)
    for (const id of b ? b.split(",") : []) if (counts.has(id)) counts.set(id, counts.get(id)! + 1);
  const carries = (n: number) => decides && turnoutMet && cast > 0 && n >= vNeeded;
  result.options = rules.options.map((o) => ({
    ...o,
    count: counts.get(o.id)!,
    passed: decides && (rules.type === "multiple" || rules.type === "approval") ? carries(counts.get(o.id)!) : null,
  }));
  if (!decides) return result;
  if (rules.type === "yes_no") {
    result.passed = carries(counts.get("yes")!);
  } else if (rules.type === "single") {
    const sorted = [...result.options].sort((a, b) => b.count - a.count);
    const lead = sorted[0];
    const unique = lead && (sorted.length < 2 || sorted[1].count < lead.count);
    result.passed = Boolean(unique && carries(lead.count));
    result.winner = result.passed ? lead.id : null;
  }
  return result;
}

/** U37/V38: a member rated 不称职 by the majority in two consecutive years loses the post. */
export function endsPost(history: { year: number; incompetentMajority: boolean }[], year: number): boolean {
  const at = (y: number) => history.find((h) => h.year === y)?.incompetentMajority ?? false;
  return at(year) && at(year - 1);
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A random receipt code, 60 bits as 12 Crockford base-32 characters shown in groups of four. */
export function newReceipt(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))) {
  const bytes = random(12);
  let s = "";
  for (const b of bytes) s += CROCKFORD[b & 31];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

/** Normalises what a voter types (lower case, spaces, O for 0, I/L for 1) to a receipt code. */
export function normaliseReceipt(text: string): string {
  const s = text
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return s.length === 12 ? `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}` : s;
}

/** Published ballots in receipt order, one `receipt,choice` line each: what anyone can recount. */
export function ballotLines(rows: { receipt: string; choice: string }[]): string {
  return [...rows]
    .sort((a, b) => (a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0))
    .map((r) => `${r.receipt},${r.choice}`)
    .join("\n");
}

/**
 * What a closed vote's transparency-log entry hashes: the server when it closes the vote, the seeds,
 * and anyone verifying it from the open data all build it here.
 */
export const pollResultContent = (p: { pollId: string; title: string; closedAt: number; result: unknown }) => ({
  pollId: p.pollId,
  title: p.title,
  closedAt: p.closedAt,
  result: p.result,
});
