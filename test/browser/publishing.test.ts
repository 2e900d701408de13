import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { PHONE, useBrowser } from "./browser";

const base = inject("baseUrl");
const browser = useBrowser();

async function logIn(page: Page, username: string) {
  await page.goto(base + "/login", { waitUntil: "networkidle" });
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill("demo12345");
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/admin"));
}

describe("publishing a notice", () => {
  it("staff drafts and submits, the admin publishes and corrects, a visitor on a phone sees version 2", async () => {
    const title = `停水通知 ${Date.now()}`;

    // Community staff: draft with live preview, save, submit.
    const staff = await browser.newContext();
    const staffPage = await staff.newPage();
    await logIn(staffPage, "community-staff");
    await staffPage.goto(base + "/admin/notices/new", { waitUntil: "networkidle" });
    await staffPage.locator("select[name=category]").selectOption("affairs");
    await staffPage.locator("input[name=title]").fill(title);
    await staffPage.locator("textarea[name=bodyMd]").fill("明天 **9:00–12:00** 停水，请提前储水。");
    await expect.poll(() => staffPage.locator(".markdown strong").first().textContent()).toBe("9:00–12:00");
    await staffPage.getByRole("button", { name: "保存草稿" }).click();
    await staffPage.waitForURL(/\/admin\/notices\/(?!new$)[^/]+$/);
    const noticeUrl = new URL(staffPage.url()).pathname;
    await staffPage.getByRole("button", { name: "提交审核", exact: true }).click();
    await expect.poll(() => staffPage.getByText("已提交审核").count()).toBeGreaterThan(0);
    await staff.close();

    // Community admin: publish (after the confirmation), then correct.
    const admin = await browser.newContext();
    const adminPage = await admin.newPage();
    await logIn(adminPage, "community-admin");
    await adminPage.goto(base + noticeUrl, { waitUntil: "networkidle" });
    await adminPage.getByRole("button", { name: "发布", exact: true }).click();
    await adminPage.getByRole("dialog").getByRole("button", { name: "确认" }).click();
    await expect.poll(() => adminPage.getByText("已发布").count()).toBeGreaterThan(0);

    const visitor = await browser.newContext(PHONE);
    const visitorPage = await visitor.newPage();
    await visitorPage.goto(base + "/demo-street/hehua");
    await visitorPage.getByRole("link", { name: title }).first().click();
    await expect.poll(() => visitorPage.getByTestId("notice-version").textContent()).toContain("1");
    const publicUrl = visitorPage.url();

    await adminPage.getByRole("button", { name: "更正", exact: true }).click();
    await adminPage.locator("#corr-bodyMd").fill("明天 **9:00–15:00** 停水，请提前储水。");
    await adminPage.locator("textarea[name=changeNote]").fill("停水时间延长至 15:00");
    await adminPage.getByRole("button", { name: "更正", exact: true }).click();
    await adminPage.getByRole("dialog").getByRole("button", { name: "确认" }).click();
    await expect.poll(() => adminPage.getByText("更正已发布").count()).toBeGreaterThan(0);
    await admin.close();

    // The visitor reloads and reads version 2 with its change note.
    await visitorPage.goto(publicUrl);
    await expect.poll(() => visitorPage.getByTestId("notice-version").textContent()).toContain("2");
    await expect.poll(() => visitorPage.locator(".markdown").first().textContent()).toContain("9:00–15:00");
    await expect.poll(() => visitorPage.getByText("停水时间延长至 15:00").count()).toBeGreaterThan(0);
    await visitor.close();
  });
});
