import { A, useNavigate, useParams } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { createStore, produce, unwrap } from "solid-js/store";
import { kindsFor, ruleFor, type Basis, type MeetingKind, type RuleSetId } from "../../../shared/rules/meetings";
import { MAX_ATTACHMENTS_PER_NOTICE } from "../../../shared/rules/attachments";
import { createFormErrors, Field, fieldAria, FormAlert, type FormErrors } from "../../components/console/Field";
import { FileList, FileUpload, type ListedFile } from "../../components/console/FileList";
import { parseBeijingLocal, toBeijingLocal } from "../../components/console/time";
import { uploadFile } from "../../components/console/upload";
import { isWriter, useConsoleUser } from "../../components/console/user";
import { ErrorBox, Loading } from "../../components/States";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { api, errorMessage } from "../../lib/trpc";
import { useUnsavedWarning } from "./NoticeEditor";
import { basisLabel, BASES, communityRuleSet, kindLabel, ruleSetLabel, RuleList } from "./Meetings";

const SUBKINDS = ["议事会", "听证会", "恳谈会"] as const;
type Subkind = (typeof SUBKINDS)[number];

/** An agenda row; `id` and `attachments` only for items already saved (new rows get their id on saving). */
type ItemRow = {
  key: number;
  id?: string;
  title: string;
  description: string;
  proposedResolution: string;
  attachments: ListedFile[];
};

export type MeetingDraft = {
  kind: MeetingKind;
  subkind?: Subkind;
  basis: Basis;
  groupId?: string;
  title: string;
  place: string;
  startsAt: number;
  urgentReason?: string;
  /** A saved item is sent with its id, so it keeps its id and its files. */
  items: { id?: string; title: string; description: string; proposedResolution: string }[];
};

type Initial = {
  kind: MeetingKind;
  subkind: string | null;
  basis: Basis;
  groupId: string | null;
  title: string;
  place: string;
  startsAt: number | null;
  urgentReason: string | null;
  items: { id: string; title: string; description: string; proposedResolution: string; attachments: ListedFile[] }[];
};

const DAY = 86_400_000;
let nextKey = 1;

const basesOf = (ruleSet: RuleSetId, kind: MeetingKind): Basis[] => {
  const rule = ruleFor(ruleSet, kind);
  return rule ? BASES.filter((b) => rule.quorum[b]) : [];
};

/** /admin/meetings/new and /admin/meetings/:id/edit (drafts only). Saving opens the meeting. */
export default function MeetingEditor() {
  const params = useParams<{ id?: string }>();
  const user = useConsoleUser();
  return (
    <div class="console-page mtg-page">
      <p class="back-link">
        <Show when={params.id} fallback={<A href="/admin/meetings">← {t("mtg.edit.back")}</A>}>
          {(id) => <A href={`/admin/meetings/${id()}`}>← {t("mtg.edit.backToMeeting")}</A>}
        </Show>
      </p>
      <h1>{params.id ? t("mtg.edit.editTitle") : t("mtg.edit.newTitle")}</h1>
      <Show when={isWriter(user().role)} fallback={<div class="banner banner-warn">{t("mtg.edit.noRight")}</div>}>
        <Show when={params.id} keyed fallback={<NewMeeting />}>
          {(id) => <EditMeeting id={id} />}
        </Show>
      </Show>
    </div>
  );
}

