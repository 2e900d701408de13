import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../shared/rules/eligibility";
import { deadlineState } from "../../shared/rules/finance";
import { DEFAULT_WEIGHTS } from "../../shared/rules/monitor";
import { contentHash } from "../../shared/rules/transparency";
import { NIGHTLY_CRON } from "../../worker/cron";
import worker from "../../worker/index";
import { Client } from "./helpers";
import { expectOk } from "./fixtures";
import { monitorStreet } from "./monitor-fixtures";

type Fixture = Awaited<ReturnType<typeof monitorStreet>>;
let f: Fixture;
beforeAll(async () => {
  f = await monitorStreet();
});

const count = async (sql: string, ...params: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>())!.n;

describe("monitor.overview", () => {
  it("computes every indicator exactly from the records", async () => {
    const r = expectOk(await f.admin.query<any>("monitor.overview"));
    expect(r.rows.map((x: any) => x.id).sort()).toEqual([f.urban, f.village].sort());
    const urban = r.rows.find((x: any) => x.id === f.urban);
    const today = shanghaiDate(Date.now());
    const q1Due = f.due(f.quarters.q1);
    expect(urban.values).toMatchObject({
      unansweredQueries: 1, // 11 days unanswered counts, 9 days does not
      meetingsQuoratePct: 50, // 20 of 20 needed passes, 19 fails
      meetingsRequiredPct: 100,
      voteTurnoutPct: 43, // (13 + 30) / (40 + 60); the consultation is left out
      casesInTimePct: 75,
      redCases: 1,
      escalatedCases: 1,
      mediationSuccessPct: 50,
      satisfaction: 4.5,
      volunteerHoursPer100: 20, // 3 × 120 minutes for 30 active residents
      patrolFilledPct: 75,
    });
    expect(urban.counts).toMatchObject({ ratings: 2, casesClosed: 4 });
    expect(urban.residents).toBe(30);
    if (q1Due < today) {
      // Finance: q3 at 23:59 of its due day (on time), q2 at 00:00 the day after (late), q1 never.
      // General: each quarter needs its own affairs notice: q3 took the first (on time), q2 the
      // second (late), and q1 has none.
      expect(urban.counts).toMatchObject({ disclosuresDue: 6, disclosuresOnTime: 2 });
      expect(urban.values.disclosureOnTimePct).toBe(33.3);
      expect(urban.values).toMatchObject({ overdueFinance: 1, overdueNotices: 1 });
      const late = deadlineState(f.quarters.q1, null, Date.now(), 10).daysLate;
      expect(urban.overdue).toEqual([
        { kind: "finance", period: f.quarters.q1, dueOn: q1Due, daysLate: late },
        { kind: "general", period: f.quarters.q1, dueOn: q1Due, daysLate: late },
      ]);
    }
    const village = r.rows.find((x: any) => x.id === f.village);
    expect(village.values.overdueNotices).toBe(q1Due < today ? 3 : 2);
    expect(village.values.overdueFinance).toBeGreaterThanOrEqual(5);
    expect(village.maxDaysLate).toBeGreaterThan(100);
    expect(village.values.satisfaction).toBeNull();
  });

  it("stores one snapshot row per active day and re-running changes nothing", async () => {
    expectOk(await f.admin.query("monitor.overview"));
    const rows = await count("SELECT count(*) AS n FROM monitor_days WHERE street_id = ?", f.street.id);
    const run = await env.DB.prepare("SELECT through_day FROM monitor_runs WHERE street_id = ?")
      .bind(f.street.id)
      .first<{ through_day: string }>();
    expect(run?.through_day).toBe(shanghaiDate(Date.parse(`${shanghaiDate(Date.now())}T00:00:00+08:00`) - 1));
    expect(rows).toBeGreaterThan(5);
    // The overview reads one rolling row per community, not the days behind it.
    expect(await count("SELECT count(*) AS n FROM monitor_rolling WHERE street_id = ?", f.street.id)).toBe(2);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: NIGHTLY_CRON }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await count("SELECT count(*) AS n FROM monitor_days WHERE street_id = ?", f.street.id)).toBe(rows);
    // The nightly run reaches every street office.
    expect(await count("SELECT count(*) AS n FROM streets WHERE id NOT IN (SELECT street_id FROM monitor_runs)")).toBe(
      0,
    );
  });

  it("is for the street office only, and only its own communities", async () => {
    const other = await Client.as("street-admin");
    const theirs = expectOk(await other.query<any>("monitor.overview"));
    expect(theirs.rows.some((x: any) => x.id === f.urban || x.id === f.village)).toBe(false);
    expect(await other.query("monitor.community", { communityId: f.urban })).toMatchObject({
      ok: false,
      error: { data: { code: "NOT_FOUND" } },
    });
    expect(await f.staff.query("monitor.overview")).toMatchObject({
      ok: false,
      error: { data: { code: "FORBIDDEN" } },
    });
    expect(await new Client().query("monitor.alerts")).toMatchObject({
      ok: false,
      error: { data: { code: "UNAUTHORIZED" } },
    });
  });
});

