import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { PHONE, useBrowser } from "./browser";
import { WRANGLER_ENV } from "../../scripts/local-server.mjs";

const base = inject("baseUrl");
const STATE = ".wrangler/browser-state";
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])/;
const MOBILE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/;
/** Faces behind a login, and links that leave the public site or download files. */
const NOT_PUBLIC = /^\/(admin|street|me|login|activate|files\/)|\/print$|\/check-in$|\.csv$/;
const MAX_PAGES = 120;
/** Pages of one template (every notice, every period) are crawled a few at a time, not all. */
const PER_TEMPLATE = 4;
const templateOf = (path: string) =>
  path
    .replace(/[0-9A-HJKMNP-TV-Z]{26}/g, ":id")
    .replace(/\/\d{4}-(Q\d|\d{2})/g, "/:period")
    .replace(/\/track\/.*/, "/track/:code");

function query<T>(sql: string): T[] {
  const out = execFileSync(
    "npx",
    ["--no-install", "wrangler", "d1", "execute", "DB", "--local", "--persist-to", STATE, "--json", "--command", sql],
    { env: WRANGLER_ENV, encoding: "utf8" },
  );
  return JSON.parse(out)[0].results as T[];
}

const browser = useBrowser();

/** A string key shown as it is (a label missing from its table): `case.cat.x`, `pub.notice.y`. */
const RAW_KEY = (() => {
  const files = ["web/i18n", "web/i18n/en"].flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => readFileSync(`${d}/${f}`, "utf8")),
  );
  const counts = new Map<string, number>();
  for (const m of files.join("\n").matchAll(/^\s+"([a-z]+)\.[a-zA-Z]/gm)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  const prefixes = [...counts].filter(([, n]) => n >= 4).map(([p]) => p);
  return new RegExp(`(?<![\\w.])(${prefixes.join("|")})\\.[a-zA-Z][\\w.]*[a-zA-Z]`);
})();

describe("the public site, crawled in Chromium as a visitor", () => {
  it("shows no full phone, no ID number, no private resident's or volunteer's name on any page", async () => {
    const publicNames = new Set(
      query<{ name: string }>(
        "SELECT name FROM community_officials UNION SELECT worker_name AS name FROM grids WHERE worker_name != ''",
      ).map((r) => r.name),
    );
    const people = query<{ name: string; phone: string }>("SELECT name, phone FROM residents");
    const names = [...new Set(people.map((p) => p.name))].filter((n) => !publicNames.has(n) && n.length >= 2);
    const phones = [...new Set(people.map((p) => p.phone).filter(Boolean))];
    expect(names.length).toBeGreaterThan(50);

    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const queue = ["/"];
    const seen = new Set(queue);
    const templates = new Map<string, number>();
    const hits: string[] = [];
    let crawled = 0;
    let painted = 0;
    while (queue.length && crawled < MAX_PAGES) {
      const path = queue.shift()!;
      const res = await page.goto(base + path, { waitUntil: "networkidle" });
      // The HTML as sent (the first paint and its JSON seed), then the page as rendered.
      const html = (await res?.text()) ?? "";
      await page.waitForTimeout(100);
      crawled++;
      const text = await page.evaluate(() => document.body.innerText + "\n" + document.title);
      for (const [where, body] of [
        [path, text],
        [`${path} (HTML)`, html],
      ]) {
        for (const p of phones) if (body.includes(p)) hits.push(`${where}: phone ${p}`);
        const mobile = MOBILE.exec(body);
        if (mobile) hits.push(`${where}: mobile-shaped ${mobile[0]}`);
        const id = ID_NUMBER.exec(body);
        if (id) hits.push(`${where}: ID-shaped ${id[0]}`);
        for (const n of names) if (body.includes(n)) hits.push(`${where}: name ${n}`);
      }
      if (html.includes('id="linli-first-data"')) painted++;
      // The app's pages only: open data's JSON has kinds like `poll.result` by design.
      const raw = path.startsWith("/api/") ? null : RAW_KEY.exec(text);
      if (raw) hits.push(`${path}: a string key shown as it is, ${raw[0]}`);
      const links = await page.evaluate(() =>
        Array.from(document.querySelectorAll("a[href]"))
          .map((a) => new URL((a as HTMLAnchorElement).href, location.href))
          .filter((u) => u.origin === location.origin)
          .map((u) => u.pathname),
      );
      for (const l of links)
        if (!seen.has(l) && !NOT_PUBLIC.test(l)) {
          seen.add(l);
          const t = templateOf(l);
          const n = templates.get(t) ?? 0;
          if (n >= PER_TEMPLATE) continue;
          templates.set(t, n + 1);
          queue.push(l);
        }
    }
    console.log(
      `pii crawl: ${crawled} public pages rendered (${painted} sent with a first paint), ${seen.size} links found, ${names.length} names and ${phones.length} phones watched`,
    );
    expect(painted).toBeGreaterThan(3);
    expect(crawled).toBeGreaterThan(30);
    expect(templates.size).toBeGreaterThan(15);
    expect(hits).toEqual([]);
    await context.close();
  }, 300_000);
});
