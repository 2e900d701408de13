import { A, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { For, Show } from "solid-js";
import QrCode from "../../components/public/QrCode";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery } from "../../components/public/queries";
import { isNotFound, localName, useTitle } from "../../components/public/util";
import {
  CategoryTable,
  PeriodNotFound,
  categoryName,
  label,
  periodPath,
  publishedQuery,
  reviewLine,
  yuan,
  type PublishedPeriod,
} from "../../components/finance/PublicFinance";
import { registerStrings, t } from "../../i18n";
import { financePublicStrings } from "../../i18n/finance-public";
import { formatDateTime } from "../../lib/format";
import { isPeriodKey } from "../../../shared/rules/finance";
import { formatYuan } from "../../../shared/rules/money";

registerStrings(financePublicStrings);

/** "/:street/:community/finance/:period/print": an A4 sheet for the notice board, with a QR code back online. */
export default function FinancePrint() {
  const params = useParams<{ street: string; community: string; period: string }>();
  const valid = () => isPeriodKey(params.period);
  const community = createQuery(() => communityQuery(params.street, params.community));
  const query = createQuery(() => ({
    ...publishedQuery(params.street, params.community, params.period),
    enabled: valid(),
  }));
  const missing = () => !valid() || (query.isError && isNotFound(query.error));
  const name = (p: PublishedPeriod) => (community.data ? localName(community.data) : p.community.name);
  const title = (p: PublishedPeriod) => t("finpub.periodTitle", { community: name(p), period: label(p.period) });
  useTitle(() => (query.data ? `${t("finpub.print")} · ${title(query.data)}` : t("finpub.print")));

  return (
    <Show
      when={!missing()}
      fallback={<PeriodNotFound street={params.street} community={params.community} period={params.period} />}
    >
      <PageQuery query={query}>
        {(p) => {
          const onlinePath = () => periodPath(params.street, params.community, p.period);
          const onlineUrl = () => location.origin + onlinePath();
          return (
            <>
              <div class="btn-row no-print">
                <button
                  type="button"
                  class="btn btn-primary"
                  onClick={() => window.print()}
                  data-testid="finance-print-button"
                >
                  {t("finpub.print")}
                </button>
                <A href={onlinePath()} class="btn">
                  {t("finpub.printView.back")}
                </A>
              </div>
              <p class="meta no-print">{t("finpub.printView.hint")}</p>

              <div class="print-sheet finpub-print">
                <header class="print-head">
                  <p class="print-community">{name(p)}</p>
                  <h1 data-testid="finance-period-title">{title(p)}</h1>
                  <p class="meta">{t("finpub.range", { from: p.startsOn, to: p.endsOn })}</p>
                </header>

                <p class="finpub-ledger-line">
                  <span>{t("finpub.opening")}</span> <strong>{yuan(p.openingBalanceFen)}</strong>
                </p>

                <div class="table-wrap">
                  <table class="table finpub-print-table" data-testid="finance-entries">
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
                      <For
                        each={p.entries}
                        fallback={
                          <tr>
                            <td colspan="7" class="muted">
                              {t("finpub.entries.none")}
                            </td>
                          </tr>
                        }
                      >
                        {(e) => (
                          <tr>
                            <td class="nowrap">{e.date}</td>
                            <td class="nowrap">
                              {t(e.direction === "income" ? "finpub.dir.income" : "finpub.dir.expense")}
                            </td>
                            <td>{categoryName(e.category, p.categories)}</td>
                            <td class="num nowrap">{formatYuan(e.amountFen)}</td>
                            <td>
                              {e.summary}
                              <Show when={e.adjusts}>
                                {(a) => (
                                  <div class="meta">
                                    {t("finpub.adjusts", { period: a().period })}
                                    {a().summary}
                                  </div>
                                )}
                              </Show>
                              <For each={e.adjustedBy}>
                                {(b) => <div class="meta">{t("finpub.adjustedBy", { period: b.period })}</div>}
                              </For>
                            </td>
                            <td>{e.counterparty}</td>
                            <td class="mono">{e.voucherNo}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>

                <dl class="finpub-ledger-totals">
                  <div class="is-income">
                    <dt>{t("finpub.incomeTotal")}</dt>
                    <dd>{yuan(p.incomeFen)}</dd>
                  </div>
                  <div class="is-expense">
                    <dt>{t("finpub.expenseTotal")}</dt>
                    <dd>{yuan(p.expenseFen)}</dd>
                  </div>
                  <div class="is-closing">
                    <dt>{t("finpub.closing")}</dt>
                    <dd>{yuan(p.closingBalanceFen)}</dd>
                  </div>
                </dl>

                <Show when={p.totalsByCategory.length > 0}>
                  <h2>{t("finpub.byCategory.title")}</h2>
                  <CategoryTable period={p} />
                </Show>

                <footer class="print-foot">
                  <div class="print-facts">
                    <p>
                      <strong>{reviewLine(p)}</strong>
                      <Show when={p.reviewedAt}> · {formatDateTime(p.reviewedAt)}</Show>
                    </p>
                    <dl class="kv">
                      <dt>{t("finpub.published")}</dt>
                      <dd>{formatDateTime(p.publishedAt)}</dd>
                      <dt>{t("finpub.hash.title")}</dt>
                      <dd class="mono" data-testid="print-hash">
                        {p.contentHash}
                      </dd>
                    </dl>
                    <p class="print-verify">{t("finpub.printView.verify")}</p>
                  </div>
                  <figure class="print-qr" data-testid="finance-qr">
                    <QrCode value={onlineUrl()} label={t("finpub.printView.qrLabel", { url: onlineUrl() })} />
                    <figcaption class="meta finpub-qr-url">{onlineUrl()}</figcaption>
                  </figure>
                </footer>
              </div>
            </>
          );
        }}
      </PageQuery>
    </Show>
  );
}
