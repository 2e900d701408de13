import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { translate, type MessageKey } from "../../shared/i18n/errors";
import { maskName } from "../../shared/rules/masking";
import { contentHash } from "../../shared/rules/transparency";
import { certificateContent } from "../../shared/rules/volunteers";
import { Client, type TrpcResult } from "./helpers";
import { createUser, DAY, expectOk, STREET } from "./fixtures";
import { count, emptyCommunity, voters } from "./polls-fixtures";
import {
  addDays,
  beijing,
  beijingDay,
  beijingWeekday,
  countedMinutesSql,
  createShift,
  createTeam,
  enrol,
  HOUR,
  liveSignup,
  MIN,
  monthStart,
  moveShift,
  nightPatrol,
  openVolunteering,
  publicJson,
  setAttendance,
  signUp,
  teamInput,
  yearStart,
  type Volunteer,
} from "./volunteers-fixtures";

/**
 * Volunteer teams and patrol rosters through the API (DOMAIN.md "Volunteers"): teams and their
 * leaders, registration with approval and guardian consent, no minors on night patrol, sign-ups
 * that never overfill a shift under concurrency, insurance for risky tasks on the shift's day,
 * the cancellation cut-off, check-in and check-out by the volunteer or the team leader, minutes
 * across midnight and capped by the shift, settling forgotten check-outs and no-shows, audited
 * adjustments, weekly series, certificates, the street office's figures and the open data — and
 * that no public output names a volunteer.
 */

type Community = { id: string; slug: string; staff: Client };
type Err = { message: string; fieldErrors?: Record<string, string> };

function expectError(r: TrpcResult<unknown>, code: string, label = ""): Err {
  expect(r.ok, `${label} should fail with ${code}`).toBe(false);
  if (r.ok) throw new Error("unreachable");
  expect(r.error.data.code, `${label}: ${r.error.message}`).toBe(code);
  return { message: r.error.message, fieldErrors: r.error.data.fieldErrors };
}

const msg = (key: MessageKey, params: Record<string, string | number> = {}, lang: "zh" | "en" = "zh") =>
  translate(key, lang, params);

/** Refused as a bad request (or the given code) with exactly this message, naming `field` if given. */
function expectRefusal(
  r: TrpcResult<unknown>,
  key: MessageKey,
  opts: { field?: string; params?: Record<string, string | number>; code?: string; lang?: "zh" | "en" } = {},
): Err {
  const e = expectError(r, opts.code ?? "BAD_REQUEST", key);
  const text = msg(key, opts.params, opts.lang);
  expect(e.message, key).toBe(text);
  if (opts.field) expect(e.fieldErrors?.[opts.field], key).toBe(text);
  return e;
}

/** The same login, speaking English. */
function inEnglish(c: Client): Client {
  const en = new Client("en");
  en.cookie = c.cookie;
  return en;
}

const today = () => beijingDay(Date.now());
/** Born `years` years before today's Beijing date, on 15 June (so between years-1 and years old). */
const bornAbout = (years: number) => `${Number(today().slice(0, 4)) - years}-06-15`;

async function auditRows(action: string, entityId: string) {
  return (
    await env.DB.prepare("SELECT * FROM audit_log WHERE action = ? AND entity_id = ? ORDER BY at")
      .bind(action, entityId)
      .all<{ actor_id: string | null; before: string | null; after: string | null; community_id: string }>()
  ).results;
}

async function volunteerRow(id: string) {
  return env.DB.prepare("SELECT * FROM volunteers WHERE id = ?").bind(id).first<{
    status: string;
    guardian_name: string | null;
    guardian_consent_at: number | null;
    insured_until: string | null;
    show_name: number;
  }>();
}

async function membership(teamId: string, volunteerId: string) {
  return (
    await env.DB.prepare("SELECT status FROM team_members WHERE team_id = ? AND volunteer_id = ?")
      .bind(teamId, volunteerId)
      .first<{ status: string }>()
  )?.status;
}

async function shiftRow(id: string) {
  return env.DB.prepare("SELECT * FROM shifts WHERE id = ?").bind(id).first<{
    starts_at: number;
    ends_at: number;
    settled_at: number | null;
    series_id: string | null;
    team_id: string;
    capacity: number;
  }>();
}

const liveCount = (shiftId: string) =>
  count("SELECT count(*) AS n FROM shift_signups WHERE shift_id = ? AND cancelled_at IS NULL", shiftId);

type RosterRow = {
  id: string;
  volunteerId: string;
  name: string;
  checkInAt: number | null;
  checkOutAt: number | null;
  minutes: number | null;
  adjustedMinutes: number | null;
  flag: string | null;
};
type Roster = { shift: { id: string }; asLeader: boolean; signups: RosterRow[] };

const roster = async (c: Client, shiftId: string) => expectOk(await c.query<Roster>("volunteers.roster", { shiftId }));

type PublicTeam = {
  id: string;
  name: string;
  members: number;
  names: string[];
  minutesThisMonth: number;
  minutesThisYear: number;
};
const publicTeams = async (slug: string) =>
  expectOk(await new Client().query<PublicTeam[]>("volunteers.teams", { street: STREET, community: slug }));

type TeamListRow = {
  id: string;
  name: string;
  kind: string;
  description: string;
  isPublic: boolean;
  risky: boolean;
  adultsOnly: boolean;
  cancelCutoffHours: number;
  leaderVolunteerId: string | null;
  leaderName: string | null;
  members: number;
  pending: number;
};
const teamList = async (c: Community) =>
  expectOk(await c.staff.query<TeamListRow[]>("volunteers.teamList", { communityId: c.id }));

type Record_ = {
  name: string;
  totalMinutes: number;
  services: { signupId: string; shiftId: string; counted: number; flag: string | null; adjustReason: string | null }[];
};

let C: Community;
/** Every volunteer of C, for the privacy scans. */
const everyone: Volunteer[] = [];
const track = (vs: Volunteer[]) => {
  everyone.push(...vs);
  return vs;
};
/** Certificate codes issued in this file, for the privacy scan. */
const certificateCodes: string[] = [];

beforeAll(async () => {
  C = await emptyCommunity();
});

