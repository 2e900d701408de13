import "../../styles/volunteers-console.css";
import { A, useSearchParams } from "@solidjs/router";
import { createMutation, createQuery, keepPreviousData, useQueryClient } from "@tanstack/solid-query";
import { createMemo, createSignal, For, Show } from "solid-js";
import { MAX_SERIES } from "../../../shared/rules/volunteers";
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
import { parseBeijingLocal } from "../../components/console/time";
import { isWriter, useConsoleUser } from "../../components/console/user";
import {
  addDays,
  bjDate,
  bjMidnight,
  DAY_MS,
  fillOf,
  isDate,
  Loaded,
  minutesText,
  mondayOf,
  shiftClock,
  shiftWhen,
  teamKindLabel,
  todayBj,
  VolunteerSubNav,
  weekdayOf,
  weekdayShort,
} from "../../components/volunteers/VolunteerConsoleBits";
import { t, type Key } from "../../i18n";
import { api } from "../../lib/trpc";

type Shift = Awaited<ReturnType<typeof api.volunteers.calendar.query>>[number];
type Team = Awaited<ReturnType<typeof api.volunteers.teamList.query>>[number];
type View = "week" | "month";

/** Monday first: the weekday numbers (0 = Sunday) in the order the calendar shows them. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

/** "5月4日" / "4 May" of a calendar date. */
const dayMonth = (date: string) => t("volc.cal.dayMonth", { m: Number(date.slice(5, 7)), d: Number(date.slice(8)) });
const monthTitle = (date: string) =>
  t("volc.cal.monthTitle", {
    y: date.slice(0, 4),
    m: Number(date.slice(5, 7)),
    mon: t(`volc.mon.${Number(date.slice(5, 7))}` as Key),
  });

/** The days a view shows around `anchor`: a week from Monday, or the whole weeks covering a month. */
function daysOf(view: View, anchor: string): string[] {
  if (view === "week") {
    const monday = mondayOf(anchor);
    return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  }
  const first = `${anchor.slice(0, 7)}-01`;
  const start = mondayOf(first);
  const nextMonth = addDays(first, 32).slice(0, 7) + "-01";
  const span = Math.round((bjMidnight(nextMonth) - bjMidnight(start)) / DAY_MS);
  const weeks = Math.ceil(span / 7);
  return Array.from({ length: weeks * 7 }, (_, i) => addDays(start, i));
}

