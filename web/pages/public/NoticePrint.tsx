import { A, useParams, useSearchParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { For, Show } from "solid-js";
import QrCode from "../../components/public/QrCode";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery, noticeQuery } from "../../components/public/queries";
import { localName, noticePath, useTitle } from "../../components/public/util";
import { lang, t } from "../../i18n";
import { formatBytes, formatDate, formatDateTime } from "../../lib/format";
import { categoryLabel } from "../../../shared/rules/categories";

/** "/:street/:community/notices/:id/print": an A4 sheet for the notice board, with a QR code back online. */
export default function NoticePrint() {
  const params = useParams<{ street: string; community: string; id: string }>();
  const [search] = useSearchParams<{ v?: string }>();
  const requested = () => {
    const n = Number(search.v);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const community = createQuery(() => communityQuery(params.street, params.community));
  const query = createQuery(() => noticeQuery(params.street, params.community, params.id, requested()));
  const kind = () => community.data?.kind ?? "urban";
  useTitle(() => (query.data ? `${t("action.print")} · ${query.data.current.title}` : t("action.print")));

  return (
    <PageQuery query={query}>
      {(n) => {
        const historic = () => n.shownVersion !== n.version;
        const onlinePath = () =>
          noticePath(params.street, params.community, n.id, historic() ? n.shownVersion : undefined);
        const onlineUrl = () => location.origin + onlinePath();
        return (
          <>
            <div class="btn-row no-print">
              <button type="button" class="btn btn-primary" onClick={() => window.print()}>
                {t("action.print")}
              </button>
              <A href={onlinePath()} class="btn">
                {t("pub.print.back")}
              </A>
            </div>
            <p class="meta no-print">{t("pub.print.hint")}</p>

            <div class="print-sheet">
              <header class="print-head">
                <p class="print-community">
                  {community.data ? localName(community.data) : ""}
                  {community.data ? " · " : ""}
                  {categoryLabel(n.current.category, kind(), lang())}
                </p>
                <h1>{n.current.title}</h1>
                <Show when={historic()}>
                  <p class="banner banner-warn">{t("pub.notice.historic", { n: n.shownVersion })}</p>
                </Show>
                <Show when={n.withdrawal}>
                  {(w) => (
                    <div class="banner banner-bad">
                      <strong>{t("pub.notice.withdrawnTitle")}</strong> {formatDateTime(w().at)} · {w().reason}
                    </div>
                  )}
                </Show>
                <Show when={n.current.changeNote}>
                  <p class="banner banner-info">
                    <strong>{t("pub.notice.changeNote", { n: n.shownVersion })}</strong> {n.current.changeNote}
                  </p>
                </Show>
              </header>

              <div class="markdown" innerHTML={n.current.bodyHtml} />

              <Show when={n.current.attachments.length > 0}>
                <h2>{t("pub.notice.attachments")}</h2>
                <ul>
                  <For each={n.current.attachments}>
                    {(f) => (
                      <li>
                        {f.name} ({formatBytes(f.size)}) <span class="mono">SHA-256 {f.sha256}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>

              <footer class="print-foot">
                <div class="print-facts">
                  <dl class="kv">
                    <dt>{t("pub.notice.published")}</dt>
                    <dd>{formatDateTime(n.current.publishedAt)}</dd>
                    <dt>{t("pub.print.period")}</dt>
                    <dd>
                      {t("pub.print.periodValue", {
                        from: formatDate(n.current.publishedAt),
                        to: formatDate(n.current.publicityEndsAt),
                      })}
                    </dd>
                    <dt>{t("pub.print.versionLabel")}</dt>
                    <dd>{t("pub.notice.version", { n: n.shownVersion })}</dd>
                    <dt>{t("pub.notice.hashLabel")}</dt>
                    <dd class="mono" data-testid="print-hash">
                      {n.current.contentHash}
                    </dd>
                  </dl>
                  <p class="print-verify">{t("pub.print.verifyLine")}</p>
                </div>
                <figure class="print-qr">
                  <QrCode value={onlineUrl()} label={t("pub.share.qrLabel", { url: onlineUrl() })} />
                  <figcaption class="meta">{t("pub.print.qrCaption")}</figcaption>
                </figure>
              </footer>
            </div>
          </>
        );
      }}
    </PageQuery>
  );
}
