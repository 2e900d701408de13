import { createInfiniteQuery } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { t, type Key } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";
import { Empty, ErrorBox, Loading } from "../States";
import { Pager } from "./Pager";

const ACTIONS = new Set([
  "notice.create",
  "notice.update",
  "notice.submit",
  "notice.publish",
  "notice.schedule",
  "notice.correct",
  "notice.withdraw",
  "attachment.upload",
  "attachment.remove",
  "community.create",
  "community.updateProfile",
  "user.create",
  "user.resetPassword",
  "user.disable",
  "user.enable",
  "user.changePassword",
]);
const ENTITIES = new Set(["notice", "attachment", "community", "user"]);

export const actionLabel = (action: string) => (ACTIONS.has(action) ? t(`adm.audit.a.${action}` as Key) : action);
const entityLabel = (entity: string) => (ENTITIES.has(entity) ? t(`adm.audit.e.${entity}` as Key) : entity);

function Json(props: { value: unknown }) {
  return (
    <Show
      when={props.value !== null && props.value !== undefined}
      fallback={<p class="muted">{t("adm.audit.none")}</p>}
    >
      <pre class="json">{JSON.stringify(props.value, null, 2)}</pre>
    </Show>
  );
}

/**
 * The append-only audit log, newest first, with before/after of each change on demand.
 * `communityId` narrows a street's log to one community; `communityNames` adds a community column.
 * `noticeHref` links notice records to where they can be opened.
 */
export function AuditTable(props: {
  communityId?: string;
  communityNames?: Record<string, string>;
  noticeHref?: (id: string) => string;
}) {
  const query = createInfiniteQuery(() => ({
    queryKey: ["audit.list", props.communityId ?? "all"],
    queryFn: ({ pageParam }) =>
      api.audit.list.query({ communityId: props.communityId || undefined, cursor: pageParam, limit: 30 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  }));
  const rows = () => query.data?.pages.flatMap((p) => p.items) ?? [];
  const [open, setOpen] = createSignal<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const columns = () => (props.communityNames ? 6 : 5);

  return (
    <Show when={!query.isPending} fallback={<Loading />}>
      <Show when={!query.isError} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
        <Show when={rows().length} fallback={<Empty>{t("adm.audit.empty")}</Empty>}>
          <div class="table-wrap">
            <table class="table table-stack audit-table">
              <thead>
                <tr>
                  <th scope="col">{t("adm.audit.time")}</th>
                  <Show when={props.communityNames}>
                    <th scope="col">{t("adm.audit.community")}</th>
                  </Show>
                  <th scope="col">{t("adm.audit.actor")}</th>
                  <th scope="col">{t("adm.audit.action")}</th>
                  <th scope="col">{t("adm.audit.entity")}</th>
                  <th scope="col">{t("adm.audit.details")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(r) => {
                    const expanded = () => open().has(r.id);
                    const detailId = `audit-${r.id}`;
                    return (
                      <>
                        <tr data-action={r.action}>
                          <td class="nowrap" data-label={t("adm.audit.time")}>
                            {formatDateTime(r.at)}
                          </td>
                          <Show when={props.communityNames}>
                            {(names) => (
                              <td data-label={t("adm.audit.community")}>
                                {(r.communityId && names()[r.communityId]) || "—"}
                              </td>
                            )}
                          </Show>
                          <td data-label={t("adm.audit.actor")}>{r.actorName}</td>
                          <td data-label={t("adm.audit.action")}>{actionLabel(r.action)}</td>
                          <td data-label={t("adm.audit.entity")}>
                            {entityLabel(r.entity)}{" "}
                            <Show
                              when={r.entity === "notice" && props.noticeHref}
                              fallback={<span class="mono muted">{r.entityId.slice(-8)}</span>}
                            >
                              {(href) => (
                                <a class="mono" href={href()(r.entityId)}>
                                  {r.entityId.slice(-8)}
                                </a>
                              )}
                            </Show>
                          </td>
                          <td data-label={t("adm.audit.details")}>
                            <button
                              type="button"
                              class="btn-link"
                              aria-expanded={expanded()}
                              aria-controls={detailId}
                              onClick={() => toggle(r.id)}
                            >
                              {expanded() ? t("adm.audit.hide") : t("adm.audit.show")}
                            </button>
                          </td>
                        </tr>
                        <Show when={expanded()}>
                          <tr id={detailId} class="audit-detail">
                            <td colSpan={columns()}>
                              <div class="grid grid-2">
                                <div>
                                  <h3>{t("adm.audit.before")}</h3>
                                  <Json value={r.before} />
                                </div>
                                <div>
                                  <h3>{t("adm.audit.after")}</h3>
                                  <Json value={r.after} />
                                </div>
                              </div>
                            </td>
                          </tr>
                        </Show>
                      </>
                    );
                  }}
                </For>
              </tbody>
            </table>
          </div>
          <Pager hasMore={query.hasNextPage} loading={query.isFetchingNextPage} onMore={() => query.fetchNextPage()} />
        </Show>
      </Show>
    </Show>
  );
}
