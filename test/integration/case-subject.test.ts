import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../shared/i18n/errors";
import { Client, type TrpcResult } from "./helpers";
import { communityId, expectOk } from "./fixtures";
import { caseRow, file, filed } from "./cases-fixtures";

/**
 * Complaints about disclosure name what they dispute (DOMAIN.md "Disclosure": late or false
 * disclosure goes to the street office, whose dashboard shows every overdue or disputed
 * disclosure): only a published notice or finance period of the same community; the committee,
 * the filer and the tracking page see it; the street office gets an alert naming it and the case
 * on its cases page.
 */

type Alert = { key: string; kind: string; communityId: string; detail: Record<string, unknown> };
type Subject = { kind: string; id: string; title?: string; period?: string; path: string } | null;

let hehua: string;
let resident: Client;
let admin: Client;
let streetAdmin: Client;
let published: { id: string; title: string };
let draft: string;
let elsewhere: string;
let period: { id: string; period: string };
let openPeriod: string;

const one = async <T>(sql: string, ...args: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...args)
    .first<T>())!;

function refused(r: TrpcResult<unknown>, field: string, key: Parameters<typeof translate>[0]) {
  expect(r.ok, "should be refused").toBe(false);
  if (r.ok) return;
  expect(r.error.data.code).toBe("BAD_REQUEST");
  expect(r.error.data.fieldErrors?.[field]).toBeTruthy();
  expect(r.error.data.fieldErrors?.[field]).toContain(translate(key, "zh").replace(/^\{field\}：/, ""));
}

const complaint = { kind: "complaint" as const, category: "disclosure", description: "公示的支出金额与发票不符" };

beforeAll(async () => {
  hehua = await communityId("hehua");
  [resident, admin, streetAdmin] = await Promise.all([
    Client.as("resident"),
    Client.as("community-admin"),
    Client.as("street-admin"),
  ]);
  published = await one(
    `SELECT n.id, v.title FROM notices n JOIN notice_versions v ON v.notice_id = n.id AND v.version = n.current_version
     WHERE n.community_id = ? AND n.status = 'published' ORDER BY n.id LIMIT 1`,
    hehua,
  );
  draft = (
    await one<{ id: string }>("SELECT id FROM notices WHERE community_id = ? AND status = 'draft' LIMIT 1", hehua)
  ).id;
  elsewhere = (
    await one<{ id: string }>(
      "SELECT id FROM notices WHERE community_id = ? AND status = 'published' LIMIT 1",
      await communityId("taoyuan"),
    )
  ).id;
  period = await one(
    "SELECT id, period FROM finance_periods WHERE community_id = ? AND status = 'published' ORDER BY period DESC LIMIT 1",
    hehua,
  );
  openPeriod = (
    await one<{ id: string }>(
      "SELECT id FROM finance_periods WHERE community_id = ? AND status != 'published' LIMIT 1",
      hehua,
    )
  ).id;
});

