import { A, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import type { inferRouterOutputs } from "@trpc/server";
import { For, Show } from "solid-js";
import type { AppRouter } from "../../../worker/router";
import { Empty } from "../../components/States";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery } from "../../components/public/queries";
import { localName, retryUnlessNotFound, useTitle } from "../../components/public/util";
import { registerStrings, t, type Key } from "../../i18n";
import { meetingsPublicStrings } from "../../i18n/meetings-public";
import { formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

registerStrings(meetingsPublicStrings);

type Outputs = inferRouterOutputs<AppRouter>;
export type MeetingRow = Outputs["meetings"]["list"][number];
export type PublicMeeting = Outputs["meetings"]["get"];
export type DecisionEntry = Outputs["decisions"]["list"][number];

// Shared by the meeting pages, the registry and the check-in page (they import this module).

export const meetingsPath = (street: string, community: string) => `/${street}/${community}/meetings`;
export const meetingPath = (street: string, community: string, id: string) =>
  `${meetingsPath(street, community)}/${encodeURIComponent(id)}`;
export const decisionsPath = (street: string, community: string) => `/${street}/${community}/decisions`;

export const meetingQuery = (street: string, community: string, id: string) => ({
  queryKey: ["meetings.get", street, community, id],
  queryFn: () => api.meetings.get.query({ street, community, id }),
  retry: retryUnlessNotFound,
});

/** 居民会议, 村民代表会议 …, or the consultation's own name (议事会/听证会/恳谈会). */
export const kindLabel = (m: { kind: string; subkind: string | null }) =>
  m.subkind ?? t(`mtgpub.kind.${m.kind}` as Key);

const STATUS_BADGE: Record<string, string> = {
  announced: "badge-info",
  open: "badge-warn",
  closed: "badge-muted",
  cancelled: "badge-bad",
  draft: "badge-muted",
};

export function StatusBadge(props: { status: string }) {
  return (
    <span class={`badge ${STATUS_BADGE[props.status] ?? "badge-muted"}`} data-status={props.status}>
      {t(`mtgpub.status.${props.status}` as Key)}
    </span>
  );
}

const DECISION_BADGE: Record<string, string> = {
  planned: "badge-info",
  in_progress: "badge-warn",
  done: "badge-ok",
  stalled: "badge-bad",
};

export function DecisionStatusBadge(props: { status: string }) {
  return (
    <span class={`badge ${DECISION_BADGE[props.status] ?? "badge-muted"}`} data-status={props.status}>
      {t(`mtgpub.dstatus.${props.status}` as Key)}
    </span>
  );
}

export function ProgressBar(props: { value: number }) {
  return (
    <span class="mtgpub-progress">
      <progress max={100} value={props.value} aria-label={t("mtgpub.progress", { n: props.value })} />
      <span class="meta">{props.value}%</span>
    </span>
  );
}

const isUpcoming = (m: MeetingRow) => m.status === "announced" || m.status === "open";

/** "/:street/:community/meetings": announced and held meetings, with attendance and links. */
export default function Meetings() {
  const params = useParams<{ street: string; community: string }>();
  const community = createQuery(() => communityQuery(params.street, params.community));
  const list = createQuery(() => ({
    queryKey: ["meetings.list", params.street, params.community],
    queryFn: () => api.meetings.list.query({ street: params.street, community: params.community }),
    retry: retryUnlessNotFound,
  }));
  const base = () => `/${params.street}/${params.community}`;
  const name = () => (community.data ? localName(community.data) : "");
  const title = () => (name() ? t("mtgpub.titleOf", { community: name() }) : t("mtgpub.title"));
  useTitle(title);

  return (
    <div class="mtgpub">
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={base()}>{name() ? `← ${name()}` : t("pub.backCommunity")}</A>
      </nav>
      <PageQuery query={list}>
        {(rows) => {
          // Soonest first for what is coming, newest first for what is done.
          const upcoming = () => rows.filter(isUpcoming).sort((a, b) => a.startsAt - b.startsAt);
          const past = () => rows.filter((m) => !isUpcoming(m));
          return (
            <>
              <h1>{title()}</h1>
              <p class="muted">{t("mtgpub.intro")}</p>
              <Show
                when={rows.length > 0}
                fallback={
                  <div data-testid="meetings-empty">
                    <Empty>
                      <strong>{t("mtgpub.empty")}</strong>
                      <p class="meta">{t("mtgpub.emptyHint")}</p>
                    </Empty>
                  </div>
                }
              >
                <section aria-labelledby="upcoming-h">
                  <h2 id="upcoming-h">{t("mtgpub.upcoming")}</h2>
                  <Show when={upcoming().length > 0} fallback={<p class="muted">{t("mtgpub.noUpcoming")}</p>}>
                    <ul class="list card mtgpub-list" data-testid="meetings-upcoming">
                      <For each={upcoming()}>
                        {(m) => <MeetingItem m={m} street={params.street} community={params.community} />}
                      </For>
                    </ul>
                  </Show>
                </section>
                <section aria-labelledby="past-h">
                  <h2 id="past-h">{t("mtgpub.past")}</h2>
                  <Show when={past().length > 0} fallback={<p class="muted">{t("mtgpub.noPast")}</p>}>
                    <ul class="list card mtgpub-list" data-testid="meetings-past">
                      <For each={past()}>
                        {(m) => <MeetingItem m={m} street={params.street} community={params.community} />}
                      </For>
                    </ul>
                  </Show>
                </section>
              </Show>
              <A
                href={decisionsPath(params.street, params.community)}
                class="card card-link"
                data-testid="decisions-link"
              >
                <strong>{t("mtgpub.decisionsLink")} →</strong>
                <span class="meta">{t("mtgpub.decisionsLinkHint")}</span>
              </A>
              <A href={`${base()}/petitions`} data-testid="petitions-link">
                {t("mtgpub.petitionsLink")} →
              </A>
            </>
          );
        }}
      </PageQuery>
    </div>
  );
}

function MeetingItem(props: { m: MeetingRow; street: string; community: string }) {
  const m = () => props.m;
  const held = () => (m().status === "open" || m().status === "closed") && (m().eligibleCount ?? 0) > 0;
  return (
    <li data-meeting-id={m().id}>
      <div class="mtgpub-row-head">
        <span class="meta">{kindLabel(m())}</span>
        <StatusBadge status={m().status} />
      </div>
      <A href={meetingPath(props.street, props.community, m().id)} class="notice-title">
        {m().title}
      </A>
      <div class="meta notice-row-meta">
        <time datetime={new Date(m().startsAt).toISOString()}>{formatDateTime(m().startsAt)}</time>
        <span>{t("mtgpub.place", { place: m().place })}</span>
        <Show when={held()}>
          <span class="mtgpub-attendance" data-testid="attendance">
            {t("mtgpub.attendance", { present: m().present, eligible: m().eligibleCount ?? 0 })}
          </span>
        </Show>
      </div>
    </li>
  );
}
