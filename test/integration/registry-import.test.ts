import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  HOUSEHOLD_COLUMNS,
  RESIDENT_COLUMNS,
  toRawRows,
  validateResidentRows,
  type ImportError,
  type RawRow,
} from "../../shared/rules/registry-import";
import { readSpreadsheet } from "../../web/lib/spreadsheet";
import {
  csvText,
  encodeGb18030,
  excelLikeXlsx,
  householdFile,
  residentFile,
  type ExpectedError,
} from "../fixtures/registry-import";
import { communityId } from "./fixtures";
import { Client } from "./helpers";

// The spreadsheets are parsed here by web/lib/spreadsheet.ts itself (papaparse, read-excel-file
// and TextDecoder("gb18030") all run inside workerd), then sent as the page sends them.

type ImportResult = { inserted: number; skipped: number; errors: ImportError[] };
const CHUNK = 500;

async function importAll(client: Client, cid: string, kind: "households" | "residents", rows: RawRow[]) {
  const total: ImportResult = { inserted: 0, skipped: 0, errors: [] };
  for (let i = 0; i < rows.length; i += CHUNK) {
    const r = await client.mutate<ImportResult>("residents.import", {
      communityId: cid,
      kind,
      rows: rows.slice(i, i + CHUNK),
    });
    if (!r.ok) throw new Error(`import chunk ${i / CHUNK + 1}: ${r.error.message}`);
    total.inserted += r.data.inserted;
    total.skipped += r.data.skipped;
    total.errors.push(...r.data.errors);
  }
  return total;
}

const brief = (errors: ImportError[]): ExpectedError[] =>
  errors.map(({ row, field, rule }) => ({ row, field, rule })).sort((a, b) => a.row - b.row);

async function registryCounts(cid: string) {
  const [residents, households, audits] = await env.DB.batch([
    env.DB.prepare("SELECT count(*) AS n FROM residents WHERE community_id = ?").bind(cid),
    env.DB.prepare("SELECT count(*) AS n FROM households WHERE community_id = ?").bind(cid),
    env.DB.prepare("SELECT count(*) AS n FROM audit_log"),
  ]);
  const n = (r: D1Result) => (r.results[0] as { n: number }).n;
  return { residents: n(residents), households: n(households), audits: n(audits) };
}

/** The file as an XLSX the way Excel keeps it: ISO birth dates as date cells, phones as numbers. */
function asXlsx(cells: (string | Date)[][]): Uint8Array {
  return excelLikeXlsx(
    cells.map((row, i) =>
      i === 0
        ? row
        : row.map((cell, c) => {
            if (c === 1 && typeof cell === "string" && /^\d{4}-\d{2}-\d{2}$/.test(cell) && cell !== "2023-02-29")
              return new Date(`${cell}T00:00:00Z`);
            if (c === 2 && typeof cell === "string" && /^1\d{10}$/.test(cell)) return Number(cell);
            return cell;
          }),
    ),
  );
}

