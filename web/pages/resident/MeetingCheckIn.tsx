import { A, useParams } from "@solidjs/router";
import { createQuery } from "@tanstack/solid-query";
import { Match, Show, Switch, createSignal } from "solid-js";
import { Loading } from "../../components/States";
import { PageQuery } from "../../components/public/PageQuery";
import { useTitle } from "../../components/public/util";
import { registerStrings, t, type Key } from "../../i18n";
import { meetingsPublicStrings } from "../../i18n/meetings-public";
import { formatDateTime } from "../../lib/format";
import { useMe } from "../../lib/session";
import { api, errorMessage } from "../../lib/trpc";
import { StatusBadge, kindLabel, meetingPath, meetingQuery } from "../public/Meetings";

registerStrings(meetingsPublicStrings);

type Figures = { present: number; eligible: number; quorumNeeded: number | null; quorumMet: boolean };

/**
 * "/:street/:community/meetings/:id/check-in": the address in the meeting's QR code. A resident
 * on the roll taps 签到 and is counted; checking in twice counts once.
 */
export default function MeetingCheckIn() {
  const params = useParams<{ street: string; community: string; id: string }>();
  const me = useMe();
  useTitle(() => t("mtgpub.checkin.title"));
  const here = () => `${meetingPath(params.street, params.community, params.id)}/check-in`;

  return (
    <div class="narrow mtgpub-checkin">
      <Show when={!me.isPending} fallback={<Loading />}>
        <Switch>
          <Match when={!me.data}>
            <h1>{t("mtgpub.checkin.title")}</h1>
            <div class="card" data-testid="check-in-login">
              <p>{t("mtgpub.checkin.loginFirst")}</p>
              <A href={`/login?next=${encodeURIComponent(here())}`} class="btn btn-primary btn-block mtgpub-big">
                {t("mtgpub.checkin.login")}
              </A>
              <p class="meta">{t("mtgpub.checkin.noAccount")}</p>
            </div>
          </Match>
          <Match when={me.data && me.data.role !== "resident"}>
            <h1>{t("mtgpub.checkin.title")}</h1>
            <div class="card">
              <p>{t("mtgpub.checkin.staff")}</p>
              <A href={`/admin/meetings/${encodeURIComponent(params.id)}`} class="btn btn-primary">
                {t("mtgpub.checkin.toConsole")}
              </A>
            </div>
          </Match>
          <Match
            when={
              me.data &&
              (me.data.community?.slug !== params.community || me.data.street?.slug !== params.street) &&
              me.data
            }
          >
            {(user) => (
              <>
                <h1>{t("mtgpub.checkin.title")}</h1>
                <p class="banner banner-warn" role="alert">
                  {t("mtgpub.checkin.otherCommunity", { community: user().community?.name ?? "" })}
                </p>
              </>
            )}
          </Match>
          <Match when={me.data}>
            {(user) => (
              <CheckIn street={params.street} community={params.community} id={params.id} name={user().displayName} />
            )}
          </Match>
        </Switch>
      </Show>
    </div>
  );
}

