import { env } from "cloudflare:workers";
import { newId } from "../../shared/ids";
import { sha256Hex } from "../../shared/rules/transparency";
import { hashPassword } from "../../worker/auth/password";
import { Client, type TrpcResult } from "./helpers";
import { communityId, createUser, DAY, expectOk, STREET, unique } from "./fixtures";
import { uniqueName } from "./residents-fixtures";

/** A community of the demo street with nobody in its registry, and a logged-in community admin. */
export async function emptyCommunity(): Promise<{ id: string; slug: string; staff: Client }> {
  const slug = unique("polls");
  const streetAdmin = await Client.as("street-admin");
  expectOk(await streetAdmin.mutate("admin.communities.create", { slug, name: `投票测试社区 ${slug}`, kind: "urban" }));
  const admin = await createUser({ role: "community_admin", community: slug });
  return { id: await communityId(slug), slug, staff: await Client.as(admin.username, admin.password) };
}

export type Voter = { id: string; name: string; userId: string; client: Client };

let credentials: Promise<{ salt: string; hash: string }> | null = null;

/**
 * `n` residents written straight into D1, each with a resident login and a live session (a
 * Client holding its cookie): fast enough for dozens of voters, unlike activating each through
 * the API (which derives a password hash per resident).
 */
export async function voters(
  community: string,
  n: number,
  fields: Partial<{ birthDate: string; isHouseholdRep: boolean; isRepresentative: boolean; status: string }> = {},
): Promise<Voter[]> {
  credentials ??= hashPassword("Voter2026pw");
  const { salt, hash } = await credentials;
  const streetId = (await env.DB.prepare("SELECT street_id FROM communities WHERE id = ?")
    .bind(community)
    .first<{ street_id: string }>())!.street_id;
  const now = Date.now();
  const made: Voter[] = [];
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < n; i++) {
    const id = newId(now);
    const userId = newId(now);
    const name = uniqueName("票");
    const token = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join(
      "",
    );
    statements.push(
      env.DB.prepare(
        `INSERT INTO residents (id, community_id, household_id, group_id, name, birth_date, phone, is_household_rep,
           is_representative, status, moved_out_on, created_at, updated_at)
         VALUES (?, ?, NULL, NULL, ?, ?, '', ?, ?, ?, NULL, ?, ?)`,
      ).bind(
        id,
        community,
        name,
        fields.birthDate ?? "1980-06-01",
        fields.isHouseholdRep ? 1 : 0,
        fields.isRepresentative ? 1 : 0,
        fields.status ?? "active",
        now,
        now,
      ),
      env.DB.prepare(
        `INSERT INTO users (id, street_id, community_id, username, display_name, role, resident_id, phone,
           password_salt, password_hash, disabled_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'resident', ?, NULL, ?, ?, NULL, ?, ?)`,
      ).bind(userId, streetId, community, unique("voter"), name, id, salt, hash, now, now),
      env.DB.prepare("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)").bind(
        await sha256Hex(token),
        userId,
        now,
        now + 7 * DAY,
      ),
    );
    const client = new Client();
    client.cookie = `linli_session=${token}`;
    made.push({ id, name, userId, client });
  }
  await env.DB.batch(statements);
  return made;
}

export type PollFields = Partial<{
  kind: "vote" | "consultation";
  ballotType: "yes_no" | "single" | "multiple" | "approval" | "review";
  title: string;
  descriptionMd: string;
  options: { label: string; post?: string }[];
  minChoices: number;
  maxChoices: number;
  eligibility: "adults" | "household_reps" | "representatives";
  secret: boolean;
  opensAt: number;
  closesAt: number;
  passRule: "majority_cast" | "majority_eligible" | "two_thirds_cast";
  turnoutPct: number | null;
  allowChange: boolean;
  hideResults: boolean;
  reviewYear: number | null;
}>;

/** The input of polls.create: a secret yes/no vote of adults, open from now for a week. */
export function pollInput(community: string, fields: PollFields = {}) {
  return {
    communityId: community,
    kind: "vote",
    ballotType: "yes_no",
    title: `表决 ${uniqueName("")}`,
    eligibility: "adults",
    secret: true,
    opensAt: Date.now() - 60_000,
    closesAt: Date.now() + 7 * DAY,
    ...fields,
  };
}

export async function createPoll(staff: Client, community: string, fields: PollFields = {}): Promise<string> {
  return expectOk(await staff.mutate<{ id: string }>("polls.create", pollInput(community, fields))).id;
}

/** Created and published: it opens at once (its roll snapshotted now). */
export async function openPoll(
  staff: Client,
  community: string,
  fields: PollFields = {},
): Promise<{ id: string; eligibleCount: number }> {
  const id = await createPoll(staff, community, fields);
  const r = expectOk(await staff.mutate<{ status: string; eligibleCount: number | null }>("polls.publish", { id }));
  if (r.status !== "open") throw new Error(`poll ${id} did not open: ${r.status}`);
  return { id, eligibleCount: r.eligibleCount ?? -1 };
}

/** Moves the closing time into the past in D1 (as the clock would); the next read closes the poll. */
export async function expire(pollId: string, at = Date.now() - 1_000): Promise<void> {
  await env.DB.prepare("UPDATE polls SET closes_at = ? WHERE id = ?").bind(at, pollId).run();
}

export type Tally = {
  eligible: number;
  cast: number;
  turnoutNeeded: number;
  turnoutMet: boolean;
  votesNeeded: number;
  options: { id: string; label: string; count: number; passed: boolean | null }[];
  members: {
    id: string;
    label: string;
    post?: string;
    competent: number;
    basic: number;
    incompetent: number;
    incompetentMajority: boolean;
  }[];
  passed: boolean | null;
  winner: string | null;
  ballotsHash?: string;
};

export type PublicPoll = {
  id: string;
  title: string;
  status: string;
  secret: boolean;
  eligibleCount: number | null;
  closedAt: number | null;
  cast: number;
  tally: Tally | null;
  resultHash: string | null;
  options: { id: string; label: string; post?: string }[];
  minChoices: number;
  maxChoices: number;
  ballots: { receipt: string; choice: string; voter: string | null }[];
};

/** polls.get for anyone (no login), by the community's slug. */
export async function publicPoll(slug: string, id: string): Promise<PublicPoll> {
  return expectOk(await new Client().query<PublicPoll>("polls.get", { street: STREET, community: slug, id }));
}

/** Expire and read: the poll closes, its result fixed. */
export async function closed(slug: string, id: string): Promise<PublicPoll> {
  await expire(id);
  const p = await publicPoll(slug, id);
  if (p.status !== "closed") throw new Error(`poll ${id} did not close: ${p.status}`);
  return p;
}

export async function cast(
  c: Client,
  pollId: string,
  ballot: { options?: string[]; ratings?: Record<string, string>; onBehalfOf?: string; replaceReceipt?: string },
): Promise<TrpcResult<{ receipt: string; changed: boolean }>> {
  return c.mutate<{ receipt: string; changed: boolean }>("polls.cast", { pollId, ...ballot });
}

export async function count(sql: string, ...binds: unknown[]): Promise<number> {
  return (await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>())!.n;
}

export const ballotCount = (pollId: string) =>
  count("SELECT count(*) AS n FROM poll_ballots WHERE poll_id = ?", pollId);
export const participationCount = (pollId: string) =>
  count("SELECT count(*) AS n FROM poll_participation WHERE poll_id = ?", pollId);
