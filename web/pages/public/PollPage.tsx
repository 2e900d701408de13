import { A, useParams, useSearchParams } from "@solidjs/router";
import { createQuery, useQueryClient } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import { MAX_PROXIES, tally as recount, turnoutNeeded, type Tally } from "../../../shared/rules/polls";
import { BallotForm, ReceiptBox, type Cast } from "../../components/polls/Ballot";
import { BallotTable, ReceiptSearch } from "../../components/polls/Ballots";
import {
  kindLabel,
  pct,
  pollQuery,
  pollsPath,
  ResultBadge,
  StatusBadge,
  type MyPoll,
  type PublicPoll,
  whyNot,
} from "../../components/polls/common";
import { passRuleWords, ResultView } from "../../components/polls/Result";
import { ErrorBox, Loading } from "../../components/States";
import { communityQuery } from "../../components/public/queries";
import { copyText, isNotFound, localName, useTitle } from "../../components/public/util";
import { t, type Key } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { receiptsFor } from "../../lib/receipts";
import { useMe } from "../../lib/session";
import { api, errorMessage } from "../../lib/trpc";

type Params = { street: string; community: string; id: string };

/**
 * "/:street/:community/polls/:id": one vote, consultation or review — its rules in plain words,
 * the ballot for a resident of the community (two taps), live turnout, and once closed the
 * result, every published ballot by receipt and what anyone needs to recount it.
 */
export default function PollPage() {
  const params = useParams<Params>();
  const [search] = useSearchParams<{ receipt?: string }>();
  const community = createQuery(() => communityQuery(params.street, params.community));
  const query = createQuery(() => ({
    ...pollQuery(params.street, params.community, params.id),
    // While the vote runs, the turnout follows.
    refetchInterval: (q: { state: { data?: PublicPoll } }) =>
      q.state.data?.status === "open" || q.state.data?.status === "scheduled" ? 30_000 : false,
  }));
  useTitle(() => query.data?.title);
  const name = () => (community.data ? localName(community.data) : "");

  return (
    <div class="mtgpub poll-page">
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={pollsPath(params.street, params.community)}>
          {name() ? `← ${t("poll.titleOf", { community: name() })}` : t("poll.back")}
        </A>
      </nav>
      {/* Not PageQuery: the page must not be rebuilt when the figures refresh (a ballot being filled in, a receipt on screen). */}
      <Switch>
        <Match when={query.data}>
          {(p) => (
            <PollView poll={p} params={params} village={community.data?.kind === "village"} receipt={search.receipt} />
          )}
        </Match>
        <Match when={query.isPending}>
          <Loading />
        </Match>
        <Match when={isNotFound(query.error)}>
          <div class="state state-error" role="alert">
            <strong>{errorMessage(query.error)}</strong>
            <p>
              <A href={pollsPath(params.street, params.community)}>{t("poll.back")}</A>
            </p>
          </div>
        </Match>
        <Match when={query.isError}>
          <ErrorBox error={query.error} retry={() => query.refetch()} />
        </Match>
      </Switch>
    </div>
  );
}

