import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { Dialog } from "../../components/console/Dialog";
import {
  createFormErrors,
  Field,
  fieldAria,
  FormAlert,
  note,
  SuccessNote,
  type Note,
} from "../../components/console/Field";
import { useConsoleUser, type ConsoleUser } from "../../components/console/user";
import { isKeeper, useGrids, useGroups, type GridRow, type GroupRow } from "../../components/registry/shared";
import { t } from "../../i18n";
import { api } from "../../lib/trpc";

type WorkerAccount = { id: string; displayName: string; username: string; disabledAt: number | null };

/** 网格与小组: the grids (with their grid worker) and the residents' groups. */
export default function GridsGroups() {
  const user = useConsoleUser();
  const [done, setDone] = createSignal<Note | null>(null);
  return (
    <div class="console-page">
      <h1>{t("reg.gridsGroups.title")}</h1>
      <Show when={isKeeper(user().role)} fallback={<div class="banner banner-warn">{t("reg.noRight")}</div>}>
        <p class="banner banner-info">{t("reg.grids.publicNote")}</p>
        <SuccessNote note={done()} />
        <GridsCard user={user()} onDone={setDone} />
        <GroupsCard user={user()} onDone={setDone} />
      </Show>
    </div>
  );
}

/** The community's grid-worker accounts; only the community admin may list staff accounts. */
function useWorkerAccounts(user: ConsoleUser) {
  return createQuery(() => ({
    queryKey: ["admin.staff.list", ""],
    queryFn: () => api.admin.staff.list.query({}),
    enabled: user.role === "community_admin",
    select: (rows: Awaited<ReturnType<typeof api.admin.staff.list.query>>): WorkerAccount[] =>
      rows.filter((a) => a.role === "grid_worker" && a.communityId === user.community?.id),
  }));
}