describe("registry import through the API", () => {
  it("imports households, then a 1,000-row residents file (GB18030 CSV and XLSX) with 20 bad rows; again adds nothing", async () => {
    const staff = await Client.as("community-staff");
    const cid = await communityId("hehua");
    const before = await registryCounts(cid);

    // Households first: the residents file places people by address.
    const hh = householdFile({ prefix: "荷塘新村", count: 250, bad: true });
    const hhCells = await readSpreadsheet({ name: "户.csv", bytes: encodeGb18030(csvText(hh.cells)) });
    const hhRows = toRawRows(hhCells, HOUSEHOLD_COLUMNS);
    expect(hhRows.missing).toEqual([]);
    const households = await importAll(staff, cid, "households", hhRows.rows);
    expect(households.inserted).toBe(250);
    expect(households.skipped).toBe(0);
    expect(brief(households.errors)).toEqual(hh.errors);
    expect((await registryCounts(cid)).households).toBe(before.households + 250);

    // The residents file, read from GB18030 CSV bytes and from an XLSX: the same rows.
    const file = residentFile({ prefix: "荷塘新村", rows: 1000, bad: true });
    const csvBytes = encodeGb18030(csvText(file.cells));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(csvBytes)).toThrow();
    const fromCsv = toRawRows(await readSpreadsheet({ name: "居民.csv", bytes: csvBytes }), RESIDENT_COLUMNS);
    const fromXlsx = toRawRows(
      await readSpreadsheet({ name: "居民.xlsx", bytes: asXlsx(file.cells) }),
      RESIDENT_COLUMNS,
    );
    expect(fromCsv.missing).toEqual([]);
    expect(fromCsv.rows).toHaveLength(1000);
    expect(fromXlsx.rows).toEqual(fromCsv.rows);

    // The dry run, as the page does it: the server's context and the shared rules.
    const ctx = await staff.query("residents.importContext", { communityId: cid, kind: "residents" });
    expect(ctx.ok).toBe(true);
    if (!ctx.ok) return;
    const dry = validateResidentRows(fromXlsx.rows, {
      households: new Map(ctx.data.households.map((h: { address: string }) => [h.address, h])),
      groups: new Map(ctx.data.groups.map((g: { name: string; id: string }) => [g.name, g.id])),
      existing: new Set(ctx.data.existing),
      today: ctx.data.today,
    });
    expect(brief(dry.errors)).toEqual(file.errors);
    expect(dry.valid).toHaveLength(980);

    // The commit: every row, 500 at a time; the server finds the same 20.
    const first = await importAll(staff, cid, "residents", fromXlsx.rows);
    expect(first.inserted).toBe(980);
    expect(first.skipped).toBe(0);
    expect(brief(first.errors)).toEqual(file.errors);
    const afterFirst = await registryCounts(cid);
    expect(afterFirst.residents).toBe(before.residents + 980);
    const reps = await env.DB.prepare(
      "SELECT count(*) AS n FROM residents r JOIN households h ON h.id = r.household_id WHERE h.address LIKE '荷塘新村%' AND r.is_household_rep = 1",
    ).first<{ n: number }>();
    expect(reps?.n).toBe(250);

    // The same rows again: nothing added, everything known skipped, the same 20 errors.
    const again = await importAll(staff, cid, "residents", fromCsv.rows);
    expect(again.inserted).toBe(0);
    expect(again.skipped).toBe(980);
    expect(brief(again.errors)).toEqual(file.errors);
    const afterAgain = await registryCounts(cid);
    expect(afterAgain.residents).toBe(afterFirst.residents);
    expect(afterAgain.households).toBe(afterFirst.households);

    const audits = await env.DB.prepare(
      "SELECT after FROM audit_log WHERE action = 'registry.import' AND community_id = ? ORDER BY at",
    )
      .bind(cid)
      .all<{ after: string }>();
    expect(audits.results.length).toBeGreaterThanOrEqual(3); // 1 households chunk, 2 residents chunks
  }, 120_000);

  it("exports the registry page by page with full phones, and audits the export", async () => {
    const staff = await Client.as("community-staff");
    const cid = await communityId("hehua");
    const { residents, households } = await registryCounts(cid);
    const exported: { phone: string; address: string | null }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = await staff.query("residents.export", { communityId: cid, kind: "residents", cursor });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      exported.push(...r.data.residents);
      cursor = r.data.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(exported).toHaveLength(residents);
    expect(pages).toBe(Math.ceil(residents / 1000));
    expect(exported.some((r) => /^139\d{8}$/.test(r.phone))).toBe(true); // not masked
    const h = await staff.query("residents.export", { communityId: cid, kind: "households" });
    expect(h.ok && h.data.households.length).toBe(Math.min(households, 1000));
    const audit = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'registry.export' AND community_id = ?",
    )
      .bind(cid)
      .first<{ n: number }>();
    // Every page hands out full phones, so every page is audited (a later page cannot skip it).
    expect(audit?.n).toBe(pages + 1);
  });

  it("staff of another community can neither read nor import nor export hehua's registry (NOT_FOUND)", async () => {
    const other = await Client.as("taoyuan-admin");
    const cid = await communityId("hehua");
    const before = await registryCounts(cid);
    const file = residentFile({ prefix: "外社区", rows: 10 });
    const rows = toRawRows(file.cells as string[][], RESIDENT_COLUMNS).rows;
    const hh = toRawRows(householdFile({ prefix: "外社区", count: 3 }).cells, HOUSEHOLD_COLUMNS).rows;
    const calls = [
      await other.query("residents.importContext", { communityId: cid, kind: "residents" }),
      await other.query("residents.importContext", { communityId: cid, kind: "households" }),
      await other.mutate("residents.import", { communityId: cid, kind: "households", rows: hh }),
      await other.mutate("residents.import", { communityId: cid, kind: "residents", rows }),
      await other.query("residents.export", { communityId: cid, kind: "residents" }),
      await other.query("residents.export", { communityId: cid, kind: "households" }),
    ];
    for (const r of calls) expect(!r.ok && r.error.data.code).toBe("NOT_FOUND");
    expect(await registryCounts(cid)).toEqual(before);
  });

  it("imports 10,000 residents (and their 2,500 households) in 500-row chunks", async () => {
    const staff = await Client.as("community-staff");
    const cid = await communityId("hehua");
    const before = await registryCounts(cid);
    const hh = toRawRows(householdFile({ prefix: "莲花苑", count: 2500 }).cells, HOUSEHOLD_COLUMNS).rows;
    const file = residentFile({ prefix: "莲花苑", rows: 10_000, start: 1000 });
    // A workbook this size has a sheet part of several MB: read here without any Web Worker.
    const xlsx = asXlsx(file.cells);
    const parsed = toRawRows(await readSpreadsheet({ name: "居民.xlsx", bytes: xlsx }), RESIDENT_COLUMNS);
    const rows = parsed.rows;
    expect(rows).toEqual(toRawRows(file.cells as string[][], RESIDENT_COLUMNS).rows);
    const t0 = Date.now();
    const households = await importAll(staff, cid, "households", hh);
    const t1 = Date.now();
    const residents = await importAll(staff, cid, "residents", rows);
    const t2 = Date.now();
    console.log(
      `10k import: ${hh.length} households in ${Math.round(t1 - t0)} ms, ` +
        `${rows.length} residents in ${Math.round(t2 - t1)} ms (total ${Math.round(t2 - t0)} ms)`,
    );
    expect(households).toEqual({ inserted: 2500, skipped: 0, errors: [] });
    expect(residents).toEqual({ inserted: 10_000, skipped: 0, errors: [] });
    const after = await registryCounts(cid);
    expect(after.households).toBe(before.households + 2500);
    expect(after.residents).toBe(before.residents + 10_000);
  }, 300_000);
});
