import { A, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { createMemo, For, Show } from "solid-js";
import { CASE_KINDS } from "../../../shared/rules/cases";
import { kindLabel } from "../../components/cases/common";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery } from "../../components/public/queries";
import { localName, retryUnlessNotFound, useTitle } from "../../components/public/util";
import { t } from "../../i18n";
import { api } from "../../lib/trpc";

type Stats = Awaited<ReturnType<typeof api.cases.stats.query>>;

/** The last 12 months as "YYYY-MM" in Shanghai time, oldest first. */
function lastMonths(): string[] {
  const now = new Date(Date.now() + 8 * 3600_000);
  const out: string[] = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`);
  }
  return out;
}

/**
 * "/:street/:community/cases": public figures of the community's cases — by kind and month,
 * closed within time, mediation success and satisfaction; no personal data.
 */
export default function CaseStats() {
  const params = useParams<{ street: string; community: string }>();
  const community = createQuery(() => communityQuery(params.street, params.community));
  const stats = createQuery(() => ({
    queryKey: ["cases.stats", params.street, params.community],
    queryFn: () => api.cases.stats.query({ street: params.street, community: params.community }),
    retry: retryUnlessNotFound,
  }));
  const name = () => (community.data ? localName(community.data) : "");
  useTitle(() => t("case.stats.title") + (name() ? ` · ${name()}` : ""));
  const base = () => `/${params.street}/${params.community}`;

  return (
    <div class="case-page">
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={base()}>{name() ? `← ${name()}` : t("case.stats.back")}</A>
      </nav>
      <h1>{name() ? t("case.stats.titleOf", { community: name() }) : t("case.stats.title")}</h1>
      <p class="meta">{t("case.stats.intro")}</p>
      <p>
        <A href={`${base()}/ask`} class="btn btn-primary case-big" data-testid="case-ask-link">
          {t("case.ask.title")}
        </A>
      </p>
      <PageQuery query={stats}>{(s) => <StatsView s={s} />}</PageQuery>
    </div>
  );
}

function StatsView(props: { s: Stats }) {
  const months = lastMonths();
  const grid = createMemo(() => {
    const m = new Map<string, number>();
    for (const r of props.s.byMonth) m.set(`${r.month}|${r.kind}`, r.n);
    return m;
  });
  const cell = (month: string, kind: string) => grid().get(`${month}|${kind}`) ?? 0;
  const monthTotal = (month: string) => CASE_KINDS.reduce((n, k) => n + cell(month, k), 0);
  const kindTotal = (kind: string) => months.reduce((n, m) => n + cell(m, kind), 0);
  const total = () => months.reduce((n, m) => n + monthTotal(m), 0);
  const max = () => Math.max(1, ...months.map(monthTotal));
  const pct = (v: number | null) => (v === null ? t("case.stats.none") : `${v}%`);

  return (
    <div data-testid="case-stats">
      <dl class="case-figures">
        <div>
          <dt>{t("case.stats.inTime")}</dt>
          <dd data-testid="case-stat-intime">{pct(props.s.closedInTimePct)}</dd>
          <span class="meta">{t("case.stats.inTimeOf", { n: props.s.closed })}</span>
        </div>
        <div>
          <dt>{t("case.stats.mediation")}</dt>
          <dd data-testid="case-stat-mediation">{pct(props.s.mediationSuccessPct)}</dd>
          <span class="meta">{t("case.stats.mediationOf", { n: props.s.mediations })}</span>
        </div>
        <div>
          <dt>{t("case.stats.rating")}</dt>
          <dd data-testid="case-stat-rating">
            {props.s.averageRating === null ? t("case.stats.none") : `${props.s.averageRating} / 5`}
          </dd>
          <span class="meta">{t("case.stats.ratingOf", { n: props.s.ratings })}</span>
        </div>
      </dl>

      <section class="card">
        <h2>{t("case.stats.byMonth")}</h2>
        <Show when={total() > 0} fallback={<p class="muted">{t("case.stats.empty")}</p>}>
          <div class="table-wrap">
            <table class="case-stats-table">
              <thead>
                <tr>
                  <th scope="col">{t("case.stats.month")}</th>
                  <For each={CASE_KINDS}>{(k) => <th scope="col">{kindLabel(k)}</th>}</For>
                  <th scope="col">{t("case.stats.total")}</th>
                  <th aria-hidden="true" class="case-bar-col" />
                </tr>
              </thead>
              <tbody>
                <For each={months}>
                  {(m) => (
                    <tr>
                      <th scope="row">{m}</th>
                      <For each={CASE_KINDS}>{(k) => <td class="num">{cell(m, k)}</td>}</For>
                      <td class="num">
                        <strong>{monthTotal(m)}</strong>
                      </td>
                      <td aria-hidden="true" class="case-bar-col">
                        <span class="case-bar" style={{ width: `${(monthTotal(m) / max()) * 100}%` }} />
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("case.stats.total")}</th>
                  <For each={CASE_KINDS}>{(k) => <td class="num">{kindTotal(k)}</td>}</For>
                  <td class="num">
                    <strong>{total()}</strong>
                  </td>
                  <td aria-hidden="true" class="case-bar-col" />
                </tr>
              </tfoot>
            </table>
          </div>
        </Show>
      </section>
    </div>
  );
}
