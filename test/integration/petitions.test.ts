import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../shared/i18n/errors";
import { petitionThreshold } from "../../shared/rules/meetings";
import { Client, type TrpcResult } from "./helpers";
import { communityId, DAY, expectOk, STREET } from "./fixtures";
import { activate, newResident, uniqueName } from "./residents-fixtures";

/**
 * Residents' petitions to convene a meeting (U26/U28/V25/V29) through the API: the threshold is
 * fixed from the registry at creation, signatures are idempotent, the petition is reached exactly
 * at the threshold, only eligible residents sign, the public sees counts without names, and staff
 * link the meeting convened for it.
 */

function expectError(r: TrpcResult<unknown>, code: string, label = ""): string {
  expect(r.ok, `${label} should fail with ${code}`).toBe(false);
  if (r.ok) throw new Error("unreachable");
  expect(r.error.data.code, `${label}: ${r.error.message}`).toBe(code);
  return r.error.message;
}

type PublicPetition = {
  id: string;
  kind: string;
  basis: string;
  title: string;
  reason: string;
  eligibleCount: number;
  threshold: number;
  status: string;
  createdAt: number;
  reachedAt: number | null;
  meetingId: string | null;
  signatures: number;
};

const ref = { street: STREET, community: "hehua" };
const anon = new Client();
let resident: Client;
let staff: Client;
let viewer: Client;
let hehua: string;
let selfId: string;

async function publicPetition(id: string): Promise<PublicPetition> {
  const rows = expectOk(await anon.query<PublicPetition[]>("petitions.list", ref));
  const p = rows.find((r) => r.id === id);
  if (!p) throw new Error(`petition ${id} not listed`);
  return p;
}

async function signatureCount(id: string): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM petition_signatures WHERE petition_id = ?")
    .bind(id)
    .first<{ n: number }>())!.n;
}

/** Active household representatives of hehua, straight from D1. */
async function activeHouseholdReps(): Promise<number> {
  return (await env.DB.prepare(
    "SELECT count(*) AS n FROM residents WHERE community_id = ? AND status = 'active' AND is_household_rep = 1",
  )
    .bind(hehua)
    .first<{ n: number }>())!.n;
}

/**
 * Active household representatives with no login yet (so they can be activated) and no signature on
 * any petition (the demo seed has some), other than 张三丰.
 */
async function repsWithoutLogin(): Promise<{ id: string; name: string }[]> {
  return (
    await env.DB.prepare(
      `SELECT r.id, r.name FROM residents r LEFT JOIN users u ON u.resident_id = r.id
       WHERE r.community_id = ? AND r.status = 'active' AND r.is_household_rep = 1 AND u.id IS NULL AND r.id != ?
         AND NOT EXISTS (SELECT 1 FROM petition_signatures s WHERE s.resident_id = r.id)
       ORDER BY r.id`,
    )
      .bind(hehua, selfId)
      .all<{ id: string; name: string }>()
  ).results;
}

beforeAll(async () => {
  resident = await Client.as("resident");
  staff = await Client.as("community-staff");
  viewer = await Client.as("street-viewer");
  hehua = await communityId("hehua");
  selfId = (await env.DB.prepare("SELECT resident_id FROM users WHERE username = 'resident'").first<{
    resident_id: string;
  }>())!.resident_id;
});

