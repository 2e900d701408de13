/**
 * Export and print buttons of the street's tables. The spreadsheet code loads only when someone
 * exports; printing uses the page's print stylesheet (styles/monitor-print.css).
 */
import { createSignal, Show } from "solid-js";
import { t } from "../../i18n";
import { errorMessage } from "../../lib/trpc";
import type { Cell } from "../../lib/spreadsheet";

export type Sheet = { header: string[]; rows: Cell[][] };

export function ExportBar(props: { file: string; sheet: string; table: () => Sheet; testid?: string }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const exportXlsx = async () => {
    setBusy(true);
    setError(null);
    try {
      const { downloadXlsx, datedFileName } = await import("../../lib/spreadsheet");
      const { header, rows } = props.table();
      await downloadXlsx(datedFileName(props.file, "xlsx"), header, rows, props.sheet);
    } catch (e) {
      setError(t("mon.export.failed", { message: errorMessage(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="btn-row no-print mon-export" data-testid={props.testid}>
      <button
        type="button"
        class="btn btn-small"
        data-action="export-xlsx"
        disabled={busy()}
        aria-busy={busy() ? "true" : undefined}
        onClick={exportXlsx}
      >
        {busy() ? t("mon.export.busy") : t("mon.export.xlsx")}
      </button>
      <button type="button" class="btn btn-small" data-action="print" onClick={() => window.print()}>
        {t("mon.print")}
      </button>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </div>
  );
}
