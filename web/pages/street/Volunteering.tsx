import "../../styles/volunteers-console.css";
import { createQuery } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Show } from "solid-js";
import { coverage, hoursPer100 } from "../../../shared/rules/volunteers";
import { Empty } from "../../components/States";
import { hoursFigure, Loaded } from "../../components/volunteers/VolunteerConsoleBits";
import { t, type Key } from "../../i18n";
import { api } from "../../lib/trpc";

type Row = Awaited<ReturnType<typeof api.volunteers.streetStats.query>>[number];
type SortKey = "hoursPer100" | "patrolCoverage" | "hours" | "volunteers" | "name";

const SORTS: { key: SortKey; by: (a: Row, b: Row) => number }[] = [
  { key: "hoursPer100", by: (a, b) => b.hoursPer100 - a.hoursPer100 },
  { key: "patrolCoverage", by: (a, b) => b.patrolCoverage - a.patrolCoverage || b.patrolPlanned - a.patrolPlanned },
  { key: "hours", by: (a, b) => b.minutesThisYear - a.minutesThisYear },
  { key: "volunteers", by: (a, b) => b.volunteers - a.volunteers },
  { key: "name", by: (a, b) => a.name.localeCompare(b.name, "zh-CN") },
];

/** "83%"; "—" when nothing was planned. */
const pct = (share: number, planned: number) => (planned ? `${Math.round(share * 100)}%` : "—");
/** Coverage below this share of planned patrol places is flagged. */
const LOW_COVERAGE = 0.6;

/**
 * /street/volunteering: per community, volunteer hours this year against its population, and how
 * well its patrol rosters were filled in the last 30 days.
 */
export default function Volunteering() {
  const stats = createQuery(() => ({
    queryKey: ["volunteers.streetStats"],
    queryFn: () => api.volunteers.streetStats.query(),
  }));
  const [sort, setSort] = createSignal<SortKey>("hoursPer100");
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  return (
    <div class="console-page volc-page">
      <h1>{t("volc.street.title")}</h1>
      <p class="muted">{t("volc.street.intro")}</p>
      <Loaded query={stats}>
        {(rows) => (
          <Show when={rows().length} fallback={<Empty>{t("volc.street.empty")}</Empty>}>
            <Totals rows={rows()} year={year} />
            <section class="card" aria-labelledby="volc-street-h">
              <div class="page-head">
                <h2 id="volc-street-h">{t("volc.street.byCommunity")}</h2>
              </div>
              <div class="tabs" role="group" aria-label={t("volc.street.sortLabel")}>
                <For each={SORTS}>
                  {(s) => (
                    <button
                      type="button"
                      class="tab"
                      aria-pressed={sort() === s.key}
                      data-testid={`volunteering-sort-${s.key}`}
                      onClick={() => setSort(s.key)}
                    >
                      {t(`volc.street.sort.${s.key}` as Key)}
                    </button>
                  )}
                </For>
              </div>
              <Table rows={rows()} sort={sort()} year={year} />
            </section>
            <Explain year={year} />
          </Show>
        )}
      </Loaded>
    </div>
  );
}

/** The whole street: the same figures summed. */
function Totals(props: { rows: Row[]; year: number }) {
  const sum = (f: (r: Row) => number) => props.rows.reduce((s, r) => s + f(r), 0);
  const minutes = () => sum((r) => r.minutesThisYear);
  const residents = () => sum((r) => r.residents);
  const planned = () => sum((r) => r.patrolPlanned);
  const filled = () => sum((r) => r.patrolFilled);
  return (
    <section class="card" aria-labelledby="volc-street-totals-h" data-testid="volunteering-totals">
      <h2 id="volc-street-totals-h">{t("volc.street.totals")}</h2>
      <dl class="volc-figures">
        <div>
          <dt>{t("volc.street.col.volunteers")}</dt>
          <dd>{sum((r) => r.volunteers)}</dd>
        </div>
        <div>
          <dt>{t("volc.street.col.hours", { year: props.year })}</dt>
          <dd>{hoursFigure(minutes())}</dd>
        </div>
        <div>
          <dt>{t("volc.street.col.per100")}</dt>
          <dd>{hoursPer100(minutes(), residents())}</dd>
        </div>
        <div>
          <dt>{t("volc.street.col.coverage")}</dt>
          <dd>{pct(coverage(filled(), planned()), planned())}</dd>
        </div>
      </dl>
    </section>
  );
}

