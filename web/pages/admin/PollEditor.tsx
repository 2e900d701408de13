import "../../styles/polls-console.css";
import { A, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createEffect, createMemo, createSignal, For, Match, on, Show, Switch } from "solid-js";
import { createStore, produce } from "solid-js/store";
import {
  BALLOT_TYPES,
  PASS_RULES,
  POLL_ELIGIBILITY,
  YES_NO_OPTIONS,
  type BallotType,
  type PassRule,
  type PollKind,
} from "../../../shared/rules/polls";
import { createFormErrors, Field, fieldAria, FormAlert, type FormErrors } from "../../components/console/Field";
import { parseBeijingLocal, toBeijingLocal } from "../../components/console/time";
import { isWriter, useConsoleUser } from "../../components/console/user";
import {
  ballotTypeLabel,
  eligibilityLabel,
  passRuleLabel,
  pollKindLabel,
} from "../../components/polls/PollConsoleBits";
import { ErrorBox, Loading } from "../../components/States";
import { Confirmation, type PendingConfirm } from "../../components/console/Dialog";
import { t, type Key } from "../../i18n";
import { formatDate } from "../../lib/format";
import { api } from "../../lib/trpc";
import { MarkdownField, useUnsavedWarning } from "./NoticeEditor";

type Eligibility = (typeof POLL_ELIGIBILITY)[number];
type Manage = Awaited<ReturnType<typeof api.polls.manage.query>>;

/** What the form sends to polls.create / polls.update (without the community or the id). */
export type PollDraft = {
  kind: PollKind;
  ballotType: BallotType;
  title: string;
  descriptionMd: string;
  options: { label: string; post?: string }[];
  minChoices?: number;
  maxChoices?: number;
  eligibility: Eligibility;
  secret: boolean;
  opensAt: number;
  closesAt: number;
  passRule: PassRule;
  turnoutPct: number | null;
  allowChange: boolean;
  hideResults: boolean;
  reviewYear: number | null;
  meetingItemId: string | null;
};

type Row = { key: number; label: string; post: string };
type Member = { name: string; post: string };
/** A linked meeting item that may not be among the upcoming meetings' items (shown as it is). */
type LinkedItem = { id: string; title: string; meetingTitle: string } | null;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let nextKey = 1;

/** The next full hour, then a week later: a sensible default window. */
function defaultWindow() {
  const opens = Math.ceil(Date.now() / HOUR) * HOUR;
  return { opensAt: opens, closesAt: opens + 7 * DAY };
}
const beijingYear = () => new Date(Date.now() + 8 * HOUR).getUTCFullYear();

/** /admin/polls/new and /admin/polls/:id/edit (drafts only). Saving keeps it a draft. */
export default function PollEditor() {
  const params = useParams<{ id?: string }>();
  const user = useConsoleUser();
  return (
    <div class="console-page pollc-page">
      <p class="back-link">
        <Show when={params.id} fallback={<A href="/admin/polls">← {t("pollc.edit.back")}</A>}>
          {(id) => <A href={`/admin/polls/${id()}`}>← {t("pollc.edit.backToPoll")}</A>}
        </Show>
      </p>
      <h1>{params.id ? t("pollc.edit.editTitle") : t("pollc.edit.newTitle")}</h1>
      <Show when={isWriter(user().role)} fallback={<div class="banner banner-warn">{t("pollc.edit.noRight")}</div>}>
        <Show when={params.id} keyed fallback={<NewPoll />}>
          {(id) => <EditPoll id={id} />}
        </Show>
      </Show>
    </div>
  );
}

