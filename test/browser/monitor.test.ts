import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { logIn, PHONE, useBrowser } from "./browser";
import { deadlineState, periodOf, previousPeriod } from "../../shared/rules/finance";
import { shanghaiDate } from "../../shared/rules/eligibility";

const base = inject("baseUrl");
const browser = useBrowser();

const login = (page: Page, username: string) => logIn(page, base, username, "/street");

/** 桃园社区 has published no finance period: its latest quarter past the deadline is overdue. */
function latestOverdueQuarter(now = Date.now()) {
  let key = previousPeriod(periodOf(shanghaiDate(now), "quarterly"));
  while (deadlineState(key, null, now).state !== "overdue") key = previousPeriod(key);
  return { key, daysLate: deadlineState(key, null, now).daysLate };
}

describe("the street office's monitoring", () => {
  it("finds the community with overdue disclosures on the overview, drills down, and acknowledges an alert", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await login(page, "street-admin");

    // The overview is the console's landing page: every community × indicator.
    await expect.poll(() => page.getByTestId("overview-row").count()).toBeGreaterThanOrEqual(3);
    const taoyuan = page.locator('tr[data-community="taoyuan"]');
    await expect.poll(() => taoyuan.locator("th").textContent()).toContain("桃园社区");
    const overdue = taoyuan.locator('td[data-ind="overdueFinance"]');
    expect(Number((await overdue.locator(".mon-num").textContent())?.trim())).toBeGreaterThanOrEqual(1);
    expect(await overdue.locator("[data-light]").getAttribute("data-light")).toBe("red");
    expect(await overdue.locator("[data-light]").getAttribute("title")).toContain("绿 = 0");

    // Sorting by overdue finance periods, worst first, puts 桃园社区 on top; the header says so.
    await page.locator('button[data-sort="overdueFinance"]').click();
    const header = page.locator("th", { has: page.locator('button[data-sort="overdueFinance"]') });
    await expect.poll(() => header.getAttribute("aria-sort")).toBe("descending");
    await expect.poll(() => page.getByTestId("overview-row").first().getAttribute("data-community")).toBe("taoyuan");
    // From the keyboard: the same header again flips the order.
    await page.locator('button[data-sort="overdueFinance"]').focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => header.getAttribute("aria-sort")).toBe("ascending");

    // The search box narrows the table to matching names.
    await page.getByLabel("按社区名称查找").fill("桃园");
    await expect.poll(() => page.getByTestId("overview-row").count()).toBe(1);

    // The spreadsheet export downloads an .xlsx.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "导出 Excel" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^linli-overview-\d{4}-\d{2}-\d{2}\.xlsx$/);

    // Printing hides the console menu and the buttons.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".console-nav").isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "导出 Excel" }).isVisible()).toBe(false);
    await page.emulateMedia({ media: "screen" });

    // The drill-down lists the overdue periods with the days late.
    await taoyuan.getByRole("link", { name: "桃园社区" }).click();
    await page.waitForURL(/\/street\/communities\/[^/]+\/monitor$/);
    await expect.poll(() => page.getByTestId("monitor-title").textContent()).toContain("桃园社区");
    const expected = latestOverdueQuarter();
    const item = page.getByTestId("monitor-overdue").locator(`li[data-kind="finance"][data-period="${expected.key}"]`);
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toContain(expected.key);
    expect(await item.getByTestId("days-late").textContent()).toBe(`逾期 ${expected.daysLate} 天`);
    expect(await item.getByRole("link").getAttribute("href")).toBe(`/demo-street/taoyuan/finance/${expected.key}`);
    await expect.poll(() => page.getByTestId("month-chart").count()).toBeGreaterThan(0);

    // Alerts: acknowledge one with a note; it moves to the acknowledged list with who and when.
    await page.getByRole("link", { name: /^提醒/ }).click();
    await page.waitForURL((url) => url.pathname === "/street/alerts");
    const first = page.getByTestId("alert").first();
    await expect.poll(() => first.count()).toBe(1);
    const key = await first.getAttribute("data-key");
    const openBefore = await page.locator('[data-testid="alert"]:not(.is-acked)').count();
    await first.getByRole("button", { name: "确认 / Acknowledge" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("备注（可不填）").fill("已电话督促，本周内处理");
    await dialog.getByTestId("ack-confirm").click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="alert"]:not(.is-acked)').count()).toBe(openBefore - 1);
    const acked = page.getByTestId("alerts-acked");
    await acked.locator("summary").click();
    const done = acked.locator(`[data-key="${key}"]`);
    await expect.poll(() => done.getByTestId("alert-ack").textContent()).toContain("已电话督促，本周内处理");
    expect(await done.getByTestId("alert-ack").textContent()).toContain("钱明");
    await context.close();

    // A viewer reads the same alerts but has no button to acknowledge.
    const viewerContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const viewer = await viewerContext.newPage();
    await login(viewer, "street-viewer");
    await viewer.goto(base + "/street/alerts", { waitUntil: "networkidle" });
    await expect.poll(() => viewer.getByTestId("alert").count()).toBeGreaterThan(0);
    expect(await viewer.getByRole("button", { name: "确认 / Acknowledge" }).count()).toBe(0);
    await viewerContext.close();
  });

  it("shows one card per community on a phone", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await login(page, "street-admin");
    await expect.poll(() => page.getByTestId("overview-card").count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId("overview-table").count()).toBe(0);
    const card = page.locator('[data-testid="overview-card"][data-community="taoyuan"]');
    expect(await card.getByRole("heading", { name: "桃园社区" }).isVisible()).toBe(true);
    expect(await card.locator('[data-ind="overdueFinance"] [data-light]').getAttribute("data-light")).toBe("red");
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
