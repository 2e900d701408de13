import { A, useNavigate } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { translate } from "../../../shared/i18n/errors";
import { shanghaiDate } from "../../../shared/rules/eligibility";
import { frequencyOf, isPeriodKey, type DeadlineState } from "../../../shared/rules/finance";
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
import { AmountInput, amountProblem } from "../../components/finance/ConsoleAmountInput";
import { DeadlineBadge, Money, periodName, PeriodStatusBadge } from "../../components/finance/ConsoleFinanceBits";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { lang, t, type Key } from "../../i18n";
import { daysBetween, monthDay } from "../../lib/period";
import { api } from "../../lib/trpc";

type PeriodsData = Awaited<ReturnType<typeof api.finance.periods.query>>;

const ATTENTION: DeadlineState[] = ["overdue", "due_soon", "due"];
/** The banner names this many periods; the rest are in the lists below. */
const BANNER_ITEMS = 4;

/** /admin/finance: the community's periods against their deadlines, the ones never opened, a new period. */
export default function Finance() {
  const user = useConsoleUser();
  const communityId = () => user().community!.id;
  const query = createQuery(() => ({
    queryKey: ["finance.periods", communityId()],
    queryFn: () => api.finance.periods.query({ communityId: communityId() }),
  }));
  return (
    <div class="console-page fin-page">
      <h1>{t("fin.list.title")}</h1>
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          {(data) => <PeriodsView data={data()} communityId={communityId()} />}
        </Show>
      </Show>
    </div>
  );
}

