import { describe, expect, inject, it } from "vitest";
import { PHONE, useBrowser } from "./browser";

const base = inject("baseUrl");
const browser = useBrowser();

const RELIEF = "2026 年 11 月临时救助名单公示";

/** A staff session over plain HTTP (tRPC's wire format, no batching), independent of the console UI. */
async function staffSession(username: string) {
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

type ResidentRow = { id: string; name: string; phone: string; address: string | null; status: string };

describe("a resident on a phone", () => {
  it("activates with the letter's code, logs in by phone, reads and objects to a notice, and sees the answer", async () => {
    // (1) Staff issue an activation code for a resident with a phone, through the API.
    const staff = await staffSession("community-staff");
    const me = await staff.query<{ community: { id: string } }>("auth.me");
    const communityId = me.community.id;
    const list = await staff.query<{ items: ResidentRow[] }>("residents.list", {
      communityId,
      status: "active",
      limit: 50,
    });
    // From the end of the page, so other tests picking "the first resident" do not collide.
    const resident = list.items.filter((r) => r.phone && r.address && r.name !== "张三丰").at(-1);
    expect(resident).toBeTruthy();
    const { id: residentId, name, address } = resident!;
    // Seeded demo phones are 10 digits (not valid mobile numbers), so give this resident a real
    // one the test knows: the list only shows masked phones.
    const phone = `139${String(Date.now()).slice(-8)}`;
    await staff.mutate("residents.update", { id: residentId, phone });
    const issued = await staff.mutate<{ code: string; activatePath: string }>("residents.issueActivation", {
      residentId,
    });
    expect(issued.activatePath).toBe("/demo-street/hehua/activate");
    expect(issued.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);

    // (2) The resident scans the letter's QR code: the code is filled in.
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${base}${issued.activatePath}?code=${issued.code}`);
    await expect.poll(() => page.getByText("荷花社区").count()).toBeGreaterThan(0);
    const codeField = page.getByLabel("激活码", { exact: true });
    expect(await codeField.inputValue()).toBe(issued.code);

    // A wrong code is refused next to the field.
    await codeField.fill("abcde-fghjk");
    await page.getByLabel("设置密码").fill("linli2026ok");
    await page.getByLabel("确认密码").fill("linli2026ok");
    await page.getByRole("button", { name: "激活账号" }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "无效或已使用" }).count()).toBeGreaterThan(0);
    // A weak password is refused before anything is sent.
    await codeField.fill(issued.code.toLowerCase());
    await page.getByLabel("设置密码").fill("password");
    await page.getByRole("button", { name: "激活账号" }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "字母和数字" }).count()).toBeGreaterThan(0);

    await page.getByLabel("设置密码").fill("linli2026ok");
    await page.getByLabel("确认密码").fill("linli2026ok");
    await page.getByRole("button", { name: "激活账号" }).click();
    await page.waitForURL((url) => url.pathname === "/me");
    await expect.poll(() => page.getByTestId("welcome").textContent()).toContain("以后请用手机号和密码登录");
    await expect.poll(() => page.getByTestId("my-profile").textContent()).toContain(address!);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(name);

    // (3) Log out, and in again with the phone number.
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.goto(base + "/login", { waitUntil: "networkidle" });
    await page.getByLabel("用户名").fill(phone);
    await page.getByLabel("密码").fill("linli2026ok");
    await page.getByRole("button", { name: "登录" }).click();
    await expect.poll(() => page.getByRole("link", { name, exact: true }).getAttribute("href")).toBe("/me");

    // (4) The relief list, in its publicity period: 已阅, then an objection.
    await page.goto(base + "/demo-street/hehua/notices");
    await page
      .getByRole("link", { name: new RegExp(RELIEF) })
      .first()
      .click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain(RELIEF);
    const noticeUrl = page.url();
    await page.getByRole("button", { name: "已阅", exact: true }).click();
    await expect.poll(() => page.getByTestId("ack-status").textContent()).toMatch(/已阅（.+）/);

    const objection = `名单中第二户的救助金额计算依据是什么？请公开核算方式。${Date.now()}`;
    await page.getByLabel("异议", { exact: true }).check();
    await page.getByLabel("内容", { exact: true }).fill(objection);
    await page.getByRole("button", { name: "提交", exact: true }).click();
    await expect.poll(() => page.getByTestId("ask-sent").textContent()).toContain("社区将在 10 日内答复");
    await expect.poll(() => page.getByTestId("my-queries").textContent()).toContain("等待答复，答复期限");

    // (5) Staff answer it in the console and publish the answer with the notice.
    const open = await staff.query<{ items: { id: string; text: string; residentName: string }[] }>(
      "notices.objections",
      { communityId, status: "open" },
    );
    const mine = open.items.find((o) => o.text === objection);
    expect(mine?.residentName).toBe(name);
    const answer = "第二户按家庭人均收入低于低保标准的差额核算，核算表已张贴在居委会公示栏。";
    const clerk = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const console_ = await clerk.newPage();
    await console_.goto(base + "/login", { waitUntil: "networkidle" });
    await console_.getByLabel("用户名").fill("community-staff");
    await console_.getByLabel("密码").fill("demo12345");
    await console_.getByRole("button", { name: "登录" }).click();
    await console_.waitForURL((url) => url.pathname.startsWith("/admin"));
    await console_.goto(base + "/admin/objections?status=open", { waitUntil: "networkidle" });
    const item = console_.locator(`li[data-objection-id="${mine!.id}"]`);
    await item.locator("textarea[name=answer]").fill(answer);
    await item.locator("input[name=publish]").check();
    await item.getByRole("button", { name: "提交答复" }).click();
    await expect.poll(() => console_.getByText("已提交答复").count()).toBeGreaterThan(0);
    await clerk.close();

    // (6) The resident sees the answer on the notice and on their page.
    await page.reload();
    await expect.poll(() => page.getByTestId("my-queries").textContent()).toContain(answer);
    await page.goto(base + "/me");
    await expect.poll(() => page.getByTestId("my-objections").textContent()).toContain(answer);
    await expect.poll(() => page.getByTestId("my-reads").textContent()).toContain(RELIEF);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();

    // An anonymous visitor sees the published question and answer, but not who asked.
    const visitor = await browser.newContext(PHONE);
    const anon = await visitor.newPage();
    await anon.goto(noticeUrl);
    const qa = anon.getByTestId("public-qa");
    await expect.poll(() => qa.textContent()).toContain(answer);
    expect(await qa.textContent()).toContain(objection);
    expect(await anon.locator("body").textContent()).not.toContain(name);
    expect(await anon.getByTestId("resident-panel").count()).toBe(0);
    expect(await anon.getByRole("link", { name: /居民登录后可标记已阅/ }).getAttribute("href")).toBe(
      `/login?next=${encodeURIComponent(new URL(noticeUrl).pathname)}`,
    );
    await visitor.close();
  });
});
