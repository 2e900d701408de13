/**
 * Shared pieces of the public finance pages (index, period, print): queries, money and label
 * helpers, the four big figures and the friendly not-found. Only the lazy finance pages import it.
 */
import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../../worker/router";
import { DEFAULT_FINANCE_CATEGORIES } from "../../../shared/rules/finance";
import { formatYuan } from "../../../shared/rules/money";
import { lang, registerStrings, t } from "../../i18n";
import { financePublicStrings } from "../../i18n/finance-public";
import { api } from "../../lib/trpc";
import { periodLabel } from "../../lib/period";
import { retryUnlessNotFound } from "../public/util";

registerStrings(financePublicStrings);

type Outputs = inferRouterOutputs<AppRouter>;
export type FinanceSummary = Outputs["finance"]["summary"];
export type FinanceSummaryPeriod = FinanceSummary["periods"][number];
export type PublishedPeriod = Outputs["finance"]["published"];
export type PublishedEntry = PublishedPeriod["entries"][number];
export type FinanceCategory = FinanceSummary["categories"][number];

/** Published periods of a community (newest first), with the street's categories and frequency. */
export const summaryQuery = (street: string, community: string) => ({
  queryKey: ["finance.summary", street, community],
  queryFn: () => api.finance.summary.query({ street, community }),
  retry: retryUnlessNotFound,
});

/** One published period with its masked entries. */
export const publishedQuery = (street: string, community: string, period: string) => ({
  queryKey: ["finance.published", street, community, period],
  queryFn: () => api.finance.published.query({ street, community, period }),
  retry: retryUnlessNotFound,
});

export const financeBase = (street: string, community: string) => `/${street}/${community}/finance`;
export const periodPath = (street: string, community: string, period: string, entryId?: string) =>
  `${financeBase(street, community)}/${encodeURIComponent(period)}${entryId ? `#entry-${entryId}` : ""}`;
export const openDataBase = (street: string, community: string) => `/api/open/v1/${street}/${community}/finance`;

/** "¥1,234.56"; a negative amount as "−¥1,234.56". */
export const yuan = (fen: number | null | undefined) => {
  const n = fen ?? 0;
  return `${n < 0 ? "−" : ""}¥${formatYuan(Math.abs(n))}`;
};

export const label = (period: string) => periodLabel(period, lang());

/** A category's name in the reader's language: the street's own list first, then the defaults. */
export function categoryName(code: string, categories: readonly FinanceCategory[] | undefined): string {
  const c = categories?.find((x) => x.code === code) ?? DEFAULT_FINANCE_CATEGORIES.find((x) => x.code === code);
  return c ? c[lang()] : code;
}

/** Opening, income, expense and closing as four big numbers. */
export function Figures(props: {
  openingFen: number;
  incomeFen: number | null;
  expenseFen: number | null;
  closingFen: number | null;
  testid?: string;
}) {
  return (
    <dl class="finpub-figures" data-testid={props.testid}>
      <div class="finpub-figure">
        <dt>{t("finpub.opening")}</dt>
        <dd data-testid="figure-opening">{yuan(props.openingFen)}</dd>
      </div>
      <div class="finpub-figure is-income">
        <dt>{t("finpub.income")}</dt>
        <dd data-testid="figure-income">{yuan(props.incomeFen)}</dd>
      </div>
      <div class="finpub-figure is-expense">
        <dt>{t("finpub.expense")}</dt>
        <dd data-testid="figure-expense">{yuan(props.expenseFen)}</dd>
      </div>
      <div class="finpub-figure is-closing">
        <dt>{t("finpub.closing")}</dt>
        <dd data-testid="figure-closing">{yuan(props.closingFen)}</dd>
      </div>
    </dl>
  );
}

/** An unknown or unpublished period: say so kindly and point to the index. */
export function PeriodNotFound(props: { street: string; community: string; period: string }) {
  return (
    <div class="state finpub-not-found" role="alert" data-testid="finance-not-found">
      <h1>{t("finpub.notFound.title")}</h1>
      <p>{t("finpub.notFound.text", { period: label(props.period) })}</p>
      <p>
        <A href={financeBase(props.street, props.community)} class="btn btn-primary">
          {t("finpub.notFound.back")}
        </A>
      </p>
    </div>
  );
}

/** Totals by category with the reader's labels, for the chart and the table. */
export function categoryTotals(p: Pick<PublishedPeriod, "totalsByCategory" | "categories">) {
  return p.totalsByCategory.map((c) => ({ ...c, label: categoryName(c.category, p.categories) }));
}

/** "经监督委员会 刘洋 审核", or a note that no reviewer was recorded. */
export const reviewLine = (p: Pick<PublishedPeriod, "reviewerName">) =>
  p.reviewerName ? t("finpub.review.line", { name: p.reviewerName }) : t("finpub.review.none");

/** Totals by category as a table: the income group, then the expense group, each with its subtotal. */
export function CategoryTable(props: { period: PublishedPeriod }) {
  const groups = () =>
    (["income", "expense"] as const).map((direction) => {
      const items = categoryTotals(props.period).filter((c) => c.direction === direction);
      return { direction, items, totalFen: items.reduce((n, c) => n + c.amountFen, 0) };
    });
  return (
    <div class="table-wrap">
      <table class="table finpub-cat-table" data-testid="category-totals">
        <thead>
          <tr>
            <th scope="col">{t("finpub.col.category")}</th>
            <th scope="col" class="num">
              {t("finpub.col.count")}
            </th>
            <th scope="col" class="num">
              {t("finpub.col.amount")}
            </th>
          </tr>
        </thead>
        <For each={groups()}>
          {(g) => (
            <tbody class={g.direction === "income" ? "is-income" : "is-expense"}>
              <tr class="finpub-group-row">
                <th scope="rowgroup" colspan="3">
                  {t(g.direction === "income" ? "finpub.byCategory.incomeGroup" : "finpub.byCategory.expenseGroup")}
                </th>
              </tr>
              <Show
                when={g.items.length > 0}
                fallback={
                  <tr>
                    <td colspan="3" class="muted">
                      {t("finpub.byCategory.none")}
                    </td>
                  </tr>
                }
              >
                <For each={g.items}>
                  {(c) => (
                    <tr data-category={c.category}>
                      <td>{c.label}</td>
                      <td class="num">{c.count}</td>
                      <td class="num">{formatYuan(c.amountFen)}</td>
                    </tr>
                  )}
                </For>
              </Show>
              <tr class="finpub-subtotal">
                <th scope="row" colspan="2">
                  {t(g.direction === "income" ? "finpub.incomeTotal" : "finpub.expenseTotal")}
                </th>
                <td class="num">{formatYuan(g.totalFen)}</td>
              </tr>
            </tbody>
          )}
        </For>
      </table>
    </div>
  );
}