function PeriodsView(props: { data: PeriodsData; communityId: string }) {
  const user = useConsoleUser();
  const keeper = () => user().role === "community_admin" || user().role === "community_staff";
  const d = () => props.data;
  const [done, setDone] = createSignal<Note | null>(null);
  const [openedId, setOpenedId] = createSignal<string | null>(null);

  /** Everything needing action before its deadline, worst first: overdue, then due soon, then due. */
  const attention = () =>
    [
      ...d()
        .periods.filter((p) => ATTENTION.includes(p.state))
        .map((p) => ({
          period: p.period,
          state: p.state,
          dueOn: p.dueOn,
          daysLate: p.daysLate,
          id: p.id as string | null,
        })),
      ...d()
        .missing.filter((m) => ATTENTION.includes(m.state))
        .map((m) => ({ period: m.period, state: m.state, dueOn: m.dueOn, daysLate: m.daysLate, id: null })),
    ].sort((a, b) => ATTENTION.indexOf(a.state) - ATTENTION.indexOf(b.state) || b.daysLate - a.daysLate);

  const bannerText = (a: ReturnType<typeof attention>[number]) => {
    const period = t("fin.banner.period", { label: periodName(a.period), key: a.period });
    const date = monthDay(a.dueOn, lang());
    if (a.state === "overdue")
      return t(a.id ? "fin.banner.overdue" : "fin.banner.missingOverdue", { period, n: a.daysLate, date });
    if (!a.id) return t("fin.banner.missingDue", { period, date });
    const left = daysBetween(shanghaiDate(Date.now()), a.dueOn);
    if (a.state === "due_soon")
      return left <= 0
        ? t("fin.banner.dueToday", { period, date })
        : t("fin.banner.dueSoon", { period, date, n: left });
    return t("fin.banner.due", { period, date });
  };

  return (
    <>
      <Show when={attention().length}>
        <div
          class={`banner fin-deadline-banner ${attention().some((a) => a.state === "overdue") ? "banner-bad" : attention().some((a) => a.state === "due_soon") ? "banner-warn" : "banner-info"}`}
          role="alert"
          data-testid="fin-deadline-banner"
        >
          <ul class="fin-banner-list">
            <For each={attention().slice(0, BANNER_ITEMS)}>
              {(a) => (
                <li data-period={a.period} data-state={a.state}>
                  <strong>
                    <Show when={a.id} fallback={bannerText(a)}>
                      {(id) => <A href={`/admin/finance/${id()}`}>{bannerText(a)}</A>}
                    </Show>
                  </strong>
                </li>
              )}
            </For>
          </ul>
          <Show when={attention().length > BANNER_ITEMS}>
            <p class="fin-banner-action">{t("fin.banner.more", { n: attention().length - BANNER_ITEMS })}</p>
          </Show>
          <Show when={user().role === "community_admin"}>
            <p class="fin-banner-action">{t("fin.banner.action")}</p>
          </Show>
        </div>
      </Show>

      <p class="muted">{t("fin.list.intro")}</p>
      <p data-testid="fin-frequency">
        {t("fin.list.frequency", {
          frequency: t(`fin.freq.${d().settings.frequency}` as Key),
          days: d().settings.deadlineDays,
        })}
      </p>

      <SuccessNote note={done()} />
      <Show when={openedId()}>
        {(id) => (
          <p>
            <A href={`/admin/finance/${id()}`} class="btn btn-small">
              {t("fin.missing.go")} →
            </A>
          </p>
        )}
      </Show>

      <Show when={d().missing.length}>
        <MissingList
          data={d()}
          communityId={props.communityId}
          keeper={keeper()}
          onOpened={(period, id) => {
            setDone(note("fin.missing.opened", { period: periodName(period) }));
            setOpenedId(id);
          }}
        />
      </Show>

      <section class="card" aria-labelledby="fin-periods-h">
        <h2 id="fin-periods-h">{t("fin.list.periods")}</h2>
        <Show when={d().periods.length} fallback={<Empty>{t("fin.list.empty")}</Empty>}>
          <div class="table-wrap">
            <table class="table table-stack fin-periods" data-testid="fin-periods">
              <thead>
                <tr>
                  <th scope="col">{t("fin.col.period")}</th>
                  <th scope="col">{t("fin.col.status")}</th>
                  <th scope="col">{t("fin.col.deadline")}</th>
                  <th scope="col" class="fin-num">
                    {t("fin.col.opening")}
                  </th>
                  <th scope="col" class="fin-num">
                    {t("fin.col.closing")}
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={d().periods}>
                  {(p) => (
                    <tr data-period={p.period} data-status={p.status} data-state={p.state}>
                      <td class="fin-inline fin-period-cell" data-label={t("fin.col.period")}>
                        <A href={`/admin/finance/${p.id}`} class="fin-period-link">
                          {periodName(p.period)}
                        </A>{" "}
                        <span class="muted mono">{p.period}</span>
                      </td>
                      <td class="fin-inline" data-label={t("fin.col.status")}>
                        <PeriodStatusBadge status={p.status} />
                      </td>
                      <td class="fin-inline" data-label={t("fin.col.deadline")}>
                        <DeadlineBadge state={p.state} daysLate={p.daysLate} />{" "}
                        <span class="muted nowrap">{t("fin.list.dueOn", { date: p.dueOn })}</span>
                      </td>
                      <td class="fin-num nowrap" data-label={t("fin.col.opening")}>
                        <Money fen={p.openingBalanceFen} />
                      </td>
                      <td class="fin-num nowrap" data-label={t("fin.col.closing")}>
                        <Show
                          when={p.closingBalanceFen !== null}
                          fallback={<span class="muted">{t("fin.list.closingPending")}</span>}
                        >
                          <Money fen={p.closingBalanceFen!} />
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </section>

      <Show when={keeper()} fallback={<p class="muted">{t("fin.noRightToOpen")}</p>}>
        <NewPeriod data={d()} communityId={props.communityId} />
      </Show>
    </>
  );
}

/** Ended periods that were never opened; each can be opened here. */
function MissingList(props: {
  data: PeriodsData;
  communityId: string;
  keeper: boolean;
  onOpened: (period: string, id: string) => void;
}) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const open = createMutation(() => ({
    mutationFn: (period: string) => api.finance.openPeriod.mutate({ communityId: props.communityId, period }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (r, period) => {
      await qc.invalidateQueries({ queryKey: ["finance.periods"] });
      props.onOpened(period, r.id);
    },
  }));
  return (
    <section class="card fin-missing" aria-labelledby="fin-missing-h" data-testid="fin-missing">
      <h2 id="fin-missing-h">{t("fin.missing.title")}</h2>
      <p class="muted">{t("fin.missing.intro")}</p>
      <FormAlert errors={errors} />
      <ul class="list">
        <For each={props.data.missing}>
          {(m) => (
            <li class="fin-missing-row" data-period={m.period} data-state={m.state}>
              <span>
                <strong>{periodName(m.period)}</strong> <span class="muted mono">{m.period}</span>{" "}
                <DeadlineBadge state={m.state} daysLate={m.daysLate} />{" "}
                <span class="muted nowrap">{t("fin.list.dueOn", { date: m.dueOn })}</span>
              </span>
              <Show when={props.keeper}>
                <button
                  type="button"
                  class="btn btn-small"
                  data-action="fin-open-missing"
                  disabled={open.isPending}
                  onClick={() => open.mutate(m.period)}
                >
                  {t("fin.missing.open", { period: periodName(m.period) })}
                </button>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}

/** "新建期间": the key (prefilled with the current period) and an optional opening balance. */
function NewPeriod(props: { data: PeriodsData; communityId: string }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const errors = createFormErrors();
  const exists = (key: string) => props.data.periods.some((p) => p.period === key);
  const [period, setPeriod] = createSignal(props.data.current);
  const [opening, setOpening] = createSignal("");
  const create = createMutation(() => ({
    mutationFn: (input: { period: string; openingBalance?: string }) =>
      api.finance.openPeriod.mutate({ communityId: props.communityId, ...input }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: ["finance.periods"] });
      navigate(`/admin/finance/${r.id}`);
    },
  }));
  const frequencyName = () => t(`fin.freq.${props.data.settings.frequency}` as Key);
  const periodProblem = () => {
    const k = period().trim();
    if (!k) return null;
    if (!isPeriodKey(k)) return t("fin.new.periodBad");
    if (frequencyOf(k) !== props.data.settings.frequency)
      return t("fin.new.periodWrongFreq", { frequency: frequencyName() });
    return null;
  };
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const k = period().trim();
    const problems: Record<string, string> = {};
    const p = !k
      ? t("fin.new.periodBad")
      : (periodProblem() ?? (exists(k) ? translate("finance.periodExists", lang()) : null));
    if (p) problems.period = p;
    const o = amountProblem(opening(), { field: "openingBalance" });
    if (o) problems.openingBalance = o;
    if (Object.keys(problems).length) return errors.setFields(problems);
    create.mutate({ period: k, openingBalance: opening().trim() || undefined });
  };
  const periodError = () => periodProblem() ?? errors.field("period");
  return (
    <section class="card fin-new" aria-labelledby="fin-new-h">
      <h2 id="fin-new-h">{t("fin.new.title")}</h2>
      <form class="form" novalidate onSubmit={submit}>
        <FormAlert errors={errors} />
        <div class="grid grid-2">
          <Field
            id="fin-new-period"
            label={t("fin.new.period")}
            hint={
              isPeriodKey(period().trim())
                ? `${periodName(period().trim())}${exists(period().trim()) ? `（${t("fin.new.exists")}）` : ""} · ${t("fin.new.periodHint")}`
                : t("fin.new.periodHint")
            }
            error={periodError()}
          >
            <input
              id="fin-new-period"
              name="period"
              type="text"
              autocomplete="off"
              spellcheck={false}
              placeholder={props.data.current}
              value={period()}
              onInput={(e) => setPeriod(e.currentTarget.value)}
              {...fieldAria("fin-new-period", periodError(), true)}
            />
          </Field>
          <AmountInput
            id="fin-new-opening"
            name="openingBalance"
            label={t("fin.new.opening")}
            field="openingBalance"
            hint={t("fin.new.openingHint")}
            value={opening()}
            onInput={setOpening}
            serverError={errors.field("openingBalance")}
          />
        </div>
        <div class="btn-row">
          <button
            type="submit"
            class="btn btn-primary"
            data-action="fin-new-period"
            disabled={create.isPending}
            aria-busy={create.isPending ? "true" : undefined}
          >
            {t("fin.new.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
