import { A, useSearchParams } from "@solidjs/router";
import { createInfiniteQuery } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { Pager } from "../../components/console/Pager";
import { useConsoleUser } from "../../components/console/user";
import {
  ageOf,
  isKeeper,
  isRegistryReader,
  OptionSelect,
  repLabel,
  ResidentBadges,
  useGrids,
  useGroups,
} from "../../components/registry/shared";
import { t } from "../../i18n";
import { api } from "../../lib/trpc";

type Params = { q?: string; grid?: string; group?: string; status?: string; adult?: string; rep?: string };

/** 居民登记: the registry, searched and filtered; phones are masked. */
export default function Residents() {
  const user = useConsoleUser();
  const communityId = () => user().community!.id;
  const [params, setParams] = useSearchParams<Params>();
  const [typed, setTyped] = createSignal(params.q ?? "");
  const grids = useGrids(communityId);
  const groups = useGroups(communityId);

  const status = () => (params.status === "active" || params.status === "moved_out" ? params.status : undefined);
  const adult = () => (params.adult === "yes" ? true : params.adult === "no" ? false : undefined);
  const rep = () => (params.rep === "household" || params.rep === "representative" ? params.rep : undefined);
  const filtered = () => Boolean(params.q || params.grid || params.group || status() || params.adult || rep());

  const query = createInfiniteQuery(() => ({
    queryKey: [
      "residents.list",
      communityId(),
      params.q ?? "",
      params.grid ?? "",
      params.group ?? "",
      status() ?? "",
      params.adult ?? "",
      rep() ?? "",
    ],
    queryFn: ({ pageParam }) =>
      api.residents.list.query({
        communityId: communityId(),
        q: params.q || undefined,
        gridId: params.grid || undefined,
        groupId: params.group || undefined,
        status: status(),
        adult: adult(),
        representative: rep(),
        cursor: pageParam,
        limit: 30,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: isRegistryReader(user().role),
  }));
  const items = () => query.data?.pages.flatMap((p) => p.items) ?? [];
  const total = () => query.data?.pages[0]?.total ?? 0;

  const filterSelect = (
    key: keyof Params,
    label: string,
    opts: { value: string; label: string }[] | (() => { value: string; label: string }[]),
  ) => {
    const id = `res-filter-${key}`;
    const list = () => (typeof opts === "function" ? opts() : opts);
    return (
      <div class="field">
        <label for={id}>{label}</label>
        <select
          id={id}
          name={key}
          value={params[key] ?? ""}
          onChange={(e) => setParams({ [key]: e.currentTarget.value || undefined })}
        >
          <option value="">{t("reg.filter.all")}</option>
          <For each={list()}>
            {(o) => (
              <option value={o.value} selected={o.value === (params[key] ?? "")}>
                {o.label}
              </option>
            )}
          </For>
        </select>
      </div>
    );
  };

  return (
    <div class="console-page">
      <div class="page-head">
        <h1>{t("reg.residents.title")}</h1>
        <Show when={isKeeper(user().role)}>
          <A href="/admin/residents/new" class="btn btn-primary">
            {t("reg.residents.new")}
          </A>
        </Show>
      </div>
      <Show when={user().role === "grid_worker"}>
        <p class="banner banner-info">{t("reg.residents.gridWorkerNote")}</p>
      </Show>

      <Show when={isRegistryReader(user().role)} fallback={<div class="banner banner-warn">{t("reg.noRight")}</div>}>
        <section class="card reg-filters" aria-label={t("reg.filter.label")}>
          <form
            role="search"
            class="reg-search"
            onSubmit={(e) => {
              e.preventDefault();
              setParams({ q: typed().trim() || undefined });
            }}
          >
            <label for="res-q" class="reg-search-label">
              {t("reg.residents.search")}
            </label>
            <div class="reg-search-row">
              <input
                id="res-q"
                name="q"
                type="search"
                autocomplete="off"
                placeholder={t("reg.residents.searchPlaceholder")}
                value={typed()}
                onInput={(e) => setTyped(e.currentTarget.value)}
              />
              <button type="submit" class="btn">
                {t("action.search")}
              </button>
            </div>
          </form>
          <div class="reg-filter-grid">
            <div class="field">
              <label for="res-filter-grid">{t("reg.field.grid")}</label>
              <OptionSelect
                id="res-filter-grid"
                name="grid"
                value={params.grid ?? ""}
                options={grids.data}
                empty={t("reg.filter.all")}
                onChange={(v) => setParams({ grid: v || undefined })}
              />
            </div>
            <div class="field">
              <label for="res-filter-group">{t("reg.field.group")}</label>
              <OptionSelect
                id="res-filter-group"
                name="group"
                value={params.group ?? ""}
                options={groups.data}
                empty={t("reg.filter.all")}
                onChange={(v) => setParams({ group: v || undefined })}
              />
            </div>
            {filterSelect("status", t("reg.field.status"), () => [
              { value: "active", label: t("reg.status.active") },
              { value: "moved_out", label: t("reg.status.moved_out") },
            ])}
            {filterSelect("adult", t("reg.filter.adult"), () => [
              { value: "yes", label: t("reg.adult.yes") },
              { value: "no", label: t("reg.adult.no") },
            ])}
            {filterSelect("rep", t("reg.filter.rep"), () => [
              { value: "household", label: t("reg.flag.householdRep") },
              { value: "representative", label: repLabel(user()) },
            ])}
          </div>
          <Show when={filtered()}>
            <button
              type="button"
              class="btn-link"
              onClick={() => {
                setTyped("");
                setParams({
                  q: undefined,
                  grid: undefined,
                  group: undefined,
                  status: undefined,
                  adult: undefined,
                  rep: undefined,
                });
              }}
            >
              {t("reg.filter.clear")}
            </button>
          </Show>
        </section>

        <Show when={!query.isPending} fallback={<Loading />}>
          <Show when={!query.isError} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
            <p class="meta" role="status" aria-live="polite" data-testid="residents-total">
              {t("reg.residents.total", { n: total() })}
            </p>
            <Show
              when={items().length}
              fallback={
                <Empty>
                  <p>{filtered() ? t("reg.residents.emptyFiltered") : t("reg.residents.empty")}</p>
                  <Show when={!filtered() && isKeeper(user().role)}>
                    <div class="btn-row reg-center">
                      <A href="/admin/residents/new" class="btn btn-primary">
                        {t("reg.residents.new")}
                      </A>
                      <A href="/admin/registry/import" class="btn">
                        {t("reg.nav.import")}
                      </A>
                    </div>
                  </Show>
                </Empty>
              }
            >
              <div class="table-wrap card flush">
                <table class="table table-stack reg-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("reg.field.name")}</th>
                      <th scope="col">{t("reg.field.age")}</th>
                      <th scope="col">{t("reg.field.phone")}</th>
                      <th scope="col">{t("reg.field.address")}</th>
                      <th scope="col">{t("reg.field.group")}</th>
                      <th scope="col">{t("reg.field.flags")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={items()}>
                      {(r) => (
                        <tr data-resident-id={r.id} classList={{ "reg-moved": r.status === "moved_out" }}>
                          <td data-label={t("reg.field.name")}>
                            <A href={`/admin/residents/${r.id}`} class="reg-name">
                              {r.name}
                            </A>
                          </td>
                          <td data-label={t("reg.field.age")} class="nowrap">
                            {t("reg.age", { n: ageOf(r.birthDate) })}
                          </td>
                          <td data-label={t("reg.field.phone")} class="mono nowrap">
                            {r.phone || "—"}
                          </td>
                          <td data-label={t("reg.field.address")}>{r.address ?? "—"}</td>
                          <td data-label={t("reg.field.group")}>{r.groupName ?? "—"}</td>
                          <td data-label={t("reg.field.flags")}>
                            <ResidentBadges user={user()} r={r} />
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <p class="meta">{t("reg.residents.shown", { shown: items().length, n: total() })}</p>
              <Pager
                hasMore={query.hasNextPage}
                loading={query.isFetchingNextPage}
                onMore={() => query.fetchNextPage()}
              />
            </Show>
          </Show>
        </Show>
      </Show>
    </div>
  );
}
