import { A, useSearchParams } from "@solidjs/router";
import { createInfiniteQuery, createMutation, useQueryClient } from "@tanstack/solid-query";
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
import { useConsoleUser } from "../../components/console/user";
import { isKeeper, isObjectionReader } from "../../components/registry/shared";
import { t } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

type Status = "open" | "overdue" | "answered";
type Item = Awaited<ReturnType<typeof api.notices.objections.query>>["items"][number];
const TABS: Status[] = ["open", "overdue", "answered"];

/** 询问与异议: residents' queries and objections on notices, answered within 10 days. */
export default function Objections() {
  const user = useConsoleUser();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams<{ status?: string }>();
  const status = (): Status => TABS.find((s) => s === params.status) ?? "open";
  const communityId = () => user().community!.id;
  const [done, setDone] = createSignal<Note | null>(null);

  const query = createInfiniteQuery(() => ({
    queryKey: ["notices.objections", communityId(), status()],
    queryFn: ({ pageParam }) =>
      api.notices.objections.query({ communityId: communityId(), status: status(), cursor: pageParam, limit: 20 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: isObjectionReader(user().role),
  }));
  const items = () => query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div class="console-page">
      <h1>{t("reg.obj.title")}</h1>
      <p class="muted">{t("reg.obj.intro")}</p>
      <Show when={isObjectionReader(user().role)} fallback={<div class="banner banner-warn">{t("reg.noRight")}</div>}>
        <div class="tabs" role="group" aria-label={t("reg.obj.tabs")}>
          <For each={TABS}>
            {(s) => (
              <button
                type="button"
                class="tab"
                data-status={s}
                aria-pressed={status() === s}
                onClick={() => {
                  setDone(null);
                  setParams({ status: s === "open" ? undefined : s });
                }}
              >
                {t(`reg.obj.tab.${s}`)}
              </button>
            )}
          </For>
        </div>
        <SuccessNote note={done()} />
        <Show when={!query.isPending} fallback={<Loading />}>
          <Show when={!query.isError} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
            <Show when={items().length} fallback={<Empty>{t(`reg.obj.empty.${status()}`)}</Empty>}>
              <ul class="list card reg-obj-list">
                <For each={items()}>
                  {(o) => (
                    <ObjectionItem
                      item={o}
                      canAnswer={isKeeper(user().role)}
                      onAnswered={async () => {
                        setDone(note("reg.obj.answered"));
                        await qc.invalidateQueries({ queryKey: ["notices.objections"] });
                      }}
                    />
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
      </Show>
    </div>
  );
}

function ObjectionItem(props: { item: Item; canAnswer: boolean; onAnswered: () => unknown }) {
  const o = () => props.item;
  const errors = createFormErrors();
  const [answer, setAnswer] = createSignal("");
  const [publish, setPublish] = createSignal(false);
  const p = () => `obj-${o().id}`;
  const respond = createMutation(() => ({
    mutationFn: () => api.notices.respondObjection.mutate({ id: o().id, answer: answer().trim(), publish: publish() }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: () => props.onAnswered(),
  }));
  return (
    <li data-objection-id={o().id} class="reg-obj">
      <div class="reg-obj-head">
        <span class={`badge ${o().kind === "objection" ? "badge-bad" : "badge-info"}`}>
          {t(`reg.obj.kind.${o().kind}`)}
        </span>
        <Show when={o().overdue}>
          <span class="badge badge-bad" data-testid="overdue-badge">
            {t("reg.obj.overdue")}
          </span>
        </Show>
        <Show when={o().answeredAt}>
          <span class="badge badge-ok">{t("reg.obj.answeredBadge")}</span>
          <span class={`badge ${o().published ? "badge-info" : "badge-muted"}`}>
            {o().published ? t("reg.obj.published") : t("reg.obj.notPublished")}
          </span>
        </Show>
      </div>
      <div class="notice-row-title">
        <A href={`/admin/notices/${o().noticeId}`}>{o().noticeTitle}</A>{" "}
        <span class="meta">{t("reg.obj.version", { n: o().version })}</span>
      </div>
      <blockquote class="reg-obj-text pre-line">{o().text}</blockquote>
      <div class="meta adm-meta">
        <span>{t("reg.obj.from", { name: o().residentName })}</span>
        <span>{t("reg.obj.at", { time: formatDateTime(o().createdAt) })}</span>
        <Show when={!o().answeredAt}>
          <span classList={{ "reg-due-late": o().overdue }}>
            {t("reg.obj.due", { date: formatDate(o().answerDueAt) })}
          </span>
        </Show>
      </div>
      <Show
        when={o().answeredAt}
        fallback={
          <Show when={props.canAnswer} fallback={<p class="muted">{t("reg.obj.readOnly")}</p>}>
            <form
              class="form reg-answer"
              novalidate
              onSubmit={(e) => {
                e.preventDefault();
                if (answer().trim().length < 2) return errors.setFields({ answer: t("reg.err.answerShort") });
                respond.mutate();
              }}
            >
              <FormAlert errors={errors} />
              <Field id={`${p()}-answer`} label={t("reg.obj.answerLabel")} error={errors.field("answer")}>
                <textarea
                  id={`${p()}-answer`}
                  name="answer"
                  class="short prose"
                  maxLength={4000}
                  value={answer()}
                  onInput={(e) => setAnswer(e.currentTarget.value)}
                  {...fieldAria(`${p()}-answer`, errors.field("answer"))}
                />
              </Field>
              <label class="check">
                <input
                  type="checkbox"
                  name="publish"
                  checked={publish()}
                  onChange={(e) => setPublish(e.currentTarget.checked)}
                />
                {t("reg.obj.publish")}
              </label>
              <div class="btn-row">
                <button type="submit" class="btn btn-primary" disabled={respond.isPending}>
                  {t("reg.obj.submit")}
                </button>
              </div>
            </form>
          </Show>
        }
      >
        <div class="reg-obj-answer">
          <div class="meta">{t("reg.obj.answerAt", { time: formatDateTime(o().answeredAt) })}</div>
          <p class="pre-line">{o().answer}</p>
        </div>
      </Show>
    </li>
  );
}
