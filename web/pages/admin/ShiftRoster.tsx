import "../../styles/volunteers-console.css";
import { A, useParams } from "@solidjs/router";
import { createMutation, createQuery, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, onCleanup, Show } from "solid-js";
import { Dialog } from "../../components/console/Dialog";
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
import QrCode from "../../components/public/QrCode";
import { ErrorBox, Loading } from "../../components/States";
import {
  AdjustDialog,
  bjDate,
  clockOn,
  CountedMinutes,
  FlagBadge,
  minutesText,
  PhaseBadge,
  shiftPhase,
  shiftWhen,
  teamKindLabel,
  useNow,
  VolunteerSubNav,
  type AdjustTarget,
} from "../../components/volunteers/VolunteerConsoleBits";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

type Roster = Awaited<ReturnType<typeof api.volunteers.roster.query>>;
type Signup = Roster["signups"][number];

/** The page a volunteer's phone opens from the QR code. */
export const shiftCheckInUrl = (street: string, community: string, id: string) =>
  `${location.origin}/${street}/${community}/shifts/${id}/check-in`;

/** /admin/volunteers/shifts/:id: a shift's details, its check-in QR code and the roster for the day. */
export default function ShiftRoster() {
  const params = useParams<{ id: string }>();
  const user = useConsoleUser();
  const now = useNow();
  const query = createQuery(() => ({
    queryKey: ["volunteers.roster", params.id],
    queryFn: () => api.volunteers.roster.query({ shiftId: params.id }),
    // The roster is for staff and the team's leader (supervisors read the calendar only).
    enabled: isWriter(user().role),
    // During the check-in window volunteers scan in by themselves: keep the roster fresh.
    refetchInterval: (q: { state: { data?: Roster } }) =>
      q.state.data && shiftPhase(q.state.data.shift, Date.now()) === "checkIn" ? 15_000 : false,
  }));
  return (
    <div class="console-page volc-page volc-roster-page">
      <VolunteerSubNav />
      <p class="back-link no-print">
        <A
          href={
            query.data
              ? `/admin/volunteers/calendar?date=${bjDate(query.data.shift.startsAt)}`
              : "/admin/volunteers/calendar"
          }
        >
          ← {t("volc.roster.back")}
        </A>
      </p>
      <Show
        when={isWriter(user().role)}
        fallback={
          <p class="banner banner-info" data-testid="roster-staff-only">
            {t("volc.roster.staffOnly")}
          </p>
        }
      >
        <Show when={!query.isPending} fallback={<Loading />}>
          <Show when={query.data} fallback={<ErrorBox error={query.error} retry={() => query.refetch()} />}>
            {(r) => <RosterView r={r()} now={now()} />}
          </Show>
        </Show>
      </Show>
    </div>
  );
}

