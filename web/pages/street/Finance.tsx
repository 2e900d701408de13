import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show, type Accessor, type JSX } from "solid-js";
import type { DeadlineState, Frequency } from "../../../shared/rules/finance";
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
import { DeadlineBadge, periodName, PeriodStatusBadge } from "../../components/finance/ConsoleFinanceBits";
import { ErrorBox, Loading } from "../../components/States";
import { lang, t, type Key } from "../../i18n";
import { longDate } from "../../lib/period";
import { api } from "../../lib/trpc";

type Overdue = Awaited<ReturnType<typeof api.finance.overdue.query>>;
type Item = Overdue[number]["attention"][number];
type Settings = Awaited<ReturnType<typeof api.finance.settings.query>>;

/** How bad an item is: overdue (the longer the worse), due soon, due, published late. */
function severity(a: { state: DeadlineState; daysLate: number }): number {
  switch (a.state) {
    case "overdue":
      return 10_000 + a.daysLate;
    case "due_soon":
      return 5_000;
    case "due":
      return 1_000;
    case "late":
      return a.daysLate;
    default:
      return 0;
  }
}

const freqName = (f: Frequency) => t(`fin.freq.${f}` as Key);

/**
 * Loading, error, or the data. Unlike QueryView the child is created once and then follows the
 * data, so a refetch after a save keeps the card's own state (its success note).
 */
