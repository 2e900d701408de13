import "../../i18n/console";
import { A, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { createSignal, Match, onCleanup, onMount, Show, Switch } from "solid-js";
import { useTitle } from "../../components/public/util";
import { ErrorBox, Loading } from "../../components/States";
import { t } from "../../i18n";
import { useMe } from "../../lib/session";
import { api } from "../../lib/trpc";
import { CheckInQr, checkInUrl } from "./MeetingRun";

const VIEWERS = ["community_admin", "community_staff", "supervisor"];

/**
 * /meeting-live/:id — for the projector: the community, the meeting, huge 实到 / 应到 / 法定人数,
 * a bar, and the check-in QR code. No names. Staff and supervisors only.
 */
export default function MeetingLive() {
  const params = useParams<{ id: string }>();
  const me = useMe();
  return (
    <div class="mtg-live" data-testid="mtg-live">
      <Show when={!me.isPending} fallback={<Loading />}>
        <Switch>
          <Match when={me.isError}>
            <ErrorBox error={me.error} retry={() => me.refetch()} />
          </Match>
          <Match when={!me.data || !VIEWERS.includes(me.data.role) || !me.data.community}>
            <div class="card mtg-live-login">
              <p>{t("mtg.live.needLogin")}</p>
              <A href={`/login?next=${encodeURIComponent(`/meeting-live/${params.id}`)}`} class="btn btn-primary">
                {t("nav.login")}
              </A>
            </div>
          </Match>
          <Match when={me.data}>
            {(user) => (
              <LiveBoard
                id={params.id}
                communityName={user().community!.name}
                street={user().street?.slug ?? ""}
                community={user().community!.slug}
              />
            )}
          </Match>
        </Switch>
      </Show>
    </div>
  );
}

function LiveBoard(props: { id: string; communityName: string; street: string; community: string }) {
  const live = createQuery(() => ({
    queryKey: ["meetings.live", props.id],
    queryFn: () => api.meetings.live.query({ id: props.id }),
    refetchInterval: 2000,
    refetchIntervalInBackground: true,
  }));
  useTitle(() => (live.data ? `${t("mtg.live.title")}：${live.data.title}` : t("mtg.live.title")));
  const url = () => checkInUrl(props.street, props.community, props.id);
  const [full, setFull] = createSignal(false);
  const onFull = () => setFull(!!document.fullscreenElement);
  onMount(() => document.addEventListener("fullscreenchange", onFull));
  onCleanup(() => document.removeEventListener("fullscreenchange", onFull));
  const toggleFull = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  const pct = (n: number, of: number) => (of > 0 ? Math.min(100, (n / of) * 100) : 0);

  return (
    <Show when={!live.isPending} fallback={<Loading />}>
      <Show when={live.data} fallback={<ErrorBox error={live.error} retry={() => live.refetch()} />}>
        {(d) => {
          const needed = () => d().quorumNeeded;
          const met = () => d().quorumMet;
          const advisory = () => !needed();
          return (
            <div class="mtg-live-board" classList={{ "mtg-live-met": met(), "mtg-live-advisory": advisory() }}>
              <header class="mtg-live-head">
                <div>
                  <p class="mtg-live-community">{props.communityName}</p>
                  <h1 class="mtg-live-title">{d().title}</h1>
                </div>
                <div class="mtg-live-tools">
                  <button type="button" class="btn btn-small" onClick={toggleFull}>
                    {full() ? "✕" : t("mtg.live.fullscreen")}
                  </button>
                  <A href={`/admin/meetings/${props.id}`} class="btn btn-small">
                    {t("mtg.live.exit")}
                  </A>
                </div>
              </header>
              <Show when={d().status !== "open"}>
                <p class="mtg-live-state" role="status">
                  {d().status === "closed" ? t("mtg.live.closed") : t("mtg.live.notOpen")}
                </p>
              </Show>
              <div class="mtg-live-main">
                <div class="mtg-live-figs" aria-live="polite">
                  <div class="mtg-live-fig mtg-live-present">
                    <span class="mtg-live-label">{t("mtg.fig.present")}</span>
                    <strong class="mtg-live-num" data-testid="live-present">
                      {d().present}
                    </strong>
                  </div>
                  <div class="mtg-live-fig">
                    <span class="mtg-live-label">{t("mtg.fig.eligible")}</span>
                    <strong class="mtg-live-num" data-testid="live-eligible">
                      {d().eligible}
                    </strong>
                  </div>
                  <div class="mtg-live-fig">
                    <span class="mtg-live-label">{t("mtg.fig.needed")}</span>
                    <strong class="mtg-live-num" data-testid="live-needed">
                      {needed() ?? "—"}
                    </strong>
                  </div>
                </div>
                <div
                  class="mtg-live-bar"
                  role="img"
                  aria-label={t("mtg.live.bar", {
                    present: d().present,
                    eligible: d().eligible,
                    needed: needed() ?? 0,
                  })}
                >
                  <div class="mtg-live-bar-fill" style={{ width: `${pct(d().present, d().eligible)}%` }} />
                  <Show when={needed()}>
                    {(n) => <div class="mtg-live-bar-mark" style={{ left: `${pct(n(), d().eligible)}%` }} />}
                  </Show>
                </div>
                <p class="mtg-live-quorum" data-testid="live-quorum" data-met={met() ? "true" : "false"}>
                  <Show when={!advisory()} fallback={t("mtg.fig.noQuorum")}>
                    {met() ? t("mtg.fig.met") : t("mtg.fig.notMet")}
                    <Show when={!met()}>
                      {" · "}
                      {t("mtg.fig.short", { n: (needed() ?? 0) - d().present })}
                    </Show>
                  </Show>
                </p>
              </div>
              <Show when={d().status === "open"}>
                <figure class="mtg-live-qr">
                  <CheckInQr url={url()} class="mtg-live-qr-code" />
                  <figcaption>{t("mtg.live.scan")}</figcaption>
                </figure>
              </Show>
            </div>
          );
        }}
      </Show>
    </Show>
  );
}
