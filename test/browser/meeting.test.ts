import { describe, expect, inject, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { PHONE, useBrowser } from "./browser";

const base = inject("baseUrl");
const browser = useBrowser();

/** A staff session over plain HTTP (tRPC's wire format, no batching), independent of the console UI. */
async function staffSession(username: string) {
  const res = await fetch(`${base}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "demo12345" }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const unwrap = async <T>(r: Response): Promise<T> => {
    const body = (await r.json()) as { result?: { data: T }; error?: { message: string } };
    if (!r.ok || !body.result) throw new Error(`${r.url}: ${r.status} ${body.error?.message ?? ""}`);
    return body.result.data;
  };
  return {
    query: <T>(path: string, input?: unknown) =>
      fetch(`${base}/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, {
        headers: { cookie },
      }).then((r) => unwrap<T>(r)),
    mutate: <T>(path: string, input: unknown) =>
      fetch(`${base}/trpc/${path}`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify(input),
      }).then((r) => unwrap<T>(r)),
  };
}

type ResidentRow = { id: string; name: string; status: string; isRepresentative: boolean };
type Live = { status: string; present: number; eligible: number; quorumNeeded: number | null; quorumMet: boolean };

const PASSWORD = "linli2026mtg";
const WAIT = { timeout: 15_000 };

