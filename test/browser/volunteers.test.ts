import { describe, expect, inject, it } from "vitest";
import type { Locator } from "playwright-core";
import { renderSVG } from "uqr";
import { shanghaiDate } from "../../shared/rules/eligibility";
import { maskName } from "../../shared/rules/masking";
import { PHONE, useBrowser } from "./browser";
import { bodyOverflow, loggedIn, staffSession } from "./votes-helpers";

const base = inject("baseUrl");
const browser = useBrowser();

const WAIT = { timeout: 15_000 };

type Team = {
  id: string;
  name: string;
  kind: string;
  description: string;
  isPublic: boolean;
  risky: boolean;
  adultsOnly: boolean;
  cancelCutoffHours: number;
  leaderVolunteerId: string | null;
};
type Service = { date: number; counted: number; task: string; teamName: string };

/** The module paths of a QR code drawn by uqr, as the app draws them: proof of the encoded text. */
const qrPath = (text: string) => /\sd="([^"]+)"/.exec(renderSVG(text, { border: 2, ecc: "M" }))![1];
const drawnQrPath = (qr: Locator) => qr.locator("svg path").getAttribute("d");

describe("volunteering", () => {
  it("a resident signs up on a phone, checks in by the QR code, the leader checks them out, the resident prints a certificate", async () => {
    // Set-up through the API: the patrol's leader (team-leader) also leads 助老服务队, the team
    // 张三丰 serves with, and the team gets a shift starting in two minutes, one hour long.
    const staff = await staffSession(base, "community-admin");
    const { community } = await staff.query<{ community: { id: string } }>("auth.me");
    const teams = await staff.query<Team[]>("volunteers.teamList", { communityId: community.id });
    const care = teams.find((x) => x.name === "助老服务队")!;
    const patrol = teams.find((x) => x.name === "荷花夜间巡逻队")!;
    expect(patrol.leaderVolunteerId).toBeTruthy();
    const leaderVolunteerId = patrol.leaderVolunteerId!;
    await staff.mutate("volunteers.teamUpdate", {
      teamId: care.id,
      name: care.name,
      kind: care.kind,
      description: care.description,
      isPublic: care.isPublic,
      risky: care.risky,
      adultsOnly: care.adultsOnly,
      cancelCutoffHours: care.cancelCutoffHours,
      leaderVolunteerId,
    });
    const people = await staff.query<{ id: string; name: string }[]>("volunteers.volunteerList", {
      communityId: community.id,
      q: "张三丰",
    });
    const residentVolunteerId = people.find((p) => p.name === "张三丰")!.id;
    const task = `陪同老人社区义诊 ${String(Date.now()).slice(-5)}`;
    const startsAt = Date.now() + 120_000;
    const {
      ids: [shiftId],
    } = await staff.mutate<{ ids: string[] }>("volunteers.shiftCreate", {
      teamId: care.id,
      task,
      startsAt,
      endsAt: startsAt + 3600_000,
      place: "社区卫生服务站",
      capacity: 3,
    });
    const checkInPath = `/demo-street/hehua/shifts/${shiftId}/check-in`;

    const resident = await loggedIn(browser, base, "resident", "/me/volunteer", PHONE);
    const leader = await loggedIn(browser, base, "team-leader", "/me/volunteer", PHONE);
    const admin = await loggedIn(browser, base, "community-admin", `/admin/volunteers/shifts/${shiftId}`);
    try {
      // 1. The resident finds the shift among the open ones and taps 报名 (no confirmation asked).
      const page = resident.page;
      const open = page.getByTestId("vol-open-shifts").locator(`[data-testid="vol-shift"][data-shift-id="${shiftId}"]`);
      await expect.poll(() => open.count(), WAIT).toBe(1);
      expect(await open.textContent()).toContain(task);
      expect(await open.getByTestId("vol-places").textContent()).toContain("3");
      await open.getByTestId("vol-signup").tap();
      const mine = page.getByTestId("vol-my-shifts").locator(`[data-testid="vol-shift"][data-shift-id="${shiftId}"]`);
      await expect.poll(() => mine.getAttribute("data-signed-up"), WAIT).toBe("true");
      // Check-in opens 30 minutes before the start: the shift already waits for it.
      expect(await mine.getAttribute("data-state")).toBe("open");
      expect(await mine.getByTestId("vol-check-state").textContent()).toBe("待签到");
      expect(await page.getByTestId("vol-notice").textContent()).toContain(task);
      expect(await open.count()).toBe(0);
      expect(await mine.getByTestId("vol-go-check-in").getAttribute("href")).toBe(checkInPath);
      expect(await bodyOverflow(page)).toBeLessThanOrEqual(0);

      // 2. The QR code on the console's roster page encodes the check-in page's address.
      const url = admin.page.getByTestId("shift-checkin-url");
      await expect.poll(() => url.textContent(), WAIT).toBe(base + checkInPath);
      expect(await drawnQrPath(admin.page.getByTestId("shift-qr"))).toBe(qrPath(base + checkInPath));

      // The resident opens what the QR code says and taps 签到.
      await page.goto((await url.textContent())!);
      const panel = page.getByTestId("shift-check-in");
      await expect.poll(() => panel.getAttribute("data-state"), WAIT).toBe("open");
      expect(await page.getByTestId("shift-title").textContent()).toBe(task);
      await page.getByTestId("shift-checkin").tap();
      await expect.poll(() => panel.getAttribute("data-state"), WAIT).toBe("in");
      expect(await page.getByTestId("shift-checked-in").isVisible()).toBe(true);
      expect(await page.getByTestId("shift-checkout").isVisible()).toBe(true);
      expect(await page.getByTestId("shift-error").textContent()).toBe("");
      expect(await bodyOverflow(page)).toBeLessThanOrEqual(0);

      // 3. The leader, on another phone, goes from the team's page to the shift's roster: 张三丰 is
      // checked in; the leader taps 签退 for them.
      const lp = leader.page;
      const leadLink = lp.locator(`[data-testid="vol-lead-link"][data-team-id="${care.id}"]`);
      await expect.poll(() => leadLink.count(), WAIT).toBe(1);
      await leadLink.tap();
      await lp.waitForURL((u) => u.pathname === `/me/lead/${care.id}`);
      const leadShift = lp.locator(`[data-testid="lead-shift"][data-shift-id="${shiftId}"]`);
      await expect.poll(() => lp.getByTestId("lead-shift").count(), WAIT).toBeGreaterThan(0);
      if ((await leadShift.count()) === 0) await lp.getByTestId("lead-more").tap();
      await leadShift.getByTestId("lead-roster-link").tap();
      await lp.waitForURL((u) => u.pathname === `/me/lead/shifts/${shiftId}`);
      const row = lp.locator(`[data-testid="lead-roster-row"][data-volunteer-id="${residentVolunteerId}"]`);
      await expect.poll(() => row.getAttribute("data-state"), WAIT).toBe("in");
      expect(await row.textContent()).toContain("张三丰");
      expect(await lp.getByTestId("lead-checked-in").textContent()).toBe("1");
      await row.getByTestId("lead-checkout").tap();
      await expect.poll(() => row.getAttribute("data-state"), WAIT).toBe("done");
      expect(await row.getByTestId("lead-checkout").count()).toBe(0);
      // Checked out right after checking in: a few minutes at most, and a number.
      const shown = (await row.getByTestId("lead-minutes").textContent())!;
      expect(shown).toMatch(/^\d+ 分钟$/);
      const minutes = Number(shown.split(" ")[0]);
      expect(minutes).toBeGreaterThanOrEqual(0);
      expect(minutes).toBeLessThanOrEqual(5);
      expect(await bodyOverflow(lp)).toBeLessThanOrEqual(0);

      // The resident's check-in page shows the shift done, with the same minutes.
      await page.reload();
      await expect.poll(() => panel.getAttribute("data-state"), WAIT).toBe("done");
      expect(await page.getByTestId("shift-done").getByTestId("shift-minutes").getAttribute("data-minutes")).toBe(
        String(minutes),
      );

      // 4. The service record: this service, and the seeded services of 助老服务队 with hours.
      await page.goto(base + "/me/volunteer/record");
      const total = page.getByTestId("record-total");
      await expect.poll(() => total.getAttribute("data-minutes"), WAIT).not.toBeNull();
      const services = page.getByTestId("record-service");
      const served = await services.evaluateAll((els) =>
        els.map((el) => ({ text: el.textContent ?? "", minutes: Number(el.getAttribute("data-minutes")) })),
      );
      const thisOne = served.filter((s) => s.text.includes(task));
      expect(thisOne).toHaveLength(1);
      expect(thisOne[0].minutes).toBe(minutes);
      const seeded = served.filter((s) => s.text.includes("助老服务队") && !s.text.includes(task) && s.minutes > 0);
      expect(seeded.length).toBeGreaterThanOrEqual(2);
      const recordTotal = Number(await total.getAttribute("data-minutes"));
      expect(recordTotal).toBe(served.reduce((sum, s) => sum + s.minutes, 0));

      // A certificate for this year (the form's default range), then its printable sheet.
      const from = await page.locator("#cert-from").inputValue();
      const to = await page.locator("#cert-to").inputValue();
      expect(from).toBe(`${shanghaiDate(Date.now()).slice(0, 4)}-01-01`);
      expect(to).toBe(shanghaiDate(Date.now()));
      // The record's total over the range, from the same record through the API.
      const own = await staffSession(base, "resident");
      const record = await own.query<{ services: Service[]; totalMinutes: number }>("volunteers.myRecord");
      expect(record.totalMinutes).toBe(recordTotal);
      const inRange = record.services.filter((s) => {
        const d = shanghaiDate(s.date);
        return d >= from && d <= to && Number(s.counted) > 0;
      });
      const rangeMinutes = inRange.reduce((sum, s) => sum + Number(s.counted), 0);
      expect(rangeMinutes).toBeGreaterThan(0);
      await page.getByTestId("cert-request-submit").tap();
      const issued = page.getByTestId("cert-issued");
      await expect.poll(() => issued.isVisible(), WAIT).toBe(true);
      const link = page.getByTestId("cert-link").first();
      await expect.poll(() => link.getAttribute("data-code"), WAIT).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const code = (await link.getAttribute("data-code"))!;
      expect(await page.getByTestId("record-certificates").textContent()).toContain(code);
      await page.getByTestId("cert-issued-link").tap();
      await page.waitForURL((u) => u.pathname === `/me/volunteer/certificates/${code}`);

      const sheet = page.getByTestId("cert-print");
      await expect.poll(() => sheet.getAttribute("data-code"), WAIT).toBe(code);
      expect(await page.getByTestId("cert-name").textContent()).toBe("张三丰");
      expect(await page.getByTestId("cert-statement").textContent()).toContain("张三丰");
      expect(Number(await page.getByTestId("cert-hours").getAttribute("data-minutes"))).toBe(rangeMinutes);
      expect(await page.getByTestId("cert-count").textContent()).toBe(String(inRange.length));
      expect(await page.getByTestId("cert-services").locator("tbody tr").count()).toBe(inRange.length);
      expect(await page.getByTestId("cert-code").textContent()).toBe(code);
      const hash = (await page.getByTestId("cert-hash").textContent())!;
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      const verifyUrl = `${base}/verify/volunteer/${code}`;
      expect(await drawnQrPath(page.getByTestId("cert-qr"))).toBe(qrPath(verifyUrl));

      expect(await bodyOverflow(page)).toBeLessThanOrEqual(0);

      // Printed: the sheet and its QR code, no header, footer or buttons.
      await page.emulateMedia({ media: "print" });
      expect(await sheet.isVisible()).toBe(true);
      expect(await page.getByTestId("cert-qr").isVisible()).toBe(true);
      for (const chrome of [".site-header", ".site-footer", ".skip-link", "[data-testid=cert-print-button]"])
        expect(await page.locator(chrome).isVisible(), chrome).toBe(false);
      for (const el of await page.locator(".no-print, nav").all()) expect(await el.isVisible()).toBe(false);
      await page.emulateMedia({ media: "screen" });

      // 5. Anyone verifies the code: the name masked, the same hours and hash.
      const visitor = await browser.newContext(PHONE);
      try {
        const anon = await visitor.newPage();
        await anon.goto(verifyUrl);
        const result = anon.getByTestId("verify-result");
        await expect.poll(() => result.getAttribute("data-code"), WAIT).toBe(code);
        expect(await anon.getByTestId("verify-name").textContent()).toBe("张*丰");
        expect(Number(await anon.getByTestId("verify-hours").getAttribute("data-minutes"))).toBe(rangeMinutes);
        expect(await anon.getByTestId("verify-services").textContent()).toBe(String(inRange.length));
        expect(await anon.getByTestId("verify-hash").textContent()).toBe(hash);
        expect(await anon.locator("body").textContent()).not.toContain("张三丰");
        expect(await bodyOverflow(anon)).toBeLessThanOrEqual(0);
      } finally {
        await visitor.close();
      }
    } finally {
      await Promise.all([resident.context.close(), leader.context.close(), admin.context.close()]);
    }
  }, 60_000);

  it("the public volunteers page on a phone shows teams and upcoming shifts, and no volunteer's full name", async () => {
    const leaderName = (await (await staffSession(base, "team-leader")).query<{ displayName: string }>("auth.me"))
      .displayName;
    const context = await browser.newContext(PHONE);
    try {
      const page = await context.newPage();
      await page.goto(base + "/demo-street/hehua/volunteers");
      const teams = page.getByTestId("vol-public-team");
      await expect.poll(() => teams.count(), WAIT).toBeGreaterThanOrEqual(3);
      const names = await teams.locator("h3").allTextContents();
      expect(names).toEqual(expect.arrayContaining(["荷花夜间巡逻队", "助老服务队", "邻里调解小组"]));
      await expect.poll(() => page.getByTestId("vol-public-shift").count(), WAIT).toBeGreaterThan(0);
      // The patrol's leader agreed to show their name: it is there, masked.
      const patrol = teams.filter({ hasText: "荷花夜间巡逻队" });
      expect(await patrol.getByTestId("vol-public-names").textContent()).toContain(maskName(leaderName));
      const text = (await page.locator("body").textContent())!;
      const html = await page.content();
      for (const full of ["张三丰", leaderName]) {
        expect(text).not.toContain(full);
        expect(html).not.toContain(full);
      }
      expect(await bodyOverflow(page)).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });
});
