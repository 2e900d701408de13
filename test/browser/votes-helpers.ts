import { expect } from "vitest";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";

/**
 * A staff session over plain HTTP (tRPC's wire format, no batching), independent of the console
 * UI. Node's fetch sends no Origin header, so the Worker's same-origin check on writes lets it by.
 */
export async function staffSession(base: string, username: string) {
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

export type Staff = Awaited<ReturnType<typeof staffSession>>;

/** The defaults of polls.create, so a test names only what matters to it. */
export function pollInput(communityId: string, fields: Record<string, unknown>) {
  return {
    communityId,
    kind: "vote",
    ballotType: "yes_no",
    descriptionMd: "",
    options: [],
    eligibility: "adults",
    secret: true,
    opensAt: Date.now() - 60_000,
    closesAt: Date.now() + 3600_000,
    passRule: "majority_cast",
    turnoutPct: null,
    allowChange: false,
    hideResults: false,
    reviewYear: null,
    meetingItemId: null,
    ...fields,
  };
}

/** Creates and publishes a poll through the API; a poll opening "now" is open straight away. */
export async function publishedPoll(staff: Staff, fields: Record<string, unknown>) {
  const me = await staff.query<{ community: { id: string } }>("auth.me");
  const { id } = await staff.mutate<{ id: string }>("polls.create", pollInput(me.community.id, fields));
  const published = await staff.mutate<{ status: string; eligibleCount: number | null }>("polls.publish", { id });
  return { id, communityId: me.community.id, ...published };
}

/** A public read of one poll (it brings the poll's status up to date on the server). */
export async function publicPoll(base: string, id: string) {
  const input = encodeURIComponent(JSON.stringify({ street: "demo-street", community: "hehua", id }));
  const res = await fetch(`${base}/trpc/polls.get?input=${input}`);
  const body = (await res.json()) as { result: { data: { status: string; cast: number; eligibleCount: number } } };
  return body.result.data;
}

/**
 * A browser context logged in through the login page (as a resident would), landing on `next`.
 * Returns the context's page; close the context when done.
 */
export async function loggedIn(
  browser: Browser,
  base: string,
  username: string,
  next: string,
  opts: BrowserContextOptions = {},
) {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill("demo12345");
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => url.pathname === next.split("?")[0]);
  return { context, page };
}

/** Beijing wall-clock time for a datetime-local input ("2026-05-01T09:30"), as the console reads it. */
export const beijingLocal = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);

/** Waits (polling the public API, not sleeping a fixed time) until the poll has closed. */
export async function untilClosed(base: string, id: string, closesAt: number) {
  await expect
    .poll(async () => (Date.now() < closesAt ? "waiting" : (await publicPoll(base, id)).status), {
      timeout: Math.max(10_000, closesAt - Date.now() + 15_000),
      interval: 1_000,
    })
    .toBe("closed");
}

export const bodyOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