describe("monitor.community", () => {
  it("shows the trend by month and the records behind the numbers", async () => {
    const r = expectOk(await f.viewer.query<any>("monitor.community", { communityId: f.urban }));
    expect(r.trend).toHaveLength(12);
    expect(r.trend.at(-1).month).toBe(shanghaiDate(Date.now()).slice(0, 7));
    const closed = r.trend.reduce((s: number, m: any) => s + m.counts.casesClosed, 0);
    expect(closed).toBe(4);
    expect(r.queries).toHaveLength(1);
    expect(r.flagged.map((c: any) => c.category).sort()).toEqual(["disclosure", "facilities"]);
    expect(r.meetings).toHaveLength(2);
    expect(r.votes.map((v: any) => [v.eligible, v.cast])).toEqual([
      [40, 13],
      [60, 30],
    ]);
    expect(r.lateCases).toHaveLength(1);
    expect(r.community.streetSlug).toBe(f.street.slug);
    // Behind "disclosure on time": which periods were on time, late (by how much) or are overdue.
    const state = (kind: string, period: string) =>
      r.disclosures.find((d: any) => d.kind === kind && d.period === period);
    expect(state("finance", f.quarters.q3)).toMatchObject({ state: "on_time", daysLate: 0 });
    expect(state("finance", f.quarters.q2)).toMatchObject({ state: "late", daysLate: 1 });
    expect(state("general", f.quarters.q2)).toMatchObject({ state: "late" });
    expect(state("general", f.quarters.q3)).toMatchObject({ state: "on_time" });
    if (f.due(f.quarters.q1) < shanghaiDate(Date.now()))
      expect(state("finance", f.quarters.q1)).toMatchObject({ state: "overdue" });
  });
});

describe("monitor.alerts and acknowledge", () => {
  it("lists what needs the street office now", async () => {
    const alerts = expectOk(await f.viewer.query<any[]>("monitor.alerts"));
    const kinds = (id: string) => alerts.filter((a) => a.communityId === id).map((a) => a.kind);
    expect(kinds(f.urban)).toEqual(expect.arrayContaining(["queries_overdue", "case_escalated"]));
    // The overdue period was complained about (an open complaint about disclosure, a late query).
    if (f.due(f.quarters.q1) < shanghaiDate(Date.now()))
      expect(alerts.some((a) => a.key === `disclosure:${f.urban}:finance:${f.quarters.q1}`)).toBe(true);
    // The village disclosed nothing, but no one complained: no disputed-disclosure alert.
    expect(kinds(f.village)).not.toContain("disclosure_disputed");
    expect(kinds(f.village)).toContain("meeting_missed");
  });

  it("a viewer cannot acknowledge; the admin can, once, and it is audited", async () => {
    const alerts = expectOk(await f.admin.query<any[]>("monitor.alerts"));
    const escalated = alerts.find((a) => a.kind === "case_escalated" && a.communityId === f.urban)!;
    expect(await f.viewer.mutate("monitor.acknowledge", { key: escalated.key })).toMatchObject({
      ok: false,
      error: { data: { code: "FORBIDDEN" } },
    });
    expect(await count("SELECT count(*) AS n FROM monitor_alert_acks WHERE street_id = ?", f.street.id)).toBe(0);
    expectOk(await f.admin.mutate("monitor.acknowledge", { key: escalated.key, note: "已约谈社区书记" }));
    const after = expectOk(await f.viewer.query<any[]>("monitor.alerts")).find((a) => a.key === escalated.key);
    expect(after.ack).toMatchObject({ note: "已约谈社区书记" });
    expect(await f.admin.mutate("monitor.acknowledge", { key: escalated.key })).toMatchObject({
      ok: false,
      error: { data: { code: "CONFLICT" } },
    });
    expect(
      await count(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'monitor.acknowledge' AND entity_id = ? AND community_id = ?",
        escalated.key,
        f.urban,
      ),
    ).toBe(1);
    // Another street's admin cannot acknowledge this street's alert.
    const other = await Client.as("street-admin");
    const stranger = alerts.find((a) => a.kind === "queries_overdue")!;
    expect(await other.mutate("monitor.acknowledge", { key: stranger.key })).toMatchObject({
      ok: false,
      error: { data: { code: "BAD_REQUEST" } },
    });
  });
});