describe("teams", () => {
  it("staff create a team with its fields; the list shows them and the creation is audited", async () => {
    const input = teamInput(C.id, {
      kind: "patrol",
      description: "夜间巡逻，每周两次",
      isPublic: false,
      risky: true,
      adultsOnly: true,
      cancelCutoffHours: 6,
    });
    const { id } = expectOk(await C.staff.mutate<{ id: string }>("volunteers.teamCreate", input));
    const row = (await teamList(C)).find((t) => t.id === id)!;
    expect(row).toMatchObject({
      name: input.name,
      kind: "patrol",
      description: "夜间巡逻，每周两次",
      isPublic: false,
      risky: true,
      adultsOnly: true,
      cancelCutoffHours: 6,
      leaderVolunteerId: null,
      leaderName: null,
      members: 0,
      pending: 0,
    });
    const audit = await auditRows("volunteer.teamCreate", id);
    expect(audit).toHaveLength(1);
    expect(audit[0].community_id).toBe(C.id);
  });

  it("a duplicate name in the community is refused naming `name`; another community may use it", async () => {
    const { name } = await createTeam(C.staff, C.id);
    const r = await C.staff.mutate("volunteers.teamCreate", teamInput(C.id, { name, kind: "mediation" }));
    expectRefusal(r, "volunteer.teamExists", { field: "name", code: "CONFLICT" });
    expect(
      await count("SELECT count(*) AS n FROM volunteer_teams WHERE community_id = ? AND name = ?", C.id, name),
    ).toBe(1);
    const other = await emptyCommunity();
    expectOk(await other.staff.mutate("volunteers.teamCreate", teamInput(other.id, { name })));
  });

  it("staff update a team; renaming onto another team's name is refused and changes nothing", async () => {
    const a = await createTeam(C.staff, C.id);
    const b = await createTeam(C.staff, C.id);
    expectOk(
      await C.staff.mutate("volunteers.teamUpdate", {
        teamId: a.id,
        name: `${a.name}（新）`,
        kind: "elderly_care",
        description: "探访独居老人",
        isPublic: true,
        risky: false,
        adultsOnly: false,
        cancelCutoffHours: 24,
      }),
    );
    let row = (await teamList(C)).find((t) => t.id === a.id)!;
    expect(row).toMatchObject({
      name: `${a.name}（新）`,
      kind: "elderly_care",
      description: "探访独居老人",
      cancelCutoffHours: 24,
    });
    expect(await auditRows("volunteer.teamUpdate", a.id)).toHaveLength(1);

    const r = await C.staff.mutate("volunteers.teamUpdate", { teamId: a.id, name: b.name, kind: "other" });
    expectRefusal(r, "volunteer.teamExists", { field: "name", code: "CONFLICT" });
    row = (await teamList(C)).find((t) => t.id === a.id)!;
    expect(row.name).toBe(`${a.name}（新）`);
    expect(row.kind).toBe("elderly_care");
  });

  it("the leader must be an approved volunteer of the community; the leader becomes an active member", async () => {
    const [pending] = track(await enrol(C.staff, C.id, 1, { approve: false }));
    const other = await emptyCommunity();
    const [foreign] = await enrol(other.staff, other.id, 1);
    for (const leaderVolunteerId of [pending.volunteerId, foreign.volunteerId]) {
      expectRefusal(
        await C.staff.mutate("volunteers.teamCreate", teamInput(C.id, { leaderVolunteerId })),
        "volunteer.badLeader",
        {
          field: "leaderVolunteerId",
        },
      );
    }
    const team = await createTeam(C.staff, C.id);
    const r = await C.staff.mutate("volunteers.teamUpdate", {
      ...teamInput(C.id, { name: team.name, leaderVolunteerId: pending.volunteerId }),
      communityId: undefined,
      teamId: team.id,
    });
    expectRefusal(r, "volunteer.badLeader", { field: "leaderVolunteerId" });
    expect(await membership(team.id, pending.volunteerId)).toBeUndefined();

    const [leader] = track(await enrol(C.staff, C.id, 1));
    const created = await createTeam(C.staff, C.id, { leaderVolunteerId: leader.volunteerId });
    const row = (await teamList(C)).find((t) => t.id === created.id)!;
    expect(row.leaderName).toBe(leader.name);
    expect(row.members).toBe(1);
    expect(await membership(created.id, leader.volunteerId)).toBe("active");
    const members = expectOk(
      await leader.client.query<{ asLeader: boolean; members: { volunteerId: string; status: string }[] }>(
        "volunteers.teamMembers",
        { teamId: created.id },
      ),
    );
    expect(members.asLeader).toBe(true);
    expect(members.members).toEqual([expect.objectContaining({ volunteerId: leader.volunteerId, status: "active" })]);
  });

  it("the leader accepts and declines requests; the member list shows each one's status", async () => {
    const [leader] = track(await enrol(C.staff, C.id, 1));
    const team = await createTeam(C.staff, C.id, { leaderVolunteerId: leader.volunteerId });
    const [member] = track(await enrol(C.staff, C.id, 1, { teamIds: [team.id], insuredUntil: "2030-12-31" }));
    const [accept, decline, waiting] = track(
      await enrol(C.staff, C.id, 3, { teamIds: [team.id], acceptOnTeams: false }),
    );
    const decide = (v: Volunteer, approve: boolean) =>
      leader.client.mutate("volunteers.decideMembership", { teamId: team.id, volunteerId: v.volunteerId, approve });
    expectOk(await decide(accept, true));
    expectOk(await decide(decline, false));
    expect(await membership(team.id, accept.volunteerId)).toBe("active");
    expect(await membership(team.id, decline.volunteerId)).toBe("left");
    const audit = await auditRows("volunteer.memberRemove", team.id);
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(leader.userId);
    // A resident who does not lead the team cannot decide.
    expectError(
      await member.client.mutate("volunteers.decideMembership", {
        teamId: team.id,
        volunteerId: waiting.volunteerId,
        approve: true,
      }),
      "FORBIDDEN",
    );
    expect(await membership(team.id, waiting.volunteerId)).toBe("pending");

    const list = expectOk(
      await leader.client.query<{
        members: {
          volunteerId: string;
          status: string;
          volunteerStatus: string;
          insuredUntil: string | null;
          skills: string;
          joinedAt: number;
        }[];
      }>("volunteers.teamMembers", { teamId: team.id }),
    );
    const row = (v: Volunteer) => list.members.find((m) => m.volunteerId === v.volunteerId);
    expect(row(decline)).toBeUndefined();
    expect(list.members).toHaveLength(4);
    expect(row(waiting), "a request to join is listed as pending").toMatchObject({
      status: "pending",
      volunteerStatus: "active",
      insuredUntil: null,
    });
    expect(row(member)).toMatchObject({
      status: "active",
      volunteerStatus: "active",
      insuredUntil: "2030-12-31",
      skills: "急救",
    });
    expect(typeof row(member)!.joinedAt).toBe("number");
  });

  it("a minor cannot be made the leader of an adults-only team (it would put them on its roster)", async () => {
    const [minor] = track(await enrol(C.staff, C.id, 1, { birthDate: bornAbout(16) }));
    const r = await C.staff.mutate(
      "volunteers.teamCreate",
      teamInput(C.id, { kind: "patrol", risky: true, adultsOnly: true, leaderVolunteerId: minor.volunteerId }),
    );
    const adultsOnlyMemberships = () =>
      count(
        `SELECT count(*) AS n FROM team_members m JOIN volunteer_teams t ON t.id = m.team_id
          WHERE m.volunteer_id = ? AND t.adults_only = 1 AND m.status = 'active'`,
        minor.volunteerId,
      );
    expect(await adultsOnlyMemberships(), "a 16-year-old is on the night patrol's roster").toBe(0);
    expect(r.ok, "making a 16-year-old the night patrol's leader should be refused").toBe(false);
  });

  it("residents cannot manage teams; another community's admin gets NOT_FOUND", async () => {
    const team = await createTeam(C.staff, C.id);
    const [resident] = await voters(C.id, 1);
    expectError(await resident.client.mutate("volunteers.teamCreate", teamInput(C.id)), "FORBIDDEN");
    expectError(await resident.client.query("volunteers.teamList", { communityId: C.id }), "FORBIDDEN");
    expectError(await resident.client.query("volunteers.teamMembers", { teamId: team.id }), "FORBIDDEN");
    const taoyuan = await Client.as("taoyuan-admin");
    expectError(await taoyuan.mutate("volunteers.teamCreate", teamInput(C.id)), "NOT_FOUND");
    expectError(
      await taoyuan.mutate("volunteers.teamUpdate", { teamId: team.id, name: "越权改名", kind: "other" }),
      "NOT_FOUND",
    );
    expectError(await taoyuan.query("volunteers.teamMembers", { teamId: team.id }), "NOT_FOUND");
    expect((await teamList(C)).find((t) => t.id === team.id)!.name).toBe(team.name);
  });

  it("public teams: counts of approved members and only consenting volunteers' names, masked", async () => {
    const community = await emptyCommunity();
    const team = await createTeam(community.staff, community.id, { kind: "environment" });
    const hidden = await createTeam(community.staff, community.id, { isPublic: false });
    const consenting = await enrol(community.staff, community.id, 2, { teamIds: [team.id, hidden.id], showName: true });
    const [silent] = await enrol(community.staff, community.id, 1, { teamIds: [team.id], showName: false });
    const [asking] = await enrol(community.staff, community.id, 1, { teamIds: [team.id], acceptOnTeams: false });
    const [unapproved] = await enrol(community.staff, community.id, 1, {
      teamIds: [team.id],
      showName: true,
      approve: false,
      acceptOnTeams: false,
    });

    const teams = await publicTeams(community.slug);
    expect(teams.map((t) => t.id)).toEqual([team.id]);
    const t = teams[0];
    expect(t.members).toBe(3);
    expect([...t.names].sort()).toEqual(consenting.map((v) => maskName(v.name)).sort());
    for (const v of consenting) expect(maskName(v.name)).not.toBe(v.name);

    const json = JSON.stringify(teams);
    for (const v of [...consenting, silent, asking, unapproved]) expect(json, v.name).not.toContain(v.name);
    // (Masked names of test residents can coincide, so the names list above is the exact check.)
    expect(json).not.toContain(hidden.name);
  });

  it("a minor's name is never public, not even masked and with their consent", async () => {
    const community = await emptyCommunity();
    const team = await createTeam(community.staff, community.id, { kind: "environment" });
    const [minor] = await enrol(community.staff, community.id, 1, {
      birthDate: bornAbout(16),
      teamIds: [team.id],
      showName: true,
    });
    const [adult] = await enrol(community.staff, community.id, 1, { teamIds: [team.id], showName: true });
    const [t] = await publicTeams(community.slug);
    expect(t.members).toBe(2);
    expect(t.names).toContain(maskName(adult.name));
    expect(JSON.stringify(t)).not.toContain(minor.name);
    // Only the adult's: the two masked names may look alike (same surname and last letter).
    expect(t.names, "a 16-year-old's masked name is published").toEqual([maskName(adult.name)]);
  });
});