function PollView(props: { poll: () => PublicPoll; params: Params; village: boolean; receipt?: string }) {
  const p = props.poll;
  const [hit, setHit] = createSignal<{ receipt: string; index: number } | null>(null);
  const closed = () => p().status === "closed";
  const openData = () =>
    `/api/open/v1/${props.params.street}/${props.params.community}/polls/${encodeURIComponent(p().id)}`;
  const remembered = () => receiptsFor(p().id);

  return (
    <article data-testid="poll" data-status={p().status} data-poll-id={p().id}>
      <h1>{p().title}</h1>
      <p class="head-badges">
        <span class="badge badge-info" data-testid="poll-kind">
          {kindLabel(p())}
        </span>{" "}
        <StatusBadge status={p().status} />{" "}
        <ResultBadge
          status={p().status}
          kind={p().kind}
          ballotType={p().ballotType}
          passed={p().tally?.passed ?? null}
          turnoutMet={p().tally?.turnoutMet ?? null}
        />
      </p>
      <p class="meta" data-testid="poll-window">
        {t("poll.window", { from: formatDateTime(p().opensAt), to: formatDateTime(p().closesAt) })}
      </p>

      <Show when={p().status === "cancelled"}>
        <p class="banner banner-bad" data-testid="poll-cancelled">
          {t("poll.cancelled", { reason: p().cancelReason ?? "" })}
        </p>
      </Show>

      <Show when={p().status === "open" || p().status === "scheduled" || p().status === "closed"}>
        <VotePanel poll={p} params={props.params} />
      </Show>

      <Switch>
        <Match when={closed() && p().tally}>
          {(tl) => (
            <section class="card" aria-labelledby="result-h" data-testid="poll-result">
              <h2 id="result-h">{t("poll.result.title")}</h2>
              <ResultView poll={p()} tally={tl() as Tally} />
            </section>
          )}
        </Match>
        <Match when={p().status === "open"}>
          <section class="card" aria-labelledby="live-h" data-testid="poll-figures">
            <h2 id="live-h">{t("poll.live.title")}</h2>
            <Show
              when={p().tally}
              fallback={
                <>
                  <dl class="mtgpub-figures poll-figures" aria-live="polite">
                    <div>
                      <dt>{t("poll.fig.eligible")}</dt>
                      <dd data-testid="poll-eligible">{p().eligibleCount ?? "—"}</dd>
                    </div>
                    <div>
                      <dt>{t("poll.fig.cast")}</dt>
                      <dd data-testid="poll-cast">{p().cast}</dd>
                    </div>
                    <div>
                      <dt>{t("poll.fig.turnout")}</dt>
                      <dd>{pct(p().cast, p().eligibleCount ?? 0)}</dd>
                    </div>
                  </dl>
                  <p class="meta">{t("poll.live.hidden")}</p>
                </>
              }
            >
              {(tl) => (
                <>
                  <ResultView poll={p()} tally={tl() as Tally} live />
                  <p class="meta">{t("poll.live.note")}</p>
                </>
              )}
            </Show>
          </section>
        </Match>
      </Switch>

      <Show when={p().descriptionHtml}>
        <section aria-labelledby="desc-h">
          <h2 id="desc-h">{t("poll.description")}</h2>
          <div class="markdown card notice-body" data-testid="poll-description" innerHTML={p().descriptionHtml} />
        </section>
      </Show>

      <RulesCard poll={p()} village={props.village} />

      <Show when={p().meetingItem}>
        {(item) => (
          <p class="card card-link" data-testid="poll-meeting">
            <span class="meta">{t("poll.meeting.hint")}</span>
            <A href={`/${props.params.street}/${props.params.community}/meetings/${item().meetingId}`}>
              {item().meetingTitle} · {item().title} →
            </A>
          </p>
        )}
      </Show>

      <Show when={p().status !== "cancelled" && p().status !== "scheduled"}>
        <section class="card" aria-labelledby="ballots-h" data-testid="poll-ballots">
          <h2 id="ballots-h">{t(closed() ? "poll.ballots.title" : "poll.ballots.titleOpen")}</h2>
          <p class="meta">{t(p().secret ? "poll.ballots.introSecret" : "poll.ballots.introOpen")}</p>
          <ReceiptSearch
            street={props.params.street}
            community={props.params.community}
            pollId={p().id}
            options={p().options}
            ballots={closed() ? p().ballots : null}
            remembered={remembered()}
            initial={props.receipt}
            onFound={(receipt, index) => setHit({ receipt, index })}
          />
          <Show when={closed()} fallback={<p class="muted">{t("poll.ballots.afterClose")}</p>}>
            <BallotTable ballots={p().ballots} options={p().options} secret={p().secret} highlight={hit()} />
          </Show>
        </section>
      </Show>

      <Show when={p().status !== "scheduled"}>
        <section class="card" aria-labelledby="verify-h" data-testid="poll-verify">
          <h2 id="verify-h">{t("poll.verify.title")}</h2>
          <ul class="list links">
            <li>
              <a href={openData()} rel="external" target="_blank" data-testid="poll-json">
                {t("poll.verify.json")}
              </a>
            </li>
            <Show when={closed()}>
              <li>
                <a
                  href={`${openData()}/ballots.csv`}
                  rel="external"
                  download={`${props.params.community}-poll-${p().id}-ballots.csv`}
                  data-testid="poll-csv"
                >
                  {t("poll.verify.csv")}
                </a>
              </li>
            </Show>
            <li>
              <A href={`/${props.params.street}/${props.params.community}/transparency`}>{t("poll.verify.log")}</A>
            </li>
          </ul>
          <Show when={closed() && p().resultHash}>
            <Hashes poll={p()} />
          </Show>
        </section>
      </Show>
    </article>
  );
}