function NewPoll() {
  const user = useConsoleUser();
  // From a meeting's agenda (MeetingRun): a secret ballot of those present on that item.
  const [search] = useSearchParams<{ item?: string; itemTitle?: string }>();
  const preset = search.item ? { meetingItemId: search.item, title: search.itemTitle ?? "" } : undefined;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [dirty, setDirty] = createSignal(false);
  useUnsavedWarning(dirty);
  const communityId = () => user().community!.id;
  // The committee as the community's profile lists it, to fill the members under review.
  const profile = createQuery(() => ({
    queryKey: ["admin.communities.profile", communityId()],
    queryFn: () => api.admin.communities.profile.query({ communityId: communityId() }),
    enabled: false,
    staleTime: 60_000,
  }));
  const committee = async (): Promise<Member[]> => {
    const data = profile.data ?? (await profile.refetch()).data;
    return (data?.officials ?? []).filter((o) => o.body === "committee").map((o) => ({ name: o.name, post: o.post }));
  };
  const create = createMutation(() => ({
    mutationFn: (draft: PollDraft) => api.polls.create.mutate({ communityId: communityId(), ...draft }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async ({ id }) => {
      setDirty(false);
      await qc.invalidateQueries({ queryKey: ["polls.staffList"] });
      navigate(`/admin/polls/${id}`);
    },
  }));
  return (
    <PollForm
      busy={create.isPending}
      errors={errors}
      committee={committee}
      preset={preset}
      linkedItem={null}
      onDirty={setDirty}
      onSave={(d) => create.mutate(d)}
    />
  );
}

function EditPoll(props: { id: string }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [dirty, setDirty] = createSignal(false);
  useUnsavedWarning(dirty);
  const query = createQuery(() => ({
    queryKey: ["polls.manage", props.id],
    queryFn: () => api.polls.manage.query({ id: props.id }),
    refetchOnWindowFocus: false,
  }));
  const update = createMutation(() => ({
    mutationFn: (draft: PollDraft) => api.polls.update.mutate({ id: props.id, ...draft }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      setDirty(false);
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["polls.staffList"] }),
        qc.invalidateQueries({ queryKey: ["polls.manage", props.id] }),
      ]);
      navigate(`/admin/polls/${props.id}`);
    },
  }));
  return (
    <Show when={!query.isPending} fallback={<Loading />}>
      <Switch>
        <Match when={query.isError}>
          <ErrorBox error={query.error} retry={() => query.refetch()} />
        </Match>
        <Match when={query.data && query.data.status !== "draft"}>
          <div class="banner banner-warn" data-testid="poll-not-draft">
            {t("pollc.edit.notDraft")} <A href={`/admin/polls/${props.id}`}>{t("pollc.edit.backToPoll")}</A>
          </div>
        </Match>
        <Match when={query.data} keyed>
          {(p) => (
            <PollForm
              initial={p}
              busy={update.isPending}
              errors={errors}
              committee={async () => p.committee.map((c) => ({ name: c.name, post: c.post }))}
              linkedItem={p.meetingItem}
              onDirty={setDirty}
              onSave={(d) => update.mutate(d)}
            />
          )}
        </Match>
      </Switch>
    </Show>
  );
}

/** The items of the community's upcoming and open meetings, which a vote may decide or consult on. */
function useMeetingItems() {
  const user = useConsoleUser();
  return createQuery(() => {
    const communityId = user().community!.id;
    return {
      queryKey: ["pollc.meetingItems", communityId],
      queryFn: async () => {
        const list = await api.meetings.staffList.query({ communityId });
        const upcoming = list.filter((m) => m.status === "draft" || m.status === "announced" || m.status === "open");
        // One meeting that fails to load leaves the others choosable.
        const settled = await Promise.allSettled(
          upcoming.slice(0, 12).map((m) => api.meetings.manage.query({ id: m.id })),
        );
        return settled
          .flatMap((r) => (r.status === "fulfilled" ? [r.value] : []))
          .map((m) => ({
            id: m.id,
            title: m.title,
            startsAt: m.startsAt,
            items: m.items.map((it) => ({ id: it.id, title: it.title })),
          }))
          .filter((m) => m.items.length > 0);
      },
      staleTime: 60_000,
    };
  });
}

/**
 * Kind, ballot type, title, description with preview, the options (or the members under review),
 * who votes, secrecy, the window in Beijing time, the pass rule and turnout, and the meeting item.
 */
