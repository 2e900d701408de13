import { A, useSearchParams } from "@solidjs/router";
import { createInfiniteQuery } from "@tanstack/solid-query";
import { For, Show } from "solid-js";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { Pager } from "../../components/console/Pager";
import { categoryName, isWriter, StatusBadge, useConsoleUser, type NoticeStatus } from "../../components/console/user";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

const STATUSES: NoticeStatus[] = ["draft", "submitted", "scheduled", "published", "withdrawn"];

/** Every notice of the community, drafts included, filtered by status. */
export default function Notices() {
  const user = useConsoleUser();
  const [params, setParams] = useSearchParams<{ status?: string }>();
  const status = () => STATUSES.find((s) => s === params.status);
  const communityId = () => user().community!.id;
  const kind = () => user().community?.kind;

  const query = createInfiniteQuery(() => ({
    queryKey: ["notices.drafts", communityId(), status() ?? "all"],
    queryFn: ({ pageParam }) =>
      api.notices.drafts.query({ communityId: communityId(), status: status(), cursor: pageParam, limit: 20 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  }));
  const items = () => query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div class="console-page">
      <div class="page-head">
        <h1>{t("adm.notices.title")}</h1>
        <Show when={isWriter(user().role)}>
          <A href="/admin/notices/new" class="btn btn-primary">
            {t("adm.notices.new")}
          </A>
        </Show>
      </div>

      <div class="tabs" role="group" aria-label={t("adm.tabs.label")}>
        <button type="button" class="tab" aria-pressed={!status()} onClick={() => setParams({ status: undefined })}>
          {t("adm.tab.all")}
        </button>
        <For each={STATUSES}>
          {(s) => (
            <button
              type="button"
              class="tab"
              data-status={s}
              aria-pressed={status() === s}
              onClick={() => setParams({ status: s })}
            >
              {t(`adm.status.${s}`)}
            </button>
          )}
        </For>
      </div>

      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={!query.isError} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          <Show
            when={items().length}
            fallback={<Empty>{status() ? t("adm.notices.emptyStatus") : t("adm.notices.empty")}</Empty>}
          >
            <ul class="list card notice-admin-list">
              <For each={items()}>
                {(n) => (
                  <li data-notice-id={n.id}>
                    <div class="notice-row-title">
                      <A href={`/admin/notices/${n.id}`}>{n.title || t("adm.notices.untitled")}</A>
                    </div>
                    <div class="meta adm-meta">
                      <StatusBadge status={n.status} />
                      <Show when={n.pinned}>
                        <span class="badge badge-warn">{t("adm.notices.pinned")}</span>
                      </Show>
                      <span>{categoryName(n.category, kind())}</span>
                      <Show when={n.version > 0}>
                        <span>{t("adm.notices.version", { n: n.version })}</span>
                      </Show>
                      <Show when={n.status === "scheduled" && n.scheduledAt}>
                        <span>{t("adm.notices.scheduledFor", { time: formatDateTime(n.scheduledAt) })}</span>
                      </Show>
                      <span>{t("adm.notices.updated", { time: formatDateTime(n.updatedAt) })}</span>
                    </div>
                  </li>
                )}
              </For>
            </ul>
            <Pager
              hasMore={query.hasNextPage}
              loading={query.isFetchingNextPage}
              onMore={() => query.fetchNextPage()}
            />
          </Show>
        </Show>
      </Show>
    </div>
  );
}