describe("registration", () => {
  it("a resident registers (pending), cannot register twice, and staff approve (audited)", async () => {
    const team = await createTeam(C.staff, C.id);
    const [p] = await voters(C.id, 1);
    type Mine = {
      volunteer: null | { id: string; status: string; name: string; skills: string; showName: boolean };
      teams: { id: string; membership: string | null }[];
    };
    expect(expectOk(await p.client.query<Mine>("volunteers.mine")).volunteer).toBeNull();
    const reg = expectOk(
      await p.client.mutate<{ id: string; needsGuardian: boolean }>("volunteers.register", {
        skills: "急救、电工",
        availability: "周末",
        showName: true,
        teamIds: [team.id],
      }),
    );
    track([{ ...p, volunteerId: reg.id }]);
    expect(reg.needsGuardian).toBe(false);
    const mine = expectOk(await p.client.query<Mine>("volunteers.mine"));
    expect(mine.volunteer).toMatchObject({
      id: reg.id,
      status: "pending",
      name: p.name,
      skills: "急救、电工",
      showName: true,
    });
    expect(mine.teams.find((t) => t.id === team.id)!.membership).toBe("pending");

    expectRefusal(await p.client.mutate("volunteers.register", { teamIds: [] }), "volunteer.alreadyRegistered", {
      code: "CONFLICT",
    });
    expect(await count("SELECT count(*) AS n FROM volunteers WHERE resident_id = ?", p.id)).toBe(1);

    const listed = expectOk(
      await C.staff.query<{ id: string; name: string; status: string }[]>("volunteers.volunteerList", {
        communityId: C.id,
        status: "pending",
      }),
    );
    expect(listed.find((v) => v.id === reg.id)).toMatchObject({ name: p.name, status: "pending" });

    expectOk(await C.staff.mutate("volunteers.approveVolunteer", { volunteerId: reg.id }));
    expect((await volunteerRow(reg.id))!.status).toBe("active");
    const audit = await auditRows("volunteer.approve", reg.id);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].before!)).toEqual({ status: "pending" });
    expect(JSON.parse(audit[0].after!)).toEqual({ status: "active" });
    // Approval of the volunteer is not acceptance on the team: that is the team's decision.
    expect(await membership(team.id, reg.id)).toBe("pending");
  });

  it("under 14: approval waits for a guardian's consent on record; then the child may serve", async () => {
    const team = await createTeam(C.staff, C.id, { kind: "environment" });
    const [child] = await voters(C.id, 1, { birthDate: bornAbout(12) });
    const reg = expectOk(
      await child.client.mutate<{ id: string; needsGuardian: boolean }>("volunteers.register", { teamIds: [team.id] }),
    );
    track([{ ...child, volunteerId: reg.id }]);
    expect(reg.needsGuardian).toBe(true);
    expectRefusal(
      await C.staff.mutate("volunteers.approveVolunteer", { volunteerId: reg.id }),
      "volunteer.guardianConsent",
      {
        field: "volunteerId",
      },
    );
    expect((await volunteerRow(reg.id))!.status).toBe("pending");

    expectOk(await C.staff.mutate("volunteers.setGuardianConsent", { volunteerId: reg.id, guardianName: "王监护" }));
    const row = (await volunteerRow(reg.id))!;
    expect(row.guardian_name).toBe("王监护");
    expect(row.guardian_consent_at).toBeGreaterThan(0);
    expect(await auditRows("volunteer.guardianConsent", reg.id)).toHaveLength(1);

    expectOk(await C.staff.mutate("volunteers.approveVolunteer", { volunteerId: reg.id }));
    expectOk(
      await C.staff.mutate("volunteers.decideMembership", { teamId: team.id, volunteerId: reg.id, approve: true }),
    );
    const shiftId = await createShift(C.staff, team.id);
    expectOk(await child.client.mutate("volunteers.signUp", { shiftId }));
  });

  it("an under-18 cannot join the night patrol: refused at register and at join, with the translated message", async () => {
    const patrol = await nightPatrol(C.staff, C.id);
    const plain = await createTeam(C.staff, C.id);
    const [teen] = await voters(C.id, 1, { birthDate: bornAbout(16) });
    const before = await count("SELECT count(*) AS n FROM volunteers");

    const r = await teen.client.mutate("volunteers.register", { teamIds: [plain.id, patrol.id] });
    expectRefusal(r, "volunteer.underageForTeam", { field: "teamIds", params: { team: patrol.name } });
    expect(msg("volunteer.underageForTeam", { team: patrol.name })).toContain(patrol.name);
    expectRefusal(
      await inEnglish(teen.client).mutate("volunteers.register", { teamIds: [patrol.id] }),
      "volunteer.underageForTeam",
      { field: "teamIds", params: { team: patrol.name }, lang: "en" },
    );
    expect(await count("SELECT count(*) AS n FROM volunteers")).toBe(before);

    const { id } = expectOk(await teen.client.mutate<{ id: string }>("volunteers.register", { teamIds: [plain.id] }));
    track([{ ...teen, volunteerId: id }]);
    expectOk(await C.staff.mutate("volunteers.approveVolunteer", { volunteerId: id }));
    expectRefusal(await teen.client.mutate("volunteers.joinTeam", { teamId: patrol.id }), "volunteer.underageForTeam", {
      field: "teamId",
      params: { team: patrol.name },
    });
    expect(await membership(patrol.id, id)).toBeUndefined();
    expect(await membership(plain.id, id)).toBe("pending");

    type Mine = { teams: { id: string; joinProblem?: string | null }[] };
    const mine = expectOk(await teen.client.query<Mine>("volunteers.mine"));
    expect(mine.teams.find((t) => t.id === patrol.id)!.joinProblem).toBe("volunteer.underageForTeam");
    expect(mine.teams.find((t) => t.id === plain.id)!.joinProblem).toBeNull();
  });

  it("joining a team: a request, accepted by staff; an adult may join the night patrol", async () => {
    const patrol = await nightPatrol(C.staff, C.id);
    const [v] = track(await enrol(C.staff, C.id, 1));
    expectOk(await v.client.mutate("volunteers.joinTeam", { teamId: patrol.id }));
    expect(await membership(patrol.id, v.volunteerId)).toBe("pending");
    // Asking again changes nothing.
    expectOk(await v.client.mutate("volunteers.joinTeam", { teamId: patrol.id }));
    expect(await membership(patrol.id, v.volunteerId)).toBe("pending");
    expectOk(
      await C.staff.mutate("volunteers.decideMembership", {
        teamId: patrol.id,
        volunteerId: v.volunteerId,
        approve: true,
      }),
    );
    expect(await membership(patrol.id, v.volunteerId)).toBe("active");
    // Deciding the same again is not a change.
    expectError(
      await C.staff.mutate("volunteers.decideMembership", {
        teamId: patrol.id,
        volunteerId: v.volunteerId,
        approve: true,
      }),
      "NOT_FOUND",
    );
    expect(await auditRows("volunteer.memberApprove", patrol.id)).toHaveLength(1);
  });

  it("approved but membership pending cannot sign up; a member not yet approved cannot either", async () => {
    const team = await createTeam(C.staff, C.id);
    const shiftId = await createShift(C.staff, team.id);
    const [waiting] = track(await enrol(C.staff, C.id, 1, { teamIds: [team.id], acceptOnTeams: false }));
    expectRefusal(await signUp(waiting, shiftId), "volunteer.notMember", { params: { team: team.name } });

    const [unapproved] = track(await enrol(C.staff, C.id, 1, { teamIds: [team.id], approve: false }));
    expect(await membership(team.id, unapproved.volunteerId)).toBe("active");
    expectRefusal(await signUp(unapproved, shiftId), "volunteer.notApproved", { params: { team: team.name } });

    const [resident] = await voters(C.id, 1);
    expectRefusal(await resident.client.mutate("volunteers.signUp", { shiftId }), "volunteer.notRegistered");
    expect(await liveCount(shiftId)).toBe(0);
  });
});

describe("sign-up", () => {
  it("20 residents sign up at once for a shift of 5 places: exactly 5 get in, 15 are told it is full", async () => {
    const team = await createTeam(C.staff, C.id, { kind: "patrol" });
    const vols = track(await enrol(C.staff, C.id, 20, { teamIds: [team.id] }));
    const shiftId = await createShift(C.staff, team.id, { capacity: 5 });

    const results = await Promise.all(vols.map((v) => signUp(v, shiftId)));
    const inside = vols.filter((_, i) => results[i].ok);
    expect(inside).toHaveLength(5);
    for (const r of results.filter((r) => !r.ok)) expectRefusal(r, "volunteer.shiftFull");
    expect(await liveCount(shiftId)).toBe(5);
    const rows = (
      await env.DB.prepare("SELECT volunteer_id FROM shift_signups WHERE shift_id = ? AND cancelled_at IS NULL")
        .bind(shiftId)
        .all<{ volunteer_id: string }>()
    ).results.map((r) => r.volunteer_id);
    expect(rows.sort()).toEqual(inside.map((v) => v.volunteerId).sort());

    const open = expectOk(
      await new Client().query<{ id: string; signedUp: number; capacity: number }[]>("volunteers.openShifts", {
        street: STREET,
        community: C.slug,
      }),
    );
    expect(open.find((s) => s.id === shiftId)).toMatchObject({ signedUp: 5, capacity: 5 });

    // Second round: two cancel, then all twenty try again at once.
    const leaving = inside.slice(0, 2);
    for (const v of leaving) expectOk(await v.client.mutate("volunteers.cancel", { shiftId }));
    expect(await liveCount(shiftId)).toBe(3);
    const again = await Promise.all(vols.map((v) => signUp(v, shiftId)));
    const staying = new Set(inside.slice(2).map((v) => v.volunteerId));
    const others = again.filter((_, i) => !staying.has(vols[i].volunteerId));
    // Those still signed up are refused: already signed up, or full if the places went first.
    vols.forEach((v, i) => {
      if (!staying.has(v.volunteerId)) return;
      expectError(again[i], "BAD_REQUEST");
      expect([msg("volunteer.alreadySignedUp"), msg("volunteer.shiftFull")]).toContain(
        !again[i].ok && again[i].error.message,
      );
    });
    expect(others.filter((r) => r.ok)).toHaveLength(2);
    for (const r of others.filter((r) => !r.ok)) expectRefusal(r, "volunteer.shiftFull");
    expect(others.filter((r) => !r.ok)).toHaveLength(15);
    expect(await liveCount(shiftId)).toBe(5);
    expect(await count("SELECT count(*) AS n FROM shift_signups WHERE shift_id = ?", shiftId)).toBe(7);
  });

  it("a member sees how full a shift is, and that a full shift takes no more", async () => {
    const team = await createTeam(C.staff, C.id);
    const [a, b, c] = track(await enrol(C.staff, C.id, 3, { teamIds: [team.id] }));
    const shiftId = await createShift(C.staff, team.id, { capacity: 2 });
    expectOk(await signUp(a, shiftId));
    expectOk(await signUp(b, shiftId));
    expectRefusal(await signUp(c, shiftId), "volunteer.shiftFull");
    type MineShift = {
      id: string;
      signedUp: number;
      capacity: number;
      signup: { id: string } | null;
      canCancel: boolean;
      signUpProblem: string | null;
    };
    const view = async (v: Volunteer) =>
      expectOk(await v.client.query<{ shifts: MineShift[] }>("volunteers.mine")).shifts.find((s) => s.id === shiftId)!;
    const forA = await view(a);
    expect(forA.signup).not.toBeNull();
    expect(forA.canCancel).toBe(true);
    const forC = await view(c);
    expect(forC.signup).toBeNull();
    expect(forC.signedUp, "places taken, as a member sees them").toBe(2);
    expect(forC.signUpProblem).toBe("volunteer.shiftFull");
  });

  it("one volunteer signing up five times at once holds one place", async () => {
    const team = await createTeam(C.staff, C.id);
    const [v] = track(await enrol(C.staff, C.id, 1, { teamIds: [team.id] }));
    const shiftId = await createShift(C.staff, team.id, { capacity: 10 });
    const results = await Promise.all(Array.from({ length: 5 }, () => signUp(v, shiftId)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok)) expectRefusal(r, "volunteer.alreadySignedUp");
    expect(await liveCount(shiftId)).toBe(1);
  });

  it("a risky team refuses sign-up without insurance valid on the shift's day (Art 17)", async () => {
    const patrol = await nightPatrol(C.staff, C.id);
    const [v] = track(await enrol(C.staff, C.id, 1, { teamIds: [patrol.id] }));
    const shiftDay = addDays(today(), 3);
    const shiftId = await createShift(C.staff, patrol.id, {
      startsAt: beijing(`${shiftDay} 21:00`),
      endsAt: beijing(`${addDays(shiftDay, 1)} 01:00`),
    });
    expectRefusal(await signUp(v, shiftId), "volunteer.noInsurance", { params: { team: patrol.name } });
    expect(msg("volunteer.noInsurance", { team: patrol.name })).toContain("意外保险");

    const insure = (insuredUntil: string) =>
      C.staff.mutate("volunteers.setInsurance", {
        volunteerId: v.volunteerId,
        insurer: "平安保险",
        insurancePolicy: "PA-2026-001",
        insuredUntil,
      });
    expectOk(await insure(addDays(shiftDay, -1)));
    expect((await volunteerRow(v.volunteerId))!.insured_until).toBe(addDays(shiftDay, -1));
    expectRefusal(await signUp(v, shiftId), "volunteer.noInsurance", { params: { team: patrol.name } });
    expect(await liveCount(shiftId)).toBe(0);

    expectOk(await insure(shiftDay));
    expectOk(await signUp(v, shiftId));
    expect(await liveCount(shiftId)).toBe(1);
    expect(await auditRows("volunteer.insurance", v.volunteerId)).toHaveLength(2);
  });

  it("a cancelled shift and a started shift take no sign-ups", async () => {
    const team = await createTeam(C.staff, C.id);
    const [v] = track(await enrol(C.staff, C.id, 1, { teamIds: [team.id] }));
    const cancelled = await createShift(C.staff, team.id);
    expectOk(await C.staff.mutate("volunteers.shiftCancel", { shiftId: cancelled, reason: "暴雨取消" }));
    expectRefusal(await signUp(v, cancelled), "volunteer.shiftCancelled");
    const started = await createShift(C.staff, team.id);
    await moveShift(started, Date.now() - MIN, Date.now() + HOUR);
    expectRefusal(await signUp(v, started), "volunteer.shiftStarted");
    expectRefusal(
      await C.staff.mutate("volunteers.shiftCancel", { shiftId: started, reason: "来不及了" }),
      "volunteer.shiftStarted",
    );
  });
});