/** /admin/volunteers/calendar: the community's shifts by week or month, and planning new ones. */
export default function ShiftCalendar() {
  const user = useConsoleUser();
  const communityId = () => user().community!.id;
  const writer = () => isWriter(user().role);
  const [search, setSearch] = useSearchParams<{ view?: string; date?: string; team?: string }>();
  const view = (): View => (search.view === "month" ? "month" : "week");
  const anchor = () => (isDate(search.date) ? search.date : todayBj());
  const teamId = () => search.team || undefined;
  const [creating, setCreating] = createSignal(false);
  const [done, setDone] = createSignal<Note | null>(null);
  const days = createMemo(() => daysOf(view(), anchor()));
  const teams = createQuery(() => ({
    queryKey: ["volunteers.teamList", communityId()],
    queryFn: () => api.volunteers.teamList.query({ communityId: communityId() }),
  }));
  const shifts = createQuery(() => {
    const d = days();
    const input = {
      communityId: communityId(),
      teamId: teamId(),
      from: bjMidnight(d[0]),
      to: bjMidnight(d[d.length - 1]) + DAY_MS,
    };
    return {
      queryKey: ["volunteers.calendar", input.communityId, input.teamId ?? "all", input.from, input.to],
      queryFn: () => api.volunteers.calendar.query(input),
      placeholderData: keepPreviousData,
    };
  });
  const byDay = createMemo(() => {
    const map = new Map<string, Shift[]>();
    for (const s of shifts.data ?? []) {
      const d = bjDate(s.startsAt);
      map.set(d, [...(map.get(d) ?? []), s]);
    }
    return map;
  });
  const step = (n: number) => {
    const a = anchor();
    const next =
      view() === "week"
        ? addDays(a, 7 * n)
        : (() => {
            const [y, m] = [Number(a.slice(0, 4)), Number(a.slice(5, 7)) - 1 + n];
            const date = new Date(Date.UTC(y, m, 1));
            return date.toISOString().slice(0, 10);
          })();
    setSearch({ date: next });
  };
  const title = () => {
    const d = days();
    if (view() === "month") return monthTitle(anchor());
    return t("volc.cal.weekTitle", { from: dayMonth(d[0]), to: dayMonth(d[6]), y: d[0].slice(0, 4) });
  };
  const today = todayBj();
  return (
    <div class="console-page volc-page">
      <VolunteerSubNav />
      <div class="page-head">
        <h1>{t("volc.cal.title")}</h1>
        <Show when={writer()}>
          <button
            type="button"
            class="btn btn-primary"
            data-testid="shift-create"
            disabled={!teams.data?.length}
            onClick={() => {
              setDone(null);
              setCreating(true);
            }}
          >
            {t("volc.cal.new")}
          </button>
        </Show>
      </div>
      <p class="muted">{t("volc.cal.intro")}</p>
      <Show when={teams.data && !teams.data.length}>
        <p class="banner banner-info" data-testid="calendar-no-teams">
          {t("volc.cal.noTeams")} <A href="/admin/volunteers">{t("volc.cal.toTeams")}</A>
        </p>
      </Show>
      <SuccessNote note={done()} />

      <div class="volc-cal-bar">
        <div class="tabs volc-cal-views" role="group" aria-label={t("volc.cal.viewLabel")}>
          <For each={["week", "month"] as View[]}>
            {(v) => (
              <button
                type="button"
                class="tab"
                aria-pressed={view() === v}
                data-testid={`calendar-view-${v}`}
                onClick={() => setSearch({ view: v === "week" ? undefined : v })}
              >
                {t(`volc.cal.view.${v}` as Key)}
              </button>
            )}
          </For>
        </div>
        <div class="volc-cal-nav">
          <button
            type="button"
            class="btn btn-small"
            data-testid="calendar-prev"
            aria-label={view() === "week" ? t("volc.cal.prevWeek") : t("volc.cal.prevMonth")}
            onClick={() => step(-1)}
          >
            ←
          </button>
          <button
            type="button"
            class="btn btn-small"
            data-testid="calendar-today"
            onClick={() => setSearch({ date: undefined })}
          >
            {t("volc.cal.today")}
          </button>
          <button
            type="button"
            class="btn btn-small"
            data-testid="calendar-next"
            aria-label={view() === "week" ? t("volc.cal.nextWeek") : t("volc.cal.nextMonth")}
            onClick={() => step(1)}
          >
            →
          </button>
          <h2 class="volc-cal-title" aria-live="polite" data-testid="calendar-title">
            {title()}
          </h2>
        </div>
        <div class="field-inline volc-cal-team">
          <label for="volc-cal-team">{t("volc.cal.team")}</label>
          <select
            id="volc-cal-team"
            data-testid="calendar-team"
            value={teamId() ?? ""}
            onChange={(e) => setSearch({ team: e.currentTarget.value || undefined })}
          >
            <option value="">{t("volc.cal.allTeams")}</option>
            <For each={teams.data ?? []}>
              {(team) => (
                <option value={team.id} selected={teamId() === team.id}>
                  {team.name}
                </option>
              )}
            </For>
          </select>
        </div>
      </div>
      <Legend />

      <Loaded query={shifts}>
        {() => (
          <div aria-busy={shifts.isFetching ? "true" : undefined}>
            <Show when={!shifts.data?.length}>
              <p class="muted volc-cal-empty" data-testid="calendar-empty">
                {view() === "week" ? t("volc.cal.emptyWeek") : t("volc.cal.emptyMonth")}
              </p>
            </Show>
            <Show
              when={view() === "month"}
              fallback={
                <ol class="volc-week" data-testid="calendar-week">
                  <For each={days()}>
                    {(d) => (
                      <li
                        class="volc-day"
                        classList={{ "volc-today": d === today, "volc-day-empty": !byDay().get(d)?.length }}
                        data-date={d}
                      >
                        <h3 class="volc-day-head">
                          <span>{weekdayShort(weekdayOf(d))}</span> <span class="volc-day-num">{dayMonth(d)}</span>
                          <Show when={d === today}>
                            <span class="sr-only"> {t("volc.cal.todayMark")}</span>
                          </Show>
                        </h3>
                        <Show
                          when={byDay().get(d)?.length}
                          fallback={<p class="meta volc-none">{t("volc.cal.none")}</p>}
                        >
                          <ul class="volc-shifts">
                            <For each={byDay().get(d)}>{(s) => <ShiftCard s={s} />}</For>
                          </ul>
                        </Show>
                      </li>
                    )}
                  </For>
                </ol>
              }
            >
              <div class="volc-month" data-testid="calendar-month">
                <div class="volc-month-head" aria-hidden="true">
                  <For each={WEEK_ORDER}>{(wd) => <span>{weekdayShort(wd)}</span>}</For>
                </div>
                <ol class="volc-month-grid">
                  <For each={days()}>
                    {(d) => (
                      <li
                        class="volc-mday"
                        classList={{
                          "volc-today": d === today,
                          "volc-other-month": d.slice(0, 7) !== anchor().slice(0, 7),
                          "volc-day-empty": !byDay().get(d)?.length,
                        }}
                        data-date={d}
                      >
                        <h3 class="volc-mday-head">
                          <span class="volc-mday-wd">{weekdayShort(weekdayOf(d))} </span>
                          <span class="volc-mday-long">{dayMonth(d)}</span>
                          <span class="volc-mday-num" aria-hidden="true">
                            {Number(d.slice(8))}
                          </span>
                        </h3>
                        <Show when={byDay().get(d)?.length}>
                          <ul class="volc-shifts">
                            <For each={byDay().get(d)}>{(s) => <ShiftCard s={s} compact />}</For>
                          </ul>
                        </Show>
                      </li>
                    )}
                  </For>
                </ol>
              </div>
            </Show>
          </div>
        )}
      </Loaded>

      <Show when={creating() && teams.data}>
        <ShiftDialog
          teams={(teams.data ?? []).filter((x) => !x.archivedAt)}
          teamId={teamId()}
          day={anchor() > today ? anchor() : today}
          onClose={() => setCreating(false)}
          onDone={(n, first) => {
            setCreating(false);
            setDone(note("volc.shift.created", { n }));
            setSearch({ date: bjDate(first) });
          }}
        />
      </Show>
    </div>
  );
}

