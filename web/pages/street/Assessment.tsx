import "../../styles/monitor.css";
import "../../styles/monitor-print.css";
import { A, useSearchParams } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Show } from "solid-js";
import { translate, type MessageKey } from "../../../shared/i18n/errors";
import {
  ASSESSABLE,
  DEFAULT_WEIGHTS,
  weightsProblem,
  type AssessableKey,
  type ScorePart,
  type Weights,
  MIN_ADJUSTMENT_REASON,
} from "../../../shared/rules/monitor";
import { hasPersonalNumber } from "../../../shared/rules/masking";
import { ConfirmDialog, Dialog } from "../../components/console/Dialog";
import {
  createFormErrors,
  Field,
  fieldAria,
  FormAlert,
  note,
  SuccessNote,
  type Note,
} from "../../components/console/Field";
import { useConsoleUser } from "../../components/console/user";
import {
  formatValue,
  indicatorName,
  indicatorShort,
  LightValue,
  shanghaiYear,
  thresholdText,
} from "../../components/monitor/common";
import { ExportBar, type Sheet } from "../../components/monitor/ExportBar";
import { shortHash } from "../../components/public/util";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { lang, t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

type Data = Awaited<ReturnType<typeof api.monitor.assessment.get.query>>;

/** One community's result, computed (draft) or frozen (published), in the shape the table shows. */
type Line = {
  id: string;
  name: string;
  rank: number;
  score: number | null;
  base: number | null;
  adjustment: number;
  reason: string;
  adjustedBy: string | null;
  parts: ScorePart[];
  hash: string | null;
};

function linesOf(data: Data): Line[] {
  const lines: Line[] = data.published
    ? data.published.map((p) => ({
        id: p.communityId,
        name: p.communityName,
        rank: p.rank,
        score: p.result.score,
        base: p.result.base,
        adjustment: p.result.adjustment,
        reason: p.result.adjustmentReason,
        adjustedBy: null,
        parts: p.result.parts,
        hash: p.contentHash,
      }))
    : (data.rows ?? []).map((r) => ({
        id: r.id,
        name: r.name,
        rank: r.rank,
        score: r.score,
        base: r.base,
        adjustment: r.adjustment,
        reason: r.adjustmentReason,
        adjustedBy: r.adjustedBy,
        parts: r.parts,
        hash: null,
      }));
  return lines.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, "zh-CN"));
}

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "0");
const points = (n: number | null) => (n === null ? "—" : String(Math.round(n * 10) / 10));
const queryKey = (year: number) => ["monitor.assessment", year];

/**
 * /street/assessment: the year's weights, every community's score with each input and its points,
 * manual adjustments with reasons, and the irreversible publication once the year has ended.
 */
export default function Assessment() {
  const user = useConsoleUser();
  const now = shanghaiYear();
  const years = [now, now - 1, now - 2];
  const [params, setParams] = useSearchParams<{ year?: string }>();
  const year = () => {
    const y = Number(params.year);
    return years.includes(y) ? y : now;
  };
  const query = createQuery(() => ({
    queryKey: queryKey(year()),
    queryFn: () => api.monitor.assessment.get.query({ year: year() }),
  }));
  const isAdmin = () => user().role === "street_admin";
  return (
    <div class="console-page mon-page mon-wide mon-print">
      <div class="page-head">
        <h1>{t("mon.as.title")}</h1>
        <Show when={query.data}>
          <ExportBar
            file={`linli-assessment-${year()}`}
            sheet={t("mon.sheet.assessment")}
            table={() => sheetOf(query.data!)}
            testid="assessment-export"
          />
        </Show>
      </div>
      <p class="mon-print-only">{t("mon.as.printTitle", { street: user().street?.name ?? "", year: year() })}</p>
      <p class="muted no-print">{t("mon.as.intro")}</p>
      <div class="mon-year-row no-print">
        <div class="field">
          <label for="mon-year">{t("mon.as.year")}</label>
          <select
            id="mon-year"
            name="year"
            value={String(year())}
            onChange={(e) => setParams({ year: e.currentTarget.value }, { replace: true })}
          >
            <For each={years}>
              {(y) => (
                <option value={String(y)} selected={y === year()}>
                  {t("mon.as.yearOption", { year: y })}
                </option>
              )}
            </For>
          </select>
        </div>
      </div>
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          {/* A new year starts a fresh view: the weights form holds that year's values. */}
          <Show when={query.data?.year === year() ? year() : undefined} keyed fallback={<Loading />}>
            {(_year) => <YearView data={query.data!} isAdmin={isAdmin()} />}
          </Show>
        </Show>
      </Show>
    </div>
  );
}

