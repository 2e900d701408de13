import "../../styles/monitor.css";
import { A, useLocation, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { For, lazy, onMount, Show, Suspense, type JSX } from "solid-js";
import { lightOf, type IndicatorKey } from "../../../shared/rules/monitor";
import { categoryLabel, kindLabel } from "../../components/cases/CaseConsoleBits";
import {
  groupName,
  GROUPS,
  indicatorExplain,
  indicatorName,
  LightValue,
  thresholdText,
} from "../../components/monitor/common";
import { ErrorBox, Loading } from "../../components/States";
import { lang, t, type Key } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { longDate, periodLabel } from "../../lib/period";
import { api } from "../../lib/trpc";

const MonthChart = lazy(() => import("../../components/monitor/MonthChart"));

type Detail = Awaited<ReturnType<typeof api.monitor.community.query>>;
type Community = Detail["community"];

/** The rates that make sense month by month (counts of what is open now have no history). */
const TREND: IndicatorKey[] = [
  "disclosureOnTimePct",
  "casesInTimePct",
  "satisfaction",
  "meetingsQuoratePct",
  "voteTurnoutPct",
  "mediationSuccessPct",
  "volunteerHoursPer100",
  "patrolFilledPct",
];

const pctText = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : "—");

/**
 * /street/communities/:id/monitor: one community's indicators with their lights, the monthly
 * trend of its rates, and the records behind each number, each linked to where it lives.
 */
export default function MonitorCommunity() {
  const params = useParams<{ id: string }>();
  const query = createQuery(() => ({
    queryKey: ["monitor.community", params.id],
    queryFn: () => api.monitor.community.query({ communityId: params.id }),
  }));
  return (
    <div class="console-page mon-page">
      <p class="back-link">
        <A href="/street">{t("mon.cm.back")}</A>
      </p>
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          {(data) => <DetailView data={data()} />}
        </Show>
      </Show>
    </div>
  );
}

function DetailView(props: { data: Detail }) {
  const c = () => props.data.community;
  const pub = () => `/${c().streetSlug}/${c().slug}`;
  // An alert links to a list here (#overdue, #queries, #required): show it once the data is in.
  const location = useLocation();
  onMount(() => {
    const id = location.hash.slice(1);
    if (id) requestAnimationFrame(() => document.getElementById(id)?.scrollIntoView({ block: "start" }));
  });
  return (
    <>
      <div class="page-head">
        <h1 data-testid="monitor-title">{t("mon.cm.title", { name: c().name })}</h1>
        <A href={pub()} class="btn btn-small">
          {t("mon.cm.public")}
        </A>
      </div>
      <p class="meta">
        {t(`kind.${c().kind}` as Key)} · {t("mon.cm.residents", { n: c().residents })} ·{" "}
        {t("mon.ov.window", { day: longDate(props.data.snapshotThrough, lang()) })}
      </p>

      <section class="card" aria-labelledby="mon-ind-h">
        <h2 id="mon-ind-h">{t("mon.cm.indicators")}</h2>
        <For each={GROUPS}>
          {(g) => (
            <div class="mon-ind-group">
              <h3>{groupName(g.id)}</h3>
              <ul class="mon-ind-grid">
                <For each={g.keys}>{(k) => <IndicatorCard c={c()} ind={k} />}</For>
              </ul>
            </div>
          )}
        </For>
      </section>

      <section class="card" aria-labelledby="mon-trend-h">
        <h2 id="mon-trend-h">{t("mon.cm.trend")}</h2>
        <p class="meta">{t("mon.cm.trendNote")}</p>
        <Suspense fallback={<Loading />}>
          <div class="mon-charts">
            <For each={TREND}>
              {(k) => (
                <MonthChart ind={k} points={props.data.trend.map((m) => ({ month: m.month, value: m.values[k] }))} />
              )}
            </For>
          </div>
        </Suspense>
      </section>

      <Overdue c={c()} base={pub()} />
      <Disclosures data={props.data} base={pub()} />
      <Queries data={props.data} base={pub()} />
      <Flagged data={props.data} />
      <Required c={c()} />
      <Meetings data={props.data} base={pub()} />
      <Votes data={props.data} base={pub()} />
      <LateCases data={props.data} />
    </>
  );
}

function IndicatorCard(props: { c: Community; ind: IndicatorKey }) {
  const value = () => props.c.values[props.ind];
  const extra = () => {
    if (props.ind === "satisfaction") return t("mon.ratings", { n: props.c.counts.ratings });
    const kind = props.ind === "overdueFinance" ? "finance" : props.ind === "overdueNotices" ? "general" : null;
    const late = kind ? Math.max(0, ...props.c.overdue.filter((o) => o.kind === kind).map((o) => o.daysLate)) : 0;
    return late ? t("mon.maxLate", { n: late }) : "";
  };
  return (
    <li class={`mon-ind mon-ind-${lightOf(props.ind, value()) ?? "none"}`} data-ind={props.ind}>
      <div class="mon-ind-name">{indicatorName(props.ind)}</div>
      <div class="mon-ind-value">
        <LightValue ind={props.ind} value={value()} />
        <Show when={extra()}>
          <span class="mon-sub">{extra()}</span>
        </Show>
      </div>
      <p class="meta">{thresholdText(props.ind)}</p>
      <p class="meta">{indicatorExplain(props.ind)}</p>
    </li>
  );
}

