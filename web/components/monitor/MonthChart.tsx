/**
 * One indicator month by month: a bar per month coloured by its light, the green and yellow
 * thresholds as dashed lines, "—" under months with nothing to measure. Plain SVG, no chart
 * library; the numbers are also in a table. Load it lazily: `lazy(() => import("./MonthChart"))`.
 */
import { createMemo, For, Show } from "solid-js";
import { INDICATORS, lightOf, type IndicatorKey } from "../../../shared/rules/monitor";
import { lang, t } from "../../i18n";
import { periodLabel } from "../../lib/period";
import { useWidth } from "../finance/chart-util";
import { formatValue, indicatorName, thresholdText } from "./common";

export type MonthPoint = { month: string; value: number | null };

const EN_MONTHS = ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"];
const LEFT = 34;
const RIGHT = 6;
const TOP = 8;
const PLOT = 110;
const HEIGHT = TOP + PLOT + 34;

/** The value axis: percentages 0–100, ratings 1–5, hours from 0 to a round number above the data. */
function axis(ind: IndicatorKey, values: number[]): { lo: number; hi: number; ticks: number[] } {
  const unit = INDICATORS[ind].unit;
  if (unit === "pct") return { lo: 0, hi: 100, ticks: [0, 50, 100] };
  if (unit === "rating") return { lo: 1, hi: 5, ticks: [1, 3, 5] };
  const top = Math.max(INDICATORS[ind].green, ...values) * 1.1;
  const step = 10 ** Math.floor(Math.log10(top || 1));
  const hi = Math.ceil(top / step) * step;
  return { lo: 0, hi, ticks: [0, hi / 2, hi] };
}

export default function MonthChart(props: { ind: IndicatorKey; points: MonthPoint[] }) {
  let box: HTMLDivElement | undefined;
  const width = useWidth(() => box, 320);
  const layout = createMemo(() => {
    const pts = props.points;
    const a = axis(
      props.ind,
      pts.flatMap((p) => (p.value === null ? [] : [p.value])),
    );
    const slot = (width() - LEFT - RIGHT) / Math.max(1, pts.length);
    const y = (v: number) => TOP + PLOT - ((Math.min(a.hi, Math.max(a.lo, v)) - a.lo) / (a.hi - a.lo || 1)) * PLOT;
    return { ...a, slot, bar: Math.max(4, Math.min(22, slot * 0.6)), x: (i: number) => LEFT + slot * i + slot / 2, y };
  });
  const label = (month: string) => {
    const m = Number(month.slice(5, 7));
    return lang() === "zh" ? (layout().slot >= 26 ? `${m}月` : String(m)) : (EN_MONTHS[m - 1] ?? month);
  };
  const withData = () => props.points.filter((p) => p.value !== null).length;
  const summary = () => {
    const pts = props.points;
    if (!pts.length) return indicatorName(props.ind);
    return t("mon.cm.chartSummary", {
      name: indicatorName(props.ind),
      from: periodLabel(pts[0].month, lang()),
      to: periodLabel(pts[pts.length - 1].month, lang()),
      n: withData(),
    });
  };
  const d = INDICATORS[props.ind];
  return (
    <figure class="mon-chart" data-testid="month-chart" data-ind={props.ind}>
      <figcaption>
        {indicatorName(props.ind)}
        <div class="meta">{thresholdText(props.ind)}</div>
      </figcaption>
      <div ref={box}>
        <svg
          role="img"
          aria-label={summary()}
          viewBox={`0 0 ${width()} ${HEIGHT}`}
          width="100%"
          height={HEIGHT}
          preserveAspectRatio="xMinYMin meet"
        >
          <For each={layout().ticks}>
            {(v) => (
              <g>
                <line class="grid" x1={LEFT} x2={width() - RIGHT} y1={layout().y(v)} y2={layout().y(v)} />
                <text x={LEFT - 4} y={layout().y(v) + 4} text-anchor="end">
                  {String(Number(v.toFixed(1)))}
                </text>
              </g>
            )}
          </For>
          <line class="th-green" x1={LEFT} x2={width() - RIGHT} y1={layout().y(d.green)} y2={layout().y(d.green)} />
          <line class="th-yellow" x1={LEFT} x2={width() - RIGHT} y1={layout().y(d.yellow)} y2={layout().y(d.yellow)} />
          <For each={props.points}>
            {(p, i) => {
              const l = layout;
              const light = () => lightOf(props.ind, p.value);
              const top = () => (p.value === null ? 0 : l().y(p.value));
              return (
                <g data-month={p.month}>
                  <title>{`${periodLabel(p.month, lang())}：${formatValue(props.ind, p.value)}`}</title>
                  <Show
                    when={p.value !== null}
                    fallback={
                      <text class="nodata" x={l().x(i())} y={TOP + PLOT - 4} text-anchor="middle">
                        —
                      </text>
                    }
                  >
                    <rect
                      class={`bar-${light()}`}
                      x={l().x(i()) - l().bar / 2}
                      width={l().bar}
                      y={Math.min(top(), TOP + PLOT - 1)}
                      height={Math.max(1, TOP + PLOT - top())}
                    />
                  </Show>
                  <text x={l().x(i())} y={TOP + PLOT + 14} text-anchor="middle">
                    {label(p.month)}
                  </text>
                  <Show when={i() === 0 || p.month.endsWith("-01")}>
                    <text x={l().x(i())} y={TOP + PLOT + 28} text-anchor="middle">
                      {p.month.slice(0, 4)}
                    </text>
                  </Show>
                </g>
              );
            }}
          </For>
        </svg>
      </div>
      <details>
        <summary>{t("mon.cm.chartData")}</summary>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t("mon.cm.month")}</th>
              <th scope="col">{indicatorName(props.ind)}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.points}>
              {(p) => (
                <tr>
                  <th scope="row">{periodLabel(p.month, lang())}</th>
                  <td>{formatValue(props.ind, p.value)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </details>
    </figure>
  );
}
