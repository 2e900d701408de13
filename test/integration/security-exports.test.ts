import { env } from "cloudflare:workers";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { communityId, expectOk, STREET } from "./fixtures";
import { expire, voters } from "./polls-fixtures";
import { FastClient } from "./security-fixtures";

/**
 * Export injection (issue 10): every CSV the Worker serves escapes cells a spreadsheet would run
 * as a formula. The rule is shared/csv.ts: a cell starting with = + - @ tab or CR gets a leading
 * apostrophe, except a plain negative number (an amount is no formula).
 */

const COMMUNITY = "hehua";
const OPEN = `/api/open/v1/${STREET}/${COMMUNITY}`;

/** What an attacker types where a title, a summary or a name goes (each within the shortest field, 40). */
const PAYLOADS = [
  "=1+1",
  "+1+1",
  "-1+1",
  "@SUM(A1:A2)",
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.example","点")',
  "-2+3+cmd|' /C notepad'!A1",
];
/** Values the API trims away at the start; planted straight in D1, as an import or an old row might hold them. */
const WHITESPACE_PAYLOADS = ["\t=1+1", "\r=1+1"];

const TRIGGER = /^[=+\-@\t\r]/;
const PLAIN_NEGATIVE = /^-\d+(?:\.\d+)?$/;

type Csv = { path: string; rows: string[][]; cells: string[] };

async function fetchCsv(path: string): Promise<Csv> {
  const res = await new FastClient().fetch(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get("content-type"), path).toContain("text/csv");
  expect(res.headers.get("content-disposition"), path).toMatch(/^attachment;/);
  expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)], `${path}: UTF-8 BOM`).toEqual([0xef, 0xbb, 0xbf]);
  // The decoder drops the BOM, as a spreadsheet does.
  const text = new TextDecoder().decode(bytes);
  const parsed = Papa.parse<string[]>(text, { delimiter: ",", newline: "\r\n", skipEmptyLines: true });
  expect(parsed.errors, path).toEqual([]);
  return { path, rows: parsed.data, cells: parsed.data.flat() };
}

/** Cells a spreadsheet would evaluate: they start like a formula and are not a plain negative number. */
const live = (csv: Csv) => csv.cells.filter((c) => TRIGGER.test(c) && !PLAIN_NEGATIVE.test(c));