/** A card with a heading and a list, or the empty line. */
function ListCard(props: { id: string; title: string; count: number; empty: string; children: JSX.Element }) {
  return (
    <section class="card" id={props.id} aria-labelledby={`${props.id}-h`} data-testid={`monitor-${props.id}`}>
      <h2 id={`${props.id}-h`}>
        {props.title}
        <Show when={props.count}>
          <span class="muted"> ({props.count})</span>
        </Show>
      </h2>
      <Show when={props.count} fallback={<p class="muted">{props.empty}</p>}>
        <ul class="mon-list">{props.children}</ul>
      </Show>
    </section>
  );
}

function Overdue(props: { c: Community; base: string }) {
  return (
    <ListCard id="overdue" title={t("mon.cm.overdue")} count={props.c.overdue.length} empty={t("mon.cm.overdueNone")}>
      <For each={[...props.c.overdue].sort((a, b) => b.daysLate - a.daysLate)}>
        {(o) => (
          <li data-period={o.period} data-kind={o.kind}>
            <span class="mon-grow">
              <strong>{periodLabel(o.period, lang())}</strong> <span class="mono muted">{o.period}</span> ·{" "}
              {t(`mon.cm.overdue.${o.kind}` as Key)}
            </span>
            <span class="badge badge-bad" data-testid="days-late">
              {t("mon.daysLate", { n: o.daysLate })}
            </span>
            <span class="meta nowrap">{t("mon.cm.dueOn", { date: longDate(o.dueOn, lang()) })}</span>
            <A href={o.kind === "finance" ? `${props.base}/finance/${o.period}` : `${props.base}/notices`}>
              {o.kind === "finance" ? t("mon.cm.viewPeriod") : t("mon.cm.viewNotices")}
            </A>
          </li>
        )}
      </For>
    </ListCard>
  );
}

const STATE_BADGE = { on_time: "badge-ok", late: "badge-warn", overdue: "badge-bad" } as const;

/** Every disclosure due in the last year and how it went: the list behind "disclosed on time". */
function Disclosures(props: { data: Detail; base: string }) {
  return (
    <ListCard
      id="disclosures"
      title={t("mon.cm.disclosures")}
      count={props.data.disclosures.length}
      empty={t("mon.cm.disclosuresNone")}
    >
      <For each={props.data.disclosures}>
        {(d) => (
          <li data-period={d.period} data-kind={d.kind} data-state={d.state}>
            <span class="mon-grow">
              <strong>{periodLabel(d.period, lang())}</strong> <span class="mono muted">{d.period}</span> ·{" "}
              {t(`mon.cm.overdue.${d.kind}` as Key)}
            </span>
            <span class={`badge ${STATE_BADGE[d.state as keyof typeof STATE_BADGE] ?? "badge-muted"}`}>
              {t(`mon.cm.state.${d.state}` as Key, { n: d.daysLate })}
            </span>
            <span class="meta nowrap">
              {t("mon.cm.dueOn", { date: longDate(d.dueOn, lang()) })}
              <Show when={d.doneAt}>{(at) => ` · ${t("mon.cm.doneOn", { date: formatDate(at()) })}`}</Show>
            </span>
            <A href={d.kind === "finance" ? `${props.base}/finance/${d.period}` : `${props.base}/notices`}>
              {d.kind === "finance" ? t("mon.cm.viewPeriod") : t("mon.cm.viewNotices")}
            </A>
          </li>
        )}
      </For>
    </ListCard>
  );
}

function Queries(props: { data: Detail; base: string }) {
  return (
    <ListCard
      id="queries"
      title={t("mon.cm.queries")}
      count={props.data.queries.length}
      empty={t("mon.cm.queriesNone")}
    >
      <For each={props.data.queries}>
        {(q) => (
          <li data-query-id={q.id}>
            <span class="badge badge-warn">{t(`mon.cm.query.${q.kind}` as Key)}</span>
            <span class="mon-grow">
              <A href={`${props.base}/notices/${encodeURIComponent(q.noticeId)}`}>{q.noticeTitle}</A>
            </span>
            <span class="meta nowrap">{t("mon.cm.raisedOn", { date: formatDate(q.createdAt) })}</span>
          </li>
        )}
      </For>
    </ListCard>
  );
}

function Flagged(props: { data: Detail }) {
  return (
    <ListCard id="cases" title={t("mon.cm.flagged")} count={props.data.flagged.length} empty={t("mon.cm.flaggedNone")}>
      <For each={props.data.flagged}>
        {(c) => (
          <li data-case-id={c.id}>
            <span class="mon-grow">
              <strong>
                {kindLabel(c.kind)} · {categoryLabel(c.category)}
              </strong>
              <div class="mon-quote">{c.description}</div>
            </span>
            <Show when={c.stageDueAt !== null && c.stageDueAt < Date.now()}>
              <span class="badge badge-bad">■ {t("mon.light.red")}</span>
            </Show>
            <Show when={c.escalatedAt}>
              {(at) => <span class="badge badge-bad">{t("mon.cm.escalatedOn", { at: formatDate(at()) })}</span>}
            </Show>
            <span class="meta nowrap">{t("mon.cm.stageDue", { at: formatDateTime(c.stageDueAt) })}</span>
            <A href="/street/cases">{t("mon.cm.toCases")}</A>
          </li>
        )}
      </For>
    </ListCard>
  );
}