function sheetOf(data: Data): Sheet {
  return {
    header: [
      t("mon.as.col.rank"),
      t("mon.ov.col.community"),
      t("mon.as.col.score"),
      t("mon.as.col.base"),
      t("mon.as.col.adjustment"),
      t("mon.as.adjustReason"),
      ...ASSESSABLE.flatMap((k) => [
        indicatorName(k),
        `${indicatorName(k)} · ${t("mon.as.weightOf", { n: data.weights[k] })}`,
      ]),
      ...(data.published ? [t("mon.as.col.hash")] : []),
    ],
    rows: linesOf(data).map((l) => [
      l.rank,
      l.name,
      points(l.score),
      points(l.base),
      l.adjustment ? signed(l.adjustment) : "",
      l.reason,
      ...ASSESSABLE.flatMap((k) => {
        const p = l.parts.find((x) => x.key === k);
        return [p && p.value !== null ? formatValue(k, p.value) : "", p ? points(p.points) : ""];
      }),
      ...(data.published ? [l.hash ?? ""] : []),
    ]),
  };
}

function YearView(props: { data: Data; isAdmin: boolean }) {
  const draft = () => props.data.status === "draft";
  const lines = createMemo(() => linesOf(props.data));
  const [done, setDone] = createSignal<Note | null>(null);
  return (
    <>
      <p
        class={`banner ${draft() ? "banner-info" : "banner-ok"}`}
        data-testid="assessment-status"
        data-status={props.data.status}
      >
        {draft()
          ? t("mon.as.status.draft")
          : t("mon.as.status.published", { at: formatDateTime(props.data.publishedAt) })}
        <Show when={draft() && !props.data.yearOver}> {t("mon.as.running", { year: props.data.year })}</Show>
        <Show when={!draft()}>
          {" "}
          <A href={`/${props.data.streetSlug}/assessment?year=${props.data.year}`} data-testid="assessment-public">
            {t("mon.as.publicLink")}
          </A>
        </Show>
      </p>
      <SuccessNote note={done()} />
      <WeightsCard data={props.data} editable={props.isAdmin && draft()} isAdmin={props.isAdmin} onSaved={setDone} />
      <section class="card" aria-labelledby="mon-as-results-h">
        <div class="page-head">
          <h2 id="mon-as-results-h">{draft() ? t("mon.as.results") : t("mon.as.published")}</h2>
          <Show when={draft()}>
            <Publish data={props.data} isAdmin={props.isAdmin} count={lines().length} onDone={setDone} />
          </Show>
        </div>
        <Show when={lines().length} fallback={<Empty>{t("mon.as.empty")}</Empty>}>
          <ResultsTable data={props.data} lines={lines()} canAdjust={props.isAdmin && draft()} onAdjusted={setDone} />
        </Show>
      </section>
    </>
  );
}