describe("cancellation", () => {
  it("allowed before the cut-off, refused after it, never after check-in", async () => {
    const team = await createTeam(C.staff, C.id, { cancelCutoffHours: 12 });
    const [v] = track(await enrol(C.staff, C.id, 1, { teamIds: [team.id] }));
    const now = Date.now();
    const shiftId = await createShift(C.staff, team.id, { startsAt: now + 13 * HOUR, endsAt: now + 15 * HOUR });

    const first = expectOk(await signUp(v, shiftId));
    expectOk(await v.client.mutate("volunteers.cancel", { shiftId }));
    const cancelled = await env.DB.prepare("SELECT cancelled_at FROM shift_signups WHERE id = ?")
      .bind(first.id)
      .first<{ cancelled_at: number | null }>();
    expect(cancelled!.cancelled_at).toBeGreaterThan(0);
    expect(await liveCount(shiftId)).toBe(0);
    expectRefusal(await v.client.mutate("volunteers.cancel", { shiftId }), "volunteer.notSignedUp");

    const second = expectOk(await signUp(v, shiftId));
    expect(second.id).not.toBe(first.id);
    await moveShift(shiftId, Date.now() + 11 * HOUR, Date.now() + 13 * HOUR);
    expectRefusal(await v.client.mutate("volunteers.cancel", { shiftId }), "volunteer.cancelClosed", {
      params: { hours: 12 },
    });
    expect((await liveSignup(shiftId, v.volunteerId))!.id).toBe(second.id);

    // Checked in: never cancellable, even if the shift were moved back beyond the cut-off.
    await moveShift(shiftId, Date.now() + 10 * MIN, Date.now() + 2 * HOUR);
    expectOk(await v.client.mutate("volunteers.checkIn", { shiftId }));
    await moveShift(shiftId, Date.now() + 13 * HOUR, Date.now() + 15 * HOUR);
    expectRefusal(await v.client.mutate("volunteers.cancel", { shiftId }), "volunteer.cancelClosed", {
      params: { hours: 12 },
    });
    const live = (await liveSignup(shiftId, v.volunteerId))!;
    expect(live.id).toBe(second.id);
    expect(live.check_in_at).toBeGreaterThan(0);
  });
});

describe("check-in and check-out", () => {
  it("by the volunteer: from 30 minutes before the start until the end; idempotent", async () => {
    const team = await createTeam(C.staff, C.id);
    const [v, late, stranger] = track(await enrol(C.staff, C.id, 3, { teamIds: [team.id] }));
    const shiftId = await createShift(C.staff, team.id);
    expectOk(await signUp(v, shiftId));
    expectOk(await signUp(late, shiftId));

    await moveShift(shiftId, Date.now() + 31 * MIN, Date.now() + 151 * MIN);
    expectRefusal(await v.client.mutate("volunteers.checkIn", { shiftId }), "volunteer.checkInClosed");
    expect((await liveSignup(shiftId, v.volunteerId))!.check_in_at).toBeNull();

    await moveShift(shiftId, Date.now() + 29 * MIN, Date.now() + 149 * MIN);
    const first = expectOk(await v.client.mutate<{ checkInAt: number }>("volunteers.checkIn", { shiftId }));
    const again = expectOk(await v.client.mutate<{ checkInAt: number }>("volunteers.checkIn", { shiftId }));
    expect(again.checkInAt).toBe(first.checkInAt);
    const row = (await liveSignup(shiftId, v.volunteerId))!;
    expect(row.check_in_at).toBe(first.checkInAt);
    expect(row.check_in_by).toBe(v.userId);

    expectRefusal(await stranger.client.mutate("volunteers.checkIn", { shiftId }), "volunteer.notSignedUp");
    expectRefusal(await late.client.mutate("volunteers.checkOut", { shiftId }), "volunteer.notCheckedIn");

    const out = expectOk(await v.client.mutate<{ minutes: number }>("volunteers.checkOut", { shiftId }));
    const after = (await liveSignup(shiftId, v.volunteerId))!;
    expect(after.minutes).toBe(out.minutes);
    expect(after.check_out_by).toBe(v.userId);
    const outAgain = expectOk(await v.client.mutate<{ minutes: number }>("volunteers.checkOut", { shiftId }));
    expect(outAgain.minutes).toBe(out.minutes);
    expect((await liveSignup(shiftId, v.volunteerId))!.check_out_at).toBe(after.check_out_at);

    // At the end, check-in closes.
    await moveShift(shiftId, Date.now() - 2 * HOUR, Date.now() - 1);
    expectRefusal(await late.client.mutate("volunteers.checkIn", { shiftId }), "volunteer.checkInClosed");
  });

  it("minutes from check-in to check-out through the API, whole minutes rounded down", async () => {
    const team = await createTeam(C.staff, C.id);
    const [v] = track(await enrol(C.staff, C.id, 1, { teamIds: [team.id] }));
    const shiftId = await createShift(C.staff, team.id);
    const { id } = expectOk(await signUp(v, shiftId));
    await moveShift(shiftId, Date.now() - 100 * MIN, Date.now() + 20 * MIN);
    expectOk(await v.client.mutate("volunteers.checkIn", { shiftId }));
    // As if the check-in had been 95½ minutes ago.
    await setAttendance(id, Date.now() - 95 * MIN - 30_000);
    const out = expectOk(await v.client.mutate<{ minutes: number }>("volunteers.checkOut", { shiftId }));
    expect(out.minutes).toBe(95);
    const row = (await liveSignup(shiftId, v.volunteerId))!;
    expect(row.minutes).toBe(Math.floor((row.check_out_at! - row.check_in_at!) / MIN));
    expect(row.minutes).toBe(95);
  });

  it("an early check-in and a late check-out are capped at the shift's length", async () => {
    const team = await createTeam(C.staff, C.id);
    const [v] = track(await enrol(C.staff, C.id, 1, { teamIds: [team.id] }));
    const shiftId = await createShift(C.staff, team.id);
    const { id } = expectOk(await signUp(v, shiftId));
    // A two-hour shift that ended an hour ago (not yet due for settling), checked in 20 minutes early.
    const start = Date.now() - 3 * HOUR;
    await moveShift(shiftId, start, start + 2 * HOUR);
    await setAttendance(id, start - 20 * MIN);
    const out = expectOk(await v.client.mutate<{ minutes: number }>("volunteers.checkOut", { shiftId }));
    expect(out.minutes).toBe(120);
    expect((await liveSignup(shiftId, v.volunteerId))!.minutes).toBe(120);
  });

  describe("by the team's leader (a resident)", () => {
    let team: { id: string; name: string };
    let leader: Volunteer;
    let member: Volunteer;
    let bystander: Volunteer;
    let shiftId: string;

    beforeAll(async () => {
      [leader] = track(await enrol(C.staff, C.id, 1));
      team = await createTeam(C.staff, C.id, { kind: "patrol", leaderVolunteerId: leader.volunteerId });
      [member, bystander] = track(await enrol(C.staff, C.id, 2, { teamIds: [team.id] }));
      shiftId = await createShift(leader.client, team.id, { capacity: 4 });
      expectOk(await signUp(member, shiftId));
      await moveShift(shiftId, Date.now() - 10 * MIN, Date.now() + 2 * HOUR);
    });

    it("plans shifts, reads the roster, checks members in and out, idempotently", async () => {
      expect((await shiftRow(shiftId))!.team_id).toBe(team.id);
      const r = await roster(leader.client, shiftId);
      expect(r.asLeader).toBe(true);
      expect(r.signups.map((s) => s.volunteerId)).toEqual([member.volunteerId]);

      const input = { shiftId, volunteerId: member.volunteerId };
      const first = expectOk(await leader.client.mutate<{ checkInAt: number }>("volunteers.leaderCheckIn", input));
      const again = expectOk(await leader.client.mutate<{ checkInAt: number }>("volunteers.leaderCheckIn", input));
      expect(again.checkInAt).toBe(first.checkInAt);
      let row = (await liveSignup(shiftId, member.volunteerId))!;
      expect(row.check_in_by).toBe(leader.userId);
      expect(row.check_in_at).toBe(first.checkInAt);

      const out = expectOk(await leader.client.mutate<{ minutes: number }>("volunteers.leaderCheckOut", input));
      row = (await liveSignup(shiftId, member.volunteerId))!;
      expect(row.check_out_by).toBe(leader.userId);
      expect(row.minutes).toBe(out.minutes);
      const outAgain = expectOk(await leader.client.mutate<{ minutes: number }>("volunteers.leaderCheckOut", input));
      expect(outAgain.minutes).toBe(out.minutes);
      expect((await liveSignup(shiftId, member.volunteerId))!.check_out_at).toBe(row.check_out_at);

      expectRefusal(
        await leader.client.mutate("volunteers.leaderCheckIn", { shiftId, volunteerId: bystander.volunteerId }),
        "volunteer.notSignedUp",
      );
    });

    it("community staff may do the same", async () => {
      const r = await roster(C.staff, shiftId);
      expect(r.asLeader).toBe(false);
      expect(r.signups).toHaveLength(1);
    });

    it("a resident who does not lead the team gets FORBIDDEN; another community's admin NOT_FOUND", async () => {
      const input = { shiftId, volunteerId: member.volunteerId };
      const [, otherLeader] = track(await enrol(C.staff, C.id, 2));
      await createTeam(C.staff, C.id, { leaderVolunteerId: otherLeader.volunteerId });
      for (const c of [bystander.client, member.client, otherLeader.client]) {
        expectError(await c.query("volunteers.roster", { shiftId }), "FORBIDDEN", "roster");
        expectError(await c.mutate("volunteers.leaderCheckIn", input), "FORBIDDEN", "leaderCheckIn");
        expectError(await c.mutate("volunteers.leaderCheckOut", input), "FORBIDDEN", "leaderCheckOut");
        expectError(
          await c.mutate("volunteers.shiftCreate", {
            teamId: team.id,
            task: "越权",
            startsAt: Date.now() + DAY,
            endsAt: Date.now() + DAY + HOUR,
            capacity: 2,
          }),
          "FORBIDDEN",
          "shiftCreate",
        );
      }
      for (const who of ["taoyuan-admin", "liushu-admin"]) {
        const c = await Client.as(who);
        expectError(await c.query("volunteers.roster", { shiftId }), "NOT_FOUND", `${who} roster`);
        expectError(await c.mutate("volunteers.leaderCheckIn", input), "NOT_FOUND", `${who} leaderCheckIn`);
        expectError(await c.query("volunteers.teamMembers", { teamId: team.id }), "NOT_FOUND", `${who} teamMembers`);
      }
      expect(await count("SELECT count(*) AS n FROM shifts WHERE task = '越权'")).toBe(0);
    });
  });
});