function Legend() {
  return (
    <ul class="volc-legend" aria-label={t("volc.cal.legend")}>
      <For each={["full", "short", "empty", "cancelled"] as const}>
        {(f) => (
          <li>
            <span class={`volc-swatch volc-fill-${f}`} aria-hidden="true" />
            {t(`volc.fill.${f}` as Key)}
          </li>
        )}
      </For>
    </ul>
  );
}

/** One shift: time, task, team, filled/capacity coloured by how full it is; opens its roster. */
function ShiftCard(props: { s: Shift; compact?: boolean }) {
  const s = () => props.s;
  const fill = () => fillOf(s());
  const fillText = () =>
    fill() === "cancelled"
      ? t("volc.fill.cancelled")
      : fill() === "full"
        ? t("volc.fill.full")
        : t("volc.cal.shortBy", { n: s().capacity - s().signedUp });
  return (
    <li>
      <A
        href={`/admin/volunteers/shifts/${s().id}`}
        class={`volc-shift volc-fill-${fill()}`}
        classList={{ "volc-shift-compact": props.compact }}
        data-testid="shift-card"
        data-shift-id={s().id}
        data-fill={fill()}
        title={s().cancelReason ? t("volc.cal.cancelReason", { reason: s().cancelReason ?? "" }) : undefined}
      >
        <span class="volc-shift-time">{shiftClock(s().startsAt, s().endsAt)}</span>
        <span class="volc-shift-task">{s().task}</span>
        <span class="volc-shift-team">
          {s().teamName}
          <span class="sr-only"> · {teamKindLabel(s().teamKind)}</span>
        </span>
        <span class="volc-shift-fill">
          <span data-testid="shift-filled">
            {s().signedUp}/{s().capacity}
          </span>{" "}
          <span class="volc-shift-state">{fillText()}</span>
        </span>
      </A>
    </li>
  );
}