function Table(props: { rows: Row[]; sort: SortKey; year: number }) {
  const sorted = createMemo(() => [...props.rows].sort(SORTS.find((s) => s.key === props.sort)!.by));
  const maxPer100 = () => Math.max(0, ...props.rows.map((r) => r.hoursPer100));
  return (
    <div class="table-wrap">
      <table class="table table-stack volc-table volc-street-table" data-testid="volunteering-table">
        <thead>
          <tr>
            <th scope="col">{t("volc.street.col.community")}</th>
            <th scope="col" class="volc-num">
              {t("volc.street.col.residents")}
            </th>
            <th scope="col" class="volc-num">
              {t("volc.street.col.volunteers")}
            </th>
            <th scope="col" class="volc-num">
              {t("volc.street.col.hours", { year: props.year })}
            </th>
            <th scope="col" aria-sort={props.sort === "hoursPer100" ? "descending" : undefined}>
              {t("volc.street.col.per100")}
            </th>
            <th scope="col" aria-sort={props.sort === "patrolCoverage" ? "descending" : undefined}>
              {t("volc.street.col.patrol")}
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={sorted()}>
            {(r) => {
              const low = () => r.patrolPlanned > 0 && r.patrolCoverage < LOW_COVERAGE;
              return (
                <tr
                  data-testid="volunteering-row"
                  data-community={r.slug}
                  data-coverage={r.patrolPlanned ? String(Math.round(r.patrolCoverage * 100)) : "none"}
                  classList={{ "volc-row-low": low() }}
                >
                  <td data-label={t("volc.street.col.community")}>
                    <strong>{r.name}</strong> <span class="muted">{t(`kind.${r.kind}` as Key)}</span>
                  </td>
                  <td class="volc-num" data-label={t("volc.street.short.residents")}>
                    {r.residents}
                  </td>
                  <td class="volc-num" data-label={t("volc.street.short.volunteers")}>
                    {r.volunteers}
                    <Show when={r.residents}>
                      <div class="meta">{t("volc.street.share", { pct: pct(r.volunteers / r.residents, 1) })}</div>
                    </Show>
                  </td>
                  <td class="volc-num nowrap" data-label={t("volc.street.short.hours")}>
                    {hoursFigure(r.minutesThisYear)}
                  </td>
                  <td data-label={t("volc.street.short.per100")}>
                    <div class="volc-bar-cell">
                      <strong class="volc-bar-num" data-testid="volunteering-per100">
                        {r.hoursPer100}
                      </strong>
                      <div class="volc-bar" aria-hidden="true">
                        <div
                          class="volc-bar-fill"
                          style={{ width: maxPer100() ? `${(r.hoursPer100 * 100) / maxPer100()}%` : "0%" }}
                        />
                      </div>
                    </div>
                  </td>
                  <td data-label={t("volc.street.short.patrol")}>
                    <Show when={r.patrolPlanned} fallback={<span class="muted">{t("volc.street.noPatrol")}</span>}>
                      <div class="volc-bar-cell">
                        <strong class="volc-bar-num" data-testid="volunteering-coverage">
                          {pct(r.patrolCoverage, r.patrolPlanned)}
                        </strong>
                        <div
                          class="volc-bar"
                          role="meter"
                          aria-valuemin={0}
                          aria-valuemax={100}
                          aria-valuenow={Math.round(r.patrolCoverage * 100)}
                          aria-label={t("volc.street.coverageOf", { name: r.name })}
                        >
                          <div
                            class="volc-bar-fill"
                            classList={{ "volc-bar-low": low(), "volc-bar-ok": !low() }}
                            style={{ width: `${Math.round(r.patrolCoverage * 100)}%` }}
                          />
                        </div>
                      </div>
                      <div class="meta">
                        {t("volc.street.patrolLine", { filled: r.patrolFilled, planned: r.patrolPlanned })}
                      </div>
                      <Show when={low()}>
                        <span class="badge badge-bad" data-testid="volunteering-low">
                          {t("volc.street.low")}
                        </span>
                      </Show>
                    </Show>
                  </td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** What each figure means and where it comes from. */
function Explain(props: { year: number }) {
  return (
    <section class="card" aria-labelledby="volc-explain-h" data-testid="volunteering-explain">
      <h2 id="volc-explain-h">{t("volc.street.explain")}</h2>
      <dl class="volc-explain">
        <dt>{t("volc.street.col.residents")}</dt>
        <dd>{t("volc.street.ex.residents")}</dd>
        <dt>{t("volc.street.col.volunteers")}</dt>
        <dd>{t("volc.street.ex.volunteers")}</dd>
        <dt>{t("volc.street.col.hours", { year: props.year })}</dt>
        <dd>{t("volc.street.ex.hours")}</dd>
        <dt>{t("volc.street.col.per100")}</dt>
        <dd>{t("volc.street.ex.per100")}</dd>
        <dt>{t("volc.street.col.patrol")}</dt>
        <dd>{t("volc.street.ex.patrol", { low: Math.round(LOW_COVERAGE * 100) })}</dd>
      </dl>
    </section>
  );
}
