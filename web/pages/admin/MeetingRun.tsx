import { A, useParams } from "@solidjs/router";
import { createMutation, createQuery, keepPreviousData, useQueryClient } from "@tanstack/solid-query";
import { createEffect, createSignal, For, Match, on, onCleanup, Show, Switch, type JSX } from "solid-js";
import { renderSVG } from "uqr";
import { needed, ruleFor, type MeetingKind, type RuleSetId } from "../../../shared/rules/meetings";
import { Confirmation, Dialog, type PendingConfirm } from "../../components/console/Dialog";
import {
  createFormErrors,
  Field,
  fieldAria,
  FormAlert,
  note,
  SuccessNote,
  type Note,
} from "../../components/console/Field";
import { FileList } from "../../components/console/FileList";
import { isWriter, useConsoleUser } from "../../components/console/user";
import { ErrorBox, Loading } from "../../components/States";
import { t, type Key } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";
import { MarkdownField } from "./NoticeEditor";
import {
  basisLabel,
  DecisionStatusBadge,
  kindLabel,
  MeetingStatusBadge,
  ResultBadge,
  RuleList,
  ruleSetLabel,
} from "./Meetings";

type Manage = Awaited<ReturnType<typeof api.meetings.manage.query>>;
type Item = Manage["items"][number];
type RollRow = Awaited<ReturnType<typeof api.meetings.searchRoll.query>>[number];

/** The resident check-in page the QR code opens. */
export const checkInUrl = (street: string, community: string, id: string) =>
  `${location.origin}/${street}/${community}/meetings/${id}/check-in`;

/** A QR code drawn locally by uqr (only the URL goes in, as module paths), so inserting it is safe. */
export function CheckInQr(props: { url: string; class?: string }) {
  return (
    <div
      class={`qr ${props.class ?? ""}`}
      role="img"
      aria-label={t("mtg.qr.label", { url: props.url })}
      data-testid="mtg-qr"
      innerHTML={renderSVG(props.url, { border: 2, ecc: "M" })}
    />
  );
}

/** /admin/meetings/:id: the meeting through its life — draft, announced, open, closed (or cancelled). */
export default function MeetingRun() {
  const params = useParams<{ id: string }>();
  const query = createQuery(() => ({
    queryKey: ["meetings.manage", params.id],
    queryFn: () => api.meetings.manage.query({ id: params.id }),
    // Keep each item (and its vote form) across refetches.
    reconcile: "id",
  }));
  return (
    <div class="console-page mtg-page">
      <p class="back-link">
        <A href="/admin/meetings">← {t("mtg.run.back")}</A>
      </p>
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          {(m) => <Run m={m()} />}
        </Show>
      </Show>
    </div>
  );
}