describe("monitor.assessment", () => {
  const year = new Date().getUTCFullYear();

  it("computes each community's score with its inputs under the default weights", async () => {
    const r = expectOk(await f.viewer.query<any>("monitor.assessment.get", { year }));
    expect(r).toMatchObject({ status: "draft", weights: DEFAULT_WEIGHTS, published: null });
    const urban = r.rows.find((x: any) => x.id === f.urban);
    expect(urban.parts.find((p: any) => p.key === "satisfaction").weight).toBe(30);
    expect(urban.score).toBeGreaterThan(0);
    expect(urban.rank).toBeGreaterThanOrEqual(1);
  });

  it("refuses weights where satisfaction is not the largest, naming the indicator, and writes nothing", async () => {
    const before = await count("SELECT count(*) AS n FROM audit_log WHERE street_id = ?", f.street.id);
    const weights = { ...DEFAULT_WEIGHTS, satisfaction: 15, disclosureOnTimePct: 30 };
    const r = await f.admin.mutate("monitor.assessment.setWeights", { year, weights });
    expect(r).toMatchObject({ ok: false, error: { data: { code: "BAD_REQUEST" } } });
    if (!r.ok) {
      expect(r.error.message).toContain("按时公开率");
      expect(r.error.message).toContain("群众满意度");
    }
    expect(await f.viewer.mutate("monitor.assessment.setWeights", { year, weights: DEFAULT_WEIGHTS })).toMatchObject({
      ok: false,
      error: { data: { code: "FORBIDDEN" } },
    });
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE street_id = ?", f.street.id)).toBe(before);
    expect(await count("SELECT count(*) AS n FROM assessment_plans WHERE street_id = ?", f.street.id)).toBe(0);
  });

  it("saves valid weights and adjustments with a reason, audited", async () => {
    const weights = { ...DEFAULT_WEIGHTS, satisfaction: 35, patrolFilledPct: 0 };
    expectOk(await f.admin.mutate("monitor.assessment.setWeights", { year, weights }));
    const noReason = await f.admin.mutate("monitor.assessment.adjust", { year, communityId: f.urban, points: 3 });
    expect(noReason).toMatchObject({
      ok: false,
      error: { data: { fieldErrors: { adjustmentReason: expect.any(String) } } },
    });
    const tooMuch = await f.admin.mutate("monitor.assessment.adjust", {
      year,
      communityId: f.urban,
      points: 11,
      adjustmentReason: "突出贡献",
    });
    expect(tooMuch).toMatchObject({ ok: false, error: { data: { fieldErrors: { points: expect.any(String) } } } });
    const base = expectOk(await f.admin.query<any>("monitor.assessment.get", { year })).rows.find(
      (x: any) => x.id === f.urban,
    );
    expect(base.parts.find((p: any) => p.key === "satisfaction").weight).toBe(35);
    expectOk(
      await f.admin.mutate("monitor.assessment.adjust", {
        year,
        communityId: f.urban,
        points: -2,
        adjustmentReason: "防汛检查发现隐患未整改",
      }),
    );
    const adjusted = expectOk(await f.admin.query<any>("monitor.assessment.get", { year })).rows.find(
      (x: any) => x.id === f.urban,
    );
    expect(adjusted.adjustment).toBe(-2);
    expect(adjusted.score).toBeCloseTo(Math.max(0, base.base - 2), 5);
    expect(
      await count(
        "SELECT count(*) AS n FROM audit_log WHERE street_id = ? AND action IN ('assessment.setWeights', 'assessment.adjust')",
        f.street.id,
      ),
    ).toBe(2);
    // Another street's admin cannot adjust this street's community.
    const other = await Client.as("street-admin");
    expect(
      await other.mutate("monitor.assessment.adjust", {
        year,
        communityId: f.urban,
        points: 5,
        adjustmentReason: "无理由加分",
      }),
    ).toMatchObject({ ok: false, error: { data: { code: "NOT_FOUND" } } });
  });

  it("adjusts at the edges: ±10 and 0 are taken, 10.5, a 3-character reason and a phone number are not", async () => {
    const adjust = (points: number, adjustmentReason?: string) =>
      f.admin.mutate("monitor.assessment.adjust", { year, communityId: f.urban, points, adjustmentReason });
    const lineOf = async () =>
      expectOk(await f.admin.query<any>("monitor.assessment.get", { year })).rows.find((x: any) => x.id === f.urban);
    expectOk(await adjust(10, "社区治理创新示范"));
    expect((await lineOf()).adjustment).toBe(10);
    expectOk(await adjust(-10, "安全检查不合格项"));
    expect((await lineOf()).adjustment).toBe(-10);
    expect(await adjust(10.5, "突出贡献加分")).toMatchObject({
      ok: false,
      error: { data: { fieldErrors: { points: expect.any(String) } } },
    });
    expect(await adjust(-10.5, "突出问题扣分")).toMatchObject({ ok: false });
    expect(await adjust(3, "理由短")).toMatchObject({
      ok: false,
      error: { data: { fieldErrors: { adjustmentReason: expect.any(String) } } },
    });
    expectOk(await adjust(3, "  理由够了  "));
    // The reason is published and hashed into the log for good: no phone or ID number in it.
    const withPhone = await adjust(2, "居民张三（13812345678）反映情况属实");
    expect(withPhone).toMatchObject({
      ok: false,
      error: { data: { fieldErrors: { adjustmentReason: expect.any(String) } } },
    });
    expect((withPhone as any).error.message).toContain("电话号码");
    expect((await lineOf()).adjustment).toBe(3);
    expectOk(await adjust(0));
    expect((await lineOf()).adjustment).toBe(0);
  });

  it("publishes only a finished year, into each community's transparency log, once", async () => {
    expect(await f.admin.mutate("monitor.assessment.publish", { year })).toMatchObject({
      ok: false,
      error: { data: { code: "BAD_REQUEST", fieldErrors: { year: expect.any(String) } } },
    });
    const last = year - 1;
    const r = expectOk(await f.admin.mutate<any>("monitor.assessment.publish", { year: last }));
    expect(r.communities).toBe(2);
    const rows = (
      await env.DB.prepare(
        "SELECT community_id, content, content_hash FROM assessment_results WHERE street_id = ? AND year = ?",
      )
        .bind(f.street.id, last)
        .all<{ community_id: string; content: string; content_hash: string }>()
    ).results;
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(await contentHash(JSON.parse(row.content))).toBe(row.content_hash);
      const logged = await env.DB.prepare(
        "SELECT content_hash FROM transparency_log WHERE community_id = ? AND kind = 'assessment.result' AND record_id = ?",
      )
        .bind(row.community_id, String(last))
        .first<{ content_hash: string }>();
      expect(logged?.content_hash).toBe(row.content_hash);
    }
    const pub = expectOk(await new Client().query<any>("monitor.publicAssessment", { street: f.street.slug }));
    expect(pub).toMatchObject({ year: last, years: [{ year: last }] });
    expect(pub.rows).toHaveLength(2);
    expect(pub.rows[0].result).toMatchObject({ kind: "assessment.result", year: last, of: 2 });
    const open = (await (await new Client().fetch(`/api/open/v1/${f.street.slug}/assessment/${last}`)).json()) as any;
    expect(open).toMatchObject({ street: f.street.slug, year: last });
    expect(open.rows.map((x: any) => x.contentHash).sort()).toEqual(rows.map((x) => x.content_hash).sort());
    expect(await f.admin.mutate("monitor.assessment.publish", { year: last })).toMatchObject({
      ok: false,
      error: { data: { code: "CONFLICT" } },
    });
    expect(
      await f.admin.mutate("monitor.assessment.setWeights", { year: last, weights: DEFAULT_WEIGHTS }),
    ).toMatchObject({ ok: false, error: { data: { code: "CONFLICT" } } });
    const frozen = expectOk(await f.viewer.query<any>("monitor.assessment.get", { year: last }));
    expect(frozen).toMatchObject({ status: "published", rows: null });
    expect(frozen.published).toHaveLength(2);
    // A silent edit of the rank and score columns changes nothing the public sees: they come from the hashed content.
    await env.DB.prepare("UPDATE assessment_results SET score = 100, rank = 1 WHERE street_id = ? AND year = ?")
      .bind(f.street.id, last)
      .run();
    const after = expectOk(await new Client().query<any>("monitor.publicAssessment", { street: f.street.slug }));
    expect(after.rows.map((x: any) => [x.rank, x.score])).toEqual(
      pub.rows.map((x: any) => [x.result.rank, x.result.score]),
    );
  });
});
