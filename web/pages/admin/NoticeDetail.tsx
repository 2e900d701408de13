import { A, useParams } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Show } from "solid-js";
import { renderMarkdown } from "../../../shared/markdown";
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from "../../../shared/rules/attachments";
import type { NoticeCategory } from "../../../shared/rules/categories";
import { publicityEndsAt } from "../../../shared/rules/notices";
import { Confirmation, type PendingConfirm } from "../../components/console/Dialog";
import {
  createFormErrors,
  Field,
  fieldAria,
  FormAlert,
  note,
  SuccessNote,
  type Note,
} from "../../components/console/Field";
import { parseBeijingLocal, toBeijingLocal } from "../../components/console/time";
import { uploadNoticeFile } from "../../components/console/upload";
import { categoryName, isWriter, StatusBadge, useConsoleUser } from "../../components/console/user";
import { ErrorBox, Loading } from "../../components/States";
import { t } from "../../i18n";
import { formatBytes, formatDate, formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";
import { CategoryField, MarkdownField, NoticeForm, TitleField, useUnsavedWarning } from "./NoticeEditor";

type EditData = Awaited<ReturnType<typeof api.notices.edit.query>>;

/** /admin/notices/:id: the working copy, its files, its versions and what may happen next. */
export default function NoticeDetail() {
  const params = useParams<{ id: string }>();
  const query = createQuery(() => ({
    queryKey: ["notices.edit", params.id],
    queryFn: () => api.notices.edit.query({ id: params.id }),
  }));
  return (
    <div class="console-page">
      <p class="back-link">
        <A href="/admin/notices">← {t("adm.editor.backToList")}</A>
      </p>
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          {(data) => <Detail data={data()} />}
        </Show>
      </Show>
    </div>
  );
}

function Detail(props: { data: EditData }) {
  const user = useConsoleUser();
  const qc = useQueryClient();
  const n = () => props.data.notice;
  const kind = () => props.data.community.kind;
  const isAdmin = () => user().role === "community_admin";
  const writer = () => isWriter(user().role);
  const unpublished = () => !n().firstPublishedAt;
  const publicHref = () => `/${props.data.community.street}/${props.data.community.community}/notices/${n().id}`;

  const [done, setDone] = createSignal<Note | null>(null);
  const [pending, setPending] = createSignal<PendingConfirm | null>(null);
  const [dirty, setDirty] = createSignal(false);
  useUnsavedWarning(dirty);

  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ["notices.edit", n().id] }),
      qc.invalidateQueries({ queryKey: ["notices.drafts"] }),
      qc.invalidateQueries({ queryKey: ["audit.list"] }),
    ]);

  /** A mutation of this notice: clears the old outcome, shows the new one, refreshes the views. */
  function act<I, R>(fn: (input: I) => Promise<R>, success: Note, errors: ReturnType<typeof createFormErrors>) {
    return createMutation(() => ({
      mutationFn: fn,
      onMutate: () => {
        errors.clear();
        setDone(null);
      },
      onError: (err: unknown) => errors.set(err),
      onSuccess: async () => {
        setDone(success);
        await refresh();
      },
    }));
  }

  const draftErrors = createFormErrors();
  const actionErrors = createFormErrors();
  const correctErrors = createFormErrors();
  const withdrawErrors = createFormErrors();

  const update = act(
    (d: { category: NoticeCategory; title: string; bodyMd: string; pinned: boolean; publicityDays: number }) =>
      api.notices.update.mutate({ id: n().id, ...d }),
    note("adm.detail.saved"),
    draftErrors,
  );
  const submit = act(() => api.notices.submit.mutate({ id: n().id }), note("adm.detail.submitted"), actionErrors);
  const publish = act(
    (at: number | undefined) => api.notices.publish.mutate({ id: n().id, at }),
    note("adm.detail.published"),
    actionErrors,
  );
  const correct = act(
    (c: { title: string; bodyMd: string; category: NoticeCategory; changeNote: string }) =>
      api.notices.correct.mutate({ id: n().id, ...c }),
    note("adm.detail.corrected"),
    correctErrors,
  );
  const withdraw = act(
    (w: { reason: string; replacedBy?: string }) => api.notices.withdraw.mutate({ id: n().id, ...w }),
    note("adm.detail.withdrawnDone"),
    withdrawErrors,
  );

  // Publishing: now, or at a Beijing time picked in a datetime-local input.
  const [scheduleOn, setScheduleOn] = createSignal(false);
  const [at, setAt] = createSignal("");
  const askPublish = () => {
    let when: number | undefined;
    if (scheduleOn()) {
      const parsed = parseBeijingLocal(at());
      if (parsed === null) return actionErrors.setFields({ at: t("adm.publish.atRequired") });
      if (parsed <= Date.now()) return actionErrors.setFields({ at: t("adm.publish.atPast") });
      when = parsed;
    }
    actionErrors.clear();
    setPending({
      title: t("adm.publish.confirmTitle"),
      message: (
        <>
          <p>{t("adm.publish.confirmText")}</p>
          <Show when={when}>
            <p>{t("adm.publish.confirmSchedule", { time: formatDateTime(when) })}</p>
          </Show>
        </>
      ),
      run: () =>
        publish.mutate(when, {
          onSuccess: (r) => {
            if (r.status === "scheduled") setDone(note("adm.detail.scheduledDone"));
            setScheduleOn(false);
          },
        }),
    });
  };

  const [openForm, setOpenForm] = createSignal<"correct" | "withdraw" | null>(null);
  const busy = () =>
    update.isPending || submit.isPending || publish.isPending || correct.isPending || withdraw.isPending;

  return (
    <>
      <div class="page-head">
        <h1 class="notice-admin-title">{n().title || t("adm.notices.untitled")}</h1>
      </div>
      <div class="meta adm-meta">
        <StatusBadge status={n().status} />
        <Show when={n().pinned}>
          <span class="badge badge-warn">{t("adm.notices.pinned")}</span>
        </Show>
        <Show when={n().currentVersion > 0}>
          <span>{t("adm.notices.version", { n: n().currentVersion })}</span>
        </Show>
        <span>
          {t("adm.detail.meta", {
            category: categoryName(n().category, kind()),
            time: formatDateTime(n().updatedAt),
          })}
        </span>
      </div>

      <NextStep data={props.data} isAdmin={isAdmin()} />
      <SuccessNote note={done()} />

      <Show when={!unpublished() || isAdmin() || (writer() && n().status === "draft")}>
        <section class="card" aria-labelledby="actions-h">
          <h2 id="actions-h">{t("adm.detail.actions")}</h2>
          <FormAlert errors={actionErrors} />
          <Show when={unpublished() && writer()}>
            <Show when={n().status === "draft"}>
              <div class="btn-row">
                <button type="button" class="btn" disabled={busy() || dirty()} onClick={() => submit.mutate(undefined)}>
                  {t("adm.action.submit")}
                </button>
              </div>
            </Show>
            <Show when={isAdmin()}>
              <div class="publish-box">
                <label class="check">
                  <input
                    type="checkbox"
                    name="schedule"
                    checked={scheduleOn()}
                    onChange={(e) => {
                      setScheduleOn(e.currentTarget.checked);
                      if (e.currentTarget.checked && !at()) setAt(toBeijingLocal(Date.now() + 3600_000));
                    }}
                  />
                  {t("adm.publish.schedule")}
                </label>
                <Show when={scheduleOn()}>
                  <Field id="publish-at" label={t("adm.publish.at")} error={actionErrors.field("at")}>
                    <input
                      id="publish-at"
                      name="at"
                      type="datetime-local"
                      value={at()}
                      min={toBeijingLocal(Date.now())}
                      onInput={(e) => setAt(e.currentTarget.value)}
                      {...fieldAria("publish-at", actionErrors.field("at"))}
                    />
                  </Field>
                </Show>
                <div class="btn-row">
                  <button type="button" class="btn btn-primary" disabled={busy() || dirty()} onClick={askPublish}>
                    {t("adm.action.publish")}
                  </button>
                </div>
              </div>
            </Show>
            <Show when={dirty()}>
              <p class="hint">{t("adm.detail.saveFirst")}</p>
            </Show>
          </Show>
          <Show when={n().status === "published" && isAdmin() && !openForm()}>
            <div class="btn-row">
              <button type="button" class="btn" onClick={() => setOpenForm("correct")}>
                {t("adm.action.correct")}
              </button>
              <button type="button" class="btn btn-danger" onClick={() => setOpenForm("withdraw")}>
                {t("adm.action.withdraw")}
              </button>
            </div>
          </Show>
          <Show when={!unpublished()}>
            <p>
              <a href={publicHref()}>{t("adm.detail.viewPublic")}</a>
            </p>
          </Show>
        </section>
      </Show>

      <Show when={openForm() === "correct" && n().status === "published"}>
        <CorrectForm
          data={props.data}
          errors={correctErrors}
          busy={correct.isPending}
          onClose={() => setOpenForm(null)}
          onSubmit={(c) =>
            setPending({
              title: t("adm.correct.confirmTitle"),
              message: <p>{t("adm.correct.confirmText", { n: n().currentVersion + 1 })}</p>,
              run: () => correct.mutate(c, { onSuccess: () => setOpenForm(null) }),
            })
          }
        />
      </Show>
      <Show when={openForm() === "withdraw" && n().status === "published"}>
        <WithdrawForm
          data={props.data}
          communityId={user().community!.id}
          errors={withdrawErrors}
          busy={withdraw.isPending}
          onClose={() => setOpenForm(null)}
          onSubmit={(w) =>
            setPending({
              title: t("adm.withdraw.confirmTitle"),
              message: <p>{t("adm.withdraw.confirmText")}</p>,
              danger: true,
              run: () => withdraw.mutate(w, { onSuccess: () => setOpenForm(null) }),
            })
          }
        />
      </Show>

      <Show
        when={unpublished()}
        fallback={
          <section class="card" aria-labelledby="content-h">
            <h2 id="content-h">{t("adm.detail.publishedContent")}</h2>
            <MarkdownView md={n().bodyMd} />
          </section>
        }
      >
        <section class="card" aria-labelledby="copy-h">
          <h2 id="copy-h">{t("adm.detail.workingCopy")}</h2>
          <Show
            when={writer()}
            fallback={
              <>
                <p class="hint">{t("adm.detail.readOnly")}</p>
                <MarkdownView md={n().bodyMd} />
              </>
            }
          >
            {/* Re-created after each save so that it starts from what the server stored. */}
            <Show when={n().updatedAt} keyed>
              {(_savedAt) => (
                <NoticeForm
                  idPrefix="draft"
                  initial={{
                    category: n().category,
                    title: n().title,
                    bodyMd: n().bodyMd,
                    pinned: n().pinned,
                    publicityDays: n().publicityDays,
                  }}
                  kind={kind()}
                  busy={busy()}
                  errors={draftErrors}
                  note={
                    <Show when={n().status !== "draft"}>
                      <p class="hint">{t("adm.editor.returnsToDraft")}</p>
                    </Show>
                  }
                  onDirty={setDirty}
                  onSave={(d) => update.mutate(d, { onSuccess: () => setDirty(false) })}
                />
              )}
            </Show>
          </Show>
        </section>
      </Show>

      <Attachments data={props.data} canWrite={writer()} onChange={refresh} ask={setPending} />
      <Versions data={props.data} />

      <Confirmation pending={pending()} onDone={() => setPending(null)} />
    </>
  );
}

