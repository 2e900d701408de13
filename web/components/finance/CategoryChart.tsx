/**
 * Totals by category of one period as horizontal bars, income and expense groups, each bar on
 * one scale (the largest category fills the row). Plain SVG with a data table for screen
 * readers. Load it lazily: `lazy(() => import("./CategoryChart"))`.
 */
import { For, createMemo } from "solid-js";
import { lang, t } from "../../i18n";
import { formatYuan } from "../../../shared/rules/money";
import { useWidth } from "./chart-util";

export type CategoryTotal = {
  category: string;
  label: string;
  direction: string;
  amountFen: number;
  count: number;
};

const yuan = (fen: number) => `${fen < 0 ? "−" : ""}¥${formatYuan(Math.abs(fen))}`;
const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : "–");

const groupKey = (d: string) => (d === "income" ? "finpub.byCategory.incomeGroup" : "finpub.byCategory.expenseGroup");

const ROW = 38;
const HEAD = 30;
const GAP = 10;
const PAD = 4;

type Row =
  | { kind: "head"; y: number; direction: "income" | "expense"; totalFen: number }
  | { kind: "bar"; y: number; item: CategoryTotal; share: string };

export default function CategoryChart(props: { totals: CategoryTotal[]; periodLabel: string }) {
  let box: HTMLDivElement | undefined;
  const width = useWidth(() => box);

  const groups = createMemo(() =>
    (["income", "expense"] as const).map((direction) => {
      const items = props.totals.filter((c) => c.direction === direction).sort((a, b) => b.amountFen - a.amountFen);
      return { direction, items, totalFen: items.reduce((n, c) => n + c.amountFen, 0) };
    }),
  );

  const layout = createMemo(() => {
    const rows: Row[] = [];
    let y = 0;
    for (const g of groups()) {
      if (!g.items.length) continue;
      if (rows.length) y += GAP;
      rows.push({ kind: "head", y, direction: g.direction, totalFen: g.totalFen });
      y += HEAD;
      for (const item of g.items) {
        rows.push({ kind: "bar", y, item, share: pct(item.amountFen, g.totalFen) });
        y += ROW;
      }
    }
    const max = Math.max(1, ...props.totals.map((c) => c.amountFen));
    return { rows, height: Math.max(y, 1), max, w: width() };
  });

  const summary = () => {
    const zh = lang() === "zh";
    const parts = groups()
      .filter((g) => g.items.length)
      .map((g) => {
        const head = `${t(groupKey(g.direction))} ${yuan(g.totalFen)}`;
        const items = g.items
          .map((c) => t("finpub.category.part", { category: c.label, amount: yuan(c.amountFen) }))
          .join(zh ? "、" : ", ");
        return zh ? `${head}（${items}）` : `${head} (${items})`;
      });
    return t("finpub.category.summary", { period: props.periodLabel, parts: parts.join(zh ? "；" : "; ") });
  };

  return (
    <figure class="finpub-chart" data-testid="category-chart">
      <div class="finpub-chart-box" ref={box}>
        <svg
          role="img"
          aria-label={summary()}
          viewBox={`0 0 ${layout().w} ${layout().height}`}
          width="100%"
          height={layout().height}
          preserveAspectRatio="xMinYMin meet"
          class="finpub-svg"
        >
          <For each={layout().rows}>
            {(r) =>
              r.kind === "head" ? (
                <text class="group-head" x={PAD} y={r.y + 20}>
                  {`${t(groupKey(r.direction))} ${yuan(r.totalFen)}`}
                </text>
              ) : (
                <g class="cat-row" data-category={r.item.category} data-direction={r.item.direction}>
                  <title>{`${r.item.label} ${yuan(r.item.amountFen)} · ${r.share}`}</title>
                  <text x={PAD} y={r.y + 13}>
                    {r.item.label}
                  </text>
                  <text x={layout().w - PAD} y={r.y + 13} text-anchor="end" class="amount">
                    {`${yuan(r.item.amountFen)} · ${r.share}`}
                  </text>
                  <rect class="track" x={PAD} y={r.y + 19} width={layout().w - 2 * PAD} height="11" rx="2" />
                  <rect
                    class={r.item.direction === "income" ? "bar-income" : "bar-expense"}
                    x={PAD}
                    y={r.y + 19}
                    width={Math.max(2, ((layout().w - 2 * PAD) * r.item.amountFen) / layout().max)}
                    height="11"
                    rx="2"
                  />
                </g>
              )
            }
          </For>
        </svg>
      </div>
      <details class="finpub-chart-data">
        <summary>{t("finpub.trend.table")}</summary>
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t("finpub.col.category")}</th>
                <th scope="col">{t("finpub.col.direction")}</th>
                <th scope="col" class="num">
                  {t("finpub.col.amount")}
                </th>
                <th scope="col" class="num">
                  {t("finpub.col.count")}
                </th>
                <th scope="col" class="num">
                  {t("finpub.col.share")}
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={groups()}>
                {(g) => (
                  <For each={g.items}>
                    {(c) => (
                      <tr>
                        <th scope="row">{c.label}</th>
                        <td>{t(g.direction === "income" ? "finpub.dir.income" : "finpub.dir.expense")}</td>
                        <td class="num">{formatYuan(c.amountFen)}</td>
                        <td class="num">{c.count}</td>
                        <td class="num">{pct(c.amountFen, g.totalFen)}</td>
                      </tr>
                    )}
                  </For>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
