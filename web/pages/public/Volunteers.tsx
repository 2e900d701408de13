import { A, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { createSignal, For, Show } from "solid-js";
import { Empty } from "../../components/States";
import { PageQuery } from "../../components/public/PageQuery";
import { communityQuery } from "../../components/public/queries";
import { localName, retryUnlessNotFound, useTitle } from "../../components/public/util";
import {
  hours,
  kindLabel,
  Live,
  ShiftHead,
  TeamConditions,
  type OpenShift,
  type PublicTeam,
} from "../../components/volunteers/common";
import { t } from "../../i18n";
import { useMe } from "../../lib/session";
import { api } from "../../lib/trpc";

/**
 * "/:street/:community/volunteers": the community's volunteer teams and patrols in public — what
 * each does, how many serve and their hours; names only of volunteers who agreed, and masked;
 * upcoming shifts that still need people, with 我要报名.
 */
export default function Volunteers() {
  const params = useParams<{ street: string; community: string }>();
  const community = createQuery(() => communityQuery(params.street, params.community));
  const teams = createQuery(() => ({
    queryKey: ["volunteers.teams", params.street, params.community],
    queryFn: () => api.volunteers.teams.query({ street: params.street, community: params.community }),
    retry: retryUnlessNotFound,
  }));
  const shifts = createQuery(() => ({
    queryKey: ["volunteers.openShifts", params.street, params.community],
    queryFn: () => api.volunteers.openShifts.query({ street: params.street, community: params.community }),
    retry: retryUnlessNotFound,
  }));
  const me = useMe();
  const name = () => (community.data ? localName(community.data) : "");
  useTitle(() => (name() ? t("vol.pub.titleOf", { community: name() }) : t("vol.pub.title")));
  const base = () => `/${params.street}/${params.community}`;
  const openData = () => `/api/open/v1/${params.street}/${params.community}/volunteering`;
  const isOwnResident = () =>
    me.data?.role === "resident" &&
    me.data.community?.slug === params.community &&
    me.data.street?.slug === params.street;
  const joinHref = () => (isOwnResident() ? "/me/volunteer" : `/login?next=${encodeURIComponent("/me/volunteer")}`);

  return (
    <div class="vol-page vol-public">
      <nav class="crumbs" aria-label={t("pub.crumbs")}>
        <A href={base()}>{name() ? `← ${name()}` : t("vol.pub.back")}</A>
      </nav>
      <PageQuery query={teams}>
        {(list) => (
          <>
            <h1>{name() ? t("vol.pub.titleOf", { community: name() }) : t("vol.pub.title")}</h1>
            <p>{t("vol.pub.intro")}</p>
            <Summary teams={list} />

            <section aria-labelledby="vol-pub-teams-h">
              <h2 id="vol-pub-teams-h">{t("vol.pub.teams")}</h2>
              <Show when={list.length > 0} fallback={<Empty>{t("vol.pub.noTeams")}</Empty>}>
                <For each={list}>{(team) => <TeamCard team={team} />}</For>
              </Show>
            </section>

            <section aria-labelledby="vol-pub-shifts-h" data-testid="vol-public-shifts">
              <h2 id="vol-pub-shifts-h">{t("vol.pub.shifts")}</h2>
              <Live query={shifts}>
                {(s) => <ShiftList shifts={s()} joinHref={joinHref()} isResident={isOwnResident()} />}
              </Live>
            </section>

            <div class="card vol-join-card" data-testid="vol-public-join">
              <h2>{t("vol.pub.joinTitle")}</h2>
              <p>{t("vol.pub.joinHint")}</p>
              <A href={joinHref()} class="btn btn-primary btn-block mtgpub-big">
                {t(isOwnResident() ? "vol.pub.joinMine" : "vol.pub.joinLogin")}
              </A>
            </div>

            <section class="card" aria-labelledby="vol-pub-open-h">
              <h2 id="vol-pub-open-h">{t("pub.home.openness")}</h2>
              <p class="meta">{t("vol.pub.privacy")}</p>
              <ul class="list links">
                <li>
                  <a href={openData()} rel="external" target="_blank" data-testid="vol-open-data">
                    {t("vol.pub.openData")}
                  </a>
                </li>
                <li>
                  <A href={`${base()}/transparency`}>{t("pub.home.transparency")}</A>
                </li>
              </ul>
            </section>
          </>
        )}
      </PageQuery>
    </div>
  );
}

function Summary(props: { teams: PublicTeam[] }) {
  const members = () => props.teams.reduce((n, x) => n + x.members, 0);
  const month = () => props.teams.reduce((n, x) => n + x.minutesThisMonth, 0);
  const year = () => props.teams.reduce((n, x) => n + x.minutesThisYear, 0);
  return (
    <Show when={props.teams.length > 0}>
      <dl class="mtgpub-figures vol-figures vol-figures-3" data-testid="vol-public-summary">
        <div>
          <dt>{t("vol.pub.memberships")}</dt>
          <dd>{members()}</dd>
        </div>
        <div>
          <dt>{t("vol.pub.month")}</dt>
          <dd>{hours(month())}</dd>
        </div>
        <div>
          <dt>{t("vol.pub.year")}</dt>
          <dd>{hours(year())}</dd>
        </div>
      </dl>
      <p class="meta">{t("vol.pub.hoursUnit")}</p>
    </Show>
  );
}

function TeamCard(props: { team: PublicTeam }) {
  const team = () => props.team;
  return (
    <article class="card vol-team-card" data-testid="vol-public-team" data-team-id={team().id}>
      <div class="mtgpub-row-head">
        <h3 class="vol-team-name">{team().name}</h3>
        <span class="badge badge-info">{kindLabel(team().kind)}</span>
      </div>
      <Show when={team().description}>
        <p class="pre-line">{team().description}</p>
      </Show>
      <TeamConditions team={team()} />
      <dl class="vol-team-figures">
        <div>
          <dt>{t("vol.pub.members")}</dt>
          <dd data-testid="vol-public-members">{t("vol.pub.people", { n: team().members })}</dd>
        </div>
        <div>
          <dt>{t("vol.pub.month")}</dt>
          <dd>{t("vol.hours", { h: hours(team().minutesThisMonth) })}</dd>
        </div>
        <div>
          <dt>{t("vol.pub.year")}</dt>
          <dd>{t("vol.hours", { h: hours(team().minutesThisYear) })}</dd>
        </div>
      </dl>
      <Show when={team().names.length > 0}>
        <p class="vol-names" data-testid="vol-public-names">
          <span class="meta">{t("vol.pub.names")}</span> {team().names.join("、")}
          <Show when={team().names.length < team().members}>
            <span class="meta"> {t("vol.pub.namesMore", { n: team().members - team().names.length })}</span>
          </Show>
        </p>
      </Show>
    </article>
  );
}

const FIRST_SHIFTS = 6;

function ShiftList(props: { shifts: OpenShift[]; joinHref: string; isResident: boolean }) {
  const [all, setAll] = createSignal(false);
  const needing = () => props.shifts.filter((s) => s.signedUp < s.capacity);
  const shown = () => (all() ? needing() : needing().slice(0, FIRST_SHIFTS));
  const full = () => props.shifts.length - needing().length;
  return (
    <Show when={needing().length > 0} fallback={<Empty>{t("vol.pub.noShifts")}</Empty>}>
      <ul class="list card vol-shifts">
        <For each={shown()}>
          {(s) => (
            <li class="vol-shift" data-testid="vol-public-shift" data-shift-id={s.id}>
              <ShiftHead shift={s} />
              <p class="vol-places">
                <span class="badge badge-warn">{t("vol.places.need", { n: s.capacity - s.signedUp })}</span>{" "}
                <span class="meta">{t("vol.places.of", { n: s.signedUp, cap: s.capacity })}</span>
              </p>
              <A href={props.joinHref} class="btn btn-block" data-testid="vol-public-signup">
                {t("vol.pub.signup")}
              </A>
            </li>
          )}
        </For>
      </ul>
      <Show when={!all() && needing().length > FIRST_SHIFTS}>
        <button type="button" class="btn btn-block" onClick={() => setAll(true)} data-testid="vol-public-more">
          {t("vol.pub.more", { n: needing().length })}
        </button>
      </Show>
      <Show when={full() > 0}>
        <p class="meta">{t("vol.pub.fullCount", { n: full() })}</p>
      </Show>
      <p class="meta">{t(props.isResident ? "vol.pub.signupHintMine" : "vol.pub.signupHint")}</p>
    </Show>
  );
}