function MarkdownView(props: { md: string }) {
  const html = createMemo(() => renderMarkdown(props.md));
  // renderMarkdown sanitises its output (js-xss whitelist).
  return <div class="markdown" innerHTML={html()} />;
}

/** What the status means and what happens next. */
function NextStep(props: { data: EditData; isAdmin: boolean }) {
  const n = () => props.data.notice;
  const text = () => {
    switch (n().status) {
      case "draft":
        return t(props.isAdmin ? "adm.detail.next.draftAdmin" : "adm.detail.next.draft");
      case "submitted":
        return t(props.isAdmin ? "adm.detail.next.submittedAdmin" : "adm.detail.next.submitted");
      case "scheduled":
        return t("adm.detail.next.scheduled", { time: formatDateTime(n().scheduledAt) });
      case "published":
        return t("adm.detail.next.published", {
          n: n().currentVersion,
          time: formatDateTime(n().lastPublishedAt),
          date: formatDate(publicityEndsAt(n().firstPublishedAt ?? 0, n().publicityDays)),
        });
      case "withdrawn":
        return t("adm.detail.next.withdrawn", {
          time: formatDateTime(n().withdrawnAt),
          reason: n().withdrawReason ?? "",
        });
    }
  };
  return (
    <div class={n().status === "withdrawn" ? "banner banner-warn" : "banner banner-info"} data-next-step>
      {text()}
      <Show when={n().replacedBy}>
        {(id) => (
          <>
            {" "}
            {t("adm.detail.replacedBy")}
            <A href={`/admin/notices/${id()}`}>{id()}</A>
          </>
        )}
      </Show>
    </div>
  );
}

