import "../../styles/polls-console.css";
import { A, useParams } from "@solidjs/router";
import { createMutation, createQuery, keepPreviousData, useQueryClient } from "@tanstack/solid-query";
import { createEffect, createSignal, For, Match, onCleanup, Show, Switch } from "solid-js";
import { turnoutNeeded, type Tally } from "../../../shared/rules/polls";
import { Dialog, Confirmation, type PendingConfirm } from "../../components/console/Dialog";
import {
  createFormErrors,
  Field,
  fieldAria,
  FormAlert,
  note,
  SuccessNote,
  type Note,
} from "../../components/console/Field";
import { isWriter, useConsoleUser } from "../../components/console/user";
import {
  ballotTypeLabel,
  eligibilityLabel,
  MemberTable,
  OptionBars,
  passRuleLabel,
  percent,
  pollKindLabel,
  PollStatusBadge,
  windowText,
} from "../../components/polls/PollConsoleBits";
import { ErrorBox, Loading } from "../../components/States";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

type Manage = Awaited<ReturnType<typeof api.polls.manage.query>>;
type RollRow = Awaited<ReturnType<typeof api.polls.searchRoll.query>>[number];
type Proxy = Manage["proxies"][number];

/** /admin/polls/:id: the poll through its life — draft, scheduled, open, closed (or cancelled). */
export default function PollManage() {
  const params = useParams<{ id: string }>();
  const query = createQuery(() => ({
    queryKey: ["polls.manage", params.id],
    queryFn: () => api.polls.manage.query({ id: params.id }),
    // Open: the figures move. Scheduled: it opens by itself at its time (the server advances it on read).
    refetchInterval: (q: { state: { data?: Manage } }) =>
      q.state.data?.status === "open" ? 10_000 : q.state.data?.status === "scheduled" ? 30_000 : false,
  }));
  return (
    <div class="console-page pollc-page">
      <p class="back-link">
        <A href="/admin/polls">← {t("pollc.run.back")}</A>
      </p>
      <Show when={!query.isPending} fallback={<Loading />}>
        <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
          {(p) => <Run p={p()} />}
        </Show>
      </Show>
    </div>
  );
}

/** A clock that ticks every 15 seconds (the close button appears once the closing time has passed). */
function useNow() {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 15_000);
  onCleanup(() => clearInterval(timer));
  return now;
}