/** The weights: number inputs with a live sum and the rules checked as one types. */
function WeightsCard(props: { data: Data; editable: boolean; isAdmin: boolean; onSaved: (n: Note) => void }) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const initial = () => Object.fromEntries(ASSESSABLE.map((k) => [k, String(props.data.weights[k])]));
  const [form, setForm] = createSignal<Record<string, string>>(initial());
  const parsed = (): Weights =>
    Object.fromEntries(ASSESSABLE.map((k) => [k, form()[k].trim() === "" ? Number.NaN : Number(form()[k])])) as Weights;
  const sum = () => ASSESSABLE.reduce((s, k) => s + (Number.isFinite(parsed()[k]) ? parsed()[k] : 0), 0);
  const problem = () => weightsProblem(parsed());
  const problemText = () => {
    const p = problem();
    if (!p) return "";
    const field = (ASSESSABLE as readonly string[]).includes(p.field) ? indicatorName(p.field as AssessableKey) : "";
    return translate(p.rule as MessageKey, lang(), { field });
  };
  const fieldError = (k: AssessableKey) =>
    (problem()?.field === k ? problemText() : undefined) ?? errors.field(k) ?? errors.field(`weights.${k}`);
  const sumError = () => (problem()?.field === "weights" ? problemText() : errors.field("weights"));
  const changed = () => ASSESSABLE.some((k) => form()[k] !== String(props.data.weights[k]));
  const save = createMutation(() => ({
    mutationFn: () => api.monitor.assessment.setWeights.mutate({ year: props.data.year, weights: parsed() }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: queryKey(props.data.year) });
      props.onSaved(note("mon.as.weightsSaved"));
    },
  }));
  return (
    <section class="card" aria-labelledby="mon-weights-h" data-testid="assessment-weights">
      <h2 id="mon-weights-h">{t("mon.as.weights")}</h2>
      <p class="meta">{t("mon.as.weightsIntro")}</p>
      <Show
        when={props.editable}
        fallback={
          <>
            <dl class="mon-dl">
              <For each={ASSESSABLE}>
                {(k) => (
                  <div data-weight={k}>
                    <dt>{indicatorName(k)}</dt>
                    <dd>{props.data.weights[k]}</dd>
                  </div>
                )}
              </For>
            </dl>
            <p class="muted">
              {props.data.status === "published" ? t("mon.as.weightsFixed") : t("mon.as.weightsReadOnly")}
            </p>
          </>
        }
      >
        <form
          class="form mon-weights-form"
          novalidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!problem()) save.mutate();
          }}
        >
          <FormAlert errors={errors} />
          <div class="mon-weights">
            <For each={ASSESSABLE}>
              {(k) => {
                const id = `mon-w-${k}`;
                return (
                  <Field id={id} label={indicatorName(k)} error={fieldError(k)}>
                    <input
                      id={id}
                      name={k}
                      type="number"
                      inputmode="numeric"
                      min="0"
                      max="100"
                      step="1"
                      value={form()[k]}
                      onInput={(e) => setForm((f) => ({ ...f, [k]: e.currentTarget.value }))}
                      {...fieldAria(id, fieldError(k))}
                    />
                  </Field>
                );
              }}
            </For>
          </div>
          <p
            id="mon-weight-sum"
            class="mon-weight-sum"
            classList={{ "is-bad": sum() !== 100 }}
            role="status"
            aria-live="polite"
            data-testid="weight-sum"
          >
            {t("mon.as.weightSum", { sum: sum() })}
          </p>
          <Show when={sumError()}>
            <p class="error" data-testid="weight-problem">
              {sumError()}
            </p>
          </Show>
          <div class="btn-row">
            <button
              type="submit"
              class="btn btn-primary"
              data-action="save-weights"
              disabled={!!problem() || !changed() || save.isPending}
              aria-busy={save.isPending ? "true" : undefined}
            >
              {t("mon.as.saveWeights")}
            </button>
            <button
              type="button"
              class="btn"
              onClick={() => setForm(Object.fromEntries(ASSESSABLE.map((k) => [k, String(DEFAULT_WEIGHTS[k])])))}
            >
              {t("mon.as.resetWeights")}
            </button>
          </div>
        </form>
      </Show>
    </section>
  );
}

