import { A } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { createMemo, For, Match, Show, Switch } from "solid-js";
import {
  kindLabel,
  pollPath,
  pollsPath,
  ResultBadge,
  StatusBadge,
  whyNot,
  type MyPoll,
} from "../../components/polls/common";
import { ErrorBox, Loading, QueryView } from "../../components/States";
import { useTitle } from "../../components/public/util";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { forgetReceipts, receiptBook } from "../../lib/receipts";
import { homeFor, useMe } from "../../lib/session";
import { api } from "../../lib/trpc";

/**
 * "/me/votes": the resident's votes — open ones first with 去投票, what they have cast, why they
 * may not vote in one, the proxies they hold, and the receipts this phone remembers.
 */
export default function Votes() {
  useTitle(() => t("poll.myVotes.title"));
  const me = useMe();
  return (
    <div class="narrow me-page poll-my">
      <Show when={!me.isPending} fallback={<Loading />}>
        <Switch>
          <Match when={me.isError}>
            <ErrorBox error={me.error} retry={() => me.refetch()} />
          </Match>
          <Match when={!me.data}>
            <h1>{t("poll.myVotes.title")}</h1>
            <div class="card" data-testid="votes-login">
              <p>{t("poll.myVotes.loginFirst")}</p>
              <A href={`/login?next=${encodeURIComponent("/me/votes")}`} class="btn btn-primary btn-block mtgpub-big">
                {t("poll.login.link")}
              </A>
            </div>
          </Match>
          <Match when={me.data && me.data.role !== "resident" && me.data}>
            {(user) => (
              <>
                <h1>{t("poll.myVotes.title")}</h1>
                <div class="card" data-testid="votes-not-resident">
                  <p>{t("poll.myVotes.notResident")}</p>
                  <A href={homeFor(user().role)} class="btn btn-primary">
                    {t("pub.login.toConsole")}
                  </A>
                </div>
              </>
            )}
          </Match>
          <Match when={me.data}>
            {(user) => <MyVotes street={user().street?.slug ?? ""} community={user().community?.slug ?? ""} />}
          </Match>
        </Switch>
      </Show>
    </div>
  );
}

function MyVotes(props: { street: string; community: string }) {
  const mine = createQuery(() => ({ queryKey: ["polls.mine"], queryFn: () => api.polls.mine.query() }));
  const path = (id: string) => pollPath(props.street, props.community, id);
  return (
    <>
      <p class="crumbs">
        <A href="/me">{t("poll.myVotes.back")}</A>
      </p>
      <h1>{t("poll.myVotes.title")}</h1>
      <QueryView query={mine}>
        {(list) => {
          const open = () => list.filter((p) => p.status === "open").sort((a, b) => a.closesAt - b.closesAt);
          const upcoming = () => list.filter((p) => p.status === "scheduled").sort((a, b) => a.opensAt - b.opensAt);
          const closed = () => list.filter((p) => p.status === "closed");
          return (
            <>
              <Show
                when={list.length > 0}
                fallback={
                  <div class="card" data-testid="votes-empty">
                    <p>{t("poll.myVotes.empty")}</p>
                  </div>
                }
              >
                <section aria-labelledby="my-open-h">
                  <h2 id="my-open-h">{t("poll.list.open")}</h2>
                  <Show when={open().length > 0} fallback={<p class="muted">{t("poll.list.noOpen")}</p>}>
                    <ul class="list card" data-testid="my-polls-open">
                      <For each={open()}>{(p) => <MyPollItem p={p} href={path(p.id)} />}</For>
                    </ul>
                  </Show>
                </section>
                <Show when={upcoming().length > 0}>
                  <section aria-labelledby="my-upcoming-h">
                    <h2 id="my-upcoming-h">{t("poll.list.upcoming")}</h2>
                    <ul class="list card" data-testid="my-polls-upcoming">
                      <For each={upcoming()}>{(p) => <MyPollItem p={p} href={path(p.id)} />}</For>
                    </ul>
                  </section>
                </Show>
                <Show when={closed().length > 0}>
                  <section aria-labelledby="my-closed-h">
                    <h2 id="my-closed-h">{t("poll.list.closed")}</h2>
                    <ul class="list card" data-testid="my-polls-closed">
                      <For each={closed()}>{(p) => <MyPollItem p={p} href={path(p.id)} />}</For>
                    </ul>
                  </section>
                </Show>
              </Show>
              <Receipts polls={list} path={path} />
              <p>
                <A href={pollsPath(props.street, props.community)}>{t("poll.myVotes.allPolls")} →</A>
              </p>
            </>
          );
        }}
      </QueryView>
    </>
  );
}

