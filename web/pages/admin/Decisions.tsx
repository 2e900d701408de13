import { A } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { MAX_ATTACHMENTS_PER_NOTICE } from "../../../shared/rules/attachments";
import {
  createFormErrors,
  Field,
  fieldAria,
  FormAlert,
  note,
  SuccessNote,
  type Note,
} from "../../components/console/Field";
import { FileList, FileUpload } from "../../components/console/FileList";
import { uploadFile, type UploadedFile } from "../../components/console/upload";
import { isWriter, useConsoleUser } from "../../components/console/user";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { t, type Key } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { api, errorMessage } from "../../lib/trpc";
import { DecisionStatusBadge, type DecisionStatus } from "./Meetings";

type Decision = Awaited<ReturnType<typeof api.decisions.list.query>>[number];

const STATUSES: DecisionStatus[] = ["planned", "in_progress", "done", "stalled"];

/** /admin/decisions: the decisions register with each decision's progress and a form to post an update. */
export default function Decisions() {
  const user = useConsoleUser();
  const street = () => user().street?.slug ?? "";
  const community = () => user().community!.slug;
  const query = createQuery(() => ({
    queryKey: ["decisions.list", street(), community()],
    queryFn: () => api.decisions.list.query({ street: street(), community: community() }),
    // Keep each card (and a half-written update) across refetches.
    reconcile: "id",
  }));
  const [done, setDone] = createSignal<Note | null>(null);
  return (
    <div class="console-page mtg-page">
      <div class="page-head">
        <h1>{t("mtg.dl.title")}</h1>
        <a href={`/${street()}/${community()}/decisions`} class="btn btn-small">
          {t("mtg.dl.public")}
        </a>
      </div>
      <p class="muted">{t("mtg.dl.intro")}</p>
      <Show when={!isWriter(user().role)}>
        <p class="meta">{t("mtg.dl.readOnly")}</p>
      </Show>
      <SuccessNote note={done()} />
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={!query.isError} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          <Show when={query.data?.length} fallback={<Empty>{t("mtg.dl.empty")}</Empty>}>
            <div class="mtg-decisions" data-testid="mtg-decisions">
              <For each={query.data}>
                {(d) => <DecisionCard d={d} keeper={isWriter(user().role)} onDone={setDone} />}
              </For>
            </div>
          </Show>
        </Show>
      </Show>
    </div>
  );
}

function DecisionCard(props: { d: Decision; keeper: boolean; onDone: (n: Note | null) => void }) {
  const d = () => props.d;
  const headId = `dec-${props.d.id}-h`;
  return (
    <article class="card mtg-decision" data-decision-id={d().id} data-status={d().status} aria-labelledby={headId}>
      <div class="page-head">
        <h2 id={headId} class="mtg-decision-title">
          {d().title}
        </h2>
        <DecisionStatusBadge status={d().status} />
      </div>
      <p class="pre-line">{d().resolution}</p>
      <p class="meta">
        {t("mtg.dl.meeting")}
        <A href={`/admin/meetings/${d().meetingId}`}>{d().meetingTitle}</A>
        {" · "}
        {t("mtg.dl.decidedAt", { date: formatDate(d().decidedAt) })}
      </p>
      <div class="mtg-progress">
        <progress max={100} value={d().progress} aria-label={t("mtg.dl.progress", { n: d().progress })} />
        <span class="mtg-progress-text" data-testid="dec-progress">
          {t("mtg.dl.progress", { n: d().progress })}
        </span>
      </div>
      <div class="grid grid-2 mtg-decision-body">
        <div>
          <h3>{t("mtg.dl.timeline")}</h3>
          <Show when={d().updates.length} fallback={<p class="muted">{t("mtg.dl.noUpdates")}</p>}>
            <ol class="reg-timeline mtg-timeline" data-testid="dec-timeline">
              <For each={d().updates}>
                {(u) => (
                  <li data-status={u.status}>
                    <div class="reg-timeline-head">
                      <DecisionStatusBadge status={u.status} />
                      <span>{t("mtg.dl.progress", { n: u.progress })}</span>
                      <span class="meta">{formatDateTime(u.at)}</span>
                    </div>
                    <p class="pre-line">{u.note}</p>
                    <Show when={u.attachments.length}>
                      <FileList files={u.attachments} testid="decision-file" label={t("mtg.files.title")} />
                    </Show>
                  </li>
                )}
              </For>
            </ol>
          </Show>
        </div>
        <Show when={props.keeper}>
          <UpdateForm d={d()} onDone={props.onDone} />
        </Show>
      </div>
    </article>
  );
}

