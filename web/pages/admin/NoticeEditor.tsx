import { A, useBeforeLeave, useNavigate } from "@solidjs/router";
import { createMutation, useQueryClient } from "@tanstack/solid-query";
import { createMemo, createSignal, For, onCleanup, Show, type JSX } from "solid-js";
import { renderMarkdown } from "../../../shared/markdown";
import { NOTICE_CATEGORY_CODES, type NoticeCategory } from "../../../shared/rules/categories";
import { MIN_PUBLICITY_DAYS } from "../../../shared/rules/notices";
import { createFormErrors, Field, fieldAria, FormAlert, type FormErrors } from "../../components/console/Field";
import { categoryName, isWriter, useConsoleUser } from "../../components/console/user";
import { t } from "../../i18n";
import { api } from "../../lib/trpc";

export type NoticeDraft = {
  category: NoticeCategory;
  title: string;
  bodyMd: string;
  pinned: boolean;
  publicityDays: number;
};

const EMPTY: NoticeDraft = { category: "affairs", title: "", bodyMd: "", pinned: false, publicityDays: 15 };

/** A Markdown textarea with its live, sanitised preview beside it (below it on phones). */
export function MarkdownField(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  required?: boolean;
}) {
  const html = createMemo(() => renderMarkdown(props.value));
  return (
    <div class="md-editor">
      <Field id={props.id} label={props.label} hint={t("adm.hint.bodyMd")} error={props.error}>
        <textarea
          id={props.id}
          name={props.name}
          value={props.value}
          rows={14}
          maxLength={50_000}
          required={props.required}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          {...fieldAria(props.id, props.error, true)}
        />
      </Field>
      <div class="md-preview">
        <div class="md-preview-label" id={`${props.id}-preview-label`}>
          {t("adm.editor.preview")}
        </div>
        <Show when={props.value.trim()} fallback={<p class="muted md-preview-body">{t("adm.editor.previewEmpty")}</p>}>
          {/* renderMarkdown sanitises (js-xss whitelist), so inserting its HTML is safe. */}
          <div
            class="markdown md-preview-body"
            aria-labelledby={`${props.id}-preview-label`}
            role="region"
            innerHTML={html()}
          />
        </Show>
      </div>
    </div>
  );
}

/** Title with its length counter, shared by the draft form and the correction form. */
export function TitleField(props: { id: string; value: string; onInput: (v: string) => void; error?: string }) {
  return (
    <Field
      id={props.id}
      label={t("adm.field.title")}
      hint={t("adm.hint.title", { n: props.value.length })}
      error={props.error}
    >
      <input
        id={props.id}
        name="title"
        type="text"
        value={props.value}
        maxLength={200}
        required
        autocomplete="off"
        onInput={(e) => props.onInput(e.currentTarget.value)}
        {...fieldAria(props.id, props.error, true)}
      />
    </Field>
  );
}

export function CategoryField(props: {
  id: string;
  value: NoticeCategory;
  kind: "urban" | "village" | undefined;
  onChange: (v: NoticeCategory) => void;
  error?: string;
}) {
  return (
    <Field id={props.id} label={t("adm.field.category")} error={props.error}>
      <select
        id={props.id}
        name="category"
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value as NoticeCategory)}
        {...fieldAria(props.id, props.error)}
      >
        <For each={NOTICE_CATEGORY_CODES}>
          {(c) => (
            <option value={c} selected={c === props.value}>
              {categoryName(c, props.kind)}
            </option>
          )}
        </For>
      </select>
    </Field>
  );
}

/** Warn before leaving with unsaved changes: on closing the tab and on in-app navigation. */
export function useUnsavedWarning(dirty: () => boolean) {
  const onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (dirty()) e.preventDefault();
  };
  window.addEventListener("beforeunload", onBeforeUnload);
  onCleanup(() => window.removeEventListener("beforeunload", onBeforeUnload));
  useBeforeLeave((e) => {
    if (dirty() && !e.defaultPrevented) {
      e.preventDefault();
      setTimeout(() => {
        if (window.confirm(t("adm.editor.unsaved"))) e.retry(true);
      });
    }
  });
}

/**
 * The working copy of a notice that was never published: category, title, Markdown body with
 * preview, pinning and publicity days. Used for new drafts and for editing a draft.
 */
