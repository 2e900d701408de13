import "../../styles/monitor.css";
import "../../styles/monitor-print.css";
import { A, useSearchParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { createMemo, For, Match, Show, Switch } from "solid-js";
import { INDICATORS, lightOf, type IndicatorKey } from "../../../shared/rules/monitor";
import {
  drillPath,
  formatValue,
  groupName,
  GROUPS,
  indicatorName,
  indicatorShort,
  Legend,
  LightValue,
  redCount,
  thresholdText,
  useMedia,
} from "../../components/monitor/common";
import { ExportBar, type Sheet } from "../../components/monitor/ExportBar";
import { useConsoleUser } from "../../components/console/user";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { lang, t, type Key } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { longDate } from "../../lib/period";
import { api } from "../../lib/trpc";

type Overview = Awaited<ReturnType<typeof api.monitor.overview.query>>;
type Row = Overview["rows"][number];
type ColId = "name" | "reds" | IndicatorKey;
type Dir = "asc" | "desc";

const KEYS = GROUPS.flatMap((g) => g.keys);
const isCol = (s: string | undefined): s is ColId => s === "name" || s === "reds" || KEYS.includes(s as IndicatorKey);

/** A new column sorts worst first: low rates, high counts, many reds. */
const worstFirst = (col: ColId): Dir =>
  col === "name" ? "asc" : col === "reds" || INDICATORS[col].better === "lower" ? "desc" : "asc";

const byName = (a: Row, b: Row) => a.name.localeCompare(b.name, "zh-CN");

function sortRows(rows: Row[], col: ColId, dir: Dir): Row[] {
  const sign = dir === "asc" ? 1 : -1;
  if (col === "name") return [...rows].sort((a, b) => sign * byName(a, b));
  const value = (r: Row) => (col === "reds" ? redCount(r.values) : r.values[col]);
  // Communities without data stay at the end whichever way the column is sorted.
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null && vb === null) return byName(a, b);
    if (va === null) return 1;
    if (vb === null) return -1;
    return sign * (va - vb) || byName(a, b);
  });
}

/** The longest delay among a community's overdue items of one kind, or 0. */
const lateOf = (r: Row, kind: "finance" | "general") =>
  Math.max(0, ...r.overdue.filter((o) => o.kind === kind).map((o) => o.daysLate));

/**
 * /street: the street console's landing page. Every community × indicator, coloured by its
 * traffic light, sortable and searchable; a card per community on phones; XLSX and A4 print.
 */