function Loaded<T>(props: {
  query: { isPending: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  children: (data: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  return (
    <Show when={!props.query.isPending} fallback={<Loading />}>
      <Show
        when={props.query.data}
        fallback={<ErrorBox error={props.query.error} retry={() => props.query.refetch()} />}
      >
        {(data) => props.children(data)}
      </Show>
    </Show>
  );
}

/** /street/finance: every community's disclosure against its deadlines, worst first; the street's settings. */
export default function StreetFinance() {
  const overdue = createQuery(() => ({ queryKey: ["finance.overdue"], queryFn: () => api.finance.overdue.query() }));
  const settings = createQuery(() => ({ queryKey: ["finance.settings"], queryFn: () => api.finance.settings.query() }));
  return (
    <div class="console-page fin-page">
      <h1>{t("fin.street.title")}</h1>
      <p class="muted">{t("fin.street.intro")}</p>
      <Loaded query={overdue}>{(data) => <OverdueTable data={data()} />}</Loaded>
      <Loaded query={settings}>{(data) => <SettingsCard data={data()} />}</Loaded>
    </div>
  );
}

function OverdueTable(props: { data: Overdue }) {
  const user = useConsoleUser();
  const street = () => user().street?.slug ?? "";
  const rows = () =>
    props.data
      .map((c) => {
        const attention = [...c.attention].sort(
          (a, b) => severity(b) - severity(a) || a.period.localeCompare(b.period),
        );
        return { ...c, attention, worst: attention.length ? severity(attention[0]) : -1 };
      })
      .sort((a, b) => b.worst - a.worst);
  const bad = () => props.data.filter((c) => c.attention.some((a) => a.state === "overdue")).length;
  const warn = () =>
    props.data.filter(
      (c) => !c.attention.some((a) => a.state === "overdue") && c.attention.some((a) => a.state === "due_soon"),
    ).length;
  return (
    <section class="card" aria-labelledby="fin-street-h">
      <h2 id="fin-street-h" class="sr-only">
        {t("fin.street.title")}
      </h2>
      <p
        class={`banner ${bad() ? "banner-bad" : warn() ? "banner-warn" : "banner-ok"}`}
        data-testid="fin-street-summary"
      >
        {bad() || warn() ? t("fin.street.summary", { bad: bad(), warn: warn() }) : t("fin.street.allGoodNote")}
      </p>
      <div class="table-wrap">
        <table class="table table-stack fin-street" data-testid="fin-street">
          <thead>
            <tr>
              <th scope="col">{t("fin.street.col.community")}</th>
              <th scope="col">{t("fin.street.col.frequency")}</th>
              <th scope="col">{t("fin.street.col.attention")}</th>
              <th scope="col">{t("fin.street.col.links")}</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(c) => (
                <tr data-community={c.slug}>
                  <td data-label={t("fin.street.col.community")}>
                    <strong>{c.name}</strong> <span class="muted">{t(`kind.${c.kind}` as Key)}</span>
                  </td>
                  <td data-label={t("fin.street.col.frequency")}>{freqName(c.frequency)}</td>
                  <td data-label={t("fin.street.col.attention")}>
                    <Show
                      when={c.attention.length}
                      fallback={<span class="badge badge-ok">{t("fin.street.allGood")}</span>}
                    >
                      <ul class="fin-attention">
                        <For each={c.attention}>{(a) => <AttentionItem item={a} />}</For>
                      </ul>
                    </Show>
                  </td>
                  <td data-label={t("fin.street.col.links")}>
                    <a href={`/${street()}/${c.slug}/finance`}>{t("fin.street.public")}</a>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}

function AttentionItem(props: { item: Item }) {
  const a = () => props.item;
  return (
    <li data-period={a().period} data-state={a().state} data-status={a().status}>
      <strong>{periodName(a().period)}</strong>{" "}
      <Show when={a().status !== "missing"} fallback={<span class="badge badge-bad">{t("fin.street.missing")}</span>}>
        <PeriodStatusBadge status={a().status as Exclude<Item["status"], "missing">} />
      </Show>{" "}
      <DeadlineBadge state={a().state} daysLate={a().daysLate} />{" "}
      <span class="muted nowrap">{t("fin.street.dueOn", { date: longDate(a().dueOn, lang()) })}</span>
    </li>
  );
}

function SettingsCard(props: { data: Settings }) {
  const user = useConsoleUser();
  const qc = useQueryClient();
  const canEdit = () => user().role === "street_admin";
  const errors = createFormErrors();
  const [done, setDone] = createSignal<Note | null>(null);
  const [urban, setUrban] = createSignal<Frequency>(props.data.urban.frequency);
  const [village, setVillage] = createSignal<Frequency>(props.data.village.frequency);
  const [days, setDays] = createSignal(String(props.data.urban.deadlineDays));
  const save = createMutation(() => ({
    mutationFn: (input: { urbanFrequency: Frequency; villageFrequency: Frequency; deadlineDays: number }) =>
      api.finance.updateSettings.mutate(input),
    onMutate: () => {
      errors.clear();
      setDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["finance.settings"] }),
        qc.invalidateQueries({ queryKey: ["finance.overdue"] }),
        qc.invalidateQueries({ queryKey: ["finance.periods"] }),
      ]);
      setDone(note("fin.settings.saved"));
    },
  }));
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const n = Number(days());
    if (!/^\d+$/.test(days().trim()) || n < 1 || n > 60)
      return errors.setFields({ deadlineDays: t("fin.settings.deadlineBad") });
    save.mutate({ urbanFrequency: urban(), villageFrequency: village(), deadlineDays: n });
  };
  const select = (id: string, name: string, label: string, value: () => Frequency, set: (f: Frequency) => void) => (
    <Field id={id} label={label}>
      <select id={id} name={name} value={value()} onChange={(e) => set(e.currentTarget.value as Frequency)}>
        <For each={["monthly", "quarterly"] as Frequency[]}>
          {(f) => (
            <option value={f} selected={value() === f}>
              {freqName(f)}
            </option>
          )}
        </For>
      </select>
    </Field>
  );
  return (
    <section class="card fin-settings" aria-labelledby="fin-settings-h">
      <h2 id="fin-settings-h">{t("fin.settings.title")}</h2>
      <p data-testid="fin-settings-current">
        {t("fin.settings.current", {
          urban: freqName(props.data.urban.frequency),
          village: freqName(props.data.village.frequency),
          days: props.data.urban.deadlineDays,
        })}
      </p>
      <Show when={canEdit()} fallback={<p class="muted">{t("fin.settings.readOnly")}</p>}>
        <form class="form" novalidate onSubmit={submit}>
          <FormAlert errors={errors} />
          <div class="grid grid-3">
            {select("fin-set-urban", "urbanFrequency", t("fin.settings.urban"), urban, setUrban)}
            {select("fin-set-village", "villageFrequency", t("fin.settings.village"), village, setVillage)}
            <Field
              id="fin-set-days"
              label={t("fin.settings.deadline")}
              hint={t("fin.settings.deadlineHint")}
              error={errors.field("deadlineDays")}
            >
              <input
                id="fin-set-days"
                name="deadlineDays"
                type="number"
                inputmode="numeric"
                min="1"
                max="60"
                step="1"
                value={days()}
                onInput={(e) => setDays(e.currentTarget.value)}
                {...fieldAria("fin-set-days", errors.field("deadlineDays"), true)}
              />
            </Field>
          </div>
          <div class="btn-row">
            <button
              type="submit"
              class="btn btn-primary"
              data-action="fin-settings-save"
              disabled={save.isPending}
              aria-busy={save.isPending ? "true" : undefined}
            >
              {t("fin.settings.save")}
            </button>
          </div>
        </form>
        <SuccessNote note={done()} />
      </Show>
    </section>
  );
}