export function NoticeForm(props: {
  idPrefix: string;
  initial?: NoticeDraft;
  kind: "urban" | "village" | undefined;
  busy: boolean;
  errors: FormErrors;
  note?: JSX.Element;
  onSave: (draft: NoticeDraft) => void;
  onDirty?: (dirty: boolean) => void;
}) {
  // The form edits its own copy; `initial` only seeds it.
  const start = { ...EMPTY, ...props.initial };
  const [category, setCategory] = createSignal<NoticeCategory>(start.category);
  const [title, setTitle] = createSignal(start.title);
  const [bodyMd, setBodyMd] = createSignal(start.bodyMd);
  const [pinned, setPinned] = createSignal(start.pinned);
  const [days, setDays] = createSignal(String(start.publicityDays));
  const dirty = () =>
    category() !== start.category ||
    title() !== start.title ||
    bodyMd() !== start.bodyMd ||
    pinned() !== start.pinned ||
    days() !== String(start.publicityDays);
  const touch = () => props.onDirty?.(dirty());
  const id = (name: string) => `${props.idPrefix}-${name}`;
  const err = (name: string) => props.errors.field(name);

  return (
    <form
      class="form notice-form"
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave({
          category: category(),
          title: title(),
          bodyMd: bodyMd(),
          pinned: pinned(),
          publicityDays: Number(days()),
        });
      }}
    >
      <FormAlert errors={props.errors} />
      <CategoryField
        id={id("category")}
        value={category()}
        kind={props.kind}
        error={err("category")}
        onChange={(v) => {
          setCategory(v);
          touch();
        }}
      />
      <TitleField
        id={id("title")}
        value={title()}
        error={err("title")}
        onInput={(v) => {
          setTitle(v);
          touch();
        }}
      />
      <MarkdownField
        id={id("bodyMd")}
        name="bodyMd"
        label={t("adm.field.bodyMd")}
        value={bodyMd()}
        error={err("bodyMd")}
        onInput={(v) => {
          setBodyMd(v);
          touch();
        }}
      />
      <div class="grid grid-2">
        <Field
          id={id("publicityDays")}
          label={t("adm.field.publicityDays")}
          hint={t("adm.hint.publicityDays")}
          error={err("publicityDays")}
        >
          <input
            id={id("publicityDays")}
            name="publicityDays"
            type="number"
            inputmode="numeric"
            min={MIN_PUBLICITY_DAYS}
            max={365}
            step={1}
            value={days()}
            onInput={(e) => {
              setDays(e.currentTarget.value);
              touch();
            }}
            {...fieldAria(id("publicityDays"), err("publicityDays"), true)}
          />
        </Field>
        <div class="field field-check">
          <label class="check">
            <input
              type="checkbox"
              name="pinned"
              checked={pinned()}
              onChange={(e) => {
                setPinned(e.currentTarget.checked);
                touch();
              }}
              aria-describedby={id("pinned-hint")}
            />
            {t("adm.field.pinned")}
          </label>
          <div class="hint" id={id("pinned-hint")}>
            {t("adm.hint.pinned")}
          </div>
        </div>
      </div>
      {props.note}
      <div class="btn-row">
        <button type="submit" class="btn btn-primary" disabled={props.busy} aria-busy={props.busy ? "true" : undefined}>
          {t("adm.editor.saveDraft")}
        </button>
      </div>
    </form>
  );
}

/** /admin/notices/new: write a draft; saving it opens its detail page for files and submission. */
export default function NoticeEditor() {
  const user = useConsoleUser();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [dirty, setDirty] = createSignal(false);
  useUnsavedWarning(dirty);

  const create = createMutation(() => ({
    mutationFn: (draft: NoticeDraft) => api.notices.create.mutate({ communityId: user().community!.id, ...draft }),
    onMutate: () => errors.clear(),
    onError: (err) => errors.set(err),
    onSuccess: async ({ id }) => {
      setDirty(false);
      await qc.invalidateQueries({ queryKey: ["notices.drafts"] });
      navigate(`/admin/notices/${id}`);
    },
  }));

  return (
    <div class="console-page">
      <p class="back-link">
        <A href="/admin/notices">← {t("adm.editor.backToList")}</A>
      </p>
      <h1>{t("adm.editor.newTitle")}</h1>
      <Show when={isWriter(user().role)} fallback={<div class="banner banner-warn">{t("adm.editor.noRight")}</div>}>
        <NoticeForm
          idPrefix="new"
          kind={user().community?.kind}
          busy={create.isPending}
          errors={errors}
          note={<p class="hint">{t("adm.editor.attachLater")}</p>}
          onDirty={setDirty}
          onSave={(draft) => create.mutate(draft)}
        />
      </Show>
    </div>
  );
}
