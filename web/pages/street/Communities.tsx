import { A } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import {
  createFormErrors,
  Field,
  fieldAria,
  FormAlert,
  note,
  SuccessNote,
  type Note,
} from "../../components/console/Field";
import { useConsoleUser } from "../../components/console/user";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { t, type Key } from "../../i18n";
import { formatDate } from "../../lib/format";
import { api } from "../../lib/trpc";

/** The communities and villages of the street office; the street admin creates new ones. */
export default function Communities() {
  const user = useConsoleUser();
  const street = () => user().street?.slug ?? "";
  const list = createQuery(() => ({
    queryKey: ["admin.communities.list"],
    queryFn: () => api.admin.communities.list.query(),
  }));
  return (
    <div class="console-page">
      <h1>{t("str.comm.title")}</h1>
      <AwaitingPetitions />
      <Show when={!list.isPending} fallback={<Loading />}>
        <Show when={list.data} fallback={<ErrorBox error={list.error} retry={() => list.refetch()} />}>
          {(rows) => (
            <Show when={rows().length} fallback={<Empty>{t("str.comm.empty")}</Empty>}>
              <p class="muted">{t("str.comm.count", { n: rows().length })}</p>
              <div class="table-wrap card flush">
                <table class="table table-stack communities-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("str.comm.name")}</th>
                      <th scope="col">{t("str.comm.kind")}</th>
                      <th scope="col">{t("str.comm.slug")}</th>
                      <th scope="col">{t("str.comm.address")}</th>
                      <th scope="col">{t("str.comm.links")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={rows()}>
                      {(c) => (
                        <tr data-slug={c.slug}>
                          <td data-label={t("str.comm.name")}>
                            <strong>{c.name}</strong>
                            <div class="meta">{formatDate(c.createdAt)}</div>
                          </td>
                          <td data-label={t("str.comm.kind")}>
                            <span class={c.kind === "village" ? "badge badge-warn" : "badge badge-info"}>
                              {t(c.kind === "village" ? "kind.village" : "kind.urban")}
                            </span>
                          </td>
                          <td class="mono" data-label={t("str.comm.slug")}>
                            {c.slug}
                          </td>
                          <td data-label={t("str.comm.address")}>{c.address || "—"}</td>
                          <td data-label={t("str.comm.links")}>
                            <div class="row-actions">
                              <a href={`/${street()}/${c.slug}`}>{t("str.comm.public")}</a>
                              <A href={`/street/audit?community=${encodeURIComponent(c.id)}`}>{t("str.comm.audit")}</A>
                            </div>
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
      <Show when={user().role === "street_admin"}>
        <CreateCommunity street={street()} />
      </Show>
    </div>
  );
}

/** Petitions that reached their threshold in the street's communities and still await a meeting. */
function AwaitingPetitions() {
  const awaiting = createQuery(() => ({
    queryKey: ["petitions.awaiting"],
    queryFn: () => api.petitions.awaiting.query(),
  }));
  return (
    <Show when={awaiting.data?.length}>
      <section class="card" aria-labelledby="str-petitions-h" data-testid="str-petitions">
        <h2 id="str-petitions-h">{t("mtg.petition.street")}</h2>
        <ul class="list">
          <For each={awaiting.data}>
            {(p) => (
              <li data-petition-id={p.id}>
                {t("mtg.petition.streetLine", {
                  community: p.communityName,
                  kind: t(`mtg.kind.${p.kind}` as Key),
                  title: p.petitionTitle,
                  k: p.threshold,
                  at: p.reachedAt ? formatDate(p.reachedAt) : "—",
                })}
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}

function CreateCommunity(props: { street: string }) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [done, setDone] = createSignal<Note | null>(null);
  const empty = { slug: "", name: "", nameEn: "", kind: "urban" as "urban" | "village", address: "" };
  const [form, setForm] = createSignal({ ...empty });
  const set = <K extends keyof typeof empty>(k: K, v: (typeof empty)[K]) => setForm((f) => ({ ...f, [k]: v }));

  const create = createMutation(() => ({
    mutationFn: () => {
      const f = form();
      return api.admin.communities.create.mutate({
        slug: f.slug.trim(),
        name: f.name,
        nameEn: f.nameEn.trim() || undefined,
        kind: f.kind,
        address: f.address.trim() || undefined,
      });
    },
    onMutate: () => {
      errors.clear();
      setDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      setDone(note("str.comm.created", { name: form().name }));
      setForm({ ...empty });
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["admin.communities.list"] }),
        qc.invalidateQueries({ queryKey: ["audit.list"] }),
      ]);
    },
  }));

  const input = (name: "slug" | "name" | "nameEn" | "address", hint?: string) => {
    const id = `comm-${name}`;
    return (
      <Field id={id} label={t(`str.field.${name}`)} hint={hint} error={errors.field(name)}>
        <input
          id={id}
          name={name}
          type="text"
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          value={form()[name]}
          onInput={(e) => set(name, e.currentTarget.value)}
          {...fieldAria(id, errors.field(name), !!hint)}
        />
      </Field>
    );
  };

  return (
    <section class="card" aria-labelledby="comm-create-h">
      <h2 id="comm-create-h">{t("str.comm.create")}</h2>
      <SuccessNote note={done()} />
      <form
        class="form"
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <FormAlert errors={errors} />
        {input("slug", t("str.hint.slug", { street: props.street }))}
        <div class="grid grid-2">
          {input("name")}
          {input("nameEn")}
        </div>
        <fieldset class="radio-group">
          <legend>{t("str.field.kind")}</legend>
          <label class="check">
            <input
              type="radio"
              name="kind"
              value="urban"
              checked={form().kind === "urban"}
              onChange={() => set("kind", "urban")}
            />
            {t("kind.urban")}
          </label>
          <label class="check">
            <input
              type="radio"
              name="kind"
              value="village"
              checked={form().kind === "village"}
              onChange={() => set("kind", "village")}
            />
            {t("kind.village")}
          </label>
          <Show when={errors.field("kind")}>
            <div class="error">{errors.field("kind")}</div>
          </Show>
        </fieldset>
        {input("address")}
        <div class="btn-row">
          <button type="submit" class="btn btn-primary" disabled={create.isPending}>
            {t("str.comm.createSubmit")}
          </button>
        </div>
      </form>
    </section>
  );
}
