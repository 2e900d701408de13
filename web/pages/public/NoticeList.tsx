import { A, useParams, useSearchParams } from "@solidjs/router";
import { createInfiniteQuery, createQuery } from "@tanstack/solid-query";
import { For, Show } from "solid-js";
import { Empty } from "../../components/States";
import { NoticeRow } from "../../components/public/NoticeRow";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery } from "../../components/public/queries";
import { localName, retryUnlessNotFound, useTitle } from "../../components/public/util";
import { lang, t } from "../../i18n";
import { api } from "../../lib/trpc";
import { categoryLabel, NOTICE_CATEGORY_CODES, type NoticeCategory } from "../../../shared/rules/categories";

const PAGE = 20;

/** "/:street/:community/notices": every published (and withdrawn) notice, filterable by category. */
export default function NoticeList() {
  const params = useParams<{ street: string; community: string }>();
  const [search] = useSearchParams<{ category?: string }>();
  const category = (): NoticeCategory | undefined =>
    NOTICE_CATEGORY_CODES.includes(search.category as NoticeCategory) ? (search.category as NoticeCategory) : undefined;
  const community = createQuery(() => communityQuery(params.street, params.community));
  const kind = () => community.data?.kind ?? "urban";
  const base = () => `/${params.street}/${params.community}`;

  const list = createInfiniteQuery(() => ({
    queryKey: ["notices.list", params.street, params.community, category() ?? "all"],
    queryFn: ({ pageParam }: { pageParam: string | undefined }) =>
      api.notices.list.query({
        street: params.street,
        community: params.community,
        category: category(),
        cursor: pageParam,
        limit: PAGE,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined,
    retry: retryUnlessNotFound,
  }));

  const heading = () => (category() ? categoryLabel(category()!, kind(), lang()) : t("pub.list.title"));
  useTitle(() => (community.data ? `${heading()} · ${localName(community.data)}` : heading()));

  const tabs = () => [
    { code: undefined, label: t("pub.list.all") },
    ...NOTICE_CATEGORY_CODES.map((code) => ({ code, label: categoryLabel(code, kind(), lang()) })),
  ];

  return (
    <>
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={base()}>{community.data ? `← ${localName(community.data)}` : t("pub.backCommunity")}</A>
      </nav>
      <h1>{heading()}</h1>
      <nav class="chips" aria-label={t("pub.list.categories")}>
        <For each={tabs()}>
          {(tab) => (
            <a
              href={tab.code ? `${base()}/notices?category=${tab.code}` : `${base()}/notices`}
              class="chip"
              aria-current={tab.code === category() ? "page" : undefined}
            >
              {tab.label}
            </a>
          )}
        </For>
      </nav>
      <PageQuery query={list}>
        {(data) => {
          const items = () => data.pages.flatMap((p) => p.items);
          return (
            <Show when={items().length > 0} fallback={<Empty>{t("pub.list.empty")}</Empty>}>
              <div class="card">
                <ul class="list">
                  <For each={items()}>
                    {(item) => (
                      <NoticeRow
                        item={item}
                        street={params.street}
                        community={params.community}
                        kind={kind()}
                        showCategory={!category()}
                        showPinned
                      />
                    )}
                  </For>
                </ul>
              </div>
              <Show when={list.isFetchNextPageError}>
                <p class="error" role="alert">
                  {t("pub.list.moreFailed")}
                </p>
              </Show>
              <Show when={list.hasNextPage}>
                <div class="btn-row">
                  <button
                    type="button"
                    class="btn"
                    disabled={list.isFetchingNextPage}
                    onClick={() => list.fetchNextPage()}
                  >
                    {list.isFetchingNextPage ? t("state.loading") : t("action.more")}
                  </button>
                </div>
              </Show>
            </Show>
          );
        }}
      </PageQuery>
    </>
  );
}