function CheckIn(props: { street: string; community: string; id: string; name: string }) {
  const meeting = createQuery(() => meetingQuery(props.street, props.community, props.id));
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [done, setDone] = createSignal<Figures | null>(null);
  // Scanning again after checking in (or being checked in by staff or a proxy) says so at once.
  const mine = createQuery(() => ({
    queryKey: ["meetings.myAttendance", props.id],
    queryFn: () => api.meetings.myAttendance.query({ id: props.id }),
  }));
  const checkedIn = () => done() !== null || mine.data?.checkedIn === true;
  // After checking in, the figures stay fresh while the others arrive.
  const live = createQuery(() => ({
    queryKey: ["meetings.live", props.id],
    queryFn: () => api.meetings.live.query({ id: props.id }),
    enabled: checkedIn(),
    refetchInterval: 5_000,
    staleTime: 0,
  }));
  const figures = (): Figures | null => {
    const l = live.data;
    return l
      ? { present: l.present, eligible: l.eligible, quorumNeeded: l.quorumNeeded, quorumMet: l.quorumMet }
      : done();
  };

  const checkIn = async () => {
    if (busy()) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.meetings.checkIn.mutate({ meetingId: props.id });
      setDone(result);
      void live.refetch();
    } catch (err) {
      setError(errorMessage(err));
      // The meeting may have opened or closed since the page loaded.
      void meeting.refetch();
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageQuery query={meeting}>
      {(m) => {
        const over = () => m.status === "closed" || m.status === "cancelled" || live.data?.status === "closed";
        return (
          <>
            <p class="meta">{t("mtgpub.checkin.title")}</p>
            <h1 data-testid="check-in-title">{m.title}</h1>
            <p class="head-badges">
              <span class="badge badge-info">{kindLabel(m)}</span>
              <StatusBadge status={live.data?.status ?? m.status} />
            </p>
            <p class="meta">
              {formatDateTime(m.startsAt)} · {m.place}
            </p>

            <Show when={checkedIn()}>
              <div class="mtgpub-ok" role="status" data-testid="check-in-ok">
                <span class="mtgpub-ok-mark" aria-hidden="true">
                  ✓
                </span>
                <strong>{t("mtgpub.checkin.ok")}</strong>
                <span class="meta">
                  {done() || !mine.data?.at
                    ? t("mtgpub.checkin.okHint")
                    : t("mtgpub.checkin.already", {
                        at: formatDateTime(mine.data.at),
                        how: t(`mtgpub.checkin.method.${mine.data.method ?? "qr"}` as Key),
                      })}
                </span>
              </div>
            </Show>

            <Show when={figures()}>
              {(f) => (
                <section class="card" aria-labelledby="live-h" data-testid="check-in-figures">
                  <h2 id="live-h">{t("mtgpub.figures")}</h2>
                  <dl class="mtgpub-figures" aria-live="polite">
                    <div>
                      <dt>{t("mtgpub.present")}</dt>
                      <dd data-testid="live-present">{f().present}</dd>
                    </div>
                    <div>
                      <dt>{t("mtgpub.eligible")}</dt>
                      <dd data-testid="live-eligible">{f().eligible}</dd>
                    </div>
                    <div>
                      <dt>{t("mtgpub.quorum")}</dt>
                      <dd data-testid="live-quorum">{f().quorumNeeded ?? "—"}</dd>
                    </div>
                  </dl>
                  <Show when={f().quorumNeeded !== null && f().quorumNeeded! > 0}>
                    <p>
                      <span class={`badge ${f().quorumMet ? "badge-ok" : "badge-warn"}`} data-testid="live-quorum-met">
                        {t(f().quorumMet ? "mtgpub.quorumMet" : "mtgpub.quorumNotMet")}
                      </span>
                    </p>
                  </Show>
                  <p class="meta">{t("mtgpub.checkin.liveNote")}</p>
                </section>
              )}
            </Show>

            <Switch>
              <Match when={over() && !checkedIn()}>
                <p class="banner banner-info">
                  {t(m.status === "cancelled" ? "mtgpub.checkin.cancelledNote" : "mtgpub.checkin.over")}
                </p>
              </Match>
              <Match when={!over()}>
                <Show when={m.status === "announced" && !checkedIn()}>
                  <p class="banner banner-info">{t("mtgpub.checkin.notOpenYet")}</p>
                </Show>
                <p class="meta">{t("mtgpub.checkin.who", { name: props.name })}</p>
                <button
                  type="button"
                  class={`btn btn-block mtgpub-checkin-btn ${checkedIn() ? "" : "btn-primary"}`}
                  data-testid="check-in"
                  disabled={busy()}
                  onClick={checkIn}
                >
                  {busy() ? t("mtgpub.checkin.busy") : t("mtgpub.checkin.button")}
                </button>
              </Match>
            </Switch>
            <div role="alert" class="error mtgpub-error" data-testid="check-in-error">
              {error() ?? ""}
            </div>

            <p>
              <A href={meetingPath(props.street, props.community, props.id)}>{t("mtgpub.checkin.meetingPage")}</A>
            </p>
          </>
        );
      }}
    </PageQuery>
  );
}