function Run(props: { m: Manage }) {
  const user = useConsoleUser();
  const qc = useQueryClient();
  const m = () => props.m;
  const keeper = () => isWriter(user().role);
  const [done, setDone] = createSignal<Note | null>(null);
  const [pending, setPending] = createSignal<PendingConfirm | null>(null);
  const [cancelling, setCancelling] = createSignal(false);
  const errors = createFormErrors();

  const refresh = async () => {
    await Promise.all([
      qc.invalidateQueries({ queryKey: ["meetings.manage", m().id] }),
      qc.invalidateQueries({ queryKey: ["meetings.live", m().id] }),
      qc.invalidateQueries({ queryKey: ["meetings.staffList"] }),
    ]);
  };

  const announce = createMutation(() => ({
    mutationFn: () => api.meetings.announce.mutate({ id: m().id }),
    onMutate: () => {
      errors.clear();
      setDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      setDone(note("mtg.run.announced"));
      await refresh();
    },
  }));
  const open = createMutation(() => ({
    mutationFn: () => api.meetings.open.mutate({ id: m().id }),
    onMutate: () => {
      errors.clear();
      setDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (r) => {
      setDone(note("mtg.run.opened", { eligible: r.eligible, needed: r.quorumNeeded ?? 0 }));
      await refresh();
    },
  }));
  const close = createMutation(() => ({
    mutationFn: () => api.meetings.close.mutate({ id: m().id }),
    onMutate: () => {
      errors.clear();
      setDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      setDone(note("mtg.closed"));
      await refresh();
    },
  }));

  const askAnnounce = () =>
    setPending({ title: t("mtg.run.announceTitle"), message: t("mtg.run.announceMsg"), run: () => announce.mutate() });
  const askOpen = () =>
    setPending({
      title: t("mtg.run.openTitle"),
      message: t("mtg.run.openMsg", { basis: basisLabel(m().basis, m().community.kind) }),
      run: () => open.mutate(),
    });
  const askClose = () =>
    setPending({ title: t("mtg.closeTitle"), message: t("mtg.closeMsg"), danger: true, run: () => close.mutate() });

  const publicHref = () => `/${m().community.street}/${m().community.community}/meetings/${m().id}`;

  return (
    <>
      <h1 class="mtg-h1">{m().title}</h1>
      <div class="head-badges">
        <MeetingStatusBadge status={m().status} />
        <span class="badge badge-muted">{kindLabel(m().kind, m().subkind)}</span>
        <span class="meta">{formatDateTime(m().startsAt)}</span>
      </div>
      <SuccessNote note={done()} />
      <FormAlert errors={errors} />

      <Switch>
        <Match when={m().status === "draft"}>
          <section class="card mtg-actions" aria-labelledby="mtg-actions-h" data-testid="mtg-actions">
            <h2 id="mtg-actions-h" class="sr-only">
              {t("mtg.status.draft")}
            </h2>
            <p class="muted">{t("mtg.run.draftNote")}</p>
            <Show when={keeper()} fallback={<p class="muted">{t("mtg.run.readOnly")}</p>}>
              <div class="btn-row">
                <A href={`/admin/meetings/${m().id}/edit`} class="btn" data-action="mtg-edit">
                  {t("mtg.run.edit")}
                </A>
                <button
                  type="button"
                  class="btn btn-primary"
                  data-action="mtg-announce"
                  disabled={announce.isPending}
                  aria-busy={announce.isPending ? "true" : undefined}
                  onClick={askAnnounce}
                >
                  {t("mtg.run.announce")}
                </button>
                <button
                  type="button"
                  class="btn btn-danger"
                  data-action="mtg-cancel"
                  onClick={() => setCancelling(true)}
                >
                  {t("mtg.run.cancel")}
                </button>
              </div>
            </Show>
          </section>
        </Match>
        <Match when={m().status === "announced"}>
          <section class="card mtg-actions" aria-labelledby="mtg-actions-h" data-testid="mtg-actions">
            <h2 id="mtg-actions-h" class="sr-only">
              {t("mtg.status.announced")}
            </h2>
            <p class="muted">{t("mtg.run.announcedNote")}</p>
            <Show when={m().announcementNoticeId}>
              {(nid) => (
                <p>
                  <A href={`/admin/notices/${nid()}`} data-action="mtg-view-announcement">
                    {t("mtg.run.announcement")}：{t("mtg.run.viewNotice")}
                  </A>
                </p>
              )}
            </Show>
            <Show when={keeper()} fallback={<p class="muted">{t("mtg.run.readOnly")}</p>}>
              <div class="btn-row">
                <button
                  type="button"
                  class="btn btn-primary"
                  data-action="mtg-open"
                  disabled={open.isPending}
                  aria-busy={open.isPending ? "true" : undefined}
                  onClick={askOpen}
                >
                  {t("mtg.run.open")}
                </button>
                <button
                  type="button"
                  class="btn btn-danger"
                  data-action="mtg-cancel"
                  onClick={() => setCancelling(true)}
                >
                  {t("mtg.run.cancel")}
                </button>
              </div>
            </Show>
          </section>
        </Match>
        <Match when={m().status === "cancelled"}>
          <div class="banner banner-bad" data-testid="mtg-cancelled">
            {t("mtg.status.cancelled")}
            <Show when={m().cancelReason}>{(r) => <>：{r()}</>}</Show>
          </div>
        </Match>
      </Switch>

      <Show when={m().status === "open"}>
        <OpenMeeting m={m()} keeper={keeper()} onDone={setDone} onClose={askClose} closing={close.isPending} />
      </Show>
      <Show when={m().status === "closed"}>
        <ClosedMeeting m={m()} keeper={keeper()} onDone={setDone} />
      </Show>

      <Summary m={m()} publicHref={publicHref()} />

      <Show when={m().status === "draft" || m().status === "announced" || m().status === "cancelled"}>
        <section class="card" aria-labelledby="mtg-agenda-h">
          <h2 id="mtg-agenda-h">{t("mtg.run.agenda")}</h2>
          <Show when={m().items.length} fallback={<p class="muted">{t("mtg.run.noAgenda")}</p>}>
            <ol class="mtg-agenda">
              <For each={m().items}>
                {(it) => (
                  <li data-item-id={it.id}>
                    <strong>{it.title}</strong>
                    <Show when={it.description}>
                      <p class="pre-line">{it.description}</p>
                    </Show>
                    <Show when={it.proposedResolution}>
                      <p class="meta">{t("mtg.run.resolution", { text: it.proposedResolution })}</p>
                    </Show>
                    <ItemFiles item={it} />
                  </li>
                )}
              </For>
            </ol>
          </Show>
        </section>
      </Show>

      <Show when={cancelling()}>
        <CancelDialog
          id={m().id}
          onClose={() => setCancelling(false)}
          onDone={async () => {
            setCancelling(false);
            setDone(note("mtg.run.cancelled"));
            await refresh();
          }}
        />
      </Show>
      <Confirmation pending={pending()} onDone={() => setPending(null)} />
    </>
  );
}

function Summary(props: { m: Manage; publicHref: string }) {
  const m = () => props.m;
  return (
    <section class="card" aria-labelledby="mtg-summary-h">
      <h2 id="mtg-summary-h">{t("mtg.run.summary")}</h2>
      <div class="grid grid-2">
        <dl class="kv">
          <dt>{t("mtg.run.kind")}</dt>
          <dd>{kindLabel(m().kind, m().subkind)}</dd>
          <dt>{t("mtg.run.time")}</dt>
          <dd>{formatDateTime(m().startsAt)}</dd>
          <dt>{t("mtg.run.place")}</dt>
          <dd>{m().place}</dd>
          <dt>{t("mtg.run.basis")}</dt>
          <dd>{basisLabel(m().basis, m().community.kind)}</dd>
          <Show when={m().urgentReason}>
            <dt>{t("mtg.run.urgent")}</dt>
            <dd>{m().urgentReason}</dd>
          </Show>
          <Show when={m().announcementNoticeId}>
            {(id) => (
              <>
                <dt>{t("mtg.run.announcement")}</dt>
                <dd>
                  <A href={`/admin/notices/${id()}`} data-testid="mtg-announcement-link">
                    {t("mtg.run.viewNotice")}
                  </A>
                  {" · "}
                  <a href={props.publicHref}>{t("mtg.run.publicPage")}</a>
                </dd>
              </>
            )}
          </Show>
          <Show when={m().minutesNoticeId}>
            {(id) => (
              <>
                <dt>{t("mtg.run.minutesNotice")}</dt>
                <dd>
                  <A href={`/admin/notices/${id()}`}>{t("mtg.run.viewNotice")}</A>
                </dd>
              </>
            )}
          </Show>
        </dl>
        <div class="mtg-rule-box">
          <h3 class="mtg-rule-title">
            {t("mtg.rule.title")} · {ruleSetLabel(m().ruleSet)}
          </h3>
          <RuleList ruleSet={m().ruleSet as RuleSetId} kind={m().kind as MeetingKind} community={m().community.kind} />
        </div>
      </div>
    </section>
  );
}

function CancelDialog(props: { id: string; onClose: () => void; onDone: () => unknown }) {
  const errors = createFormErrors();
  const [reason, setReason] = createSignal("");
  const cancel = createMutation(() => ({
    mutationFn: () => api.meetings.cancel.mutate({ id: props.id, reason: reason() }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: () => props.onDone(),
  }));
  return (
    <Dialog title={t("mtg.run.cancelTitle")} onClose={props.onClose}>
      <form
        class="form"
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          cancel.mutate();
        }}
      >
        <FormAlert errors={errors} />
        <Field
          id="mtg-cancel-reason"
          label={t("mtg.run.cancelReasonLabel")}
          hint={t("mtg.run.cancelHint")}
          error={errors.field("reason")}
        >
          <textarea
            id="mtg-cancel-reason"
            name="reason"
            class="short prose"
            maxLength={500}
            value={reason()}
            onInput={(e) => setReason(e.currentTarget.value)}
            {...fieldAria("mtg-cancel-reason", errors.field("reason"), true)}
          />
        </Field>
        <div class="btn-row dialog-actions">
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t("action.cancel")}
          </button>
          <button
            type="submit"
            class="btn btn-danger"
            data-action="mtg-cancel-confirm"
            disabled={cancel.isPending}
            aria-busy={cancel.isPending ? "true" : undefined}
          >
            {t("mtg.run.cancelConfirm")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** 实到 / 应到 / 法定人数 with whether the quorum is reached. */
function Figures(props: {
  present: number;
  proxies: number;
  eligible: number;
  quorumNeeded: number | null;
  advisory: boolean;
  live?: boolean;
}) {
  const met = () => props.quorumNeeded !== null && props.present >= props.quorumNeeded;
  const noQuorum = () => props.advisory && !props.quorumNeeded;
  return (
    <div class="mtg-figures" data-testid="mtg-figures" aria-live={props.live ? "polite" : undefined}>
      <div class="mtg-figure">
        <span class="mtg-figure-label">{t("mtg.fig.present")}</span>
        <strong class="mtg-figure-num" data-testid="mtg-present">
          {props.present}
        </strong>
        <Show when={props.proxies}>
          <span class="meta">{t("mtg.fig.proxies", { n: props.proxies })}</span>
        </Show>
      </div>
      <div class="mtg-figure">
        <span class="mtg-figure-label">{t("mtg.fig.eligible")}</span>
        <strong class="mtg-figure-num" data-testid="mtg-eligible">
          {props.eligible}
        </strong>
      </div>
      <div class="mtg-figure">
        <span class="mtg-figure-label">{t("mtg.fig.needed")}</span>
        <strong class="mtg-figure-num" data-testid="mtg-needed">
          {props.quorumNeeded ?? "—"}
        </strong>
      </div>
      <div class="mtg-figure mtg-figure-quorum">
        <Show
          when={!noQuorum()}
          fallback={
            <span class="badge badge-info mtg-quorum" data-testid="mtg-quorum" data-met="none">
              {t("mtg.fig.noQuorum")}
            </span>
          }
        >
          <span
            class={`badge mtg-quorum ${met() ? "badge-ok" : "badge-bad"}`}
            data-testid="mtg-quorum"
            data-met={met() ? "true" : "false"}
          >
            {met() ? t("mtg.fig.met") : t("mtg.fig.notMet")}
          </span>
          <Show when={!met() && props.quorumNeeded !== null}>
            <span class="meta">{t("mtg.fig.short", { n: (props.quorumNeeded ?? 0) - props.present })}</span>
          </Show>
        </Show>
      </div>
    </div>
  );
}

function OpenMeeting(props: {
  m: Manage;
  keeper: boolean;
  onDone: (n: Note | null) => void;
  onClose: () => void;
  closing: boolean;
}) {
  const m = () => props.m;
  const live = createQuery(() => ({
    queryKey: ["meetings.live", m().id],
    queryFn: () => api.meetings.live.query({ id: m().id }),
    refetchInterval: 3000,
  }));
  const present = () => live.data?.present ?? m().present;
  const quorumMet = () => live.data?.quorumMet ?? m().quorumMet;
  const url = () => checkInUrl(m().community.street, m().community.community, m().id);
  const noRoll = () => m().advisory && (m().eligibleCount ?? 0) === 0;
  return (
    <>
      <section class="card mtg-live-card" aria-labelledby="mtg-figures-h">
        <h2 id="mtg-figures-h" class="sr-only">
          {t("mtg.fig.present")} / {t("mtg.fig.eligible")}
        </h2>
        <Figures
          present={present()}
          proxies={live.data?.proxies ?? m().proxies}
          eligible={m().eligibleCount ?? 0}
          quorumNeeded={m().quorumNeeded}
          advisory={m().advisory}
          live
        />
        <p class="meta">{t("mtg.fig.updated")}</p>
      </section>

      <Show
        when={!noRoll()}
        fallback={
          <p class="banner banner-info" data-testid="mtg-no-roll">
            {t("mtg.ci.noRoll")}
          </p>
        }
      >
        <div class="grid mtg-open-grid" classList={{ "grid-2": props.keeper }}>
          <Show when={props.keeper}>
            <CheckInPanel m={m()} onDone={props.onDone} />
          </Show>
          <section class="card mtg-qr-card" aria-labelledby="mtg-qr-h">
            <h2 id="mtg-qr-h">{t("mtg.qr.title")}</h2>
            <p class="hint">{t("mtg.qr.hint")}</p>
            <CheckInQr url={url()} />
            <p class="mono meta mtg-qr-url" data-testid="mtg-checkin-url">
              {url()}
            </p>
            <A href={`/meeting-live/${m().id}`} class="btn" target="_blank" rel="noopener" data-action="mtg-project">
              {t("mtg.qr.project")}
            </A>
          </section>
        </div>
      </Show>

      <section class="card" aria-labelledby="mtg-votes-h">
        <h2 id="mtg-votes-h">{t("mtg.vote.title")}</h2>
        <Show when={m().advisory}>
          <p class="hint">{t("mtg.vote.advisoryNote")}</p>
        </Show>
        <Show when={!m().advisory && !quorumMet()}>
          <div class="banner banner-warn" data-testid="mtg-no-quorum">
            {t("mtg.vote.noQuorumWarn", { present: present(), needed: m().quorumNeeded ?? 0 })}
          </div>
        </Show>
        <ol class="mtg-agenda mtg-vote-list">
          <For each={m().items}>
            {(it) => (
              <li data-item-id={it.id} data-result={it.result ?? "undecided"}>
                <ItemHead item={it} />
                <Show when={!it.result && props.keeper}>
                  <VoteForm m={m()} item={it} present={present()} onDone={props.onDone} />
                </Show>
              </li>
            )}
          </For>
        </ol>
        <Show when={!m().items.length}>
          <p class="muted">{t("mtg.run.noAgenda")}</p>
        </Show>
      </section>

      <Show when={props.keeper}>
        <div class="btn-row">
          <button
            type="button"
            class="btn btn-danger"
            data-action="mtg-close"
            disabled={props.closing}
            aria-busy={props.closing ? "true" : undefined}
            onClick={() => props.onClose()}
          >
            {t("mtg.close")}
          </button>
        </div>
      </Show>
    </>
  );
}

/** An agenda item's papers as links (read-only here: they are added in the meeting editor). */
function ItemFiles(props: { item: Item }) {
  return (
    <Show when={props.item.attachments.length}>
      <FileList
        files={props.item.attachments}
        testid="item-file"
        label={t("mtg.files.listOf", { item: props.item.title })}
      />
    </Show>
  );
}

/** An item's title, resolution and, once decided, its result and counts. */
function ItemHead(props: { item: Item }) {
  const it = () => props.item;
  return (
    <div class="mtg-item-head-run">
      <div class="mtg-item-title">
        <strong>{it().title}</strong>{" "}
        <Show when={it().result} fallback={<span class="badge badge-muted">{t("mtg.vote.undecided")}</span>}>
          {(r) => <ResultBadge result={r()} />}
        </Show>
      </div>
      <Show when={it().description}>
        <p class="pre-line mtg-item-desc">{it().description}</p>
      </Show>
      <Show when={it().proposedResolution}>
        <p class="meta">{t("mtg.run.resolution", { text: it().proposedResolution })}</p>
      </Show>
      <ItemFiles item={it()} />
      <Show when={it().result && it().votesFor !== null}>
        <p class="mtg-counts" data-testid="mtg-counts">
          {t("mtg.vote.counts", {
            for: it().votesFor ?? 0,
            against: it().votesAgainst ?? 0,
            abstain: it().votesAbstain ?? 0,
          })}
          <Show when={it().presentAtVote !== null}>
            <span class="meta"> · {t("mtg.vote.presentAt", { n: it().presentAtVote ?? 0 })}</span>
          </Show>
        </p>
      </Show>
      <Show when={it().result && it().outcomeNote}>
        <p class="pre-line">{it().outcomeNote}</p>
      </Show>
    </div>
  );
}

function VoteForm(props: { m: Manage; item: Item; present: number; onDone: (n: Note | null) => void }) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [votes, setVotes] = createSignal({ votesFor: "", votesAgainst: "", votesAbstain: "" });
  const [outcome, setOutcome] = createSignal("");
  const num = (v: string) => (v.trim() === "" ? 0 : Number(v));
  const total = () => num(votes().votesFor) + num(votes().votesAgainst) + num(votes().votesAbstain);
  const decision = () => ruleFor(props.m.ruleSet as RuleSetId, props.m.kind as MeetingKind)?.decision ?? null;
  /** A consultation has no roll (nobody checks in), so there are no counts to record, only the views heard. */
  const noRoll = () => !decision() && (props.m.eligibleCount ?? 0) === 0;
  // A refusal for want of quorum is out of date once attendance changes.
  createEffect(
    on(
      () => props.present,
      () => errors.clear(),
      { defer: true },
    ),
  );
  const record = createMutation(() => ({
    mutationFn: (input: { votesFor: number; votesAgainst: number; votesAbstain: number }) =>
      api.meetings.recordItemVote.mutate({
        itemId: props.item.id,
        ...input,
        outcomeNote: outcome().trim() || undefined,
      }),
    onMutate: () => {
      errors.clear();
      props.onDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (r) => {
      props.onDone(note("mtg.vote.recorded", { title: props.item.title, result: t(`mtg.result.${r.result}` as Key) }));
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["meetings.manage", props.m.id] }),
        qc.invalidateQueries({ queryKey: ["decisions.list"] }),
      ]);
    },
  }));
  const fieldName = {
    votesFor: "mtg.vote.for",
    votesAgainst: "mtg.vote.against",
    votesAbstain: "mtg.vote.abstain",
  } as const;
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    for (const k of ["votesFor", "votesAgainst", "votesAbstain"] as const) {
      const n = num(votes()[k]);
      if (!Number.isInteger(n) || n < 0) problems[k] = t("mtg.vote.bad", { field: t(fieldName[k]) });
    }
    if (Object.keys(problems).length) return errors.setFields(problems);
    record.mutate({
      votesFor: num(votes().votesFor),
      votesAgainst: num(votes().votesAgainst),
      votesAbstain: num(votes().votesAbstain),
    });
  };
  const id = (name: string) => `mtg-vote-${props.item.id}-${name}`;
  const voteInput = (k: "votesFor" | "votesAgainst" | "votesAbstain") => (
    <Field id={id(k)} label={t(fieldName[k])} error={errors.field(k)}>
      <input
        id={id(k)}
        name={k}
        type="number"
        inputmode="numeric"
        min={0}
        step={1}
        placeholder="0"
        value={votes()[k]}
        onInput={(e) => setVotes((v) => ({ ...v, [k]: e.currentTarget.value }))}
        {...fieldAria(id(k), errors.field(k))}
      />
    </Field>
  );
  return (
    <form class="form mtg-vote-form" novalidate onSubmit={submit} data-testid="mtg-vote-form">
      <FormAlert errors={errors} />
      <Show when={!noRoll()}>
        <div class="mtg-vote-grid">
          {voteInput("votesFor")}
          {voteInput("votesAgainst")}
          {voteInput("votesAbstain")}
        </div>
        <p class="meta" data-testid="mtg-vote-total">
          {(() => {
            const d = decision();
            return d
              ? t("mtg.vote.total", { total: total(), present: props.present, needed: needed(props.present, d) })
              : t("mtg.vote.totalAdvisory", { total: total(), present: props.present });
          })()}
        </p>
      </Show>
      <Field
        id={id("note")}
        label={t("mtg.vote.note")}
        hint={t("mtg.vote.noteHint")}
        error={errors.field("outcomeNote")}
      >
        <textarea
          id={id("note")}
          name="outcomeNote"
          class="short prose"
          maxLength={2000}
          value={outcome()}
          onInput={(e) => setOutcome(e.currentTarget.value)}
          {...fieldAria(id("note"), errors.field("outcomeNote"), true)}
        />
      </Field>
      <div class="btn-row">
        <button
          type="submit"
          class="btn btn-primary"
          data-action="mtg-record-vote"
          disabled={record.isPending}
          aria-busy={record.isPending ? "true" : undefined}
        >
          {noRoll() ? t("mtg.vote.submitAdvisory") : t("mtg.vote.submit")}
        </button>
        <Show when={!noRoll()}>
          <A
            class="btn"
            data-testid="mtg-item-ballot"
            href={`/admin/polls/new?item=${encodeURIComponent(props.item.id)}&itemTitle=${encodeURIComponent(props.item.title)}`}
          >
            {t("mtg.vote.byBallot")}
          </A>
        </Show>
      </div>
      <Show when={!noRoll()}>
        <p class="meta">{t("mtg.vote.byBallotHint")}</p>
      </Show>
    </form>
  );
}