describe("a complaint names the disclosure it disputes", () => {
  it("a published notice: stored, and shown to the committee, the filer and the tracking page with its public link", async () => {
    const { id, trackingCode } = await filed(resident, "hehua", { ...complaint, noticeId: published.id });
    expect((await caseRow(id)) as unknown).toMatchObject({ notice_id: published.id, period_id: null });
    const expected = {
      kind: "notice",
      id: published.id,
      title: published.title,
      path: `/demo-street/hehua/notices/${published.id}`,
    };
    expect(expectOk(await admin.query<{ subject: Subject }>("cases.get", { id })).subject).toEqual(expected);
    expect(
      expectOk(await new Client().query<{ subject: Subject }>("cases.track", { code: trackingCode })).subject,
    ).toEqual(expected);
    const mine = expectOk(await resident.query<{ id: string; subject: Subject }[]>("cases.mine"));
    expect(mine.find((c) => c.id === id)?.subject).toEqual(expected);
  });

  it("a published finance period, by its id; the link is the public period page", async () => {
    const { id } = await filed(resident, "hehua", { ...complaint, periodId: period.id });
    expect(expectOk(await admin.query<{ subject: Subject }>("cases.get", { id })).subject).toEqual({
      kind: "period",
      id: period.id,
      period: period.period,
      path: `/demo-street/hehua/finance/${period.period}`,
    });
  });

  it("a withdrawn notice stays public, so a complaint may name it", async () => {
    const withdrawn = await one<{ id: string }>(
      "SELECT id FROM notices WHERE community_id = ? AND status = 'withdrawn' LIMIT 1",
      hehua,
    );
    const { id } = await filed(resident, "hehua", { ...complaint, noticeId: withdrawn.id });
    expect(expectOk(await admin.query<{ subject: Subject }>("cases.get", { id })).subject).toMatchObject({
      kind: "notice",
      id: withdrawn.id,
    });
  });

  it("a case naming nothing has no subject", async () => {
    const { id } = await filed(resident, "hehua");
    expect(expectOk(await admin.query<{ subject: Subject }>("cases.get", { id })).subject).toBeNull();
  });

  it("refuses a draft, another community's notice and an unpublished period alike, naming the field", async () => {
    const before = await one<{ n: number }>("SELECT count(*) AS n FROM cases");
    const draftAnswer = await file(resident, "hehua", { ...complaint, noticeId: draft });
    const otherAnswer = await file(resident, "hehua", { ...complaint, noticeId: elsewhere });
    refused(draftAnswer, "noticeId", "case.noSuchNotice");
    // The same answer for another community's notice: a filer cannot probe which ids exist.
    expect(otherAnswer).toEqual(draftAnswer);
    refused(await file(resident, "hehua", { ...complaint, periodId: openPeriod }), "periodId", "case.noSuchPeriod");
    // Another community's published period: the same answer as an unpublished one.
    const liushuPeriod = await one<{ id: string }>(
      "SELECT id FROM finance_periods WHERE community_id = ? AND status = 'published' LIMIT 1",
      await communityId("liushu"),
    );
    refused(
      await file(resident, "hehua", { ...complaint, periodId: liushuPeriod.id }),
      "periodId",
      "case.noSuchPeriod",
    );
    refused(
      await file(resident, "hehua", { ...complaint, noticeId: published.id, periodId: period.id }),
      "periodId",
      "case.oneSubject",
    );
    refused(
      await file(resident, "hehua", { ...complaint, category: "facilities", noticeId: published.id }),
      "category",
      "case.subjectIsDisclosure",
    );
    expect((await one<{ n: number }>("SELECT count(*) AS n FROM cases")).n).toBe(before.n);
  });
});

describe("the street office sees every disputed disclosure", () => {
  it("an alert names the notice; the case is on the street's cases page; escalation moves it to the escalated alerts", async () => {
    const alerts = async () => expectOk(await streetAdmin.query<Alert[]>("monitor.alerts"));
    const overdueComplaints = (list: Alert[]) =>
      list.filter((a) => a.kind === "disclosure_disputed" && a.communityId === hehua).map((a) => a.detail.complaints);
    const before = await alerts();

    const { id } = await filed(resident, "hehua", { ...complaint, noticeId: published.id });
    let after = await alerts();
    expect(after.find((a) => a.key === `complaint:${id}`)).toMatchObject({
      kind: "disclosure_complaint",
      communityId: hehua,
      detail: { caseId: id, subject: "notice", noticeId: published.id, title: published.title, period: null },
    });
    // It disputes a published notice, not a missing disclosure: the overdue alerts' counts stay.
    expect(overdueComplaints(after)).toEqual(overdueComplaints(before));

    const street = expectOk(await streetAdmin.query<{ flagged: { id: string }[] }>("cases.street"));
    expect(street.flagged.map((c) => c.id)).toContain(id);

    // One naming nothing is listed too, with no subject.
    const plain = await filed(resident, "hehua", complaint);
    after = await alerts();
    expect(after.find((a) => a.key === `complaint:${plain.id}`)?.detail).toMatchObject({ subject: null, title: null });

    // Escalated, it is on the list once, as an escalated case.
    expectOk(await admin.mutate("cases.escalate", { id, note: "居民对公示金额有异议，请街道核查" }));
    after = await alerts();
    expect(after.filter((a) => a.key === `complaint:${id}` || a.key === `case:${id}`).map((a) => a.kind)).toEqual([
      "case_escalated",
    ]);
  });

  it("a finance period's complaint names the period", async () => {
    const { id } = await filed(resident, "hehua", { ...complaint, periodId: period.id });
    const alerts = expectOk(await streetAdmin.query<Alert[]>("monitor.alerts"));
    expect(alerts.find((a) => a.key === `complaint:${id}`)?.detail).toMatchObject({
      subject: "period",
      period: period.period,
      noticeId: null,
    });
  });
});
