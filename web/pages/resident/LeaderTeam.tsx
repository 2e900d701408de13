import { A, useParams } from "@solidjs/router";
import { createQuery, useQueryClient } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Show } from "solid-js";
import { shanghaiDate } from "../../../shared/rules/eligibility";
import { MAX_SERIES, MAX_SHIFT_MS, weeklyStarts } from "../../../shared/rules/volunteers";
import {
  ConfirmAction,
  dayLabel,
  kindLabel,
  Live,
  ResidentOnly,
  ShiftHead,
  shiftWhen,
  TeamConditions,
  type TeamMembers,
} from "../../components/volunteers/common";
import { useTitle } from "../../components/public/util";
import { t, type Key } from "../../i18n";
import { formatDate } from "../../lib/format";
import { api, errorMessage, fieldErrors } from "../../lib/trpc";

type Member = TeamMembers["members"][number];
type Team = TeamMembers["team"];

const DAY = 86_400_000;
const rosterPath = (shiftId: string) => `/me/lead/shifts/${encodeURIComponent(shiftId)}`;

/**
 * "/me/lead/:teamId": a team leader's page on the phone — requests to join (approve / decline),
 * the members, the team's upcoming shifts with links to each roster, and a simple form to plan a
 * shift or a weekly series.
 */
export default function LeaderTeam() {
  const params = useParams<{ teamId: string }>();
  useTitle(() => t("vol.lead.title"));
  return (
    <div class="narrow me-page vol-page vol-lead">
      <ResidentOnly title={t("vol.lead.title")} next={`/me/lead/${params.teamId}`}>
        {() => <TeamPage teamId={params.teamId} />}
      </ResidentOnly>
    </div>
  );
}

function TeamPage(props: { teamId: string }) {
  const members = createQuery(() => ({
    queryKey: ["volunteers.teamMembers", props.teamId],
    queryFn: () => api.volunteers.teamMembers.query({ teamId: props.teamId }),
    retry: false,
  }));
  return (
    <>
      <p class="crumbs">
        <A href="/me/volunteer">{t("vol.backVolunteer")}</A>
      </p>
      <Live
        query={members}
        error={(err) => (
          <>
            <h1>{t("vol.lead.title")}</h1>
            <div class="state state-error" role="alert" data-testid="lead-denied">
              <strong>{errorMessage(err)}</strong>
              <p>{t("vol.lead.denied")}</p>
            </div>
          </>
        )}
      >
        {(d) => <TeamView data={d} teamId={props.teamId} />}
      </Live>
    </>
  );
}

function TeamView(props: { data: () => TeamMembers; teamId: string }) {
  const qc = useQueryClient();
  const team = () => props.data().team;
  const pending = () => props.data().members.filter((m) => m.status === "pending");
  const active = () => props.data().members.filter((m) => m.status === "active");
  const refresh = () => qc.invalidateQueries({ queryKey: ["volunteers.teamMembers", props.teamId] });
  const decide = async (m: Member, approve: boolean) => {
    await api.volunteers.decideMembership.mutate({ teamId: props.teamId, volunteerId: m.volunteerId, approve });
    await refresh();
  };

  return (
    <>
      <p class="meta">{t("vol.lead.title")}</p>
      <h1 data-testid="lead-team-name">{team().name}</h1>
      <p class="head-badges">
        <span class="badge badge-info">{kindLabel(team().kind)}</span>
        <span class="meta">{t("vol.lead.counts", { n: active().length, p: pending().length })}</span>
      </p>
      <TeamConditions team={team()} />

      <section class="card" aria-labelledby="lead-req-h" data-testid="lead-requests">
        <h2 id="lead-req-h">{t("vol.lead.requests")}</h2>
        <Show when={pending().length > 0} fallback={<p class="muted">{t("vol.lead.noRequests")}</p>}>
          <ul class="list">
            <For each={pending()}>
              {(m) => (
                <MemberItem member={m} team={team()}>
                  <div class="btn-row vol-member-actions">
                    <ApproveButton onApprove={() => decide(m, true)} name={m.name} />
                    <ConfirmAction
                      label={t("vol.lead.decline")}
                      question={t("vol.lead.declineQ", { name: m.name })}
                      confirmLabel={t("vol.lead.decline")}
                      testid="lead-decline"
                      onConfirm={() => decide(m, false)}
                    />
                  </div>
                </MemberItem>
              )}
            </For>
          </ul>
        </Show>
      </section>

      <Shifts teamId={props.teamId} />

      <section class="card" aria-labelledby="lead-members-h" data-testid="lead-members">
        <h2 id="lead-members-h">{t("vol.lead.members")}</h2>
        <Show when={active().length > 0} fallback={<p class="muted">{t("vol.lead.noMembers")}</p>}>
          <ul class="list">
            <For each={active()}>
              {(m) => (
                <MemberItem member={m} team={team()}>
                  <ConfirmAction
                    label={t("vol.lead.remove")}
                    question={t("vol.lead.removeQ", { name: m.name })}
                    confirmLabel={t("vol.lead.remove")}
                    testid="lead-remove"
                    class="btn-small"
                    onConfirm={() => decide(m, false)}
                  />
                </MemberItem>
              )}
            </For>
          </ul>
        </Show>
      </section>

      <CreateShift team={team()} teamId={props.teamId} />
    </>
  );
}