/** A debounced copy of a signal, for searching as one types. */
function debounced(source: () => string, ms = 250) {
  const [value, setValue] = createSignal(source());
  createEffect(() => {
    const v = source().trim();
    const timer = setTimeout(() => setValue(v), ms);
    onCleanup(() => clearTimeout(timer));
  });
  return value;
}

function useRollSearch(meetingId: () => string, q: () => string) {
  const term = debounced(q);
  return createQuery(() => {
    // The query function captures its own key's values: two searches share the cache, and a
    // query refetched on invalidation must not read the other search's term.
    const input = { meetingId: meetingId(), q: term() };
    return {
      queryKey: ["meetings.searchRoll", input.meetingId, input.q],
      queryFn: () => api.meetings.searchRoll.query(input),
      placeholderData: keepPreviousData,
    };
  });
}

/** Staff check residents in by name or address; an absentee's written proxy goes to someone present. */
function CheckInPanel(props: { m: Manage; onDone: (n: Note | null) => void }) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [q, setQ] = createSignal("");
  const [proxyFor, setProxyFor] = createSignal<RollRow | null>(null);
  const results = useRollSearch(() => props.m.id, q);
  const checkIn = createMutation(() => ({
    mutationFn: (r: RollRow) => api.meetings.checkIn.mutate({ meetingId: props.m.id, residentId: r.id }),
    onMutate: () => {
      errors.clear();
      props.onDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (_r, row) => {
      props.onDone(note("mtg.ci.done", { name: row.name }));
      await refreshAttendance(qc, props.m.id);
    },
  }));
  return (
    <section class="card mtg-checkin" aria-labelledby="mtg-ci-h" data-testid="mtg-checkin">
      <h2 id="mtg-ci-h">{t("mtg.ci.title")}</h2>
      <FormAlert errors={errors} />
      <Field id="mtg-roll-q" label={t("mtg.ci.search")}>
        <input
          id="mtg-roll-q"
          name="q"
          type="search"
          autocomplete="off"
          placeholder={t("mtg.ci.searchHint")}
          maxLength={40}
          value={q()}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
      </Field>
      <RollResults
        query={results}
        render={(r) => (
          <>
            <Show
              when={r.present}
              fallback={
                <div class="row-actions">
                  <button
                    type="button"
                    class="btn btn-small btn-primary"
                    data-action="mtg-check-in"
                    aria-label={t("mtg.ci.checkInName", { name: r.name })}
                    disabled={checkIn.isPending}
                    onClick={() => checkIn.mutate(r)}
                  >
                    {t("mtg.ci.checkIn")}
                  </button>
                  <Show when={props.m.maxProxies > 0}>
                    <button
                      type="button"
                      class="btn btn-small"
                      data-action="mtg-proxy"
                      aria-label={t("mtg.ci.proxyName", { name: r.name })}
                      onClick={() => setProxyFor(r)}
                    >
                      {t("mtg.ci.proxy")}
                    </button>
                  </Show>
                </div>
              }
            >
              <span class="badge badge-ok">{t("mtg.ci.present")}</span>
            </Show>
          </>
        )}
      />
      <Show when={props.m.maxProxies === 0}>
        <p class="meta">{t("mtg.ci.noProxies")}</p>
      </Show>
      <Show when={proxyFor()}>
        {(r) => (
          <ProxyDialog
            m={props.m}
            principal={r()}
            onClose={() => setProxyFor(null)}
            onDone={(holder) => {
              const name = r().name;
              setProxyFor(null);
              props.onDone(note("mtg.ci.proxyDone", { name, holder }));
            }}
          />
        )}
      </Show>
    </section>
  );
}

