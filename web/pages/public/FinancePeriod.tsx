import { A, useLocation, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { For, Show, Suspense, createEffect, lazy } from "solid-js";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery } from "../../components/public/queries";
import { isNotFound, localName, useTitle } from "../../components/public/util";
import {
  CategoryTable,
  Figures,
  PeriodNotFound,
  categoryName,
  categoryTotals,
  financeBase,
  label,
  openDataBase,
  periodPath,
  publishedQuery,
  reviewLine,
  summaryQuery,
  yuan,
  type PublishedEntry,
  type PublishedPeriod,
} from "../../components/finance/PublicFinance";
import { lang, registerStrings, t } from "../../i18n";
import { financePublicStrings } from "../../i18n/finance-public";
import { formatDateTime } from "../../lib/format";
import { isPeriodKey } from "../../../shared/rules/finance";
import { formatYuan } from "../../../shared/rules/money";

registerStrings(financePublicStrings);

// The chart loads after the figures and entries are on screen.
const CategoryChart = lazy(() => import("../../components/finance/CategoryChart"));

/** "/:street/:community/finance/:period": one published period, entry by entry. */
export default function FinancePeriod() {
  const params = useParams<{ street: string; community: string; period: string }>();
  const location = useLocation();
  const valid = () => isPeriodKey(params.period);
  const community = createQuery(() => communityQuery(params.street, params.community));
  const summary = createQuery(() => summaryQuery(params.street, params.community));
  const query = createQuery(() => ({
    ...publishedQuery(params.street, params.community, params.period),
    enabled: valid(),
  }));
  const base = () => `/${params.street}/${params.community}`;
  const index = () => financeBase(params.street, params.community);
  const missing = () => !valid() || (query.isError && isNotFound(query.error));
  const name = (p: PublishedPeriod) => (community.data ? localName(community.data) : p.community.name);
  const title = (p: PublishedPeriod) => t("finpub.periodTitle", { community: name(p), period: label(p.period) });
  useTitle(() => (query.data ? title(query.data) : missing() ? t("finpub.notFound.title") : t("finpub.title")));

  // Neighbours among the published periods (newest first in the summary).
  const neighbours = () => {
    const list = summary.data?.periods ?? [];
    const i = list.findIndex((p) => p.period === params.period);
    return i < 0 ? { prev: undefined, next: undefined } : { prev: list[i + 1], next: list[i - 1] };
  };

  // #entry-<id> (from an adjustment link): scroll to that entry once it is on screen.
  const target = () => (location.hash.startsWith("#entry-") ? decodeURIComponent(location.hash.slice(7)) : undefined);
  createEffect(() => {
    const id = target();
    if (!id || !query.data) return;
    requestAnimationFrame(() => document.getElementById(`entry-${id}`)?.scrollIntoView({ block: "center" }));
  });

  return (
    <article class="finpub">
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={base()}>{community.data ? `← ${localName(community.data)}` : t("pub.backCommunity")}</A>
        {" · "}
        <A href={index()}>{t("finpub.title")}</A>
      </nav>
      <Show
        when={!missing()}
        fallback={<PeriodNotFound street={params.street} community={params.community} period={params.period} />}
      >
        <PageQuery query={query}>
          {(p) => (
            <>
              <h1 data-testid="finance-period-title">{title(p)}</h1>
              <p class="head-badges">
                <span class="meta">{t("finpub.range", { from: p.startsOn, to: p.endsOn })}</span>
              </p>

              <Figures
                openingFen={p.openingBalanceFen}
                incomeFen={p.incomeFen}
                expenseFen={p.expenseFen}
                closingFen={p.closingBalanceFen}
                testid="finance-figures"
              />

              <div class="btn-row no-print">
                <a
                  class="btn"
                  href={`${openDataBase(params.street, params.community)}/${p.period}.csv`}
                  download={`${params.community}-finance-${p.period}.csv`}
                  rel="external"
                  data-testid="finance-csv"
                >
                  {t("finpub.download.csv")}
                </a>
                <a
                  class="btn"
                  href={`${openDataBase(params.street, params.community)}/${p.period}`}
                  rel="external"
                  target="_blank"
                  data-testid="finance-json"
                >
                  {t("finpub.download.json")}
                </a>
                <A
                  href={`${periodPath(params.street, params.community, p.period)}/print`}
                  class="btn"
                  data-testid="finance-print"
                >
                  {t("finpub.print")}
                </A>
                <A
                  href={`${base()}/ask?period=${encodeURIComponent(p.period)}`}
                  class="btn"
                  data-testid="finance-dispute"
                >
                  {t("finpub.dispute")}
                </A>
              </div>

              <section class="card" aria-labelledby="entries-h">
                <h2 id="entries-h">
                  {t("finpub.entries.title")}{" "}
                  <span class="meta">{t("finpub.entries.count", { n: p.entries.length })}</span>
                </h2>
                <p class="finpub-ledger-line" data-testid="ledger-opening">
                  <span>{t("finpub.opening")}</span> <strong>{yuan(p.openingBalanceFen)}</strong>
                </p>
                <Show when={p.entries.length > 0} fallback={<p class="muted">{t("finpub.entries.none")}</p>}>
                  <div class="finpub-entries-wrap">
                    <table class="table finpub-entries" data-testid="finance-entries">
                      <thead>
                        <tr>
                          <th scope="col">{t("finpub.col.date")}</th>
                          <th scope="col">{t("finpub.col.direction")}</th>
                          <th scope="col">{t("finpub.col.category")}</th>
                          <th scope="col" class="num">
                            {t("finpub.col.amount")}
                          </th>
                          <th scope="col">{t("finpub.col.summary")}</th>
                          <th scope="col">{t("finpub.col.counterparty")}</th>
                          <th scope="col">{t("finpub.col.voucher")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={p.entries}>
                          {(e) => (
                            <EntryRow
                              entry={e}
                              period={p}
                              street={params.street}
                              community={params.community}
                              target={target()}
                            />
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </Show>
                <dl class="finpub-ledger-totals" data-testid="finance-totals">
                  <div class="is-income">
                    <dt>{t("finpub.incomeTotal")}</dt>
                    <dd data-testid="total-income">{yuan(p.incomeFen)}</dd>
                  </div>
                  <div class="is-expense">
                    <dt>{t("finpub.expenseTotal")}</dt>
                    <dd data-testid="total-expense">{yuan(p.expenseFen)}</dd>
                  </div>
                  <div class="is-closing">
                    <dt>{t("finpub.closing")}</dt>
                    <dd data-testid="total-closing">{yuan(p.closingBalanceFen)}</dd>
                  </div>
                </dl>
                <p class="meta">{t("finpub.equation")}</p>
              </section>

              <Show when={p.totalsByCategory.length > 0}>
                <section class="card" aria-labelledby="cats-h">
                  <h2 id="cats-h">{t("finpub.byCategory.title")}</h2>
                  <div class="finpub-cats">
                    <Suspense fallback={<div class="finpub-chart-placeholder">{t("finpub.trend.loading")}</div>}>
                      <CategoryChart totals={categoryTotals(p)} periodLabel={label(p.period)} />
                    </Suspense>
                    <CategoryTable period={p} />
                  </div>
                </section>
              </Show>

              <section class="card" aria-labelledby="review-h">
                <h2 id="review-h">{t("finpub.review.title")}</h2>
                <p data-testid="finance-review">
                  <strong>{reviewLine(p)}</strong>
                </p>
                <dl class="kv">
                  <Show when={p.reviewedAt}>
                    <dt>{t("finpub.review.at")}</dt>
                    <dd>{formatDateTime(p.reviewedAt)}</dd>
                  </Show>
                  <dt>{t("finpub.published")}</dt>
                  <dd data-testid="finance-published-at">
                    <time datetime={new Date(p.publishedAt).toISOString()}>{formatDateTime(p.publishedAt)}</time>
                  </dd>
                </dl>
                <h3>{t("finpub.hash.title")}</h3>
                <p class="meta">{t("finpub.hash.hint")}</p>
                <p>
                  <code class="mono hash-full" data-testid="finance-hash">
                    {p.contentHash}
                  </code>
                </p>
                <div class="btn-row">
                  <A href={`${base()}/transparency?hash=${p.contentHash}`} class="btn" data-testid="finance-verify">
                    {t("finpub.hash.verify")}
                  </A>
                </div>
              </section>

              <nav class="finpub-pager no-print" aria-label={t("finpub.pager")}>
                <Show when={neighbours().prev}>
                  {(prev) => (
                    <A
                      href={periodPath(params.street, params.community, prev().period)}
                      rel="prev"
                      class="btn"
                      data-testid="finance-prev"
                    >
                      {t("finpub.prev")} <span class="meta">{label(prev().period)}</span>
                    </A>
                  )}
                </Show>
                <Show when={neighbours().next}>
                  {(next) => (
                    <A
                      href={periodPath(params.street, params.community, next().period)}
                      rel="next"
                      class="btn finpub-next"
                      data-testid="finance-next"
                    >
                      <span class="meta">{label(next().period)}</span> {t("finpub.next")}
                    </A>
                  )}
                </Show>
              </nav>
            </>
          )}
        </PageQuery>
      </Show>
    </article>
  );
}

/** A cell's label for the stacked-card layout on phones ("对方单位/个人："). */
const cellLabel = (key: "finpub.col.counterparty" | "finpub.col.voucher") =>
  `${t(key)}${lang() === "zh" ? "：" : ": "}`;

/** One entry: a table row on wide screens, a stacked card on phones (CSS), with its adjustment references. */
function EntryRow(props: {
  entry: PublishedEntry;
  period: PublishedPeriod;
  street: string;
  community: string;
  target?: string;
}) {
  const e = () => props.entry;
  const income = () => e().direction === "income";
  return (
    <tr
      id={`entry-${e().id}`}
      data-testid="finance-entry"
      classList={{
        "is-income": income(),
        "is-expense": !income(),
        "is-target": props.target === e().id,
      }}
    >
      <td class="c-date">{e().date}</td>
      <td class="c-dir">
        <span class={`badge ${income() ? "badge-ok" : "badge-bad"}`}>
          {t(income() ? "finpub.dir.income" : "finpub.dir.expense")}
        </span>
      </td>
      <td class="c-cat">{categoryName(e().category, props.period.categories)}</td>
      <td class="c-amount num">
        {income() ? "+" : "−"}
        {formatYuan(e().amountFen)}
      </td>
      <td class="c-summary">
        <span class="finpub-summary">{e().summary}</span>
        <Show when={e().adjusts}>
          {(a) => (
            <span class="finpub-ref" data-testid="entry-adjusts">
              <A href={periodPath(props.street, props.community, a().period, a().id)}>
                {t("finpub.adjusts", { period: a().period })}
                {a().summary}
              </A>
            </span>
          )}
        </Show>
        <For each={e().adjustedBy}>
          {(b) => (
            <span class="finpub-ref finpub-ref-later" data-testid="entry-adjusted-by">
              <A href={periodPath(props.street, props.community, b.period, b.id)}>
                {t("finpub.adjustedBy", { period: b.period })}
              </A>
              {t("finpub.adjustedByEntry", { summary: b.summary })}
            </span>
          )}
        </For>
      </td>
      <td class="c-cp" data-label={cellLabel("finpub.col.counterparty")}>
        {e().counterparty}
      </td>
      <td class="c-voucher mono" data-label={cellLabel("finpub.col.voucher")}>
        {e().voucherNo}
      </td>
    </tr>
  );
}
