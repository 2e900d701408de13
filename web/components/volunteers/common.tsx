import { A } from "@solidjs/router";
import type { inferRouterOutputs } from "@trpc/server";
import { createSignal, Match, onCleanup, Show, Switch, type JSX } from "solid-js";
import type { AppRouter } from "../../../worker/router";
import { shanghaiDate } from "../../../shared/rules/eligibility";
import { CHECK_IN_EARLY_MS, hoursOf } from "../../../shared/rules/volunteers";
import { lang, registerStrings, t, type Key } from "../../i18n";
import { volunteersPublicStrings } from "../../i18n/volunteers-public";
import { homeFor, useMe } from "../../lib/session";
import { api, errorMessage } from "../../lib/trpc";
import { ErrorBox, Loading } from "../States";
import "../../styles/volunteers-public.css";

registerStrings(volunteersPublicStrings);

type Outputs = inferRouterOutputs<AppRouter>;
export type Mine = Outputs["volunteers"]["mine"];
/** `mine` of a registered volunteer (the unregistered shape has no shifts and no join problems). */
export type Registered = Extract<Mine, { volunteer: object }>;
export type MyVolunteer = Registered["volunteer"];
export type MyTeam = Registered["teams"][number];
export type MyShift = Registered["shifts"][number];
export type PublicTeam = Outputs["volunteers"]["teams"][number];
export type OpenShift = Outputs["volunteers"]["openShifts"][number];
export type MyRecord = Outputs["volunteers"]["myRecord"];
export type Roster = Outputs["volunteers"]["roster"];
export type TeamMembers = Outputs["volunteers"]["teamMembers"];
export type User = NonNullable<Outputs["auth"]["me"]>;

/** The resident's own volunteer state: one cache entry shared by all the resident pages. */
export const mineQuery = () => ({
  queryKey: ["volunteers.mine"],
  queryFn: () => api.volunteers.mine.query(),
});

export const isRegistered = (m: Mine): m is Registered => m.volunteer !== null;

export const kindLabel = (kind: string) => t(`vol.kind.${kind}` as Key);

/** "2 小时 30 分" / "2 h 30 min". */
export function duration(minutes: number | null | undefined): string {
  const m = Math.max(0, Math.round(Number(minutes ?? 0)));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h === 0) return t("vol.dur.m", { m: rest });
  if (rest === 0) return t("vol.dur.h", { h });
  return t("vol.dur.hm", { h, m: rest });
}

/** Hours with one decimal, for totals: "12.5". */
export const hours = (minutes: number | null | undefined) => hoursOf(Number(minutes ?? 0));

