/**
 * What every monitoring page shows the same way: an indicator's name, its value in its unit, its
 * traffic light (a shape and a word as well as a colour) and the threshold behind the light.
 * Shared by the street console and the public assessment page, so it stays light: no console code.
 */
import { createSignal, onCleanup, Show } from "solid-js";
import { INDICATORS, lightOf, type IndicatorKey, type Light } from "../../../shared/rules/monitor";
import { registerStrings, t, type Key } from "../../i18n";
import { monitorStrings } from "../../i18n/monitor";
import { shanghaiDate } from "../../../shared/rules/eligibility";

registerStrings(monitorStrings);

export const indicatorName = (key: IndicatorKey) => t(`mon.ind.${key}` as Key);
export const indicatorShort = (key: IndicatorKey) => t(`mon.short.${key}` as Key);
export const indicatorExplain = (key: IndicatorKey) => t(`mon.ex.${key}` as Key);

/** Tidy a number for display: at most one decimal (two for ratings), no trailing zeros. */
const tidy = (n: number, digits = 1) => String(Number(n.toFixed(digits)));

/** "95.2%", "3", "4.5", "270.1"; "—" when there is nothing to measure. */
export function formatValue(key: IndicatorKey, value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const unit = INDICATORS[key].unit;
  if (unit === "pct") return `${tidy(value)}%`;
  if (unit === "rating") return tidy(value, 2);
  if (unit === "count") return String(value);
  // Hours: whole hours once there are a hundred or more.
  return value >= 100 ? String(Math.round(value)) : tidy(value);
}

/** "绿 ≥95%，黄 ≥80%，低于 80% 为红": the rule behind an indicator's light. */
export function thresholdText(key: IndicatorKey): string {
  const d = INDICATORS[key];
  const params = { green: d.green, yellow: d.yellow };
  if (d.better === "lower") return t(d.green === 0 ? "mon.th.lower.zero" : "mon.th.lower", params);
  return t(`mon.th.higher.${d.unit === "count" ? "pct" : d.unit}` as Key, params);
}

const MARK: Record<Light, string> = { green: "●", yellow: "▲", red: "■" };
export const lightLabel = (light: Light | null) => t(light ? (`mon.light.${light}` as Key) : "mon.light.none");

/** The full tooltip of a value: name, value, light and the threshold. */
export function valueTitle(key: IndicatorKey, value: number | null | undefined): string {
  const light = lightOf(key, value ?? null);
  const what = light ? lightLabel(light) : t("mon.noData");
  return `${indicatorName(key)}：${formatValue(key, value)}（${what}）\n${thresholdText(key)}`;
}

/**
 * A value with its light: the colour is carried by the class, the shape and the word (read out,
 * not shown) say the same for people who cannot tell the colours apart.
 */
export function LightValue(props: { ind: IndicatorKey; value: number | null | undefined; title?: boolean }) {
  const light = () => lightOf(props.ind, props.value ?? null);
  return (
    <span
      class={`mon-val mon-light-${light() ?? "none"}`}
      data-light={light() ?? "none"}
      title={props.title === false ? undefined : valueTitle(props.ind, props.value)}
    >
      <Show when={light()}>
        {(l) => (
          <span class="mon-mark" aria-hidden="true">
            {MARK[l()]}
          </span>
        )}
      </Show>
      <span class="mon-num">{formatValue(props.ind, props.value)}</span>
      <span class="sr-only">（{lightLabel(light())}）</span>
    </span>
  );
}

/** The three lights and what "—" means. */
export function Legend() {
  return (
    <div class="mon-legend" role="note" aria-label={t("mon.ov.legend")}>
      {(["green", "yellow", "red"] as const).map((l) => (
        <span class={`mon-val mon-light-${l}`}>
          <span class="mon-mark" aria-hidden="true">
            {MARK[l]}
          </span>
          {lightLabel(l)}
        </span>
      ))}
      <span class="mon-val mon-light-none">— {lightLabel(null)}</span>
      <span class="meta">{t("mon.ov.legendNote")}</span>
    </div>
  );
}

/** Whether a media query matches now, following changes (e.g. a phone turned sideways). */
export function useMedia(query: string) {
  const mq = window.matchMedia(query);
  const [matches, setMatches] = createSignal(mq.matches);
  const onChange = () => setMatches(mq.matches);
  mq.addEventListener("change", onChange);
  onCleanup(() => mq.removeEventListener("change", onChange));
  return matches;
}

/** The Shanghai calendar year now. */
export const shanghaiYear = (at = Date.now()) => Number(shanghaiDate(at).slice(0, 4));

/** The indicators in the order and groups every page shows them. */
export const GROUPS: { id: "disclosure" | "democracy" | "cases" | "volunteers"; keys: IndicatorKey[] }[] = [
  { id: "disclosure", keys: ["disclosureOnTimePct", "overdueFinance", "overdueNotices", "unansweredQueries"] },
  { id: "democracy", keys: ["meetingsRequiredPct", "meetingsQuoratePct", "voteTurnoutPct"] },
  {
    id: "cases",
    keys: ["casesInTimePct", "redCases", "escalatedCases", "mediationSuccessPct", "satisfaction"],
  },
  { id: "volunteers", keys: ["volunteerHoursPer100", "patrolFilledPct"] },
];
export const groupName = (id: (typeof GROUPS)[number]["id"]) => t(`mon.ov.group.${id}` as Key);

/** How many of a community's indicators are red now. */
export const redCount = (values: Partial<Record<IndicatorKey, number | null>>) =>
  GROUPS.flatMap((g) => g.keys).filter((k) => lightOf(k, values[k] ?? null) === "red").length;

/** A community's drill-down in the street console. */
export const drillPath = (id: string) => `/street/communities/${encodeURIComponent(id)}/monitor`;
