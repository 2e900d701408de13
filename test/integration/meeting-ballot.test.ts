import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../shared/i18n/errors";
import { Client, type TrpcResult } from "./helpers";
import { DAY, expectOk, STREET } from "./fixtures";
import { ballotCount, cast, emptyCommunity, voters, type Voter } from "./polls-fixtures";

/**
 * A secret ballot on a meeting's agenda item (以投票方式表决): the roll is who is checked in when
 * it opens, written proxies carry over, it opens only with quorum, and closing it decides the item
 * by the meeting's own rule (> 1/2 of those present), with a decision when it passes.
 */

function refusal(r: TrpcResult<unknown>): string {
  expect(r.ok).toBe(false);
  return r.ok ? "" : r.error.message;
}

type Item = {
  id: string;
  result: string | null;
  votesFor: number | null;
  votesAgainst: number | null;
  votesAbstain: number | null;
  presentAtVote: number | null;
};

describe("a ballot on a meeting item", () => {
  let c: Awaited<ReturnType<typeof emptyCommunity>>;
  let staff: Client;
  let reps: Voter[];
  let meetingId: string;
  let itemId: string;
  let secondItemId: string;
  let pollId: string;

  beforeAll(async () => {
    c = await emptyCommunity();
    staff = c.staff;
    // Nine household representatives: a 居民会议 on that basis needs more than half, 5 (U27).
    reps = await voters(c.id, 9, { isHouseholdRep: true });
    meetingId = expectOk(
      await staff.mutate<{ id: string }>("meetings.create", {
        communityId: c.id,
        kind: "residents_meeting",
        basis: "household_reps",
        title: "居民会议（投票表决）",
        urgentReason: "物业合同月底到期，须尽快决定",
        place: "社区会议室",
        startsAt: Date.now() + DAY,
        items: [
          { title: "物业选聘方案", proposedResolution: "同意选聘甲物业公司" },
          { title: "停车收费调整", proposedResolution: "同意上调停车费" },
        ],
      }),
    ).id;
    expectOk(await staff.mutate("meetings.announce", { id: meetingId }));
    expectOk(await staff.mutate("meetings.open", { id: meetingId }));
    const items = expectOk(await staff.query<{ items: { id: string }[] }>("meetings.manage", { id: meetingId })).items;
    itemId = items[0].id;
    secondItemId = items[1].id;
  });

  const ballot = () => ({
    communityId: c.id,
    kind: "vote",
    ballotType: "yes_no",
    title: "物业选聘方案（无记名投票）",
    eligibility: "meeting_attendees",
    meetingItemId: itemId,
    secret: true,
    opensAt: Date.now(),
    closesAt: Date.now() + 3_600_000,
  });

  it("needs an item and a yes/no ballot", async () => {
    const noItem = await staff.mutate("polls.create", { ...ballot(), meetingItemId: null });
    expect(refusal(noItem)).toBe(translate("poll.meetingBallot", "zh"));
    const single = await staff.mutate("polls.create", {
      ...ballot(),
      ballotType: "single",
      options: [{ label: "甲" }, { label: "乙" }],
    });
    expect(refusal(single)).toBe(translate("poll.meetingBallot", "zh"));
  });

  it("takes the meeting's rule whatever the form says, and will not open without quorum", async () => {
    pollId = expectOk(
      await staff.mutate<{ id: string }>("polls.create", { ...ballot(), passRule: "two_thirds_cast", turnoutPct: 90 }),
    ).id;
    const row = await env.DB.prepare("SELECT pass_rule, turnout_pct, rule_set FROM polls WHERE id = ?")
      .bind(pollId)
      .first();
    expect(row).toEqual({ pass_rule: "majority_eligible", turnout_pct: null, rule_set: "urban-2025" });
    // Four checked in of nine: below the quorum of five.
    for (const r of reps.slice(0, 4)) expectOk(await staff.mutate("meetings.checkIn", { meetingId, residentId: r.id }));
    expect(refusal(await staff.mutate("polls.publish", { id: pollId }))).toBe(
      translate("meeting.noQuorum", "zh", { present: 4, eligible: 9, needed: 5 }),
    );
  });

  it("opens with those present as its roll; a written proxy carries over to the holder", async () => {
    // A fifth is present by a written proxy held by the first.
    expectOk(await staff.mutate("meetings.checkIn", { meetingId, residentId: reps[5].id, proxyHolderId: reps[0].id }));
    const opened = expectOk(
      await staff.mutate<{ status: string; eligibleCount: number }>("polls.publish", { id: pollId }),
    );
    expect(opened).toEqual({ status: "open", eligibleCount: 5 });
    const proxies = (
      await env.DB.prepare("SELECT grantor_id, holder_id FROM poll_proxies WHERE poll_id = ?").bind(pollId).all()
    ).results;
    expect(proxies).toEqual([{ grantor_id: reps[5].id, holder_id: reps[0].id }]);
  });

  it("refuses those not checked in when it opened, and the grantor of a proxy", async () => {
    expect(refusal(await cast(reps[7].client, pollId, { options: ["yes"] }))).toBe(
      translate("poll.ineligible.notPresent", "zh"),
    );
    // Checking in after the ballot opened does not add anyone to its roll.
    expectOk(await staff.mutate("meetings.checkIn", { meetingId, residentId: reps[8].id }));
    expect(refusal(await cast(reps[8].client, pollId, { options: ["yes"] }))).toBe(
      translate("poll.ineligible.notPresent", "zh"),
    );
    expect(refusal(await cast(reps[5].client, pollId, { options: ["yes"] }))).toBe(translate("poll.proxyGiven", "zh"));
  });

  it("closed by the chair, decides the item by more than half of those present and registers the decision", async () => {
    // 3 yes (one by proxy) of 5 present: more than half (3 needed) → passed.
    expectOk(await cast(reps[0].client, pollId, { options: ["yes"] }));
    expectOk(await cast(reps[0].client, pollId, { options: ["yes"], onBehalfOf: reps[5].id }));
    expectOk(await cast(reps[1].client, pollId, { options: ["yes"] }));
    expectOk(await cast(reps[2].client, pollId, { options: ["no"] }));
    expectOk(await cast(reps[3].client, pollId, { options: ["abstain"] }));
    expect(await ballotCount(pollId)).toBe(5);
    const closed = expectOk(
      await staff.mutate<{ status: string; result: { passed: boolean } }>("polls.close", { id: pollId }),
    );
    expect(closed.status).toBe("closed");
    expect(closed.result.passed).toBe(true);

    const item = (await staff.query<{ items: Item[] }>("meetings.manage", { id: meetingId }).then((r) => expectOk(r)))
      .items[0];
    expect(item).toMatchObject({
      result: "passed",
      votesFor: 3,
      votesAgainst: 1,
      votesAbstain: 1,
      presentAtVote: 5,
    });
    const decision = await env.DB.prepare("SELECT title, status FROM decisions WHERE item_id = ?").bind(itemId).first();
    expect(decision).toEqual({ title: "物业选聘方案", status: "planned" });
    const closer = await env.DB.prepare(
      "SELECT actor_name FROM audit_log WHERE entity_id = ? AND action = 'poll.close'",
    )
      .bind(pollId)
      .first<{ actor_name: string }>();
    expect(closer?.actor_name).not.toBe("system");

    // The public meeting page links the ballot beside its item.
    const pub = expectOk(
      await new Client().query<{ items: { polls: { id: string }[] }[] }>("meetings.get", {
        street: STREET,
        community: c.slug,
        id: meetingId,
      }),
    );
    expect(pub.items[0].polls.map((p) => p.id)).toEqual([pollId]);
  });

  it("exactly half of those present is not more than half: the item fails, and no decision is made", async () => {
    // Six present now (one checked in after the first ballot opened); 3 yes is exactly half, 4 needed.
    const second = expectOk(
      await staff.mutate<{ id: string }>("polls.create", {
        ...ballot(),
        title: "停车收费调整（无记名投票）",
        meetingItemId: secondItemId,
      }),
    ).id;
    expect(expectOk(await staff.mutate<{ eligibleCount: number }>("polls.publish", { id: second })).eligibleCount).toBe(
      6,
    );
    expectOk(await cast(reps[0].client, second, { options: ["yes"] }));
    expectOk(await cast(reps[0].client, second, { options: ["yes"], onBehalfOf: reps[5].id }));
    expectOk(await cast(reps[1].client, second, { options: ["yes"] }));
    expectOk(await cast(reps[2].client, second, { options: ["no"] }));
    expectOk(await cast(reps[3].client, second, { options: ["abstain"] }));
    expectOk(await cast(reps[8].client, second, { options: ["no"] }));
    expect(
      expectOk(await staff.mutate<{ result: { passed: boolean } }>("polls.close", { id: second })).result.passed,
    ).toBe(false);
    const item = expectOk(await staff.query<{ items: Item[] }>("meetings.manage", { id: meetingId })).items[1];
    expect(item).toMatchObject({ result: "failed", votesFor: 3, votesAgainst: 2, votesAbstain: 1, presentAtVote: 6 });
    expect(await env.DB.prepare("SELECT id FROM decisions WHERE item_id = ?").bind(secondItemId).first()).toBeNull();
  });
});