function PollForm(props: {
  initial?: Manage;
  preset?: { meetingItemId: string; title: string };
  busy: boolean;
  errors: FormErrors;
  committee: () => Promise<Member[]>;
  linkedItem: LinkedItem;
  onSave: (draft: PollDraft) => void;
  onDirty: (dirty: boolean) => void;
}) {
  const user = useConsoleUser();
  const community = () => user().community?.kind;
  const init = props.initial;
  const preset = props.preset;
  // A ballot in a meeting opens when published and runs for the hour the chair gives it.
  const window0 = preset ? { opensAt: Date.now(), closesAt: Date.now() + HOUR } : defaultWindow();
  const [kind, setKind] = createSignal<PollKind>((init?.kind as PollKind) ?? "vote");
  const [type, setType] = createSignal<BallotType>((init?.ballotType as BallotType) ?? "yes_no");
  const [title, setTitle] = createSignal(
    init?.title ?? (preset?.title ? t("pollc.edit.meetingBallotTitle", { item: preset.title }) : ""),
  );
  const [description, setDescription] = createSignal(init?.descriptionMd ?? "");
  const initialRows = (): Row[] =>
    init && init.ballotType !== "yes_no"
      ? init.options.map((o) => ({ key: nextKey++, label: o.label, post: o.post ?? "" }))
      : [];
  const [rows, setRows] = createStore<Row[]>(initialRows());
  const [minChoices, setMinChoices] = createSignal(init?.ballotType === "multiple" ? String(init.minChoices) : "1");
  const [maxChoices, setMaxChoices] = createSignal(init?.ballotType === "multiple" ? String(init.maxChoices) : "");
  const [eligibility, setEligibility] = createSignal<Eligibility>(
    (init?.eligibility as Eligibility) ?? (preset ? "meeting_attendees" : "adults"),
  );
  const [secret, setSecret] = createSignal(init?.secret ?? true);
  const [opens, setOpens] = createSignal(toBeijingLocal(init?.opensAt ?? window0.opensAt));
  const [closes, setCloses] = createSignal(toBeijingLocal(init?.closesAt ?? window0.closesAt));
  const [passRule, setPassRule] = createSignal<PassRule>((init?.passRule as PassRule) ?? "majority_cast");
  const [turnout, setTurnout] = createSignal(init?.turnoutPct ? String(init.turnoutPct) : "");
  const [allowChange, setAllowChange] = createSignal(init?.allowChange ?? false);
  const [hideResults, setHideResults] = createSignal(init?.hideResults ?? false);
  const [reviewYear, setReviewYear] = createSignal(String(init?.reviewYear ?? beijingYear()));
  const [itemId, setItemId] = createSignal(init?.meetingItemId ?? preset?.meetingItemId ?? "");
  const [filling, setFilling] = createSignal(false);
  const [fillNote, setFillNote] = createSignal("");
  const [pending, setPending] = createSignal<PendingConfirm | null>(null);

  const snapshot = () =>
    JSON.stringify([
      kind(),
      type(),
      title(),
      description(),
      rows.map((r) => [r.label, r.post]),
      minChoices(),
      maxChoices(),
      eligibility(),
      secret(),
      opens(),
      closes(),
      passRule(),
      turnout(),
      allowChange(),
      hideResults(),
      reviewYear(),
      itemId(),
    ]);
  const initialSnapshot = snapshot();
  const touch = () => props.onDirty(snapshot() !== initialSnapshot);

  const isReview = () => type() === "review";
  const hasRows = () => type() !== "yes_no";
  /** A consultation and a review decide nothing: no pass rule, no turnout threshold. */
  const decides = () => kind() === "vote" && !isReview();
  const rowName = (i: number) =>
    isReview() ? t("pollc.edit.memberN", { n: i + 1 }) : t("pollc.edit.optionN", { n: i + 1 });

  const meetingItems = useMeetingItems();
  const linkedElsewhere = () => {
    const l = props.linkedItem;
    return l && !(meetingItems.data ?? []).some((m) => m.items.some((it) => it.id === l.id)) ? l : null;
  };

  const changeType = (next: BallotType) => {
    setType(next);
    // A list needs at least two choices (one member for a review) to start from.
    if (next !== "yes_no" && rows.length === 0) {
      const n = next === "review" ? 1 : 2;
      setRows(Array.from({ length: n }, () => ({ key: nextKey++, label: "", post: "" })));
    }
    touch();
  };
  const addRow = () => {
    setRows(rows.length, { key: nextKey++, label: "", post: "" });
    touch();
    queueMicrotask(() => document.getElementById(`pollc-opt-${rows.length - 1}-label`)?.focus());
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= rows.length) return;
    setRows(
      produce((arr) => {
        const [x] = arr.splice(from, 1);
        arr.splice(to, 0, x);
      }),
    );
    touch();
    queueMicrotask(() => document.getElementById(`pollc-opt-${to}-label`)?.focus());
  };
  const remove = (i: number) => {
    setRows((arr) => arr.filter((_, j) => j !== i));
    touch();
  };

  const fillCommittee = async () => {
    setFilling(true);
    setFillNote("");
    try {
      const members = await props.committee();
      if (!members.length) return setFillNote(t("pollc.edit.noCommittee"));
      const apply = () => {
        setRows(members.map((m) => ({ key: nextKey++, label: m.name, post: m.post })));
        setFillNote(t("pollc.edit.filled", { n: members.length }));
        touch();
      };
      if (rows.some((r) => r.label.trim() || r.post.trim()))
        setPending({
          title: t("pollc.edit.fillTitle"),
          message: t("pollc.edit.fillMsg"),
          testid: "poll-fill-confirm",
          run: apply,
        });
      else apply();
    } catch {
      setFillNote(t("pollc.edit.fillFailed"));
    } finally {
      setFilling(false);
    }
  };

  const err = (name: string) => props.errors.field(name);
  const num = (v: string) => (v.trim() === "" ? undefined : Number(v));

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (title().trim().length < 2) problems.title = t("pollc.edit.titleShort");
    if (hasRows())
      rows.forEach((r, i) => {
        if (!r.label.trim()) problems[`options.${i}.label`] = t("pollc.edit.required", { field: rowName(i) });
      });
    const opensAt = parseBeijingLocal(opens());
    const closesAt = parseBeijingLocal(closes());
    if (opensAt === null) problems.opensAt = t("pollc.edit.timeBad", { field: t("pollc.edit.opens") });
    if (closesAt === null) problems.closesAt = t("pollc.edit.timeBad", { field: t("pollc.edit.closes") });
    const min = num(minChoices());
    const max = num(maxChoices());
    if (type() === "multiple") {
      if (min !== undefined && (!Number.isInteger(min) || min < 1))
        problems.minChoices = t("pollc.edit.intBad", { field: t("pollc.edit.minChoices") });
      if (max !== undefined && (!Number.isInteger(max) || max < 1))
        problems.maxChoices = t("pollc.edit.intBad", { field: t("pollc.edit.maxChoices") });
    }
    const pct = num(turnout());
    if (decides() && pct !== undefined && (!Number.isInteger(pct) || pct < 1 || pct > 100))
      problems.turnoutPct = t("pollc.edit.turnoutBad");
    const year = num(reviewYear());
    if (isReview() && (year === undefined || !Number.isInteger(year)))
      problems.reviewYear = t("pollc.edit.required", { field: t("pollc.edit.reviewYear") });
    if (Object.keys(problems).length) return props.errors.setFields(problems);
    props.onSave({
      kind: kind(),
      ballotType: type(),
      title: title().trim(),
      descriptionMd: description().trim(),
      options: hasRows()
        ? rows.map((r) => ({
            label: r.label.trim(),
            ...(isReview() && r.post.trim() ? { post: r.post.trim() } : {}),
          }))
        : [],
      minChoices: type() === "multiple" ? min : undefined,
      maxChoices: type() === "multiple" ? max : undefined,
      eligibility: eligibility(),
      secret: secret(),
      opensAt: opensAt!,
      closesAt: closesAt!,
      passRule: decides() ? passRule() : "majority_cast",
      turnoutPct: decides() && pct !== undefined ? pct : null,
      allowChange: allowChange(),
      hideResults: hideResults(),
      reviewYear: isReview() ? year! : null,
      meetingItemId: itemId() || null,
    });
  };

  const check = (
    id: string,
    value: () => boolean,
    set: (v: boolean) => void,
    label: string,
    hint: string,
    testid: string,
  ) => (
    <div class="field pollc-check">
      <label class="check" for={id}>
        <input
          id={id}
          type="checkbox"
          name={id}
          checked={value()}
          data-testid={testid}
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            set(e.currentTarget.checked);
            touch();
          }}
        />
        {label}
      </label>
      <div class="hint" id={`${id}-hint`}>
        {hint}
      </div>
    </div>
  );

  const typeHint = createMemo(() => t(`pollc.typeHint.${type()}` as Key));

  // A refused save takes the user to the first field it names (the form is long).
  let form!: HTMLFormElement;
  createEffect(
    on(
      () => props.errors.message(),
      (message) => {
        if (!message) return;
        queueMicrotask(() => {
          const field = form.querySelector<HTMLElement>('[aria-invalid="true"]');
          const target = field ?? form.querySelector<HTMLElement>(".error, [role=alert]");
          target?.scrollIntoView({ block: "center" });
          field?.focus({ preventScroll: true });
        });
      },
      { defer: true },
    ),
  );

  return (
    <form ref={form} class="form pollc-form" novalidate onSubmit={submit} data-testid="poll-form">
      <FormAlert errors={props.errors} />

      <fieldset class="radio-group" aria-describedby="pollc-kind-hint" data-testid="poll-kind">
        <legend>{t("pollc.edit.kind")}</legend>
        <For each={["vote", "consultation"] as PollKind[]}>
          {(k) => (
            <label class="check">
              <input
                type="radio"
                name="kind"
                value={k}
                checked={kind() === k}
                onChange={() => {
                  setKind(k);
                  touch();
                }}
              />
              {pollKindLabel(k)}
            </label>
          )}
        </For>
        <div class="hint" id="pollc-kind-hint">
          {kind() === "vote" ? t("pollc.edit.kindVoteHint") : t("pollc.edit.kindConsultHint")}
        </div>
        <Show when={err("kind")}>
          <div class="error">{err("kind")}</div>
        </Show>
      </fieldset>

      <Field id="pollc-type" label={t("pollc.edit.type")} hint={typeHint()} error={err("ballotType")}>
        <select
          id="pollc-type"
          name="ballotType"
          data-testid="poll-type"
          value={type()}
          onChange={(e) => changeType(e.currentTarget.value as BallotType)}
          {...fieldAria("pollc-type", err("ballotType"), true)}
        >
          <For each={BALLOT_TYPES}>
            {(b) => (
              <option value={b} selected={b === type()}>
                {ballotTypeLabel(b)}
              </option>
            )}
          </For>
        </select>
      </Field>

      <Field
        id="pollc-title"
        label={t("pollc.edit.title")}
        hint={t("pollc.edit.titleHint", { n: title().length })}
        error={err("title")}
      >
        <input
          id="pollc-title"
          name="title"
          type="text"
          maxLength={200}
          autocomplete="off"
          data-testid="poll-title"
          value={title()}
          onInput={(e) => {
            setTitle(e.currentTarget.value);
            touch();
          }}
          {...fieldAria("pollc-title", err("title"), true)}
        />
      </Field>

      <MarkdownField
        id="pollc-description"
        name="descriptionMd"
        label={t("pollc.edit.description")}
        value={description()}
        onInput={(v) => {
          setDescription(v);
          touch();
        }}
        error={err("descriptionMd")}
      />

      <fieldset
        class="pollc-options"
        data-testid="poll-options"
        aria-describedby={err("options") ? "pollc-options-hint pollc-options-error" : "pollc-options-hint"}
      >
        <legend>{isReview() ? t("pollc.edit.members") : t("pollc.edit.options")}</legend>
        <Switch>
          <Match when={!hasRows()}>
            <p class="hint" id="pollc-options-hint">
              {t("pollc.edit.yesNoFixed", {
                list: YES_NO_OPTIONS.map((o) => t(`pollc.yesno.${o.id}` as Key)).join(" / "),
              })}
            </p>
          </Match>
          <Match when={hasRows()}>
            <p class="hint" id="pollc-options-hint">
              {isReview() ? t("pollc.edit.membersHint") : t("pollc.edit.optionsHint")}
            </p>
            <Show when={isReview()}>
              <div class="btn-row pollc-fill">
                <button
                  type="button"
                  class="btn btn-small"
                  data-testid="poll-fill-committee"
                  disabled={filling()}
                  aria-busy={filling() ? "true" : undefined}
                  onClick={() => void fillCommittee()}
                >
                  {t("pollc.edit.fillCommittee")}
                </button>
                <span class="meta" role="status" aria-live="polite">
                  {fillNote()}
                </span>
              </div>
            </Show>
            <Show when={err("options")}>
              <div class="error" id="pollc-options-error" data-testid="poll-options-error">
                {err("options")}
              </div>
            </Show>
            <Show when={rows.length} fallback={<p class="muted">{t("pollc.edit.noRows")}</p>}>
              <ol class="pollc-opt-list">
                <For each={rows}>
                  {(r, i) => {
                    const id = (name: string) => `pollc-opt-${i()}-${name}`;
                    return (
                      <li
                        class="pollc-opt-row"
                        classList={{ "pollc-opt-review": isReview() }}
                        data-testid="poll-option-row"
                      >
                        <Field id={id("label")} label={rowName(i())} error={err(`options.${i()}.label`)}>
                          <input
                            id={id("label")}
                            name="optionLabel"
                            type="text"
                            maxLength={100}
                            autocomplete="off"
                            placeholder={isReview() ? t("pollc.edit.memberName") : undefined}
                            value={r.label}
                            onInput={(e) => {
                              setRows(i(), "label", e.currentTarget.value);
                              touch();
                            }}
                            {...fieldAria(id("label"), err(`options.${i()}.label`))}
                          />
                        </Field>
                        <Show when={isReview()}>
                          <Field id={id("post")} label={t("pollc.edit.memberPost")} error={err(`options.${i()}.post`)}>
                            <input
                              id={id("post")}
                              name="optionPost"
                              type="text"
                              maxLength={40}
                              autocomplete="off"
                              value={r.post}
                              onInput={(e) => {
                                setRows(i(), "post", e.currentTarget.value);
                                touch();
                              }}
                              {...fieldAria(id("post"), err(`options.${i()}.post`))}
                            />
                          </Field>
                        </Show>
                        <div class="row-actions pollc-opt-tools">
                          <button
                            type="button"
                            class="btn btn-small"
                            data-testid="poll-option-up"
                            disabled={i() === 0}
                            aria-label={`${t("pollc.edit.up")} ${rowName(i())}`}
                            onClick={() => move(i(), i() - 1)}
                          >
                            ↑
                          </button>
                          <button
                            type="button"
                            class="btn btn-small"
                            data-testid="poll-option-down"
                            disabled={i() === rows.length - 1}
                            aria-label={`${t("pollc.edit.down")} ${rowName(i())}`}
                            onClick={() => move(i(), i() + 1)}
                          >
                            ↓
                          </button>
                          <button
                            type="button"
                            class="btn btn-small btn-danger"
                            data-testid="poll-option-remove"
                            aria-label={`${t("pollc.edit.remove")} ${rowName(i())}`}
                            onClick={() => remove(i())}
                          >
                            {t("pollc.edit.remove")}
                          </button>
                        </div>
                      </li>
                    );
                  }}
                </For>
              </ol>
            </Show>
            <div>
              <button
                type="button"
                class="btn"
                data-testid="poll-option-add"
                disabled={rows.length >= 30}
                onClick={addRow}
              >
                + {isReview() ? t("pollc.edit.addMember") : t("pollc.edit.addOption")}
              </button>
            </div>
            <Show when={type() === "multiple"}>
              <div class="grid grid-2">
                <Field
                  id="pollc-min"
                  label={t("pollc.edit.minChoices")}
                  hint={t("pollc.edit.minHint")}
                  error={err("minChoices")}
                >
                  <input
                    id="pollc-min"
                    name="minChoices"
                    type="number"
                    inputmode="numeric"
                    min={1}
                    max={30}
                    step={1}
                    value={minChoices()}
                    onInput={(e) => {
                      setMinChoices(e.currentTarget.value);
                      touch();
                    }}
                    {...fieldAria("pollc-min", err("minChoices"), true)}
                  />
                </Field>
                <Field
                  id="pollc-max"
                  label={t("pollc.edit.maxChoices")}
                  hint={t("pollc.edit.maxHint", { n: rows.length })}
                  error={err("maxChoices")}
                >
                  <input
                    id="pollc-max"
                    name="maxChoices"
                    type="number"
                    inputmode="numeric"
                    min={1}
                    max={30}
                    step={1}
                    placeholder={String(rows.length)}
                    value={maxChoices()}
                    onInput={(e) => {
                      setMaxChoices(e.currentTarget.value);
                      touch();
                    }}
                    {...fieldAria("pollc-max", err("maxChoices"), true)}
                  />
                </Field>
              </div>
            </Show>
          </Match>
        </Switch>
      </fieldset>

      <fieldset class="pollc-rules">
        <legend>{t("pollc.edit.rules")}</legend>
        <div class="grid grid-2">
          <Field
            id="pollc-elig"
            label={t("pollc.edit.eligibility")}
            hint={t("pollc.edit.eligibilityHint")}
            error={err("eligibility")}
          >
            <select
              id="pollc-elig"
              name="eligibility"
              data-testid="poll-eligibility"
              value={eligibility()}
              onChange={(e) => {
                setEligibility(e.currentTarget.value as Eligibility);
                touch();
              }}
              {...fieldAria("pollc-elig", err("eligibility"), true)}
            >
              <For each={POLL_ELIGIBILITY}>
                {(r) => (
                  <option value={r} selected={r === eligibility()}>
                    {eligibilityLabel(r, community())}
                  </option>
                )}
              </For>
            </select>
          </Field>
          <Show when={isReview()}>
            <Field
              id="pollc-year"
              label={t("pollc.edit.reviewYear")}
              hint={t("pollc.edit.reviewYearHint")}
              error={err("reviewYear")}
            >
              <input
                id="pollc-year"
                name="reviewYear"
                type="number"
                inputmode="numeric"
                min={2000}
                max={2100}
                step={1}
                data-testid="poll-review-year"
                value={reviewYear()}
                onInput={(e) => {
                  setReviewYear(e.currentTarget.value);
                  touch();
                }}
                {...fieldAria("pollc-year", err("reviewYear"), true)}
              />
            </Field>
          </Show>
        </div>
        <div class="grid grid-2">
          <Field id="pollc-opens" label={t("pollc.edit.opens")} hint={t("pollc.edit.opensHint")} error={err("opensAt")}>
            <input
              id="pollc-opens"
              name="opensAt"
              type="datetime-local"
              data-testid="poll-opens"
              value={opens()}
              onInput={(e) => {
                setOpens(e.currentTarget.value);
                touch();
              }}
              {...fieldAria("pollc-opens", err("opensAt"), true)}
            />
          </Field>
          <Field
            id="pollc-closes"
            label={t("pollc.edit.closes")}
            hint={t("pollc.edit.closesHint")}
            error={err("closesAt")}
          >
            <input
              id="pollc-closes"
              name="closesAt"
              type="datetime-local"
              data-testid="poll-closes"
              value={closes()}
              onInput={(e) => {
                setCloses(e.currentTarget.value);
                touch();
              }}
              {...fieldAria("pollc-closes", err("closesAt"), true)}
            />
          </Field>
        </div>
        <Show
          when={decides()}
          fallback={
            <p class="hint pollc-no-rule" data-testid="poll-no-pass-rule">
              {isReview() ? t("pollc.edit.reviewRule") : t("pollc.edit.consultRule")}
            </p>
          }
        >
          <div class="grid grid-2">
            <Field
              id="pollc-rule"
              label={t("pollc.edit.passRule")}
              hint={t("pollc.edit.passRuleHint")}
              error={err("passRule")}
            >
              <select
                id="pollc-rule"
                name="passRule"
                data-testid="poll-pass-rule"
                value={passRule()}
                onChange={(e) => {
                  setPassRule(e.currentTarget.value as PassRule);
                  touch();
                }}
                {...fieldAria("pollc-rule", err("passRule"), true)}
              >
                <For each={PASS_RULES}>
                  {(r) => (
                    <option value={r} selected={r === passRule()}>
                      {passRuleLabel(r)}
                    </option>
                  )}
                </For>
              </select>
            </Field>
            <Field
              id="pollc-turnout"
              label={t("pollc.edit.turnout")}
              hint={t("pollc.edit.turnoutHint")}
              error={err("turnoutPct")}
            >
              <div class="pollc-suffix">
                <input
                  id="pollc-turnout"
                  name="turnoutPct"
                  type="number"
                  inputmode="numeric"
                  min={1}
                  max={100}
                  step={1}
                  data-testid="poll-turnout"
                  value={turnout()}
                  onInput={(e) => {
                    setTurnout(e.currentTarget.value);
                    touch();
                  }}
                  {...fieldAria("pollc-turnout", err("turnoutPct"), true)}
                />
                <span aria-hidden="true">%</span>
              </div>
            </Field>
          </div>
        </Show>
        <div class="grid grid-2 pollc-checks">
          {check(
            "pollc-secret",
            secret,
            setSecret,
            t("pollc.edit.secret"),
            secret() ? t("pollc.edit.secretHint") : t("pollc.edit.openBallotHint"),
            "poll-secret",
          )}
          {check(
            "pollc-change",
            allowChange,
            setAllowChange,
            t("pollc.edit.allowChange"),
            t("pollc.edit.allowChangeHint"),
            "poll-allow-change",
          )}
          {check(
            "pollc-hide",
            hideResults,
            setHideResults,
            t("pollc.edit.hideResults"),
            t("pollc.edit.hideResultsHint"),
            "poll-hide-results",
          )}
        </div>
      </fieldset>

      <Field
        id="pollc-item"
        label={t("pollc.edit.meetingItem")}
        hint={t("pollc.edit.meetingItemHint")}
        error={err("meetingItemId")}
      >
        <select
          id="pollc-item"
          name="meetingItemId"
          data-testid="poll-meeting-item"
          value={itemId()}
          onChange={(e) => {
            setItemId(e.currentTarget.value);
            touch();
          }}
          {...fieldAria("pollc-item", err("meetingItemId"), true)}
        >
          <option value="">{t("pollc.edit.noMeetingItem")}</option>
          <Show when={linkedElsewhere()}>
            {(l) => (
              <optgroup label={l().meetingTitle}>
                <option value={l().id} selected={itemId() === l().id}>
                  {l().title}
                </option>
              </optgroup>
            )}
          </Show>
          <For each={meetingItems.data ?? []}>
            {(m) => (
              <optgroup label={`${m.title}（${formatDate(m.startsAt)}）`}>
                <For each={m.items}>
                  {(it) => (
                    <option value={it.id} selected={itemId() === it.id}>
                      {it.title}
                    </option>
                  )}
                </For>
              </optgroup>
            )}
          </For>
        </select>
      </Field>
      <Show when={meetingItems.isError}>
        <p class="meta" role="status">
          {t("pollc.edit.meetingItemsFailed")}
        </p>
      </Show>

      <div class="btn-row">
        <button
          type="submit"
          class="btn btn-primary"
          data-testid="poll-save"
          disabled={props.busy}
          aria-busy={props.busy ? "true" : undefined}
        >
          {t("pollc.edit.save")}
        </button>
        <span class="meta pollc-save-note">{t("pollc.edit.saveNote")}</span>
      </div>
      <Confirmation pending={pending()} onDone={() => setPending(null)} />
    </form>
  );
}