async function refreshAttendance(qc: ReturnType<typeof useQueryClient>, meetingId: string) {
  await Promise.all([
    qc.invalidateQueries({ queryKey: ["meetings.searchRoll", meetingId] }),
    qc.invalidateQueries({ queryKey: ["meetings.live", meetingId] }),
    qc.invalidateQueries({ queryKey: ["meetings.manage", meetingId] }),
  ]);
}

function RollResults(props: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: RollRow[] | undefined; refetch: () => unknown };
  render: (r: RollRow) => JSX.Element;
}) {
  return (
    <Show when={!props.query.isPending} fallback={<Loading />}>
      <Show
        when={!props.query.isError}
        fallback={<ErrorBox error={props.query.error} retry={() => props.query.refetch()} />}
      >
        <Show when={props.query.data?.length} fallback={<p class="muted">{t("mtg.ci.none")}</p>}>
          <ul class="list mtg-roll" data-testid="mtg-roll">
            <For each={props.query.data}>
              {(r) => (
                <li class="mtg-roll-row" data-resident-id={r.id} data-present={r.present ? "true" : "false"}>
                  <div class="mtg-roll-who">
                    <strong class="mtg-roll-name">{r.name}</strong>
                    <Show when={r.address}>
                      <span class="meta">{r.address}</span>
                    </Show>
                  </div>
                  {props.render(r)}
                </li>
              )}
            </For>
          </ul>
          <Show when={(props.query.data?.length ?? 0) >= 20}>
            <p class="meta">{t("mtg.ci.more")}</p>
          </Show>
        </Show>
      </Show>
    </Show>
  );
}