function CorrectForm(props: {
  data: EditData;
  errors: ReturnType<typeof createFormErrors>;
  busy: boolean;
  onClose: () => void;
  onSubmit: (c: { title: string; bodyMd: string; category: NoticeCategory; changeNote: string }) => void;
}) {
  const start = props.data.notice;
  const [title, setTitle] = createSignal(start.title);
  const [bodyMd, setBodyMd] = createSignal(start.bodyMd);
  const [category, setCategory] = createSignal<NoticeCategory>(start.category);
  const [changeNote, setChangeNote] = createSignal("");
  const err = (name: string) => props.errors.field(name);
  return (
    <section class="card" aria-labelledby="correct-h">
      <h2 id="correct-h">{t("adm.correct.title")}</h2>
      <p class="hint">{t("adm.correct.intro")}</p>
      <form
        class="form"
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!changeNote().trim()) return props.errors.setFields({ changeNote: t("adm.correct.noteRequired") });
          props.errors.clear();
          props.onSubmit({ title: title(), bodyMd: bodyMd(), category: category(), changeNote: changeNote() });
        }}
      >
        <FormAlert errors={props.errors} />
        <CategoryField
          id="corr-category"
          value={category()}
          kind={props.data.community.kind}
          onChange={setCategory}
          error={err("category")}
        />
        <TitleField id="corr-title" value={title()} onInput={setTitle} error={err("title")} />
        <MarkdownField
          id="corr-bodyMd"
          name="bodyMd"
          label={t("adm.field.bodyMd")}
          value={bodyMd()}
          onInput={setBodyMd}
          error={err("bodyMd")}
        />
        <Field
          id="corr-changeNote"
          label={t("adm.field.changeNote")}
          hint={t("adm.hint.changeNote")}
          error={err("changeNote")}
        >
          <textarea
            id="corr-changeNote"
            name="changeNote"
            class="short"
            rows={3}
            maxLength={500}
            required
            value={changeNote()}
            onInput={(e) => setChangeNote(e.currentTarget.value)}
            {...fieldAria("corr-changeNote", err("changeNote"), true)}
          />
        </Field>
        <div class="btn-row">
          <button type="submit" class="btn btn-primary" disabled={props.busy}>
            {t("adm.action.correct")}
          </button>
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t("adm.action.collapse")}
          </button>
        </div>
      </form>
    </section>
  );
}

