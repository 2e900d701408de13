/**
 * The last periods, oldest → newest: the closing-balance line (upper panel) over income vs
 * expense bars (lower panel), sharing the period axis. Each panel has its own scale, so the
 * flows stay readable when the balance is much larger. Plain SVG, no chart library; the
 * numbers are also in a data table (screen readers, no SVG, copying).
 * Load it lazily: `lazy(() => import("./TrendChart"))`.
 */
import { For, Show, createMemo } from "solid-js";
import { lang, t } from "../../i18n";
import { periodLabel } from "../../lib/period";
import { formatYuan } from "../../../shared/rules/money";
import { axisYuan, niceTicks, useWidth } from "./chart-util";

export type TrendPoint = { period: string; incomeFen: number; expenseFen: number; closingBalanceFen: number };

const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const yuan = (fen: number) => `${fen < 0 ? "−" : ""}¥${formatYuan(Math.abs(fen))}`;

/** First axis line of a period: "Q3", "10月" / "Oct" ("10" / "O" when slots are narrow). */
function shortLabel(key: string, slot: number): string {
  const q = /-Q(\d)$/.exec(key);
  if (q) return `Q${q[1]}`;
  const m = Number(key.slice(5, 7));
  if (lang() === "en") return slot >= 30 ? (EN_MONTHS[m - 1] ?? key) : (EN_MONTHS[m - 1] ?? key).charAt(0);
  return slot >= 30 ? `${m}月` : String(m);
}

const isYearStart = (key: string) => /-(Q1|01)$/.test(key);

// Vertical layout (px): balance panel, flows panel, period axis.
const LEFT = 52;
const RIGHT = 10;
const A = { top: 22, height: 86 }; // closing balance
const B = { top: 136, height: 112 }; // income / expense
const AXIS = B.top + B.height;
const HEIGHT = AXIS + 38;

function scale(ticks: number[], top: number, height: number) {
  const lo = ticks[0];
  const hi = ticks[ticks.length - 1];
  return (v: number) => top + height - ((v - lo) / (hi - lo || 1)) * height;
}