describe("hours and settling", () => {
  it("a shift 22:00–02:00 Beijing time: minutes across midnight, caps, a forgotten check-out and a no-show", async () => {
    const team = await createTeam(C.staff, C.id, { kind: "patrol" });
    const [forgot, early, lateStay, noShow] = track(await enrol(C.staff, C.id, 4, { teamIds: [team.id] }));
    const shiftId = await createShift(C.staff, team.id, { capacity: 4 });
    const ids = new Map<Volunteer, string>();
    for (const v of [forgot, early, lateStay, noShow]) ids.set(v, expectOk(await signUp(v, shiftId)).id);

    const day = addDays(today(), -3);
    const start = beijing(`${day} 22:00`);
    const end = beijing(`${addDays(day, 1)} 02:00`);
    await moveShift(shiftId, start, end);
    await setAttendance(ids.get(forgot)!, beijing(`${day} 22:20`));
    await setAttendance(ids.get(early)!, beijing(`${day} 21:35`));
    await setAttendance(ids.get(lateStay)!, beijing(`${day} 22:10`));

    // Checking out long after the end counts only the shift's four hours.
    const out = expectOk(await lateStay.client.mutate<{ minutes: number }>("volunteers.checkOut", { shiftId }));
    expect(out.minutes).toBe(240);
    const lateOut = (await liveSignup(shiftId, lateStay.volunteerId))!.check_out_at;

    expect((await shiftRow(shiftId))!.settled_at).toBeNull();
    const r = await roster(C.staff, shiftId);
    expect((await shiftRow(shiftId))!.settled_at).toBeGreaterThan(0);
    const by = (v: Volunteer) => r.signups.find((s) => s.volunteerId === v.volunteerId)!;
    expect(by(forgot)).toMatchObject({ checkOutAt: end, minutes: 220, flag: "no_checkout" });
    expect(by(early)).toMatchObject({ checkOutAt: end, minutes: 240, flag: "no_checkout" });
    expect(by(lateStay)).toMatchObject({ checkOutAt: lateOut, minutes: 240, flag: null });
    expect(by(noShow)).toMatchObject({ checkInAt: null, checkOutAt: null, minutes: 0, flag: "no_show" });

    // Settling twice changes nothing.
    const settledAt = (await shiftRow(shiftId))!.settled_at;
    expect((await roster(C.staff, shiftId)).signups).toEqual(r.signups);
    expect((await shiftRow(shiftId))!.settled_at).toBe(settledAt);

    // The same in D1: the forgotten check-out closed at 02:00, the no-show with nothing.
    expect(await liveSignup(shiftId, forgot.volunteerId)).toMatchObject({
      check_out_at: end,
      minutes: 220,
      flag: "no_checkout",
      check_out_by: null,
    });
    expect(await liveSignup(shiftId, noShow.volunteerId)).toMatchObject({ check_in_at: null, minutes: 0 });
  });

  it("settling waits two hours after the end; the roster, calendar and records trigger it", async () => {
    const team = await createTeam(C.staff, C.id);
    const [v] = track(await enrol(C.staff, C.id, 1, { teamIds: [team.id] }));
    const shifts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await createShift(C.staff, team.id);
      expectOk(await signUp(v, id));
      shifts.push(id);
    }
    const endedAgo = async (id: string, ago: number) => moveShift(id, Date.now() - ago - HOUR, Date.now() - ago);
    const flagOf = async (id: string) => (await liveSignup(id, v.volunteerId))!.flag;

    const [byRoster, byCalendar, byMyRecord, byStaffRecord] = shifts;
    await endedAgo(byRoster, HOUR);
    await roster(C.staff, byRoster);
    expect((await shiftRow(byRoster))!.settled_at).toBeNull();
    expect(await flagOf(byRoster)).toBeNull();
    await endedAgo(byRoster, 2 * HOUR + MIN);
    await roster(C.staff, byRoster);
    expect(await flagOf(byRoster)).toBe("no_show");

    await endedAgo(byCalendar, 2 * HOUR + MIN);
    expect((await shiftRow(byCalendar))!.settled_at).toBeNull();
    expectOk(
      await C.staff.query("volunteers.calendar", {
        communityId: C.id,
        from: Date.now() - 7 * DAY,
        to: Date.now() + DAY,
      }),
    );
    expect(await flagOf(byCalendar)).toBe("no_show");

    await endedAgo(byMyRecord, 3 * HOUR);
    expectOk(await v.client.query("volunteers.myRecord"));
    expect(await flagOf(byMyRecord)).toBe("no_show");

    await endedAgo(byStaffRecord, 3 * HOUR);
    expectOk(await C.staff.query("volunteers.volunteerRecord", { volunteerId: v.volunteerId }));
    expect(await flagOf(byStaffRecord)).toBe("no_show");
    for (const id of shifts) expect((await liveSignup(id, v.volunteerId))!.minutes).toBe(0);
  });

  it("staff adjust minutes with a reason, audited, never beyond the shift; the leader cannot", async () => {
    const [leader] = track(await enrol(C.staff, C.id, 1));
    const team = await createTeam(C.staff, C.id, { leaderVolunteerId: leader.volunteerId });
    const [v] = track(await enrol(C.staff, C.id, 1, { teamIds: [team.id] }));
    const shiftId = await createShift(C.staff, team.id);
    const { id: signupId } = expectOk(await signUp(v, shiftId));
    const start = Date.now() - 5 * HOUR - MIN;
    await moveShift(shiftId, start, start + 3 * HOUR);
    await setAttendance(signupId, start + 10 * MIN);
    await roster(C.staff, shiftId);
    expect((await liveSignup(shiftId, v.volunteerId))!.minutes).toBe(170);

    const staffUser = await createUser({ role: "community_staff", community: C.slug });
    const staff = await Client.as(staffUser.username, staffUser.password);

    const short = await staff.mutate("volunteers.adjustMinutes", { signupId, minutes: 150, reason: "短" });
    expect(expectError(short, "BAD_REQUEST").fieldErrors?.reason).toBeTruthy();
    expectRefusal(
      await staff.mutate("volunteers.adjustMinutes", { signupId, minutes: 181, reason: "队长补记签到时间" }),
      "volunteer.adjustTooLong",
      { field: "minutes", params: { max: 180 } },
    );
    expectError(
      await leader.client.mutate("volunteers.adjustMinutes", { signupId, minutes: 180, reason: "队长自己改时长" }),
      "FORBIDDEN",
    );
    expectError(
      await (
        await Client.as("taoyuan-admin")
      ).mutate("volunteers.adjustMinutes", {
        signupId,
        minutes: 180,
        reason: "跨社区修改时长",
      }),
      "NOT_FOUND",
    );
    expect(await auditRows("volunteer.adjustMinutes", signupId)).toHaveLength(0);
    expect((await liveSignup(shiftId, v.volunteerId))!.adjusted_minutes).toBeNull();

    expectOk(await staff.mutate("volunteers.adjustMinutes", { signupId, minutes: 180, reason: "提前到岗，队长确认" }));
    const row = (await liveSignup(shiftId, v.volunteerId))!;
    expect(row).toMatchObject({ minutes: 170, adjusted_minutes: 180, adjust_reason: "提前到岗，队长确认" });
    const audit = await auditRows("volunteer.adjustMinutes", signupId);
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(staffUser.id);
    expect(JSON.parse(audit[0].before!)).toEqual({ minutes: 170, adjustedMinutes: null });
    expect(JSON.parse(audit[0].after!)).toEqual({ adjustedMinutes: 180, reason: "提前到岗，队长确认" });

    // The staff's volunteer list counts the adjusted minutes.
    const listed = expectOk(
      await C.staff.query<{ id: string; minutes: number }[]>("volunteers.volunteerList", { communityId: C.id }),
    );
    expect(listed.find((x) => x.id === v.volunteerId)!.minutes).toBe(180);

    // A second adjustment records the first as its "before".
    expectOk(await staff.mutate("volunteers.adjustMinutes", { signupId, minutes: 0, reason: "核实未到岗" }));
    const second = (await auditRows("volunteer.adjustMinutes", signupId))[1];
    expect(JSON.parse(second.before!)).toEqual({ minutes: 170, adjustedMinutes: 180 });
    expect((await liveSignup(shiftId, v.volunteerId))!.adjusted_minutes).toBe(0);
  });
});

describe("service record", () => {
  it("lists each service with its counted minutes and the total, for the volunteer and for staff", async () => {
    const team = await createTeam(C.staff, C.id);
    const [v] = track(await enrol(C.staff, C.id, 1, { teamIds: [team.id] }));
    // Served 120 minutes, served 90 (adjusted to 75), missed one.
    const plan: [number, number, boolean][] = [
      [-6, 120, true],
      [-4, 90, true],
      [-2, 60, false],
    ];
    const made: { shiftId: string; signupId: string }[] = [];
    for (const [daysAgo, length, attended] of plan) {
      const shiftId = await createShift(C.staff, team.id);
      const { id: signupId } = expectOk(await signUp(v, shiftId));
      const start = beijing(`${addDays(today(), daysAgo)} 09:00`);
      await moveShift(shiftId, start, start + length * MIN);
      if (attended) await setAttendance(signupId, start);
      made.push({ shiftId, signupId });
    }
    expectOk(
      await C.staff.query("volunteers.calendar", { communityId: C.id, from: Date.now() - 8 * DAY, to: Date.now() }),
    );
    expectOk(
      await C.staff.mutate("volunteers.adjustMinutes", {
        signupId: made[1].signupId,
        minutes: 75,
        reason: "中途离开 15 分钟",
      }),
    );
    expectOk(
      await C.staff.mutate("volunteers.addRecord", {
        volunteerId: v.volunteerId,
        kind: "training",
        date: addDays(today(), -30),
        title: "急救培训",
      }),
    );
    expect(await auditRows("volunteer.addRecord", v.volunteerId)).toHaveLength(1);

    const want = await countedMinutesSql("ss.volunteer_id = ?", v.volunteerId);
    expect(want).toBe(195);
    const mine = expectOk(await v.client.query<Record_ & { records: { title: string }[] }>("volunteers.myRecord"));
    const staffView = expectOk(
      await C.staff.query<Record_ & { records: { title: string }[] }>("volunteers.volunteerRecord", {
        volunteerId: v.volunteerId,
      }),
    );
    for (const rec of [mine, staffView]) {
      expect(rec.name).toBe(v.name);
      expect(rec.records.map((r) => r.title)).toEqual(["急救培训"]);
      expect(rec.services.map((x) => x.signupId)).toEqual([made[2], made[1], made[0]].map((m) => m.signupId));
      expect(rec.services.map((x) => x.shiftId)).toEqual([made[2], made[1], made[0]].map((m) => m.shiftId));
      expect(rec.services.map((x) => [x.counted, x.flag, x.adjustReason])).toEqual([
        [0, "no_show", null],
        [75, "no_checkout", "中途离开 15 分钟"],
        [120, "no_checkout", null],
      ]);
      expect(rec.totalMinutes).toBe(want);
    }
  });
});