function ProxyDialog(props: { m: Manage; principal: RollRow; onClose: () => void; onDone: (holder: string) => void }) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [q, setQ] = createSignal("");
  const [holder, setHolder] = createSignal<RollRow | null>(null);
  const results = useRollSearch(() => props.m.id, q);
  const record = createMutation(() => ({
    mutationFn: (h: RollRow) =>
      api.meetings.checkIn.mutate({ meetingId: props.m.id, residentId: props.principal.id, proxyHolderId: h.id }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (_r, h) => {
      await refreshAttendance(qc, props.m.id);
      props.onDone(h.name);
    },
  }));
  return (
    <Dialog title={t("mtg.ci.proxyTitle", { name: props.principal.name })} onClose={props.onClose}>
      <form
        class="form mtg-proxy-form"
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          const h = holder();
          if (h) record.mutate(h);
        }}
      >
        <p class="hint">{t("mtg.ci.proxyIntro", { name: props.principal.name, n: props.m.maxProxies })}</p>
        <FormAlert errors={errors} />
        <Field
          id="mtg-proxy-q"
          label={t("mtg.ci.holderSearch")}
          hint={t("mtg.ci.holderHint")}
          error={errors.field("proxyHolderId")}
        >
          <input
            id="mtg-proxy-q"
            name="proxyQ"
            type="search"
            autocomplete="off"
            maxLength={40}
            placeholder={t("mtg.ci.searchHint")}
            value={q()}
            onInput={(e) => setQ(e.currentTarget.value)}
            {...fieldAria("mtg-proxy-q", errors.field("proxyHolderId"), true)}
          />
        </Field>
        <div class="mtg-proxy-results">
          <RollResults
            query={results}
            render={(r) => (
              <Show when={r.present} fallback={<span class="badge badge-muted">{t("mtg.ci.absent")}</span>}>
                <button
                  type="button"
                  class="btn btn-small"
                  data-action="mtg-proxy-choose"
                  aria-pressed={holder()?.id === r.id}
                  disabled={r.id === props.principal.id}
                  onClick={() => setHolder(r)}
                >
                  {t("mtg.ci.choose")}
                </button>
              </Show>
            )}
          />
        </div>
        <Show when={holder()}>
          {(h) => (
            <p class="mtg-proxy-chosen" data-testid="mtg-proxy-chosen">
              <strong>{t("mtg.ci.chosen", { name: h().name })}</strong>
            </p>
          )}
        </Show>
        <div class="btn-row dialog-actions">
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t("action.cancel")}
          </button>
          <button
            type="submit"
            class="btn btn-primary"
            data-action="mtg-proxy-submit"
            disabled={!holder() || record.isPending}
            aria-busy={record.isPending ? "true" : undefined}
          >
            {t("mtg.ci.proxySubmit")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function ClosedMeeting(props: { m: Manage; keeper: boolean; onDone: (n: Note | null) => void }) {
  const m = () => props.m;
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [pending, setPending] = createSignal<PendingConfirm | null>(null);
  const [minutes, setMinutes] = createSignal(m().minutesMd ?? "");
  const decisions = createQuery(() => ({
    queryKey: ["decisions.list", m().community.street, m().community.community],
    queryFn: () => api.decisions.list.query({ street: m().community.street, community: m().community.community }),
    reconcile: "id",
  }));
  // decisions.list gives no item id: a decision carries its meeting's id and its item's title.
  const decisionOf = (item: Item) => decisions.data?.find((d) => d.meetingId === m().id && d.title === item.title);
  const publish = createMutation(() => ({
    mutationFn: () => api.meetings.publishMinutes.mutate({ id: m().id, minutesMd: minutes() }),
    onMutate: () => {
      errors.clear();
      props.onDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      props.onDone(note("mtg.min.published"));
      await qc.invalidateQueries({ queryKey: ["meetings.manage", m().id] });
    },
  }));
  const askPublish = () => {
    if (minutes().trim().length < 10) return errors.setFields({ minutesMd: t("mtg.min.tooShort") });
    setPending({
      title: t("mtg.min.publishTitle"),
      message: m().minutesNoticeId ? t("mtg.min.republishMsg") : t("mtg.min.publishMsg"),
      run: () => publish.mutate(),
    });
  };
  return (
    <>
      <section class="card" aria-labelledby="mtg-closed-fig-h">
        <h2 id="mtg-closed-fig-h" class="sr-only">
          {t("mtg.fig.present")} / {t("mtg.fig.eligible")}
        </h2>
        <Figures
          present={m().presentAtClose ?? m().present}
          proxies={m().proxies}
          eligible={m().eligibleCount ?? 0}
          quorumNeeded={m().quorumNeeded}
          advisory={m().advisory}
        />
      </section>

      <section class="card mtg-minutes" aria-labelledby="mtg-minutes-h">
        <div class="page-head">
          <h2 id="mtg-minutes-h">{t("mtg.min.title")}</h2>
          <Show when={m().minutesNoticeId}>
            {(id) => (
              <A href={`/admin/notices/${id()}`} class="btn btn-small" data-testid="mtg-minutes-link">
                {t("mtg.min.notice")}
              </A>
            )}
          </Show>
        </div>
        <Show
          when={props.keeper}
          fallback={
            <Show when={m().minutesMd}>
              <pre class="pre-line mtg-minutes-text">{m().minutesMd}</pre>
            </Show>
          }
        >
          <form
            class="form"
            novalidate
            onSubmit={(e) => {
              e.preventDefault();
              askPublish();
            }}
          >
            <FormAlert errors={errors} />
            <MarkdownField
              id="mtg-minutes"
              name="minutesMd"
              label={t("mtg.min.label")}
              value={minutes()}
              onInput={setMinutes}
              error={errors.field("minutesMd")}
            />
            <div class="btn-row">
              <button
                type="submit"
                class="btn btn-primary"
                data-action="mtg-publish-minutes"
                disabled={publish.isPending}
                aria-busy={publish.isPending ? "true" : undefined}
              >
                {t("mtg.min.publish")}
              </button>
            </div>
          </form>
        </Show>
      </section>

      <section class="card" aria-labelledby="mtg-dec-h">
        <div class="page-head">
          <h2 id="mtg-dec-h">{t("mtg.dec.title")}</h2>
          <A href="/admin/decisions" class="btn btn-small" data-testid="mtg-decisions-link">
            {t("mtg.dec.link")}
          </A>
        </div>
        <Show when={m().items.length} fallback={<p class="muted">{t("mtg.run.noAgenda")}</p>}>
          <ol class="mtg-agenda">
            <For each={m().items}>
              {(it) => (
                <li data-item-id={it.id} data-result={it.result ?? "undecided"}>
                  <ItemHead item={it} />
                  <Show when={it.result === "passed" && decisionOf(it)}>
                    {(d) => (
                      <p class="mtg-decision-line" data-testid="mtg-decision">
                        <DecisionStatusBadge status={d().status} />{" "}
                        {t("mtg.dec.registered", { progress: d().progress })}{" "}
                        <span class="meta">{formatDate(d().decidedAt)}</span>
                      </p>
                    )}
                  </Show>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </section>
      <Confirmation pending={pending()} onDone={() => setPending(null)} />
    </>
  );
}
