/** Helpers of the small SVG charts: the drawn width follows the box, so text stays at its real size. */
import { createSignal, onCleanup, onMount } from "solid-js";

/**
 * The pixel width of `el()` (updated on resize). The charts use it as their viewBox width, so
 * 12px text is 12px on a 390px phone and on a desktop alike.
 */
export function useWidth(el: () => HTMLElement | undefined, initial = 360) {
  const [width, setWidth] = createSignal(initial);
  onMount(() => {
    const node = el();
    if (!node) return;
    const measure = () => {
      const w = Math.floor(node.getBoundingClientRect().width);
      if (w > 0) setWidth(Math.max(240, w));
    };
    measure();
    if (typeof ResizeObserver !== "undefined") {
      const ro = new ResizeObserver(measure);
      ro.observe(node);
      onCleanup(() => ro.disconnect());
    } else {
      window.addEventListener("resize", measure);
      onCleanup(() => window.removeEventListener("resize", measure));
    }
  });
  return width;
}

/** Round axis ticks from `min` to `max` (fen), about `count` of them, always including zero. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  if (hi === lo) return [0, 100];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.floor(lo / step) * step; v < hi + step; v += step) {
    ticks.push(v);
    if (v >= hi) break;
  }
  return ticks;
}

/** Short axis label of an amount in fen: 56300000 → "56.3万" / "563k". */
export function axisYuan(fen: number, lang: "zh" | "en"): string {
  const yuan = fen / 100;
  const abs = Math.abs(yuan);
  const sign = yuan < 0 ? "−" : "";
  const trim = (n: number) => String(Number(n.toFixed(1)));
  if (lang === "zh") {
    if (abs >= 1e8) return `${sign}${trim(abs / 1e8)}亿`;
    if (abs >= 1e4) return `${sign}${trim(abs / 1e4)}万`;
    return `${sign}${trim(abs)}`;
  }
  if (abs >= 1e6) return `${sign}${trim(abs / 1e6)}M`;
  if (abs >= 1e3) return `${sign}${trim(abs / 1e3)}k`;
  return `${sign}${trim(abs)}`;
}
