import { spawnSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import { PHONE, useBrowser } from "./browser";
import { WRANGLER_ENV } from "../../scripts/local-server.mjs";

const base = inject("baseUrl");
/** The local state global-setup.ts serves: a silent edit goes straight into its D1 database. */
const STATE = ".wrangler/browser-state";

const browser = useBrowser();

function d1<T>(sql: string): T[] {
  const run = spawnSync(
    "npx",
    ["--no-install", "wrangler", "d1", "execute", "DB", "--local", "--persist-to", STATE, "--json", "--command", sql],
    { env: WRANGLER_ENV, encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`wrangler d1 execute failed: ${run.stderr}`);
  return JSON.parse(run.stdout)[0].results as T[];
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The command-line verifier, run the way a resident would run it against this server. */
function cli(target: string) {
  const run = spawnSync("node", ["scripts/verify.mjs", base, target], { encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function verifyInBrowser() {
  const page = await browser.newPage(PHONE);
  await page.goto(base + "/demo-street/hehua/transparency");
  await page.getByRole("button", { name: "验证哈希链" }).click();
  const result = page.getByTestId("chain-result");
  await expect.poll(() => result.locator(".banner").count(), { timeout: 30_000 }).toBeGreaterThan(0);
  return { page, text: (await result.textContent()) ?? "" };
}

describe("anyone verifies a community's disclosures against its log", () => {
  it("in the browser and on the command line, and both name the same silently edited notice", async () => {
    const clean = await verifyInBrowser();
    expect(clean.text).toContain("哈希链完整");
    expect(clean.text).toMatch(/\d+ 份公开记录的内容已逐一重新计算，均与日志一致/);
    await clean.page.close();

    // The first notice version in hehua's log: only finance books and poll results come before it.
    const [target] = d1<{ id: string; version: number; title: string; seq: number }>(
      `SELECT v.notice_id AS id, v.version, v.title, l.seq FROM notice_versions v
       JOIN communities c ON c.id = v.community_id
       JOIN transparency_log l ON l.community_id = v.community_id AND l.kind = 'notice'
         AND l.record_id = v.notice_id AND l.version = v.version
       WHERE c.slug = 'hehua' ORDER BY l.seq LIMIT 1`,
    );
    const where = `WHERE notice_id = ${quote(target.id)} AND version = ${target.version}`;
    d1(`UPDATE notice_versions SET title = ${quote(target.title + "（已更改）")} ${where}`);
    try {
      const edited = await verifyInBrowser();
      const mismatch = edited.page.getByTestId("chain-mismatch");
      expect(await mismatch.textContent()).toContain(`第 #${target.seq} 条记录`);
      expect(await mismatch.textContent()).toContain("发布后被改动过");
      expect(await mismatch.getByTestId("mismatch-record").getAttribute("href")).toContain(target.id);
      await edited.page.close();

      const run = cli("demo-street/hehua");
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`at log entry #${target.seq}`);
      expect(run.stderr).toContain(target.id);
    } finally {
      // Other browser tests read hehua's chain: put the title back as it was published.
      d1(`UPDATE notice_versions SET title = ${quote(target.title)} ${where}`);
    }
    const restored = cli("demo-street/hehua");
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toContain("hash chain intact");
  });
});
