import { useQueryClient } from "@tanstack/solid-query";
import { batch, createSignal, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { ConfirmDialog } from "../../components/console/Dialog";
import { useConsoleUser } from "../../components/console/user";
import { lang, t, type Key } from "../../i18n";
import { errorMessage, api } from "../../lib/trpc";
import { fieldLabel, translate } from "../../../shared/i18n/errors";
import {
  HOUSEHOLD_COLUMNS,
  mapHeader,
  RESIDENT_COLUMNS,
  toRawRows,
  validateHouseholdRows,
  validateResidentRows,
  type Column,
  type ImportError,
  type RawRow,
} from "../../../shared/rules/registry-import";

type Kind = "households" | "residents";
type Format = "xlsx" | "csv";

/** The server takes at most 500 rows a call (shared/schemas/registry importInput). */
const CHUNK_ROWS = 500;
/** Beyond this many rows the browser tab gets sluggish; such files should be split. */
const MAX_ROWS = 50_000;
/** The error table shows this many problems; the CSV report has all of them. */
const SHOWN_ERRORS = 2000;

const columnsOf = (kind: Kind): Column[] => (kind === "households" ? HOUSEHOLD_COLUMNS : RESIDENT_COLUMNS);
// The spreadsheet code (papaparse, read-excel-file, write-excel-file) loads only when used.
const spreadsheet = () => import("../../lib/spreadsheet");

type Parsed = { kind: Kind; name: string; rows: RawRow[]; missing: string[]; ignored: string[] };
type DryRun = { kind: Kind; total: number; good: RawRow[]; skipped: number; errors: ImportError[]; badRows: number };
type Commit = {
  chunks: RawRow[][];
  next: number;
  done: number;
  inserted: number;
  skipped: number;
  errors: ImportError[];
  running: boolean;
  failed: string | null;
  finished: boolean;
};

const KEEPERS = ["community_admin", "community_staff"];

/** Registry import (a wizard: kind, file, dry run, commit in chunks) and export. */
export default function RegistryImport() {
  const user = useConsoleUser();
  return (
    <div class="console-page registry-import">
      <h1>{t("imp.title")}</h1>
      <p class="muted">{t("imp.intro")}</p>
      <Show when={KEEPERS.includes(user().role)} fallback={<div class="banner banner-warn">{t("imp.noRight")}</div>}>
        <ImportWizard communityId={user().community!.id} />
        <ExportPanel communityId={user().community!.id} communityName={user().community!.name} />
      </Show>
    </div>
  );
}

/** The name of a column as the spreadsheet's header has it (姓名, 住址), else the API's field label. */
function columnLabel(kind: Kind, field: string): string {
  const col = columnsOf(kind).find((c) => c.key === field);
  const l = lang();
  return col ? col[l] : fieldLabel([field], l);
}

function problemText(kind: Kind, e: ImportError): string {
  return translate(e.rule, lang(), { field: columnLabel(kind, e.field) });
}

function ImportWizard(props: { communityId: string }) {
  const qc = useQueryClient();
  const [kind, setKind] = createSignal<Kind>("residents");
  const [fileError, setFileError] = createSignal<string | null>(null);
  const [reading, setReading] = createSignal(false);
  const [parsed, setParsed] = createSignal<Parsed | null>(null);
  const [checking, setChecking] = createSignal(false);
  const [checkError, setCheckError] = createSignal<string | null>(null);
  const [dry, setDry] = createSignal<DryRun | null>(null);
  const [confirming, setConfirming] = createSignal(false);
  const [commit, setCommit] = createStore<Commit>(emptyCommit());
  const [busyTemplate, setBusyTemplate] = createSignal(false);
  let fileInput!: HTMLInputElement;

  function emptyCommit(): Commit {
    return {
      chunks: [],
      next: 0,
      done: 0,
      inserted: 0,
      skipped: 0,
      errors: [],
      running: false,
      failed: null,
      finished: false,
    };
  }

  function reset() {
    batch(() => {
      setParsed(null);
      setDry(null);
      setFileError(null);
      setCheckError(null);
      setCommit(emptyCommit());
    });
    if (fileInput) fileInput.value = "";
  }

  function chooseKind(next: Kind) {
    if (next === kind() || commit.running) return;
    setKind(next);
    reset();
  }

  async function downloadTemplate(format: Format) {
    setBusyTemplate(true);
    try {
      const s = await spreadsheet();
      const blob = format === "xlsx" ? await s.templateXlsx(kind()) : s.templateCsv(kind());
      s.downloadBlob(blob, `${t(`imp.template.name.${kind()}` as Key)}.${format}`);
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
      setCheckError(null);
      setCommit(emptyCommit());
    });
    if (!file) return;
    setReading(true);
    const k = kind();
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
      const columns = columnsOf(k);
      const { rows, missing } = toRawRows(cells, columns);
      const header = cells[0] ?? [];
      const { index } = mapHeader(header, columns);
      const used = new Set(Object.values(index));
      const ignored = header.filter((h, i) => h.trim() && !used.has(i));
      if (rows.length > MAX_ROWS) throw new Error(t("imp.file.tooMany", { max: MAX_ROWS, n: rows.length }));
      setParsed({ kind: k, name: file.name, rows, missing, ignored });
      if (!missing.length && rows.length) await runDryRun();
    } catch (e) {
      setFileError(errorMessage(e));
    } finally {
      setReading(false);
    }
  }

  /** Validate the whole file in the browser against what the registry holds now (same rules as the server). */
  async function runDryRun() {
    const p = parsed();
    if (!p) return;
    batch(() => {
      setChecking(true);
      setCheckError(null);
      setDry(null);
      setCommit(emptyCommit());
    });
    try {
      const ctx = await api.residents.importContext.query({ communityId: props.communityId, kind: p.kind });
      const groups = new Map(ctx.groups.map((g) => [g.name, g.id]));
      const result =
        p.kind === "households"
          ? validateHouseholdRows(p.rows, {
              grids: new Map(ctx.grids.map((g) => [g.name, g.id])),
              groups,
              existingAddresses: new Set(ctx.existingAddresses),
            })
          : validateResidentRows(p.rows, {
              households: new Map(ctx.households.map((h) => [h.address, h])),
              groups,
              existing: new Set(ctx.existing),
              today: ctx.today,
            });
      const goodRows = new Set(result.valid.map((r) => r.row));
      setDry({
        kind: p.kind,
        total: p.rows.length,
        good: p.rows.filter((r) => goodRows.has(r.row)),
        skipped: result.skipped.length,
        errors: [...result.errors].sort((a, b) => a.row - b.row),
        badRows: new Set(result.errors.map((e) => e.row)).size,
      });
    } catch (e) {
      setCheckError(errorMessage(e));
    } finally {
      setChecking(false);
    }
  }

  async function downloadErrorReport() {
    const d = dry();
    if (!d) return;
    const s = await spreadsheet();
    const header = [t("imp.col.row"), t("imp.col.field"), t("imp.col.problem"), t("imp.col.value")];
    const rows = d.errors.map((e) => [e.row, columnLabel(d.kind, e.field), problemText(d.kind, e), e.value]);
    s.downloadCsv(s.datedFileName(`${t("imp.check.reportName")}-${t(`imp.kind.${d.kind}`)}`, "csv"), header, rows);
  }

  function startCommit() {
    const d = dry();
    if (!d || !d.good.length) return;
    const chunks: RawRow[][] = [];
    for (let i = 0; i < d.good.length; i += CHUNK_ROWS) chunks.push(d.good.slice(i, i + CHUNK_ROWS));
    setCommit({ ...emptyCommit(), chunks });
    void runChunks();
  }

  /** Send the remaining chunks one after another; stop at a failure (retrying resumes there). */
  async function runChunks() {
    const d = dry();
    if (!d || commit.running) return;
    setCommit({ running: true, failed: null });
    while (commit.next < commit.chunks.length) {
      const rows = commit.chunks[commit.next];
      try {
        const r = await api.residents.import.mutate({ communityId: props.communityId, kind: d.kind, rows });
        setCommit((c) => ({
          next: c.next + 1,
          done: c.done + rows.length,
          inserted: c.inserted + r.inserted,
          skipped: c.skipped + r.skipped,
          errors: r.errors.length ? [...c.errors, ...r.errors] : c.errors,
        }));
      } catch (e) {
        setCommit({ running: false, failed: errorMessage(e) });
        return;
      }
    }
    setCommit({ running: false, finished: true });
    void qc.invalidateQueries();
  }

  const failedChunk = () => {
    const rows = commit.chunks[commit.next] ?? [];
    return { k: commit.next + 1, from: rows[0]?.row ?? 0, to: rows[rows.length - 1]?.row ?? 0 };
  };

  return (
    <>
      <section class="card" aria-labelledby="imp-step-kind">
        <h2 id="imp-step-kind">{t("imp.step.kind")}</h2>
        <div class="tabs" role="group" aria-label={t("imp.kind.label")}>
          <For each={["households", "residents"] as Kind[]}>
            {(k) => (
              <button
                type="button"
                class="tab"
                data-kind={k}
                aria-pressed={kind() === k ? "true" : "false"}
                disabled={commit.running}
                onClick={() => chooseKind(k)}
              >
                {t(`imp.kind.${k}`)}
              </button>
            )}
          </For>
        </div>
        <p>{t(kind() === "households" ? "imp.kind.householdsHint" : "imp.kind.residentsHint")}</p>
        <p class="muted">{t("imp.kind.order")}</p>
        <div class="btn-row">
          <button
            type="button"
            class="btn"
            data-action="template-xlsx"
            disabled={busyTemplate()}
            onClick={() => void downloadTemplate("xlsx")}
          >
            {t("imp.template.xlsx")}
          </button>
          <button
            type="button"
            class="btn"
            data-action="template-csv"
            disabled={busyTemplate()}
            onClick={() => void downloadTemplate("csv")}
          >
            {t("imp.template.csv")}
          </button>
        </div>
      </section>

      <section class="card" aria-labelledby="imp-step-file">
        <h2 id="imp-step-file">{t("imp.step.file")}</h2>
        <div class="field">
          <label for="imp-file">{t("imp.file.label")}</label>
          <input
            ref={fileInput}
            id="imp-file"
            name="file"
            type="file"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            aria-describedby="imp-file-hint"
            disabled={commit.running}
            onChange={(e) => void onFile(e.currentTarget.files?.[0])}
          />
          <div class="hint" id="imp-file-hint">
            {t("imp.file.hint")}
          </div>
        </div>
        <div role="status" aria-live="polite" class="imp-file-status">
          <Show when={reading()}>
            <p>{t("imp.file.reading")}</p>
          </Show>
          <Show when={parsed()}>
            {(p) => (
              <>
                <p data-testid="imp-file-read">{t("imp.file.read", { name: p().name, n: p().rows.length })}</p>
                <Show when={p().ignored.length}>
                  <p class="muted">{t("imp.file.ignored", { cols: p().ignored.join("、") })}</p>
                </Show>
              </>
            )}
          </Show>
        </div>
        <Show when={parsed()?.missing.length}>
          <div class="banner banner-bad" role="alert" data-testid="imp-missing">
            {t("imp.file.missing", {
              cols: parsed()!
                .missing.map((m) => columnLabel(parsed()!.kind, m))
                .join("、"),
            })}
          </div>
        </Show>
        <Show when={parsed() && !parsed()!.missing.length && !parsed()!.rows.length}>
          <div class="banner banner-warn" role="alert">
            {t("imp.file.empty")}
          </div>
        </Show>
        <Show when={fileError()}>
          <div class="banner banner-bad" role="alert" data-testid="imp-file-error">
            {fileError()}
          </div>
        </Show>
      </section>

      <Show when={checking() || checkError() || dry()}>
        <section class="card" aria-labelledby="imp-step-check">
          <h2 id="imp-step-check">{t("imp.step.check")}</h2>
          <Show when={checking()}>
            <p role="status">{t("imp.check.running")}</p>
          </Show>
          <Show when={checkError()}>
            <div class="banner banner-bad" role="alert">
              {checkError()}
            </div>
            <button type="button" class="btn" onClick={() => void runDryRun()}>
              {t("imp.check.again")}
            </button>
          </Show>
          <Show when={dry()}>
            {(d) => (
              <DryRunView
                dry={d()}
                onReport={() => void downloadErrorReport()}
                onAgain={() => void runDryRun()}
                busy={commit.running}
              />
            )}
          </Show>
        </section>
      </Show>

      <Show when={dry()}>
        {(d) => (
          <section class="card" aria-labelledby="imp-step-commit">
            <h2 id="imp-step-commit">{t("imp.step.commit")}</h2>
            <Show when={d().good.length} fallback={<p data-testid="imp-nothing">{t("imp.commit.nothing")}</p>}>
              <Show when={!commit.chunks.length}>
                <div class="btn-row">
                  <button
                    type="button"
                    class="btn btn-primary"
                    data-action="commit"
                    onClick={() => setConfirming(true)}
                  >
                    {t("imp.commit.button", { n: d().good.length })}
                  </button>
                </div>
              </Show>
              <Show when={commit.chunks.length}>
                <div class="imp-progress">
                  <progress
                    max={d().good.length}
                    value={commit.done}
                    aria-valuemin="0"
                    aria-valuemax={d().good.length}
                    aria-valuenow={commit.done}
                    aria-label={t("imp.commit.progressLabel")}
                    style={{ width: "100%" }}
                  />
                  <p role="status" aria-live="polite" data-testid="imp-progress">
                    {t("imp.commit.progress", { done: commit.done, total: d().good.length })}
                  </p>
                </div>
              </Show>
              <Show when={commit.failed}>
                <div class="banner banner-bad" role="alert" data-testid="imp-commit-failed">
                  <p>{t("imp.commit.failed", { ...failedChunk(), message: commit.failed! })}</p>
                  <p>{t("imp.commit.failedNote")}</p>
                </div>
                <div class="btn-row">
                  <button type="button" class="btn btn-primary" data-action="retry" onClick={() => void runChunks()}>
                    {t("imp.commit.retry")}
                  </button>
                </div>
              </Show>
              <Show when={commit.finished}>
                <div class="banner banner-ok" role="status" data-testid="imp-result">
                  {t("imp.commit.done", {
                    inserted: commit.inserted,
                    skipped: commit.skipped,
                    errors: new Set(commit.errors.map((e) => e.row)).size,
                  })}
                </div>
                <Show when={d().skipped || d().badRows}>
                  <p class="muted" data-testid="imp-not-sent">
                    {t("imp.commit.notSent", { skipped: d().skipped, errors: d().badRows })}
                  </p>
                </Show>
                <Show when={commit.errors.length}>
                  <p>{t("imp.commit.serverErrors")}</p>
                  <ErrorTable kind={d().kind} errors={commit.errors} />
                </Show>
                <div class="btn-row">
                  <button type="button" class="btn" data-action="another" onClick={reset}>
                    {t("imp.commit.another")}
                  </button>
                </div>
              </Show>
            </Show>
          </section>
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
    </>
  );
}

function DryRunView(props: { dry: DryRun; onReport: () => void; onAgain: () => void; busy: boolean }) {
  const d = () => props.dry;
  return (
    <>
      <p class="imp-summary" data-testid="imp-summary">
        <strong>
          {t("imp.check.summary", {
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
          <p class="banner banner-ok" data-testid="imp-no-errors">
            {t("imp.check.noErrors")}
          </p>
        }
      >
        <h3>{t("imp.check.errorsTitle")}</h3>
        <p class="muted">{t("imp.check.errorsNote")}</p>
        <Show when={d().errors.length > SHOWN_ERRORS}>
          <p class="muted">{t("imp.check.capped", { shown: SHOWN_ERRORS, n: d().errors.length })}</p>
        </Show>
        <ErrorTable kind={d().kind} errors={d().errors.slice(0, SHOWN_ERRORS)} testid="imp-errors" />
      </Show>
      <div class="btn-row">
        <Show when={d().errors.length}>
          <button type="button" class="btn" data-action="error-report" onClick={() => props.onReport()}>
            {t("imp.check.report")}
          </button>
        </Show>
        <button
          type="button"
          class="btn"
          data-action="check-again"
          disabled={props.busy}
          onClick={() => props.onAgain()}
        >
          {t("imp.check.again")}
        </button>
      </div>
    </>
  );
}

function ErrorTable(props: { kind: Kind; errors: ImportError[]; testid?: string }) {
  return (
    <div class="table-wrap">
      <table class="table imp-errors" data-testid={props.testid}>
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
                <td class="nowrap">{e.row}</td>
                <td class="nowrap">{columnLabel(props.kind, e.field)}</td>
                <td>{problemText(props.kind, e)}</td>
                <td class="mono">{e.value}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Export

/** The export's columns: the import's (so an edited export can be imported again), then the state. */
const RESIDENT_EXPORT_HEADER = [...RESIDENT_COLUMNS.map((c) => c.zh), "状态", "迁出日期"];
const HOUSEHOLD_EXPORT_HEADER = HOUSEHOLD_COLUMNS.map((c) => c.zh);
const yesNo = (b: boolean | null) => (b ? "是" : "否");

function ExportPanel(props: { communityId: string; communityName: string }) {
  const [running, setRunning] = createSignal<string | null>(null);
  const [read, setRead] = createSignal(0);
  const [done, setDone] = createSignal<{ n: number; file: string } | null>(null);
  const [failed, setFailed] = createSignal<string | null>(null);

  async function run(kind: Kind, format: Format) {
    batch(() => {
      setRunning(`${kind}-${format}`);
      setRead(0);
      setDone(null);
      setFailed(null);
    });
    try {
      const sheet = spreadsheet();
      const rows: (string | null)[][] = [];
      let cursor: string | undefined;
      do {
        const page = await api.residents.export.query({ communityId: props.communityId, kind, cursor });
        if (kind === "households") for (const h of page.households) rows.push([h.address, h.grid ?? "", h.group ?? ""]);
        else
          for (const r of page.residents)
            rows.push([
              r.name,
              r.birthDate,
              r.phone ?? "",
              r.address ?? "",
              r.group ?? "",
              yesNo(r.isHouseholdRep),
              yesNo(r.isRepresentative),
              r.status === "active" ? "在册" : "已迁出",
              r.movedOutOn ?? "",
            ]);
        setRead(rows.length);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const s = await sheet;
      const header = kind === "households" ? HOUSEHOLD_EXPORT_HEADER : RESIDENT_EXPORT_HEADER;
      const file = s.datedFileName(`${props.communityName}-${t(`imp.export.name.${kind}`)}`, format);
      if (format === "xlsx") await s.downloadXlsx(file, header, rows, kind === "households" ? "户" : "居民");
      else s.downloadCsv(file, header, rows);
      setDone({ n: rows.length, file });
    } catch (e) {
      const blocked =
        e instanceof Error && e.name === "SpreadsheetError" && (e as { code?: string }).code === "blocked";
      setFailed(blocked ? t("imp.export.blocked") : t("imp.export.failed", { message: errorMessage(e) }));
    } finally {
      setRunning(null);
    }
  }

  const button = (kind: Kind, format: Format, label: Key) => (
    <button
      type="button"
      class="btn"
      data-action={`export-${kind}-${format}`}
      disabled={running() !== null}
      aria-busy={running() === `${kind}-${format}` ? "true" : undefined}
      onClick={() => void run(kind, format)}
    >
      {t(label)}
    </button>
  );

  return (
    <section class="card" aria-labelledby="imp-step-export">
      <h2 id="imp-step-export">{t("imp.step.export")}</h2>
      <p>{t("imp.export.intro")}</p>
      <p class="banner banner-warn" data-testid="imp-export-audit">
        {t("imp.export.audit")}
      </p>
      <div class="btn-row">
        {button("residents", "xlsx", "imp.export.residentsXlsx")}
        {button("residents", "csv", "imp.export.residentsCsv")}
        {button("households", "xlsx", "imp.export.householdsXlsx")}
        {button("households", "csv", "imp.export.householdsCsv")}
      </div>
      <div role="status" aria-live="polite" data-testid="imp-export-status">
        <Show when={running()}>
          <p>{t("imp.export.running", { n: read() })}</p>
        </Show>
        <Show when={done()}>{(d) => <p class="banner banner-ok">{t("imp.export.done", d())}</p>}</Show>
      </div>
      <Show when={failed()}>
        <div class="banner banner-bad" role="alert">
          {failed()}
        </div>
      </Show>
    </section>
  );
}