function NewMeeting() {
  const user = useConsoleUser();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [dirty, setDirty] = createSignal(false);
  useUnsavedWarning(dirty);
  const create = createMutation(() => ({
    mutationFn: (draft: MeetingDraft) => api.meetings.create.mutate({ communityId: user().community!.id, ...draft }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async ({ id }) => {
      setDirty(false);
      await qc.invalidateQueries({ queryKey: ["meetings.staffList"] });
      navigate(`/admin/meetings/${id}`);
    },
  }));
  return (
    <MeetingForm
      ruleSet={communityRuleSet(user().community?.kind)}
      busy={create.isPending}
      errors={errors}
      onDirty={setDirty}
      onSave={(d) => create.mutate(d)}
    />
  );
}

function EditMeeting(props: { id: string }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [dirty, setDirty] = createSignal(false);
  useUnsavedWarning(dirty);
  const query = createQuery(() => ({
    queryKey: ["meetings.manage", props.id],
    queryFn: () => api.meetings.manage.query({ id: props.id }),
    reconcile: "id",
    refetchOnWindowFocus: false,
  }));
  const update = createMutation(() => ({
    mutationFn: (draft: MeetingDraft) => api.meetings.update.mutate({ id: props.id, ...draft }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      setDirty(false);
      await qc.invalidateQueries({ queryKey: ["meetings.staffList"] });
      await qc.invalidateQueries({ queryKey: ["meetings.manage", props.id] });
      navigate(`/admin/meetings/${props.id}`);
    },
  }));
  return (
    <Show when={!query.isPending} fallback={<Loading />}>
      <Switch>
        <Match when={query.isError}>
          <ErrorBox error={query.error} retry={() => query.refetch()} />
        </Match>
        <Match when={query.data && query.data.status !== "draft"}>
          <div class="banner banner-warn">
            {t("mtg.edit.notDraft")} <A href={`/admin/meetings/${props.id}`}>{t("mtg.edit.backToMeeting")}</A>
          </div>
        </Match>
        <Match when={query.data} keyed>
          {(m) => (
            <MeetingForm
              ruleSet={m.ruleSet as RuleSetId}
              initial={{
                kind: m.kind as MeetingKind,
                subkind: m.subkind,
                basis: m.basis as Basis,
                groupId: m.groupId,
                title: m.title,
                place: m.place,
                startsAt: m.startsAt,
                urgentReason: m.urgentReason,
                items: m.items.map((it) => ({
                  id: it.id,
                  title: it.title,
                  description: it.description,
                  proposedResolution: it.proposedResolution,
                  attachments: it.attachments.map((a) => ({ ...a })),
                })),
              }}
              busy={update.isPending}
              errors={errors}
              onDirty={setDirty}
              onSave={(d) => update.mutate(d)}
              // The meeting page lists the files too: refetch it when it is next shown, not this form.
              onFilesChanged={() =>
                qc.invalidateQueries({ queryKey: ["meetings.manage", props.id], refetchType: "none" })
              }
            />
          )}
        </Match>
      </Switch>
    </Show>
  );
}

/**
 * Kind (with its rule in words), form of consultation, quorum basis (only those the kind allows),
 * group, title, place, start in Beijing time, urgent reason when the notice is short, and the agenda.
 */
function MeetingForm(props: {
  ruleSet: RuleSetId;
  initial?: Initial;
  busy: boolean;
  errors: FormErrors;
  onSave: (draft: MeetingDraft) => void;
  onDirty: (dirty: boolean) => void;
  onFilesChanged?: () => unknown;
}) {
  const user = useConsoleUser();
  const community = () => user().community?.kind;
  const kinds = kindsFor(props.ruleSet);
  const init = props.initial;
  const firstKind = init?.kind ?? kinds[0];
  const [kind, setKind] = createSignal<MeetingKind>(firstKind);
  const [subkind, setSubkind] = createSignal<Subkind>((init?.subkind as Subkind) || SUBKINDS[0]);
  const [basis, setBasis] = createSignal<Basis>(init?.basis ?? basesOf(props.ruleSet, firstKind)[0]);
  const [groupId, setGroupId] = createSignal(init?.groupId ?? "");
  const [title, setTitle] = createSignal(init?.title ?? "");
  const [place, setPlace] = createSignal(init?.place ?? "");
  const [start, setStart] = createSignal(init?.startsAt ? toBeijingLocal(init.startsAt) : "");
  const [urgent, setUrgent] = createSignal(init?.urgentReason ?? "");
  const [items, setItems] = createStore<ItemRow[]>((init?.items ?? []).map((it) => ({ key: nextKey++, ...it })));
  const [uploads, setUploads] = createSignal(0);

  const snapshot = () =>
    JSON.stringify([
      kind(),
      subkind(),
      basis(),
      groupId(),
      title(),
      place(),
      start(),
      urgent(),
      items.map((it) => [it.id, it.title, it.description, it.proposedResolution]),
    ]);
  const initialSnapshot = snapshot();
  const touch = () => props.onDirty(snapshot() !== initialSnapshot);

  const rule = () => ruleFor(props.ruleSet, kind());
  const bases = () => basesOf(props.ruleSet, kind());
  const groupBasis = () => basis() === "group_adults" || basis() === "group_households";
  const startsAt = () => parseBeijingLocal(start());
  const noticeDays = () => rule()?.noticeDays ?? 0;
  const shortNotice = () => {
    const s = startsAt();
    return noticeDays() > 0 && s !== null && s - Date.now() < noticeDays() * DAY;
  };

  const groups = createQuery(() => ({
    queryKey: ["residents.groups.list", user().community!.id],
    queryFn: () => api.residents.groups.list.query({ communityId: user().community!.id }),
    enabled: groupBasis(),
  }));

  const changeKind = (k: MeetingKind) => {
    setKind(k);
    if (!bases().includes(basis())) setBasis(bases()[0]);
    touch();
  };

  const addItem = () => {
    setItems(items.length, { key: nextKey++, title: "", description: "", proposedResolution: "", attachments: [] });
    touch();
    queueMicrotask(() => document.getElementById(`mtg-item-${items.length - 1}-title`)?.focus());
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= items.length) return;
    setItems(
      produce((arr) => {
        const [x] = arr.splice(from, 1);
        arr.splice(to, 0, x);
      }),
    );
    touch();
  };
  const remove = (i: number) => {
    const it = items[i];
    if (
      it.attachments.length &&
      !window.confirm(
        t("mtg.files.removeItemConfirm", {
          title: it.title || t("mtg.edit.itemN", { n: i + 1 }),
          n: it.attachments.length,
        }),
      )
    )
      return;
    setItems((arr) => arr.filter((_, j) => j !== i));
    touch();
  };

  const err = (name: string) => props.errors.field(name);

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!title().trim()) problems.title = t("mtg.edit.required", { field: t("mtg.edit.title") });
    if (!place().trim()) problems.place = t("mtg.edit.required", { field: t("mtg.edit.place") });
    if (startsAt() === null) problems.startsAt = t("mtg.edit.startBad");
    if (groupBasis() && !groupId()) problems.groupId = t("mtg.edit.required", { field: t("mtg.edit.group") });
    items.forEach((it, i) => {
      if (!it.title.trim())
        problems[`items.${i}.title`] = t("mtg.edit.required", {
          field: `${t("mtg.edit.itemN", { n: i + 1 })}`,
        });
    });
    if (Object.keys(problems).length) return props.errors.setFields(problems);
    props.onSave({
      kind: kind(),
      subkind: kind() === "consultation" ? subkind() : undefined,
      basis: basis(),
      groupId: groupBasis() ? groupId() : undefined,
      title: title().trim(),
      place: place().trim(),
      startsAt: startsAt()!,
      urgentReason: shortNotice() && urgent().trim() ? urgent().trim() : undefined,
      items: unwrap(items).map((it) => ({
        id: it.id,
        title: it.title.trim(),
        description: it.description.trim(),
        proposedResolution: it.proposedResolution.trim(),
      })),
    });
  };

  return (
    <form class="form mtg-form" novalidate onSubmit={submit}>
      <FormAlert errors={props.errors} />
      <div class="grid grid-2">
        <div class="mtg-kind-col">
          <Field id="mtg-kind" label={t("mtg.edit.kind")} error={err("kind")}>
            <select
              id="mtg-kind"
              name="kind"
              value={kind()}
              onChange={(e) => changeKind(e.currentTarget.value as MeetingKind)}
              {...fieldAria("mtg-kind", err("kind"))}
            >
              <For each={kinds}>
                {(k) => (
                  <option value={k} selected={k === kind()}>
                    {kindLabel(k)}
                  </option>
                )}
              </For>
            </select>
          </Field>
          <Show when={kind() === "consultation"}>
            <Field id="mtg-subkind" label={t("mtg.edit.subkind")} error={err("subkind")}>
              <select
                id="mtg-subkind"
                name="subkind"
                value={subkind()}
                onChange={(e) => {
                  setSubkind(e.currentTarget.value as Subkind);
                  touch();
                }}
                {...fieldAria("mtg-subkind", err("subkind"))}
              >
                <For each={SUBKINDS}>
                  {(s) => (
                    <option value={s} selected={s === subkind()}>
                      {s}
                    </option>
                  )}
                </For>
              </select>
            </Field>
          </Show>
          <Field id="mtg-basis" label={t("mtg.edit.basis")} hint={t("mtg.edit.basisHint")} error={err("basis")}>
            <select
              id="mtg-basis"
              name="basis"
              value={basis()}
              onChange={(e) => {
                setBasis(e.currentTarget.value as Basis);
                touch();
              }}
              {...fieldAria("mtg-basis", err("basis"), true)}
            >
              <For each={bases()}>
                {(b) => (
                  <option value={b} selected={b === basis()}>
                    {basisLabel(b, community())}
                  </option>
                )}
              </For>
            </select>
          </Field>
          <Show when={groupBasis()}>
            <Field id="mtg-group" label={t("mtg.edit.group")} error={err("groupId")}>
              <Show when={!groups.isPending} fallback={<Loading />}>
                <select
                  id="mtg-group"
                  name="groupId"
                  value={groupId()}
                  onChange={(e) => {
                    setGroupId(e.currentTarget.value);
                    touch();
                  }}
                  {...fieldAria("mtg-group", err("groupId"))}
                >
                  <option value="">{t("mtg.edit.groupChoose")}</option>
                  <For each={groups.data}>
                    {(g) => (
                      <option value={g.id} selected={g.id === groupId()}>
                        {t("mtg.edit.groupMembers", { name: g.name, n: g.members })}
                      </option>
                    )}
                  </For>
                </select>
                <Show when={groups.data && !groups.data.length}>
                  <p class="hint">{t("mtg.edit.noGroups")}</p>
                </Show>
              </Show>
            </Field>
          </Show>
        </div>
        <aside class="mtg-rule-box" aria-labelledby="mtg-rule-h">
          <h2 id="mtg-rule-h" class="mtg-rule-title">
            {t("mtg.rule.title")} · {ruleSetLabel(props.ruleSet)}
          </h2>
          <RuleList ruleSet={props.ruleSet} kind={kind()} community={community()} />
        </aside>
      </div>

      <Field id="mtg-title" label={t("mtg.edit.title")} error={err("title")}>
        <input
          id="mtg-title"
          name="title"
          type="text"
          maxLength={200}
          autocomplete="off"
          value={title()}
          onInput={(e) => {
            setTitle(e.currentTarget.value);
            touch();
          }}
          {...fieldAria("mtg-title", err("title"))}
        />
      </Field>
      <div class="grid grid-2">
        <Field id="mtg-place" label={t("mtg.edit.place")} error={err("place")}>
          <input
            id="mtg-place"
            name="place"
            type="text"
            maxLength={200}
            autocomplete="off"
            value={place()}
            onInput={(e) => {
              setPlace(e.currentTarget.value);
              touch();
            }}
            {...fieldAria("mtg-place", err("place"))}
          />
        </Field>
        <Field
          id="mtg-start"
          label={t("mtg.edit.start")}
          hint={
            noticeDays() > 0
              ? t("mtg.edit.startHint", { days: noticeDays(), date: formatDateTime(Date.now() + noticeDays() * DAY) })
              : undefined
          }
          error={err("startsAt")}
        >
          <input
            id="mtg-start"
            name="startsAt"
            type="datetime-local"
            value={start()}
            onInput={(e) => {
              setStart(e.currentTarget.value);
              touch();
            }}
            {...fieldAria("mtg-start", err("startsAt"), noticeDays() > 0)}
          />
        </Field>
      </div>
      <Show when={shortNotice()}>
        <Field
          id="mtg-urgent"
          label={t("mtg.edit.urgent")}
          hint={t("mtg.edit.urgentHint", { days: noticeDays() })}
          error={err("urgentReason")}
          class="mtg-urgent"
        >
          <textarea
            id="mtg-urgent"
            name="urgentReason"
            class="short prose"
            maxLength={500}
            value={urgent()}
            onInput={(e) => {
              setUrgent(e.currentTarget.value);
              touch();
            }}
            {...fieldAria("mtg-urgent", err("urgentReason"), true)}
          />
        </Field>
      </Show>

      <fieldset class="mtg-items">
        <legend>{t("mtg.edit.items")}</legend>
        <p class="hint">{t("mtg.edit.itemsHint")}</p>
        <p class="hint">{t("mtg.files.agendaNote")}</p>
        <Show when={items.length} fallback={<p class="muted">{t("mtg.edit.noItems")}</p>}>
          <ol class="mtg-item-list">
            <For each={items}>
              {(it, i) => {
                const id = (name: string) => `mtg-item-${i()}-${name}`;
                return (
                  <li class="mtg-item-edit" data-item-index={i()}>
                    <div class="mtg-item-head">
                      <strong>{t("mtg.edit.itemN", { n: i() + 1 })}</strong>
                      <div class="row-actions">
                        <button
                          type="button"
                          class="btn btn-small"
                          data-action="mtg-item-up"
                          disabled={i() === 0}
                          aria-label={`${t("mtg.edit.up")} ${t("mtg.edit.itemN", { n: i() + 1 })}`}
                          onClick={() => move(i(), i() - 1)}
                        >
                          ↑ {t("mtg.edit.up")}
                        </button>
                        <button
                          type="button"
                          class="btn btn-small"
                          data-action="mtg-item-down"
                          disabled={i() === items.length - 1}
                          aria-label={`${t("mtg.edit.down")} ${t("mtg.edit.itemN", { n: i() + 1 })}`}
                          onClick={() => move(i(), i() + 1)}
                        >
                          ↓ {t("mtg.edit.down")}
                        </button>
                        <button
                          type="button"
                          class="btn btn-small btn-danger"
                          data-action="mtg-item-remove"
                          aria-label={`${t("mtg.edit.remove")} ${t("mtg.edit.itemN", { n: i() + 1 })}`}
                          onClick={() => remove(i())}
                        >
                          {t("mtg.edit.remove")}
                        </button>
                      </div>
                    </div>
                    <Field id={id("title")} label={t("mtg.edit.itemTitle")} error={err(`items.${i()}.title`)}>
                      <input
                        id={id("title")}
                        name="itemTitle"
                        type="text"
                        maxLength={200}
                        autocomplete="off"
                        value={it.title}
                        onInput={(e) => {
                          setItems(i(), "title", e.currentTarget.value);
                          touch();
                        }}
                        {...fieldAria(id("title"), err(`items.${i()}.title`))}
                      />
                    </Field>
                    <Field
                      id={id("description")}
                      label={t("mtg.edit.itemDescription")}
                      error={err(`items.${i()}.description`)}
                    >
                      <textarea
                        id={id("description")}
                        name="itemDescription"
                        class="short prose"
                        maxLength={5000}
                        value={it.description}
                        onInput={(e) => {
                          setItems(i(), "description", e.currentTarget.value);
                          touch();
                        }}
                        {...fieldAria(id("description"), err(`items.${i()}.description`))}
                      />
                    </Field>
                    <Field
                      id={id("resolution")}
                      label={t("mtg.edit.itemResolution")}
                      hint={t("mtg.edit.itemResolutionHint")}
                      error={err(`items.${i()}.proposedResolution`)}
                    >
                      <textarea
                        id={id("resolution")}
                        name="itemResolution"
                        class="short prose"
                        maxLength={2000}
                        value={it.proposedResolution}
                        onInput={(e) => {
                          setItems(i(), "proposedResolution", e.currentTarget.value);
                          touch();
                        }}
                        {...fieldAria(id("resolution"), err(`items.${i()}.proposedResolution`), true)}
                      />
                    </Field>
                    <ItemFiles
                      item={it}
                      n={i() + 1}
                      onUploaded={(itemId, file) => {
                        setItems(
                          (row) => row.id === itemId,
                          "attachments",
                          (files) => [...files, file],
                        );
                        props.onFilesChanged?.();
                      }}
                      onRemoved={(itemId, fileId) => {
                        setItems(
                          (row) => row.id === itemId,
                          "attachments",
                          (files) => files.filter((f) => f.id !== fileId),
                        );
                        props.onFilesChanged?.();
                      }}
                      onBusy={(busy) => setUploads((n) => n + (busy ? 1 : -1))}
                    />
                  </li>
                );
              }}
            </For>
          </ol>
        </Show>
        <button type="button" class="btn" data-action="mtg-add-item" disabled={items.length >= 30} onClick={addItem}>
          + {t("mtg.edit.addItem")}
        </button>
      </fieldset>

      <div class="btn-row">
        <button
          type="submit"
          class="btn btn-primary"
          data-action="mtg-save"
          disabled={props.busy || uploads() > 0}
          aria-busy={props.busy ? "true" : undefined}
        >
          {t("mtg.edit.save")}
        </button>
        <Show when={uploads() > 0}>
          <span class="meta">{t("mtg.files.waitUpload")}</span>
        </Show>
      </div>
    </form>
  );
}

