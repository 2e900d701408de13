import { batch, createSignal, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { fieldLabel, translate } from "../../../shared/i18n/errors";
import { ENTRY_COLUMNS, validateEntryRows, type EntryImportError } from "../../../shared/rules/finance-import";
import { mapHeader, toRawRows, type RawRow } from "../../../shared/rules/registry-import";
import { lang, t } from "../../i18n";
import { api, errorMessage } from "../../lib/trpc";
import { ConfirmDialog } from "../console/Dialog";

/** The server takes at most 500 rows a call (shared/schemas/finance financeImportInput). */
const CHUNK_ROWS = 500;
/** A period's books are far smaller; anything beyond this is the wrong file. */
const MAX_ROWS = 20_000;
const SHOWN_ERRORS = 1000;

// papaparse, read-excel-file and write-excel-file load only when a file is read or written.
const spreadsheet = () => import("../../lib/spreadsheet");

const TEMPLATE_EXAMPLE: Record<string, string> = {
  date: "",
  direction: "支出",
  category: "活动经费",
  amount: "1234.50",
  summary: "重阳节敬老活动物资",
  counterparty: "示范超市",
  counterpartyIsPerson: "否",
  voucherNo: "记-001",
};

/** The column's name as the template has it (日期, 金额（元）), else the API's field label. */
export function entryColumnLabel(field: string): string {
  const col = ENTRY_COLUMNS.find((c) => c.key === field);
  return col ? col[lang()] : fieldLabel([field], lang());
}
const problemText = (e: EntryImportError) => translate(e.rule, lang(), { field: entryColumnLabel(e.field) });

type Parsed = { name: string; rows: RawRow[]; missing: string[]; ignored: string[] };
type DryRun = { total: number; good: RawRow[]; skipped: number; errors: EntryImportError[]; badRows: number };
type Commit = {
  chunks: RawRow[][];
  next: number;
  done: number;
  inserted: number;
  skipped: number;
  errors: EntryImportError[];
  running: boolean;
  failed: string | null;
  finished: boolean;
};
const emptyCommit = (): Commit => ({
  chunks: [],
  next: 0,
  done: 0,
  inserted: 0,
  skipped: 0,
  errors: [],
  running: false,
  failed: null,
  finished: false,
});

/**
 * "导入分录": choose a file, a dry run in the browser by the server's own rules
 * (finance.importContext + validateEntryRows), then finance.import in chunks with progress.
 */
export function EntryImport(props: { periodId: string; startsOn: string; onImported: () => void }) {
  const [fileError, setFileError] = createSignal<string | null>(null);
  const [reading, setReading] = createSignal(false);
  const [parsed, setParsed] = createSignal<Parsed | null>(null);
  const [checking, setChecking] = createSignal(false);
  const [dry, setDry] = createSignal<DryRun | null>(null);
  const [confirming, setConfirming] = createSignal(false);
  const [commit, setCommit] = createStore<Commit>(emptyCommit());
  const [busyTemplate, setBusyTemplate] = createSignal(false);
  let fileInput!: HTMLInputElement;

  function reset() {
    batch(() => {
      setParsed(null);
      setDry(null);
      setFileError(null);
      setCommit(emptyCommit());
    });
    if (fileInput) fileInput.value = "";
  }

  async function downloadTemplate(format: "xlsx" | "csv") {
    setBusyTemplate(true);
    try {
      const s = await spreadsheet();
      const header = ENTRY_COLUMNS.map((c) => c.zh);
      const rows = [ENTRY_COLUMNS.map((c) => (c.key === "date" ? props.startsOn : (TEMPLATE_EXAMPLE[c.key] ?? "")))];
      const blob = format === "xlsx" ? await s.writeXlsx(header, rows, "分录") : s.csvBlob(header, rows);
      s.downloadBlob(blob, `${t("fin.import.templateName")}.${format}`);
    } catch (e) {
      setFileError(errorMessage(e));
    } finally {
      setBusyTemplate(false);
    }
  }

  async function onFile(file: File | undefined) {
    batch(() => {
      setParsed(null);
      setDry(null);
      setFileError(null);
      setCommit(emptyCommit());
    });
    if (!file) return;
    setReading(true);
    try {
      const s = await spreadsheet();
      let cells: string[][];
      try {
        cells = await s.readSpreadsheet({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
      } catch (e) {
        if (e instanceof s.SpreadsheetError)
          throw new Error(
            t(
              e.code === "empty"
                ? "imp.file.emptyFile"
                : e.code === "unsupported"
                  ? "imp.file.unsupported"
                  : "imp.file.unreadable",
            ),
          );
        throw e;
      }
      const { rows, missing } = toRawRows(cells, ENTRY_COLUMNS);
      const header = cells[0] ?? [];
      const used = new Set(Object.values(mapHeader(header, ENTRY_COLUMNS).index));
      const ignored = header.filter((h, i) => h.trim() && !used.has(i));
      if (rows.length > MAX_ROWS) throw new Error(t("imp.file.tooMany", { max: MAX_ROWS, n: rows.length }));
      setParsed({ name: file.name, rows, missing, ignored });
      if (!missing.length && rows.length) await runDryRun();
    } catch (e) {
      setFileError(errorMessage(e));
    } finally {
      setReading(false);
    }
  }

  /** Check the whole file against the period as it is now (the server checks again on commit). */
  async function runDryRun() {
    const p = parsed();
    if (!p) return;
    batch(() => {
      setChecking(true);
      setFileError(null);
      setDry(null);
      setCommit(emptyCommit());
    });
    try {
      const ctx = await api.finance.importContext.query({ periodId: props.periodId });
      const result = validateEntryRows(p.rows, ctx);
      const existing = new Set(ctx.existingKeys);
      const fresh = new Set(result.valid.filter((r) => !existing.has(r.key)).map((r) => r.row));
      setDry({
        total: p.rows.length,
        good: p.rows.filter((r) => fresh.has(r.row)),
        skipped: result.valid.length - fresh.size,
        errors: [...result.errors].sort((a, b) => a.row - b.row),
        badRows: new Set(result.errors.map((e) => e.row)).size,
      });
    } catch (e) {
      setFileError(errorMessage(e));
    } finally {
      setChecking(false);
    }
  }

  function startCommit() {
    const d = dry();
    if (!d || !d.good.length) return;
    const chunks: RawRow[][] = [];
    for (let i = 0; i < d.good.length; i += CHUNK_ROWS) chunks.push(d.good.slice(i, i + CHUNK_ROWS));
    setCommit({ ...emptyCommit(), chunks });
    void runChunks();
  }

  /** One chunk after another; a failure stops there and "retry" resumes (the import is idempotent). */
  async function runChunks() {
    if (commit.running) return;
    setCommit({ running: true, failed: null });
    while (commit.next < commit.chunks.length) {
      const rows = commit.chunks[commit.next];
      try {
        const r = await api.finance.import.mutate({ periodId: props.periodId, rows });
        setCommit((c) => ({
          next: c.next + 1,
          done: c.done + rows.length,
          inserted: c.inserted + r.inserted,
          skipped: c.skipped + r.skipped,
          errors: r.errors.length ? [...c.errors, ...r.errors] : c.errors,
        }));
      } catch (e) {
        setCommit({ running: false, failed: errorMessage(e) });
        props.onImported();
        return;
      }
    }
    setCommit({ running: false, finished: true });
    props.onImported();
  }

  const failedChunk = () => {
    const rows = commit.chunks[commit.next] ?? [];
    return { k: commit.next + 1, from: rows[0]?.row ?? 0, to: rows[rows.length - 1]?.row ?? 0 };
  };

  return (
    <section class="card fin-import" aria-labelledby="fin-import-h">
      <h2 id="fin-import-h">{t("fin.import.title")}</h2>
      <p class="muted">{t("fin.import.intro")}</p>
      <p class="hint">{t("fin.import.columns")}</p>
      <div class="btn-row">
        <button
          type="button"
          class="btn btn-small"
          data-action="fin-template-xlsx"
          disabled={busyTemplate()}
          onClick={() => void downloadTemplate("xlsx")}
        >
          {t("fin.import.templateXlsx")}
        </button>
        <button
          type="button"
          class="btn btn-small"
          data-action="fin-template-csv"
          disabled={busyTemplate()}
          onClick={() => void downloadTemplate("csv")}
        >
          {t("fin.import.templateCsv")}
        </button>
      </div>
      <div class="field">
        <label for="fin-import-file">{t("fin.import.file")}</label>
        <input
          ref={fileInput}
          id="fin-import-file"
          name="file"
          type="file"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          aria-describedby="fin-import-file-hint"
          disabled={commit.running}
          onChange={(e) => void onFile(e.currentTarget.files?.[0])}
        />
        <div class="hint" id="fin-import-file-hint">
          {t("imp.file.hint")}
        </div>
      </div>
      <div role="status" aria-live="polite">
        <Show when={reading()}>
          <p>{t("imp.file.reading")}</p>
        </Show>
        <Show when={checking()}>
          <p>{t("imp.check.running")}</p>
        </Show>
        <Show when={parsed()}>
          {(p) => (
            <>
              <p data-testid="fin-import-read">{t("imp.file.read", { name: p().name, n: p().rows.length })}</p>
              <Show when={p().ignored.length}>
                <p class="muted">{t("imp.file.ignored", { cols: p().ignored.join("、") })}</p>
              </Show>
            </>
          )}
        </Show>
      </div>
      <Show when={parsed()?.missing.length}>
        <div class="banner banner-bad" role="alert" data-testid="fin-import-missing">
          {t("imp.file.missing", { cols: parsed()!.missing.map(entryColumnLabel).join("、") })}
        </div>
      </Show>
      <Show when={parsed() && !parsed()!.missing.length && !parsed()!.rows.length}>
        <div class="banner banner-warn" role="alert">
          {t("imp.file.empty")}
        </div>
      </Show>
      <Show when={fileError()}>
        <div class="banner banner-bad" role="alert" data-testid="fin-import-error">
          {fileError()}
        </div>
      </Show>

      <Show when={dry()}>
        {(d) => (
          <div class="fin-import-result">
            <p data-testid="fin-import-summary">
              <strong>
                {t("fin.import.summary", {
                  total: d().total,
                  valid: d().good.length,
                  skipped: d().skipped,
                  errors: d().badRows,
                })}
              </strong>
            </p>
            <Show
              when={d().errors.length}
              fallback={
                <p class="banner banner-ok" data-testid="fin-import-no-errors">
                  {t("imp.check.noErrors")}
                </p>
              }
            >
              <h3>{t("imp.check.errorsTitle")}</h3>
              <p class="muted">{t("imp.check.errorsNote")}</p>
              <Show when={d().errors.length > SHOWN_ERRORS}>
                <p class="muted">{t("imp.check.capped", { shown: SHOWN_ERRORS, n: d().errors.length })}</p>
              </Show>
              <ImportErrors errors={d().errors.slice(0, SHOWN_ERRORS)} testid="fin-import-errors" />
            </Show>

            <Show when={d().good.length} fallback={<p data-testid="fin-import-nothing">{t("fin.import.nothing")}</p>}>
              <div class="btn-row">
                <Show when={!commit.chunks.length}>
                  <button
                    type="button"
                    class="btn btn-primary"
                    data-action="fin-import-commit"
                    onClick={() => setConfirming(true)}
                  >
                    {t("fin.import.commit", { n: d().good.length })}
                  </button>
                </Show>
                <button
                  type="button"
                  class="btn"
                  data-action="fin-import-check"
                  disabled={commit.running || checking()}
                  onClick={() => void runDryRun()}
                >
                  {t("imp.check.again")}
                </button>
              </div>
            </Show>
            <Show when={commit.chunks.length}>
              <div class="imp-progress">
                <progress
                  max={d().good.length}
                  value={commit.done}
                  aria-label={t("imp.commit.progressLabel")}
                  style={{ width: "100%" }}
                />
                <p role="status" aria-live="polite" data-testid="fin-import-progress">
                  {t("imp.commit.progress", { done: commit.done, total: d().good.length })}
                </p>
              </div>
            </Show>
            <Show when={commit.failed}>
              <div class="banner banner-bad" role="alert" data-testid="fin-import-failed">
                <p>{t("imp.commit.failed", { ...failedChunk(), message: commit.failed! })}</p>
                <p>{t("imp.commit.failedNote")}</p>
              </div>
              <div class="btn-row">
                <button
                  type="button"
                  class="btn btn-primary"
                  data-action="fin-import-retry"
                  onClick={() => void runChunks()}
                >
                  {t("imp.commit.retry")}
                </button>
              </div>
            </Show>
            <Show when={commit.finished}>
              <div class="banner banner-ok" role="status" data-testid="fin-import-result">
                {t("fin.import.done", {
                  inserted: commit.inserted,
                  skipped: commit.skipped + d().skipped,
                  errors: d().badRows + new Set(commit.errors.map((e) => e.row)).size,
                })}
              </div>
              <Show when={commit.errors.length}>
                <p>{t("imp.commit.serverErrors")}</p>
                <ImportErrors errors={commit.errors} />
              </Show>
              <div class="btn-row">
                <button type="button" class="btn" data-action="fin-import-another" onClick={reset}>
                  {t("imp.commit.another")}
                </button>
              </div>
            </Show>
          </div>
        )}
      </Show>

      <Show when={confirming() && dry()}>
        {(d) => (
          <ConfirmDialog
            title={t("imp.commit.confirmTitle")}
            message={
              <>
                <p>{t("imp.commit.confirm", { n: d().good.length })}</p>
                <p class="muted">{t("imp.commit.confirmNote", { size: CHUNK_ROWS })}</p>
              </>
            }
            onCancel={() => setConfirming(false)}
            onConfirm={() => {
              setConfirming(false);
              startCommit();
            }}
          />
        )}
      </Show>
    </section>
  );
}

function ImportErrors(props: { errors: EntryImportError[]; testid?: string }) {
  return (
    <div class="table-wrap">
      <table class="table imp-errors table-stack" data-testid={props.testid}>
        <thead>
          <tr>
            <th scope="col">{t("imp.col.row")}</th>
            <th scope="col">{t("imp.col.field")}</th>
            <th scope="col">{t("imp.col.problem")}</th>
            <th scope="col">{t("imp.col.value")}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.errors}>
            {(e) => (
              <tr data-row={e.row} data-field={e.field}>
                <td class="nowrap" data-label={t("imp.col.row")}>
                  {e.row}
                </td>
                <td class="nowrap" data-label={t("imp.col.field")}>
                  {entryColumnLabel(e.field)}
                </td>
                <td data-label={t("imp.col.problem")}>{problemText(e)}</td>
                <td class="mono" data-label={t("imp.col.value")}>
                  {e.value}
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