function Run(props: { p: Manage }) {
  const user = useConsoleUser();
  const qc = useQueryClient();
  const p = () => props.p;
  const keeper = () => isWriter(user().role);
  const now = useNow();
  const [done, setDone] = createSignal<Note | null>(null);
  const [pending, setPending] = createSignal<PendingConfirm | null>(null);
  const [cancelling, setCancelling] = createSignal(false);
  const errors = createFormErrors();

  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ["polls.manage", p().id] }),
      qc.invalidateQueries({ queryKey: ["polls.staffList"] }),
    ]);

  const publish = createMutation(() => ({
    mutationFn: () => api.polls.publish.mutate({ id: p().id }),
    onMutate: () => {
      errors.clear();
      setDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (r) => {
      setDone(
        r.status === "open"
          ? note("pollc.run.publishedOpen", { n: r.eligibleCount ?? 0 })
          : note("pollc.run.published", { at: formatDateTime(p().opensAt) }),
      );
      await refresh();
    },
  }));
  const close = createMutation(() => ({
    mutationFn: () => api.polls.close.mutate({ id: p().id }),
    onMutate: () => {
      errors.clear();
      setDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async () => {
      setDone(note("pollc.run.closed"));
      await refresh();
    },
  }));

  const opensNow = () => p().opensAt <= Date.now();
  const askPublish = () =>
    setPending({
      title: t("pollc.run.publishTitle"),
      message: (
        <>
          <p>{t("pollc.run.publishMsg")}</p>
          <p>
            <strong>
              {opensNow()
                ? t("pollc.run.publishRollNow", { who: eligibilityLabel(p().eligibility, p().community.kind) })
                : t("pollc.run.publishRollLater", {
                    at: formatDateTime(p().opensAt),
                    who: eligibilityLabel(p().eligibility, p().community.kind),
                  })}
            </strong>
          </p>
        </>
      ),
      confirmLabel: t("pollc.run.publish"),
      testid: "poll-publish-confirm",
      run: () => publish.mutate(),
    });
  const askClose = () =>
    setPending({
      title: t("pollc.run.closeTitle"),
      message: t("pollc.run.closeMsg"),
      confirmLabel: t("pollc.run.close"),
      danger: true,
      testid: "poll-close-confirm",
      run: () => close.mutate(),
    });

  const publicHref = () => `/${p().community.street}/${p().community.community}/polls/${p().id}`;

  const cancelButton = () => (
    <button type="button" class="btn btn-danger" data-testid="poll-cancel" onClick={() => setCancelling(true)}>
      {t("pollc.run.cancel")}
    </button>
  );

  return (
    <>
      <h1 class="pollc-h1" data-testid="poll-title-head">
        {p().title}
      </h1>
      <div class="head-badges">
        <PollStatusBadge status={p().status} />
        <span class="badge badge-muted">{pollKindLabel(p().kind)}</span>
        <span class="badge badge-muted">{ballotTypeLabel(p().ballotType)}</span>
        <span class="badge badge-muted">{p().secret ? t("pollc.secret.short") : t("pollc.secret.openShort")}</span>
        <span class="meta">{windowText(p().opensAt, p().closesAt)}</span>
      </div>
      <SuccessNote note={done()} />
      <FormAlert errors={errors} />

      <Switch>
        <Match when={p().status === "draft"}>
          <section class="card" aria-labelledby="pollc-actions-h" data-testid="poll-actions">
            <h2 id="pollc-actions-h" class="sr-only">
              {t("pollc.status.draft")}
            </h2>
            <p class="muted">{t("pollc.run.draftNote")}</p>
            <Show when={keeper()} fallback={<p class="muted">{t("pollc.run.readOnly")}</p>}>
              <div class="btn-row">
                <A href={`/admin/polls/${p().id}/edit`} class="btn" data-testid="poll-edit">
                  {t("pollc.run.edit")}
                </A>
                <button
                  type="button"
                  class="btn btn-primary"
                  data-testid="poll-publish"
                  disabled={publish.isPending}
                  aria-busy={publish.isPending ? "true" : undefined}
                  onClick={askPublish}
                >
                  {t("pollc.run.publish")}
                </button>
                {cancelButton()}
              </div>
            </Show>
          </section>
        </Match>
        <Match when={p().status === "scheduled"}>
          <section class="card" aria-labelledby="pollc-actions-h" data-testid="poll-actions">
            <h2 id="pollc-actions-h" class="sr-only">
              {t("pollc.status.scheduled")}
            </h2>
            <p>
              {t("pollc.run.scheduledNote", {
                at: formatDateTime(p().opensAt),
                who: eligibilityLabel(p().eligibility, p().community.kind),
              })}
            </p>
            <p class="meta">
              <a href={publicHref()} data-testid="poll-public-link">
                {t("pollc.run.publicPage")}
              </a>
            </p>
            <Show when={keeper()} fallback={<p class="muted">{t("pollc.run.readOnly")}</p>}>
              <div class="btn-row">{cancelButton()}</div>
            </Show>
          </section>
        </Match>
        <Match when={p().status === "cancelled"}>
          <div class="banner banner-bad" data-testid="poll-cancelled">
            {t("pollc.status.cancelled")}
            <Show when={p().cancelReason}>{(r) => <>：{r()}</>}</Show>
          </div>
        </Match>
      </Switch>

      <Show when={p().status === "open"}>
        <section class="card" aria-labelledby="pollc-live-h" data-testid="poll-live">
          <div class="page-head">
            <h2 id="pollc-live-h">{t("pollc.run.liveTitle")}</h2>
            <span class="meta">{t("pollc.run.liveUpdated")}</span>
          </div>
          <Figures p={p()} live />
          <Show
            when={p().tally}
            fallback={
              <p class="banner banner-info" data-testid="poll-hidden-results">
                {t("pollc.run.hiddenResults")}
              </p>
            }
          >
            {(tally) => <TallyView p={p()} tally={tally()} />}
          </Show>
          <Show when={keeper()}>
            <div class="btn-row">
              <Show
                when={now() >= p().closesAt}
                fallback={<p class="meta">{t("pollc.run.closesAt", { at: formatDateTime(p().closesAt) })}</p>}
              >
                <button
                  type="button"
                  class="btn btn-primary"
                  data-testid="poll-close"
                  disabled={close.isPending}
                  aria-busy={close.isPending ? "true" : undefined}
                  onClick={askClose}
                >
                  {t("pollc.run.close")}
                </button>
              </Show>
              {cancelButton()}
            </div>
          </Show>
        </section>
      </Show>

      <Show when={p().status === "closed"}>
        <Result p={p()} publicHref={publicHref()} />
      </Show>

      <Show when={p().status === "open" && keeper()}>
        <ProxyPanel p={p()} onDone={setDone} />
      </Show>
      <Show when={!(p().status === "open" && keeper()) && p().proxies.length > 0}>
        <section class="card" aria-labelledby="pollc-proxies-h">
          <h2 id="pollc-proxies-h">{t("pollc.proxy.title")}</h2>
          <ProxyList p={p()} />
        </section>
      </Show>

      <Summary p={p()} publicHref={publicHref()} />

      <Show when={cancelling()}>
        <CancelDialog
          p={p()}
          onClose={() => setCancelling(false)}
          onDone={async () => {
            setCancelling(false);
            setDone(note("pollc.run.cancelled"));
            await refresh();
          }}
        />
      </Show>
      <Confirmation pending={pending()} onDone={() => setPending(null)} />
    </>
  );
}

/** 名单人数 / 已投票 / 参与率 / 参与率门槛. */
function Figures(props: { p: Manage; live?: boolean }) {
  const eligible = () => props.p.eligibleCount ?? 0;
  const voted = () => (props.p.status === "closed" ? props.p.cast : props.p.voted);
  const needed = () => turnoutNeeded(props.p.turnoutPct, eligible());
  return (
    <div class="pollc-figures" data-testid="poll-figures" aria-live={props.live ? "polite" : undefined}>
      <div class="pollc-figure">
        <span class="pollc-figure-label">{t("pollc.fig.eligible")}</span>
        <strong class="pollc-figure-num" data-testid="poll-eligible">
          {eligible()}
        </strong>
      </div>
      <div class="pollc-figure">
        <span class="pollc-figure-label">{t("pollc.fig.voted")}</span>
        <strong class="pollc-figure-num" data-testid="poll-voted">
          {voted()}
        </strong>
      </div>
      <div class="pollc-figure">
        <span class="pollc-figure-label">{t("pollc.fig.turnout")}</span>
        <strong class="pollc-figure-num" data-testid="poll-turnout-pct">
          {percent(voted(), eligible())}
        </strong>
      </div>
      <div class="pollc-figure">
        <span class="pollc-figure-label">{t("pollc.fig.turnoutNeeded")}</span>
        <Show
          when={props.p.turnoutPct}
          fallback={<strong class="pollc-figure-num pollc-figure-none">{t("pollc.fig.noThreshold")}</strong>}
        >
          <strong class="pollc-figure-num" data-testid="poll-turnout-needed">
            {needed()}
          </strong>
          <span class="meta">
            {t("pollc.fig.thresholdPct", { pct: props.p.turnoutPct ?? 0 })}
            {" · "}
            {voted() >= needed()
              ? t("pollc.fig.met")
              : props.p.status === "closed"
                ? t("pollc.fig.notMet")
                : t("pollc.fig.short", { n: needed() - voted() })}
          </span>
        </Show>
      </div>
    </div>
  );
}

/** Counts by option (or by member for a review) with the rule they are measured against. */
function TallyView(props: { p: Manage; tally: Tally }) {
  const decides = () => props.p.kind === "vote" && props.p.ballotType !== "review";
  return (
    <Show
      when={props.p.ballotType === "review"}
      fallback={
        <>
          <Show when={decides()}>
            <p class="meta" data-testid="poll-rule-line">
              {ruleLine(props.p, props.tally.votesNeeded)}
            </p>
          </Show>
          <OptionBars options={props.tally.options} cast={props.tally.cast} winner={props.tally.winner} />
        </>
      }
    >
      <MemberTable members={props.tally.members} cast={props.tally.cast} />
    </Show>
  );
}

/** The pass rule and the votes it needs: for "yes", for the leading option, or for each option. */
function ruleLine(p: Manage, n: number): string {
  const key =
    p.ballotType === "yes_no"
      ? "pollc.res.ruleLine"
      : p.ballotType === "single"
        ? "pollc.res.ruleLineSingle"
        : "pollc.res.ruleLineEach";
  return t(key, { rule: passRuleLabel(p.passRule), n });
}

/** Why a vote that decides did not pass: turnout, nobody voted, a tie, or too few votes. */
function failReason(p: Manage, tally: Tally): string {
  if (!tally.turnoutMet)
    return t("pollc.res.failTurnout", { n: tally.turnoutNeeded, cast: tally.cast, pct: p.turnoutPct ?? 0 });
  if (tally.cast === 0) return t("pollc.res.failNobody");
  if (p.ballotType === "single") {
    const counts = tally.options.map((o) => o.count).sort((a, b) => b - a);
    if (counts.length > 1 && counts[0] === counts[1]) return t("pollc.res.failTie");
    return t("pollc.res.failVotesSingle", { n: tally.votesNeeded });
  }
  return t("pollc.res.failVotes", { n: tally.votesNeeded });
}

/** A closed poll: the verdict under its rule, the turnout, the counts, the hashes and the open data. */
function Result(props: { p: Manage; publicHref: string }) {
  const p = () => props.p;
  const review = () => p().ballotType === "review";
  const reviews = createQuery(() => ({
    queryKey: ["polls.reviews", p().community.street, p().community.community],
    queryFn: () => api.polls.reviews.query({ street: p().community.street, community: p().community.community }),
    enabled: review(),
  }));
  const endsPost = (name: string) =>
    (reviews.data ?? []).some((r) => r.pollId === p().id && r.memberName === name && r.endsPost);
  const apiBase = () => `/api/open/v1/${p().community.street}/${p().community.community}/polls/${p().id}`;
  const ballotsHash = (tally: Tally) =>
    "ballotsHash" in tally ? String((tally as Tally & { ballotsHash: string }).ballotsHash) : "";
  return (
    <section class="card" aria-labelledby="pollc-result-h" data-testid="poll-result">
      <h2 id="pollc-result-h">{t("pollc.res.title")}</h2>
      <Show when={p().tally} fallback={<p class="muted">{t("pollc.res.pending")}</p>}>
        {(tally) => (
          <>
            <Verdict p={p()} tally={tally()} />
            <Figures p={p()} />
            <Show
              when={review()}
              fallback={
                <>
                  <Show when={p().kind === "vote"}>
                    <p class="meta" data-testid="poll-rule-line">
                      {ruleLine(p(), tally().votesNeeded)}
                    </p>
                  </Show>
                  <OptionBars options={tally().options} cast={tally().cast} winner={tally().winner} />
                </>
              }
            >
              <MemberTable members={tally().members} cast={tally().cast} endsPost={endsPost} />
            </Show>
            <dl class="kv pollc-hashes">
              <dt>{t("pollc.res.closedAt")}</dt>
              <dd>{formatDateTime(p().closedAt)}</dd>
              <Show when={p().resultHash}>
                <dt>{t("pollc.res.resultHash")}</dt>
                <dd class="mono" data-testid="poll-result-hash">
                  {p().resultHash}
                </dd>
              </Show>
              <Show when={ballotsHash(tally())}>
                <dt>{t("pollc.res.ballotsHash")}</dt>
                <dd class="mono">{ballotsHash(tally())}</dd>
              </Show>
            </dl>
            <p class="meta">{t("pollc.res.hashHint")}</p>
          </>
        )}
      </Show>
      <ul class="list links pollc-links">
        <li>
          <a href={props.publicHref} data-testid="poll-public-link">
            {t("pollc.run.publicPage")}
          </a>
        </li>
        <li>
          <a href={apiBase()} target="_blank" rel="noopener" data-testid="poll-open-data">
            {t("pollc.res.openData")}
          </a>
        </li>
        <li>
          <a href={`${apiBase()}/ballots.csv`} data-testid="poll-ballots-csv">
            {t("pollc.res.ballotsCsv")}
          </a>
        </li>
      </ul>
    </section>
  );
}

function Verdict(props: { p: Manage; tally: Tally }) {
  const p = () => props.p;
  const flagged = () => props.tally.members.filter((m) => m.incompetentMajority).length;
  const passedCount = () => props.tally.options.filter((o) => o.passed).length;
  return (
    <Switch>
      <Match when={p().ballotType === "review"}>
        <p class={`banner ${flagged() ? "banner-bad" : "banner-info"}`} data-testid="poll-verdict" data-passed="none">
          {flagged()
            ? t("pollc.res.reviewFlagged", { n: flagged(), year: p().reviewYear ?? "" })
            : t("pollc.res.reviewClean", { year: p().reviewYear ?? "" })}
        </p>
      </Match>
      <Match when={p().kind === "consultation"}>
        <p class="banner banner-info" data-testid="poll-verdict" data-passed="none">
          {t("pollc.res.advisory")}
        </p>
      </Match>
      <Match when={props.tally.passed === true}>
        <p class="banner banner-ok" data-testid="poll-verdict" data-passed="true">
          <strong>{t("pollc.res.passed")}</strong>
          <Show when={p().ballotType === "single" && props.tally.winner}>
            {(w) => <> — {props.tally.options.find((o) => o.id === w())?.label}</>}
          </Show>
        </p>
      </Match>
      <Match when={props.tally.passed === false}>
        <p class="banner banner-bad" data-testid="poll-verdict" data-passed="false">
          <strong>{t("pollc.res.failed")}</strong> — {failReason(p(), props.tally)}
        </p>
      </Match>
      <Match when={true}>
        <p
          class={`banner ${props.tally.turnoutMet ? "banner-info" : "banner-bad"}`}
          data-testid="poll-verdict"
          data-passed="each"
        >
          {props.tally.turnoutMet
            ? t("pollc.res.eachOption", { n: passedCount(), total: props.tally.options.length })
            : t("pollc.res.failTurnout", {
                n: props.tally.turnoutNeeded,
                cast: props.tally.cast,
                pct: p().turnoutPct ?? 0,
              })}
        </p>
      </Match>
    </Switch>
  );
}

function Summary(props: { p: Manage; publicHref: string }) {
  const p = () => props.p;
  const showOptions = () =>
    p().ballotType !== "yes_no" && p().status !== "closed" && !(p().status === "open" && p().tally);
  return (
    <section class="card" aria-labelledby="pollc-summary-h" data-testid="poll-summary">
      <h2 id="pollc-summary-h">{t("pollc.run.summary")}</h2>
      <dl class="kv">
        <dt>{t("pollc.run.kind")}</dt>
        <dd>
          {pollKindLabel(p().kind)} · {ballotTypeLabel(p().ballotType)}
        </dd>
        <dt>{t("pollc.run.eligibility")}</dt>
        <dd>
          {eligibilityLabel(p().eligibility, p().community.kind)}
          <Show when={p().eligibleCount !== null}>
            <span class="meta"> · {t("pollc.run.rollCount", { n: p().eligibleCount ?? 0 })}</span>
          </Show>
        </dd>
        <dt>{t("pollc.run.ballot")}</dt>
        <dd>{p().secret ? t("pollc.secret.long") : t("pollc.secret.openLong")}</dd>
        <dt>{t("pollc.run.window")}</dt>
        <dd>{windowText(p().opensAt, p().closesAt)}</dd>
        <Show when={p().kind === "vote" && p().ballotType !== "review"}>
          <dt>{t("pollc.run.passRule")}</dt>
          <dd>{passRuleLabel(p().passRule)}</dd>
          <dt>{t("pollc.run.turnout")}</dt>
          <dd>{p().turnoutPct ? `${p().turnoutPct}%` : t("pollc.fig.noThreshold")}</dd>
        </Show>
        <Show when={p().ballotType === "multiple"}>
          <dt>{t("pollc.run.choices")}</dt>
          <dd>{t("pollc.run.choicesRange", { min: p().minChoices, max: p().maxChoices })}</dd>
        </Show>
        <Show when={p().ballotType === "review"}>
          <dt>{t("pollc.run.reviewYear")}</dt>
          <dd>{p().reviewYear}</dd>
        </Show>
        <dt>{t("pollc.run.allowChange")}</dt>
        <dd>{p().allowChange ? t("pollc.yes") : t("pollc.no")}</dd>
        <dt>{t("pollc.run.hideResults")}</dt>
        <dd>{p().hideResults ? t("pollc.run.hiddenUntilClose") : t("pollc.run.shownLive")}</dd>
        <Show when={p().meetingItem}>
          {(item) => (
            <>
              <dt>{t("pollc.run.meetingItem")}</dt>
              <dd data-testid="poll-meeting-item-link">
                <A href={`/admin/meetings/${item().meetingId}`}>{item().meetingTitle}</A> · {item().title}
              </dd>
            </>
          )}
        </Show>
        <Show when={p().status !== "draft"}>
          <dt>{t("pollc.run.publicPage")}</dt>
          <dd>
            <a href={props.publicHref}>{t("pollc.run.viewPublic")}</a>
          </dd>
        </Show>
      </dl>
      <Show when={showOptions()}>
        <h3>{p().ballotType === "review" ? t("pollc.edit.members") : t("pollc.edit.options")}</h3>
        <ol class="pollc-opt-view" data-testid="poll-option-list">
          <For each={p().options}>
            {(o) => (
              <li>
                {o.label}
                <Show when={o.post}>
                  <span class="meta"> · {o.post}</span>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={p().descriptionMd.trim()}>
        <h3>{t("pollc.edit.description")}</h3>
        {/* renderMarkdown on the server sanitises (js-xss whitelist), so inserting its HTML is safe. */}
        <div class="markdown pollc-description" innerHTML={p().descriptionHtml} />
      </Show>
    </section>
  );
}

function CancelDialog(props: { p: Manage; onClose: () => void; onDone: () => unknown }) {
  const errors = createFormErrors();
  const [reason, setReason] = createSignal("");
  const cancel = createMutation(() => ({
    mutationFn: () => api.polls.cancel.mutate({ id: props.p.id, reason: reason() }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: () => props.onDone(),
  }));
  return (
    <Dialog title={t("pollc.run.cancelTitle")} onClose={props.onClose}>
      <form
        class="form"
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          if (reason().trim().length < 2) return errors.setFields({ reason: t("pollc.run.cancelReasonShort") });
          cancel.mutate();
        }}
      >
        <p class="dialog-message">
          {props.p.status === "open" ? t("pollc.run.cancelOpenMsg") : t("pollc.run.cancelMsg")}
        </p>
        <FormAlert errors={errors} />
        <Field
          id="pollc-cancel-reason"
          label={t("pollc.run.cancelReason")}
          hint={t("pollc.run.cancelHint")}
          error={errors.field("reason")}
        >
          <textarea
            id="pollc-cancel-reason"
            name="reason"
            class="short prose"
            maxLength={500}
            data-testid="poll-cancel-reason"
            value={reason()}
            onInput={(e) => setReason(e.currentTarget.value)}
            {...fieldAria("pollc-cancel-reason", errors.field("reason"), true)}
          />
        </Field>
        <div class="btn-row dialog-actions">
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t("action.cancel")}
          </button>
          <button
            type="submit"
            class="btn btn-danger"
            data-testid="poll-cancel-confirm"
            disabled={cancel.isPending}
            aria-busy={cancel.isPending ? "true" : undefined}
          >
            {t("pollc.run.cancelConfirm")}
          </button>
        </div>
      </form>
    </Dialog>
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

function useRollSearch(pollId: () => string, q: () => string) {
  const term = debounced(q);
  return createQuery(() => {
    const input = { pollId: pollId(), q: term() };
    return {
      queryKey: ["polls.searchRoll", input.pollId, input.q],
      queryFn: () => api.polls.searchRoll.query(input),
      placeholderData: keepPreviousData,
    };
  });
}

/** One side of a proxy: search the roll and choose a person. */
function RollPicker(props: {
  id: string;
  pollId: string;
  label: string;
  hint: string;
  error?: string;
  chosen: RollRow | null;
  onChoose: (r: RollRow | null) => void;
  /** Why this person cannot be chosen on this side (shown in place of the button), or null. */
  blocked: (r: RollRow) => string | null;
  testid: string;
}) {
  const [q, setQ] = createSignal("");
  const results = useRollSearch(() => props.pollId, q);
  return (
    <div class="pollc-picker" data-testid={props.testid}>
      <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
        <input
          id={props.id}
          type="search"
          autocomplete="off"
          maxLength={40}
          placeholder={t("pollc.proxy.searchHint")}
          value={q()}
          onInput={(e) => setQ(e.currentTarget.value)}
          {...fieldAria(props.id, props.error, true)}
        />
      </Field>
      <Show
        when={props.chosen}
        fallback={
          <Show when={!results.isPending} fallback={<Loading />}>
            <Show when={!results.isError} fallback={<ErrorBox error={results.error} retry={() => results.refetch()} />}>
              <Show when={results.data?.length} fallback={<p class="muted">{t("pollc.proxy.none")}</p>}>
                <ul class="list pollc-roll" data-testid="poll-roll">
                  <For each={results.data}>
                    {(r) => (
                      <li class="mtg-roll-row" data-resident-id={r.id} data-voted={r.voted ? "true" : "false"}>
                        <div class="mtg-roll-who">
                          <strong>{r.name}</strong>
                          <Show when={r.address}>
                            <span class="meta">{r.address}</span>
                          </Show>
                          <Show when={!props.blocked(r)}>
                            <span class="meta">
                              {r.voted ? t("pollc.proxy.hasVoted") : t("pollc.proxy.notVoted")}
                              <Show when={r.holds > 0}> · {t("pollc.proxy.holds", { n: r.holds })}</Show>
                            </span>
                          </Show>
                        </div>
                        <Show
                          when={props.blocked(r)}
                          fallback={
                            <button
                              type="button"
                              class="btn btn-small"
                              data-testid="proxy-choose"
                              aria-label={`${t("pollc.proxy.choose")}：${r.name}`}
                              onClick={() => props.onChoose(r)}
                            >
                              {t("pollc.proxy.choose")}
                            </button>
                          }
                        >
                          {(why) => <span class="badge badge-muted">{why()}</span>}
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
                <Show when={(results.data?.length ?? 0) >= 20}>
                  <p class="meta">{t("pollc.proxy.more")}</p>
                </Show>
              </Show>
            </Show>
          </Show>
        }
      >
        {(r) => (
          <p class="pollc-chosen" data-testid={`${props.testid}-chosen`}>
            <strong>{r().name}</strong>
            <Show when={r().address}>
              <span class="meta"> · {r().address}</span>
            </Show>{" "}
            <button type="button" class="btn btn-small" onClick={() => props.onChoose(null)}>
              {t("pollc.proxy.change")}
            </button>
          </p>
        )}
      </Show>
    </div>
  );
}

/** Staff record a written proxy (委托书) while the vote is open, and revoke unused ones. */
function ProxyPanel(props: { p: Manage; onDone: (n: Note | null) => void }) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [grantor, setGrantor] = createSignal<RollRow | null>(null);
  const [holder, setHolder] = createSignal<RollRow | null>(null);
  const [text, setText] = createSignal("");
  const max = () => props.p.maxProxies;
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ["polls.manage", props.p.id] }),
      qc.invalidateQueries({ queryKey: ["polls.searchRoll", props.p.id] }),
    ]);
  const record = createMutation(() => ({
    mutationFn: (v: { grantor: RollRow; holder: RollRow }) =>
      api.polls.recordProxy.mutate({
        pollId: props.p.id,
        grantorId: v.grantor.id,
        holderId: v.holder.id,
        note: text().trim(),
      }),
    onMutate: () => {
      errors.clear();
      props.onDone(null);
    },
    // A refusal often means the page was out of date (another desk recorded one): refresh it.
    onError: (err: unknown) => {
      errors.set(err);
      void refresh();
    },
    onSuccess: async (_r, v) => {
      props.onDone(note("pollc.proxy.recorded", { grantor: v.grantor.name, holder: v.holder.name }));
      setGrantor(null);
      setHolder(null);
      setText("");
      await refresh();
    },
  }));
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const g = grantor();
    const h = holder();
    const problems: Record<string, string> = {};
    if (!g) problems.grantorId = t("pollc.proxy.pickGrantor");
    if (!h) problems.holderId = t("pollc.proxy.pickHolder");
    if (Object.keys(problems).length) return errors.setFields(problems);
    record.mutate({ grantor: g!, holder: h! });
  };
  return (
    <section class="card pollc-proxies" aria-labelledby="pollc-proxies-h" data-testid="poll-proxies">
      <h2 id="pollc-proxies-h">{t("pollc.proxy.title")}</h2>
      <p class="hint">{t("pollc.proxy.intro", { n: max() })}</p>
      <form class="form pollc-proxy-form" novalidate onSubmit={submit}>
        <FormAlert errors={errors} />
        <div class="grid grid-2">
          <RollPicker
            id="pollc-grantor-q"
            pollId={props.p.id}
            label={t("pollc.proxy.grantor")}
            hint={t("pollc.proxy.grantorHint")}
            error={errors.field("grantorId")}
            chosen={grantor()}
            onChoose={(r) => {
              setGrantor(r);
              errors.clear();
            }}
            blocked={(r) =>
              r.voted
                ? t("pollc.proxy.hasVoted")
                : props.p.proxies.some((x) => x.grantorId === r.id)
                  ? t("pollc.proxy.alreadyGave")
                  : r.holds > 0
                    ? t("pollc.proxy.holdsSome")
                    : r.id === holder()?.id
                      ? t("pollc.proxy.isHolder")
                      : null
            }
            testid="proxy-grantor"
          />
          <RollPicker
            id="pollc-holder-q"
            pollId={props.p.id}
            label={t("pollc.proxy.holder")}
            hint={t("pollc.proxy.holderHint", { n: max() })}
            error={errors.field("holderId")}
            chosen={holder()}
            onChoose={(r) => {
              setHolder(r);
              errors.clear();
            }}
            blocked={(r) =>
              r.holds >= max()
                ? t("pollc.proxy.full", { n: max() })
                : props.p.proxies.some((x) => x.grantorId === r.id)
                  ? t("pollc.proxy.alreadyGave")
                  : r.id === grantor()?.id
                    ? t("pollc.proxy.isGrantor")
                    : null
            }
            testid="proxy-holder"
          />
        </div>
        <Field
          id="pollc-proxy-note"
          label={t("pollc.proxy.note")}
          hint={t("pollc.proxy.noteHint")}
          error={errors.field("note")}
        >
          <input
            id="pollc-proxy-note"
            name="note"
            type="text"
            maxLength={200}
            autocomplete="off"
            data-testid="proxy-note"
            value={text()}
            onInput={(e) => setText(e.currentTarget.value)}
            {...fieldAria("pollc-proxy-note", errors.field("note"), true)}
          />
        </Field>
        <div class="btn-row">
          <button
            type="submit"
            class="btn btn-primary"
            data-testid="proxy-record"
            disabled={record.isPending}
            aria-busy={record.isPending ? "true" : undefined}
          >
            {t("pollc.proxy.record")}
          </button>
        </div>
      </form>
      <h3>{t("pollc.proxy.listTitle", { n: props.p.proxies.length })}</h3>
      <ProxyList p={props.p} canRevoke onDone={props.onDone} />
    </section>
  );
}