const fmt = (opts: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(lang() === "zh" ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai", ...opts });

/** "19:00" in Asia/Shanghai. */
export const clock = (ms: number | null | undefined) =>
  ms ? fmt({ hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(ms)) : "";

/** "6月1日 周日" / "Sun 1 Jun", with the year when it is not this year. */
export function dayLabel(ms: number): string {
  const thisYear = shanghaiDate(Date.now()).slice(0, 4) === shanghaiDate(ms).slice(0, 4);
  if (lang() === "zh") {
    const [y, m, d] = shanghaiDate(ms).split("-").map(Number);
    const weekday = fmt({ weekday: "short" }).format(new Date(ms));
    return `${thisYear ? "" : `${y}年`}${m}月${d}日 ${weekday}`;
  }
  return fmt({ year: thisYear ? undefined : "numeric", month: "short", day: "numeric", weekday: "short" }).format(
    new Date(ms),
  );
}

/** "11月28日周六 03:00": a moment near now, without the year. */
export const dayTime = (ms: number) => `${dayLabel(ms)} ${clock(ms)}`;

/** When a shift runs: "6月1日周日 19:00–21:00", "(次日)" when it ends the next day. */
export function shiftWhen(s: { startsAt: number; endsAt: number }): string {
  const nextDay = shanghaiDate(s.endsAt) !== shanghaiDate(s.startsAt);
  return `${dayLabel(s.startsAt)} ${clock(s.startsAt)}–${clock(s.endsAt)}${nextDay ? ` ${t("vol.nextDay")}` : ""}`;
}

/** The reason (an API key "volunteer.x") why one may not sign up or join, in words. */
export function whyText(key: string | null | undefined, params: Record<string, string | number> = {}): string {
  if (!key) return "";
  const short = key.replace(/^volunteer\./, "");
  const known = [
    "shiftCancelled",
    "shiftStarted",
    "notApproved",
    "guardianConsent",
    "underageForTeam",
    "noInsurance",
    "shiftFull",
  ];
  return known.includes(short) ? t(`vol.why.${short}` as Key, params) : t("vol.why.other");
}

/** A clock for states that change with time (check-in opens, a shift ends). */
export function useNow(everyMs = 15_000) {
  const [now, setNow] = createSignal(Date.now());
  const id = setInterval(() => setNow(Date.now()), everyMs);
  onCleanup(() => clearInterval(id));
  return now;
}

export type CheckState = "none" | "early" | "open" | "in" | "done" | "missed";

/** Where a volunteer stands on a shift: not signed up, check-in not yet open, open, checked in, out, missed. */
export function checkState(
  shift: { startsAt: number; endsAt: number },
  signup: { checkInAt: number | null; checkOutAt: number | null } | null,
  now: number,
): CheckState {
  if (!signup) return "none";
  if (signup.checkOutAt) return "done";
  if (signup.checkInAt) return "in";
  if (now < shift.startsAt - CHECK_IN_EARLY_MS) return "early";
  if (now >= shift.endsAt) return "missed";
  return "open";
}

export const checkInOpensAt = (s: { startsAt: number }) => s.startsAt - CHECK_IN_EARLY_MS;

export const checkInPath = (street: string, community: string, shiftId: string) =>
  `/${street}/${community}/shifts/${encodeURIComponent(shiftId)}/check-in`;
export const verifyPath = (code: string) => `/verify/volunteer/${encodeURIComponent(code)}`;
export const volunteersPath = (street: string, community: string) => `/${street}/${community}/volunteers`;

/**
 * The resident pages' gate: loading, a login prompt (coming back here afterwards), a note for
 * staff accounts, or the page for the logged-in resident.
 */
export function ResidentOnly(props: { title: string; next: string; children: (user: User) => JSX.Element }) {
  const me = useMe();
  return (
    <Show when={!me.isPending} fallback={<Loading />}>
      <Switch>
        <Match when={me.isError}>
          <ErrorBox error={me.error} retry={() => me.refetch()} />
        </Match>
        <Match when={!me.data}>
          <h1>{props.title}</h1>
          <div class="card" data-testid="vol-login">
            <p>{t("vol.login.hint")}</p>
            <A href={`/login?next=${encodeURIComponent(props.next)}`} class="btn btn-primary btn-block mtgpub-big">
              {t("vol.login.link")}
            </A>
            <p class="meta">{t("vol.login.noAccount")}</p>
          </div>
        </Match>
        <Match when={me.data && me.data.role !== "resident" && me.data}>
          {(user) => (
            <>
              <h1>{props.title}</h1>
              <div class="card" data-testid="vol-not-resident">
                <p>{t("vol.notResident")}</p>
                <A href={homeFor(user().role)} class="btn btn-primary">
                  {t("pub.login.toConsole")}
                </A>
              </div>
            </>
          )}
        </Match>
        <Match when={me.data}>{(user) => props.children(user())}</Match>
      </Switch>
    </Show>
  );
}

/**
 * A button that asks before acting: the question, optional fields (a reason), 确认 and 返回.
 * The error of a failed action stays under it.
 */
export function ConfirmAction(props: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  testid: string;
  class?: string;
  disabled?: boolean;
  canConfirm?: boolean;
  children?: JSX.Element;
}) {
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  let box: HTMLDivElement | undefined;
  let opener: HTMLButtonElement | undefined;
  const open = () => {
    setError("");
    setAsking(true);
    queueMicrotask(() => box?.querySelector<HTMLElement>("textarea, input, button")?.focus());
  };
  const close = () => {
    setAsking(false);
    queueMicrotask(() => opener?.focus());
  };
  const run = async () => {
    if (busy()) return;
    setBusy(true);
    setError("");
    try {
      await props.onConfirm();
      setAsking(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="vol-confirm">
      <Show
        when={asking()}
        fallback={
          <button
            ref={opener}
            type="button"
            class={`btn ${props.class ?? ""}`}
            disabled={props.disabled}
            data-testid={props.testid}
            onClick={open}
          >
            {props.label}
          </button>
        }
      >
        <div
          ref={box}
          class="vol-confirm-box"
          role="group"
          aria-label={props.question}
          onKeyDown={(e) => e.key === "Escape" && close()}
        >
          <p class="vol-confirm-q">{props.question}</p>
          {props.children}
          <div class="btn-row">
            <button
              type="button"
              class="btn btn-danger"
              data-testid={`${props.testid}-confirm`}
              disabled={busy() || props.canConfirm === false}
              onClick={run}
            >
              {busy() ? t("vol.busy") : props.confirmLabel}
            </button>
            <button type="button" class="btn" data-testid={`${props.testid}-back`} onClick={close}>
              {t("vol.confirm.back")}
            </button>
          </div>
        </div>
      </Show>
      <p class="vol-error" role="alert">
        {error()}
      </p>
    </div>
  );
}

/** A team's conditions in words: risky → insurance needed; adults only. */
export function TeamConditions(props: { team: { risky: boolean; adultsOnly: boolean; cancelCutoffHours?: number } }) {
  return (
    <Show when={props.team.risky || props.team.adultsOnly || props.team.cancelCutoffHours !== undefined}>
      <ul class="vol-conditions">
        <Show when={props.team.risky}>
          <li data-condition="risky">
            <span class="badge badge-warn">{t("vol.cond.risky")}</span> {t("vol.cond.riskyHint")}
          </li>
        </Show>
        <Show when={props.team.adultsOnly}>
          <li data-condition="adults">
            <span class="badge badge-warn">{t("vol.cond.adults")}</span> {t("vol.cond.adultsHint")}
          </li>
        </Show>
        <Show when={props.team.cancelCutoffHours !== undefined}>
          <li data-condition="cutoff" class="meta">
            {t("vol.cond.cutoff", { hours: props.team.cancelCutoffHours ?? 0 })}
          </li>
        </Show>
      </ul>
    </Show>
  );
}

/** A shift's when, task, team and place: the head of every shift row. */
export function ShiftHead(props: {
  shift: {
    task: string;
    startsAt: number;
    endsAt: number;
    place: string;
    gridName?: string | null;
    notes?: string;
    teamName?: string;
    teamKind?: string;
  };
}) {
  const s = () => props.shift;
  return (
    <div class="vol-shift-head">
      <p class="vol-shift-when">
        <time datetime={new Date(s().startsAt).toISOString()}>{shiftWhen(s())}</time>
      </p>
      <p class="vol-shift-task">{s().task}</p>
      <p class="meta">
        <Show when={s().teamName}>
          <span>{s().teamName}</span>
        </Show>
        <Show when={s().teamName && s().place}> · </Show>
        <Show when={s().place}>
          <span>
            <span class="sr-only">{t("vol.shift.place")}</span>
            {s().place}
          </span>
        </Show>
        <Show when={s().gridName}>
          <span> · {s().gridName}</span>
        </Show>
      </p>
      <Show when={s().notes}>
        <p class="meta pre-line vol-shift-notes">{s().notes}</p>
      </Show>
    </div>
  );
}

/**
 * A query's data rendered without rebuilding on refetch (forms, errors and confirmations on the
 * page survive); loading and error states before the first data.
 */
export function Live<T>(props: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  children: (data: () => T) => JSX.Element;
  error?: (err: unknown) => JSX.Element;
}) {
  return (
    <Switch>
      <Match when={props.query.data !== undefined}>{props.children(() => props.query.data as T)}</Match>
      <Match when={props.query.isPending}>
        <Loading />
      </Match>
      <Match when={props.query.isError}>
        {props.error ? (
          props.error(props.query.error)
        ) : (
          <ErrorBox error={props.query.error} retry={() => props.query.refetch()} />
        )}
      </Match>
    </Switch>
  );
}
