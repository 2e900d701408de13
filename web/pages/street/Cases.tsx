import "../../styles/cases-console.css";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createEffect, createSignal, For, Show } from "solid-js";
import { useSearchParams } from "@solidjs/router";
import { createStore } from "solid-js/store";
import { CASE_KINDS, type CaseKind } from "../../../shared/rules/cases";
import { categoryLabel, ColourBadge, kindLabel, stageLabel } from "../../components/cases/CaseConsoleBits";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";
import { CaseDetail } from "../admin/Case";
import { useConsoleUser } from "../../components/console/user";
import { createFormErrors, FormAlert } from "../../components/console/Field";

type Street = Awaited<ReturnType<typeof api.cases.street.query>>;
type Figures = Street["communities"][number];

const pct = (n: number | null, of: number) =>
  n === null ? t("casec.streetPage.none") : `${n}%${t("casec.streetPage.ofN", { n: of })}`;

/**
 * /street/cases: each community's figures and the red and escalated cases. Street roles have no
 * /admin console, so a case opens inline below its row (read-only, or take over / send back).
 */
export default function StreetCases() {
  const query = createQuery(() => ({ queryKey: ["cases.street"], queryFn: () => api.cases.street.query() }));
  // An alert links here with ?case= to open that case below the list.
  const [search] = useSearchParams<{ case?: string }>();
  const [open, setOpen] = createSignal<string | null>(search.case ?? null);
  return (
    <div class="console-page casec-page">
      <h1>{t("casec.streetPage.title")}</h1>
      <p class="muted">{t("casec.streetPage.intro")}</p>
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          {(data) => (
            <>
              <section class="card" aria-labelledby="casec-flagged-h" data-testid="street-cases-flagged">
                <h2 id="casec-flagged-h">{t("casec.streetPage.flagged")}</h2>
                <Show when={data().flagged.length} fallback={<Empty>{t("casec.streetPage.noFlagged")}</Empty>}>
                  <div class="table-wrap">
                    <table class="table table-stack casec-table">
                      <thead>
                        <tr>
                          <th scope="col">{t("casec.col.community")}</th>
                          <th scope="col">{t("casec.col.case")}</th>
                          <th scope="col">{t("casec.col.stage")}</th>
                          <th scope="col">{t("casec.col.due")}</th>
                          <th scope="col">
                            <span class="sr-only">{t("casec.streetPage.open")}</span>
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={data().flagged}>
                          {(c) => (
                            <tr
                              data-testid="street-case-row"
                              data-case-id={c.id}
                              data-colour={c.colour}
                              data-escalated={c.escalatedAt ? "true" : "false"}
                            >
                              <td data-label={t("casec.col.community")}>{c.communityName}</td>
                              <td data-label={t("casec.col.case")}>
                                <strong>
                                  {kindLabel(c.kind)} · {categoryLabel(c.category)}
                                </strong>
                                <div class="meta casec-desc">{c.description}</div>
                                <div class="meta">
                                  {c.gridName ?? t("casec.noGrid")} · {c.assigneeName ?? t("casec.unassigned")}
                                </div>
                              </td>
                              <td data-label={t("casec.col.stage")}>
                                {stageLabel(c.status)} <ColourBadge colour={c.colour} />{" "}
                                <Show when={c.escalatedAt}>
                                  <span class="badge badge-bad">
                                    {c.streetHolds ? t("casec.streetHolds") : t("casec.escalated")}
                                  </span>
                                </Show>
                              </td>
                              <td data-label={t("casec.col.due")} class="nowrap">
                                {formatDateTime(c.stageDueAt)}
                              </td>
                              <td>
                                <button
                                  type="button"
                                  class="btn btn-small"
                                  data-testid="street-case-open"
                                  aria-expanded={open() === c.id ? "true" : "false"}
                                  onClick={() => setOpen(open() === c.id ? null : c.id)}
                                >
                                  {open() === c.id ? t("casec.streetPage.hide") : t("casec.streetPage.open")}
                                </button>
                              </td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </Show>
              </section>
              <Show when={open()} keyed>
                {(id) => (
                  <section class="card casec-inline-case" aria-label={t("casec.details")}>
                    <div class="btn-row">
                      <button type="button" class="btn btn-small" onClick={() => setOpen(null)}>
                        {t("casec.streetPage.hide")}
                      </button>
                    </div>
                    <CaseDetail id={id} inline />
                  </section>
                )}
              </Show>
              <LimitSettings />
              <section class="card" aria-labelledby="casec-figures-h" data-testid="street-cases-figures">
                <h2 id="casec-figures-h">{t("casec.streetPage.figures")}</h2>
                <Show when={data().communities.length} fallback={<Empty>{t("casec.streetPage.noCommunities")}</Empty>}>
                  <For each={data().communities}>{(c) => <CommunityFigures c={c} />}</For>
                </Show>
              </section>
            </>
          )}
        </Show>
      </Show>
    </div>
  );
}

function CommunityFigures(props: { c: Figures }) {
  const months = () => [...new Set(props.c.byMonth.map((r) => r.month))].sort();
  const n = (month: string, kind: string) => props.c.byMonth.find((r) => r.month === month && r.kind === kind)?.n ?? 0;
  return (
    <article class="casec-community" data-testid="street-case-community" data-community={props.c.slug}>
      <h3>{props.c.name}</h3>
      <ul class="adm-meta casec-figures">
        <li>
          {t("casec.streetPage.inTime")}：<strong>{pct(props.c.closedInTimePct, props.c.closed)}</strong>
        </li>
        <li>
          {t("casec.streetPage.mediation")}：<strong>{pct(props.c.mediationSuccessPct, props.c.mediations)}</strong>
        </li>
        <li>
          {t("casec.streetPage.rating")}：
          <strong>
            {props.c.averageRating === null
              ? t("casec.streetPage.none")
              : `${props.c.averageRating}/5${t("casec.streetPage.ofN", { n: props.c.ratings })}`}
          </strong>
        </li>
      </ul>
      <Show when={months().length} fallback={<p class="muted">{t("casec.streetPage.noCases")}</p>}>
        <div class="table-wrap">
          <table class="table casec-month-table">
            <thead>
              <tr>
                <th scope="col">{t("casec.streetPage.month")}</th>
                <For each={[...CASE_KINDS]}>{(k) => <th scope="col">{kindLabel(k)}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={months()}>
                {(m) => (
                  <tr>
                    <th scope="row">{m}</th>
                    <For each={[...CASE_KINDS]}>{(k) => <td>{n(m, k)}</td>}</For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </article>
  );
}

type Limits = Record<CaseKind, Record<"accept" | "handle" | "verify", number>>;
const STAGES = ["accept", "handle", "verify"] as const;

/**
 * The street office's time limits (days per kind and stage), calendar or working days, and when a
 * case turns yellow. Street admins edit them; viewers read them.
 */
function LimitSettings() {
  const user = useConsoleUser();
  const qc = useQueryClient();
  const errors = createFormErrors();
  const settings = createQuery(() => ({ queryKey: ["cases.settings"], queryFn: () => api.cases.settings.query() }));
  const [draft, setDraft] = createStore<{ limits: Limits | null; workingDays: boolean; yellowAt: number }>({
    limits: null,
    workingDays: false,
    yellowAt: 0.75,
  });
  const [saved, setSaved] = createSignal(false);
  createEffect(() => {
    const d = settings.data;
    if (d && !draft.limits)
      setDraft({ limits: structuredClone(d.limits) as Limits, workingDays: d.workingDays, yellowAt: d.yellowAt });
  });
  const editable = () => user().role === "street_admin";
  const save = createMutation(() => ({
    mutationFn: () =>
      api.cases.updateSettings.mutate({
        limits: draft.limits!,
        workingDays: draft.workingDays,
        yellowAt: draft.yellowAt,
      }),
    onMutate: () => {
      errors.clear();
      setSaved(false);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      setSaved(true);
      await qc.invalidateQueries({ queryKey: ["cases.settings"] });
    },
  }));
  return (
    <section class="card" aria-labelledby="casec-limits-h" data-testid="street-case-limits">
      <h2 id="casec-limits-h">{t("casec.limits.title")}</h2>
      <p class="meta">{t("casec.limits.intro")}</p>
      <Show when={draft.limits} fallback={<Loading />}>
        {(limits) => (
          <form
            class="form"
            novalidate
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate();
            }}
          >
            <FormAlert errors={errors} />
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">{t("casec.col.kind")}</th>
                    <For each={STAGES}>{(st) => <th scope="col">{stageLabel(st)}</th>}</For>
                  </tr>
                </thead>
                <tbody>
                  <For each={CASE_KINDS}>
                    {(kind) => (
                      <tr>
                        <th scope="row">{kindLabel(kind)}</th>
                        <For each={STAGES}>
                          {(st) => (
                            <td>
                              <input
                                type="number"
                                min={1}
                                max={90}
                                inputmode="numeric"
                                class="casec-days"
                                data-testid={`limit-${kind}-${st}`}
                                aria-label={t("casec.limits.cell", { kind: kindLabel(kind), stage: stageLabel(st) })}
                                disabled={!editable()}
                                value={limits()[kind][st]}
                                onInput={(e) =>
                                  setDraft("limits", kind as CaseKind, st, Number(e.currentTarget.value) || 1)
                                }
                              />
                            </td>
                          )}
                        </For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <label class="check">
              <input
                type="checkbox"
                data-testid="limit-working-days"
                disabled={!editable()}
                checked={draft.workingDays}
                onChange={(e) => setDraft("workingDays", e.currentTarget.checked)}
              />{" "}
              {t("casec.limits.workingDays")}
            </label>
            <label class="field">
              <span>{t("casec.limits.yellowAt")}</span>
              <select
                data-testid="limit-yellow-at"
                disabled={!editable()}
                value={String(draft.yellowAt)}
                onChange={(e) => setDraft("yellowAt", Number(e.currentTarget.value))}
              >
                <For each={[0.5, 0.6, 0.75, 0.9]}>
                  {(v) => <option value={String(v)}>{Math.round(v * 100)}%</option>}
                </For>
              </select>
            </label>
            <Show when={editable()}>
              <div class="btn-row">
                <button type="submit" class="btn btn-primary" data-testid="limit-save" disabled={save.isPending}>
                  {t("action.save")}
                </button>
                <Show when={saved()}>
                  <span role="status" class="meta">
                    {t("casec.limits.saved")}
                  </span>
                </Show>
              </div>
            </Show>
          </form>
        )}
      </Show>
    </section>
  );
}
