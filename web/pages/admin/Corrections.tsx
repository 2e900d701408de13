import { A, useSearchParams } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
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
import { useConsoleUser } from "../../components/console/user";
import { isKeeper } from "../../components/registry/shared";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

type Status = "open" | "done" | "rejected";
type Item = Awaited<ReturnType<typeof api.residents.corrections.query>>[number];
const TABS: (Status | "all")[] = ["open", "done", "rejected", "all"];
const BADGE: Record<Status, string> = { open: "badge-warn", done: "badge-ok", rejected: "badge-muted" };

/** 更正申请: residents ask to correct their registry data (PIPL Arts 45–46); staff answer each. */
export default function Corrections() {
  const user = useConsoleUser();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams<{ status?: string }>();
  const tab = () => TABS.find((s) => s === params.status) ?? "open";
  const communityId = () => user().community!.id;
  const [done, setDone] = createSignal<Note | null>(null);
  const query = createQuery(() => ({
    queryKey: ["residents.corrections", communityId(), tab()],
    queryFn: () =>
      api.residents.corrections.query({
        communityId: communityId(),
        status: tab() === "all" ? undefined : (tab() as Status),
      }),
    enabled: isKeeper(user().role),
  }));

  return (
    <div class="console-page">
      <h1>{t("reg.corr.title")}</h1>
      <p class="muted">{t("reg.corr.intro")}</p>
      <Show when={isKeeper(user().role)} fallback={<div class="banner banner-warn">{t("reg.noRight")}</div>}>
        <div class="tabs" role="group" aria-label={t("reg.corr.tabs")}>
          <For each={TABS}>
            {(s) => (
              <button
                type="button"
                class="tab"
                data-status={s}
                aria-pressed={tab() === s}
                onClick={() => {
                  setDone(null);
                  setParams({ status: s === "open" ? undefined : s });
                }}
              >
                {t(`reg.corr.tab.${s}`)}
              </button>
            )}
          </For>
        </div>
        <SuccessNote note={done()} />
        <Show when={!query.isPending} fallback={<Loading />}>
          <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
            {(list) => (
              <Show when={list().length} fallback={<Empty>{t(`reg.corr.empty.${tab()}`)}</Empty>}>
                <ul class="list card reg-obj-list">
                  <For each={list()}>
                    {(c) => (
                      <CorrectionItem
                        item={c}
                        onHandled={async (status) => {
                          setDone(note(status === "done" ? "reg.corr.doneNote" : "reg.corr.rejectedNote"));
                          await qc.invalidateQueries({ queryKey: ["residents.corrections"] });
                        }}
                      />
                    )}
                  </For>
                </ul>
                <Show when={list().length >= 200}>
                  <p class="meta">{t("reg.corr.limit")}</p>
                </Show>
              </Show>
            )}
          </Show>
        </Show>
      </Show>
    </div>
  );
}

function CorrectionItem(props: { item: Item; onHandled: (s: "done" | "rejected") => unknown }) {
  const c = () => props.item;
  const errors = createFormErrors();
  const [response, setResponse] = createSignal("");
  const id = () => `corr-${c().id}-response`;
  const handle = createMutation(() => ({
    mutationFn: (status: "done" | "rejected") =>
      api.residents.handleCorrection.mutate({ id: c().id, status, response: response().trim() }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: (_r, status) => props.onHandled(status),
  }));
  const submit = (status: "done" | "rejected") => {
    if (response().trim().length < 2) return errors.setFields({ response: t("reg.err.responseShort") });
    handle.mutate(status);
  };
  return (
    <li data-correction-id={c().id} class="reg-obj">
      <div class="reg-obj-head">
        <span class={`badge ${BADGE[c().status as Status] ?? "badge-muted"}`}>
          {t(`reg.corr.status.${c().status as Status}`)}
        </span>
        <A href={`/admin/residents/${c().residentId}`} class="reg-name">
          {c().residentName}
        </A>
        <span class="meta">{formatDateTime(c().createdAt)}</span>
      </div>
      <blockquote class="reg-obj-text pre-line">{c().text}</blockquote>
      <Show
        when={c().status === "open"}
        fallback={
          <div class="reg-obj-answer">
            <div class="meta">{t("reg.corr.handledAt", { time: formatDateTime(c().handledAt) })}</div>
            <p class="pre-line">{c().response}</p>
          </div>
        }
      >
        <form
          class="form reg-answer"
          novalidate
          onSubmit={(e) => {
            e.preventDefault();
            submit("done");
          }}
        >
          <FormAlert errors={errors} />
          <Field
            id={id()}
            label={t("reg.corr.response")}
            hint={t("reg.corr.responseHint")}
            error={errors.field("response")}
          >
            <textarea
              id={id()}
              name="response"
              class="short prose"
              maxLength={2000}
              value={response()}
              onInput={(e) => setResponse(e.currentTarget.value)}
              {...fieldAria(id(), errors.field("response"), true)}
            />
          </Field>
          <div class="btn-row">
            <button type="submit" class="btn btn-primary" disabled={handle.isPending}>
              {t("reg.corr.markDone")}
            </button>
            <button type="button" class="btn btn-danger" disabled={handle.isPending} onClick={() => submit("rejected")}>
              {t("reg.corr.reject")}
            </button>
          </div>
        </form>
      </Show>
    </li>
  );
}