function WithdrawForm(props: {
  data: EditData;
  communityId: string;
  errors: ReturnType<typeof createFormErrors>;
  busy: boolean;
  onClose: () => void;
  onSubmit: (w: { reason: string; replacedBy?: string }) => void;
}) {
  const n = props.data.notice;
  const [reason, setReason] = createSignal("");
  const [replacedBy, setReplacedBy] = createSignal("");
  const others = createQuery(() => ({
    queryKey: ["notices.drafts", props.communityId, "published-options"],
    queryFn: () => api.notices.drafts.query({ communityId: props.communityId, status: "published", limit: 50 }),
  }));
  const options = () => (others.data?.items ?? []).filter((o) => o.id !== n.id);
  const err = (name: string) => props.errors.field(name);
  return (
    <section class="card" aria-labelledby="withdraw-h">
      <h2 id="withdraw-h">{t("adm.withdraw.title")}</h2>
      <p class="hint">
        {t("adm.withdraw.intro", {
          days: Math.max(n.publicityDays, 15),
          date: formatDate(publicityEndsAt(n.firstPublishedAt ?? 0, n.publicityDays)),
        })}
      </p>
      <form
        class="form"
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          if (reason().trim().length < 2) return props.errors.setFields({ reason: t("adm.withdraw.reasonRequired") });
          props.errors.clear();
          props.onSubmit({ reason: reason(), replacedBy: replacedBy() || undefined });
        }}
      >
        <FormAlert errors={props.errors} />
        <Field id="wd-reason" label={t("adm.field.reason")} error={err("reason")}>
          <textarea
            id="wd-reason"
            name="reason"
            class="short"
            rows={3}
            maxLength={500}
            required
            value={reason()}
            onInput={(e) => setReason(e.currentTarget.value)}
            {...fieldAria("wd-reason", err("reason"))}
          />
        </Field>
        <Field id="wd-replacedBy" label={t("adm.field.replacedBy")} error={err("replacedBy")}>
          <select
            id="wd-replacedBy"
            name="replacedBy"
            value={replacedBy()}
            onChange={(e) => setReplacedBy(e.currentTarget.value)}
            {...fieldAria("wd-replacedBy", err("replacedBy"))}
          >
            <option value="" selected={!replacedBy()}>
              {t("adm.withdraw.none")}
            </option>
            <For each={options()}>
              {(o) => (
                <option value={o.id} selected={o.id === replacedBy()}>
                  {o.title}
                </option>
              )}
            </For>
          </select>
        </Field>
        <div class="btn-row">
          <button type="submit" class="btn btn-danger" disabled={props.busy}>
            {t("adm.action.withdraw")}
          </button>
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t("adm.action.collapse")}
          </button>
        </div>
      </form>
    </section>
  );
}