describe("weekly series", () => {
  /** The next Monday (Beijing) at least two days ahead, at 19:00 Beijing time. */
  function nextMonday() {
    let d = addDays(today(), 2);
    while (beijingWeekday(beijing(`${d} 12:00`)) !== 1) d = addDays(d, 1);
    return d;
  }

  it("creates a shift on each chosen weekday (Beijing time) through the end date, inclusive", async () => {
    const team = await createTeam(C.staff, C.id, { kind: "patrol" });
    const first = nextMonday();
    const until = addDays(first, 26); // a Saturday, four weeks on
    const startsAt = beijing(`${first} 19:00`);
    const r = expectOk(
      await C.staff.mutate<{ ids: string[]; seriesId: string | null }>("volunteers.shiftCreate", {
        teamId: team.id,
        task: "晚间巡逻",
        startsAt,
        endsAt: startsAt + 150 * MIN,
        capacity: 3,
        repeat: { weekdays: [1, 3, 6], until },
      }),
    );
    const expected: string[] = [];
    for (let d = first; d <= until; d = addDays(d, 1)) {
      const wd = new Date(`${d}T12:00:00Z`).getUTCDay();
      if ([1, 3, 6].includes(wd)) expected.push(d);
    }
    expect(expected).toHaveLength(12);
    expect(expected.at(-1)).toBe(until);
    expect(r.ids).toHaveLength(12);
    expect(r.seriesId).toBeTruthy();
    const rows = (
      await env.DB.prepare(
        "SELECT starts_at, ends_at, capacity, task FROM shifts WHERE series_id = ? ORDER BY starts_at",
      )
        .bind(r.seriesId)
        .all<{ starts_at: number; ends_at: number; capacity: number; task: string }>()
    ).results;
    expect(rows.map((s) => beijingDay(s.starts_at))).toEqual(expected);
    for (const s of rows) {
      expect(new Date(s.starts_at + 8 * HOUR).toISOString().slice(11, 16)).toBe("19:00");
      expect(s.ends_at - s.starts_at).toBe(150 * MIN);
      expect(s).toMatchObject({ capacity: 3, task: "晚间巡逻" });
    }
    expect(await auditRows("volunteer.shiftCreate", team.id)).toHaveLength(1);
  });

  it("a 07:00 Beijing start on Monday is a Monday shift, though still Sunday in UTC", async () => {
    const team = await createTeam(C.staff, C.id);
    const first = nextMonday();
    const startsAt = beijing(`${first} 07:00`);
    expect(new Date(startsAt).getUTCDay()).toBe(0);
    const r = expectOk(
      await C.staff.mutate<{ ids: string[]; seriesId: string }>("volunteers.shiftCreate", {
        teamId: team.id,
        task: "早间清扫",
        startsAt,
        endsAt: startsAt + HOUR,
        capacity: 2,
        repeat: { weekdays: [1], until: addDays(first, 14) },
      }),
    );
    const rows = (
      await env.DB.prepare("SELECT starts_at FROM shifts WHERE series_id = ? ORDER BY starts_at")
        .bind(r.seriesId)
        .all<{ starts_at: number }>()
    ).results;
    expect(rows.map((s) => s.starts_at)).toEqual([startsAt, startsAt + 7 * DAY, startsAt + 14 * DAY]);
  });

  it("at most 60 shifts at once", async () => {
    const team = await createTeam(C.staff, C.id);
    const startsAt = beijing(`${nextMonday()} 08:00`);
    const r = expectOk(
      await C.staff.mutate<{ ids: string[]; seriesId: string }>("volunteers.shiftCreate", {
        teamId: team.id,
        task: "每日值守",
        startsAt,
        endsAt: startsAt + 4 * HOUR,
        capacity: 2,
        repeat: { weekdays: [0, 1, 2, 3, 4, 5, 6], until: addDays(today(), 400) },
      }),
    );
    expect(r.ids).toHaveLength(60);
    expect(await count("SELECT count(*) AS n FROM shifts WHERE series_id = ?", r.seriesId)).toBe(60);
    const last = await env.DB.prepare("SELECT max(starts_at) AS m FROM shifts WHERE series_id = ?")
      .bind(r.seriesId)
      .first<{ m: number }>();
    expect(last!.m).toBe(startsAt + 59 * DAY);
  });

  it("refuses a series with no day in range, a start in the past, an end before the start", async () => {
    const team = await createTeam(C.staff, C.id);
    const first = nextMonday();
    const startsAt = beijing(`${first} 19:00`);
    const before = await count("SELECT count(*) AS n FROM shifts WHERE team_id = ?", team.id);
    const base = { teamId: team.id, task: "巡逻", startsAt, endsAt: startsAt + HOUR, capacity: 2 };
    expectRefusal(
      await C.staff.mutate("volunteers.shiftCreate", { ...base, repeat: { weekdays: [2], until: first } }),
      "volunteer.emptySeries",
      { field: "repeat" },
    );
    expectRefusal(
      await C.staff.mutate("volunteers.shiftCreate", {
        ...base,
        startsAt: Date.now() - HOUR,
        endsAt: Date.now() + HOUR,
      }),
      "volunteer.startsInPast",
      { field: "startsAt" },
    );
    expectRefusal(
      await C.staff.mutate("volunteers.shiftCreate", { ...base, endsAt: startsAt }),
      "volunteer.endsBeforeStarts",
      { field: "endsAt" },
    );
    expectRefusal(
      await C.staff.mutate("volunteers.shiftCreate", { ...base, endsAt: startsAt + 24 * HOUR + 1 }),
      "volunteer.shiftTooLong",
      { field: "endsAt" },
    );
    expect(await count("SELECT count(*) AS n FROM shifts WHERE team_id = ?", team.id)).toBe(before);
  });
});

describe("certificates", () => {
  type Certificate = { code: string; totalMinutes: number; services: number };
  let v: Volunteer;
  let other: Volunteer;
  const from = () => addDays(today(), -12);
  const to = () => addDays(today(), -1);

  beforeAll(async () => {
    const team = await createTeam(C.staff, C.id);
    [v, other] = track(await enrol(C.staff, C.id, 2, { teamIds: [team.id] }));
    // Four shifts: two served in the range, one served before it, one missed in it.
    const plan: [number, string, number | null][] = [
      [-10, "09:00", 120],
      [-5, "14:00", 90],
      [-20, "08:00", 60],
      [-3, "10:00", null],
    ];
    for (const [daysAgo, time, served] of plan) {
      const id = await createShift(C.staff, team.id, { capacity: 3 });
      const { id: signupId } = expectOk(await signUp(v, id));
      const start = beijing(`${addDays(today(), daysAgo)} ${time}`);
      await moveShift(id, start, start + (served ?? 60) * MIN);
      if (served !== null) await setAttendance(signupId, start);
    }
  });

  it("issued on request; totals equal the counted minutes of services in the range", async () => {
    expectRefusal(
      await v.client.mutate("volunteers.requestCertificate", { fromDate: to(), toDate: from() }),
      "volunteer.badRange",
      { field: "toDate" },
    );
    const cert = expectOk(
      await v.client.mutate<Certificate>("volunteers.requestCertificate", { fromDate: from(), toDate: to() }),
    );
    certificateCodes.push(cert.code);
    const rows = (
      await env.DB.prepare(
        `SELECT coalesce(ss.adjusted_minutes, ss.minutes, 0) AS counted
           FROM shift_signups ss JOIN shifts s ON s.id = ss.shift_id
          WHERE ss.volunteer_id = ? AND ss.cancelled_at IS NULL
            AND date((s.starts_at + 8 * 3600000) / 1000, 'unixepoch') BETWEEN ? AND ?`,
      )
        .bind(v.volunteerId, from(), to())
        .all<{ counted: number }>()
    ).results.filter((r) => r.counted > 0);
    expect(cert.totalMinutes).toBe(rows.reduce((s, r) => s + r.counted, 0));
    expect(cert.services).toBe(rows.length);
    expect(cert).toMatchObject({ totalMinutes: 210, services: 2 });

    const mine = expectOk(
      await v.client.query<Certificate & { volunteerName: string; serviceRows: unknown[] }>(
        "volunteers.myCertificate",
        {
          code: cert.code,
        },
      ),
    );
    expect(mine.volunteerName).toBe(v.name);
    expect(mine.totalMinutes).toBe(210);
    expect(mine.services).toBe(2);
    expect(mine.serviceRows).toHaveLength(2);
  });

  it("anyone verifies it by its code and sees the masked name and the same totals", async () => {
    const cert = expectOk(
      await v.client.mutate<Certificate>("volunteers.requestCertificate", { fromDate: from(), toDate: to() }),
    );
    certificateCodes.push(cert.code);
    const anon = new Client();
    const shown = expectOk(
      await anon.query<{
        code: string;
        volunteerName: string;
        totalMinutes: number;
        services: number;
        fromDate: string;
        toDate: string;
        contentHash: string;
      }>("volunteers.verifyCertificate", { code: cert.code }),
    );
    expect(shown).toMatchObject({
      code: cert.code,
      volunteerName: maskName(v.name),
      totalMinutes: cert.totalMinutes,
      services: cert.services,
      fromDate: from(),
      toDate: to(),
    });
    expect(shown.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(shown)).not.toContain(v.name);
    // Anyone recomputes the hash from what the check shows: it never covered the full name, so the
    // published hash cannot be used to guess the characters behind the mask.
    const check = shown as typeof shown & { communityName: string; issuedAt: number };
    expect(
      await contentHash(
        certificateContent({ ...check, community: check.communityName, volunteerName: check.volunteerName }),
      ),
    ).toBe(shown.contentHash);
    expect(shown).not.toHaveProperty("volunteerId");
    // Typed loosely (lower case, spaces): still found.
    const typed = cert.code.toLowerCase().replace(/-/g, " ");
    expect(expectOk(await anon.query<{ code: string }>("volunteers.verifyCertificate", { code: typed })).code).toBe(
      cert.code,
    );
    expectError(await anon.query("volunteers.verifyCertificate", { code: "ZZZZ-ZZZZ-ZZZZ" }), "NOT_FOUND");
  });

  it("another resident cannot read it through myCertificate", async () => {
    const [code] = certificateCodes;
    expectError(await other.client.query("volunteers.myCertificate", { code }), "NOT_FOUND");
    const [resident] = await voters(C.id, 1);
    expectRefusal(await resident.client.query("volunteers.myCertificate", { code }), "volunteer.notRegistered");
    expectError(await C.staff.query("volunteers.myCertificate", { code }), "FORBIDDEN");
  });
});