/** The rules the poll was opened under, in plain words. */
function RulesCard(props: { poll: PublicPoll; village: boolean }) {
  const p = () => props.poll;
  const who = () => {
    const e = p().eligibility;
    if (e === "household_reps") return t("poll.who.household_reps");
    if (e === "meeting_attendees") return t("poll.who.meeting_attendees");
    return t(`poll.who.${e}.${props.village ? "village" : "urban"}` as Key);
  };
  const choose = () => {
    switch (p().ballotType) {
      case "multiple":
        return p().minChoices === p().maxChoices
          ? t("poll.choose.exactly", { k: p().maxChoices, n: p().options.length })
          : t("poll.choose.multiple", { min: p().minChoices, max: p().maxChoices, n: p().options.length });
      case "single":
        return t("poll.choose.single", { n: p().options.length });
      default:
        return t(`poll.choose.${p().ballotType}` as Key);
    }
  };
  const pass = () => {
    if (p().ballotType === "review") return t("poll.pass.review");
    if (p().kind === "consultation") return t("poll.pass.advisory");
    const rule = passRuleWords(p().passRule);
    if (p().ballotType === "yes_no") return t("poll.pass.yes_no", { rule });
    if (p().ballotType === "single") return t("poll.pass.single", { rule });
    return t("poll.pass.each", { rule });
  };
  const needed = () =>
    p().turnoutPct && p().eligibleCount !== null ? turnoutNeeded(p().turnoutPct, p().eligibleCount ?? 0) : null;
  return (
    <section class="card" aria-labelledby="rules-h" data-testid="poll-rules">
      <h2 id="rules-h">{t("poll.rules.title")}</h2>
      <dl class="kv">
        <dt>{t("poll.rules.who")}</dt>
        <dd data-testid="rule-who">{who()}</dd>
        <dt>{t("poll.rules.eligible")}</dt>
        <dd data-testid="poll-eligible-rule">
          {p().eligibleCount !== null
            ? t("poll.rules.eligibleFixed", { n: p().eligibleCount ?? 0 })
            : t("poll.rules.eligiblePending")}
        </dd>
        <dt>{t("poll.rules.secrecy")}</dt>
        <dd data-testid="rule-secret">{t(p().secret ? "poll.rules.secret" : "poll.rules.open")}</dd>
        <dt>{t("poll.rules.choose")}</dt>
        <dd>{choose()}</dd>
        <dt>{t("poll.rules.pass")}</dt>
        <dd data-testid="rule-pass">
          {pass()}
          <Show when={p().kind === "vote" && p().ballotType === "yes_no" && p().passRule !== "majority_eligible"}>
            <span class="meta"> {t("poll.pass.abstainCounts")}</span>
          </Show>
        </dd>
        <dt>{t("poll.rules.turnout")}</dt>
        <dd data-testid="rule-turnout">
          {p().turnoutPct
            ? t("poll.rules.turnoutPct", { p: p().turnoutPct ?? 0 }) +
              (needed() !== null ? t("poll.rules.turnoutN", { n: needed() ?? 0 }) : "")
            : t("poll.turnout.none")}
        </dd>
        <dt>{t("poll.rules.change")}</dt>
        <dd data-testid="rule-change">{t(p().allowChange ? "poll.rules.changeYes" : "poll.rules.changeNo")}</dd>
        <dt>{t("poll.rules.results")}</dt>
        <dd data-testid="rule-results">{t(p().hideResults ? "poll.rules.hidden" : "poll.rules.live")}</dd>
        <dt>{t("poll.rules.proxy")}</dt>
        <dd>{t("poll.rules.proxyText", { n: MAX_PROXIES })}</dd>
      </dl>
    </section>
  );
}