function Required(props: { c: Community }) {
  return (
    <ListCard
      id="required"
      title={t("mon.cm.required")}
      count={props.c.required.length}
      empty={t("mon.cm.requiredNone")}
    >
      <For each={props.c.required}>
        {(r) => {
          const light = () => lightOf("meetingsRequiredPct", r.due ? (r.met / r.due) * 100 : null);
          return (
            <li data-meeting-kind={r.kind}>
              <span class="mon-grow">
                <strong>{t(`mtg.kind.${r.kind}` as Key)}</strong>
                <div class="meta">{t("mon.cm.requiredLine", { n: r.everyMonths, due: r.due, met: r.met })}</div>
              </span>
              <Show when={light()}>
                {(l) => (
                  <span class={`mon-val mon-light-${l()}`}>
                    {r.met} / {r.due}
                  </span>
                )}
              </Show>
              <span class="meta nowrap">
                {r.lastHeldAt ? t("mon.cm.lastHeld", { date: formatDate(r.lastHeldAt) }) : t("mon.cm.neverHeld")}
              </span>
              <Show when={r.missedUntil}>
                {(at) => <span class="meta nowrap">{t("mon.cm.missedUntil", { date: formatDate(at()) })}</span>}
              </Show>
            </li>
          );
        }}
      </For>
    </ListCard>
  );
}

function Meetings(props: { data: Detail; base: string }) {
  return (
    <ListCard
      id="meetings"
      title={t("mon.cm.meetings")}
      count={props.data.meetings.length}
      empty={t("mon.cm.meetingsNone")}
    >
      <For each={props.data.meetings}>
        {(m) => {
          const quorate = () => m.quorumNeeded === null || (m.present ?? 0) >= m.quorumNeeded;
          return (
            <li data-meeting-id={m.id}>
              <span class="mon-grow">
                <A href={`${props.base}/meetings/${encodeURIComponent(m.id)}`}>{m.title}</A>
                <div class="meta">
                  {t(`mtg.kind.${m.kind}` as Key)} · {formatDate(m.startsAt)}
                </div>
              </span>
              <Show when={m.quorumNeeded !== null}>
                <span class="meta nowrap">
                  {t("mon.cm.present", { present: m.present ?? 0, needed: m.quorumNeeded ?? 0 })}
                </span>
                <span class={quorate() ? "badge badge-ok" : "badge badge-bad"}>
                  {quorate() ? t("mon.cm.quorate") : t("mon.cm.notQuorate")}
                </span>
              </Show>
            </li>
          );
        }}
      </For>
    </ListCard>
  );
}

function Votes(props: { data: Detail; base: string }) {
  return (
    <ListCard id="votes" title={t("mon.cm.votes")} count={props.data.votes.length} empty={t("mon.cm.votesNone")}>
      <For each={props.data.votes}>
        {(v) => {
          const cast = () => Number(v.cast ?? 0);
          const eligible = () => Number(v.eligible ?? 0);
          const turnout = () => (eligible() ? (cast() / eligible()) * 100 : null);
          return (
            <li data-poll-id={v.id}>
              <span class="mon-grow">
                <A href={`${props.base}/polls/${encodeURIComponent(v.id)}`}>{v.title}</A>
                <div class="meta">{formatDate(v.closedAt)}</div>
              </span>
              <span class={`mon-val mon-light-${lightOf("voteTurnoutPct", turnout()) ?? "none"}`}>
                {t("mon.cm.turnout", { cast: cast(), eligible: eligible(), pct: pctText(cast(), eligible()) })}
              </span>
            </li>
          );
        }}
      </For>
    </ListCard>
  );
}

function LateCases(props: { data: Detail }) {
  return (
    <ListCard
      id="late"
      title={t("mon.cm.lateCases")}
      count={props.data.lateCases.length}
      empty={t("mon.cm.lateCasesNone")}
    >
      <For each={props.data.lateCases}>
        {(c) => (
          <li data-case-id={c.id}>
            <span class="mon-grow">
              <strong>
                {kindLabel(c.kind)} · {categoryLabel(c.category)}
              </strong>
            </span>
            <Show when={c.lateAt}>
              {(at) => <span class="meta nowrap">{t("mon.cm.lateSince", { date: formatDate(at()) })}</span>}
            </Show>
            <span class="meta nowrap">{t("mon.cm.closedOn", { date: formatDate(c.closedAt) })}</span>
            <Show when={c.rating}>{(n) => <span class="meta nowrap">{t("mon.cm.rating", { n: n() })}</span>}</Show>
          </li>
        )}
      </For>
    </ListCard>
  );
}
