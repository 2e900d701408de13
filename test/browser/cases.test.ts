import { describe, expect, inject, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { PHONE, useBrowser } from "./browser";
import { bodyOverflow, loggedIn, staffSession } from "./votes-helpers";

const base = inject("baseUrl");
const browser = useBrowser();

const WAIT = { timeout: 15_000 };

/** A valid 1×1 PNG (one red pixel). */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);

/** The stepper's step that is current (受理, 办理, 核实), or null when every step is done. */
const currentStep = (scope: Page | Locator) => scope.locator('[data-testid="case-step"][data-state="current"]');

describe("cases", () => {
  it("a resident files a request with a photo on a phone; the grid worker handles it; the resident rates it", async () => {
    const stamp = String(Date.now()).slice(-6);
    const description = `小区北门路灯坏了，晚上很黑，请尽快修理 ${stamp}`;
    const photoName = `lamp-${stamp}.png`;
    const visitNote = `上门查看，已联系物业更换灯泡 ${stamp}`;

    const resident = await loggedIn(browser, base, "resident", "/demo-street/hehua/ask", PHONE);
    const worker = await loggedIn(browser, base, "grid-worker", "/admin/cases");
    try {
      // 1. The resident, on a phone, files a 诉求 about facilities with a photo, to the first grid.
      const page = resident.page;
      const form = page.getByTestId("case-form");
      await expect.poll(() => form.isVisible(), WAIT).toBe(true);
      await page.locator('[data-testid="case-kind"][value="request"]').check();
      await page.getByTestId("case-category").selectOption("facilities");
      await page.getByTestId("case-description").fill(description);
      const grid = page.getByTestId("case-grid");
      await expect.poll(() => grid.locator("option").count(), WAIT).toBeGreaterThan(1);
      const firstGrid = await grid.locator("option").nth(1).getAttribute("value");
      expect(firstGrid).toBeTruthy();
      await grid.selectOption(firstGrid!);
      await page.getByTestId("case-photo-input").setInputFiles({ name: photoName, mimeType: "image/png", buffer: PNG });
      expect(await page.locator(".case-photo-list").textContent()).toContain(photoName);
      expect(await bodyOverflow(page)).toBeLessThanOrEqual(0);
      await page.getByTestId("case-submit").tap();

      const filed = page.getByTestId("case-filed");
      await expect.poll(() => filed.isVisible(), WAIT).toBe(true);
      const caseId = (await filed.getAttribute("data-case-id"))!;
      expect(caseId).toBeTruthy();
      const code = (await page.getByTestId("case-tracking-code").textContent())!.trim();
      expect(code).toMatch(/^[0-9A-Z-]{6,}$/);
      expect(await filed.textContent()).not.toContain("失败");
      expect(await filed.locator(".case-error").count()).toBe(0);

      // /me/cases: the case waits at 受理, with the photo listed.
      await page.getByTestId("case-mine-link").tap();
      await page.waitForURL((u) => u.pathname === "/me/cases");
      const mine = page.locator(`[data-testid="my-case"][data-case-id="${caseId}"]`);
      await expect.poll(() => mine.getAttribute("data-status"), WAIT).toBe("accept");
      expect(await mine.textContent()).toContain(description);
      expect(await currentStep(mine).getAttribute("data-step")).toBe("accept");
      expect(await currentStep(mine).textContent()).toContain("受理");
      expect(await mine.getByTestId("case-photo").textContent()).toBe(photoName);
      expect(await mine.getByTestId("case-handler").textContent()).toContain("赵网格");
      expect(await mine.getByTestId("case-rate").count()).toBe(0);
      expect(await bodyOverflow(page)).toBeLessThanOrEqual(0);

      // 2. The API gives the grid worker the case on their board (it is in their grid) …
      const api = await staffSession(base, "grid-worker");
      const me = await api.query<{ community: { id: string } }>("auth.me");
      const board = await api.query<{ id: string; assigneeName: string | null }[]>("cases.board", {
        communityId: me.community.id,
      });
      expect(board.find((c) => c.id === caseId)?.assigneeName).toBe("赵网格");
      // … and the worker finds the card in the 受理 column of the console's board and opens it.
      // (Known bug: AdminShell lets a grid worker see only /admin/residents and /admin/households,
      // so /admin/cases, linked from their own nav as 居民诉求, shows the "grid note" card instead.)
      const wp = worker.page;
      await wp.reload(); // the board was loaded before the case was filed
      await expect.poll(() => wp.getByTestId("case-board").isVisible(), WAIT).toBe(true);
      const card = wp.locator(`[data-testid="case-card"][data-case-id="${caseId}"]`);
      await expect.poll(() => card.count(), WAIT).toBe(1);
      expect(await card.getAttribute("data-status")).toBe("accept");
      expect(await card.evaluate((el) => el.closest("[data-stage]")?.getAttribute("data-stage"))).toBe("accept");
      expect(await card.textContent()).toContain("赵网格");
      await card.click();
      await wp.waitForURL((u) => u.pathname === `/admin/cases/${caseId}`);
      const detail = wp.getByTestId("case-detail");
      await expect.poll(() => detail.getAttribute("data-status"), WAIT).toBe("accept");
      expect(await detail.textContent()).toContain(description);
      // The photo, and it is served.
      const photo = wp.getByTestId("case-photo").filter({ hasText: photoName });
      await expect.poll(() => photo.count(), WAIT).toBeGreaterThan(0);
      const photoHref = await photo.first().locator("a").first().getAttribute("href");
      expect(photoHref).toMatch(/^\/files\//);
      const served = await wp.request.get(base + photoHref);
      expect(served.status()).toBe(200);
      expect(Buffer.from(await served.body()).equals(PNG)).toBe(true);

      // 受理.
      await wp.getByTestId("case-accept").click();
      await expect.poll(() => detail.getAttribute("data-status"), WAIT).toBe("handle");
      // A visit (上门走访) on the timeline.
      await wp.getByTestId("case-event-kind").selectOption("visit");
      await wp.getByTestId("case-event-note").fill(visitNote);
      await wp.getByTestId("case-event-save").click();
      const visit = wp.locator('[data-testid="case-event"][data-kind="visit"]');
      await expect.poll(() => visit.count(), WAIT).toBe(1);
      expect(await visit.textContent()).toContain(visitNote);
      expect(await visit.textContent()).toContain("上门走访");
      // 办结，提交核实, then 核实通过.
      await wp.getByTestId("case-handled").click();
      await expect.poll(() => detail.getAttribute("data-status"), WAIT).toBe("verify");
      await wp.getByTestId("case-verify-ok").click();
      await expect.poll(() => detail.getAttribute("data-status"), WAIT).toBe("closed");
      expect(await wp.getByTestId("case-actions").count()).toBe(0);
      const kinds = await wp
        .getByTestId("case-timeline")
        .getByTestId("case-event")
        .evaluateAll((els) => els.map((el) => el.getAttribute("data-kind")));
      for (const k of ["filed", "accepted", "visit", "handled", "closed"]) expect(kinds).toContain(k);
      const timeline = (await wp.getByTestId("case-timeline").textContent())!;
      for (const label of ["受理", "上门走访", "办结，提交核实", "核实通过，办结"]) expect(timeline).toContain(label);

      // 3. The resident reloads: closed (办结, every step done), and rates it 5 with a comment.
      await page.reload();
      await expect.poll(() => mine.getAttribute("data-status"), WAIT).toBe("closed");
      expect(await currentStep(mine).count()).toBe(0);
      expect(
        await mine.getByTestId("case-step").evaluateAll((els) => els.map((el) => el.getAttribute("data-state"))),
      ).toEqual(["done", "done", "done", "done"]);
      expect(await mine.locator('[data-testid="case-step"][data-step="closed"]').textContent()).toContain("办结");
      const publicKinds = await mine
        .getByTestId("case-event")
        .evaluateAll((els) => els.map((el) => el.getAttribute("data-kind")));
      expect(publicKinds).toContain("closed");
      const rate = mine.getByTestId("case-rate");
      await expect.poll(() => rate.isVisible(), WAIT).toBe(true);
      expect(await mine.getByTestId("case-rate-submit").isDisabled()).toBe(true);
      await mine.locator('[data-testid="case-rating-option"][data-value="5"]').check({ force: true });
      await mine.getByTestId("case-rate-comment").fill("处理得很快，谢谢网格员！");
      await mine.getByTestId("case-rate-submit").tap();
      const rated = mine.getByTestId("case-rated");
      await expect.poll(() => rated.getAttribute("data-rating"), WAIT).toBe("5");
      expect(await rated.textContent()).toContain("★★★★★");
      expect(await mine.getByTestId("case-rate").count()).toBe(0);
      expect(await mine.getByTestId("case-rating-option").count()).toBe(0);
      // Final: after a reload the rating stays and no second rating is offered.
      await page.reload();
      await expect.poll(() => mine.getByTestId("case-rated").getAttribute("data-rating"), WAIT).toBe("5");
      expect(await mine.getByTestId("case-rate").count()).toBe(0);
      expect(await bodyOverflow(page)).toBeLessThanOrEqual(0);

      // The console shows the rating with its comment.
      await wp.reload();
      await expect.poll(() => detail.getAttribute("data-status"), WAIT).toBe("closed");
      await expect.poll(() => detail.textContent(), WAIT).toContain("处理得很快，谢谢网格员！");
    } finally {
      await resident.context.close();
      await worker.context.close();
    }
  });

  it("a visitor disputes a notice from its page; the tracking page names it; the street office's alert opens the case", async () => {
    const context = await browser.newContext(PHONE);
    const street = await loggedIn(browser, base, "street-admin", "/street/alerts");
    try {
      // 1. From the notices list to a notice, and its "dispute" button.
      const page = await context.newPage();
      await page.goto(`${base}/demo-street/hehua/notices`);
      const first = page.locator("a.notice-title").first();
      await expect.poll(() => first.isVisible(), WAIT).toBe(true);
      await first.tap();
      const title = (await page.locator("h1.notice-h1").textContent())!.trim();
      expect(title).toBeTruthy();
      await page.getByTestId("notice-dispute").tap();
      await page.waitForURL((u) => u.pathname === "/demo-street/hehua/ask" && u.searchParams.has("notice"));

      // 2. The form names the notice and is already a complaint about disclosure.
      const about = page.getByTestId("case-about");
      await expect.poll(() => about.textContent(), WAIT).toContain(title);
      expect(await page.locator('[data-testid="case-kind"][value="complaint"]').isChecked()).toBe(true);
      expect(await page.getByTestId("case-category").inputValue()).toBe("disclosure");
      const description = `公告内容与实际不符，请核查 ${String(Date.now()).slice(-6)}`;
      await page.getByTestId("case-description").fill(description);
      await page.getByTestId("case-contact-name").fill("王居民");
      await page.getByTestId("case-contact-phone").fill("13800138000");
      expect(await bodyOverflow(page)).toBeLessThanOrEqual(0);
      await page.getByTestId("case-submit").tap();
      const filed = page.getByTestId("case-filed");
      await expect.poll(() => filed.isVisible(), WAIT).toBe(true);
      const caseId = (await filed.getAttribute("data-case-id"))!;

      // 3. The tracking page names the notice and links back to it.
      await page.getByTestId("case-track-link").tap();
      const subject = page.getByTestId("case-subject");
      await expect.poll(() => subject.textContent(), WAIT).toContain(title);
      await subject.getByRole("link").tap();
      await expect.poll(() => page.locator("h1.notice-h1").textContent(), WAIT).toBe(title);

      // 4. The street office sees the disputed notice among its alerts and opens the case from it.
      const s = street.page;
      await s.reload();
      const alert = s.locator('[data-testid="alert"]', { hasText: description.slice(0, 20) });
      await expect.poll(() => alert.textContent(), WAIT).toContain(title);
      expect(await s.locator("main").textContent()).not.toMatch(/mon\.al\.|casec\./); // no raw string keys
      await alert.getByRole("link", { name: "查看投诉" }).click();
      await s.waitForURL((u) => u.pathname === "/street/cases" && u.searchParams.get("case") === caseId);
      await expect.poll(() => s.getByTestId("case-subject").textContent(), WAIT).toContain(title);
      expect(await s.locator(`[data-testid="street-case-row"][data-case-id="${caseId}"]`).count()).toBe(1);
      expect(await s.locator("main").textContent()).not.toMatch(/casec\./);
    } finally {
      await context.close();
      await street.context.close();
    }
  });

  it("a visitor files a suggestion with a name and phone and follows it by the tracking code", async () => {
    const context = await browser.newContext(PHONE);
    try {
      const page = await context.newPage();
      await page.goto(`${base}/demo-street/hehua/ask`);
      const form = page.getByTestId("case-form");
      await expect.poll(() => form.isVisible(), WAIT).toBe(true);
      // Not logged in: no photos, a name and phone instead.
      expect(await page.getByTestId("case-photo-input").count()).toBe(0);
      await page.locator('[data-testid="case-kind"][value="suggestion"]').check();
      await page.getByTestId("case-description").fill(`建议在小区广场增加几张长椅 ${String(Date.now()).slice(-6)}`);
      await page.getByTestId("case-contact-name").fill("李访客");
      await page.getByTestId("case-contact-phone").fill("13800138000");
      await page.getByTestId("case-submit").tap();

      const filed = page.getByTestId("case-filed");
      await expect.poll(() => filed.isVisible(), WAIT).toBe(true);
      const code = (await page.getByTestId("case-tracking-code").textContent())!.trim();
      expect(code.length).toBeGreaterThan(4);
      expect(await page.getByTestId("case-mine-link").count()).toBe(0);

      await page.getByTestId("case-track-link").tap();
      await page.waitForURL((u) => u.pathname === `/track/${encodeURIComponent(code)}`);
      const result = page.getByTestId("track-result");
      await expect.poll(() => result.getAttribute("data-status"), WAIT).toBe("accept");
      const current = currentStep(result);
      expect(await current.getAttribute("data-step")).toBe("accept");
      expect(await current.textContent()).toContain("受理");
      expect(await result.textContent()).toContain("建议");
      expect(await bodyOverflow(page)).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });
});
