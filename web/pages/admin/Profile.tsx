import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Index, Show, untrack } from "solid-js";
import { createStore, produce } from "solid-js/store";
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
import { ErrorBox, Loading } from "../../components/States";
import { t, type Key } from "../../i18n";
import { api } from "../../lib/trpc";

type Profile = Awaited<ReturnType<typeof api.admin.communities.profile.query>>;
type Body = "committee" | "supervisory";
type Official = { name: string; post: string };

/** The community's public profile: contact details and the members of its two committees. */
export default function Profile() {
  const user = useConsoleUser();
  const communityId = () => user().community!.id;
  const query = createQuery(() => ({
    queryKey: ["admin.communities.profile", communityId()],
    queryFn: () => api.admin.communities.profile.query({ communityId: communityId() }),
  }));
  return (
    <div class="console-page">
      <h1>{t("adm.profile.title")}</h1>
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          {(profile) => (
            <Show when={user().role === "community_admin"} fallback={<ProfileView profile={profile()} />}>
              {/* Seeded once: a refetch after saving does not reset what the admin is typing. */}
              <ProfileForm profile={untrack(profile)} communityId={communityId()} />
            </Show>
          )}
        </Show>
      </Show>
    </div>
  );
}

const bodyLabel = (body: Body, kind: "urban" | "village") => t(`adm.profile.${body}.${kind}` as Key);