export default function Overview() {
  const user = useConsoleUser();
  const query = createQuery(() => ({ queryKey: ["monitor.overview"], queryFn: () => api.monitor.overview.query() }));
  const [params, setParams] = useSearchParams<{ q?: string; sort?: string; dir?: string }>();
  const col = (): ColId => (isCol(params.sort) ? params.sort : "name");
  const dir = (): Dir => (params.dir === "asc" || params.dir === "desc" ? params.dir : worstFirst(col()));
  const setSort = (next: ColId) =>
    setParams(
      { sort: next, dir: next === col() ? (dir() === "asc" ? "desc" : "asc") : worstFirst(next) },
      { replace: true },
    );
  const q = () => (params.q ?? "").trim();
  const rows = createMemo(() => {
    const all = query.data?.rows ?? [];
    const needle = q().toLowerCase();
    const shown = needle ? all.filter((r) => r.name.toLowerCase().includes(needle) || r.slug.includes(needle)) : all;
    return sortRows(shown, col(), dir());
  });
  const narrow = useMedia("(max-width: 719px)");
  const street = () => user().street?.name ?? "";

  const sheet = (): Sheet => ({
    header: [
      t("mon.ov.col.community"),
      t("mon.col.kind"),
      t("mon.col.residents"),
      t("mon.ov.col.redsFull"),
      ...KEYS.map(indicatorName),
      t("mon.col.ratings"),
      t("mon.col.overduePeriods"),
      t("mon.col.maxDaysLate"),
    ],
    rows: rows().map((r) => [
      r.name,
      t(`kind.${r.kind}` as Key),
      r.residents,
      redCount(r.values),
      ...KEYS.map((k) => (r.values[k] === null ? "" : formatValue(k, r.values[k]))),
      r.counts.ratings,
      r.overdue.map((o) => o.period).join(", "),
      r.maxDaysLate || "",
    ]),
  });

  return (
    <div class="console-page mon-page mon-wide mon-print">
      <div class="page-head">
        <h1>{t("mon.ov.title")}</h1>
        <Show when={query.data?.rows.length}>
          <ExportBar file="linli-overview" sheet={t("mon.sheet.overview")} table={sheet} testid="overview-export" />
        </Show>
      </div>
      <p class="mon-print-only mon-print-title">{t("mon.ov.printTitle", { street: street() })}</p>
      <p class="muted no-print">{t("mon.ov.intro")}</p>
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          {(data) => (
            <Show when={data().rows.length} fallback={<Empty>{t("mon.ov.empty")}</Empty>}>
              <p class="meta" data-testid="overview-window">
                {t("mon.ov.window", { day: longDate(data().snapshotThrough, lang()) })}{" "}
                <span class="nowrap">{t("mon.ov.asOf", { at: formatDateTime(data().asOf) })}</span>
              </p>
              <div class="mon-tools no-print">
                <div class="field mon-search">
                  <label for="mon-search">{t("mon.ov.search")}</label>
                  <input
                    id="mon-search"
                    type="search"
                    name="q"
                    autocomplete="off"
                    placeholder={t("mon.ov.searchPlaceholder")}
                    value={params.q ?? ""}
                    onInput={(e) => setParams({ q: e.currentTarget.value || undefined }, { replace: true })}
                    aria-describedby="mon-shown"
                  />
                </div>
                <Show when={narrow()}>
                  <SortPicker col={col()} dir={dir()} onSort={setSort} />
                </Show>
                <p id="mon-shown" class="meta" role="status" aria-live="polite">
                  {t("mon.ov.shown", { n: rows().length, total: data().rows.length })}
                </p>
              </div>
              <Legend />
              <Switch>
                <Match when={!rows().length}>
                  <Empty>{t("mon.ov.noMatch", { q: q() })}</Empty>
                </Match>
                <Match when={narrow()}>
                  <Cards rows={rows()} />
                </Match>
                <Match when={true}>
                  <Table rows={rows()} col={col()} dir={dir()} onSort={setSort} />
                </Match>
              </Switch>
            </Show>
          )}
        </Show>
      </Show>
    </div>
  );
}

/** The figure of a cell, with the longest delay beside overdue counts and the ratings behind satisfaction. */
function Figure(props: { row: Row; ind: IndicatorKey }) {
  const late = () =>
    props.ind === "overdueFinance"
      ? lateOf(props.row, "finance")
      : props.ind === "overdueNotices"
        ? lateOf(props.row, "general")
        : 0;
  return (
    <>
      <LightValue ind={props.ind} value={props.row.values[props.ind]} />
      <Show when={late()}>
        <span class="mon-sub" title={t("mon.maxLate", { n: late() })} data-testid="max-late">
          {t("mon.daysShort", { n: late() })}
        </span>
      </Show>
      <Show when={props.ind === "satisfaction" && props.row.values.satisfaction !== null}>
        <span class="mon-sub" title={t("mon.ratings", { n: props.row.counts.ratings })}>
          ({props.row.counts.ratings})
        </span>
      </Show>
    </>
  );
}

