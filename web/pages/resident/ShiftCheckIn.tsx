import { A, useParams } from "@solidjs/router";
import { createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, Match, Show, Switch } from "solid-js";
import { hoursOf, servedMinutes } from "../../../shared/rules/volunteers";
import {
  checkInOpensAt,
  checkState,
  clock,
  dayTime,
  duration,
  kindLabel,
  Live,
  mineQuery,
  ResidentOnly,
  ShiftHead,
  useNow,
  type MyShift,
} from "../../components/volunteers/common";
import { useTitle } from "../../components/public/util";
import { t } from "../../i18n";
import { api, errorMessage } from "../../lib/trpc";

type Params = { street: string; community: string; id: string };

/**
 * "/:street/:community/shifts/:id/check-in": the address in a shift's QR code. A volunteer signed
 * up for the shift taps 签到 (from 30 minutes before the start), later 签退, and sees the minutes
 * served (capped by the shift's length).
 */
export default function ShiftCheckIn() {
  const params = useParams<Params>();
  useTitle(() => t("vol.checkin.title"));
  const here = () => `/${params.street}/${params.community}/shifts/${encodeURIComponent(params.id)}/check-in`;
  return (
    <div class="narrow vol-page vol-checkin">
      <ResidentOnly title={t("vol.checkin.title")} next={here()}>
        {(user) => (
          <Show
            when={user.community?.slug === params.community && user.street?.slug === params.street}
            fallback={
              <>
                <h1>{t("vol.checkin.title")}</h1>
                <p class="banner banner-warn" role="alert" data-testid="shift-other-community">
                  {t("vol.checkin.otherCommunity", { community: user.community?.name ?? "" })}
                </p>
              </>
            }
          >
            <CheckIn id={params.id} name={user.displayName} />
          </Show>
        )}
      </ResidentOnly>
    </div>
  );
}

function CheckIn(props: { id: string; name: string }) {
  const mine = createQuery(mineQuery);
  return (
    <Live query={mine}>
      {(m) => {
        const shift = () => m().shifts.find((s) => s.id === props.id);
        return (
          <Switch>
            <Match when={!m().volunteer}>
              <h1>{t("vol.checkin.title")}</h1>
              <div class="card" data-testid="shift-not-volunteer">
                <p>{t("vol.checkin.notVolunteer")}</p>
                <A href="/me/volunteer" class="btn btn-primary btn-block">
                  {t("vol.checkin.toRegister")}
                </A>
              </div>
            </Match>
            <Match when={!shift()}>
              <h1>{t("vol.checkin.title")}</h1>
              <div class="card" data-testid="shift-not-found">
                <p>{t("vol.checkin.notFound")}</p>
                <A href="/me/volunteer" class="btn btn-primary btn-block">
                  {t("vol.checkin.toMine")}
                </A>
              </div>
            </Match>
            <Match when={shift()}>
              {(s) => <ShiftPanel shift={s} name={props.name} onChange={() => mine.refetch()} />}
            </Match>
          </Switch>
        );
      }}
    </Live>
  );
}