describe("street figures and open data", () => {
  let S: Community;
  let patrol: { id: string; name: string };
  let env_: { id: string; name: string };
  let hidden: { id: string; name: string };
  const people: Volunteer[] = [];
  let adjustable: string;

  type StreetRow = {
    id: string;
    residents: number;
    volunteers: number;
    minutesThisYear: number;
    hoursPer100: number;
    patrolPlanned: number;
    patrolFilled: number;
    patrolCoverage: number;
  };

  /** The street office's figures for S, computed here in SQL. */
  async function expectedStreet() {
    const now = Date.now();
    const residents = await count(
      "SELECT count(*) AS n FROM residents WHERE community_id = ? AND status = 'active'",
      S.id,
    );
    const minutes = await countedMinutesSql(
      "s.community_id = ? AND s.starts_at >= ? AND s.starts_at < ?",
      S.id,
      yearStart(now),
      now,
    );
    const patrolWhere = `FROM shifts s JOIN volunteer_teams t ON t.id = s.team_id
      WHERE t.kind = 'patrol' AND s.community_id = ? AND s.cancelled_at IS NULL AND s.starts_at >= ? AND s.starts_at < ?`;
    const planned = await count(`SELECT coalesce(sum(s.capacity), 0) AS n ${patrolWhere}`, S.id, now - 30 * DAY, now);
    const filled = await count(
      `SELECT count(*) AS n FROM shift_signups ss JOIN (SELECT s.id ${patrolWhere}) p ON p.id = ss.shift_id
        WHERE ss.cancelled_at IS NULL`,
      S.id,
      now - 30 * DAY,
      now,
    );
    return { residents, minutes, planned, filled };
  }

  const streetRow = async (who = "street-admin") =>
    expectOk(await (await Client.as(who)).query<StreetRow[]>("volunteers.streetStats")).find((r) => r.id === S.id)!;

  beforeAll(async () => {
    S = await emptyCommunity();
    patrol = await createTeam(S.staff, S.id, { kind: "patrol" });
    env_ = await createTeam(S.staff, S.id, { kind: "environment" });
    hidden = await createTeam(S.staff, S.id, { kind: "legal_aid", isPublic: false });
    people.push(...(await enrol(S.staff, S.id, 6, { teamIds: [patrol.id, env_.id, hidden.id], showName: true })));
    await voters(S.id, 4);
    await voters(S.id, 2, { status: "moved_out" });

    const now = Date.now();
    const start = Math.max(yearStart(now), now - 3 * DAY);
    // [team, start, length in minutes, capacity, sign-ups, check-ins (minutes before the end)]
    const plan: { team: string; at: number; length: number; capacity: number; n: number; cancel?: boolean }[] = [
      { team: patrol.id, at: start - 2 * DAY, length: 120, capacity: 4, n: 3 },
      { team: patrol.id, at: start - 7 * DAY, length: 240, capacity: 3, n: 3 },
      { team: patrol.id, at: start - 1 * DAY, length: 60, capacity: 5, n: 2, cancel: true },
      { team: patrol.id, at: now - 40 * DAY, length: 90, capacity: 6, n: 2 },
      { team: patrol.id, at: now + 2 * DAY, length: 60, capacity: 8, n: 1 },
      { team: env_.id, at: start, length: 180, capacity: 5, n: 1 },
      { team: hidden.id, at: start, length: 60, capacity: 2, n: 2 },
    ];
    for (const p of plan) {
      const shiftId = await createShift(S.staff, p.team, { capacity: p.capacity });
      const signups: string[] = [];
      for (const v of people.slice(0, p.n)) signups.push(expectOk(await signUp(v, shiftId)).id);
      if (p.team === patrol.id && p.n === 3 && p.length === 120)
        // One of three cancels before the cut-off: two live.
        expectOk(await people[2].client.mutate("volunteers.cancel", { shiftId }));
      if (p.cancel) expectOk(await S.staff.mutate("volunteers.shiftCancel", { shiftId, reason: "天气原因取消" }));
      if (p.at > now) continue;
      await moveShift(shiftId, p.at, p.at + p.length * MIN);
      // The first volunteer checks in on time, the second 30 minutes late; the rest do not come.
      if (signups[0]) await setAttendance(signups[0], p.at);
      if (signups[1]) await setAttendance(signups[1], p.at + 30 * MIN);
      if (p.team === env_.id) adjustable = signups[0];
    }
    // Settle everything that ended (the calendar covers up to 62 days).
    expectOk(
      await S.staff.query("volunteers.calendar", { communityId: S.id, from: now - 45 * DAY, to: now + 10 * DAY }),
    );
  });

  it("the street office sees hours per 100 residents and patrol coverage that match SQL", async () => {
    const want = await expectedStreet();
    expect(want.residents).toBe(10);
    // Patrol in the last 30 days: 4 + 3 places planned (the cancelled shift and the older one not), 2 + 3 filled.
    expect(want.planned).toBe(7);
    expect(want.filled).toBe(5);
    for (const who of ["street-admin", "street-viewer"]) {
      const row = await streetRow(who);
      expect(row).toMatchObject({
        residents: want.residents,
        volunteers: 6,
        minutesThisYear: want.minutes,
        hoursPer100: Math.round((want.minutes * 1000) / (60 * want.residents)) / 10,
        patrolPlanned: 7,
        patrolFilled: 5,
      });
      expect(row.patrolCoverage).toBeCloseTo(5 / 7, 10);
    }
    expect(want.minutes).toBeGreaterThan(0);
    for (const who of ["resident", "community-admin"])
      expectError(await (await Client.as(who)).query("volunteers.streetStats"), "FORBIDDEN", who);
  });

  it("the open data shows aggregates of public teams only, and the hours match", async () => {
    const data = await openVolunteering(S.slug);
    expect(data).toMatchObject({ street: STREET, community: S.slug, month: today().slice(0, 7) });
    expect(data.teams.map((t) => t.id).sort()).toEqual([patrol.id, env_.id].sort());
    const now = Date.now();
    const [y, m] = today().split("-").map(Number);
    const nextMonth = Date.parse(
      `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, "0")}-01T00:00:00+08:00`,
    );
    const hours = (min: number) => Math.round((min / 60) * 10) / 10;
    for (const t of data.teams) {
      const year = await countedMinutesSql(
        "s.team_id = ? AND s.starts_at >= ? AND s.starts_at < ?",
        t.id,
        yearStart(now),
        now + 366 * DAY,
      );
      const month = await countedMinutesSql(
        "s.team_id = ? AND s.starts_at >= ? AND s.starts_at < ?",
        t.id,
        monthStart(now),
        now + 366 * DAY,
      );
      const planned = await env.DB.prepare(
        `SELECT count(*) AS shifts, coalesce(sum(capacity), 0) AS places,
                coalesce(sum((SELECT count(*) FROM shift_signups ss WHERE ss.shift_id = s.id AND ss.cancelled_at IS NULL)), 0) AS filled
           FROM shifts s WHERE s.team_id = ? AND s.cancelled_at IS NULL AND s.starts_at >= ? AND s.starts_at < ?`,
      )
        .bind(t.id, monthStart(now), nextMonth)
        .first<{ shifts: number; places: number; filled: number }>();
      expect(t, t.name).toMatchObject({
        members: 6,
        hoursThisYear: hours(year),
        hoursThisMonth: hours(month),
        shiftsThisMonth: planned!.shifts,
        placesThisMonth: planned!.places,
      });
    }
    const listed = await publicTeams(S.slug);
    for (const t of listed)
      expect(t.minutesThisYear, t.name).toBe(
        await countedMinutesSql("s.team_id = ? AND s.starts_at >= ?", t.id, yearStart(now)),
      );
    const envTeam = data.teams.find((t) => t.id === env_.id)!;
    // One volunteer, on time for the whole three hours.
    expect(envTeam.hoursThisYear).toBe(hours(180));
    const json = JSON.stringify(data);
    expect(json).not.toContain(hidden.name);
    expect(json).not.toContain('"names"');
  });

  it("the open data's places filled this month are the live sign-ups of this month's shifts", async () => {
    const shiftId = await createShift(S.staff, env_.id, { capacity: 4 });
    for (const v of people.slice(3, 5)) expectOk(await signUp(v, shiftId));
    const at = monthStart() + MIN;
    await moveShift(shiftId, at, at + HOUR);
    const now = Date.now();
    const [y, m] = today().split("-").map(Number);
    const nextMonth = Date.parse(
      `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, "0")}-01T00:00:00+08:00`,
    );
    const want = await env.DB.prepare(
      `SELECT count(*) AS shifts, coalesce(sum(capacity), 0) AS places,
              coalesce(sum((SELECT count(*) FROM shift_signups ss WHERE ss.shift_id = s.id AND ss.cancelled_at IS NULL)), 0) AS filled
         FROM shifts s WHERE s.team_id = ? AND s.cancelled_at IS NULL AND s.starts_at >= ? AND s.starts_at < ?`,
    )
      .bind(env_.id, monthStart(now), nextMonth)
      .first<{ shifts: number; places: number; filled: number }>();
    expect(want!.filled).toBeGreaterThanOrEqual(2);
    const t = (await openVolunteering(S.slug)).teams.find((x) => x.id === env_.id)!;
    expect(t.shiftsThisMonth).toBe(want!.shifts);
    expect(t.placesThisMonth).toBe(want!.places);
    expect(t.placesFilledThisMonth, "places filled this month").toBe(want!.filled);
  });

  it("an adjustment changes the record, the street figures and the open data alike", async () => {
    const before = await streetRow();
    const openBefore = (await openVolunteering(S.slug)).teams.find((t) => t.id === env_.id)!;
    const row = await env.DB.prepare("SELECT volunteer_id, minutes FROM shift_signups WHERE id = ?")
      .bind(adjustable)
      .first<{ volunteer_id: string; minutes: number }>();
    expect(row!.minutes).toBe(180);
    expectOk(
      await S.staff.mutate("volunteers.adjustMinutes", {
        signupId: adjustable,
        minutes: 60,
        reason: "中途离开，核实后更正",
      }),
    );
    const after = await streetRow();
    expect(after.minutesThisYear).toBe(before.minutesThisYear - 120);
    const want = await expectedStreet();
    expect(after.minutesThisYear).toBe(want.minutes);
    expect(after.hoursPer100).toBe(Math.round((want.minutes * 1000) / (60 * want.residents)) / 10);
    const openAfter = (await openVolunteering(S.slug)).teams.find((t) => t.id === env_.id)!;
    expect(openAfter.hoursThisYear).toBe(Math.round((openBefore.hoursThisYear - 2) * 10) / 10);
    const listed = expectOk(
      await S.staff.query<{ id: string; minutes: number }[]>("volunteers.volunteerList", { communityId: S.id }),
    );
    expect(listed.find((x) => x.id === row!.volunteer_id)!.minutes).toBe(
      await countedMinutesSql("ss.volunteer_id = ?", row!.volunteer_id),
    );
    const team = (await publicTeams(S.slug)).find((t) => t.id === env_.id)!;
    expect(team.minutesThisYear).toBe(
      await countedMinutesSql("s.team_id = ? AND s.starts_at >= ?", env_.id, yearStart()),
    );
  });

  it("open data member counts agree with the public teams list (approved volunteers only)", async () => {
    const [unapproved] = await enrol(S.staff, S.id, 1, { teamIds: [env_.id], approve: false });
    expect(await membership(env_.id, unapproved.volunteerId)).toBe("active");
    const listed = (await publicTeams(S.slug)).find((t) => t.id === env_.id)!;
    const open = (await openVolunteering(S.slug)).teams.find((t) => t.id === env_.id)!;
    expect(listed.members).toBe(6);
    expect(open.members, "open data counts a volunteer not yet approved").toBe(listed.members);
  });

  it("no public output of this community names a volunteer", async () => {
    const pub = await publicJson(S.slug);
    for (const v of people)
      for (const [what, text] of Object.entries(pub)) expect(text, `${what}: ${v.name}`).not.toContain(v.name);
    expect(pub.teams).toContain(maskName(people[0].name));
  });
});

