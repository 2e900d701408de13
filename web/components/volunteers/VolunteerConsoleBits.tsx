import { useLocation } from "@solidjs/router";
import { createMutation, useQueryClient } from "@tanstack/solid-query";
import { createSignal, For, onCleanup, Show, type Accessor, type JSX } from "solid-js";
import { checkInOpen, TEAM_KINDS } from "../../../shared/rules/volunteers";
import { Dialog } from "../console/Dialog";
import { createFormErrors, Field, fieldAria, FormAlert } from "../console/Field";
import { ErrorBox, Loading } from "../States";
import { t, type Key } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import { api } from "../../lib/trpc";

/* ---------- Beijing calendar arithmetic (the whole console shows Asia/Shanghai) ---------- */

const BJ_OFFSET = 8 * 3600_000;
export const DAY_MS = 86_400_000;

/** The instant as a Beijing ISO string, or "" for a value that is not a time. */
const bjIso = (ms: number) => (Number.isFinite(ms) ? new Date(ms + BJ_OFFSET).toISOString() : "");
/** "2026-05-04": the Beijing calendar date of an instant. */
export const bjDate = (ms: number) => bjIso(ms).slice(0, 10);
/** "09:30": the Beijing clock time of an instant. */
export const bjTime = (ms: number) => bjIso(ms).slice(11, 16);
/** Beijing midnight of a calendar date, as an instant. */
export const bjMidnight = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
/** 0 = Sunday … 6 = Saturday, of a calendar date. */
export const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
/** The calendar date `n` days after `date` (China keeps no summer time, so days are 24 h). */
export const addDays = (date: string, n: number) => bjDate(bjMidnight(date) + n * DAY_MS);
/** The Monday of the week containing `date`. */
export const mondayOf = (date: string) => addDays(date, -((weekdayOf(date) + 6) % 7));
/** Today in Beijing. */
export const todayBj = () => bjDate(Date.now());
export const isDate = (s: string | undefined): s is string =>
  !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** 周一 … 周日 (short), by weekday number 0 = Sunday. */
export const weekdayShort = (wd: number) => t(`volc.wd.${wd}` as Key);

/** A clock that ticks (check-in windows and "before the start" move with it). */
export function useNow(ms = 15_000) {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), ms);
  onCleanup(() => clearInterval(timer));
  return now;
}

/* ---------- labels ---------- */

export { TEAM_KINDS };
/** 巡逻 / 调解 / 助老 / 法律援助 / 环境 / 其他 */
export const teamKindLabel = (kind: string) => t(`volc.kind.${kind}` as Key);

/** "2 小时 30 分" / "2 h 30 min"; "0 分" for nothing. */
export function minutesText(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (!h) return t("volc.min", { m: rest });
  if (!rest) return t("volc.hours", { h });
  return t("volc.hoursMin", { h, m: rest });
}
/** "12.5" hours with one decimal. */
export const hoursFigure = (minutes: number) => (Math.round((minutes / 60) * 10) / 10).toLocaleString("en");

/** "2026/05/04 09:00–11:00", with "（次日 01:00）" when the shift ends the next day. */
export function shiftWhen(startsAt: number, endsAt: number): string {
  const sameDay = bjDate(startsAt) === bjDate(endsAt);
  return sameDay
    ? `${formatDate(startsAt)} ${bjTime(startsAt)}–${bjTime(endsAt)}`
    : `${formatDate(startsAt)} ${bjTime(startsAt)}–${t("volc.nextDay", { time: bjTime(endsAt) })}`;
}
/** "09:00–11:00" or "22:00–次日 06:00". */
export function shiftClock(startsAt: number, endsAt: number): string {
  const sameDay = bjDate(startsAt) === bjDate(endsAt);
  return `${bjTime(startsAt)}–${sameDay ? bjTime(endsAt) : t("volc.nextDay", { time: bjTime(endsAt) })}`;
}

/** A check-in or check-out time: the clock time on the shift's own day, the full date and time otherwise. */
export const clockOn = (at: number | null, shiftStart: number) =>
  at === null ? "—" : bjDate(at) === bjDate(shiftStart) ? bjTime(at) : formatDateTime(at);

export type ShiftPhase = "cancelled" | "upcoming" | "checkIn" | "ended";
/** Where a shift stands now: cancelled, before check-in opens, in its check-in window, over. */
export function shiftPhase(s: { startsAt: number; endsAt: number; cancelledAt: number | null }, now: number) {
  if (s.cancelledAt) return "cancelled" as const;
  if (checkInOpen(s, now)) return "checkIn" as const;
  if (now < s.startsAt) return "upcoming" as const;
  return "ended" as const;
}
const PHASE_BADGE: Record<ShiftPhase, string> = {
  cancelled: "badge-bad",
  upcoming: "badge-info",
  checkIn: "badge-warn",
  ended: "badge-muted",
};
export function PhaseBadge(props: { phase: ShiftPhase }) {
  return (
    <span class={`badge ${PHASE_BADGE[props.phase]}`} data-testid="shift-phase" data-phase={props.phase}>
      {t(`volc.phase.${props.phase}` as Key)}
    </span>
  );
}