function UpdateForm(props: { d: Decision; onDone: (n: Note | null) => void }) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [status, setStatus] = createSignal<DecisionStatus>(
    props.d.status === "planned" ? "in_progress" : (props.d.status as DecisionStatus),
  );
  const [progress, setProgress] = createSignal(String(props.d.progress));
  const [text, setText] = createSignal("");
  // Files uploaded for this update; taking one off the list just leaves its id out of the post.
  const [pending, setPending] = createSignal<UploadedFile[]>([]);
  // A file taken off the list is deleted (it was never public), so it neither lingers nor counts.
  const [removing, setRemoving] = createSignal(false);
  const [removeError, setRemoveError] = createSignal<string | null>(null);
  const discard = async (fileId: string) => {
    setRemoving(true);
    setRemoveError(null);
    try {
      await api.notices.removeAttachment.mutate({ id: fileId });
      setPending((list) => list.filter((x) => x.id !== fileId));
    } catch (err) {
      setRemoveError(errorMessage(err));
    } finally {
      setRemoving(false);
    }
  };
  const [uploading, setUploading] = createSignal(false);
  // A fresh upload field after each post (its "uploaded …" line belongs to the update just posted).
  const [round, setRound] = createSignal(1);
  const post = createMutation(() => ({
    mutationFn: (input: { status: DecisionStatus; progress: number; note: string; attachmentIds: string[] }) =>
      api.decisions.addUpdate.mutate({ decisionId: props.d.id, ...input }),
    onMutate: () => {
      errors.clear();
      props.onDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      setText("");
      setPending([]);
      setRound((n) => n + 1);
      props.onDone(note("mtg.dl.posted"));
      await qc.invalidateQueries({ queryKey: ["decisions.list"] });
    },
  }));
  const id = (name: string) => `dec-${props.d.id}-${name}`;
  const setStatusAndProgress = (s: DecisionStatus) => {
    setStatus(s);
    if (s === "done") setProgress("100");
  };
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const p = Number(progress());
    if (progress().trim() === "" || !Number.isInteger(p) || p < 0 || p > 100)
      problems.progress = t("mtg.dl.progressBad");
    if (text().trim().length < 2) problems.note = t("mtg.dl.noteShort");
    if (uploading()) problems.attachmentIds = t("mtg.files.waitUpload");
    if (Object.keys(problems).length) return errors.setFields(problems);
    post.mutate({ status: status(), progress: p, note: text().trim(), attachmentIds: pending().map((f) => f.id) });
  };
  return (
    <form class="form mtg-update-form" novalidate onSubmit={submit} data-testid="dec-update-form">
      <h3>{t("mtg.dl.update")}</h3>
      <FormAlert errors={errors} />
      <Field id={id("status")} label={t("mtg.dl.status")} error={errors.field("status")}>
        <select
          id={id("status")}
          name="status"
          value={status()}
          onChange={(e) => setStatusAndProgress(e.currentTarget.value as DecisionStatus)}
          {...fieldAria(id("status"), errors.field("status"))}
        >
          <For each={STATUSES}>
            {(s) => (
              <option value={s} selected={s === status()}>
                {t(`mtg.dstatus.${s}` as Key)}
              </option>
            )}
          </For>
        </select>
      </Field>
      <Field id={id("progress")} label={t("mtg.dl.progressLabel")} error={errors.field("progress")}>
        <div class="mtg-progress-input">
          <input
            type="range"
            name="progressRange"
            min={0}
            max={100}
            step={5}
            value={Number(progress()) || 0}
            aria-label={t("mtg.dl.progressRange")}
            onInput={(e) => setProgress(e.currentTarget.value)}
          />
          <input
            id={id("progress")}
            name="progress"
            type="number"
            inputmode="numeric"
            min={0}
            max={100}
            step={1}
            value={progress()}
            onInput={(e) => setProgress(e.currentTarget.value)}
            {...fieldAria(id("progress"), errors.field("progress"))}
          />
        </div>
      </Field>
      <Field id={id("note")} label={t("mtg.dl.note")} hint={t("mtg.dl.noteHint")} error={errors.field("note")}>
        <textarea
          id={id("note")}
          name="note"
          class="short prose"
          maxLength={2000}
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
          {...fieldAria(id("note"), errors.field("note"), true)}
        />
      </Field>
      <Show when={pending().length}>
        <div class="field">
          <strong>{t("mtg.files.pending")}</strong>
          <FileList
            files={pending()}
            testid="decision-file"
            pending
            label={t("mtg.files.pending")}
            actions={(f) => (
              <button
                type="button"
                class="btn btn-small"
                data-action="dec-file-unlist"
                aria-label={t("mtg.files.unlistLabel", { name: f.name })}
                disabled={removing()}
                onClick={() => discard(f.id)}
              >
                {t("mtg.files.unlist")}
              </button>
            )}
          />
          <div class="hint">{t("mtg.files.pendingNote")}</div>
          <Show when={removeError()}>
            <p class="error" role="alert">
              {removeError()}
            </p>
          </Show>
        </div>
      </Show>
      <Show when={round()} keyed>
        <FileUpload
          id={id("file")}
          testid="decision-file-input"
          label={
            <>
              {t("mtg.files.add")}
              <span class="sr-only">{t("mtg.files.addFor", { item: props.d.title })}</span>
            </>
          }
          hint={t("mtg.files.decisionHint")}
          remaining={MAX_ATTACHMENTS_PER_NOTICE - pending().length}
          disabled={post.isPending}
          upload={(file, onProgress) =>
            uploadFile(`/files/decisions/${encodeURIComponent(props.d.id)}`, file, onProgress)
          }
          onUploaded={(file) => setPending((list) => [...list, file])}
          onBusy={setUploading}
        />
      </Show>
      <Show when={errors.field("attachmentIds")}>{(e) => <div class="error">{e()}</div>}</Show>
      <div class="btn-row">
        <button
          type="submit"
          class="btn btn-primary"
          data-action="dec-post-update"
          disabled={post.isPending || uploading()}
          aria-busy={post.isPending ? "true" : undefined}
        >
          {t("mtg.dl.update")}
        </button>
      </div>
    </form>
  );
}
