import { A, useSearchParams } from "@solidjs/router";
import { createInfiniteQuery, createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { Empty, ErrorBox, Loading } from "../../components/States";
import {
  createFormErrors,
  Field,
  fieldAria,
  FormAlert,
  note,
  SuccessNote,
  type Note,
} from "../../components/console/Field";
import { Pager } from "../../components/console/Pager";
import { useConsoleUser, type ConsoleUser } from "../../components/console/user";
import {
  ageOf,
  isKeeper,
  isRegistryReader,
  OptionSelect,
  ResidentBadges,
  useGrids,
  useGroups,
  type HouseholdRow,
} from "../../components/registry/shared";
import { t } from "../../i18n";
import { api } from "../../lib/trpc";

type Params = { q?: string; grid?: string; group?: string; open?: string };
type Expanded = { id: string; mode: "members" | "edit" } | null;

/** 户: households with their grid, group, members and representative. */
export default function Households() {
  const user = useConsoleUser();
  const communityId = () => user().community!.id;
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams<Params>();
  const [typed, setTyped] = createSignal(params.q ?? "");
  const [expanded, setExpanded] = createSignal<Expanded>(params.open ? { id: params.open, mode: "members" } : null);
  const [done, setDone] = createSignal<Note | null>(null);
  const grids = useGrids(communityId);
  const groups = useGroups(communityId);
  const keeper = () => isKeeper(user().role);

  const query = createInfiniteQuery(() => ({
    queryKey: ["residents.households.list", communityId(), params.q ?? "", params.grid ?? "", params.group ?? ""],
    queryFn: ({ pageParam }) =>
      api.residents.households.list.query({
        communityId: communityId(),
        q: params.q || undefined,
        gridId: params.grid || undefined,
        groupId: params.group || undefined,
        cursor: pageParam,
        limit: 30,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: isRegistryReader(user().role),
  }));
  const items = () => query.data?.pages.flatMap((p) => p.items) ?? [];
  const total = () => query.data?.pages[0]?.total ?? 0;
  const filtered = () => Boolean(params.q || params.grid || params.group);
  const refresh = () => qc.invalidateQueries({ queryKey: ["residents.households.list"] });
  const toggle = (id: string, mode: "members" | "edit") => {
    setDone(null);
    const cur = expanded();
    setExpanded(cur?.id === id && cur.mode === mode ? null : { id, mode });
  };

  return (
    <div class="console-page">
      <h1>{t("reg.households.title")}</h1>
      <p class="muted">{t("reg.households.intro")}</p>
      <Show when={isRegistryReader(user().role)} fallback={<div class="banner banner-warn">{t("reg.noRight")}</div>}>
        <SuccessNote note={done()} />
        <section class="card reg-filters" aria-label={t("reg.filter.label")}>
          <form
            role="search"
            class="reg-search"
            onSubmit={(e) => {
              e.preventDefault();
              setParams({ q: typed().trim() || undefined, open: undefined });
            }}
          >
            <label for="hh-q" class="reg-search-label">
              {t("reg.households.search")}
            </label>
            <div class="reg-search-row">
              <input
                id="hh-q"
                name="q"
                type="search"
                autocomplete="off"
                placeholder={t("reg.household.searchPlaceholder")}
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
              <label for="hh-filter-grid">{t("reg.field.grid")}</label>
              <OptionSelect
                id="hh-filter-grid"
                name="grid"
                value={params.grid ?? ""}
                options={grids.data}
                empty={t("reg.filter.all")}
                onChange={(v) => setParams({ grid: v || undefined })}
              />
            </div>
            <div class="field">
              <label for="hh-filter-group">{t("reg.field.group")}</label>
              <OptionSelect
                id="hh-filter-group"
                name="group"
                value={params.group ?? ""}
                options={groups.data}
                empty={t("reg.filter.all")}
                onChange={(v) => setParams({ group: v || undefined })}
              />
            </div>
          </div>
          <Show when={filtered()}>
            <button
              type="button"
              class="btn-link"
              onClick={() => {
                setTyped("");
                setParams({ q: undefined, grid: undefined, group: undefined, open: undefined });
              }}
            >
              {t("reg.filter.clear")}
            </button>
          </Show>
        </section>

        <Show when={!query.isPending} fallback={<Loading />}>
          <Show when={!query.isError} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
            <p class="meta" role="status" aria-live="polite">
              {t("reg.households.total", { n: total() })}
            </p>
            <Show
              when={items().length}
              fallback={<Empty>{filtered() ? t("reg.households.emptyFiltered") : t("reg.households.empty")}</Empty>}
            >
              <div class="table-wrap card flush">
                <table class="table table-stack reg-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("reg.field.address")}</th>
                      <th scope="col">{t("reg.field.grid")}</th>
                      <th scope="col">{t("reg.field.group")}</th>
                      <th scope="col">{t("reg.households.members")}</th>
                      <th scope="col">{t("reg.flag.householdRep")}</th>
                      <th scope="col">{t("reg.actions")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={items()}>
                      {(h) => {
                        const open = (mode: "members" | "edit") => expanded()?.id === h.id && expanded()?.mode === mode;
                        return (
                          <>
                            <tr data-household-id={h.id} classList={{ "reg-open": expanded()?.id === h.id }}>
                              <td data-label={t("reg.field.address")} class="reg-name">
                                {h.address}
                              </td>
                              <td data-label={t("reg.field.grid")}>{h.gridName ?? "—"}</td>
                              <td data-label={t("reg.field.group")}>{h.groupName ?? "—"}</td>
                              <td data-label={t("reg.households.members")}>{h.members}</td>
                              <td data-label={t("reg.flag.householdRep")}>
                                {h.repName ?? <span class="muted">{t("reg.households.noRep")}</span>}
                              </td>
                              <td data-label={t("reg.actions")}>
                                <div class="row-actions">
                                  <button
                                    type="button"
                                    class="btn btn-small"
                                    aria-expanded={open("members")}
                                    aria-controls={`hh-x-${h.id}`}
                                    onClick={() => toggle(h.id, "members")}
                                  >
                                    {t("reg.households.showMembers")}
                                  </button>
                                  <Show when={keeper()}>
                                    <button
                                      type="button"
                                      class="btn btn-small"
                                      aria-expanded={open("edit")}
                                      aria-controls={`hh-x-${h.id}`}
                                      onClick={() => toggle(h.id, "edit")}
                                    >
                                      {t("action.edit")}
                                    </button>
                                  </Show>
                                </div>
                              </td>
                            </tr>
                            <Show when={expanded()?.id === h.id}>
                              <tr class="reg-expand">
                                <td colSpan={6} id={`hh-x-${h.id}`}>
                                  <Show when={open("edit")} fallback={<Members household={h} user={user()} />}>
                                    <HouseholdForm
                                      user={user()}
                                      household={h}
                                      onCancel={() => setExpanded(null)}
                                      onDone={async () => {
                                        setExpanded(null);
                                        setDone(note("reg.households.saved", { address: h.address }));
                                        await refresh();
                                      }}
                                    />
                                  </Show>
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
              <Pager
                hasMore={query.hasNextPage}
                loading={query.isFetchingNextPage}
                onMore={() => query.fetchNextPage()}
              />
            </Show>
          </Show>
        </Show>

        <Show when={keeper()}>
          <section class="card" aria-labelledby="hh-new-h">
            <h2 id="hh-new-h">{t("reg.households.new")}</h2>
            <HouseholdForm
              user={user()}
              onDone={async (address) => {
                setDone(note("reg.households.created", { address }));
                await refresh();
              }}
            />
          </section>
        </Show>
      </Show>
    </div>
  );
}

/** The residents of one household (members and moved-out), each linked to their record. */
function Members(props: { household: HouseholdRow; user: ConsoleUser }) {
  const members = createQuery(() => ({
    queryKey: ["residents.list", props.user.community!.id, "household", props.household.id],
    queryFn: () =>
      api.residents.list.query({ communityId: props.user.community!.id, householdId: props.household.id, limit: 50 }),
  }));
  return (
    <div class="reg-members">
      <h3>{t("reg.households.membersOf", { address: props.household.address })}</h3>
      <Show when={!members.isPending} fallback={<Loading />}>
        <Show when={members.data} fallback={<ErrorBox error={members.error} retry={() => members.refetch()} />}>
          {(d) => (
            <Show when={d().items.length} fallback={<p class="muted">{t("reg.households.noMembers")}</p>}>
              <ul class="list">
                <For each={d().items}>
                  {(r) => (
                    <li data-resident-id={r.id}>
                      <A href={`/admin/residents/${r.id}`} class="reg-name">
                        {r.name}
                      </A>{" "}
                      <span class="meta">{t("reg.age", { n: ageOf(r.birthDate) })}</span>{" "}
                      <span class="mono meta">{r.phone}</span> <ResidentBadges user={props.user} r={r} />
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </Show>
      <Show when={isKeeper(props.user.role)}>
        <div class="btn-row">
          <A
            class="btn btn-small"
            href={`/admin/residents/new?household=${encodeURIComponent(props.household.id)}&address=${encodeURIComponent(props.household.address)}`}
          >
            {t("reg.households.addMember")}
          </A>
        </div>
      </Show>
    </div>
  );
}

/** Create a household, or (with `household`) change its address, grid and group. */
function HouseholdForm(props: {
  user: ConsoleUser;
  household?: HouseholdRow;
  onDone: (address: string) => unknown;
  onCancel?: () => void;
}) {
  const communityId = () => props.user.community!.id;
  const grids = useGrids(communityId);
  const groups = useGroups(communityId);
  const errors = createFormErrors();
  const p = props.household ? `hh-edit-${props.household.id}` : "hh-new";
  const initial = () => ({
    address: props.household?.address ?? "",
    gridId: props.household?.gridId ?? "",
    groupId: props.household?.groupId ?? "",
  });
  const [form, setForm] = createSignal(initial());
  const set = (k: "address" | "gridId" | "groupId", v: string) => setForm((f) => ({ ...f, [k]: v }));
  const save = createMutation(() => ({
    mutationFn: () => {
      const f = form();
      const h = props.household;
      return h
        ? api.residents.households.update.mutate({
            id: h.id,
            address: f.address.trim(),
            gridId: f.gridId || null,
            groupId: f.groupId || null,
          })
        : api.residents.households.create.mutate({
            communityId: communityId(),
            address: f.address.trim(),
            gridId: f.gridId || undefined,
            groupId: f.groupId || undefined,
          });
    },
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      const address = form().address.trim();
      if (!props.household) setForm({ address: "", gridId: form().gridId, groupId: form().groupId });
      await props.onDone(address);
    },
  }));
  return (
    <form
      class="form"
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!form().address.trim()) return errors.setFields({ address: t("reg.err.addressRequired") });
        save.mutate();
      }}
    >
      <FormAlert errors={errors} />
      <Field
        id={`${p}-address`}
        label={t("reg.field.address")}
        hint={t("reg.hint.address")}
        error={errors.field("address")}
      >
        <input
          id={`${p}-address`}
          name="address"
          type="text"
          autocomplete="off"
          maxLength={120}
          value={form().address}
          onInput={(e) => set("address", e.currentTarget.value)}
          {...fieldAria(`${p}-address`, errors.field("address"), true)}
        />
      </Field>
      <div class="grid grid-2">
        <Field id={`${p}-gridId`} label={t("reg.field.grid")} error={errors.field("gridId")}>
          <OptionSelect
            id={`${p}-gridId`}
            name="gridId"
            value={form().gridId}
            options={grids.data}
            empty={t("reg.grid.none")}
            onChange={(v) => set("gridId", v)}
            aria={fieldAria(`${p}-gridId`, errors.field("gridId"))}
          />
        </Field>
        <Field id={`${p}-groupId`} label={t("reg.field.group")} error={errors.field("groupId")}>
          <OptionSelect
            id={`${p}-groupId`}
            name="groupId"
            value={form().groupId}
            options={groups.data}
            empty={t("reg.group.none")}
            onChange={(v) => set("groupId", v)}
            aria={fieldAria(`${p}-groupId`, errors.field("groupId"))}
          />
        </Field>
      </div>
      <div class="btn-row">
        <button type="submit" class="btn btn-primary" disabled={save.isPending}>
          {props.household ? t("action.save") : t("reg.households.createSubmit")}
        </button>
        <Show when={props.onCancel}>
          <button type="button" class="btn" onClick={() => props.onCancel?.()}>
            {t("action.cancel")}
          </button>
        </Show>
      </div>
    </form>
  );
}