function Table(props: { rows: Row[]; col: ColId; dir: Dir; onSort: (c: ColId) => void }) {
  const ariaSort = (c: ColId) =>
    props.col === c ? (props.dir === "asc" ? ("ascending" as const) : ("descending" as const)) : undefined;
  const Sorter = (p: { c: ColId; label: string; title: string }) => (
    <button
      type="button"
      class="mon-sort"
      title={p.title}
      data-sort={p.c}
      aria-label={t("mon.ov.sortBy", { col: p.label })}
      onClick={() => props.onSort(p.c)}
    >
      <span>{p.label}</span>
      <span class="mon-arrow" aria-hidden="true">
        {props.col === p.c ? (props.dir === "asc" ? "▲" : "▼") : "↕"}
      </span>
    </button>
  );
  return (
    <div class="table-wrap mon-table-wrap" tabindex="0" role="region" aria-label={t("mon.ov.tableLabel")}>
      <table class="table mon-table mon-ov-table" data-testid="overview-table">
        {/* Fixed column widths: re-sorting 200 rows does not re-measure 3,000 cells. */}
        <colgroup>
          <col class="mon-col-name" />
          <col class="mon-col-reds" />
          <For each={KEYS}>{(k) => <col class={`mon-col-${k}`} />}</For>
        </colgroup>
        <thead>
          <tr class="mon-groups">
            <th scope="col" colspan="2" class="mon-corner" />
            <For each={GROUPS}>
              {(g) => (
                <th scope="colgroup" colspan={g.keys.length} class="mon-group">
                  {groupName(g.id)}
                </th>
              )}
            </For>
          </tr>
          <tr class="mon-heads">
            <th scope="col" class="mon-name-col" aria-sort={ariaSort("name")}>
              <Sorter c="name" label={t("mon.ov.col.community")} title={t("mon.ov.col.community")} />
            </th>
            <th scope="col" aria-sort={ariaSort("reds")}>
              <Sorter c="reds" label={t("mon.ov.col.reds")} title={t("mon.ov.col.redsFull")} />
            </th>
            <For each={KEYS}>
              {(k) => (
                <th scope="col" aria-sort={ariaSort(k)}>
                  <Sorter c={k} label={indicatorShort(k)} title={`${indicatorName(k)}\n${thresholdText(k)}`} />
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(r) => (
              <tr data-community={r.slug} data-testid="overview-row">
                <th scope="row" class="mon-name-col">
                  <A href={drillPath(r.id)} title={t("mon.ov.drill", { name: r.name })}>
                    {r.name}
                  </A>
                  <Show when={r.kind === "village"}>
                    <span class="mon-kind">{t("kind.village")}</span>
                  </Show>
                </th>
                <td class="mon-cell mon-reds" data-reds={redCount(r.values)}>
                  <Show when={redCount(r.values)} fallback={<span class="muted">0</span>}>
                    <strong>{redCount(r.values)}</strong>
                  </Show>
                </td>
                <For each={KEYS}>
                  {(k) => (
                    <td class={`mon-cell mon-td-${lightOf(k, r.values[k]) ?? "none"}`} data-ind={k}>
                      <Figure row={r} ind={k} />
                    </td>
                  )}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** On phones the sort is a menu (the table headers are gone). */
function SortPicker(props: { col: ColId; dir: Dir; onSort: (c: ColId) => void }) {
  const label = (c: ColId) =>
    c === "name" ? t("mon.ov.col.community") : c === "reds" ? t("mon.ov.col.redsFull") : indicatorName(c);
  return (
    <div class="field mon-sort-picker">
      <label for="mon-sort">{t("mon.ov.sortLabel")}</label>
      <div class="mon-sort-row">
        <select id="mon-sort" value={props.col} onChange={(e) => props.onSort(e.currentTarget.value as ColId)}>
          <For each={["name", "reds", ...KEYS] as ColId[]}>
            {(c) => (
              <option value={c} selected={c === props.col}>
                {label(c)}
              </option>
            )}
          </For>
        </select>
        <button
          type="button"
          class="btn btn-small"
          aria-label={`${label(props.col)}：${props.dir === "asc" ? t("mon.ov.desc") : t("mon.ov.asc")}`}
          onClick={() => props.onSort(props.col)}
        >
          {props.dir === "asc" ? `▲ ${t("mon.ov.asc")}` : `▼ ${t("mon.ov.desc")}`}
        </button>
      </div>
    </div>
  );
}

function Cards(props: { rows: Row[] }) {
  return (
    <ul class="mon-cards" data-testid="overview-cards">
      <For each={props.rows}>
        {(r) => (
          <li class="card mon-card" data-community={r.slug} data-testid="overview-card">
            <div class="mon-card-head">
              <h2>
                <A href={drillPath(r.id)}>{r.name}</A>
              </h2>
              <span class="muted">{t(`kind.${r.kind}` as Key)}</span>
              <Show when={redCount(r.values)}>
                <span class="badge badge-bad">{t("mon.ov.redCount", { n: redCount(r.values) })}</span>
              </Show>
            </div>
            <For each={GROUPS}>
              {(g) => (
                <section class="mon-card-group" aria-label={groupName(g.id)}>
                  <h3>{groupName(g.id)}</h3>
                  <dl class="mon-card-dl">
                    <For each={g.keys}>
                      {(k) => (
                        <div data-ind={k}>
                          <dt>{indicatorShort(k)}</dt>
                          <dd>
                            <Figure row={r} ind={k} />
                          </dd>
                        </div>
                      )}
                    </For>
                  </dl>
                </section>
              )}
            </For>
          </li>
        )}
      </For>
    </ul>
  );
}
