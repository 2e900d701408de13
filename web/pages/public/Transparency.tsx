import { A, useParams, useSearchParams } from "@solidjs/router";
import { createInfiniteQuery, createQuery } from "@tanstack/solid-query";
import { createEffect, createSignal, For, Show } from "solid-js";
import { Empty } from "../../components/States";
import { ChainVerifier } from "../../components/public/ChainVerifier";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery, type LogEntry } from "../../components/public/queries";
import { localName, noticePath, retryUnlessNotFound, shortHash, useTitle } from "../../components/public/util";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

const PAGE = 50;
const HEX64 = /^[0-9a-f]{64}$/;

function kindLabel(e: Pick<LogEntry, "kind" | "version">): string {
  if (e.kind === "notice") return e.version > 1 ? t("pub.log.kind.correct") : t("pub.log.kind.publish");
  if (e.kind === "notice.withdrawal") return t("pub.log.kind.withdraw");
  if (e.kind === "finance.period") return t("pub.log.kind.finance");
  if (e.kind === "poll.result") return t("pub.log.kind.poll");
  if (e.kind === "assessment.result") return t("pub.log.kind.assessment");
  return e.kind;
}

/** "/:street/:community/transparency": the community's public hash chain, checkable in the browser. */
export default function Transparency() {
  const params = useParams<{ street: string; community: string }>();
  const [search, setSearch] = useSearchParams<{ seq?: string; hash?: string }>();
  const community = createQuery(() => communityQuery(params.street, params.community));
  const base = () => `/${params.street}/${params.community}`;
  useTitle(() => (community.data ? `${t("pub.log.title")} · ${localName(community.data)}` : t("pub.log.title")));

  const log = createInfiniteQuery(() => ({
    queryKey: ["transparency.log", params.street, params.community],
    queryFn: ({ pageParam }: { pageParam: string | undefined }) =>
      api.transparency.log.query({
        street: params.street,
        community: params.community,
        cursor: pageParam,
        limit: PAGE,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined,
    retry: retryUnlessNotFound,
  }));
  const entries = () => log.data?.pages.flatMap((p) => p.items) ?? [];

  // ?seq=N (from a notice's version history): load pages until that entry is shown, then scroll to it.
  const target = () => {
    const n = Number(search.seq);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  let scrolledTo: number | undefined;
  createEffect(() => {
    const seq = target();
    if (!seq || !log.data) return;
    const list = entries();
    const loaded = list.some((e) => e.seq === seq);
    if (!loaded && log.hasNextPage && !log.isFetchingNextPage && (list.at(-1)?.seq ?? 0) < seq) {
      void log.fetchNextPage();
    } else if (loaded && scrolledTo !== seq) {
      scrolledTo = seq;
      queueMicrotask(() => document.getElementById(`seq-${seq}`)?.scrollIntoView({ block: "center" }));
    }
  });

  // Look a content hash up (?hash= pre-fills it, e.g. from a notice page).
  const [hashInput, setHashInput] = createSignal(search.hash ?? "");
  const [hashError, setHashError] = createSignal<string | null>(null);
  const lookupHash = () => {
    const h = (search.hash ?? "").trim().toLowerCase();
    return HEX64.test(h) ? h : undefined;
  };
  const lookup = createQuery(() => ({
    queryKey: ["transparency.verify", params.street, params.community, lookupHash()],
    queryFn: () =>
      api.transparency.verify.query({ street: params.street, community: params.community, hash: lookupHash()! }),
    enabled: !!lookupHash(),
    retry: retryUnlessNotFound,
  }));

  // A finance period's record id maps to its period key through the published periods.
  const hasFinance = () =>
    entries().some((e) => e.kind === "finance.period") ||
    !!lookup.data?.entries.some((e) => e.kind === "finance.period");
  const finance = createQuery(() => ({
    queryKey: ["finance.summary", params.street, params.community],
    queryFn: () => api.finance.summary.query({ street: params.street, community: params.community }),
    enabled: hasFinance(),
    retry: retryUnlessNotFound,
  }));
  const recordPath = (e: Pick<LogEntry, "kind" | "recordId" | "version">) => {
    if (e.kind === "poll.result") return `${base()}/polls/${e.recordId}`;
    // The street's assessment result of a year: the record id is the year.
    if (e.kind === "assessment.result") return `/${params.street}/assessment?year=${encodeURIComponent(e.recordId)}`;
    if (e.kind !== "finance.period")
      return noticePath(params.street, params.community, e.recordId, e.kind === "notice" ? e.version : undefined);
    const period = finance.data?.periods.find((p) => p.id === e.recordId)?.period;
    return `${base()}/finance${period ? `/${period}` : ""}`;
  };
  const submitLookup = (e: SubmitEvent) => {
    e.preventDefault();
    const h = hashInput().trim().toLowerCase();
    if (!HEX64.test(h)) {
      setHashError(t("pub.log.lookup.invalid"));
      return;
    }
    setHashError(null);
    setSearch({ hash: h });
  };

  return (
    <>
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={base()}>{community.data ? `← ${localName(community.data)}` : t("pub.backCommunity")}</A>
      </nav>
      <h1>{t("pub.log.title")}</h1>
      <p class="muted">{t("pub.log.intro")}</p>

      <ChainVerifier street={params.street} community={params.community} recordPath={recordPath} />

      <section class="card" aria-labelledby="lookup-h">
        <h2 id="lookup-h">{t("pub.log.lookup.title")}</h2>
        <form class="form" onSubmit={submitLookup} novalidate>
          <div class="field">
            <label for="hash-lookup">{t("pub.log.lookup.label")}</label>
            <input
              id="hash-lookup"
              class="mono"
              name="hash"
              autocomplete="off"
              spellcheck={false}
              inputmode="text"
              maxLength={80}
              value={hashInput()}
              onInput={(e) => setHashInput(e.currentTarget.value)}
              aria-invalid={hashError() ? "true" : undefined}
              aria-describedby="hash-lookup-hint hash-lookup-error"
            />
            <span class="hint" id="hash-lookup-hint">
              {t("pub.log.lookup.hint")}
            </span>
            <span class="error" id="hash-lookup-error" role="alert">
              {hashError() ?? ""}
            </span>
          </div>
          <div>
            <button type="submit" class="btn">
              {t("pub.log.lookup.submit")}
            </button>
          </div>
        </form>
        <Show when={lookupHash()}>
          <div aria-live="polite" data-testid="lookup-result">
            <PageQuery query={lookup}>
              {(res) => (
                <Show when={res.found} fallback={<p class="banner banner-warn">✗ {t("pub.log.lookup.notFound")}</p>}>
                  <div class="banner banner-info">
                    <p>✓ {t("pub.log.lookup.found", { n: res.entries.length })}</p>
                    <ul>
                      <For each={res.entries}>
                        {(e) => (
                          <li>
                            <a href={`${base()}/transparency?seq=${e.seq}`}>#{e.seq}</a> · {kindLabel(e)} ·{" "}
                            {formatDateTime(e.at)} ·{" "}
                            <A href={recordPath(e)}>
                              {e.kind === "finance.period"
                                ? t("pub.log.viewFinance")
                                : e.kind === "assessment.result"
                                  ? kindLabel(e)
                                  : t("pub.log.viewRecord")}
                            </A>
                          </li>
                        )}
                      </For>
                    </ul>
                  </div>
                </Show>
              )}
            </PageQuery>
          </div>
        </Show>
      </section>

      <section aria-labelledby="entries-h">
        <h2 id="entries-h">{t("pub.log.entries")}</h2>
        <PageQuery query={log}>
          {() => (
            <Show when={entries().length > 0} fallback={<Empty>{t("pub.log.empty")}</Empty>}>
              <div class="table-wrap" tabindex="0" role="region" aria-labelledby="entries-h">
                <table class="table log-table">
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">{t("pub.log.col.time")}</th>
                      <th scope="col">{t("pub.log.col.kind")}</th>
                      <th scope="col">{t("pub.log.col.record")}</th>
                      <th scope="col">{t("pub.log.col.version")}</th>
                      <th scope="col">{t("pub.log.col.contentHash")}</th>
                      <th scope="col">{t("pub.log.col.entryHash")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={entries()}>
                      {(e) => (
                        <tr id={`seq-${e.seq}`} classList={{ "is-target": e.seq === target() }}>
                          <td>{e.seq}</td>
                          <td class="when">{formatDateTime(e.at)}</td>
                          <td>{kindLabel(e)}</td>
                          <td>
                            <A href={recordPath(e)} title={e.recordId}>
                              {t("pub.log.viewShort")}
                            </A>
                          </td>
                          <td>{e.version}</td>
                          <td class="mono" title={e.contentHash}>
                            {shortHash(e.contentHash, 6)}
                          </td>
                          <td class="mono" title={e.entryHash}>
                            {shortHash(e.entryHash, 6)}
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <Show when={log.isFetchNextPageError}>
                <p class="error" role="alert">
                  {t("pub.list.moreFailed")}
                </p>
              </Show>
              <Show when={log.hasNextPage}>
                <div class="btn-row">
                  <button
                    type="button"
                    class="btn"
                    disabled={log.isFetchingNextPage}
                    onClick={() => log.fetchNextPage()}
                  >
                    {log.isFetchingNextPage ? t("state.loading") : t("action.more")}
                  </button>
                </div>
              </Show>
            </Show>
          )}
        </PageQuery>
        <p class="meta">
          {t("pub.log.openData")}{" "}
          <a href={`/api/open/v1/${params.street}/${params.community}/transparency`} rel="external" target="_blank">
            JSON
          </a>
        </p>
      </section>
    </>
  );
}
