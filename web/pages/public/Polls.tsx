import { A, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { For, Show } from "solid-js";
import {
  kindLabel,
  pct,
  pollPath,
  ResultBadge,
  StatusBadge,
  type PollRow,
  type ReviewOutcome,
} from "../../components/polls/common";
import { Empty, ErrorBox, Loading } from "../../components/States";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery } from "../../components/public/queries";
import { localName, retryUnlessNotFound, useTitle } from "../../components/public/util";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { useMe } from "../../lib/session";
import { api } from "../../lib/trpc";

/** "/:street/:community/polls": open, upcoming and closed votes and consultations, and the review results. */
export default function Polls() {
  const params = useParams<{ street: string; community: string }>();
  const community = createQuery(() => communityQuery(params.street, params.community));
  const me = useMe();
  const list = createQuery(() => ({
    queryKey: ["polls.list", params.street, params.community],
    queryFn: () => api.polls.list.query({ street: params.street, community: params.community }),
    retry: retryUnlessNotFound,
  }));
  const reviews = createQuery(() => ({
    queryKey: ["polls.reviews", params.street, params.community],
    queryFn: () => api.polls.reviews.query({ street: params.street, community: params.community }),
    retry: retryUnlessNotFound,
  }));
  const base = () => `/${params.street}/${params.community}`;
  const name = () => (community.data ? localName(community.data) : "");
  const title = () => (name() ? t("poll.titleOf", { community: name() }) : t("poll.title"));
  useTitle(title);
  const isOwnResident = () =>
    me.data?.role === "resident" &&
    me.data.community?.slug === params.community &&
    me.data.street?.slug === params.street;

  return (
    <div class="mtgpub poll-list-page">
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={base()}>{name() ? `← ${name()}` : t("pub.backCommunity")}</A>
      </nav>
      <PageQuery query={list}>
        {(rows) => {
          const open = () => rows.filter((p) => p.status === "open").sort((a, b) => a.closesAt - b.closesAt);
          const upcoming = () => rows.filter((p) => p.status === "scheduled").sort((a, b) => a.opensAt - b.opensAt);
          const past = () => rows.filter((p) => p.status === "closed" || p.status === "cancelled");
          return (
            <>
              <h1>{title()}</h1>
              <p class="muted">{t("poll.intro")}</p>
              <Show
                when={isOwnResident()}
                fallback={
                  <Show when={!me.isPending && !me.data && open().length > 0}>
                    <p class="card meta" data-testid="polls-login-hint">
                      {t("poll.list.loginHint")}{" "}
                      <A href={`/login?next=${encodeURIComponent(`${base()}/polls`)}`}>{t("poll.login.link")}</A>
                    </p>
                  </Show>
                }
              >
                <A href="/me/votes" class="card card-link" data-testid="my-votes-link">
                  <strong>{t("poll.myVotes.title")} →</strong>
                  <span class="meta">{t("poll.myVotes.hint")}</span>
                </A>
              </Show>
              <Show
                when={rows.length > 0}
                fallback={
                  <div data-testid="polls-empty">
                    <Empty>
                      <strong>{t("poll.list.empty")}</strong>
                      <p class="meta">{t("poll.list.emptyHint")}</p>
                    </Empty>
                  </div>
                }
              >
                <Section
                  id="open"
                  title={t("poll.list.open")}
                  none={t("poll.list.noOpen")}
                  rows={open()}
                  street={params.street}
                  community={params.community}
                />
                <Show when={upcoming().length > 0}>
                  <Section
                    id="upcoming"
                    title={t("poll.list.upcoming")}
                    none=""
                    rows={upcoming()}
                    street={params.street}
                    community={params.community}
                  />
                </Show>
                <Section
                  id="closed"
                  title={t("poll.list.closed")}
                  none={t("poll.list.noClosed")}
                  rows={past()}
                  street={params.street}
                  community={params.community}
                />
              </Show>
            </>
          );
        }}
      </PageQuery>

      <section aria-labelledby="reviews-h" data-testid="reviews">
        <h2 id="reviews-h">{t("poll.reviews.title")}</h2>
        <p class="meta">{t("poll.reviews.intro")}</p>
        <Show when={!reviews.isPending} fallback={<Loading />}>
          <Show when={!reviews.isError} fallback={<ErrorBox error={reviews.error} retry={() => reviews.refetch()} />}>
            <Show
              when={(reviews.data ?? []).length > 0}
              fallback={
                <p class="muted" data-testid="reviews-empty">
                  {t("poll.reviews.empty")}
                </p>
              }
            >
              <For each={byYear(reviews.data ?? [])}>
                {(y) => <ReviewYear year={y.year} rows={y.rows} street={params.street} community={params.community} />}
              </For>
            </Show>
          </Show>
        </Show>
      </section>
    </div>
  );
}