/** How full a shift is: full, some places open, nobody yet; cancelled shows as such. */
export type Fill = "full" | "short" | "empty" | "cancelled";
export function fillOf(s: { signedUp: number; capacity: number; cancelledAt: number | null }): Fill {
  if (s.cancelledAt) return "cancelled";
  if (s.signedUp >= s.capacity) return "full";
  return s.signedUp === 0 ? "empty" : "short";
}

/** 未签退 / 缺勤 */
export function FlagBadge(props: { flag: string | null }) {
  return (
    <Show when={props.flag}>
      {(f) => (
        <span
          class={`badge ${f() === "no_show" ? "badge-bad" : "badge-warn"}`}
          data-testid="signup-flag"
          data-flag={f()}
        >
          {t(`volc.flag.${f()}` as Key)}
        </span>
      )}
    </Show>
  );
}

/** The minutes that count, with the original struck through and the reason when staff adjusted them. */
export function CountedMinutes(props: {
  minutes: number | null;
  adjustedMinutes: number | null;
  adjustReason: string | null;
}) {
  return (
    <Show
      when={props.adjustedMinutes !== null}
      fallback={
        <Show when={props.minutes !== null} fallback={<span class="muted">—</span>}>
          {minutesText(props.minutes ?? 0)}
        </Show>
      }
    >
      <span data-testid="minutes-adjusted">
        <strong>{minutesText(props.adjustedMinutes ?? 0)}</strong>{" "}
        <Show when={props.minutes !== null}>
          <s class="muted" aria-label={t("volc.adj.was", { m: minutesText(props.minutes ?? 0) })}>
            {minutesText(props.minutes ?? 0)}
          </s>
        </Show>
        <span class="badge badge-info volc-adj-badge">{t("volc.adj.badge")}</span>
        <Show when={props.adjustReason}>
          <span class="meta volc-adj-reason">{t("volc.adj.reasonLine", { reason: props.adjustReason ?? "" })}</span>
        </Show>
      </span>
    </Show>
  );
}

/* ---------- page furniture ---------- */

/** 队伍 · 志愿者 · 排班日历: the volunteers console's own sections. */
export function VolunteerSubNav() {
  const location = useLocation();
  const items = [
    { href: "/admin/volunteers", label: t("volc.sub.teams"), match: (p: string) => p === "/admin/volunteers" },
    {
      href: "/admin/volunteers/people",
      label: t("volc.sub.people"),
      match: (p: string) => p.startsWith("/admin/volunteers/people"),
    },
    {
      href: "/admin/volunteers/calendar",
      label: t("volc.sub.calendar"),
      match: (p: string) => p.startsWith("/admin/volunteers/calendar") || p.startsWith("/admin/volunteers/shifts"),
    },
  ];
  return (
    <nav class="volc-subnav no-print" aria-label={t("volc.sub.label")}>
      <For each={items}>
        {(it) => {
          const active = () => it.match(location.pathname.replace(/\/+$/, ""));
          return (
            <a
              href={it.href}
              class="volc-subnav-link"
              classList={{ active: active() }}
              aria-current={active() ? "page" : undefined}
            >
              {it.label}
            </a>
          );
        }}
      </For>
    </nav>
  );
}