function MyPollItem(props: { p: MyPoll; href: string }) {
  const p = () => props.p;
  const open = () => p().status === "open";
  const canVote = () => open() && p().eligible && !p().voted && !p().gaveProxyTo;
  return (
    <li data-testid="my-poll" data-poll-id={p().id} data-status={p().status} data-voted={String(p().voted)}>
      <div class="mtgpub-row-head">
        <span class="badge badge-info">{kindLabel(p())}</span>
        <StatusBadge status={p().status} />
        <ResultBadge
          status={p().status}
          kind={p().kind}
          ballotType={p().ballotType}
          passed={p().passed}
          turnoutMet={null}
        />
      </div>
      <A href={props.href} class="notice-title">
        {p().title}
      </A>
      <p class="meta">
        {p().status === "scheduled"
          ? t("poll.myVotes.opens", { at: formatDateTime(p().opensAt) })
          : t(open() ? "poll.myVotes.closes" : "poll.myVotes.closed", { at: formatDateTime(p().closesAt) })}
      </p>
      <Switch>
        <Match when={canVote()}>
          <A href={props.href} class="btn btn-primary btn-block mtgpub-big" data-testid="my-poll-vote">
            {t("poll.myVotes.go")}
          </A>
        </Match>
        <Match when={p().voted}>
          <p data-testid="my-poll-voted">
            <span class="badge badge-ok">
              ✓ {t(p().votedVia === "proxy" ? "poll.vote.votedByProxy" : "poll.myVotes.voted")}
            </span>
            <Show when={p().receipt}>
              {(r) => (
                <>
                  {" "}
                  <span class="meta">{t("poll.vote.yourReceipt")}</span>{" "}
                  <code class="mono poll-inline-code">{r()}</code>
                </>
              )}
            </Show>
          </p>
          <Show when={open() && p().allowChange && p().votedVia !== "proxy"}>
            <A href={props.href} class="btn btn-small">
              {t("poll.change.button")}
            </A>
          </Show>
        </Match>
        <Match when={p().gaveProxyTo}>
          {(name) => <p class="meta">{t("poll.vote.gaveProxy", { name: name() })}</p>}
        </Match>
        <Match when={!p().eligible}>
          <p class="meta" data-testid="my-poll-ineligible">
            {whyNot(p().ineligibleReason)}
          </p>
        </Match>
        <Match when={p().status === "closed"}>
          <p class="meta">{t("poll.myVotes.didNotVote")}</p>
        </Match>
      </Switch>
      <Show when={p().proxies.length > 0}>
        <ul class="poll-my-proxies" data-testid="my-poll-proxies">
          <For each={p().proxies}>
            {(g) => (
              <li>
                <Show
                  when={g.voted}
                  fallback={
                    <Show
                      when={open()}
                      fallback={<span class="meta">{t("poll.proxy.notUsed", { name: g.name })}</span>}
                    >
                      <A href={props.href} class="btn btn-small" data-testid="my-poll-proxy-vote">
                        {t("poll.proxy.voteFor", { name: g.name })}
                      </A>
                    </Show>
                  }
                >
                  <span class="badge badge-ok">✓ {t("poll.proxy.done", { name: g.name })}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </li>
  );
}

/** Receipts remembered on this phone, each a link to look it up in the poll's published ballots. */
function Receipts(props: { polls: MyPoll[]; path: (id: string) => string }) {
  const entries = createMemo(() =>
    Object.entries(receiptBook())
      .filter(([, list]) => list.length > 0)
      .map(([id, list]) => ({ id, list, poll: props.polls.find((p) => p.id === id) })),
  );
  const clear = () => {
    if (confirm(t("poll.receipts.clearConfirm"))) forgetReceipts();
  };
  return (
    <section class="card" aria-labelledby="receipts-h" data-testid="my-receipts">
      <h2 id="receipts-h">{t("poll.receipts.title")}</h2>
      <p class="meta">{t("poll.receipts.hint")}</p>
      <Show when={entries().length > 0} fallback={<p class="muted">{t("poll.receipts.none")}</p>}>
        <ul class="list">
          <For each={entries()}>
            {(e) => (
              <li data-poll-id={e.id}>
                <Show when={e.poll} fallback={<span class="meta">{t("poll.receipts.otherPoll")}</span>}>
                  {(p) => <strong>{p().title}</strong>}
                </Show>
                <ul class="poll-receipt-list">
                  <For each={e.list}>
                    {(r) => (
                      <li>
                        <code class="mono poll-inline-code">{r}</code>{" "}
                        <Show when={e.poll}>
                          <A href={`${props.path(e.id)}?receipt=${encodeURIComponent(r)}`} data-testid="my-receipt">
                            {t("poll.receipts.check")}
                          </A>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </li>
            )}
          </For>
        </ul>
        <button type="button" class="btn btn-small" onClick={clear} data-testid="receipts-clear">
          {t("poll.receipts.clear")}
        </button>
      </Show>
    </section>
  );
}
