import { describe, expect, inject, it } from "vitest";
import { PHONE, useBrowser } from "./browser";
import {
  beijingLocal,
  bodyOverflow,
  loggedIn,
  publicPoll,
  publishedPoll,
  staffSession,
  untilClosed,
} from "./votes-helpers";

const base = inject("baseUrl");
const browser = useBrowser();

const WAIT = { timeout: 15_000 };
const pollPath = (id: string) => `/demo-street/hehua/polls/${id}`;

describe("online votes", () => {
  it("a resident votes on a phone, keeps the receipt and finds it in the published ballots once the vote closes", async () => {
    const staff = await staffSession(base, "community-admin");
    const tag = String(Date.now()).slice(-5);
    const title = `3 号楼楼道改造方案表决 ${tag}`;

    // The resident logs in on the phone first, so the short vote's window is spent voting.
    const { context, page } = await loggedIn(browser, base, "resident", "/me", PHONE);
    try {
      // A secret yes/no vote of adults, open now, closing in about 20 seconds.
      const closesAt = Date.now() + 20_000;
      const poll = await publishedPoll(staff, { title, secret: true, closesAt });
      expect(poll.status).toBe("open");
      expect(poll.eligibleCount).toBeGreaterThan(0);

      // Two taps: an option, then 确认投票.
      await page.goto(base + pollPath(poll.id));
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), WAIT).toBe(title);
      const confirm = page.getByTestId("poll-confirm");
      await expect.poll(() => confirm.isDisabled(), WAIT).toBe(true);
      await page.locator('[data-testid="poll-option"][data-option-id="yes"]').tap();
      await expect.poll(() => page.getByTestId("poll-summary").textContent(), WAIT).toContain("赞成");
      expect(await confirm.isEnabled()).toBe(true);
      await confirm.tap();

      // The receipt is shown once, and the page says the ballot is in.
      const codeEl = page.getByTestId("poll-receipt-code");
      await expect.poll(() => codeEl.textContent(), WAIT).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const receipt = (await codeEl.textContent())!;
      await expect.poll(() => page.getByTestId("poll-voted").count(), WAIT).toBe(1);
      expect(await page.getByTestId("poll-confirm").count()).toBe(0);
      expect(await bodyOverflow(page)).toBeLessThanOrEqual(0);

      // The vote closes by itself at its closing time.
      await untilClosed(base, poll.id, closesAt);
      await page.reload();
      const article = page.getByTestId("poll");
      await expect.poll(() => article.getAttribute("data-status"), WAIT).toBe("closed");
      await expect.poll(() => page.getByTestId("poll-result").isVisible(), WAIT).toBe(true);
      const cast = (await publicPoll(base, poll.id)).cast;
      expect(cast).toBeGreaterThanOrEqual(1);
      expect(await page.getByTestId("result-cast").textContent()).toBe(String(cast));
      // Still known as having taken part (without saying how: the ballot is secret).
      await expect.poll(() => page.getByTestId("poll-voted").textContent(), WAIT).toContain("您参加了本次投票");

      // The published ballots list the receipt, and looking it up — typed as people type — finds it.
      const row = page.locator(`[data-testid="ballot-row"][data-receipt="${receipt}"]`);
      await expect.poll(() => row.count(), WAIT).toBe(1);
      expect(await row.textContent()).toContain("赞成");
      const typed = receipt.toLowerCase().replace(/-/g, " ");
      await page.getByTestId("receipt-search").fill(typed);
      await page.getByTestId("receipt-search-box").getByRole("button", { name: "查找" }).tap();
      const found = page.getByTestId("receipt-found");
      await expect.poll(() => found.getAttribute("data-found"), WAIT).toBe("true");
      expect(await found.textContent()).toContain(receipt);
      expect(await found.textContent()).toContain("赞成");
      await expect.poll(() => row.getAttribute("aria-current"), WAIT).toBe("true");

      // The phone remembers the receipt: "/me/votes" lists it with a link that looks it up.
      await page.goto(base + "/me/votes");
      const kept = page.getByTestId("my-receipts").locator(`li[data-poll-id="${poll.id}"]`);
      await expect.poll(() => kept.textContent(), WAIT).toContain(receipt);
      expect(await kept.textContent()).toContain(title);
      expect(await kept.getByTestId("my-receipt").getAttribute("href")).toBe(
        `${pollPath(poll.id)}?receipt=${encodeURIComponent(receipt)}`,
      );
      const mine = page.locator(`[data-testid="my-poll"][data-poll-id="${poll.id}"]`);
      await expect.poll(() => mine.getAttribute("data-voted"), WAIT).toBe("true");
      expect(await mine.getAttribute("data-status")).toBe("closed");
    } finally {
      await context.close();
    }
  }, 90_000);

  it("staff create a single-choice vote in the console and publish it; it is open on the public list", async () => {
    const tag = String(Date.now()).slice(-5);
    const title = `小区停车位分配方案选择 ${tag}`;
    const { context, page } = await loggedIn(browser, base, "community-admin", "/admin/polls");
    try {
      await page.getByTestId("poll-new").click();
      await page.waitForURL((url) => url.pathname === "/admin/polls/new");
      await page.getByTestId("poll-type").selectOption("single");
      await page.getByTestId("poll-title").fill(title);
      // Single choice starts with two rows; a third is added.
      const labels = page.locator("input[name=optionLabel]");
      await expect.poll(() => labels.count(), WAIT).toBe(2);
      await page.getByTestId("poll-option-add").click();
      await expect.poll(() => labels.count(), WAIT).toBe(3);
      const options = ["方案一：按楼栋轮换", "方案二：摇号分配", "方案三：维持现状"];
      for (const [i, label] of options.entries()) await labels.nth(i).fill(label);
      // Opening now (the default is the next full hour), so publishing opens it at once.
      await page.getByTestId("poll-opens").fill(beijingLocal(Date.now() - 60_000));
      await page.getByTestId("poll-save").click();
      await page.waitForURL((url) => /^\/admin\/polls\/(?!new$)[^/]+$/.test(url.pathname));
      const id = new URL(page.url()).pathname.split("/").pop()!;
      await expect.poll(() => page.getByTestId("poll-title-head").textContent(), WAIT).toBe(title);
      expect(await page.getByTestId("poll-option-list").textContent()).toContain("方案三：维持现状");

      // Publishing asks first, naming whose roll is taken.
      await page.getByTestId("poll-publish").click();
      await page.getByTestId("poll-publish-confirm").click();
      await expect.poll(() => page.getByTestId("poll-live").count(), WAIT).toBe(1);
      const eligible = await page.getByTestId("poll-eligible").textContent();
      expect(Number(eligible)).toBeGreaterThan(0);
      expect(await page.getByTestId("poll-voted").textContent()).toBe("0");

      // Anyone sees it among the open votes, with the size of its roll.
      const visitor = await browser.newContext(PHONE);
      const anon = await visitor.newPage();
      await anon.goto(`${base}/demo-street/hehua/polls`);
      const row = anon.getByTestId("polls-open").locator(`li[data-poll-id="${id}"]`);
      await expect.poll(() => row.getAttribute("data-status"), WAIT).toBe("open");
      expect(await row.textContent()).toContain(title);
      expect(await row.getByTestId("poll-row-eligible").textContent()).toBe(`应投 ${eligible} 人`);
      expect(await row.getByTestId("poll-row-turnout").textContent()).toContain("0");
      await visitor.close();
    } finally {
      await context.close();
    }
  });

  it("a resident not on a ballot's roll is told why and offered no ballot", async () => {
    // 张三丰 is an adult, his household's representative and a 居民代表 in the seed, so every registry
    // rule puts him on the roll. A ballot in a meeting is only for those checked in when it opens.
    const staff = await staffSession(base, "community-admin");
    const me = await staff.query<{ community: { id: string } }>("auth.me");
    const communityId = me.community.id;
    const tag = String(Date.now()).slice(-5);
    const { id: meetingId } = await staff.mutate<{ id: string }>("meetings.create", {
      communityId,
      kind: "consultation",
      subkind: "议事会",
      basis: "none",
      title: `议事会：小区垃圾分类点位调整 ${tag}`,
      place: "社区党群服务中心一楼",
      startsAt: Date.now() + 600_000,
      items: [{ title: "垃圾分类点位调整", description: "", proposedResolution: "" }],
    });
    await staff.mutate("meetings.announce", { id: meetingId });
    await staff.mutate("meetings.open", { id: meetingId });
    const listed = await staff.query<{ items: { id: string; name: string }[] }>("residents.list", {
      communityId,
      status: "active",
      adult: true,
      limit: 20,
    });
    const other = listed.items.find((r) => r.name !== "张三丰")!;
    await staff.mutate("meetings.checkIn", { meetingId, residentId: other.id });
    const manage = await staff.query<{ items: { id: string }[] }>("meetings.manage", { id: meetingId });
    const poll = await publishedPoll(staff, {
      title: `垃圾分类点位调整（现场投票） ${tag}`,
      eligibility: "meeting_attendees",
      meetingItemId: manage.items[0].id,
      secret: true,
    });
    expect(poll.status).toBe("open");
    expect(poll.eligibleCount).toBe(1);

    const { context, page } = await loggedIn(browser, base, "resident", pollPath(poll.id));
    try {
      const why = page.getByTestId("poll-ineligible");
      await expect.poll(() => why.getAttribute("data-reason"), WAIT).toBe("poll.ineligible.notPresent");
      expect(await why.isVisible()).toBe(true);
      expect(await why.textContent()).toContain("只有投票开始时已签到的与会人员可以投票");
      expect(await page.getByTestId("poll-confirm").count()).toBe(0);
      expect(await page.getByTestId("poll-option").count()).toBe(0);

      // "/me/votes" says the same.
      await page.goto(base + "/me/votes");
      const entry = page.locator(`[data-testid="my-poll"][data-poll-id="${poll.id}"]`);
      await expect.poll(() => entry.getByTestId("my-poll-ineligible").textContent(), WAIT).toContain("已签到");
      expect(await entry.getByTestId("my-poll-vote").count()).toBe(0);
      // The chair closes the ballot (a meeting ballot may be closed early).
      await staff.mutate("polls.close", { id: poll.id });
    } finally {
      await context.close();
    }
  });

  it("a ballot can be filled in and confirmed with the keyboard alone", async () => {
    const staff = await staffSession(base, "community-admin");
    const tag = String(Date.now()).slice(-5);
    const poll = await publishedPoll(staff, {
      kind: "consultation",
      ballotType: "single",
      title: `社区活动室开放时间征求意见 ${tag}`,
      options: [{ label: "工作日晚上" }, { label: "周末全天" }, { label: "每天上午" }],
      secret: false,
    });
    const { context, page } = await loggedIn(browser, base, "resident", pollPath(poll.id));
    try {
      const confirm = page.getByTestId("poll-confirm");
      await expect.poll(() => confirm.isDisabled(), WAIT).toBe(true);
      // Tab into the radio group (to its first option) and Space selects it.
      const first = page.locator('[data-testid="poll-option"][data-option-id="o1"] input');
      const focused = () => first.evaluate((el) => el === document.activeElement);
      for (let i = 0; i < 60 && !(await focused()); i++) await page.keyboard.press("Tab");
      expect(await focused()).toBe(true);
      await page.keyboard.press("Space");
      await expect.poll(() => first.isChecked(), WAIT).toBe(true);
      await expect.poll(() => page.getByTestId("poll-summary").textContent(), WAIT).toContain("工作日晚上");
      // Tab to 确认投票 and press Enter.
      await page.keyboard.press("Tab");
      expect(await confirm.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press("Enter");
      await expect.poll(() => page.getByTestId("poll-receipt-code").textContent(), WAIT).toMatch(/^[0-9A-Z-]{14}$/);
      // The receipt box takes the focus, so a screen reader announces it.
      expect(await page.getByTestId("poll-receipt").evaluate((el) => el === document.activeElement)).toBe(true);
      const mine = await fetch(
        `${base}/trpc/polls.receipt?input=${encodeURIComponent(
          JSON.stringify({
            street: "demo-street",
            community: "hehua",
            id: poll.id,
            receipt: (await page.getByTestId("poll-receipt-code").textContent())!,
          }),
        )}`,
      ).then((r) => r.json() as Promise<{ result: { data: { found: boolean; choice: string } } }>);
      expect(mine.result.data).toMatchObject({ found: true, choice: "o1" });
    } finally {
      await context.close();
    }
  });
});