/** An agenda item's papers: listed with links, and uploaded straight away once the item is saved. */
function ItemFiles(props: {
  item: ItemRow;
  n: number;
  onUploaded: (itemId: string, file: ListedFile) => void;
  onRemoved: (itemId: string, fileId: string) => void;
  onBusy: (busy: boolean) => void;
}) {
  const label = () => t("mtg.edit.itemN", { n: props.n });
  const [removeError, setRemoveError] = createSignal<string | null>(null);
  const remove = createMutation(() => ({
    mutationFn: (f: { itemId: string; fileId: string }) => api.notices.removeAttachment.mutate({ id: f.fileId }),
    onMutate: () => setRemoveError(null),
    onError: (err: unknown) => setRemoveError(errorMessage(err)),
    onSuccess: (_r, f) => props.onRemoved(f.itemId, f.fileId),
  }));
  return (
    <div class="mtg-item-files" role="group" aria-label={t("mtg.files.listOf", { item: label() })}>
      <strong>{t("mtg.files.title")}</strong>
      <Show when={props.item.id} keyed fallback={<p class="hint">{t("mtg.files.saveFirst")}</p>}>
        {(itemId) => (
          <>
            <Show when={props.item.attachments.length} fallback={<p class="meta">{t("mtg.files.none")}</p>}>
              <FileList
                files={props.item.attachments}
                testid="item-file"
                label={t("mtg.files.listOf", { item: label() })}
                actions={(f) => (
                  <button
                    type="button"
                    class="btn btn-small"
                    data-action="item-file-remove"
                    aria-label={t("mtg.files.removeLabel", { name: f.name })}
                    disabled={remove.isPending}
                    onClick={() => remove.mutate({ itemId, fileId: f.id })}
                  >
                    {t("mtg.files.remove")}
                  </button>
                )}
              />
            </Show>
            <Show when={removeError()}>
              <p class="error" role="alert">
                {removeError()}
              </p>
            </Show>
            <FileUpload
              id={`mtg-item-file-${itemId}`}
              testid="item-file-input"
              label={
                <>
                  {t("mtg.files.add")}
                  <span class="sr-only">{t("mtg.files.addFor", { item: label() })}</span>
                </>
              }
              hint={t("mtg.files.itemHint")}
              remaining={MAX_ATTACHMENTS_PER_NOTICE - props.item.attachments.length}
              upload={(file, onProgress) =>
                uploadFile(`/files/meeting-items/${encodeURIComponent(itemId)}`, file, onProgress)
              }
              onUploaded={(file) => props.onUploaded(itemId, file)}
              onBusy={props.onBusy}
            />
          </>
        )}
      </Show>
    </div>
  );
}