function Section(props: {
  id: string;
  title: string;
  none: string;
  rows: PollRow[];
  street: string;
  community: string;
}) {
  return (
    <section aria-labelledby={`polls-${props.id}-h`}>
      <h2 id={`polls-${props.id}-h`}>{props.title}</h2>
      <Show when={props.rows.length > 0} fallback={<p class="muted">{props.none}</p>}>
        <ul class="list card mtgpub-list" data-testid={`polls-${props.id}`}>
          <For each={props.rows}>{(p) => <PollItem p={p} street={props.street} community={props.community} />}</For>
        </ul>
      </Show>
    </section>
  );
}

function PollItem(props: { p: PollRow; street: string; community: string }) {
  const p = () => props.p;
  const held = () => p().status === "open" || p().status === "closed";
  return (
    <li data-testid="poll-row" data-poll-id={p().id} data-status={p().status}>
      <div class="mtgpub-row-head">
        <span class="badge badge-info" data-testid="poll-kind">
          {kindLabel(p())}
        </span>
        <StatusBadge status={p().status} />
        <ResultBadge {...p()} />
      </div>
      <A href={pollPath(props.street, props.community, p().id)} class="notice-title poll-row-title">
        {p().title}
      </A>
      <div class="meta notice-row-meta">
        <span>{t("poll.window", { from: formatDateTime(p().opensAt), to: formatDateTime(p().closesAt) })}</span>
      </div>
      <div class="meta notice-row-meta">
        <Show
          when={held() && p().eligibleCount !== null}
          fallback={
            <Show when={p().status === "scheduled"}>
              <span>{t("poll.list.rollPending")}</span>
            </Show>
          }
        >
          <span data-testid="poll-row-eligible">{t("poll.list.eligible", { n: p().eligibleCount ?? 0 })}</span>
          <span data-testid="poll-row-turnout">
            {t("poll.list.turnout", { n: p().cast, pct: pct(p().cast, p().eligibleCount ?? 0) })}
          </span>
        </Show>
      </div>
    </li>
  );
}

function byYear(rows: ReviewOutcome[]) {
  const years = new Map<number, ReviewOutcome[]>();
  for (const r of rows) years.set(r.year, [...(years.get(r.year) ?? []), r]);
  return [...years.entries()].sort((a, b) => b[0] - a[0]).map(([year, list]) => ({ year, rows: list }));
}

function ReviewYear(props: { year: number; rows: ReviewOutcome[]; street: string; community: string }) {
  const pollIds = () => [...new Set(props.rows.map((r) => r.pollId))];
  return (
    <section class="card" aria-labelledby={`review-${props.year}-h`} data-testid="review-year" data-year={props.year}>
      <h3 id={`review-${props.year}-h`}>{t("poll.reviews.year", { year: props.year })}</h3>
      <ul class="list">
        <For each={props.rows}>
          {(r) => (
            <li
              data-testid="review-member"
              data-ends-post={String(r.endsPost)}
              data-incompetent-majority={String(r.incompetentMajority)}
            >
              <div class="mtgpub-row-head">
                <strong>{r.memberName}</strong>
                <Show when={r.post}>
                  <span class="meta">{r.post}</span>
                </Show>
                <Show when={r.incompetentMajority}>
                  <span class="badge badge-bad" data-testid="review-flag-majority">
                    {t("poll.review.majority")}
                  </span>
                </Show>
                <Show when={r.endsPost}>
                  <span class="badge badge-bad poll-ends-post" data-testid="review-flag-ends">
                    {t("poll.review.endsPost")}
                  </span>
                </Show>
              </div>
              <p class="poll-rating-counts">
                <span class="badge badge-ok" data-rating="competent">
                  {t("poll.rating.competent")} {r.competent}
                </span>
                <span class="badge badge-info" data-rating="basic">
                  {t("poll.rating.basic")} {r.basic}
                </span>
                <span class="badge badge-bad" data-rating="incompetent">
                  {t("poll.rating.incompetent")} {r.incompetent}
                </span>
                <span class="meta">{t("poll.reviews.cast", { n: r.ballotsCast })}</span>
              </p>
            </li>
          )}
        </For>
      </ul>
      <p class="card-more">
        <For each={pollIds()}>
          {(id) => <A href={pollPath(props.street, props.community, id)}>{t("poll.reviews.toPoll")} →</A>}
        </For>
      </p>
    </section>
  );
}
