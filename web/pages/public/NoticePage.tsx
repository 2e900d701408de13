import { A, useParams, useSearchParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { createSignal, For, lazy, Show, Suspense } from "solid-js";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery, noticeQuery, type PublicNotice } from "../../components/public/queries";
import { copyText, localName, noticePath, shortHash, useTitle } from "../../components/public/util";
import { lang, t } from "../../i18n";
import { errorMessage } from "../../lib/trpc";
import { formatBytes, formatDate, formatDateTime } from "../../lib/format";
import { categoryLabel } from "../../../shared/rules/categories";
import { publicityDaysLeft } from "../../../shared/rules/notices";
import { useMe } from "../../lib/session";

// The QR code library only loads when someone opens the share dialog.
const ShareDialog = lazy(() => import("../../components/public/ShareDialog"));
// Only residents of this community get the 已阅 / query panel, so its code loads for them alone.
const ResidentPanel = lazy(() => import("../../components/public/ResidentPanel"));

/** "/:street/:community/notices/:id" (?v=N for an older version): one public notice. */
export default function NoticePage() {
  const params = useParams<{ street: string; community: string; id: string }>();
  const [search] = useSearchParams<{ v?: string }>();
  const requested = () => {
    const n = Number(search.v);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const community = createQuery(() => communityQuery(params.street, params.community));
  const query = createQuery(() => noticeQuery(params.street, params.community, params.id, requested()));
  const kind = () => community.data?.kind ?? "urban";
  const communityName = () => (community.data ? localName(community.data) : "");
  const base = () => `/${params.street}/${params.community}`;
  const me = useMe();
  const myCommunity = () =>
    me.data?.role === "resident" &&
    me.data.street?.slug === params.street &&
    me.data.community?.slug === params.community;
  useTitle(() => query.data?.current.title ?? (query.isError ? errorMessage(query.error) : undefined));

  const [share, setShare] = createSignal<{ text: string; url: string } | null>(null);

  const openShare = (n: PublicNotice) => {
    const historic = n.shownVersion !== n.version;
    const url =
      location.origin + noticePath(params.street, params.community, n.id, historic ? n.shownVersion : undefined);
    const text = t("pub.share.summary", {
      community: communityName(),
      category: categoryLabel(n.current.category, kind(), lang()),
      title: n.current.title + (n.status === "withdrawn" ? t("pub.share.withdrawnSuffix") : ""),
      published: formatDate(n.current.publishedAt),
      ends: formatDate(n.current.publicityEndsAt),
      url,
    });
    setShare({ text, url });
  };

  return (
    <article class="notice-page">
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={base()}>{community.data ? `← ${communityName()}` : t("pub.backCommunity")}</A>
        {" · "}
        <A href={`${base()}/notices`}>{t("pub.list.title")}</A>
      </nav>
      <PageQuery query={query}>
        {(n) => {
          const historic = () => n.shownVersion !== n.version;
          const [hashCopied, setHashCopied] = createSignal<"" | "ok" | "fail">("");
          let hashEl: HTMLElement | undefined;
          const daysLeft = () => publicityDaysLeft(n.current.publicityEndsAt, Date.now());
          const printHref = () =>
            `${base()}/notices/${encodeURIComponent(n.id)}/print${historic() ? `?v=${n.shownVersion}` : ""}`;
          return (
            <>
              <Show when={historic()}>
                <div class="banner banner-warn" role="note">
                  <strong>{t("pub.notice.historic", { n: n.shownVersion })}</strong>{" "}
                  <A href={noticePath(params.street, params.community, n.id)}>
                    {t("pub.notice.toCurrent", { n: n.version })}
                  </A>
                </div>
              </Show>

              <h1 class="notice-h1">{n.current.title}</h1>
              <p class="head-badges">
                <span class="badge badge-muted">{categoryLabel(n.current.category, kind(), lang())}</span>{" "}
                <span class={`badge ${n.shownVersion > 1 ? "badge-warn" : "badge-muted"}`} data-testid="notice-version">
                  {t("pub.notice.version", { n: n.shownVersion })}
                </span>{" "}
                <Show when={n.status === "withdrawn"}>
                  <span class="badge badge-bad">{t("pub.badge.withdrawn")}</span>
                </Show>
              </p>
              <dl class="kv notice-meta">
                <dt>{t("pub.notice.published")}</dt>
                <dd>
                  <time datetime={new Date(n.current.publishedAt).toISOString()}>
                    {formatDateTime(n.current.publishedAt)}
                  </time>
                </dd>
                <Show when={n.shownVersion > 1 && n.firstPublishedAt}>
                  <dt>{t("pub.notice.firstPublished")}</dt>
                  <dd>{formatDateTime(n.firstPublishedAt)}</dd>
                </Show>
                <dt>{t("pub.notice.publicityUntil")}</dt>
                <dd>
                  {formatDate(n.current.publicityEndsAt)}{" "}
                  <Show when={n.status !== "withdrawn" && !historic()}>
                    <span class={`badge ${daysLeft() > 0 ? "badge-ok" : "badge-muted"}`}>
                      {daysLeft() > 0 ? t("pub.notice.daysLeft", { n: daysLeft() }) : t("pub.notice.publicityEnded")}
                    </span>
                  </Show>
                </dd>
              </dl>

              <Show when={n.withdrawal}>
                {(w) => (
                  <div class="banner banner-bad" role="note" data-testid="withdrawn-banner">
                    <strong>{t("pub.notice.withdrawnTitle")}</strong>
                    <dl class="kv">
                      <dt>{t("pub.notice.withdrawnAt")}</dt>
                      <dd>{formatDateTime(w().at)}</dd>
                      <dt>{t("pub.notice.withdrawReason")}</dt>
                      <dd>{w().reason}</dd>
                    </dl>
                    <Show when={w().replacedBy}>
                      {(r) => (
                        <p>
                          <A href={noticePath(params.street, params.community, r())}>{t("pub.notice.replacement")}</A>
                        </p>
                      )}
                    </Show>
                    <p class="meta">{t("pub.notice.withdrawnKept")}</p>
                  </div>
                )}
              </Show>

              <Show when={n.current.changeNote}>
                <div class="banner banner-info" role="note">
                  <strong>{t("pub.notice.changeNote", { n: n.shownVersion })}</strong> {n.current.changeNote}
                </div>
              </Show>

              <div class="markdown card notice-body" innerHTML={n.current.bodyHtml} />

              <Show when={n.current.attachments.length > 0}>
                <section class="card" aria-labelledby="files-h">
                  <h2 id="files-h">{t("pub.notice.attachments")}</h2>
                  <ul class="list">
                    <For each={n.current.attachments}>
                      {(f) => (
                        <li>
                          <a href={`/files/${encodeURIComponent(f.id)}`} rel="external noopener" target="_blank">
                            {f.name}
                          </a>
                          <div class="meta">
                            {formatBytes(f.size)} · SHA-256{" "}
                            <span class="mono" title={f.sha256}>
                              {shortHash(f.sha256, 16)}
                            </span>
                          </div>
                        </li>
                      )}
                    </For>
                  </ul>
                </section>
              </Show>

              <Show when={!historic()}>
                <Show when={myCommunity()}>
                  <Suspense>
                    <ResidentPanel
                      id={n.id}
                      open={n.status === "published" && n.current.publicityEndsAt > Date.now()}
                    />
                  </Suspense>
                </Show>
                <Show when={!me.isPending && !me.data}>
                  <p class="meta no-print">
                    <A href={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>
                      {t("res.loginHint")}
                    </A>
                  </p>
                </Show>
              </Show>

              <Show when={n.questions.length > 0}>
                <section class="card" aria-labelledby="qa-h" data-testid="public-qa">
                  <h2 id="qa-h">{t("res.qa.title")}</h2>
                  <p class="meta">{t("res.qa.hint")}</p>
                  <ul class="list">
                    <For each={n.questions}>
                      {(q) => (
                        <li>
                          <p>
                            <span class="badge badge-muted">{t(`res.kind.${q.kind}`)}</span>{" "}
                            <span class="pre-line">{q.text}</span>
                          </p>
                          <p class="meta">{t("res.askedAt", { at: formatDate(q.createdAt) })}</p>
                          <Show when={q.answer}>
                            <p class="pre-line">
                              <strong>{t("res.answer")}</strong>
                              {q.answer}
                            </p>
                            <p class="meta">{t("res.answeredAt", { at: formatDate(q.answeredAt) })}</p>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </section>
              </Show>

              <div class="btn-row no-print">
                <button type="button" class="btn btn-primary" onClick={() => openShare(n)}>
                  {t("pub.notice.share")}
                </button>
                <A href={printHref()} class="btn">
                  {t("action.print")}
                </A>
                <Show when={!historic()}>
                  <A href={`${base()}/ask?notice=${encodeURIComponent(n.id)}`} class="btn" data-testid="notice-dispute">
                    {t("pub.notice.dispute")}
                  </A>
                </Show>
              </div>

              <section class="card" aria-labelledby="hash-h">
                <h2 id="hash-h">{t("pub.notice.hashTitle", { n: n.shownVersion })}</h2>
                <p class="meta">{t("pub.notice.hashHint")}</p>
                <p>
                  <code class="mono hash-full" ref={hashEl} data-testid="content-hash">
                    {n.current.contentHash}
                  </code>
                </p>
                <div class="btn-row">
                  <button
                    type="button"
                    class="btn"
                    aria-live="polite"
                    onClick={async () => setHashCopied((await copyText(n.current.contentHash, hashEl)) ? "ok" : "fail")}
                  >
                    {hashCopied() === "ok"
                      ? t("pub.share.copied")
                      : hashCopied() === "fail"
                        ? t("pub.notice.copyHashFailed")
                        : t("pub.notice.copyHash")}
                  </button>
                  <A href={`${base()}/transparency?hash=${n.current.contentHash}`} class="btn">
                    {t("pub.notice.verifyInLog")}
                  </A>
                </div>
              </section>

              <section class="card" aria-labelledby="versions-h">
                <h2 id="versions-h">{t("pub.notice.versions")}</h2>
                <ol class="list versions">
                  <Show when={n.withdrawal}>
                    {(w) => (
                      <li class="is-withdrawal">
                        <div>
                          <strong>{t("pub.notice.withdrawalEntry")}</strong>
                        </div>
                        <div class="meta">{formatDateTime(w().at)}</div>
                        <div>{w().reason}</div>
                        <Show when={w().contentHash}>
                          <div class="mono muted">{w().contentHash}</div>
                        </Show>
                        <Show when={w().logSeq}>
                          <div class="link-row">
                            <A href={`${base()}/transparency?seq=${w().logSeq}`}>
                              {t("pub.notice.logPosition", { seq: w().logSeq! })}
                            </A>
                          </div>
                        </Show>
                      </li>
                    )}
                  </Show>
                  <For each={[...n.versions].reverse()}>
                    {(v) => (
                      <li classList={{ "is-shown": v.version === n.shownVersion }}>
                        <div>
                          <strong>{t("pub.notice.version", { n: v.version })}</strong>{" "}
                          <Show when={v.version === n.version}>
                            <span class="badge badge-info">{t("pub.notice.currentBadge")}</span>
                          </Show>{" "}
                          <Show when={v.version === n.shownVersion}>
                            <span class="badge badge-muted">{t("pub.notice.shownBadge")}</span>
                          </Show>
                        </div>
                        <div class="meta">{formatDateTime(v.publishedAt)}</div>
                        <div>{v.changeNote || (v.version === 1 ? t("pub.notice.firstVersion") : "")}</div>
                        <div class="mono muted" title={t("pub.notice.hashLabel")}>
                          {v.contentHash}
                        </div>
                        <div class="link-row">
                          <Show when={v.version !== n.shownVersion}>
                            <A
                              href={noticePath(
                                params.street,
                                params.community,
                                n.id,
                                v.version === n.version ? undefined : v.version,
                              )}
                            >
                              {t("pub.notice.viewVersion", { n: v.version })}
                            </A>
                          </Show>
                          <Show when={v.logSeq}>
                            <A href={`${base()}/transparency?seq=${v.logSeq}`}>
                              {t("pub.notice.logPosition", { seq: v.logSeq! })}
                            </A>
                          </Show>
                        </div>
                      </li>
                    )}
                  </For>
                </ol>
              </section>
            </>
          );
        }}
      </PageQuery>
      <Show when={share()}>
        {(s) => (
          <Suspense>
            <ShareDialog text={s().text} url={s().url} onClose={() => setShare(null)} />
          </Suspense>
        )}
      </Show>
    </article>
  );
}
