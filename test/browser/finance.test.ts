import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { readFileSync } from "node:fs";
import { PHONE, useBrowser } from "./browser";
import { periodOf } from "../../shared/rules/finance";
import { shanghaiDate } from "../../shared/rules/eligibility";

const base = inject("baseUrl");
const browser = useBrowser();

async function logIn(page: Page, username: string) {
  await page.goto(base + "/login", { waitUntil: "networkidle" });
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill("demo12345");
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/admin"));
}

async function confirm(page: Page) {
  await page.getByRole("dialog").getByRole("button", { name: "确认" }).click();
}

describe("finance disclosure", () => {
  it("staff enter and import entries, a supervisor approves on a phone, the admin publishes, a visitor sees the charts and downloads CSV", async () => {
    const period = periodOf(shanghaiDate(Date.now()), "quarterly"); // 荷花社区 discloses quarterly
    const day = shanghaiDate(Date.now());

    // Staff: one entry by hand, two by import, then submit.
    const staffContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const staff = await staffContext.newPage();
    await logIn(staff, "community-staff");
    await staff.goto(base + "/admin/finance", { waitUntil: "networkidle" });
    await staff.locator(`tr[data-period="${period}"] a.fin-period-link`).click();
    await staff.waitForURL(/\/admin\/finance\/[^/]+$/);
    const periodUrl = new URL(staff.url()).pathname;
    await staff.locator("#fin-entry-date").fill(day);
    await staff.locator("#fin-entry-dir-expense").check();
    await staff.locator("#fin-entry-category").selectOption("activity");
    await staff.locator("#fin-entry-amount").fill("12.345");
    await expect.poll(() => staff.locator("#fin-entry-amount-error").textContent()).toContain("两位小数");
    await staff.locator("#fin-entry-amount").fill("1,280.50");
    await staff.locator("#fin-entry-summary").fill("冬至包饺子活动食材");
    await staff.locator("#fin-entry-counterparty").fill("荷花菜市场");
    await staff.locator("#fin-entry-voucherNo").fill("BT-001");
    await staff.locator("button[data-action=fin-entry-add]").click();
    await expect.poll(() => staff.getByText("分录已添加").count()).toBeGreaterThan(0);

    const csv =
      "日期,收支,类别,金额（元）,摘要,对方,对方是个人,凭证号\n" +
      `${day},收入,捐赠,500.00,居民自愿捐赠冬衣款,李四,是,BT-002\n` +
      `${day},支出,设施维护,880.00,更换单元门禁电池,示范电工服务部,否,BT-003\n`;
    await staff
      .locator("#fin-import-file")
      .setInputFiles({ name: "entries.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect.poll(() => staff.getByTestId("fin-import-summary").textContent()).toContain("2");
    await staff.locator("[data-action=fin-import-commit]").click();
    await confirm(staff);
    await expect.poll(() => staff.getByTestId("fin-import-result").count()).toBe(1);
    await staff.locator("[data-action=fin-submit]").click();
    await confirm(staff);
    await expect.poll(() => staff.locator("#fin-flow").getAttribute("data-status")).toBe("submitted");
    await staffContext.close();

    // The supervisor approves on a phone.
    const supervisorContext = await browser.newContext(PHONE);
    const supervisor = await supervisorContext.newPage();
    await logIn(supervisor, "supervisor");
    await supervisor.goto(base + periodUrl, { waitUntil: "networkidle" });
    await supervisor.locator("#fin-review-comment").fill("凭证齐全，同意公开");
    await supervisor.locator("[data-action=fin-approve]").click();
    await confirm(supervisor);
    await expect.poll(() => supervisor.locator("#fin-flow").getAttribute("data-status")).toBe("approved");
    const overflow = await supervisor.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await supervisorContext.close();

    // The admin publishes.
    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const admin = await adminContext.newPage();
    await logIn(admin, "community-admin");
    await admin.goto(base + periodUrl, { waitUntil: "networkidle" });
    await admin.locator("[data-action=fin-publish]").click();
    await confirm(admin);
    await expect.poll(() => admin.getByTestId("fin-public-link").count()).toBe(1);
    await adminContext.close();

    // A visitor on a phone sees the period with its charts and downloads the CSV.
    const visitorContext = await browser.newContext({ ...PHONE, acceptDownloads: true });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${base}/demo-street/hehua/finance/${period}`);
    await expect.poll(() => visitor.getByTestId("finance-period-title").textContent()).toContain("荷花社区");
    await expect.poll(() => visitor.locator("[data-testid=category-chart] svg").count()).toBeGreaterThan(0);
    const entries = (await visitor.getByTestId("finance-entries").textContent()) ?? "";
    expect(entries).toContain("冬至包饺子活动食材");
    expect(entries).toContain("李*"); // a person's name is masked in public
    expect(entries).not.toContain("李四");
    const [download] = await Promise.all([
      visitor.waitForEvent("download"),
      visitor.getByTestId("finance-csv").click(),
    ]);
    const body = readFileSync((await download.path())!, "utf8");
    expect(body.startsWith("\uFEFF")).toBe(true);
    expect(body).toContain("1280.50");
    expect(body).toContain("更换单元门禁电池");

    await visitor.goto(`${base}/demo-street/hehua/finance`);
    await expect
      .poll(() => visitor.locator("[data-testid=trend-chart] rect.bar-income").count())
      .toBeGreaterThanOrEqual(12);
    await visitorContext.close();
  });
});
