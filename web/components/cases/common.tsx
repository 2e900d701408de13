import type { inferRouterOutputs } from "@trpc/server";
import { For, Show } from "solid-js";
import type { AppRouter } from "../../../worker/router";
import { CASE_STATUSES } from "../../../shared/rules/cases";
import { casesPublicStrings } from "../../i18n/cases-public";
import { registerStrings, t, type Key } from "../../i18n";
import { formatDate, formatDateTime } from "../../lib/format";
import "../../styles/cases-public.css";

registerStrings(casesPublicStrings);

type Outputs = inferRouterOutputs<AppRouter>;
export type MyCase = Outputs["cases"]["mine"][number];
export type TrackedCase = Outputs["cases"]["track"];
export type CaseEvent = MyCase["events"][number];

export const kindLabel = (kind: string) => t(`case.kind.${kind}` as Key);
export const categoryLabel = (c: string) => t(`case.cat.${c}` as Key);
export const stepLabel = (s: string) => t(`case.step.${s}` as Key);
export const stars = (n: number) => "★".repeat(n) + "☆".repeat(Math.max(0, 5 - n));

/** 受理 → 办理 → 核实 → 办结: done, current or still to come. */
export function Stepper(props: { status: string; dueAt?: number | null }) {
  const at = () => CASE_STATUSES.indexOf(props.status as (typeof CASE_STATUSES)[number]);
  const state = (i: number) =>
    props.status === "closed" ? "done" : i < at() ? "done" : i === at() ? "current" : "todo";
  return (
    <ol class="case-steps" aria-label={t("case.steps")}>
      <For each={CASE_STATUSES}>
        {(s, i) => (
          <li
            class={`case-step case-step-${state(i())}`}
            data-testid="case-step"
            data-step={s}
            data-state={state(i())}
            aria-current={state(i()) === "current" ? "step" : undefined}
          >
            <span class="case-step-dot" aria-hidden="true">
              {state(i()) === "done" ? "✓" : i() + 1}
            </span>
            <span class="case-step-name">{stepLabel(s)}</span>
            <span class="sr-only">{t(`case.stepState.${state(i())}` as Key)}</span>
            <Show when={state(i()) === "current" && props.dueAt}>
              {(due) => <span class="case-step-due">{formatDate(due())}</span>}
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}

const AGREEMENT_FIELDS = ["parties", "facts", "terms", "deadline"] as const;

/** The public timeline (the API leaves staff notes out). */
export function Timeline(props: { events: CaseEvent[] }) {
  const agreement = (e: CaseEvent) =>
    e.kind === "agreement" && e.data && typeof e.data === "object" ? (e.data as Record<string, unknown>) : null;
  return (
    <section class="case-timeline" aria-label={t("case.timeline")}>
      <h3>{t("case.timeline")}</h3>
      <Show when={props.events.length > 0} fallback={<p class="muted">{t("case.noEvents")}</p>}>
        <ol class="case-events">
          <For each={props.events}>
            {(e) => (
              <li data-testid="case-event" data-kind={e.kind}>
                <time class="meta">{formatDateTime(e.at)}</time> <strong>{t(`case.ev.${e.kind}` as Key)}</strong>
                <Show when={e.note}>
                  <p class="case-note">{e.note}</p>
                </Show>
                <Show when={agreement(e)}>
                  {(a) => (
                    <dl class="kv case-agreement">
                      <For each={AGREEMENT_FIELDS}>
                        {(f) => (
                          <Show when={typeof a()[f] === "string" && a()[f]}>
                            <dt>{t(`case.agreement.${f}` as Key)}</dt>
                            <dd>{String(a()[f])}</dd>
                          </Show>
                        )}
                      </For>
                    </dl>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
