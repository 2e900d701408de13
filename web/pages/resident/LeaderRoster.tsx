import { A, useParams } from "@solidjs/router";
import { createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import QrCode from "../../components/public/QrCode";
import {
  checkInOpensAt,
  checkInPath,
  checkState,
  clock,
  ConfirmAction,
  dayTime,
  duration,
  kindLabel,
  Live,
  ResidentOnly,
  ShiftHead,
  useNow,
  type Roster,
} from "../../components/volunteers/common";
import { useTitle } from "../../components/public/util";
import { t, type Key } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { api, errorMessage } from "../../lib/trpc";

type Signup = Roster["signups"][number];

/**
 * "/me/lead/shifts/:shiftId": a shift's roster on the leader's phone — each volunteer with 签到 /
 * 签退, the times and minutes; the shift's QR code for volunteers to scan; cancelling the shift
 * with a reason.
 */
export default function LeaderRoster() {
  const params = useParams<{ shiftId: string }>();
  useTitle(() => t("vol.roster.title"));
  return (
    <div class="narrow me-page vol-page vol-lead">
      <ResidentOnly title={t("vol.roster.title")} next={`/me/lead/shifts/${params.shiftId}`}>
        {() => <RosterPage shiftId={params.shiftId} />}
      </ResidentOnly>
    </div>
  );
}

function RosterPage(props: { shiftId: string }) {
  const roster = createQuery(() => ({
    queryKey: ["volunteers.roster", props.shiftId],
    queryFn: () => api.volunteers.roster.query({ shiftId: props.shiftId }),
    retry: false,
    // Volunteers check themselves in by the QR code meanwhile.
    refetchInterval: 20_000,
  }));
  return (
    <Live
      query={roster}
      error={(err) => (
        <>
          <p class="crumbs">
            <A href="/me/volunteer">{t("vol.backVolunteer")}</A>
          </p>
          <h1>{t("vol.roster.title")}</h1>
          <div class="state state-error" role="alert" data-testid="lead-denied">
            <strong>{errorMessage(err)}</strong>
            <p>{t("vol.lead.denied")}</p>
          </div>
        </>
      )}
    >
      {(r) => <RosterView roster={r} refetch={() => roster.refetch()} />}
    </Live>
  );
}

function RosterView(props: { roster: () => Roster; refetch: () => unknown }) {
  const qc = useQueryClient();
  const r = props.roster;
  const shift = () => r().shift;
  const now = useNow(10_000);
  const [reason, setReason] = createSignal("");
  const cancelled = () => !!shift().cancelledAt;
  const started = () => shift().startsAt <= now();
  const windowOpen = () => now() >= checkInOpensAt(shift()) && now() < shift().endsAt;
  const checkedIn = () => r().signups.filter((s) => s.checkInAt).length;
  const url = () => location.origin + checkInPath(r().community.street, r().community.community, shift().id);
  const refresh = () => Promise.all([props.refetch(), qc.invalidateQueries({ queryKey: ["volunteers.mine"] })]);

  return (
    <article data-testid="lead-roster" data-shift-id={shift().id}>
      <p class="crumbs">
        <A href={`/me/lead/${encodeURIComponent(r().team.id)}`}>← {r().team.name}</A>
      </p>
      <p class="meta">{t("vol.roster.title")}</p>
      <h1>{shift().task}</h1>
      <p class="head-badges">
        <span class="badge badge-info">{kindLabel(r().team.kind)}</span>
        <Show when={cancelled()}>
          <span class="badge badge-bad">{t("vol.roster.cancelled")}</span>
        </Show>
      </p>
      <div class="card">
        <ShiftHead shift={shift()} />
      </div>
      <Show when={cancelled()}>
        <p class="banner banner-bad" data-testid="lead-shift-cancelled">
          {t("vol.roster.cancelledAt", { at: formatDateTime(shift().cancelledAt), reason: shift().cancelReason ?? "" })}
        </p>
      </Show>

      <dl class="mtgpub-figures vol-figures" aria-live="polite">
        <div>
          <dt>{t("vol.roster.signedUp")}</dt>
          <dd data-testid="lead-signed-up">
            {r().signups.length}
            <span class="vol-of">/{shift().capacity}</span>
          </dd>
        </div>
        <div>
          <dt>{t("vol.roster.checkedIn")}</dt>
          <dd data-testid="lead-checked-in">{checkedIn()}</dd>
        </div>
      </dl>

      <section class="card" aria-labelledby="roster-h">
        <h2 id="roster-h">{t("vol.roster.list")}</h2>
        <Show when={!cancelled() && !windowOpen() && now() < shift().endsAt}>
          <p class="meta">{t("vol.roster.opensAt", { at: dayTime(checkInOpensAt(shift())) })}</p>
        </Show>
        <Show when={r().signups.length > 0} fallback={<p class="muted">{t("vol.roster.none")}</p>}>
          <ul class="list vol-roster">
            <For each={r().signups}>
              {(s) => <RosterRow signup={s} shift={shift()} now={now} cancelled={cancelled()} onChange={refresh} />}
            </For>
          </ul>
        </Show>
        <p class="meta">{t("vol.roster.minutesNote")}</p>
      </section>

      <Show when={!cancelled()}>
        <details class="card vol-qr-card" data-testid="lead-qr">
          <summary>{t("vol.roster.qr")}</summary>
          <p class="meta">{t("vol.roster.qrHint")}</p>
          <figure class="print-qr vol-qr-big">
            <QrCode value={url()} label={t("vol.roster.qrLabel", { url: url() })} />
            <figcaption class="meta vol-qr-url">{url()}</figcaption>
          </figure>
        </details>
      </Show>

      <Show when={!cancelled() && !started()}>
        <section class="card" aria-labelledby="cancel-h">
          <h2 id="cancel-h">{t("vol.roster.cancelTitle")}</h2>
          <p class="meta">{t("vol.roster.cancelHint")}</p>
          <ConfirmAction
            label={t("vol.roster.cancel")}
            question={
              r().signups.length > 0 ? t("vol.roster.cancelQ", { n: r().signups.length }) : t("vol.roster.cancelQEmpty")
            }
            confirmLabel={t("vol.roster.cancelConfirm")}
            testid="lead-shift-cancel"
            class="btn-danger"
            canConfirm={reason().trim().length >= 2}
            onConfirm={async () => {
              await api.volunteers.shiftCancel.mutate({ shiftId: shift().id, reason: reason().trim() });
              await refresh();
            }}
          >
            <div class="field">
              <label for="cancel-reason">{t("vol.roster.reason")}</label>
              <textarea
                id="cancel-reason"
                class="short prose"
                maxLength={300}
                value={reason()}
                onInput={(e) => setReason(e.currentTarget.value)}
                data-testid="lead-cancel-reason"
              />
              <span class="hint">{t("vol.roster.reasonHint")}</span>
            </div>
          </ConfirmAction>
        </section>
      </Show>
    </article>
  );
}

const STATE_BADGE: Record<string, string> = {
  early: "badge-muted",
  open: "badge-warn",
  in: "badge-ok",
  done: "badge-ok",
  missed: "badge-bad",
};

function RosterRow(props: {
  signup: Signup;
  shift: Roster["shift"];
  now: () => number;
  cancelled: boolean;
  onChange: () => Promise<unknown>;
}) {
  const s = () => props.signup;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  const state = () => checkState(props.shift, s(), props.now());
  const counted = () => s().adjustedMinutes ?? s().minutes;
  const act = async (what: "in" | "out") => {
    if (busy()) return;
    setBusy(true);
    setError("");
    try {
      const input = { shiftId: props.shift.id, volunteerId: s().volunteerId };
      if (what === "in") await api.volunteers.leaderCheckIn.mutate(input);
      else await api.volunteers.leaderCheckOut.mutate(input);
      await props.onChange();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li
      class="vol-roster-row"
      data-testid="lead-roster-row"
      data-volunteer-id={s().volunteerId}
      data-state={state()}
      data-flag={s().flag ?? ""}
    >
      <div class="vol-roster-main">
        <div class="vol-roster-who">
          <strong>{s().name}</strong>
          <span class={`badge ${STATE_BADGE[state()] ?? "badge-muted"}`}>{t(`vol.stateBadge.${state()}` as Key)}</span>
          <Show when={s().flag}>
            <span class="badge badge-warn">{t(`vol.flag.${s().flag}` as Key)}</span>
          </Show>
        </div>
        <p class="meta vol-roster-times">
          {t("vol.roster.in")} <span class="vol-num">{s().checkInAt ? clock(s().checkInAt) : "—"}</span> ·{" "}
          {t("vol.roster.out")} <span class="vol-num">{s().checkOutAt ? clock(s().checkOutAt) : "—"}</span>
          <Show when={counted() !== null && counted() !== undefined}>
            {" · "}
            <strong data-testid="lead-minutes">{duration(counted())}</strong>
          </Show>
        </p>
        <Show when={s().adjustedMinutes !== null && s().adjustedMinutes !== undefined}>
          <p class="meta">{t("vol.record.reason", { reason: s().adjustReason ?? "" })}</p>
        </Show>
      </div>
      <Show when={!props.cancelled}>
        <Switch>
          <Match when={state() === "early" || state() === "open"}>
            <button
              type="button"
              class="btn btn-primary vol-roster-btn"
              disabled={busy() || state() !== "open"}
              aria-label={t("vol.roster.checkInWho", { name: s().name })}
              onClick={() => act("in")}
              data-testid="lead-checkin"
            >
              {busy() ? t("vol.busy") : t("vol.roster.checkIn")}
            </button>
          </Match>
          <Match when={state() === "in"}>
            <button
              type="button"
              class="btn vol-roster-btn"
              disabled={busy()}
              aria-label={t("vol.roster.checkOutWho", { name: s().name })}
              onClick={() => act("out")}
              data-testid="lead-checkout"
            >
              {busy() ? t("vol.busy") : t("vol.roster.checkOut")}
            </button>
          </Match>
        </Switch>
      </Show>
      <p class="vol-error" role="alert">
        {error()}
      </p>
    </li>
  );
}