/** The result's hashes, and a recount on this device from the published ballots. */
function Hashes(props: { poll: PublicPoll }) {
  const p = () => props.poll;
  const ballotsHash = () => (p().tally as { ballotsHash?: string } | null)?.ballotsHash ?? "";
  const [check, setCheck] = createSignal<"" | "ok" | "bad" | "busy">("");
  const [copied, setCopied] = createSignal(false);
  let hashEl!: HTMLElement;
  const verify = async () => {
    setCheck("busy");
    try {
      const poll = p();
      const lines = [...poll.ballots]
        .sort((a, b) => (a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0))
        .map((b) => `${b.receipt},${b.choice}`)
        .join("\n");
      const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(lines));
      const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
      const again = recount(
        {
          kind: poll.kind,
          type: poll.ballotType,
          options: poll.options,
          passRule: poll.passRule,
          turnoutPct: poll.turnoutPct,
        },
        poll.ballots.map((b) => b.choice),
        poll.eligibleCount ?? 0,
      );
      const stored = poll.tally as Tally;
      const same =
        hex === ballotsHash() &&
        again.cast === stored.cast &&
        again.passed === stored.passed &&
        again.options.every((o, i) => o.count === stored.options[i]?.count && o.passed === stored.options[i]?.passed) &&
        again.members.every(
          (m, i) =>
            m.competent === stored.members[i]?.competent &&
            m.basic === stored.members[i]?.basic &&
            m.incompetent === stored.members[i]?.incompetent,
        );
      setCheck(same ? "ok" : "bad");
    } catch {
      setCheck("bad");
    }
  };
  return (
    <div class="poll-hashes">
      <dl class="kv">
        <dt>{t("poll.verify.resultHash")}</dt>
        <dd>
          <code class="mono" ref={hashEl} data-testid="poll-result-hash">
            {p().resultHash}
          </code>{" "}
          <button
            type="button"
            class="btn-link"
            onClick={async () => setCopied(await copyText(p().resultHash ?? "", hashEl))}
          >
            {copied() ? t("poll.receipt.copied") : t("poll.verify.copy")}
          </button>
        </dd>
        <Show when={ballotsHash()}>
          <dt>{t("poll.verify.ballotsHash")}</dt>
          <dd>
            <code class="mono" data-testid="poll-ballots-hash">
              {ballotsHash()}
            </code>
          </dd>
        </Show>
      </dl>
      <p class="meta">{t("poll.verify.recountNote")}</p>
      <div class="btn-row">
        <button type="button" class="btn" onClick={verify} disabled={check() === "busy"} data-testid="poll-recount">
          {t("poll.verify.recount")}
        </button>
      </div>
      <Show when={check() === "ok" || check() === "bad"}>
        <p
          class={`banner ${check() === "ok" ? "banner-ok" : "banner-bad"}`}
          role="status"
          data-testid="poll-recount-result"
          data-ok={String(check() === "ok")}
        >
          {t(check() === "ok" ? "poll.verify.recountOk" : "poll.verify.recountBad")}
        </p>
      </Show>
    </div>
  );
}

/**
 * The voter's corner: a login link for visitors; for a resident of this community their standing
 * (not eligible and why, voted, a proxy given), the ballot, 改票 where allowed, and one ballot per
 * written proxy they hold. Receipts of ballots just cast are shown here, once.
 */
function VotePanel(props: { poll: () => PublicPoll; params: Params }) {
  const p = props.poll;
  const me = useMe();
  const here = () => `/${props.params.street}/${props.params.community}/polls/${encodeURIComponent(props.params.id)}`;
  const isOwnResident = () =>
    me.data?.role === "resident" &&
    me.data.community?.slug === props.params.community &&
    me.data.street?.slug === props.params.street;
  const active = () => p().status === "open" || p().status === "scheduled";

  return (
    <Show when={!me.isPending} fallback={<Show when={active()}>{<Loading />}</Show>}>
      <Switch>
        <Match when={!me.data}>
          <Show when={active()}>
            <div class="card poll-login" data-testid="poll-login">
              <p>{t("poll.login.hint")}</p>
              <A href={`/login?next=${encodeURIComponent(here())}`} class="btn btn-primary btn-block mtgpub-big">
                {t("poll.login.link")}
              </A>
              <p class="meta">{t("poll.login.noAccount")}</p>
            </div>
          </Show>
        </Match>
        <Match when={me.data && me.data.role !== "resident"}>
          <Show when={active()}>
            <p class="banner banner-info" data-testid="poll-staff-note">
              {t("poll.staffNote")}
            </p>
          </Show>
        </Match>
        <Match when={!isOwnResident()}>
          <Show when={active()}>
            <p class="banner banner-warn" data-testid="poll-other-community">
              {t("poll.otherCommunity", { community: me.data?.community?.name ?? "" })}
            </p>
          </Show>
        </Match>
        <Match when={isOwnResident()}>
          <ResidentVote poll={p} params={props.params} />
        </Match>
      </Switch>
    </Show>
  );
}