function ApproveButton(props: { onApprove: () => Promise<unknown>; name: string }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  return (
    <div class="vol-confirm">
      <button
        type="button"
        class="btn btn-primary"
        disabled={busy()}
        aria-label={t("vol.lead.approveWho", { name: props.name })}
        data-testid="lead-approve"
        onClick={async () => {
          if (busy()) return;
          setBusy(true);
          setError("");
          try {
            await props.onApprove();
          } catch (err) {
            setError(errorMessage(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy() ? t("vol.busy") : t("vol.lead.approve")}
      </button>
      <p class="vol-error" role="alert">
        {error()}
      </p>
    </div>
  );
}

function MemberItem(props: { member: Member; team: Team; children?: import("solid-js").JSX.Element }) {
  const m = () => props.member;
  const today = shanghaiDate(Date.now());
  const insured = () => !!m().insuredUntil && m().insuredUntil! >= today;
  return (
    <li
      class="vol-member"
      data-testid="lead-member"
      data-volunteer-id={m().volunteerId}
      data-status={m().status}
      data-volunteer-status={m().volunteerStatus}
    >
      <div class="mtgpub-row-head">
        <strong>{m().name}</strong>
        <span class="meta">{t("vol.lead.age", { n: m().age })}</span>
        <Show when={m().volunteerStatus !== "active"}>
          <span class="badge badge-warn">{t(`vol.status.${m().volunteerStatus}` as Key)}</span>
        </Show>
        <Show when={props.team.risky}>
          <span class={`badge ${insured() ? "badge-ok" : "badge-bad"}`}>
            {insured() ? t("vol.lead.insured", { until: m().insuredUntil ?? "" }) : t("vol.lead.uninsured")}
          </span>
        </Show>
        <Show when={props.team.adultsOnly && m().age < 18}>
          <span class="badge badge-bad">{t("vol.lead.underage")}</span>
        </Show>
      </div>
      <Show when={m().skills}>
        <p class="meta pre-line">
          {t("vol.field.skills")}：{m().skills}
        </p>
      </Show>
      <p class="meta">
        {t(m().status === "pending" ? "vol.lead.askedAt" : "vol.lead.joinedAt", { at: formatDate(m().joinedAt) })}
      </p>
      {props.children}
    </li>
  );
}

const FIRST_SHIFTS = 5;

function Shifts(props: { teamId: string }) {
  const teamShifts = createQuery(() => ({
    queryKey: ["volunteers.teamShifts", props.teamId],
    queryFn: () => api.volunteers.teamShifts.query({ teamId: props.teamId }),
  }));
  const [all, setAll] = createSignal(false);
  return (
    <section class="card" aria-labelledby="lead-shifts-h" data-testid="lead-shifts">
      <h2 id="lead-shifts-h">{t("vol.lead.shifts")}</h2>
      <Live query={teamShifts}>
        {(m) => {
          const list = () => m();
          const shown = () => (all() ? list() : list().slice(0, FIRST_SHIFTS));
          return (
            <Show when={list().length > 0} fallback={<p class="muted">{t("vol.lead.noShifts")}</p>}>
              <ul class="list vol-shifts">
                <For each={shown()}>
                  {(s) => (
                    <li class="vol-shift" data-testid="lead-shift" data-shift-id={s.id}>
                      <ShiftHead shift={s} />
                      <Show when={s.cancelledAt}>
                        <p class="badge badge-warn" data-testid="lead-shift-cancelled-note">
                          {t("vol.lead.cancelledNote", { reason: s.cancelReason ?? "" })}
                        </p>
                      </Show>
                      <p class="vol-places">
                        <span class={`badge ${s.signedUp >= s.capacity ? "badge-ok" : "badge-warn"}`}>
                          {t("vol.places.of", { n: s.signedUp, cap: s.capacity })}
                        </span>
                      </p>
                      <A href={rosterPath(s.id)} class="btn btn-block" data-testid="lead-roster-link">
                        {t("vol.lead.roster")} →
                      </A>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={!all() && list().length > FIRST_SHIFTS}>
                <button type="button" class="btn btn-block" onClick={() => setAll(true)} data-testid="lead-more">
                  {t("vol.pub.more", { n: list().length })}
                </button>
              </Show>
            </Show>
          );
        }}
      </Live>
      <p class="meta">{t("vol.lead.shiftsHint")}</p>
    </section>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];

/** Instant of a Shanghai date and HH:MM. */
const at = (date: string, time: string) => Date.parse(`${date}T${time}:00+08:00`);
const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

function CreateShift(props: { team: Team; teamId: string }) {
  const qc = useQueryClient();
  const today = shanghaiDate(Date.now());
  const [task, setTask] = createSignal("");
  const [date, setDate] = createSignal(shanghaiDate(Date.now() + DAY));
  const [start, setStart] = createSignal("19:00");
  const [end, setEnd] = createSignal("21:00");
  const [place, setPlace] = createSignal("");
  const [capacity, setCapacity] = createSignal("4");
  const [notes, setNotes] = createSignal("");
  const [repeat, setRepeat] = createSignal(false);
  const [weekdays, setWeekdays] = createSignal<number[]>([]);
  const [until, setUntil] = createSignal(shanghaiDate(Date.now() + 29 * DAY));
  const [busy, setBusy] = createSignal(false);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal("");
  const [created, setCreated] = createSignal<number | null>(null);

  const times = createMemo(() => {
    if (!date() || !/^\d\d:\d\d$/.test(start()) || !/^\d\d:\d\d$/.test(end())) return null;
    const s = at(date(), start());
    let e = at(date(), end());
    if (Number.isNaN(s) || Number.isNaN(e)) return null;
    const nextDay = e <= s;
    if (nextDay) e += DAY;
    return { startsAt: s, endsAt: e, nextDay };
  });
  const days = () => (weekdays().length ? weekdays() : date() ? [weekdayOf(date())] : []);
  const starts = createMemo(() => {
    const x = times();
    if (!x) return [];
    return repeat() && until() ? weeklyStarts(x.startsAt, days(), until()) : [x.startsAt];
  });
  const toggleDay = (d: number, on: boolean) =>
    setWeekdays((cur) => {
      const base = cur.length ? cur : days();
      return on ? [...new Set([...base, d])] : base.filter((x) => x !== d);
    });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy()) return;
    const x = times();
    const local: Record<string, string> = {};
    if (task().trim().length < 2) local.task = t("vol.create.taskNeeded");
    if (!x) local.startsAt = t("vol.create.timeNeeded");
    else if (x.endsAt - x.startsAt > MAX_SHIFT_MS) local.endsAt = t("vol.create.tooLong");
    if (!(Number(capacity()) >= 1)) local.capacity = t("vol.create.capacityNeeded");
    if (repeat() && starts().length === 0) local.repeat = t("vol.create.emptySeries");
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    setBusy(true);
    setErrors({});
    setError("");
    setCreated(null);
    try {
      const r = await api.volunteers.shiftCreate.mutate({
        teamId: props.teamId,
        task: task().trim(),
        startsAt: x!.startsAt,
        endsAt: x!.endsAt,
        place: place().trim(),
        gridId: null,
        capacity: Math.floor(Number(capacity())),
        notes: notes().trim(),
        repeat: repeat() ? { weekdays: days(), until: until() } : null,
      });
      setCreated(r.ids.length);
      await qc.invalidateQueries({ queryKey: ["volunteers.mine"] });
      await qc.invalidateQueries({ queryKey: ["volunteers.teamShifts", props.teamId] });
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f);
      setError(Object.keys(f).length ? "" : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string) => ({
    "aria-invalid": errors()[name] ? ("true" as const) : undefined,
    "aria-describedby": `shift-${name}-error`,
  });
  const err = (name: string) => (
    <span class="error" id={`shift-${name}-error`}>
      {errors()[name] ?? ""}
    </span>
  );

  return (
    <section class="card" aria-labelledby="lead-create-h">
      <h2 id="lead-create-h">{t("vol.create.title")}</h2>
      <form class="form" onSubmit={submit} novalidate data-testid="lead-shift-create">
        <div class="field">
          <label for="shift-task">{t("vol.create.task")}</label>
          <input
            id="shift-task"
            maxLength={100}
            required
            value={task()}
            placeholder={t("vol.create.taskPlaceholder")}
            onInput={(e) => setTask(e.currentTarget.value)}
            {...field("task")}
          />
          {err("task")}
        </div>
        <div class="field">
          <label for="shift-date">{t("vol.create.date")}</label>
          <input
            id="shift-date"
            type="date"
            required
            min={today}
            value={date()}
            onInput={(e) => setDate(e.currentTarget.value)}
            {...field("startsAt")}
          />
          {err("startsAt")}
        </div>
        <div class="vol-two">
          <div class="field">
            <label for="shift-start">{t("vol.create.start")}</label>
            <input
              id="shift-start"
              type="time"
              required
              value={start()}
              onInput={(e) => setStart(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="shift-end">{t("vol.create.end")}</label>
            <input
              id="shift-end"
              type="time"
              required
              value={end()}
              onInput={(e) => setEnd(e.currentTarget.value)}
              {...field("endsAt")}
            />
          </div>
        </div>
        {err("endsAt")}
        <Show when={times()?.nextDay}>
          <p class="banner banner-info vol-next-day" role="status">
            {t("vol.create.nextDay", { end: end() })}
          </p>
        </Show>
        <div class="field">
          <label for="shift-place">{t("vol.create.place")}</label>
          <input
            id="shift-place"
            maxLength={200}
            value={place()}
            onInput={(e) => setPlace(e.currentTarget.value)}
            {...field("place")}
          />
          {err("place")}
        </div>
        <div class="field">
          <label for="shift-capacity">{t("vol.create.capacity")}</label>
          <input
            id="shift-capacity"
            type="number"
            inputMode="numeric"
            min={1}
            max={500}
            required
            value={capacity()}
            onInput={(e) => setCapacity(e.currentTarget.value)}
            {...field("capacity")}
          />
          {err("capacity")}
        </div>
        <div class="field">
          <label for="shift-notes">{t("vol.create.notes")}</label>
          <textarea
            id="shift-notes"
            class="short prose"
            maxLength={1000}
            value={notes()}
            placeholder={t("vol.create.notesPlaceholder")}
            onInput={(e) => setNotes(e.currentTarget.value)}
            {...field("notes")}
          />
          {err("notes")}
        </div>
        <label class="check vol-check">
          <input
            type="checkbox"
            checked={repeat()}
            onChange={(e) => setRepeat(e.currentTarget.checked)}
            data-testid="lead-repeat"
          />
          <span>{t("vol.create.repeat")}</span>
        </label>
        <Show when={repeat()}>
          <fieldset class="radio-group vol-repeat">
            <legend>{t("vol.create.weekdays")}</legend>
            <div class="vol-weekdays">
              <For each={WEEKDAYS}>
                {(d) => (
                  <label class="vol-day" classList={{ checked: days().includes(d) }}>
                    <input
                      type="checkbox"
                      checked={days().includes(d)}
                      onChange={(e) => toggleDay(d, e.currentTarget.checked)}
                    />
                    <span>{t(`vol.weekday.${d}` as Key)}</span>
                  </label>
                )}
              </For>
            </div>
            <div class="field">
              <label for="shift-until">{t("vol.create.until")}</label>
              <input
                id="shift-until"
                type="date"
                min={date()}
                value={until()}
                onInput={(e) => setUntil(e.currentTarget.value)}
                {...field("repeat")}
              />
              {err("repeat")}
            </div>
          </fieldset>
        </Show>
        <Show when={starts().length > 0}>
          <p class="meta" data-testid="lead-preview" aria-live="polite">
            {starts().length > 1
              ? t("vol.create.previewMany", {
                  n: starts().length,
                  first: shiftWhen({
                    startsAt: starts()[0],
                    endsAt: starts()[0] + (times()!.endsAt - times()!.startsAt),
                  }),
                  last: dayLabel(starts()[starts().length - 1]),
                })
              : t("vol.create.previewOne", {
                  when: shiftWhen({
                    startsAt: starts()[0],
                    endsAt: starts()[0] + (times()!.endsAt - times()!.startsAt),
                  }),
                })}
            <Show when={starts().length >= MAX_SERIES}> {t("vol.create.max", { n: MAX_SERIES })}</Show>
          </p>
        </Show>
        <p class="vol-error" role="alert">
          {error()}
        </p>
        <Show when={created()}>
          <p class="banner banner-ok" role="status" data-testid="lead-created">
            {t("vol.create.done", { n: created() ?? 0 })}
          </p>
        </Show>
        <button
          type="submit"
          class="btn btn-primary btn-block vol-big"
          disabled={busy()}
          data-testid="lead-create-submit"
        >
          {busy() ? t("vol.busy") : t("vol.create.submit")}
        </button>
        <p class="meta">{t("vol.create.hint", { team: props.team.name })}</p>
      </form>
    </section>
  );
}
