import { createSignal, Show } from "solid-js";
import { ENTRY_COLUMNS } from "../../../shared/rules/finance-import";
import { formatYuan } from "../../../shared/rules/money";
import { lang, t } from "../../i18n";
import { errorMessage } from "../../lib/trpc";
import { categoryName, type Category } from "./ConsoleFinanceBits";

type Cell = string | number | null;

export type ExportedPeriod = {
  period: string;
  startsOn: string;
  endsOn: string;
  openingBalanceFen: number;
  categories: Category[];
  community: { name: string };
  entries: {
    entryDate: string;
    direction: "income" | "expense";
    category: string;
    amountFen: number;
    summary: string;
    counterparty: string;
    counterpartyIsPerson: boolean;
    voucherNo: string;
    adjustsEntryId: string | null;
  }[];
  totals: { incomeFen: number; expenseFen: number; closingBalanceFen: number };
};

/**
 * The period as a sheet: the import's columns (in the page's language, so an edited export can
 * be imported again), then the adjusted entry; amounts as yuan strings ("1234.50"); an opening
 * balance line first, the totals and the closing balance last.
 */
export function periodSheet(p: ExportedPeriod): { header: string[]; rows: Cell[][] } {
  const l = lang();
  const header = [...ENTRY_COLUMNS.map((c) => c[l]), t("fin.export.adjusts")];
  const money = (fen: number) => formatYuan(fen, false);
  const line = (date: string, label: string, fen: number): Cell[] => [date, "", "", money(fen), label, "", "", "", ""];
  const yes = l === "zh" ? "是" : "yes";
  const no = l === "zh" ? "否" : "no";
  const rows: Cell[][] = [
    line(p.startsOn, t("fin.export.openingRow"), p.openingBalanceFen),
    ...p.entries.map((e) => [
      e.entryDate,
      l === "zh" ? (e.direction === "income" ? "收入" : "支出") : e.direction,
      categoryName(p.categories, e.category),
      money(e.amountFen),
      e.summary,
      e.counterparty,
      e.counterpartyIsPerson ? yes : no,
      e.voucherNo,
      e.adjustsEntryId ?? "",
    ]),
    line(p.endsOn, t("fin.export.incomeRow"), p.totals.incomeFen),
    line(p.endsOn, t("fin.export.expenseRow"), p.totals.expenseFen),
    line(p.endsOn, t("fin.export.closingRow"), p.totals.closingBalanceFen),
  ];
  return { header, rows };
}

/** "导出本期账目": XLSX (write-excel-file, loaded on click) and CSV (shared toCsv, formulas escaped). */
export function PeriodExport(props: { data: ExportedPeriod }) {
  const [running, setRunning] = createSignal<"xlsx" | "csv" | null>(null);
  const [done, setDone] = createSignal<string | null>(null);
  const [failed, setFailed] = createSignal<string | null>(null);

  async function run(format: "xlsx" | "csv") {
    setRunning(format);
    setDone(null);
    setFailed(null);
    try {
      const s = await import("../../lib/spreadsheet");
      const { header, rows } = periodSheet(props.data);
      const file = `${props.data.community.name}-${t("fin.export.name")}-${props.data.period}.${format}`;
      if (format === "xlsx") await s.downloadXlsx(file, header, rows, props.data.period);
      else s.downloadCsv(file, header, rows);
      setDone(file);
    } catch (e) {
      setFailed(t("fin.export.failed", { message: errorMessage(e) }));
    } finally {
      setRunning(null);
    }
  }

  return (
    <section class="card fin-export" aria-labelledby="fin-export-h">
      <h2 id="fin-export-h">{t("fin.export.title")}</h2>
      <p class="muted">{t("fin.export.intro")}</p>
      <div class="btn-row">
        <button
          type="button"
          class="btn"
          data-action="fin-export-xlsx"
          disabled={running() !== null}
          aria-busy={running() === "xlsx" ? "true" : undefined}
          onClick={() => void run("xlsx")}
        >
          {t("fin.export.xlsx")}
        </button>
        <button
          type="button"
          class="btn"
          data-action="fin-export-csv"
          disabled={running() !== null}
          aria-busy={running() === "csv" ? "true" : undefined}
          onClick={() => void run("csv")}
        >
          {t("fin.export.csv")}
        </button>
      </div>
      <div role="status" aria-live="polite">
        <Show when={done()}>{(f) => <p class="muted">{t("fin.export.done", { file: f() })}</p>}</Show>
      </div>
      <Show when={failed()}>
        <div class="banner banner-bad" role="alert">
          {failed()}
        </div>
      </Show>
    </section>
  );
}