export default function TrendChart(props: { points: TrendPoint[] }) {
  let box: HTMLDivElement | undefined;
  const width = useWidth(() => box);

  const layout = createMemo(() => {
    const pts = props.points;
    const w = width();
    const plotW = w - LEFT - RIGHT;
    const balances = pts.map((p) => p.closingBalanceFen);
    const flows = pts.flatMap((p) => [p.incomeFen, p.expenseFen]);
    const ticksA = niceTicks(Math.min(0, ...balances), Math.max(0, ...balances), 2);
    const ticksB = niceTicks(0, Math.max(0, ...flows), 3);
    const slot = plotW / Math.max(1, pts.length);
    const bar = Math.max(3, Math.min(16, slot * 0.3));
    const cx = (i: number) => LEFT + slot * i + slot / 2;
    // The year goes under each Q1 / January, and under the first period when there is room.
    const firstStart = pts.findIndex((p, i) => i > 0 && isYearStart(p.period));
    const showYear = (i: number) =>
      isYearStart(pts[i].period) || (i === 0 && (firstStart < 0 || firstStart * slot >= 36));
    return {
      w,
      ticksA,
      ticksB,
      yA: scale(ticksA, A.top, A.height),
      yB: scale(ticksB, B.top, B.height),
      slot,
      bar,
      cx,
      showYear,
    };
  });

  const summary = () => {
    const pts = props.points;
    if (!pts.length) return "";
    return t("finpub.trend.summary", {
      n: pts.length,
      from: periodLabel(pts[0].period, lang()),
      to: periodLabel(pts[pts.length - 1].period, lang()),
      income: yuan(pts.reduce((n, p) => n + p.incomeFen, 0)),
      expense: yuan(pts.reduce((n, p) => n + p.expenseFen, 0)),
      first: yuan(pts[0].closingBalanceFen),
      last: yuan(pts[pts.length - 1].closingBalanceFen),
    });
  };

  const linePoints = () => {
    const l = layout();
    return props.points.map((p, i) => `${l.cx(i).toFixed(1)},${l.yA(p.closingBalanceFen).toFixed(1)}`).join(" ");
  };

  const Grid = (p: { ticks: number[]; y: (v: number) => number }) => (
    <g class="axis">
      <For each={p.ticks}>
        {(v) => (
          <g>
            <line x1={LEFT} x2={layout().w - RIGHT} y1={p.y(v)} y2={p.y(v)} class={v === 0 ? "zero" : "grid"} />
            <text x={LEFT - 6} y={p.y(v) + 4} text-anchor="end">
              {axisYuan(v, lang())}
            </text>
          </g>
        )}
      </For>
    </g>
  );

  return (
    <figure class="finpub-chart" data-testid="trend-chart">
      <ul class="finpub-legend" aria-hidden="true">
        <li>
          <span class="swatch swatch-closing" />
          {t("finpub.legend.closing")}
        </li>
        <li>
          <span class="swatch swatch-income" />
          {t("finpub.legend.income")}
        </li>
        <li>
          <span class="swatch swatch-expense" />
          {t("finpub.legend.expense")}
        </li>
      </ul>
      <div class="finpub-chart-box" ref={box}>
        <svg
          role="img"
          aria-label={summary()}
          viewBox={`0 0 ${layout().w} ${HEIGHT}`}
          width="100%"
          height={HEIGHT}
          preserveAspectRatio="xMinYMin meet"
          class="finpub-svg"
        >
          <text class="panel-title" x={LEFT} y={A.top - 10}>
            {t("finpub.legend.closing")}
          </text>
          <Grid ticks={layout().ticksA} y={layout().yA} />
          <text class="panel-title" x={LEFT} y={B.top - 10}>
            {`${t("finpub.legend.income")} / ${t("finpub.legend.expense")}`}
          </text>
          <Grid ticks={layout().ticksB} y={layout().yB} />
          <For each={props.points}>
            {(p, i) => {
              const l = layout;
              const base = () => l().yB(0);
              return (
                <g class="slot" data-period={p.period}>
                  <title>
                    {`${periodLabel(p.period, lang())} · ${t("finpub.legend.income")} ${yuan(p.incomeFen)} · ${t(
                      "finpub.legend.expense",
                    )} ${yuan(p.expenseFen)} · ${t("finpub.legend.closing")} ${yuan(p.closingBalanceFen)}`}
                  </title>
                  <rect
                    class="bar-income"
                    x={l().cx(i()) - l().bar - 1}
                    width={l().bar}
                    y={Math.min(base(), l().yB(p.incomeFen))}
                    height={Math.max(p.incomeFen ? 1 : 0, Math.abs(base() - l().yB(p.incomeFen)))}
                  />
                  <rect
                    class="bar-expense"
                    x={l().cx(i()) + 1}
                    width={l().bar}
                    y={Math.min(base(), l().yB(p.expenseFen))}
                    height={Math.max(p.expenseFen ? 1 : 0, Math.abs(base() - l().yB(p.expenseFen)))}
                  />
                  <text class="xlabel" x={l().cx(i())} y={AXIS + 16} text-anchor="middle">
                    {shortLabel(p.period, l().slot)}
                  </text>
                  <Show when={l().showYear(i())}>
                    <text class="xyear" x={l().cx(i())} y={AXIS + 32} text-anchor="middle">
                      {p.period.slice(0, 4)}
                    </text>
                  </Show>
                </g>
              );
            }}
          </For>
          <polyline class="closing-line" points={linePoints()} />
          <For each={props.points}>
            {(p, i) => (
              <circle class="closing-dot" cx={layout().cx(i())} cy={layout().yA(p.closingBalanceFen)} r="3.5" />
            )}
          </For>
        </svg>
      </div>
      <details class="finpub-chart-data">
        <summary>{t("finpub.trend.table")}</summary>
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t("finpub.col.period")}</th>
                <th scope="col" class="num">
                  {t("finpub.legend.income")}
                </th>
                <th scope="col" class="num">
                  {t("finpub.legend.expense")}
                </th>
                <th scope="col" class="num">
                  {t("finpub.legend.closing")}
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={props.points}>
                {(p) => (
                  <tr>
                    <th scope="row">{periodLabel(p.period, lang())}</th>
                    <td class="num">{yuan(p.incomeFen)}</td>
                    <td class="num">{yuan(p.expenseFen)}</td>
                    <td class="num">{yuan(p.closingBalanceFen)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