describe("CSV exports escape formula-like cells", () => {
  let hehua: string;
  let admin: FastClient;
  let staff: FastClient;
  let supervisor: FastClient;
  const checked: Csv[] = [];
  let planted = 0;

  beforeAll(async () => {
    hehua = await communityId(COMMUNITY);
    [admin, staff, supervisor] = await Promise.all(
      ["community-admin", "community-staff", "supervisor"].map((u) => FastClient.login(u)),
    );
  });

  function expectEscaped(csv: Csv, payloads: string[]) {
    checked.push(csv);
    expect(live(csv), csv.path).toEqual([]);
    for (const p of payloads) {
      planted += 1;
      expect(csv.cells, `${csv.path}: ${JSON.stringify(p)}`).toContain(`'${p}`);
    }
  }

  it("notices.csv: titles", async () => {
    for (const title of PAYLOADS) {
      const { id } = expectOk(
        await staff.mutate<{ id: string }>("notices.create", {
          communityId: hehua,
          category: "affairs",
          title,
          bodyMd: "正文",
        }),
      );
      expectOk(await admin.mutate("notices.publish", { id }));
    }
    const csv = await fetchCsv(`${OPEN}/notices.csv`);
    expect(csv.rows[0]).toEqual([
      "id",
      "category",
      "title",
      "status",
      "version",
      "first_published_at",
      "last_published_at",
      "withdrawn_at",
    ]);
    expectEscaped(csv, PAYLOADS);
  });

  it("finance/{period}.csv: summaries, counterparties (plain and masked) and voucher numbers", async () => {
    const period = "2018-Q1";
    const { id: periodId } = expectOk(
      await staff.mutate<{ id: string }>("finance.openPeriod", { communityId: hehua, period, openingBalance: "-5.00" }),
    );
    const entries: string[] = [];
    for (const [i, p] of PAYLOADS.entries()) {
      const { id } = expectOk(
        await staff.mutate<{ id: string }>("finance.addEntry", {
          periodId,
          date: `2018-0${1 + (i % 3)}-1${i}`,
          direction: i % 2 ? "income" : "expense",
          category: i % 2 ? "grant" : "office",
          amount: "1.00",
          summary: p,
          counterparty: p,
          counterpartyIsPerson: i === 0,
          voucherNo: p,
        }),
      );
      entries.push(id);
    }
    // Leading whitespace cannot come through the API (it trims): put it in D1 before the period closes.
    for (const [i, p] of WHITESPACE_PAYLOADS.entries())
      await env.DB.prepare("UPDATE finance_entries SET summary = ?, counterparty = ?, voucher_no = ? WHERE id = ?")
        .bind(p, p, p, entries[i + 1])
        .run();
    expectOk(await staff.mutate("finance.submit", { periodId }));
    expectOk(await supervisor.mutate("finance.approve", { periodId, decision: "approve", comment: "" }));
    expectOk(await admin.mutate("finance.publish", { periodId }));

    const csv = await fetchCsv(`${OPEN}/finance/${period}.csv`);
    expect(csv.rows[0]).toEqual([
      "id",
      "date",
      "direction",
      "category",
      "amount_yuan",
      "summary",
      "counterparty",
      "voucher_no",
      "adjusts_entry_id",
    ]);
    // Entries 1 and 2 now hold the whitespace payloads instead of their own.
    expectEscaped(csv, [...PAYLOADS.filter((_, i) => i !== 1 && i !== 2), ...WHITESPACE_PAYLOADS]);
    // The opening balance is a plain negative number: left as a number, not escaped.
    expect(csv.rows[1][4]).toBe("-5.00");
    // A person's name is masked before it is escaped: the first entry's counterparty is a person.
    const person = csv.rows.find((r) => r[0] === entries[0])!;
    expect(person[6]).not.toBe(`'${PAYLOADS[0]}`);
    expect(person[6]).not.toMatch(TRIGGER);
  });

  it("decisions.csv: titles, resolutions, meeting titles and the latest update's note", async () => {
    const decision = (await env.DB.prepare("SELECT id, meeting_id FROM decisions WHERE community_id = ? LIMIT 1")
      .bind(hehua)
      .first<{ id: string; meeting_id: string }>())!;
    // Title, resolution and meeting come from a closed meeting's record: put them in D1.
    await env.DB.prepare("UPDATE decisions SET title = ?, resolution = ? WHERE id = ?")
      .bind(PAYLOADS[4], WHITESPACE_PAYLOADS[0], decision.id)
      .run();
    await env.DB.prepare("UPDATE meetings SET title = ? WHERE id = ?").bind(PAYLOADS[5], decision.meeting_id).run();
    expectOk(
      await staff.mutate("decisions.addUpdate", {
        decisionId: decision.id,
        status: "in_progress",
        progress: 50,
        note: PAYLOADS[3],
      }),
    );
    const csv = await fetchCsv(`${OPEN}/decisions.csv`);
    expect(csv.rows[0]).toEqual([
      "id",
      "title",
      "resolution",
      "decided_at",
      "meeting",
      "status",
      "progress",
      "last_update",
    ]);
    expectEscaped(csv, [PAYLOADS[4], WHITESPACE_PAYLOADS[0], PAYLOADS[5], PAYLOADS[3]]);
  });

  it("polls/{id}/ballots.csv: option labels and (masked) voters' names", async () => {
    const people = await voters(hehua, 3);
    const names = ["=1+1", "@x", "-y"];
    for (const [i, p] of people.entries())
      await env.DB.prepare("UPDATE residents SET name = ? WHERE id = ?").bind(names[i], p.id).run();
    const labels = [PAYLOADS[4], PAYLOADS[1], PAYLOADS[6]];
    const { id } = expectOk(
      await staff.mutate<{ id: string }>("polls.create", {
        communityId: hehua,
        kind: "vote",
        ballotType: "single",
        title: "选哪一个方案",
        options: labels.map((label) => ({ label })),
        minChoices: 1,
        maxChoices: 1,
        eligibility: "adults",
        secret: false,
        opensAt: Date.now() - 60_000,
        closesAt: Date.now() + 86_400_000,
      }),
    );
    expectOk(await staff.mutate("polls.publish", { id }));
    const options = (await env.DB.prepare("SELECT options FROM polls WHERE id = ?")
      .bind(id)
      .first<{ options: string }>())!.options;
    const optionIds = (JSON.parse(options) as { id: string }[]).map((o) => o.id);
    for (const [i, p] of people.entries())
      expectOk(await FastClient.from(p.client).mutate("polls.cast", { pollId: id, options: [optionIds[i]] }));
    await expire(id);
    expect(
      expectOk(
        await new FastClient().query<{ status: string }>("polls.get", { street: STREET, community: COMMUNITY, id }),
      ).status,
    ).toBe("closed");

    const csv = await fetchCsv(`${OPEN}/polls/${id}/ballots.csv`);
    expect(csv.rows[0]).toEqual(["receipt", "voter", "choice", "choice_label"]);
    expect(csv.rows).toHaveLength(1 + people.length);
    expectEscaped(csv, labels);
    // Masked names keep their first character: a name starting like a formula is escaped too.
    const voterCells = csv.rows.slice(1).map((r) => r[1]);
    expect(voterCells.filter((v) => v.startsWith("'")).length).toBe(names.length);
  });

  it("every CSV the Worker serves was checked", () => {
    expect(checked.map((c) => c.path.replace(/\/[0-9A-Z]{26}\//, "/{id}/"))).toEqual([
      `${OPEN}/notices.csv`,
      `${OPEN}/finance/2018-Q1.csv`,
      `${OPEN}/decisions.csv`,
      `${OPEN}/polls/{id}/ballots.csv`,
    ]);
    console.log(
      `exports: ${checked.length} CSV endpoints, ${checked.reduce((n, c) => n + c.cells.length, 0)} cells scanned, ` +
        `${planted} planted payloads found escaped, 0 live formulas`,
    );
  });
});
