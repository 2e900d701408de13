import { describe, expect, inject, it } from "vitest";
import { PHONE, useBrowser } from "./browser";

const base = inject("baseUrl");
const browser = useBrowser();

describe("a community home and a notice page arrive painted", () => {
  it("shows their content with no JavaScript at all", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    const res = await page.goto(base + "/demo-street/hehua");
    // The painted page keeps the app's HTML policy (web/public/_headers): no inline script runs.
    expect(res?.headers()["content-security-policy"]).toContain("script-src 'self';");
    expect(await page.locator("h1").textContent()).toContain("荷花社区");
    expect(await page.locator("li.notice-row").count()).toBeGreaterThan(0);
    expect(await page.getByRole("link", { name: "全部公告" }).count()).toBe(1);
    const href = (await page.locator("li.notice-row a.notice-title").first().getAttribute("href"))!;
    expect(href).toMatch(/^\/demo-street\/hehua\/notices\//);

    await page.goto(base + href);
    expect((await page.locator("h1.notice-h1").textContent())?.length).toBeGreaterThan(0);
    expect(await page.locator(".notice-body").count()).toBe(1);
    expect(await page.locator(".notice-meta").textContent()).toContain("发布时间");
    await context.close();
  });

  it("then the app takes over the same page without asking for its data again", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const asked: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/trpc/directory.community") || r.url().includes("/trpc/notices.get")) asked.push(r.url());
    });
    await page.goto(base + "/demo-street/hehua", { waitUntil: "networkidle" });
    await expect.poll(() => page.locator("#first-paint").count()).toBe(0);
    expect(await page.locator("#linli-first-data").count()).toBe(0);
    expect(await page.locator("h1").count()).toBe(1);
    expect(await page.locator("h1").textContent()).toContain("荷花社区");
    // The parts the first paint leaves to the app are there now.
    expect(await page.getByText("王建国").count()).toBeGreaterThan(0);

    // A link in the app navigates inside it; the notice page it reaches comes from the API.
    await page.locator("li.notice-row a.notice-title").first().click();
    await expect.poll(() => page.locator("h1.notice-h1").count()).toBe(1);
    expect(asked.filter((u) => u.includes("directory.community"))).toEqual([]);
    expect(asked.filter((u) => u.includes("notices.get")).length).toBe(1);

    // Landing on a notice page: painted, then the app's page with its hash, no request for either.
    asked.length = 0;
    const url = page.url();
    await page.goto(url, { waitUntil: "networkidle" });
    await expect.poll(() => page.locator("#first-paint").count()).toBe(0);
    expect(await page.getByTestId("content-hash").textContent()).toMatch(/[0-9a-f]{64}/);
    expect(asked).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("paints in the language the visitor chose", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    await context.addCookies([{ name: "linli_lang", value: "en", url: base }]);
    const page = await context.newPage();
    await page.goto(base + "/demo-street/hehua");
    expect(await page.locator("#latest-h").textContent()).toBe("Latest notices");
    await context.close();
  });

  it("switching to English fetches its strings, and the next visit is painted in English", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const chunks: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/assets/")) chunks.push(r.url());
    });
    await page.goto(base + "/demo-street/hehua", { waitUntil: "networkidle" });
    const firstLoad = chunks.length;
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.locator("#latest-h").textContent()).toBe("Latest notices");
    expect(chunks.length).toBeGreaterThan(firstLoad); // the English strings came on demand

    await page.reload({ waitUntil: "networkidle" });
    await expect.poll(() => page.locator("#first-paint").count()).toBe(0);
    expect(await page.locator("#latest-h").textContent()).toBe("Latest notices");
    const html = await (await context.request.get(base + "/demo-street/hehua")).text();
    expect(html).toContain("Latest notices");

    await page.getByRole("button", { name: "中文" }).click();
    await expect.poll(() => page.locator("#latest-h").textContent()).toBe("最新公告");
    await context.close();
  });

  it("paints in elder mode (长辈模式) once the reader chose it, so the text does not jump", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(base + "/demo-street/hehua", { waitUntil: "networkidle" });
    const fontSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    const normal = await fontSize();
    await page.getByRole("button", { name: "长辈模式" }).click();
    await expect.poll(fontSize).toBeGreaterThan(normal);
    const elder = await fontSize();

    // The HTML as sent: the attribute on <html> and the toggle pressed, before any script runs.
    const html = await (await context.request.get(base + "/demo-street/hehua")).text();
    expect(html).toMatch(/<html[^>]* data-elder/);
    expect(html).toContain('aria-pressed="true"');
    const still = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    await still.addCookies(await context.cookies());
    const painted = await still.newPage();
    await painted.goto(base + "/demo-street/hehua");
    expect(await painted.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))).toBe(elder);
    await still.close();

    // Back to standard text, and so is the next paint.
    await page.getByRole("button", { name: "标准模式" }).click();
    await expect.poll(fontSize).toBe(normal);
    expect(await (await context.request.get(base + "/demo-street/hehua")).text()).not.toMatch(/<html[^>]* data-elder/);
    await context.close();
  });

  it("an unknown community or notice gets the app's own not-found page", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(base + "/demo-street/no-such-place", { waitUntil: "networkidle" });
    expect(await page.locator("#first-paint").count()).toBe(0);
    await expect.poll(() => page.locator("[role=alert]").count()).toBeGreaterThan(0);
    await context.close();
  });
});
