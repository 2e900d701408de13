import { describe, expect, inject, it } from "vitest";
import { PHONE, useBrowser } from "./browser";

const base = inject("baseUrl");
const browser = useBrowser();

describe("a visitor on a phone", () => {
  it("finds the community and reads a corrected notice in Chinese, with its history and hash", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(base + "/");
    await page
      .getByRole("link", { name: /荷花社区/ })
      .first()
      .click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("荷花社区");
    await expect.poll(() => page.getByText("王建国").count()).toBeGreaterThan(0);

    // Through the full list: other tests may publish newer notices that push it off the home page.
    await page.getByRole("link", { name: "全部公告" }).first().click();
    await page
      .getByRole("link", { name: /关于 3 号楼加装电梯征求意见的公告/ })
      .first()
      .click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("加装电梯");
    await expect.poll(() => page.getByTestId("notice-version").textContent()).toContain("2");
    await expect.poll(() => page.getByText("补充意见征集截止日期和图纸查阅地点").count()).toBeGreaterThan(0);
    const hash = (await page.getByTestId("content-hash").textContent()) ?? "";
    expect(hash).toMatch(/[0-9a-f]{64}/);

    // Nothing on the page is wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });

  it("sees a withdrawn notice kept public with its reason", async () => {
    const page = await browser.newPage(PHONE);
    await page.goto(base + "/demo-street/hehua/notices");
    await page
      .getByRole("link", { name: /社区停车位临时调整通知/ })
      .first()
      .click();
    await expect.poll(() => page.getByTestId("withdrawn-banner").textContent()).toContain("施工已提前结束");
    await page.close();
  });

  it("verifies the community's transparency chain in the browser", async () => {
    const page = await browser.newPage(PHONE);
    await page.goto(base + "/demo-street/hehua/transparency");
    await page.getByRole("button", { name: "验证哈希链" }).click();
    await expect.poll(() => page.getByTestId("chain-result").textContent()).toContain("哈希链完整");
    await page.close();
  });
});
