// The vote-casting scenario's voters: every adult of 荷花社区 without a login gets one (the demo
// resident's password hash is copied, so each logs in with demo12345), straight into the bench's
// local D1 before the server starts; then a fresh secret vote is opened and each voter logs in.
import { execFileSync } from "node:child_process";
import { WRANGLER_ENV } from "../scripts/local-server.mjs";

/** @param {string} state */
export function addVoterLogins(state) {
  const sql = `INSERT INTO users (id, street_id, community_id, username, display_name, role, password_salt,
      password_hash, resident_id, phone, disabled_at, created_at, updated_at)
    SELECT 'bench-' || r.id, u.street_id, r.community_id, 'bench-' || lower(r.id), r.name, 'resident',
      u.password_salt, u.password_hash, r.id, NULL, NULL, 0, 0
    FROM residents r JOIN users u ON u.username = 'resident' AND u.community_id = r.community_id
    WHERE r.status = 'active' AND r.birth_date <= date('now', '-18 years')
      AND NOT EXISTS (SELECT 1 FROM users x WHERE x.resident_id = r.id)`;
  execFileSync(
    "npx",
    ["--no-install", "wrangler", "d1", "execute", "DB", "--local", "--persist-to", state, "--command", sql],
    { env: WRANGLER_ENV, stdio: "pipe" },
  );
}

async function trpc(base, path, body, cookie) {
  const res = await fetch(`${base}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return { data: json.result.data, cookie: res.headers.get("set-cookie")?.split(";")[0] };
}

/** Opens a secret yes/no vote of 荷花社区's adults and logs in every voter: { pollId, cookies }. */
export async function openBenchVote(base, usernames) {
  const { cookie: staff } = await trpc(base, "auth.login", { username: "community-admin", password: "demo12345" });
  const profile = await fetch(`${base}/trpc/auth.me`, { headers: { cookie: staff } }).then((r) => r.json());
  const communityId = profile.result.data.communityId;
  if (!communityId) throw new Error("bench: the community admin has no community");
  const now = Date.now();
  const { data: poll } = await trpc(
    base,
    "polls.create",
    {
      communityId,
      kind: "vote",
      ballotType: "yes_no",
      title: "压测表决",
      eligibility: "adults",
      secret: true,
      opensAt: now,
      closesAt: now + 86_400_000,
    },
    staff,
  );
  await trpc(base, "polls.publish", { id: poll.id }, staff);
  const cookies = [];
  for (const username of usernames) {
    const { cookie } = await trpc(base, "auth.login", { username, password: "demo12345" });
    cookies.push(cookie);
  }
  return { pollId: poll.id, cookies };
}

/** The usernames addVoterLogins made. */
export function benchUsernames(state) {
  const out = execFileSync(
    "npx",
    [
      "--no-install",
      "wrangler",
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      state,
      "--json",
      "--command",
      "SELECT username FROM users WHERE username LIKE 'bench-%' ORDER BY username",
    ],
    { env: WRANGLER_ENV, stdio: "pipe" },
  );
  return JSON.parse(out.toString())[0].results.map((r) => r.username);
}