/** Loading, error with retry, or the data (kept across refetches). */
export function Loaded<T>(props: {
  query: { isPending: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  children: (data: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  return (
    <Show when={!props.query.isPending} fallback={<Loading />}>
      <Show
        when={props.query.data}
        fallback={<ErrorBox error={props.query.error} retry={() => props.query.refetch()} />}
      >
        {(data) => props.children(data)}
      </Show>
    </Show>
  );
}

/* ---------- adjusting the minutes of a service (staff only; audited) ---------- */

export type AdjustTarget = {
  signupId: string;
  name: string;
  task: string;
  startsAt: number;
  endsAt: number;
  minutes: number | null;
  adjustedMinutes: number | null;
  adjustReason: string | null;
};

/**
 * Two steps in one dialog: the new minutes with a reason, then a confirmation that says what
 * changes (the change is audited with before and after and cannot be taken back silently).
 */
export function AdjustDialog(props: { target: AdjustTarget; onClose: () => void; onDone: (minutes: number) => void }) {
  const qc = useQueryClient();
  const errors = createFormErrors();
  const length = () => Math.floor((props.target.endsAt - props.target.startsAt) / 60_000);
  const current = () => props.target.adjustedMinutes ?? props.target.minutes ?? 0;
  const [minutes, setMinutes] = createSignal(String(current()));
  const [reason, setReason] = createSignal("");
  const [confirming, setConfirming] = createSignal(false);
  const save = createMutation(() => ({
    mutationFn: (input: { minutes: number; reason: string }) =>
      api.volunteers.adjustMinutes.mutate({ signupId: props.target.signupId, ...input }),
    onMutate: () => errors.clear(),
    onError: (err: unknown) => {
      setConfirming(false);
      errors.set(err);
    },
    onSuccess: async (_r, input) => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["volunteers.roster"] }),
        qc.invalidateQueries({ queryKey: ["volunteers.volunteerRecord"] }),
        qc.invalidateQueries({ queryKey: ["volunteers.volunteerList"] }),
        qc.invalidateQueries({ queryKey: ["volunteers.teamList"] }),
      ]);
      props.onDone(input.minutes);
    },
  }));
  const parsed = () => Number(minutes());
  const check = (e: SubmitEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const m = parsed();
    if (minutes().trim() === "" || !Number.isInteger(m) || m < 0)
      problems.minutes = t("volc.adj.minutesBad", { max: length() });
    else if (m > length()) problems.minutes = t("volc.adj.tooLong", { max: length() });
    if (reason().trim().length < 4) problems.reason = t("volc.adj.reasonShort");
    if (Object.keys(problems).length) return errors.setFields(problems);
    errors.clear();
    setConfirming(true);
    queueMicrotask(() => confirmButton?.focus());
  };
  let confirmButton: HTMLButtonElement | undefined;
  return (
    <Dialog title={t("volc.adj.title", { name: props.target.name })} onClose={props.onClose}>
      <p class="meta">
        {props.target.task} · {shiftWhen(props.target.startsAt, props.target.endsAt)}
      </p>
      <Show
        when={confirming()}
        fallback={
          <form class="form" novalidate onSubmit={check} data-testid="adjust-form">
            <FormAlert errors={errors} />
            <p class="hint">{t("volc.adj.now", { m: minutesText(current()), max: minutesText(length()) })}</p>
            <Field
              id="volc-adj-minutes"
              label={t("volc.adj.minutes")}
              hint={t("volc.adj.minutesHint", { max: length() })}
              error={errors.field("minutes")}
            >
              <input
                id="volc-adj-minutes"
                name="minutes"
                type="number"
                inputmode="numeric"
                min={0}
                max={length()}
                step={1}
                data-testid="adjust-minutes"
                value={minutes()}
                onInput={(e) => setMinutes(e.currentTarget.value)}
                {...fieldAria("volc-adj-minutes", errors.field("minutes"), true)}
              />
            </Field>
            <Field
              id="volc-adj-reason"
              label={t("volc.adj.reason")}
              hint={t("volc.adj.reasonHint")}
              error={errors.field("reason")}
            >
              <textarea
                id="volc-adj-reason"
                name="reason"
                class="short prose"
                maxLength={300}
                data-testid="adjust-reason"
                value={reason()}
                onInput={(e) => setReason(e.currentTarget.value)}
                {...fieldAria("volc-adj-reason", errors.field("reason"), true)}
              />
            </Field>
            <div class="btn-row dialog-actions">
              <button type="button" class="btn" onClick={() => props.onClose()}>
                {t("action.cancel")}
              </button>
              <button type="submit" class="btn btn-primary" data-testid="adjust-save">
                {t("volc.adj.save")}
              </button>
            </div>
          </form>
        }
      >
        <div class="dialog-message" data-testid="adjust-confirm-step">
          <p>
            {t("volc.adj.confirmMsg", {
              name: props.target.name,
              from: minutesText(current()),
              to: minutesText(parsed()),
            })}
          </p>
          <p class="meta">{t("volc.adj.reasonLine", { reason: reason().trim() })}</p>
          <p class="hint">{t("volc.adj.audited")}</p>
        </div>
        <div class="btn-row dialog-actions">
          <button
            type="button"
            class="btn"
            onClick={() => {
              setConfirming(false);
              queueMicrotask(() => document.getElementById("volc-adj-minutes")?.focus());
            }}
          >
            {t("volc.adj.back")}
          </button>
          <button
            ref={confirmButton}
            type="button"
            class="btn btn-primary"
            data-testid="adjust-confirm"
            disabled={save.isPending}
            aria-busy={save.isPending ? "true" : undefined}
            onClick={() => save.mutate({ minutes: parsed(), reason: reason().trim() })}
          >
            {t("volc.adj.confirm")}
          </button>
        </div>
      </Show>
    </Dialog>
  );
}