describe("a representatives' meeting checked in on phones", () => {
  it("ten representatives scan and check in; the result, minutes and decision progress are public", async () => {
    const staff = await staffSession("community-staff");
    const me = await staff.query<{ community: { id: string } }>("auth.me");
    const communityId = me.community.id;

    // (1) Ten representatives of 荷花社区 (张三丰's demo account is left alone for the other tests).
    const listed = await staff.query<{ items: ResidentRow[] }>("residents.list", {
      communityId,
      status: "active",
      representative: "representative",
      limit: 50,
    });
    const reps = listed.items.filter((r) => r.name !== "张三丰");
    if (reps.length < 10) {
      const adults = await staff.query<{ items: ResidentRow[] }>("residents.list", {
        communityId,
        status: "active",
        adult: true,
        limit: 50,
      });
      for (const r of adults.items.filter((a) => !a.isRepresentative && a.name !== "张三丰")) {
        if (reps.length >= 10) break;
        await staff.mutate("residents.update", { id: r.id, isRepresentative: true });
        reps.push(r);
      }
    }
    const chosen = reps.slice(0, 10);
    expect(chosen).toHaveLength(10);

    // Each gets a phone the test knows (the list masks phones) and activates through the API.
    const tag = String(Date.now()).slice(-4);
    const people = chosen.map((r, i) => ({ ...r, phone: `139${tag}${String(i + 1).padStart(4, "0")}` }));
    for (const p of people) {
      await staff.mutate("residents.update", { id: p.id, phone: p.phone });
      const { code } = await staff.mutate<{ code: string }>("residents.issueActivation", { residentId: p.id });
      const res = await fetch(`${base}/trpc/auth.activate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ street: "demo-street", community: "hehua", code, password: PASSWORD }),
      });
      expect(res.status, `activate ${p.name}`).toBe(200);
    }

    // (2) Staff create and announce a 居民代表会议 (no 10 days' notice needed).
    const title = `居民代表会议：3 号楼加装电梯资金使用方案 ${tag}`;
    const resolution = "同意使用公共维修资金 42 万元加装 3 号楼电梯，由业主委员会监督施工。";
    const { id } = await staff.mutate<{ id: string }>("meetings.create", {
      communityId,
      kind: "representatives_meeting",
      basis: "representatives",
      title,
      place: "社区党群服务中心二楼会议室",
      startsAt: Date.now() + 3600_000,
      items: [{ title: "3 号楼加装电梯资金使用方案", description: "", proposedResolution: resolution }],
    });
    await staff.mutate("meetings.announce", { id });
    const checkInPath = `/demo-street/hehua/meetings/${id}/check-in`;

    // (3) Each representative scans the QR code on their own phone and is asked to log in first.
    const note = `已完成电梯采购招标，中标单位公示期满。${tag}`;
    let noticeId = "";
    const contexts: BrowserContext[] = [];
    const pages: Page[] = [];
    try {
      await Promise.all(
        people.map(async (p, i) => {
          const context = await browser.newContext(PHONE);
          const page = await context.newPage();
          contexts[i] = context;
          pages[i] = page;
          await page.goto(base + checkInPath);
          const login = page.getByTestId("check-in-login").getByRole("link", { name: "登录后签到" });
          await expect
            .poll(() => login.getAttribute("href"), WAIT)
            .toBe(`/login?next=${encodeURIComponent(checkInPath)}`);
          await login.click();
          await page.waitForURL((url) => url.pathname === "/login");
          await page.getByLabel("用户名").fill(p.phone);
          await page.getByLabel("密码").fill(PASSWORD);
          await page.getByRole("button", { name: "登录" }).click();
          await page.waitForURL((url) => url.pathname === checkInPath);
          await expect.poll(() => page.getByTestId("check-in-title").textContent(), WAIT).toBe(title);
        }),
      );

      // Before the meeting opens, a tap is refused with the reason.
      await pages[0].getByTestId("check-in").click();
      await expect
        .poll(() => pages[0].getByRole("alert").filter({ hasText: "会议未在进行中" }).count(), WAIT)
        .toBeGreaterThan(0);
      expect(await pages[0].getByTestId("check-in-ok").count()).toBe(0);

      // (4) Staff open the meeting: the roll is fixed now.
      const opened = await staff.mutate<{ eligible: number; quorumNeeded: number }>("meetings.open", { id });
      expect(opened.eligible).toBeGreaterThanOrEqual(10);
      expect(opened.quorumNeeded).toBe(Math.ceil((opened.eligible * 2) / 3));

      // The meeting page offers the logged-in resident a way to the check-in page.
      const meetingPage = await contexts[0].newPage();
      await meetingPage.goto(`${base}/demo-street/hehua/meetings/${id}`);
      await expect.poll(() => meetingPage.getByTestId("check-in-link").getAttribute("href"), WAIT).toBe(checkInPath);
      await meetingPage.close();

      // (5) One after another they tap 签到: the count rises with each.
      for (const [i, page] of pages.entries()) {
        await page.getByTestId("check-in").click();
        await expect.poll(() => page.getByTestId("check-in-ok").textContent(), WAIT).toContain("签到成功");
        await expect.poll(() => page.getByTestId("live-eligible").textContent(), WAIT).toBe(String(opened.eligible));
        expect(Number(await page.getByTestId("live-present").textContent())).toBeGreaterThanOrEqual(i + 1);
        const live = await staff.query<Live>("meetings.live", { id });
        expect(live.present).toBe(i + 1);
        expect(live.quorumMet).toBe(i + 1 >= opened.quorumNeeded);
      }
      // A second tap is the same success, counted once.
      await pages[3].getByTestId("check-in").click();
      await expect.poll(() => pages[3].getByTestId("check-in-ok").textContent(), WAIT).toContain("签到成功");
      expect(await pages[3].getByTestId("check-in-error").textContent()).toBe("");
      expect((await staff.query<Live>("meetings.live", { id })).present).toBe(10);

      // A larger roll than fifteen would need more: staff check in the rest by search, as at the door.
      if (opened.quorumNeeded > 10) {
        const roll = await staff.query<{ items: ResidentRow[] }>("residents.list", {
          communityId,
          status: "active",
          representative: "representative",
          limit: 50,
        });
        const others = roll.items.filter((r) => !people.some((p) => p.id === r.id));
        for (const r of others.slice(0, opened.quorumNeeded - 10))
          await staff.mutate("meetings.checkIn", { meetingId: id, residentId: r.id });
      }
      const final = await staff.query<Live>("meetings.live", { id });
      expect(final.quorumMet).toBe(true);
      expect(final.present).toBeGreaterThanOrEqual(10);

      // The first phone, left open, follows the figures (refetched every 5 s) up to the quorum.
      await expect
        .poll(() => pages[0].getByTestId("live-present").textContent(), { timeout: 12_000 })
        .toBe(String(final.present));
      expect(await pages[0].getByTestId("live-quorum-met").textContent()).toBe("达到法定人数");
      const overflow = await pages[0].evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      // (6) Staff record the show of hands, close, publish the minutes and report progress.
      const manage = await staff.query<{ items: { id: string }[] }>("meetings.manage", { id });
      const vote = await staff.mutate<{ result: string }>("meetings.recordItemVote", {
        itemId: manage.items[0].id,
        votesFor: final.present,
        votesAgainst: 0,
        votesAbstain: 0,
        outcomeNote: "全体到会代表举手同意。",
      });
      expect(vote.result).toBe("passed");
      const closed = await staff.mutate<{ minutesMd: string }>("meetings.close", { id });
      const minutesMd = `${closed.minutesMd}\n\n记录人：社区工作人员`;
      ({ noticeId } = await staff.mutate<{ noticeId: string }>("meetings.publishMinutes", { id, minutesMd }));
      const decisions = await staff.query<{ id: string; meetingId: string }[]>("decisions.list", {
        street: "demo-street",
        community: "hehua",
      });
      const decision = decisions.find((d) => d.meetingId === id);
      expect(decision).toBeTruthy();
      await staff.mutate("decisions.addUpdate", {
        decisionId: decision!.id,
        status: "in_progress",
        progress: 30,
        note,
      });
    } finally {
      await Promise.all(contexts.map((c) => c?.close()));
    }

    // (7) Anyone on a phone sees the result and the figures, without names.
    const visitor = await browser.newContext(PHONE);
    const anon = await visitor.newPage();
    await anon.goto(`${base}/demo-street/hehua/meetings/${id}`);
    await expect.poll(() => anon.getByRole("heading", { level: 1 }).textContent(), WAIT).toBe(title);
    expect(await anon.getByTestId("item-result").textContent()).toBe("通过");
    const live = await staff.query<Live>("meetings.live", { id });
    expect(await anon.getByTestId("present").textContent()).toBe(String(live.present));
    expect(await anon.getByTestId("eligible").textContent()).toBe(String(live.eligible));
    expect(await anon.getByTestId("quorum").textContent()).toBe(String(live.quorumNeeded));
    expect(await anon.getByTestId("quorum-met").textContent()).toBe("达到法定人数");
    expect(await anon.getByTestId("item-votes").textContent()).toContain(`赞成 ${live.present}`);
    expect(await anon.getByTestId("quorum-rule").textContent()).toContain("三分之二以上");
    expect(await anon.getByTestId("item-decision").textContent()).toContain("实施中");
    expect(await anon.getByTestId("minutes").textContent()).toContain("记录人：社区工作人员");
    expect(await anon.getByTestId("minutes-link").getAttribute("href")).toBe(`/demo-street/hehua/notices/${noticeId}`);
    expect(await anon.getByTestId("check-in-link").count()).toBe(0);
    const body = (await anon.locator("body").textContent()) ?? "";
    for (const p of people) expect(body).not.toContain(p.name);
    const overflow = await anon.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // The meetings list shows it among past meetings with its attendance.
    await anon.goto(`${base}/demo-street/hehua/meetings`);
    const row = anon.getByTestId("meetings-past").locator(`li[data-meeting-id="${id}"]`);
    await expect.poll(() => row.textContent(), WAIT).toContain(`实到 ${live.present} / 应到 ${live.eligible}`);
    expect(await row.textContent()).toContain("已结束");

    // And the registry carries the decision with the update's note and progress.
    await anon.getByTestId("decisions-link").click();
    await anon.waitForURL((url) => url.pathname === "/demo-street/hehua/decisions");
    const entry = anon.locator("li[data-decision-id]").filter({ hasText: title });
    await expect.poll(() => entry.textContent(), WAIT).toContain(note);
    expect(await entry.textContent()).toContain(resolution);
    expect(await entry.locator("progress").first().getAttribute("value")).toBe("30");
    expect(await entry.getByRole("link", { name: title }).getAttribute("href")).toBe(
      `/demo-street/hehua/meetings/${id}`,
    );
    // The registry is open data too: the CSV carries the latest note.
    const csvHref = await anon.getByTestId("decisions-csv").getAttribute("href");
    expect(csvHref).toBe("/api/open/v1/demo-street/hehua/decisions.csv");
    expect(await fetch(base + csvHref).then((r) => r.text())).toContain(note);
    await visitor.close();
  }, 180_000);
});
