import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { t } from "../../i18n";
import { formatDate } from "../../lib/format";
import { api } from "../../lib/trpc";
import { Empty, ErrorBox, Loading } from "../States";
import { Confirmation, Dialog, type PendingConfirm } from "./Dialog";
import { createFormErrors, Field, fieldAria, FormAlert, note, SuccessNote, type Note } from "./Field";
import { roleLabel, type ConsoleUser, type Role } from "./user";

type StaffRole = Exclude<Role, "resident">;
type Account = Awaited<ReturnType<typeof api.admin.staff.list.query>>[number];
type Community = { id: string; name: string };

const STREET_GRANTS: StaffRole[] = [
  "community_admin",
  "community_staff",
  "supervisor",
  "grid_worker",
  "street_admin",
  "street_viewer",
];
const COMMUNITY_GRANTS: StaffRole[] = ["community_staff", "supervisor", "grid_worker"];
const isStreetRole = (role: string) => role === "street_admin" || role === "street_viewer";

/**
 * Staff accounts, for the street admin (every account of the street office, any role) and the
 * community admin (their community's staff, supervisors and grid workers). The server decides;
 * this only offers what the actor may do.
 */
export function StaffManager(props: { actor: ConsoleUser; communities?: Community[] }) {
  const qc = useQueryClient();
  const street = () => props.actor.role === "street_admin";
  const grants = () => (street() ? STREET_GRANTS : COMMUNITY_GRANTS);
  const [filter, setFilter] = createSignal("");
  const [done, setDone] = createSignal<Note | null>(null);
  const [pending, setPending] = createSignal<PendingConfirm | null>(null);
  const [resetting, setResetting] = createSignal<Account | null>(null);
  const listErrors = createFormErrors();

  const list = createQuery(() => ({
    queryKey: ["admin.staff.list", filter()],
    queryFn: () => api.admin.staff.list.query({ communityId: filter() || undefined }),
  }));
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ["admin.staff.list"] }),
      qc.invalidateQueries({ queryKey: ["audit.list"] }),
    ]);

  /** What this actor may do to an account, mirroring the server's rule. */
  const manageable = (a: Account) =>
    a.id !== props.actor.id &&
    (street() || (a.communityId === props.actor.communityId && COMMUNITY_GRANTS.includes(a.role as StaffRole)));

  const setDisabled = createMutation(() => ({
    mutationFn: (v: { account: Account; disabled: boolean }) =>
      api.admin.staff.setDisabled.mutate({ userId: v.account.id, disabled: v.disabled }),
    onMutate: () => {
      listErrors.clear();
      setDone(null);
    },
    onError: (err: unknown) => listErrors.set(err),
    onSuccess: async (_r, v) => {
      setDone(note(v.disabled ? "adm.staff.disabledDone" : "adm.staff.enabledDone", { name: v.account.displayName }));
      await refresh();
    },
  }));

  const askToggle = (a: Account) => {
    const disable = !a.disabledAt;
    setPending({
      title: t(disable ? "adm.staff.disableTitle" : "adm.staff.enableTitle"),
      message: <p>{t(disable ? "adm.staff.disableText" : "adm.staff.enableText", { name: a.displayName })}</p>,
      danger: disable,
      run: () => setDisabled.mutate({ account: a, disabled: disable }),
    });
  };

  return (
    <>
      <SuccessNote note={done()} />
      <section class="card" aria-labelledby="staff-list-h">
        <div class="page-head">
          <h2 id="staff-list-h">{t("adm.staff.list")}</h2>
          <Show when={street() && props.communities?.length}>
            <div class="field field-inline">
              <label for="staff-filter">{t("adm.staff.filter")}</label>
              <select id="staff-filter" value={filter()} onChange={(e) => setFilter(e.currentTarget.value)}>
                <option value="">{t("adm.staff.allCommunities")}</option>
                <For each={props.communities}>
                  {(c) => (
                    <option value={c.id} selected={c.id === filter()}>
                      {c.name}
                    </option>
                  )}
                </For>
              </select>
            </div>
          </Show>
        </div>
        <FormAlert errors={listErrors} />
        <Show when={!list.isPending} fallback={<Loading />}>
          <Show when={list.data} fallback={<ErrorBox error={list.error} retry={() => list.refetch()} />}>
            {(accounts) => (
              <Show when={accounts().length} fallback={<Empty>{t("adm.staff.empty")}</Empty>}>
                <div class="table-wrap">
                  <table class="table table-stack staff-table">
                    <thead>
                      <tr>
                        <th scope="col">{t("adm.staff.username")}</th>
                        <th scope="col">{t("adm.staff.name")}</th>
                        <th scope="col">{t("adm.staff.role")}</th>
                        <Show when={street()}>
                          <th scope="col">{t("adm.staff.community")}</th>
                        </Show>
                        <th scope="col">{t("adm.staff.status")}</th>
                        <th scope="col">{t("adm.staff.actions")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={accounts()}>
                        {(a) => (
                          <tr data-username={a.username}>
                            <td class="mono" data-label={t("adm.staff.username")}>
                              {a.username}
                            </td>
                            <td data-label={t("adm.staff.name")}>{a.displayName}</td>
                            <td data-label={t("adm.staff.role")}>{roleLabel(a.role)}</td>
                            <Show when={street()}>
                              <td data-label={t("adm.staff.community")}>
                                {a.communityName ?? t("adm.staff.streetLevel")}
                              </td>
                            </Show>
                            <td data-label={t("adm.staff.status")}>
                              <Show
                                when={a.disabledAt}
                                fallback={<span class="badge badge-ok">{t("adm.staff.active")}</span>}
                              >
                                <span class="badge badge-bad" title={formatDate(a.disabledAt)}>
                                  {t("adm.staff.disabled")}
                                </span>
                              </Show>
                            </td>
                            <td data-label={t("adm.staff.actions")}>
                              <Show
                                when={manageable(a)}
                                fallback={
                                  <Show when={a.id === props.actor.id}>
                                    <span class="muted">{t("adm.staff.self")}</span>
                                  </Show>
                                }
                              >
                                <div class="row-actions">
                                  <button type="button" class="btn btn-small" onClick={() => setResetting(a)}>
                                    {t("adm.staff.reset")}
                                  </button>
                                  <button
                                    type="button"
                                    class={a.disabledAt ? "btn btn-small" : "btn btn-small btn-danger"}
                                    disabled={setDisabled.isPending}
                                    onClick={() => askToggle(a)}
                                  >
                                    {a.disabledAt ? t("adm.staff.enable") : t("adm.staff.disable")}
                                  </button>
                                </div>
                              </Show>
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
      </section>

      <CreateAccount
        grants={grants()}
        communities={street() ? (props.communities ?? []) : null}
        onCreated={async (username) => {
          setDone(note("adm.staff.created", { username }));
          await refresh();
        }}
      />

      <Show when={resetting()}>
        {(a) => (
          <ResetPassword
            account={a()}
            onClose={() => setResetting(null)}
            onDone={async () => {
              setDone(note("adm.staff.resetDone", { name: a().displayName }));
              setResetting(null);
              await refresh();
            }}
          />
        )}
      </Show>
      <Confirmation pending={pending()} onDone={() => setPending(null)} />
    </>
  );
}

/** The create-account form. `communities` is null for a community admin (their own community). */
function CreateAccount(props: {
  grants: StaffRole[];
  communities: Community[] | null;
  onCreated: (username: string) => unknown;
}) {
  const errors = createFormErrors();
  const empty = { username: "", displayName: "", role: props.grants[0], communityId: "", password: "" };
  const [form, setForm] = createSignal({ ...empty });
  const set = (k: keyof typeof empty, v: string) => setForm((f) => ({ ...f, [k]: v }));
  const needsCommunity = () => props.communities !== null && !isStreetRole(form().role);

  const create = createMutation(() => ({
    mutationFn: () => {
      const f = form();
      return api.admin.staff.create.mutate({
        username: f.username.trim(),
        displayName: f.displayName,
        role: f.role as StaffRole,
        communityId: needsCommunity() ? f.communityId || undefined : undefined,
        password: f.password,
      });
    },
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (r) => {
      setForm({ ...empty, role: form().role, communityId: form().communityId });
      await props.onCreated(r.username);
    },
  }));

  const input = (
    name: "username" | "displayName" | "password",
    opts: { type?: string; hint?: string; autocomplete?: string },
  ) => {
    const id = `staff-${name}`;
    return (
      <Field id={id} label={t(`adm.field.${name}`)} hint={opts.hint} error={errors.field(name)}>
        <input
          id={id}
          name={name}
          type={opts.type ?? "text"}
          autocomplete={opts.autocomplete ?? "off"}
          autocapitalize="off"
          spellcheck={false}
          value={form()[name]}
          onInput={(e) => set(name, e.currentTarget.value)}
          {...fieldAria(id, errors.field(name), !!opts.hint)}
        />
      </Field>
    );
  };

  return (
    <section class="card" aria-labelledby="staff-create-h">
      <h2 id="staff-create-h">{t("adm.staff.create")}</h2>
      <form
        class="form"
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          if (needsCommunity() && !form().communityId)
            return errors.setFields({ communityId: t("adm.staff.chooseCommunity") });
          create.mutate();
        }}
      >
        <FormAlert errors={errors} />
        <div class="grid grid-2">
          {input("username", { hint: t("adm.hint.username"), autocomplete: "off" })}
          {input("displayName", {})}
        </div>
        <div class="grid grid-2">
          <Field id="staff-role" label={t("adm.field.role")} error={errors.field("role")}>
            <select
              id="staff-role"
              name="role"
              value={form().role}
              onChange={(e) => set("role", e.currentTarget.value)}
              {...fieldAria("staff-role", errors.field("role"))}
            >
              <For each={props.grants}>
                {(r) => (
                  <option value={r} selected={r === form().role}>
                    {roleLabel(r)}
                  </option>
                )}
              </For>
            </select>
          </Field>
          <Show when={needsCommunity()}>
            <Field id="staff-communityId" label={t("adm.field.communityId")} error={errors.field("communityId")}>
              <select
                id="staff-communityId"
                name="communityId"
                value={form().communityId}
                onChange={(e) => set("communityId", e.currentTarget.value)}
                {...fieldAria("staff-communityId", errors.field("communityId"))}
              >
                <option value="">{t("adm.staff.chooseCommunity")}</option>
                <For each={props.communities}>
                  {(c) => (
                    <option value={c.id} selected={c.id === form().communityId}>
                      {c.name}
                    </option>
                  )}
                </For>
              </select>
            </Field>
          </Show>
        </div>
        {input("password", { type: "password", hint: t("adm.hint.password"), autocomplete: "new-password" })}
        <div class="btn-row">
          <button type="submit" class="btn btn-primary" disabled={create.isPending}>
            {t("adm.staff.createSubmit")}
          </button>
        </div>
      </form>
    </section>
  );
}

function ResetPassword(props: { account: Account; onClose: () => void; onDone: () => unknown }) {
  const errors = createFormErrors();
  const [password, setPassword] = createSignal("");
  const reset = createMutation(() => ({
    mutationFn: () => api.admin.staff.resetPassword.mutate({ userId: props.account.id, password: password() }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: () => props.onDone(),
  }));
  const error = () => errors.field("password") ?? errors.field("userId");
  return (
    <Dialog title={t("adm.staff.resetTitle", { name: props.account.displayName })} onClose={props.onClose}>
      <form
        class="form"
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          reset.mutate();
        }}
      >
        <p class="hint">{t("adm.staff.resetHint")}</p>
        <FormAlert errors={errors} />
        <Field id="reset-password" label={t("adm.staff.newPassword")} hint={t("adm.hint.password")} error={error()}>
          <input
            id="reset-password"
            name="newPassword"
            type="password"
            autocomplete="new-password"
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
            {...fieldAria("reset-password", error(), true)}
          />
        </Field>
        <div class="btn-row dialog-actions">
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t("action.cancel")}
          </button>
          <button type="submit" class="btn btn-primary" disabled={reset.isPending}>
            {t("action.confirm")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
