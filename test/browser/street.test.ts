import { describe, expect, inject, it } from "vitest";
import { useBrowser } from "./browser";

const base = inject("baseUrl");
const browser = useBrowser();

describe("the street office", () => {
  it("creates a village and its admin account, who can then log in to the new village's console", async () => {
    const slug = `xinhe-${Date.now().toString(36)}`;
    const username = `admin-${slug}`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(base + "/login", { waitUntil: "networkidle" });
    await page.getByLabel("用户名").fill("street-admin");
    await page.getByLabel("密码").fill("demo12345");
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/street"));
    await page.goto(base + "/street/communities", { waitUntil: "networkidle" });

    await page.locator("input[name=slug]").fill(slug);
    await page.locator("input[name=name]").fill("新河村");
    await page.locator("input[name=kind][value=village]").check();
    await page.getByRole("button", { name: "创建社区" }).click();
    await expect.poll(() => page.locator(`tr[data-slug="${slug}"]`).count()).toBe(1);

    await page.goto(base + "/street/staff", { waitUntil: "networkidle" });
    await page.locator("input[name=username]").fill(username);
    await page.locator("input[name=displayName]").fill("新河村主任");
    await page.locator("select[name=role]").selectOption("community_admin");
    await page.locator("select[name=communityId]").selectOption({ label: "新河村" });
    await page.locator("input[name=password]").fill("xinhe2026pw");
    await page.getByRole("button", { name: "创建账号" }).click();
    await expect.poll(() => page.locator(`tr[data-username="${username}"]`).count()).toBe(1);
    await context.close();

    const fresh = await browser.newContext();
    const admin = await fresh.newPage();
    await admin.goto(base + "/login", { waitUntil: "networkidle" });
    await admin.getByLabel("用户名").fill(username);
    await admin.getByLabel("密码").fill("xinhe2026pw");
    await admin.getByRole("button", { name: "登录" }).click();
    await admin.waitForURL((url) => url.pathname.startsWith("/admin"));
    await expect.poll(() => admin.getByText("新河村").count()).toBeGreaterThan(0);
    await fresh.close();
  });
});