function GridsCard(props: { user: ConsoleUser; onDone: (n: Note | null) => void }) {
  const qc = useQueryClient();
  const grids = useGrids(() => props.user.community!.id);
  const accounts = useWorkerAccounts(props.user);
  const [editing, setEditing] = createSignal<GridRow | null>(null);
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ["admin.grids.list"] }),
      qc.invalidateQueries({ queryKey: ["residents.households.list"] }),
    ]);
  const accountName = (id: string | null) => {
    if (!id) return <span class="muted">{t("reg.grids.noAccount")}</span>;
    const a = accounts.data?.find((x) => x.id === id);
    return a ? (
      <span>
        {a.displayName} <span class="mono meta">{a.username}</span>
      </span>
    ) : (
      <span class="badge badge-ok">{t("reg.grids.linked")}</span>
    );
  };
  return (
    <section class="card" aria-labelledby="grids-h">
      <h2 id="grids-h">{t("reg.grids.title")}</h2>
      <Show when={!grids.isPending} fallback={<Loading />}>
        <Show when={grids.data} fallback={<ErrorBox error={grids.error} retry={() => grids.refetch()} />}>
          {(list) => (
            <Show when={list().length} fallback={<Empty>{t("reg.grids.empty")}</Empty>}>
              <div class="table-wrap">
                <table class="table table-stack reg-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("reg.grids.name")}</th>
                      <th scope="col">{t("reg.grids.area")}</th>
                      <th scope="col">{t("reg.grids.workerName")}</th>
                      <th scope="col">{t("reg.grids.workPhone")}</th>
                      <th scope="col">{t("reg.grids.account")}</th>
                      <th scope="col">{t("reg.actions")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={list()}>
                      {(g) => (
                        <tr data-grid-id={g.id}>
                          <td data-label={t("reg.grids.name")} class="reg-name">
                            {g.name}
                          </td>
                          <td data-label={t("reg.grids.area")} class="pre-line">
                            {g.area || "—"}
                          </td>
                          <td data-label={t("reg.grids.workerName")}>{g.workerName || "—"}</td>
                          <td data-label={t("reg.grids.workPhone")} class="mono nowrap">
                            {g.workPhone || "—"}
                          </td>
                          <td data-label={t("reg.grids.account")}>{accountName(g.workerUserId)}</td>
                          <td data-label={t("reg.actions")}>
                            <button
                              type="button"
                              class="btn btn-small"
                              onClick={() => {
                                props.onDone(null);
                                setEditing(g);
                              }}
                            >
                              {t("action.edit")}
                            </button>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          )}
        </Show>
      </Show>
      <h3>{t("reg.grids.new")}</h3>
      <GridForm
        user={props.user}
        accounts={accounts.data}
        onDone={async (name) => {
          props.onDone(note("reg.grids.created", { name }));
          await refresh();
        }}
      />
      <Show when={editing()}>
        {(g) => (
          <Dialog title={t("reg.grids.editTitle", { name: g().name })} onClose={() => setEditing(null)}>
            <GridForm
              user={props.user}
              grid={g()}
              accounts={accounts.data}
              onCancel={() => setEditing(null)}
              onDone={async (name) => {
                setEditing(null);
                props.onDone(note("reg.grids.saved", { name }));
                await refresh();
              }}
            />
          </Dialog>
        )}
      </Show>
    </section>
  );
}

function GridForm(props: {
  user: ConsoleUser;
  grid?: GridRow;
  accounts: WorkerAccount[] | undefined;
  onDone: (name: string) => unknown;
  onCancel?: () => void;
}) {
  const errors = createFormErrors();
  const p = props.grid ? "grid-edit" : "grid-new";
  const admin = () => props.user.role === "community_admin";
  const blank = () => ({
    name: props.grid?.name ?? "",
    area: props.grid?.area ?? "",
    workerName: props.grid?.workerName ?? "",
    workPhone: props.grid?.workPhone ?? "",
    workerUserId: props.grid?.workerUserId ?? "",
  });
  const [form, setForm] = createSignal(blank());
  type K = keyof ReturnType<typeof blank>;
  const set = (k: K, v: string) => setForm((f) => ({ ...f, [k]: v }));
  const save = createMutation(() => ({
    mutationFn: () => {
      const f = form();
      const fields = {
        name: f.name.trim(),
        area: f.area.trim(),
        workerName: f.workerName.trim(),
        workPhone: f.workPhone.trim(),
        // Only the community admin can see the accounts; others leave the link as it is.
        ...(admin() ? { workerUserId: f.workerUserId || null } : {}),
      };
      return props.grid
        ? api.admin.grids.update.mutate({ id: props.grid.id, ...fields })
        : api.admin.grids.create.mutate({ communityId: props.user.community!.id, ...fields });
    },
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      const name = form().name.trim();
      if (!props.grid) setForm(blank());
      await props.onDone(name);
    },
  }));
  const text = (k: "name" | "workerName" | "workPhone", hint?: string) => (
    <Field id={`${p}-${k}`} label={t(`reg.grids.${k}`)} hint={hint} error={errors.field(k)}>
      <input
        id={`${p}-${k}`}
        name={k}
        type={k === "workPhone" ? "tel" : "text"}
        autocomplete="off"
        value={form()[k]}
        onInput={(e) => set(k, e.currentTarget.value)}
        {...fieldAria(`${p}-${k}`, errors.field(k), !!hint)}
      />
    </Field>
  );
  return (
    <form
      class="form"
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!form().name.trim()) return errors.setFields({ name: t("reg.err.nameRequired") });
        save.mutate();
      }}
    >
      <FormAlert errors={errors} />
      {text("name")}
      <Field id={`${p}-area`} label={t("reg.grids.area")} hint={t("reg.grids.areaHint")} error={errors.field("area")}>
        <textarea
          id={`${p}-area`}
          name="area"
          class="short prose"
          maxLength={500}
          value={form().area}
          onInput={(e) => set("area", e.currentTarget.value)}
          {...fieldAria(`${p}-area`, errors.field("area"), true)}
        />
      </Field>
      <div class="grid grid-2">
        {text("workerName")}
        {text("workPhone", t("reg.grids.workPhoneHint"))}
      </div>
      <Field
        id={`${p}-workerUserId`}
        label={t("reg.grids.account")}
        hint={admin() ? t("reg.grids.accountHint") : t("reg.grids.accountAdminOnly")}
        error={errors.field("workerUserId")}
      >
        <select
          id={`${p}-workerUserId`}
          name="workerUserId"
          value={form().workerUserId}
          disabled={!admin()}
          onChange={(e) => set("workerUserId", e.currentTarget.value)}
          {...fieldAria(`${p}-workerUserId`, errors.field("workerUserId"), true)}
        >
          <option value="">{t("reg.grids.noAccount")}</option>
          <Show when={!admin() && form().workerUserId}>
            <option value={form().workerUserId} selected>
              {t("reg.grids.linked")}
            </option>
          </Show>
          <For each={props.accounts ?? []}>
            {(a) => (
              <option value={a.id} selected={a.id === form().workerUserId}>
                {a.displayName} ({a.username}){a.disabledAt ? ` · ${t("reg.account.disabled")}` : ""}
              </option>
            )}
          </For>
        </select>
      </Field>
      <div class="btn-row">
        <button type="submit" class="btn btn-primary" disabled={save.isPending}>
          {props.grid ? t("action.save") : t("reg.grids.createSubmit")}
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