describe("petitions to convene a meeting", () => {
  let petitionId: string;
  let threshold: number;
  let apiSigner: { id: string; name: string };
  const title = `加装电梯联名 ${Date.now().toString(36)}`;

  it("a household representative starts one; eligible and threshold come from the registry", async () => {
    const eligible = await activeHouseholdReps();
    expect(eligible).toBeGreaterThan(20);
    const r = expectOk(
      await resident.mutate<{ id: string; eligible: number; threshold: number }>("petitions.create", {
        kind: "residents_meeting",
        basis: "household_reps",
        title,
        purpose: "请居委会召开居民会议，讨论 3 号楼加装电梯事宜。",
      }),
    );
    petitionId = r.id;
    threshold = r.threshold;
    expect(r.eligible).toBe(eligible);
    expect(r.threshold).toBe(Math.ceil(eligible / 10));
    expect(r.threshold).toBe(petitionThreshold("urban-2025", "residents_meeting", "household_reps", eligible));

    const p = await publicPetition(petitionId);
    expect(p).toMatchObject({ status: "open", signatures: 1, eligibleCount: eligible, threshold, reachedAt: null });
    expect(expectOk(await resident.query<string[]>("petitions.mine"))).toContain(petitionId);
  });

  it("signing again is idempotent", async () => {
    const r = expectOk(
      await resident.mutate<{ signatures: number; status: string }>("petitions.sign", { id: petitionId }),
    );
    expect(r).toMatchObject({ signatures: 1, status: "open" });
    expect(await signatureCount(petitionId)).toBe(1);
  });

  it("is reached exactly at the threshold, not one signature before", async () => {
    const reps = await repsWithoutLogin();
    expect(reps.length).toBeGreaterThanOrEqual(threshold - 1);
    const direct = reps.slice(0, threshold - 2);
    apiSigner = reps[threshold - 2];
    const now = Date.now();
    if (direct.length)
      await env.DB.batch(
        direct.map((r) =>
          env.DB.prepare("INSERT INTO petition_signatures (petition_id, resident_id, at) VALUES (?, ?, ?)").bind(
            petitionId,
            r.id,
            now,
          ),
        ),
      );
    expect(await signatureCount(petitionId)).toBe(threshold - 1);
    // A repeated signature at threshold − 1 neither counts twice nor reaches it.
    const again = expectOk(
      await resident.mutate<{ signatures: number; status: string }>("petitions.sign", { id: petitionId }),
    );
    expect(again).toMatchObject({ signatures: threshold - 1, status: "open" });
    expect((await publicPetition(petitionId)).status).toBe("open");

    const { client } = await activate(staff, apiSigner.id, "petition-pass1");
    const r = expectOk(
      await client.mutate<{ signatures: number; status: string }>("petitions.sign", { id: petitionId }),
    );
    expect(r).toMatchObject({ signatures: threshold, threshold, status: "reached" });
    const p = await publicPetition(petitionId);
    expect(p.status).toBe("reached");
    expect(p.signatures).toBe(threshold);
    expect(p.reachedAt).toBeGreaterThan(0);
    expect(expectOk(await client.query<string[]>("petitions.mine"))).toEqual([petitionId]);
  });

  it("a resident who is not a household representative cannot sign", async () => {
    const outsider = await newResident(staff, "hehua", { name: uniqueName("联"), isHouseholdRep: false });
    const { client } = await activate(staff, outsider.id, "petition-pass2");
    const before = await signatureCount(petitionId);
    const msg = expectError(await client.mutate("petitions.sign", { id: petitionId }), "BAD_REQUEST", "non-rep");
    expect(msg).toBe(translate("petition.notEligible", "zh"));
    expect(await signatureCount(petitionId)).toBe(before);
    // Nor start a petition on that basis.
    expectError(
      await client.mutate("petitions.create", {
        kind: "residents_meeting",
        basis: "household_reps",
        title: "不应成立的联名",
        purpose: "非户代表不能发起户代表联名。",
      }),
      "BAD_REQUEST",
      "non-rep create",
    );
  });

  it("staff can neither start nor sign a petition", async () => {
    const before = await signatureCount(petitionId);
    expectError(
      await staff.mutate("petitions.create", {
        kind: "residents_meeting",
        basis: "household_reps",
        title: "工作人员联名",
        purpose: "工作人员不能代替居民联名。",
      }),
      "FORBIDDEN",
      "staff create",
    );
    expectError(await staff.mutate("petitions.sign", { id: petitionId }), "FORBIDDEN", "staff sign");
    expect(await signatureCount(petitionId)).toBe(before);
  });

  it("the public list shows counts and no names", async () => {
    const p = await publicPetition(petitionId);
    expect(Object.keys(p).sort()).toEqual(
      [
        "basis",
        "createdAt",
        "eligibleCount",
        "id",
        "kind",
        "meetingId",
        "reachedAt",
        "reason",
        "signatures",
        "status",
        "threshold",
        "title",
      ].sort(),
    );
    const raw = JSON.stringify(expectOk(await anon.query("petitions.list", ref)));
    expect(raw).not.toContain("张三丰");
    expect(raw).not.toContain(apiSigner.name);
    expect(raw).not.toContain(selfId);
  });

  it("the street office sees it awaiting a meeting", async () => {
    const rows = expectOk(
      await viewer.query<{ id: string; communitySlug: string; threshold: number }[]>("petitions.awaiting"),
    );
    expect(rows.find((r) => r.id === petitionId)).toMatchObject({ communitySlug: "hehua", threshold });
  });

  it("staff link a meeting of this community, never of another one", async () => {
    const meetingInput = (community: string) => ({
      communityId: community,
      kind: "residents_meeting",
      basis: "household_reps",
      title: `应联名召开的居民会议 ${uniqueName("")}`,
      place: "社区活动中心二楼",
      startsAt: Date.now() + 12 * DAY,
      items: [{ title: "加装电梯", proposedResolution: "同意启动加装电梯工作" }],
    });
    const taoyuanAdmin = await Client.as("taoyuan-admin");
    const foreign = expectOk(
      await taoyuanAdmin.mutate<{ id: string }>("meetings.create", meetingInput(await communityId("taoyuan"))),
    ).id;
    expectError(
      await staff.mutate("petitions.markConvened", { id: petitionId, meetingId: foreign }),
      "BAD_REQUEST",
      "foreign meeting",
    );
    expect((await publicPetition(petitionId)).status).toBe("reached");

    const meetingId = expectOk(await staff.mutate<{ id: string }>("meetings.create", meetingInput(hehua))).id;
    expectOk(await staff.mutate("petitions.markConvened", { id: petitionId, meetingId }));
    expect(await publicPetition(petitionId)).toMatchObject({ status: "convened", meetingId });
    const awaiting = expectOk(await viewer.query<{ id: string }[]>("petitions.awaiting"));
    expect(awaiting.some((r) => r.id === petitionId)).toBe(false);
    // Convened petitions are closed to further signatures and to relinking.
    expectError(await resident.mutate("petitions.sign", { id: petitionId }), "BAD_REQUEST", "sign convened");
    expectError(await staff.mutate("petitions.markConvened", { id: petitionId, meetingId }), "BAD_REQUEST", "relink");
  });
});