function ProfileView(props: { profile: Profile }) {
  const officials = (body: Body) => props.profile.officials.filter((o) => o.body === body);
  return (
    <>
      <div class="banner banner-info">{t("adm.profile.readOnly")}</div>
      <div class="card">
        <dl class="profile-dl">
          <dt>{t("adm.field.address")}</dt>
          <dd>{props.profile.address || "—"}</dd>
          <dt>{t("adm.field.officeHours")}</dt>
          <dd>{props.profile.officeHours || "—"}</dd>
          <dt>{t("adm.field.contactPhone")}</dt>
          <dd>{props.profile.contactPhone || "—"}</dd>
          <dt>{t("adm.field.intro")}</dt>
          <dd class="pre-line">{props.profile.intro || "—"}</dd>
        </dl>
      </div>
      <For each={["committee", "supervisory"] as Body[]}>
        {(body) => (
          <div class="card">
            <h2>{bodyLabel(body, props.profile.kind)}</h2>
            <Show when={officials(body).length} fallback={<p class="muted">{t("adm.official.empty")}</p>}>
              <ul class="list">
                <For each={officials(body)}>
                  {(o) => (
                    <li>
                      {o.name} <span class="meta">{o.post}</span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </div>
        )}
      </For>
    </>
  );
}

function ProfileForm(props: { profile: Profile; communityId: string }) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [saved, setSaved] = createSignal<Note | null>(null);
  // The form edits a copy of what the server sent.
  const start = props.profile;
  const [form, setForm] = createStore({
    address: start.address,
    officeHours: start.officeHours,
    contactPhone: start.contactPhone,
    intro: start.intro,
    committee: start.officials.filter((o) => o.body === "committee").map(({ name, post }) => ({ name, post })),
    supervisory: start.officials.filter((o) => o.body === "supervisory").map(({ name, post }) => ({ name, post })),
  });

  const save = createMutation(() => ({
    mutationFn: () =>
      api.admin.communities.updateProfile.mutate({
        communityId: props.communityId,
        address: form.address,
        officeHours: form.officeHours,
        contactPhone: form.contactPhone.trim(),
        intro: form.intro,
        officials: [
          ...form.committee.map((o) => ({ body: "committee" as const, ...o })),
          ...form.supervisory.map((o) => ({ body: "supervisory" as const, ...o })),
        ],
      }),
    onMutate: () => {
      errors.clear();
      setSaved(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      setSaved(note("adm.profile.saved"));
      await qc.invalidateQueries({ queryKey: ["admin.communities.profile", props.communityId] });
    },
  }));

  /** Server errors name officials by their place in the combined list. */
  const officialError = (body: Body, i: number, field: keyof Official) =>
    errors.field(`officials.${body === "committee" ? i : form.committee.length + i}.${field}`);

  const text = (name: "address" | "officeHours" | "contactPhone", opts: { hint?: string; type?: string } = {}) => {
    const id = `profile-${name}`;
    return (
      <Field id={id} label={t(`adm.field.${name}`)} hint={opts.hint} error={errors.field(name)}>
        <input
          id={id}
          name={name}
          type={opts.type ?? "text"}
          value={form[name]}
          maxLength={200}
          onInput={(e) => setForm(name, e.currentTarget.value)}
          {...fieldAria(id, errors.field(name), !!opts.hint)}
        />
      </Field>
    );
  };

  const move = (body: Body, i: number, delta: number) =>
    setForm(
      body,
      produce((list) => {
        const j = i + delta;
        if (j < 0 || j >= list.length) return;
        [list[i], list[j]] = [list[j], list[i]];
      }),
    );

  return (
    <form
      class="form profile-form"
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <FormAlert errors={errors} />
      {text("address")}
      {text("officeHours")}
      {text("contactPhone", { hint: t("adm.hint.contactPhone"), type: "tel" })}
      <Field id="profile-intro" label={t("adm.field.intro")} error={errors.field("intro")}>
        <textarea
          id="profile-intro"
          name="intro"
          class="short prose"
          rows={5}
          maxLength={2000}
          value={form.intro}
          onInput={(e) => setForm("intro", e.currentTarget.value)}
          {...fieldAria("profile-intro", errors.field("intro"))}
        />
      </Field>

      <For each={["committee", "supervisory"] as Body[]}>
        {(body) => (
          <fieldset class="officials" data-body={body}>
            <legend>{bodyLabel(body, props.profile.kind)}</legend>
            <Show when={form[body].length} fallback={<p class="muted">{t("adm.official.empty")}</p>}>
              <ol class="official-list">
                <Index each={form[body]}>
                  {(o, i) => {
                    const id = (f: string) => `off-${body}-${i}-${f}`;
                    const row = t("adm.official.row", { n: i + 1 });
                    return (
                      <li class="official-row">
                        <Field id={id("name")} label={t("adm.official.name")} error={officialError(body, i, "name")}>
                          <input
                            id={id("name")}
                            name={`${body}.${i}.name`}
                            value={o().name}
                            maxLength={40}
                            onInput={(e) => setForm(body, i, "name", e.currentTarget.value)}
                            {...fieldAria(id("name"), officialError(body, i, "name"))}
                          />
                        </Field>
                        <Field id={id("post")} label={t("adm.official.post")} error={officialError(body, i, "post")}>
                          <input
                            id={id("post")}
                            name={`${body}.${i}.post`}
                            value={o().post}
                            maxLength={40}
                            onInput={(e) => setForm(body, i, "post", e.currentTarget.value)}
                            {...fieldAria(id("post"), officialError(body, i, "post"))}
                          />
                        </Field>
                        <div class="official-tools">
                          <button
                            type="button"
                            class="btn btn-small"
                            disabled={i === 0}
                            aria-label={`${t("adm.official.up")}（${row}）`}
                            onClick={() => move(body, i, -1)}
                          >
                            ↑
                          </button>
                          <button
                            type="button"
                            class="btn btn-small"
                            disabled={i === form[body].length - 1}
                            aria-label={`${t("adm.official.down")}（${row}）`}
                            onClick={() => move(body, i, 1)}
                          >
                            ↓
                          </button>
                          <button
                            type="button"
                            class="btn btn-danger btn-small"
                            aria-label={`${t("adm.official.remove")}（${row}）`}
                            onClick={() => setForm(body, (list) => list.filter((_, j) => j !== i))}
                          >
                            {t("adm.official.remove")}
                          </button>
                        </div>
                      </li>
                    );
                  }}
                </Index>
              </ol>
            </Show>
            <button
              type="button"
              class="btn"
              onClick={() => {
                setForm(body, form[body].length, { name: "", post: "" });
                document.getElementById(`off-${body}-${form[body].length - 1}-name`)?.focus();
              }}
            >
              + {t("adm.official.add")}
            </button>
          </fieldset>
        )}
      </For>

      <SuccessNote note={saved()} />
      <div class="btn-row">
        <button type="submit" class="btn btn-primary" disabled={save.isPending}>
          {t("adm.profile.save")}
        </button>
      </div>
    </form>
  );
}