function ShiftPanel(props: { shift: () => MyShift; name: string; onChange: () => unknown }) {
  const qc = useQueryClient();
  const s = props.shift;
  const now = useNow(10_000);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  // What this page just did, before the refetch arrives.
  const [checkedInAt, setCheckedInAt] = createSignal<number | null>(null);
  const [out, setOut] = createSignal<{ at: number; minutes: number } | null>(null);
  const signup = () => {
    const x = s().signup;
    if (!x) return null;
    return {
      checkInAt: x.checkInAt ?? checkedInAt(),
      checkOutAt: x.checkOutAt ?? out()?.at ?? null,
      minutes: x.minutes ?? out()?.minutes ?? null,
    };
  };
  const state = () => checkState(s(), signup(), now());
  const soFar = () => {
    const at = signup()?.checkInAt;
    return at ? servedMinutes(at, now(), s()) : 0;
  };
  const refresh = () =>
    Promise.all([
      props.onChange(),
      qc.invalidateQueries({ queryKey: ["volunteers.myRecord"] }),
      qc.invalidateQueries({ queryKey: ["volunteers.roster", s().id] }),
    ]);

  const act = async (what: "in" | "out") => {
    if (busy()) return;
    setBusy(true);
    setError("");
    try {
      if (what === "in") {
        const r = await api.volunteers.checkIn.mutate({ shiftId: s().id });
        setCheckedInAt(r.checkInAt);
      } else {
        const r = await api.volunteers.checkOut.mutate({ shiftId: s().id });
        setOut({ at: Date.now(), minutes: r.minutes });
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      void refresh();
    }
  };

  return (
    <article data-testid="shift-check-in" data-shift-id={s().id} data-state={state()}>
      <p class="meta">{t("vol.checkin.title")}</p>
      <h1 data-testid="shift-title">{s().task}</h1>
      <p class="head-badges">
        <span class="badge badge-info">{kindLabel(s().teamKind)}</span>
        <span class="meta">{s().teamName}</span>
      </p>
      <div class="card vol-checkin-shift">
        <ShiftHead shift={{ ...s(), teamName: undefined }} />
      </div>

      <Switch>
        <Match when={state() === "none"}>
          <div class="card" data-testid="shift-not-signed-up">
            <p>{t("vol.checkin.notSignedUp")}</p>
            <A href="/me/volunteer" class="btn btn-primary btn-block">
              {t("vol.checkin.toMine")}
            </A>
          </div>
        </Match>

        <Match when={state() === "done"}>
          <div class="mtgpub-ok" role="status" data-testid="shift-done">
            <span class="mtgpub-ok-mark" aria-hidden="true">
              ✓
            </span>
            <strong>{t("vol.checkin.doneTitle")}</strong>
            <span class="vol-minutes" data-testid="shift-minutes" data-minutes={String(signup()?.minutes ?? 0)}>
              {t("vol.checkin.served", { time: duration(signup()?.minutes ?? 0) })}
            </span>
            <span class="meta">
              {t("vol.checkin.times", {
                in: clock(signup()?.checkInAt),
                out: clock(signup()?.checkOutAt),
              })}
            </span>
            <span class="meta">{t("vol.checkin.cappedNote")}</span>
          </div>
        </Match>

        <Match when={state() === "in"}>
          <div class="mtgpub-ok" role="status" data-testid="shift-checked-in">
            <span class="mtgpub-ok-mark" aria-hidden="true">
              ✓
            </span>
            <strong>{t("vol.checkin.inTitle")}</strong>
            <span class="meta">{t("vol.checkin.inAt", { at: clock(signup()?.checkInAt) })}</span>
            <span class="vol-minutes" data-testid="shift-minutes" data-minutes={String(soFar())} aria-live="off">
              {t("vol.checkin.soFar", { time: duration(soFar()), hours: hoursOf(soFar()) })}
            </span>
          </div>
          <p class="meta">{t("vol.checkin.who", { name: props.name })}</p>
          <button
            type="button"
            class="btn btn-primary btn-block mtgpub-checkin-btn"
            disabled={busy()}
            onClick={() => act("out")}
            data-testid="shift-checkout"
          >
            {busy() ? t("vol.busy") : t("vol.checkin.outButton")}
          </button>
          <p class="meta">{t("vol.checkin.outHint", { end: clock(s().endsAt) })}</p>
        </Match>

        <Match when={state() === "missed"}>
          <p class="banner banner-info" data-testid="shift-closed">
            {t("vol.checkin.closed")}
          </p>
        </Match>

        <Match when={state() === "early" || state() === "open"}>
          <Show when={state() === "early"}>
            <p class="banner banner-info" data-testid="shift-too-early">
              {t("vol.checkin.early", { at: dayTime(checkInOpensAt(s())) })}
            </p>
          </Show>
          <p class="meta">{t("vol.checkin.who", { name: props.name })}</p>
          <button
            type="button"
            class={`btn btn-block mtgpub-checkin-btn ${state() === "open" ? "btn-primary" : ""}`}
            disabled={busy() || state() !== "open"}
            onClick={() => act("in")}
            data-testid="shift-checkin"
          >
            {busy() ? t("vol.busy") : t("vol.checkin.inButton")}
          </button>
          <p class="meta">{t("vol.checkin.window")}</p>
        </Match>
      </Switch>

      <div role="alert" class="vol-error mtgpub-error" data-testid="shift-error">
        {error()}
      </div>

      <p>
        <A href="/me/volunteer">{t("vol.checkin.toMine")} →</A>
      </p>
    </article>
  );
}
