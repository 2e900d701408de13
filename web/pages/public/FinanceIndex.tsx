import { A, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { For, Show, Suspense, lazy } from "solid-js";
import { Empty } from "../../components/States";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery } from "../../components/public/queries";
import { localName, shortHash, useTitle } from "../../components/public/util";
import { Figures, label, openDataBase, periodPath, summaryQuery, yuan } from "../../components/finance/PublicFinance";
import { registerStrings, t } from "../../i18n";
import { financePublicStrings } from "../../i18n/finance-public";
import { formatDate } from "../../lib/format";

registerStrings(financePublicStrings);

// The chart code loads after the figures are on screen, never with the first bundle.
const TrendChart = lazy(() => import("../../components/finance/TrendChart"));

const TREND_PERIODS = 12;

/** "/:street/:community/finance": the community's financial disclosure over time. */
export default function FinanceIndex() {
  const params = useParams<{ street: string; community: string }>();
  const community = createQuery(() => communityQuery(params.street, params.community));
  const summary = createQuery(() => summaryQuery(params.street, params.community));
  const base = () => `/${params.street}/${params.community}`;
  const name = () => (community.data ? localName(community.data) : "");
  const title = () => (name() ? t("finpub.titleOf", { community: name() }) : t("finpub.title"));
  useTitle(title);

  return (
    <div class="finpub">
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={base()}>{name() ? `← ${name()}` : t("pub.backCommunity")}</A>
      </nav>
      <PageQuery query={summary}>
        {(s) => {
          const latest = () => s.periods[0];
          // The 12 newest, drawn oldest → newest.
          const trend = () =>
            s.periods
              .slice(0, TREND_PERIODS)
              .reverse()
              .map((p) => ({
                period: p.period,
                incomeFen: p.incomeFen ?? 0,
                expenseFen: p.expenseFen ?? 0,
                closingBalanceFen: p.closingBalanceFen ?? 0,
              }));
          return (
            <>
              <h1 data-testid="finance-title">{title()}</h1>
              <p class="head-badges">
                <span class="badge badge-info">{t(`finpub.frequency.${s.frequency}`)}</span>
                <Show when={s.periods.length > 0}>
                  <span class="meta">{t("finpub.periods.count", { n: s.periods.length })}</span>
                </Show>
              </p>
              <p class="muted">{t("finpub.intro")}</p>

              <Show
                when={latest()}
                fallback={
                  <div data-testid="finance-empty">
                    <Empty>
                      <strong>{t("finpub.empty")}</strong>
                      <p class="meta">{t("finpub.emptyHint")}</p>
                    </Empty>
                  </div>
                }
              >
                {(p) => (
                  <>
                    <section class="card" aria-labelledby="latest-h" data-testid="finance-latest">
                      <h2 id="latest-h">{t("finpub.latest", { period: label(p().period) })}</h2>
                      <p class="meta">
                        {t("finpub.range", { from: p().startsOn, to: p().endsOn })} ·{" "}
                        {t("finpub.periods.published", { date: formatDate(p().publishedAt) })}
                      </p>
                      <Figures
                        openingFen={p().openingBalanceFen}
                        incomeFen={p().incomeFen}
                        expenseFen={p().expenseFen}
                        closingFen={p().closingBalanceFen}
                      />
                      <p class="card-more">
                        <A href={periodPath(params.street, params.community, p().period)}>{t("finpub.viewDetail")}</A>
                      </p>
                    </section>

                    <section class="card" aria-labelledby="trend-h">
                      <h2 id="trend-h">{t("finpub.trend.title", { n: trend().length })}</h2>
                      <Suspense fallback={<div class="finpub-chart-placeholder">{t("finpub.trend.loading")}</div>}>
                        <TrendChart points={trend()} />
                      </Suspense>
                    </section>

                    <section aria-labelledby="periods-h">
                      <h2 id="periods-h">{t("finpub.periods.title")}</h2>
                      <ul class="list card finpub-periods" data-testid="finance-periods">
                        <For each={s.periods}>
                          {(row) => (
                            <li data-period={row.period}>
                              <div class="finpub-period-head">
                                <A href={periodPath(params.street, params.community, row.period)} class="notice-title">
                                  {label(row.period)}
                                </A>
                                <span class="meta">
                                  {t("finpub.periods.published", { date: formatDate(row.publishedAt) })}
                                </span>
                              </div>
                              <div class="notice-row-meta meta">
                                <span class="finpub-in">
                                  {t("finpub.legend.income")} {yuan(row.incomeFen)}
                                </span>
                                <span class="finpub-out">
                                  {t("finpub.legend.expense")} {yuan(row.expenseFen)}
                                </span>
                                <span>
                                  {t("finpub.legend.closing")} {yuan(row.closingBalanceFen)}
                                </span>
                                <span class="mono" title={row.contentHash ?? ""}>
                                  {t("finpub.periods.hash")} {shortHash(row.contentHash, 12)}
                                </span>
                              </div>
                            </li>
                          )}
                        </For>
                      </ul>
                    </section>
                  </>
                )}
              </Show>

              <section class="card" aria-labelledby="open-h">
                <h2 id="open-h">{t("finpub.openData")}</h2>
                <p class="meta">{t("finpub.openDataHint")}</p>
                <ul class="list links">
                  <li>
                    <a
                      href={openDataBase(params.street, params.community)}
                      rel="external"
                      target="_blank"
                      data-testid="finance-open-data"
                    >
                      {t("finpub.openData.list")}
                    </a>
                  </li>
                  <li>
                    <A href={`${base()}/transparency`}>{t("finpub.transparency")}</A>
                  </li>
                </ul>
              </section>
            </>
          );
        }}
      </PageQuery>
    </div>
  );
}