describe("privacy", () => {
  it("no public output — teams, open shifts, open data, certificate checks — contains a volunteer's full name", async () => {
    expect(everyone.length).toBeGreaterThan(30);
    // Everyone consents to showing their name: it must still only ever appear masked.
    for (const v of everyone)
      await env.DB.prepare("UPDATE volunteers SET show_name = 1 WHERE id = ?").bind(v.volunteerId).run();
    const pub = await publicJson(C.slug);
    const anon = new Client();
    const checks = await Promise.all(
      certificateCodes.map(async (code) => {
        const res = await anon.fetch(
          `/trpc/volunteers.verifyCertificate?input=${encodeURIComponent(JSON.stringify({ code }))}`,
        );
        expect(res.status).toBe(200);
        return res.text();
      }),
    );
    expect(checks.length).toBeGreaterThan(0);
    const outputs: Record<string, string> = {
      ...pub,
      ...Object.fromEntries(checks.map((t, i) => [`certificate ${i}`, t])),
    };
    for (const v of everyone)
      for (const [what, text] of Object.entries(outputs)) expect(text, `${what} names ${v.name}`).not.toContain(v.name);
    // The masked names are there: the scan looked at real output.
    const shown = JSON.parse(pub.teams) as { result: { data: PublicTeam[] } };
    expect(shown.result.data.flatMap((t) => t.names).length).toBeGreaterThan(0);
  });
});

describe("cancelled shifts and leaders' view", () => {
  it("a cancelled shift stays visible, with its reason, to those signed up, and in the leader's list", async () => {
    const community = await emptyCommunity();
    const team = await createTeam(community.staff, community.id, { kind: "elderly_care" });
    const [lead, member, other] = await enrol(community.staff, community.id, 3, { teamIds: [team.id] });
    const { communityId: _, ...fields } = teamInput(community.id, {
      kind: "elderly_care",
      name: team.name,
      leaderVolunteerId: lead.volunteerId,
    });
    expectOk(await community.staff.mutate("volunteers.teamUpdate", { ...fields, teamId: team.id }));
    const shiftId = await createShift(lead.client, team.id);
    expectOk(await signUp(member, shiftId));
    expectOk(await lead.client.mutate("volunteers.shiftCancel", { shiftId, reason: "暴雨预警，改期" }));

    type Mine = { shifts: { id: string; cancelledAt: number | null; cancelReason: string | null }[] };
    const seen = expectOk(await member.client.query<Mine>("volunteers.mine")).shifts.find((s) => s.id === shiftId);
    expect(seen).toMatchObject({ cancelReason: "暴雨预警，改期" });
    expect(seen?.cancelledAt).toBeGreaterThan(0);
    // Someone not signed up no longer sees it.
    expect(expectOk(await other.client.query<Mine>("volunteers.mine")).shifts.some((s) => s.id === shiftId)).toBe(
      false,
    );
    const listed = expectOk(
      await lead.client.query<{ id: string; cancelReason: string | null }[]>("volunteers.teamShifts", {
        teamId: team.id,
      }),
    );
    expect(listed.find((s) => s.id === shiftId)?.cancelReason).toBe("暴雨预警，改期");
    const denied = await member.client.query("volunteers.teamShifts", { teamId: team.id });
    expect(denied.ok).toBe(false);
  });

  it("minutes cannot be adjusted before the shift has ended", async () => {
    const community = await emptyCommunity();
    const team = await createTeam(community.staff, community.id);
    const [v] = await enrol(community.staff, community.id, 1, { teamIds: [team.id] });
    const shiftId = await createShift(community.staff, team.id);
    expectOk(await signUp(v, shiftId));
    const s = (await liveSignup(shiftId, v.volunteerId))!;
    const r = await community.staff.mutate("volunteers.adjustMinutes", {
      signupId: s.id,
      minutes: 60,
      reason: "提前登记",
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.data.fieldErrors?.signupId).toBe(translate("volunteer.notEnded", "zh"));
  });
});

describe("taking volunteers and teams off service", () => {
  it("staff deactivate a volunteer (no more sign-ups) and restore them; archive a team and restore it", async () => {
    const community = await emptyCommunity();
    const team = await createTeam(community.staff, community.id);
    const [v] = await enrol(community.staff, community.id, 1, { teamIds: [team.id] });
    const shiftId = await createShift(community.staff, team.id);
    expectOk(
      await community.staff.mutate("volunteers.setVolunteerStatus", { volunteerId: v.volunteerId, status: "inactive" }),
    );
    const refused = await signUp(v, shiftId);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toBe(translate("volunteer.notApproved", "zh"));
    expectOk(
      await community.staff.mutate("volunteers.setVolunteerStatus", { volunteerId: v.volunteerId, status: "active" }),
    );
    expectOk(await signUp(v, shiftId));
    expect(
      await count(
        "SELECT count(*) AS n FROM audit_log WHERE entity_id = ? AND action = 'volunteer.setStatus'",
        v.volunteerId,
      ),
    ).toBe(2);

    expectOk(await community.staff.mutate("volunteers.teamArchive", { teamId: team.id, archived: true }));
    const pub = expectOk(
      await new Client().query<{ id: string }[]>("volunteers.teams", { street: STREET, community: community.slug }),
    );
    expect(pub.some((t) => t.id === team.id)).toBe(false);
    expectOk(await community.staff.mutate("volunteers.teamArchive", { teamId: team.id, archived: false }));
    const back = expectOk(
      await new Client().query<{ id: string }[]>("volunteers.teams", { street: STREET, community: community.slug }),
    );
    expect(back.some((t) => t.id === team.id)).toBe(true);
  });

  it("accepting a minor on a team that became adults-only is refused", async () => {
    const community = await emptyCommunity();
    const team = await createTeam(community.staff, community.id, { kind: "patrol" });
    const [minor] = await enrol(community.staff, community.id, 1, {
      birthDate: `${new Date().getUTCFullYear() - 16}-01-01`,
      teamIds: [team.id],
      acceptOnTeams: false,
    });
    const { communityId: _, ...fields } = teamInput(community.id, {
      kind: "patrol",
      name: team.name,
      adultsOnly: true,
    });
    expectOk(await community.staff.mutate("volunteers.teamUpdate", { ...fields, teamId: team.id }));
    const r = await community.staff.mutate("volunteers.decideMembership", {
      teamId: team.id,
      volunteerId: minor.volunteerId,
      approve: true,
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.data.fieldErrors?.volunteerId).toBe(
        translate("volunteer.underageForTeam", "zh", { team: team.name }),
      );
  });
});

describe("shifts by grid", () => {
  it("a shift may cover one of the community's grids (shown by name), never another community's", async () => {
    const staff = await Client.as("community-admin");
    const hehua = (await env.DB.prepare("SELECT id FROM communities WHERE slug = 'hehua'").first<{ id: string }>())!.id;
    const grid = (await env.DB.prepare("SELECT id, name FROM grids WHERE community_id = ? LIMIT 1")
      .bind(hehua)
      .first<{ id: string; name: string }>())!;
    const foreign = (await env.DB.prepare("SELECT id FROM grids WHERE community_id != ? LIMIT 1").bind(hehua).first<{
      id: string;
    }>())!;
    const team = await createTeam(staff, hehua);
    const shiftId = await createShift(staff, team.id, { place: "", gridId: grid.id });
    const open = expectOk(
      await new Client().query<{ id: string; gridName: string | null }[]>("volunteers.openShifts", {
        street: STREET,
        community: "hehua",
      }),
    );
    expect(open.find((s) => s.id === shiftId)?.gridName).toBe(grid.name);
    const refused = await staff.mutate("volunteers.shiftCreate", {
      teamId: team.id,
      task: "巡查",
      startsAt: Date.now() + DAY,
      endsAt: Date.now() + DAY + HOUR,
      capacity: 2,
      gridId: foreign.id,
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.data.fieldErrors?.gridId).toBe(translate("volunteer.noSuchGrid", "zh"));
  });
});