function ResultsTable(props: { data: Data; lines: Line[]; canAdjust: boolean; onAdjusted: (n: Note) => void }) {
  const [adjusting, setAdjusting] = createSignal<Line | null>(null);
  const published = () => props.data.status === "published";
  return (
    <>
      <div class="table-wrap mon-table-wrap mon-as-wrap" tabindex="0" role="region" aria-labelledby="mon-as-results-h">
        <table class="table mon-table mon-as-table" data-testid="assessment-table">
          <thead>
            <tr class="mon-heads">
              <th scope="col">{t("mon.as.col.rank")}</th>
              <th scope="col" class="mon-name-col">
                {t("mon.ov.col.community")}
              </th>
              <th scope="col">{t("mon.as.col.score")}</th>
              <th scope="col">{t("mon.as.col.base")}</th>
              <th scope="col">{t("mon.as.col.adjustment")}</th>
              <For each={ASSESSABLE}>
                {(k) => (
                  <th scope="col" title={`${indicatorName(k)}\n${thresholdText(k)}`}>
                    {indicatorShort(k)}
                    <span class="mon-part">{t("mon.as.weightOf", { n: props.data.weights[k] })}</span>
                  </th>
                )}
              </For>
              <Show when={published()}>
                <th scope="col">{t("mon.as.col.hash")}</th>
              </Show>
              <Show when={props.canAdjust}>
                <th scope="col" class="no-print">
                  {t("mon.as.col.actions")}
                </th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={props.lines}>
              {(l) => (
                <tr data-testid="assessment-row" data-community-id={l.id}>
                  <td data-testid="rank">{l.rank}</td>
                  <th scope="row" class="mon-name-col">
                    {l.name}
                  </th>
                  <td class="mon-score" data-testid="score">
                    {points(l.score)}
                  </td>
                  <td>{points(l.base)}</td>
                  <td class="mon-adj">
                    <Show when={l.adjustment} fallback={<span class="muted">—</span>}>
                      <strong>{signed(l.adjustment)}</strong>
                      <span class="mon-part">
                        {l.adjustedBy ? t("mon.as.adjustedBy", { name: l.adjustedBy, reason: l.reason }) : l.reason}
                      </span>
                    </Show>
                  </td>
                  <For each={ASSESSABLE}>
                    {(k) => {
                      const part = () => l.parts.find((p) => p.key === k);
                      return (
                        <td data-ind={k}>
                          <LightValue ind={k} value={part()?.value ?? null} />
                          <span class="mon-part">
                            {part()?.points === null || !part()
                              ? ""
                              : t("mon.as.pointsOf", { n: points(part()!.points) })}
                          </span>
                        </td>
                      );
                    }}
                  </For>
                  <Show when={published()}>
                    <td class="mono" title={l.hash ?? ""}>
                      {shortHash(l.hash, 8)}
                    </td>
                  </Show>
                  <Show when={props.canAdjust}>
                    <td class="no-print">
                      <button
                        type="button"
                        class="btn btn-small"
                        data-action="adjust"
                        aria-haspopup="dialog"
                        onClick={() => setAdjusting(l)}
                      >
                        {t("mon.as.adjust")}
                      </button>
                    </td>
                  </Show>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={adjusting()} keyed>
        {(l) => (
          <AdjustDialog
            year={props.data.year}
            line={l}
            max={props.data.maxAdjustment}
            onClose={() => setAdjusting(null)}
            onDone={(n) => {
              setAdjusting(null);
              props.onAdjusted(n);
            }}
          />
        )}
      </Show>
    </>
  );
}

function AdjustDialog(props: {
  year: number;
  line: Line;
  max: number;
  onClose: () => void;
  onDone: (n: Note) => void;
}) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [pts, setPts] = createSignal(props.line.adjustment ? String(props.line.adjustment) : "");
  const [reason, setReason] = createSignal(props.line.reason);
  const value = () => (pts().trim() === "" ? 0 : Number(pts()));
  const preview = () => {
    const base = props.line.base;
    const v = value();
    if (base === null || !Number.isFinite(v)) return null;
    const score = Math.round(Math.max(0, Math.min(100, base + v)) * 10) / 10;
    return t("mon.as.adjustPreview", {
      base: points(base),
      sign: v < 0 ? "−" : "+",
      points: Math.abs(v),
      score: points(score),
    });
  };
  const adjust = createMutation(() => ({
    mutationFn: () =>
      api.monitor.assessment.adjust.mutate({
        year: props.year,
        communityId: props.line.id,
        points: value(),
        adjustmentReason: reason().trim(),
      }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: queryKey(props.year) }),
        qc.invalidateQueries({ queryKey: ["audit.list"] }),
      ]);
      props.onDone(note("mon.as.adjustSaved", { name: props.line.name }));
    },
  }));
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const v = value();
    const bad: Record<string, string> = {};
    if (!Number.isFinite(v) || Math.abs(v) > props.max) bad.points = t("mon.as.adjustBadPoints", { max: props.max });
    if (v !== 0 && reason().trim().length < MIN_ADJUSTMENT_REASON) bad.adjustmentReason = t("mon.as.adjustNeedReason");
    else if (hasPersonalNumber(reason())) bad.adjustmentReason = t("mon.as.adjustNoNumbers");
    if (Object.keys(bad).length) return errors.setFields(bad);
    adjust.mutate();
  };
  return (
    <Dialog title={t("mon.as.adjustTitle", { name: props.line.name })} onClose={props.onClose}>
      <form class="form" novalidate onSubmit={submit}>
        <FormAlert errors={errors} />
        <Field
          id="mon-adj-points"
          label={t("mon.as.adjustPoints", { max: props.max })}
          hint={t("mon.as.adjustPointsHint")}
          error={errors.field("points")}
        >
          <input
            id="mon-adj-points"
            name="points"
            type="number"
            inputmode="decimal"
            min={-props.max}
            max={props.max}
            step="0.5"
            value={pts()}
            onInput={(e) => setPts(e.currentTarget.value)}
            {...fieldAria("mon-adj-points", errors.field("points"), true)}
          />
        </Field>
        <Field
          id="mon-adj-reason"
          label={t("mon.as.adjustReason")}
          hint={t("mon.as.adjustReasonHint")}
          error={errors.field("adjustmentReason")}
        >
          <textarea
            id="mon-adj-reason"
            name="adjustmentReason"
            class="mon-note"
            rows={3}
            maxLength={500}
            value={reason()}
            onInput={(e) => setReason(e.currentTarget.value)}
            {...fieldAria("mon-adj-reason", errors.field("adjustmentReason"), true)}
          />
        </Field>
        <Show when={preview()}>
          <p class="banner banner-info" role="status" data-testid="adjust-preview">
            {preview()}
          </p>
        </Show>
        <p class="meta">{t("mon.as.adjustAudit")}</p>
        <div class="btn-row dialog-actions">
          <button type="button" class="btn" onClick={props.onClose}>
            {t("action.cancel")}
          </button>
          <button
            type="submit"
            class="btn btn-primary"
            data-testid="adjust-confirm"
            disabled={adjust.isPending}
            aria-busy={adjust.isPending ? "true" : undefined}
          >
            {t("mon.as.adjustSubmit")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Publish the finished year: only a street admin, only after the year ended, only after confirming. */
function Publish(props: { data: Data; isAdmin: boolean; count: number; onDone: (n: Note) => void }) {
  const qc = useQueryClient();
  const [asking, setAsking] = createSignal(false);
  const errors = createFormErrors();
  const why = () =>
    !props.isAdmin
      ? t("mon.as.publishReadOnly")
      : !props.data.yearOver
        ? t("mon.as.publishNotYet", { year: props.data.year })
        : "";
  const publish = createMutation(() => ({
    mutationFn: () => api.monitor.assessment.publish.mutate({ year: props.data.year }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: queryKey(props.data.year) }),
        qc.invalidateQueries({ queryKey: ["monitor.publicAssessment"] }),
        qc.invalidateQueries({ queryKey: ["audit.list"] }),
      ]);
      props.onDone(note("mon.as.publishDone", { year: props.data.year }));
    },
  }));
  return (
    <div class="no-print">
      <div class="btn-row">
        <button
          type="button"
          class="btn btn-danger"
          data-action="publish"
          disabled={!!why() || publish.isPending}
          aria-describedby={why() ? "mon-publish-why" : undefined}
          aria-haspopup="dialog"
          onClick={() => setAsking(true)}
        >
          {t("mon.as.publish")}
        </button>
      </div>
      <Show when={why()}>
        <p id="mon-publish-why" class="meta" data-testid="publish-why">
          {why()}
        </p>
      </Show>
      <FormAlert errors={errors} />
      <Show when={asking()}>
        <ConfirmDialog
          title={t("mon.as.publishTitle", { year: props.data.year })}
          message={<p>{t("mon.as.publishMessage", { n: props.count })}</p>}
          danger
          busy={publish.isPending}
          confirmLabel={t("mon.as.publishConfirm")}
          testid="publish-confirm"
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            publish.mutate();
          }}
        />
      </Show>
    </div>
  );
}