function Attachments(props: {
  data: EditData;
  canWrite: boolean;
  onChange: () => unknown;
  ask: (p: PendingConfirm) => void;
}) {
  const [uploading, setUploading] = createSignal<{ name: string; progress: number } | null>(null);
  const [error, setError] = createSignal("");
  const [status, setStatus] = createSignal("");
  const canUpload = () => props.canWrite && props.data.notice.status !== "withdrawn";
  const hasPending = () => props.data.attachments.some((a) => !a.publishedAt);

  const remove = createMutation(() => ({
    mutationFn: (id: string) => api.notices.removeAttachment.mutate({ id }),
    onMutate: () => setError(""),
    onError: (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    onSuccess: () => props.onChange(),
  }));

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setError("");
    setStatus("");
    if (file.size > MAX_ATTACHMENT_BYTES) {
      input.value = "";
      return setError(t("adm.att.tooLarge"));
    }
    if (file.type && !(ATTACHMENT_TYPES as readonly string[]).includes(file.type)) {
      input.value = "";
      return setError(t("adm.att.badType"));
    }
    setUploading({ name: file.name, progress: 0 });
    try {
      await uploadNoticeFile(props.data.notice.id, file, (p) => setUploading({ name: file.name, progress: p }));
      setStatus(t("adm.att.uploaded", { name: file.name }));
      await props.onChange();
    } catch (err) {
      setError(`${t("adm.att.failed")}：${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setUploading(null);
      input.value = "";
    }
  };

  return (
    <section class="card" aria-labelledby="att-h">
      <h2 id="att-h">{t("adm.att.title")}</h2>
      <Show when={props.data.attachments.length} fallback={<p class="muted">{t("adm.att.empty")}</p>}>
        <ul class="list attachment-list">
          <For each={props.data.attachments}>
            {(a) => (
              <li data-attachment-id={a.id}>
                <div class="attachment-row">
                  <div>
                    <a href={`/files/${a.id}`} target="_blank" rel="noopener">
                      {a.name}
                    </a>{" "}
                    <span class={a.publishedAt ? "badge badge-ok" : "badge badge-muted"}>
                      {a.publishedAt ? t("adm.att.published") : t("adm.att.pending")}
                    </span>
                    <div class="meta">
                      {formatBytes(a.size)} ·{" "}
                      <span class="mono" title={a.sha256}>
                        {t("adm.att.sha", { hash: a.sha256.slice(0, 12) + "…" })}
                      </span>
                    </div>
                  </div>
                  <Show when={props.canWrite && !a.publishedAt}>
                    <button
                      type="button"
                      class="btn btn-danger btn-small"
                      disabled={remove.isPending}
                      onClick={() =>
                        props.ask({
                          title: t("adm.att.removeTitle"),
                          message: <p>{t("adm.att.removeText", { name: a.name })}</p>,
                          danger: true,
                          run: () => remove.mutate(a.id),
                        })
                      }
                    >
                      {t("adm.att.remove")}
                    </button>
                  </Show>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={hasPending() && !!props.data.notice.firstPublishedAt}>
        <p class="hint">{t("adm.att.pendingNote")}</p>
      </Show>
      <Show when={canUpload()}>
        <div class="field upload-field">
          <label for="att-file">{t("adm.att.add")}</label>
          <input
            id="att-file"
            name="file"
            type="file"
            accept="application/pdf,image/png,image/jpeg,image/webp"
            disabled={!!uploading()}
            aria-describedby="att-file-hint"
            onChange={(e) => onFile(e.currentTarget)}
          />
          <div class="hint" id="att-file-hint">
            {t("adm.att.hint")}
          </div>
        </div>
      </Show>
      <div role="status" aria-live="polite" class="upload-status">
        <Show when={uploading()}>
          {(u) => (
            <div>
              {t("adm.att.uploading", { name: u().name })}{" "}
              <progress max="100" value={Math.round(u().progress * 100)}>
                {Math.round(u().progress * 100)}%
              </progress>
            </div>
          )}
        </Show>
        <Show when={!uploading() && status()}>
          <span class="muted">{status()}</span>
        </Show>
      </div>
      <Show when={error()}>
        <div class="banner banner-bad" role="alert">
          {error()}
        </div>
      </Show>
    </section>
  );
}

function Versions(props: { data: EditData }) {
  return (
    <section class="card" aria-labelledby="ver-h">
      <h2 id="ver-h">{t("adm.ver.title")}</h2>
      <Show when={props.data.versions.length} fallback={<p class="muted">{t("adm.ver.empty")}</p>}>
        <div class="table-wrap">
          <table class="table table-stack versions-table">
            <thead>
              <tr>
                <th scope="col">{t("adm.ver.version")}</th>
                <th scope="col">{t("adm.ver.time")}</th>
                <th scope="col">{t("adm.ver.note")}</th>
                <th scope="col">{t("adm.ver.hash")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={[...props.data.versions].reverse()}>
                {(v) => (
                  <tr>
                    <td data-label={t("adm.ver.version")}>{t("adm.notices.version", { n: v.version })}</td>
                    <td data-label={t("adm.ver.time")}>{formatDateTime(v.publishedAt)}</td>
                    <td data-label={t("adm.ver.note")}>
                      {v.changeNote || (v.version === 1 ? t("adm.ver.first") : "")}
                    </td>
                    <td data-label={t("adm.ver.hash")}>
                      <span class="mono" title={v.contentHash}>
                        {v.contentHash.slice(0, 16)}…
                      </span>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