function ResidentVote(props: { poll: () => PublicPoll; params: Params }) {
  const p = props.poll;
  const qc = useQueryClient();
  const mine = createQuery(() => ({ queryKey: ["polls.mine"], queryFn: () => api.polls.mine.query() }));
  const entry = createMemo<MyPoll | undefined>(() => mine.data?.find((m) => m.id === p().id));
  const [casts, setCasts] = createSignal<Cast[]>([]);
  const [changing, setChanging] = createSignal(false);
  const [proxyFor, setProxyFor] = createSignal<string | null>(null);
  const [proxyChanging, setProxyChanging] = createSignal<string | null>(null);
  const remembered = () => receiptsFor(p().id);
  const castSelf = () => casts().some((c) => !c.forName);
  const castFor = (name: string) => casts().some((c) => c.forName === name);

  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ["polls.mine"] }),
      qc.invalidateQueries({ queryKey: ["polls.get", props.params.street, props.params.community, props.params.id] }),
      qc.invalidateQueries({ queryKey: ["polls.list", props.params.street, props.params.community] }),
    ]);
  const onCast = (c: Cast) => {
    // A changed ballot's old receipt no longer counts: its box goes.
    setCasts((list) => [...list.filter((x) => !(c.changed && x.forName === c.forName)), c]);
    setChanging(false);
    setProxyFor(null);
    setProxyChanging(null);
    void refresh();
  };
  const onError = () => void refresh();

  const ballot = () => ({
    id: p().id,
    ballotType: p().ballotType,
    options: p().options,
    minChoices: p().minChoices,
    maxChoices: p().maxChoices,
    secret: p().secret,
  });
  const voted = () => castSelf() || !!entry()?.voted;
  const myReceipt = () => entry()?.receipt ?? null;
  const open = () => p().status === "open";

  return (
    <section class="poll-vote" aria-labelledby="vote-h" data-testid="poll-vote">
      <h2 id="vote-h" class="sr-only">
        {t("poll.vote.title")}
      </h2>
      <For each={casts()}>{(c) => <ReceiptBox cast={c} />}</For>

      <Show when={!mine.isPending} fallback={<Loading />}>
        <Show when={!mine.isError} fallback={<ErrorBox error={mine.error} retry={() => mine.refetch()} />}>
          <Switch>
            {/* Before it opens: who will be on the roll is known from the registry already. */}
            <Match when={p().status === "scheduled"}>
              <p class="banner banner-info" data-testid="poll-not-open">
                {t("poll.vote.notYet", { at: formatDateTime(p().opensAt) })}
              </p>
              <Show when={entry()?.ineligibleReason}>
                {(why) => (
                  <p class="banner banner-warn" data-testid="poll-ineligible" data-reason={why()}>
                    {whyNot(why())}
                  </p>
                )}
              </Show>
            </Match>

            <Match when={p().status === "closed"}>
              <Show when={entry()?.voted}>
                <p class="banner banner-ok" data-testid="poll-voted">
                  {t("poll.vote.tookPart")} <Show when={remembered().length > 0}>{t("poll.vote.findBelow")}</Show>
                </p>
              </Show>
            </Match>

            <Match when={open() && entry()?.gaveProxyTo && !entry()?.voted}>
              <p class="banner banner-info" data-testid="poll-proxy-given">
                {t("poll.vote.gaveProxy", { name: entry()?.gaveProxyTo ?? "" })}
              </p>
            </Match>

            <Match when={open() && entry() && !entry()!.eligible}>
              <p class="banner banner-warn" data-testid="poll-ineligible" data-reason={entry()?.ineligibleReason ?? ""}>
                {whyNot(entry()?.ineligibleReason ?? null)}
              </p>
            </Match>

            <Match when={open() && voted() && !changing()}>
              <div class="card poll-voted" data-testid="poll-voted">
                <p class="poll-voted-head">
                  <span aria-hidden="true">✓ </span>
                  <strong>{entry()?.votedVia === "proxy" ? t("poll.vote.votedByProxy") : t("poll.vote.voted")}</strong>
                </p>
                <Show
                  when={myReceipt() ?? (remembered().length === 1 ? remembered()[0] : null)}
                  fallback={
                    <Show when={remembered().length > 1}>
                      <p>
                        {t("poll.vote.phoneReceipts")}{" "}
                        <For each={remembered()}>
                          {(r) => (
                            <code class="mono poll-inline-code" data-testid="poll-voted-receipt">
                              {r}
                            </code>
                          )}
                        </For>
                      </p>
                    </Show>
                  }
                >
                  {(r) => (
                    <p>
                      {t("poll.vote.yourReceipt")}{" "}
                      <code class="mono poll-inline-code" data-testid="poll-voted-receipt">
                        {r()}
                      </code>
                    </p>
                  )}
                </Show>
                <Show when={!myReceipt() && remembered().length === 0 && p().secret}>
                  <p class="meta">{t("poll.vote.noReceiptHere")}</p>
                </Show>
                <Show when={p().allowChange && entry()?.votedVia !== "proxy"}>
                  <p class="meta">{t("poll.change.hint")}</p>
                  <button
                    type="button"
                    class="btn btn-block"
                    onClick={() => setChanging(true)}
                    data-testid="poll-change"
                  >
                    {t("poll.change.button")}
                  </button>
                </Show>
              </div>
            </Match>

            <Match when={open()}>
              <div class="card poll-ballot-card">
                <Show when={!entry()}>
                  <p class="meta">{t("poll.vote.unknownStanding")}</p>
                </Show>
                <BallotForm
                  poll={ballot()}
                  replacing={changing()}
                  knownReceipts={remembered()}
                  previousReceipt={myReceipt() ?? undefined}
                  onCast={onCast}
                  onError={onError}
                  onCancel={changing() ? () => setChanging(false) : undefined}
                />
              </div>
            </Match>
          </Switch>

          <Show when={open() && (entry()?.proxies.length ?? 0) > 0}>
            <section class="card poll-proxies" aria-labelledby="proxies-h" data-testid="poll-proxies">
              <h3 id="proxies-h">{t("poll.proxy.title")}</h3>
              <p class="meta">{t("poll.proxy.hint")}</p>
              <ul class="list">
                <For each={entry()?.proxies ?? []}>
                  {(g) => {
                    const done = () => g.voted || castFor(g.name);
                    return (
                      <li data-testid="poll-proxy" data-grantor-id={g.grantorId} data-voted={String(done())}>
                        <Switch>
                          <Match when={proxyFor() === g.grantorId || proxyChanging() === g.grantorId}>
                            <BallotForm
                              poll={ballot()}
                              onBehalf={{ id: g.grantorId, name: g.name }}
                              replacing={proxyChanging() === g.grantorId}
                              knownReceipts={remembered()}
                              onCast={onCast}
                              onError={onError}
                              onCancel={() => {
                                setProxyFor(null);
                                setProxyChanging(null);
                              }}
                            />
                          </Match>
                          <Match when={done()}>
                            <p>
                              <span class="badge badge-ok">✓ {t("poll.proxy.done", { name: g.name })}</span>
                            </p>
                            <Show when={p().allowChange}>
                              <button
                                type="button"
                                class="btn btn-small"
                                onClick={() => setProxyChanging(g.grantorId)}
                                data-testid="poll-proxy-change"
                              >
                                {t("poll.proxy.change", { name: g.name })}
                              </button>
                            </Show>
                          </Match>
                          <Match when={true}>
                            <button
                              type="button"
                              class="btn btn-block mtgpub-big"
                              onClick={() => setProxyFor(g.grantorId)}
                              data-testid="poll-proxy-vote"
                            >
                              {t("poll.proxy.voteFor", { name: g.name })}
                            </button>
                          </Match>
                        </Switch>
                      </li>
                    );
                  }}
                </For>
              </ul>
            </section>
          </Show>
          <p class="meta">
            <A href="/me/votes">{t("poll.vote.myVotes")} →</A>
          </p>
        </Show>
      </Show>
    </section>
  );
}