function RosterView(props: { r: Roster; now: number }) {
  const user = useConsoleUser();
  const staff = () => isWriter(user().role);
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [done, setDone] = createSignal<Note | null>(null);
  const [adjusting, setAdjusting] = createSignal<AdjustTarget | null>(null);
  const [cancelling, setCancelling] = createSignal(false);
  const shift = () => props.r.shift;
  const phase = () => shiftPhase(shift(), props.now);
  const started = () => props.now >= shift().startsAt;
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ["volunteers.roster", shift().id] }),
      qc.invalidateQueries({ queryKey: ["volunteers.calendar"] }),
    ]);
  const checkIn = createMutation(() => ({
    mutationFn: (s: Signup) => api.volunteers.leaderCheckIn.mutate({ shiftId: shift().id, volunteerId: s.volunteerId }),
    onMutate: () => {
      errors.clear();
      setDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (_r, s) => {
      setDone(note("volc.roster.checkedIn", { name: s.name }));
      await refresh();
    },
  }));
  const checkOut = createMutation(() => ({
    mutationFn: (s: Signup) =>
      api.volunteers.leaderCheckOut.mutate({ shiftId: shift().id, volunteerId: s.volunteerId }),
    onMutate: () => {
      errors.clear();
      setDone(null);
    },
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (r, s) => {
      setDone(note("volc.roster.checkedOut", { name: s.name, m: minutesText(r.minutes) }));
      await refresh();
    },
  }));
  const busy = () => checkIn.isPending || checkOut.isPending;
  const url = () => shiftCheckInUrl(props.r.community.street, props.r.community.community, shift().id);
  const checkedIn = () => props.r.signups.filter((s) => s.checkInAt).length;
  const showQr = () => phase() === "upcoming" || phase() === "checkIn";
  const print = () => {
    document.documentElement.classList.add("volc-printing-qr");
    const off = () => {
      document.documentElement.classList.remove("volc-printing-qr");
      window.removeEventListener("afterprint", off);
    };
    window.addEventListener("afterprint", off);
    window.print();
  };
  onCleanup(() => document.documentElement.classList.remove("volc-printing-qr"));

  return (
    <>
      <h1 class="volc-h1" data-testid="shift-title">
        {shift().task}
      </h1>
      <div class="head-badges">
        <PhaseBadge phase={phase()} />
        <span class="badge badge-muted">
          {props.r.team.name} · {teamKindLabel(props.r.team.kind)}
        </span>
        <Show when={shift().seriesId}>
          <span class="badge badge-muted">{t("volc.roster.series")}</span>
        </Show>
        <Show when={shift().settledAt}>
          <span class="badge badge-ok" data-testid="shift-settled">
            {t("volc.roster.settled")}
          </span>
        </Show>
      </div>
      <SuccessNote note={done()} />
      <Show when={shift().cancelledAt}>
        <div class="banner banner-bad" data-testid="shift-cancelled">
          {t("volc.roster.cancelledAt", { date: formatDateTime(shift().cancelledAt) })}
          <Show when={shift().cancelReason}>{(reason) => <>：{reason()}</>}</Show>
        </div>
      </Show>

      <section class="card no-print" aria-labelledby="volc-shift-h" data-testid="shift-details">
        <h2 id="volc-shift-h" class="sr-only">
          {t("volc.roster.details")}
        </h2>
        <dl class="profile-dl">
          <dt>{t("volc.roster.when")}</dt>
          <dd data-testid="shift-when">
            {shiftWhen(shift().startsAt, shift().endsAt)}
            <span class="meta"> · {minutesText((shift().endsAt - shift().startsAt) / 60_000)}</span>
          </dd>
          <dt>{t("volc.roster.place")}</dt>
          <dd>
            {shift().place || <span class="muted">—</span>}
            <Show when={props.r.gridName}> · {props.r.gridName}</Show>
          </dd>
          <dt>{t("volc.roster.places")}</dt>
          <dd data-testid="shift-places">
            {t("volc.roster.placesLine", { n: props.r.signups.length, cap: shift().capacity })}
            <Show when={props.r.signups.length < shift().capacity && !shift().cancelledAt}>
              {" "}
              <span class="badge badge-warn">
                {t("volc.cal.shortBy", { n: shift().capacity - props.r.signups.length })}
              </span>
            </Show>
          </dd>
          <Show when={shift().notes}>
            <dt>{t("volc.roster.notes")}</dt>
            <dd class="pre-line">{shift().notes}</dd>
          </Show>
        </dl>
        <Show when={staff() && !shift().cancelledAt && !started()}>
          <div class="btn-row">
            <button type="button" class="btn btn-danger" data-testid="shift-cancel" onClick={() => setCancelling(true)}>
              {t("volc.roster.cancel")}
            </button>
          </div>
        </Show>
      </section>

      <div class="grid volc-roster-grid" classList={{ "volc-with-qr": showQr() }}>
        <section class="card no-print" aria-labelledby="volc-roster-h" data-testid="roster">
          <div class="page-head">
            <h2 id="volc-roster-h">{t("volc.roster.title")}</h2>
            <span class="meta" aria-live="polite" data-testid="roster-counts">
              {t("volc.roster.counts", { in: checkedIn(), n: props.r.signups.length })}
            </span>
          </div>
          <Show when={phase() === "upcoming"}>
            <p class="hint">{t("volc.roster.notOpen", { at: formatDateTime(shift().startsAt - 30 * 60_000) })}</p>
          </Show>
          <Show when={phase() === "checkIn"}>
            <p class="hint">{t("volc.roster.openNote")}</p>
          </Show>
          <Show when={phase() === "ended" && !shift().settledAt}>
            <p class="hint">{t("volc.roster.endedNote")}</p>
          </Show>
          <FormAlert errors={errors} />
          <Show when={props.r.signups.length} fallback={<p class="muted">{t("volc.roster.empty")}</p>}>
            <div class="table-wrap">
              <table class="table table-stack volc-table" data-testid="roster-list">
                <thead>
                  <tr>
                    <th scope="col">{t("volc.roster.col.name")}</th>
                    <th scope="col">{t("volc.roster.col.in")}</th>
                    <th scope="col">{t("volc.roster.col.out")}</th>
                    <th scope="col">{t("volc.roster.col.minutes")}</th>
                    <th scope="col">
                      <span class="sr-only">{t("volc.col.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={props.r.signups}>
                    {(s) => (
                      <tr
                        data-testid="roster-row"
                        data-volunteer-id={s.volunteerId}
                        data-state={s.checkOutAt ? "out" : s.checkInAt ? "in" : "none"}
                        data-flag={s.flag ?? "none"}
                      >
                        <td data-label={t("volc.roster.col.name")}>
                          <Show when={staff()} fallback={<strong>{s.name}</strong>}>
                            <A href={`/admin/volunteers/people/${s.volunteerId}`} class="volc-name">
                              {s.name}
                            </A>
                          </Show>
                          <div class="meta">{t("volc.roster.signedUp", { at: formatDateTime(s.signedUpAt) })}</div>
                        </td>
                        <td data-label={t("volc.roster.col.in")} class="nowrap">
                          {clockOn(s.checkInAt, shift().startsAt)}
                        </td>
                        <td data-label={t("volc.roster.col.out")} class="nowrap">
                          {clockOn(s.checkOutAt, shift().startsAt)}
                        </td>
                        <td data-label={t("volc.roster.col.minutes")}>
                          <CountedMinutes
                            minutes={s.minutes}
                            adjustedMinutes={s.adjustedMinutes}
                            adjustReason={s.adjustReason}
                          />{" "}
                          <FlagBadge flag={s.flag} />
                        </td>
                        <td class="volc-actions-cell">
                          <div class="row-actions volc-row-actions">
                            <Show when={!s.checkInAt && phase() === "checkIn"}>
                              <button
                                type="button"
                                class="btn btn-small btn-primary"
                                data-testid="roster-checkin"
                                disabled={busy()}
                                aria-label={t("volc.roster.checkInName", { name: s.name })}
                                onClick={() => checkIn.mutate(s)}
                              >
                                {t("volc.roster.checkIn")}
                              </button>
                            </Show>
                            <Show when={s.checkInAt && !s.checkOutAt}>
                              <button
                                type="button"
                                class="btn btn-small"
                                data-testid="roster-checkout"
                                disabled={busy()}
                                aria-label={t("volc.roster.checkOutName", { name: s.name })}
                                onClick={() => checkOut.mutate(s)}
                              >
                                {t("volc.roster.checkOut")}
                              </button>
                            </Show>
                            <Show when={staff() && phase() === "ended"}>
                              <button
                                type="button"
                                class="btn btn-small"
                                data-testid="roster-adjust"
                                aria-label={t("volc.roster.adjustName", { name: s.name })}
                                onClick={() => {
                                  setDone(null);
                                  setAdjusting({
                                    signupId: s.id,
                                    name: s.name,
                                    task: shift().task,
                                    startsAt: shift().startsAt,
                                    endsAt: shift().endsAt,
                                    minutes: s.minutes,
                                    adjustedMinutes: s.adjustedMinutes,
                                    adjustReason: s.adjustReason,
                                  });
                                }}
                              >
                                {t("volc.adj.button")}
                              </button>
                            </Show>
                          </div>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        </section>

        <Show when={showQr()}>
          <section class="card volc-qr-card" aria-labelledby="volc-qr-h" data-testid="shift-qr">
            <h2 id="volc-qr-h" class="no-print">
              {t("volc.qr.title")}
            </h2>
            <div class="volc-qr-print-head">
              <p class="volc-qr-print-title">{shift().task}</p>
              <p>
                {props.r.team.name} · {shiftWhen(shift().startsAt, shift().endsAt)}
                <Show when={shift().place}> · {shift().place}</Show>
              </p>
            </div>
            <p class="hint no-print">{t("volc.qr.hint")}</p>
            <p class="volc-qr-print-head">{t("volc.qr.printHint")}</p>
            <QrCode value={url()} label={t("volc.qr.label", { url: url() })} class="volc-qr" />
            <p class="mono meta volc-qr-url" data-testid="shift-checkin-url">
              {url()}
            </p>
            <button type="button" class="btn no-print" data-testid="shift-qr-print" onClick={print}>
              {t("volc.qr.print")}
            </button>
          </section>
        </Show>
      </div>

      <Show when={adjusting()} keyed>
        {(target) => (
          <AdjustDialog
            target={target}
            onClose={() => setAdjusting(null)}
            onDone={(m) => {
              setAdjusting(null);
              setDone(note("volc.adj.done", { name: target.name, m: minutesText(m) }));
            }}
          />
        )}
      </Show>
      <Show when={cancelling()}>
        <CancelDialog
          r={props.r}
          onClose={() => setCancelling(false)}
          onDone={async () => {
            setCancelling(false);
            setDone(note("volc.roster.cancelled"));
            await refresh();
          }}
        />
      </Show>
    </>
  );
}

/** Cancel a shift before it starts, with a reason those signed up will see. */
function CancelDialog(props: { r: Roster; onClose: () => void; onDone: () => void }) {
  const errors = createFormErrors();
  const [reason, setReason] = createSignal("");
  const cancel = createMutation(() => ({
    mutationFn: () => api.volunteers.shiftCancel.mutate({ shiftId: props.r.shift.id, reason: reason().trim() }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: () => props.onDone(),
  }));
  let keep!: HTMLButtonElement;
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (reason().trim().length < 2) return errors.setFields({ reason: t("volc.roster.reasonShort") });
    cancel.mutate();
  };
  return (
    <Dialog title={t("volc.roster.cancelTitle")} onClose={props.onClose} initialFocus={() => keep}>
      <form class="form" novalidate onSubmit={submit} data-testid="shift-cancel-form">
        <div class="dialog-message">
          <p>
            {t("volc.roster.cancelMsg", {
              task: props.r.shift.task,
              when: shiftWhen(props.r.shift.startsAt, props.r.shift.endsAt),
            })}
          </p>
          <Show when={props.r.signups.length}>
            <p>
              <strong>{t("volc.roster.cancelSigned", { n: props.r.signups.length })}</strong>
            </p>
          </Show>
          <Show when={props.r.shift.seriesId}>
            <p class="hint">{t("volc.roster.cancelSeries")}</p>
          </Show>
        </div>
        <FormAlert errors={errors} />
        <Field
          id="volc-cancel-reason"
          label={t("volc.roster.reason")}
          hint={t("volc.roster.reasonHint")}
          error={errors.field("reason")}
        >
          <textarea
            id="volc-cancel-reason"
            name="reason"
            class="short prose"
            maxLength={300}
            data-testid="shift-cancel-reason"
            value={reason()}
            onInput={(e) => setReason(e.currentTarget.value)}
            {...fieldAria("volc-cancel-reason", errors.field("reason"), true)}
          />
        </Field>
        <div class="btn-row dialog-actions">
          <button ref={keep} type="button" class="btn" onClick={() => props.onClose()}>
            {t("volc.roster.keep")}
          </button>
          <button
            type="submit"
            class="btn btn-danger"
            data-testid="shift-cancel-confirm"
            disabled={cancel.isPending}
            aria-busy={cancel.isPending ? "true" : undefined}
          >
            {t("volc.roster.cancelConfirm")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