function ProxyList(props: { p: Manage; canRevoke?: boolean; onDone?: (n: Note | null) => void }) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [pending, setPending] = createSignal<PendingConfirm | null>(null);
  const revoke = createMutation(() => ({
    mutationFn: (x: Proxy) => api.polls.revokeProxy.mutate({ pollId: props.p.id, grantorId: x.grantorId }),
    onMutate: () => {
      errors.clear();
      props.onDone?.(null);
    },
    onError: (err: unknown) => {
      errors.set(err);
      void qc.invalidateQueries({ queryKey: ["polls.manage", props.p.id] });
    },
    onSuccess: async (_r, x) => {
      props.onDone?.(note("pollc.proxy.revoked", { grantor: x.grantorName, holder: x.holderName }));
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["polls.manage", props.p.id] }),
        qc.invalidateQueries({ queryKey: ["polls.searchRoll", props.p.id] }),
      ]);
    },
  }));
  const askRevoke = (x: Proxy) =>
    setPending({
      title: t("pollc.proxy.revokeTitle"),
      message: t("pollc.proxy.revokeMsg", { grantor: x.grantorName, holder: x.holderName }),
      confirmLabel: t("pollc.proxy.revoke"),
      danger: true,
      testid: "proxy-revoke-confirm",
      run: () => revoke.mutate(x),
    });
  return (
    <>
      <FormAlert errors={errors} />
      <Show when={props.p.proxies.length} fallback={<p class="muted">{t("pollc.proxy.empty")}</p>}>
        <ul class="list pollc-proxy-list" data-testid="proxy-list">
          <For each={props.p.proxies}>
            {(x) => (
              <li
                class="pollc-proxy-row"
                data-testid="proxy-row"
                data-grantor-id={x.grantorId}
                data-used={String(x.used)}
              >
                <div>
                  <strong>{t("pollc.proxy.line", { grantor: x.grantorName, holder: x.holderName })}</strong>
                  <div class="meta">
                    {formatDateTime(x.at)}
                    <Show when={x.note}> · {x.note}</Show>
                  </div>
                </div>
                <Show
                  when={!x.used && props.canRevoke}
                  fallback={
                    <span class={`badge ${x.used ? "badge-ok" : "badge-muted"}`}>
                      {x.used ? t("pollc.proxy.used") : t("pollc.proxy.unused")}
                    </span>
                  }
                >
                  <button
                    type="button"
                    class="btn btn-small btn-danger"
                    data-testid="proxy-revoke"
                    aria-label={t("pollc.proxy.revokeName", { name: x.grantorName })}
                    disabled={revoke.isPending}
                    onClick={() => askRevoke(x)}
                  >
                    {t("pollc.proxy.revoke")}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Confirmation pending={pending()} onDone={() => setPending(null)} />
    </>
  );
}