/**
 * Plan a shift (or a weekly series): team, task, the day with start and end in Beijing time (an
 * end before the start is the next day), place, capacity, notes, and the weekdays to repeat on.
 */
function ShiftDialog(props: {
  teams: Team[];
  teamId?: string;
  day: string;
  onClose: () => void;
  onDone: (n: number, first: number) => void;
}) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const [team, setTeam] = createSignal(props.teams.find((x) => x.id === props.teamId)?.id ?? props.teams[0]?.id ?? "");
  const [task, setTask] = createSignal("");
  const [date, setDate] = createSignal(props.day);
  const [start, setStart] = createSignal("19:00");
  const [end, setEnd] = createSignal("21:00");
  const [place, setPlace] = createSignal("");
  const [gridId, setGridId] = createSignal("");
  // A patrol covers a place or a grid (网格) of the community.
  const user = useConsoleUser();
  const grids = createQuery(() => ({
    queryKey: ["admin.grids.list", user().community!.id],
    queryFn: () => api.admin.grids.list.query({ communityId: user().community!.id }),
    staleTime: 60_000,
  }));
  const [capacity, setCapacity] = createSignal("4");
  const [notes, setNotes] = createSignal("");
  const [repeat, setRepeat] = createSignal(false);
  const [weekdays, setWeekdays] = createSignal<number[]>([]);
  const [until, setUntil] = createSignal(addDays(props.day, 27));

  /** The start and end instants the form describes; the end rolls to the next day when earlier. */
  const times = createMemo(() => {
    if (!isDate(date()) || !/^\d{2}:\d{2}$/.test(start()) || !/^\d{2}:\d{2}$/.test(end())) return null;
    const startsAt = parseBeijingLocal(`${date()}T${start()}`);
    let endsAt = parseBeijingLocal(`${date()}T${end()}`);
    if (startsAt === null || endsAt === null) return null;
    if (endsAt <= startsAt) endsAt += DAY_MS;
    return { startsAt, endsAt };
  });
  const chosenTeam = () => props.teams.find((x) => x.id === team());
  const toggleDay = (wd: number, on: boolean) =>
    setWeekdays((list) => (on ? [...new Set([...list, wd])] : list.filter((x) => x !== wd)));

  const create = createMutation(() => ({
    mutationFn: (input: Parameters<typeof api.volunteers.shiftCreate.mutate>[0]) =>
      api.volunteers.shiftCreate.mutate(input),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => errors.set(err),
    onSuccess: async (r, input) => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["volunteers.calendar"] }),
        qc.invalidateQueries({ queryKey: ["volunteers.teamList"] }),
      ]);
      props.onDone(r.ids.length, input.startsAt);
    },
  }));

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!team()) problems.teamId = t("volc.shift.teamRequired");
    if (task().trim().length < 2) problems.task = t("volc.shift.taskShort");
    const tm = times();
    if (!isDate(date())) problems.date = t("volc.shift.dateBad");
    else if (!tm) problems.startsAt = t("volc.shift.timeBad");
    else if (tm.startsAt < Date.now()) problems.startsAt = t("volc.shift.past");
    const cap = Number(capacity());
    if (capacity().trim() === "" || !Number.isInteger(cap) || cap < 1 || cap > 500)
      problems.capacity = t("volc.shift.capacityBad");
    if (repeat()) {
      if (!weekdays().length) problems["repeat.weekdays"] = t("volc.shift.weekdaysNone");
      if (!isDate(until())) problems["repeat.until"] = t("volc.shift.untilBad");
      else if (isDate(date()) && until() < date()) problems["repeat.until"] = t("volc.shift.untilBefore");
    }
    if (Object.keys(problems).length) return errors.setFields(problems);
    create.mutate({
      teamId: team(),
      task: task().trim(),
      startsAt: tm!.startsAt,
      endsAt: tm!.endsAt,
      place: place().trim(),
      gridId: gridId() || null,
      capacity: cap,
      notes: notes().trim(),
      repeat: repeat() ? { weekdays: [...weekdays()].sort(), until: until() } : null,
    });
  };
  const err = (f: string) => errors.field(f);
  const repeatErr = () => err("repeat.weekdays") ?? err("repeat");
  return (
    <Dialog title={t("volc.shift.title")} onClose={props.onClose}>
      <form class="form volc-shift-form" novalidate onSubmit={submit} data-testid="shift-form">
        <FormAlert errors={errors} />
        <Field id="volc-shift-team" label={t("volc.shift.team")} error={err("teamId")}>
          <select
            id="volc-shift-team"
            name="teamId"
            data-testid="shift-team"
            value={team()}
            onChange={(e) => setTeam(e.currentTarget.value)}
            {...fieldAria("volc-shift-team", err("teamId"))}
          >
            <For each={props.teams}>
              {(x) => (
                <option value={x.id} selected={x.id === team()}>
                  {x.name}（{teamKindLabel(x.kind)}）
                </option>
              )}
            </For>
          </select>
        </Field>
        <Show when={chosenTeam()?.risky || chosenTeam()?.adultsOnly}>
          <p class="hint volc-team-rules" data-testid="shift-team-rules">
            {[
              chosenTeam()?.risky ? t("volc.shift.riskyNote") : "",
              chosenTeam()?.adultsOnly ? t("volc.shift.adultsNote") : "",
            ]
              .filter(Boolean)
              .join(" ")}
          </p>
        </Show>
        <Field id="volc-shift-task" label={t("volc.shift.task")} hint={t("volc.shift.taskHint")} error={err("task")}>
          <input
            id="volc-shift-task"
            name="task"
            type="text"
            maxLength={100}
            autocomplete="off"
            data-testid="shift-task"
            value={task()}
            onInput={(e) => setTask(e.currentTarget.value)}
            {...fieldAria("volc-shift-task", err("task"), true)}
          />
        </Field>
        <div class="volc-time-grid">
          <Field id="volc-shift-date" label={t("volc.shift.date")} error={err("date")}>
            <input
              id="volc-shift-date"
              name="date"
              type="date"
              data-testid="shift-date"
              value={date()}
              onInput={(e) => setDate(e.currentTarget.value)}
              {...fieldAria("volc-shift-date", err("date"))}
            />
          </Field>
          <Field id="volc-shift-start" label={t("volc.shift.start")} error={err("startsAt")}>
            <input
              id="volc-shift-start"
              name="start"
              type="time"
              step={300}
              data-testid="shift-start"
              value={start()}
              onInput={(e) => setStart(e.currentTarget.value)}
              {...fieldAria("volc-shift-start", err("startsAt"))}
            />
          </Field>
          <Field id="volc-shift-end" label={t("volc.shift.end")} error={err("endsAt")}>
            <input
              id="volc-shift-end"
              name="end"
              type="time"
              step={300}
              data-testid="shift-end"
              value={end()}
              onInput={(e) => setEnd(e.currentTarget.value)}
              {...fieldAria("volc-shift-end", err("endsAt"))}
            />
          </Field>
        </div>
        <p class="hint volc-when" data-testid="shift-when" aria-live="polite">
          <Show when={times()} fallback={t("volc.shift.timeHint")}>
            {(tm) => (
              <>
                {t("volc.shift.whenLine", {
                  when: shiftWhen(tm().startsAt, tm().endsAt),
                  length: minutesText((tm().endsAt - tm().startsAt) / 60_000),
                })}
                <Show when={bjDate(tm().startsAt) !== bjDate(tm().endsAt)}>
                  {" "}
                  <strong>{t("volc.shift.crossesMidnight")}</strong>
                </Show>
              </>
            )}
          </Show>
        </p>
        <div class="grid grid-2">
          <Field id="volc-shift-place" label={t("volc.shift.place")} error={err("place")}>
            <input
              id="volc-shift-place"
              name="place"
              type="text"
              maxLength={200}
              autocomplete="off"
              data-testid="shift-place"
              value={place()}
              onInput={(e) => setPlace(e.currentTarget.value)}
              {...fieldAria("volc-shift-place", err("place"))}
            />
          </Field>
          <Field id="volc-shift-grid" label={t("volc.shift.grid")} error={err("gridId")}>
            <select
              id="volc-shift-grid"
              name="gridId"
              data-testid="shift-grid"
              value={gridId()}
              onChange={(e) => setGridId(e.currentTarget.value)}
              {...fieldAria("volc-shift-grid", err("gridId"))}
            >
              <option value="">{t("volc.shift.noGrid")}</option>
              <For each={grids.data ?? []}>{(g) => <option value={g.id}>{g.name}</option>}</For>
            </select>
          </Field>
          <Field
            id="volc-shift-capacity"
            label={t("volc.shift.capacity")}
            hint={t("volc.shift.capacityHint")}
            error={err("capacity")}
          >
            <input
              id="volc-shift-capacity"
              name="capacity"
              type="number"
              inputmode="numeric"
              min={1}
              max={500}
              step={1}
              data-testid="shift-capacity"
              value={capacity()}
              onInput={(e) => setCapacity(e.currentTarget.value)}
              {...fieldAria("volc-shift-capacity", err("capacity"), true)}
            />
          </Field>
        </div>
        <Field id="volc-shift-notes" label={t("volc.shift.notes")} error={err("notes")}>
          <textarea
            id="volc-shift-notes"
            name="notes"
            class="short prose"
            maxLength={1000}
            value={notes()}
            onInput={(e) => setNotes(e.currentTarget.value)}
            {...fieldAria("volc-shift-notes", err("notes"))}
          />
        </Field>
        <div class="field">
          <label class="check" for="volc-shift-repeat">
            <input
              id="volc-shift-repeat"
              type="checkbox"
              data-testid="shift-repeat"
              checked={repeat()}
              aria-describedby="volc-shift-repeat-hint"
              onChange={(e) => {
                setRepeat(e.currentTarget.checked);
                if (e.currentTarget.checked && !weekdays().length && isDate(date())) setWeekdays([weekdayOf(date())]);
              }}
            />
            {t("volc.shift.repeat")}
          </label>
          <div class="hint" id="volc-shift-repeat-hint">
            {t("volc.shift.repeatHint", { n: MAX_SERIES })}
          </div>
        </div>
        <Show when={repeat()}>
          <fieldset
            class="volc-weekdays"
            data-testid="shift-weekdays"
            aria-describedby={repeatErr() ? "volc-shift-wd-error" : undefined}
          >
            <legend>{t("volc.shift.weekdays")}</legend>
            <div class="volc-weekday-boxes">
              <For each={WEEK_ORDER}>
                {(wd) => (
                  <label class="check volc-weekday">
                    <input
                      type="checkbox"
                      name="weekday"
                      value={wd}
                      data-testid={`shift-weekday-${wd}`}
                      checked={weekdays().includes(wd)}
                      onChange={(e) => toggleDay(wd, e.currentTarget.checked)}
                    />
                    {weekdayShort(wd)}
                  </label>
                )}
              </For>
            </div>
            <Show when={repeatErr()}>
              <div class="error" id="volc-shift-wd-error">
                {repeatErr()}
              </div>
            </Show>
          </fieldset>
          <Field
            id="volc-shift-until"
            label={t("volc.shift.until")}
            hint={t("volc.shift.untilHint")}
            error={err("repeat.until")}
          >
            <input
              id="volc-shift-until"
              name="until"
              type="date"
              data-testid="shift-until"
              min={isDate(date()) ? date() : undefined}
              value={until()}
              onInput={(e) => setUntil(e.currentTarget.value)}
              {...fieldAria("volc-shift-until", err("repeat.until"), true)}
            />
          </Field>
        </Show>
        <div class="btn-row dialog-actions">
          <button type="button" class="btn" onClick={() => props.onClose()}>
            {t("action.cancel")}
          </button>
          <button
            type="submit"
            class="btn btn-primary"
            data-testid="shift-save"
            disabled={create.isPending}
            aria-busy={create.isPending ? "true" : undefined}
          >
            {repeat() ? t("volc.shift.saveSeries") : t("volc.shift.save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