function GroupsCard(props: { user: ConsoleUser; onDone: (n: Note | null) => void }) {
  const qc = useQueryClient();
  const groups = useGroups(() => props.user.community!.id);
  const [editing, setEditing] = createSignal<GroupRow | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["residents.groups.list"] });
  return (
    <section class="card" aria-labelledby="groups-h">
      <h2 id="groups-h">{t("reg.groups.title")}</h2>
      <Show when={!groups.isPending} fallback={<Loading />}>
        <Show when={groups.data} fallback={<ErrorBox error={groups.error} retry={() => groups.refetch()} />}>
          {(list) => (
            <Show when={list().length} fallback={<Empty>{t("reg.groups.empty")}</Empty>}>
              <div class="table-wrap">
                <table class="table table-stack reg-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("reg.groups.name")}</th>
                      <th scope="col">{t("reg.groups.leaderName")}</th>
                      <th scope="col">{t("reg.groups.members")}</th>
                      <th scope="col">{t("reg.actions")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={list()}>
                      {(g) => (
                        <tr data-group-id={g.id}>
                          <td data-label={t("reg.groups.name")} class="reg-name">
                            {g.name}
                          </td>
                          <td data-label={t("reg.groups.leaderName")}>{g.leaderName || "—"}</td>
                          <td data-label={t("reg.groups.members")}>
                            <a href={`/admin/residents?group=${g.id}`}>
                              {t("reg.groups.memberCount", { n: g.members })}
                            </a>
                          </td>
                          <td data-label={t("reg.actions")}>
                            <button
                              type="button"
                              class="btn btn-small"
                              onClick={() => {
                                props.onDone(null);
                                setEditing(g);
                              }}
                            >
                              {t("action.edit")}
                            </button>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          )}
        </Show>
      </Show>
      <h3>{t("reg.groups.new")}</h3>
      <GroupForm
        user={props.user}
        onDone={async (name) => {
          props.onDone(note("reg.groups.created", { name }));
          await refresh();
        }}
      />
      <Show when={editing()}>
        {(g) => (
          <Dialog title={t("reg.groups.editTitle", { name: g().name })} onClose={() => setEditing(null)}>
            <GroupForm
              user={props.user}
              group={g()}
              onCancel={() => setEditing(null)}
              onDone={async (name) => {
                setEditing(null);
                props.onDone(note("reg.groups.saved", { name }));
                await refresh();
              }}
            />
          </Dialog>
        )}
      </Show>
    </section>
  );
}

function GroupForm(props: {
  user: ConsoleUser;
  group?: GroupRow;
  onDone: (name: string) => unknown;
  onCancel?: () => void;
}) {
  const errors = createFormErrors();
  const p = props.group ? "group-edit" : "group-new";
  const blank = () => ({ name: props.group?.name ?? "", leaderName: props.group?.leaderName ?? "" });
  const [form, setForm] = createSignal(blank());
  const save = createMutation(() => ({
    mutationFn: () => {
      const f = { name: form().name.trim(), leaderName: form().leaderName.trim() };
      return props.group
        ? api.residents.groups.update.mutate({ id: props.group.id, ...f })
        : api.residents.groups.create.mutate({ communityId: props.user.community!.id, ...f });
    },
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      const name = form().name.trim();
      if (!props.group) setForm(blank());
      await props.onDone(name);
    },
  }));
  return (
    <form
      class="form"
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!form().name.trim()) return errors.setFields({ name: t("reg.err.nameRequired") });
        save.mutate();
      }}
    >
      <FormAlert errors={errors} />
      <div class="grid grid-2">
        <For each={["name", "leaderName"] as const}>
          {(k) => (
            <Field id={`${p}-${k}`} label={t(`reg.groups.${k}`)} error={errors.field(k)}>
              <input
                id={`${p}-${k}`}
                name={k}
                type="text"
                autocomplete="off"
                maxLength={40}
                value={form()[k]}
                onInput={(e) => {
                  const v = e.currentTarget.value;
                  setForm((f) => ({ ...f, [k]: v }));
                }}
                {...fieldAria(`${p}-${k}`, errors.field(k))}
              />
            </Field>
          )}
        </For>
      </div>
      <div class="btn-row">
        <button type="submit" class="btn btn-primary" disabled={save.isPending}>
          {props.group ? t("action.save") : t("reg.groups.createSubmit")}
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
