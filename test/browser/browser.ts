import { afterAll, beforeAll } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's Chromium, started the way this machine's closed network needs. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Log in through the login page with a demo account, and wait for the console it lands on. */
export async function logIn(page: Page, base: string, username: string, landing: string) {
  await page.goto(base + "/login", { waitUntil: "networkidle" });
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill("demo12345");
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => url.pathname.startsWith(landing));
}

/**
 * One Chromium for the test file: launched before its tests, closed after them. Returns a stand-in
 * that forwards to it, so a file writes `const browser = useBrowser();` at the top.
 */
export function useBrowser(): Browser {
  let real: Browser | undefined;
  beforeAll(async () => {
    real = await launch();
  });
  afterAll(async () => {
    await real?.close();
  });
  return new Proxy({} as Browser, {
    get(_, prop) {
      if (!real) throw new Error("the browser starts in beforeAll: use it inside a test or hook");
      const value = Reflect.get(real, prop, real);
      return typeof value === "function" ? value.bind(real) : value;
    },
  });
}
