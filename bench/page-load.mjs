// Page loads in Chromium (Debian's /usr/bin/chromium through playwright-core) against a running
// server: a phone-sized page in a fresh browser context each run (empty cache, no cookies), CPU
// throttled 4× and the network throttled to DevTools' "Fast 3G" preset. Per page it reports the
// medians of Largest Contentful Paint, of the time the content is visible (first notice row on
// the community home, the notice's title on a notice page) and of the bytes transferred.
import { chromium } from "playwright-core";

/**
 * DevTools' "Fast 3G" preset (Chromium front_end NetworkManager): 1.6 Mbit/s down and 750 kbit/s
 * up, both × 0.9, and 150 ms × 3.75 latency. CDP takes bytes per second and milliseconds.
 */
export const FAST_3G = {
  offline: false,
  latency: 150 * 3.75, // 562.5 ms added to every request
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, // 180,000 B/s = 1.44 Mbit/s
  uploadThroughput: ((750 * 1000) / 8) * 0.9, // 84,375 B/s = 675 kbit/s
  connectionType: "cellular3g",
};
export const CPU_SLOWDOWN = 4;
export const LCP_BUDGET_MS = 1500;

// As test/browser/browser.ts: headless Debian Chromium on this machine's closed network.
const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/**
 * @param {string} base e.g. "http://127.0.0.1:8798" (a server with the demo data seeded)
 * @param {{ runs?: number; log?: (line: string) => void }} [opts]
 */
export async function pageLoads(base, opts = {}) {
  const runs = opts.runs ?? Number(process.env.BENCH_PAGE_RUNS ?? 5);
  const list = await (await fetch(`${base}/api/open/v1/demo-street/hehua/notices`)).json();
  const noticeId = list.items[0].id;
  const pages = [
    { page: "community home", path: "/demo-street/hehua", visible: "li.notice-row" },
    { page: "notice page", path: `/demo-street/hehua/notices/${noticeId}`, visible: "h1.notice-h1" },
  ];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: LAUNCH_ARGS,
  });
  try {
    // One unthrottled load of each page first, so the server's first-request costs are not measured.
    for (const p of pages) await loadOnce(browser, base, p, false);
    const samples = new Map(pages.map((p) => [p, []]));
    // Alternate the pages run by run, so that noise from the shared machine spreads over both.
    for (let i = 0; i < runs; i++)
      for (const p of pages) {
        const s = await loadOnce(browser, base, p, true);
        samples.get(p).push(s);
        opts.log?.(`  ${p.page} run ${i + 1}: LCP ${s.lcpMs} ms, visible ${s.visibleMs} ms, ${s.bytes} bytes`);
      }
    return {
      throttling: {
        cpuSlowdown: CPU_SLOWDOWN,
        network: "DevTools Fast 3G",
        latencyMs: FAST_3G.latency,
        downloadBytesPerSecond: FAST_3G.downloadThroughput,
        uploadBytesPerSecond: FAST_3G.uploadThroughput,
        viewport: `${PHONE.viewport.width}×${PHONE.viewport.height} @${PHONE.deviceScaleFactor}x, mobile`,
      },
      runs,
      lcpBudgetMs: LCP_BUDGET_MS,
      pages: pages.map((p) => {
        const s = samples.get(p);
        const lcpMedianMs = median(s.map((x) => x.lcpMs));
        return {
          page: p.page,
          path: p.path,
          visibleSelector: p.visible,
          lcpMedianMs,
          visibleMedianMs: median(s.map((x) => x.visibleMs)),
          bytesMedian: median(s.map((x) => x.bytes)),
          requestsMedian: median(s.map((x) => x.requests)),
          // Where the time goes (medians, ms from navigation start): the HTML loaded, the last
          // script loaded, the last API response before the content showed.
          appMedianMs: median(s.map((x) => x.appMs)),
          htmlDoneMs: median(s.map((x) => x.htmlDoneMs)),
          scriptsDoneMs: median(s.map((x) => x.scriptsDoneMs)),
          dataDoneMs: median(s.map((x) => x.dataDoneMs)),
          lcpElement: mode(s.map((x) => x.lcpElement)),
          lcpOk: lcpMedianMs !== null && lcpMedianMs < LCP_BUDGET_MS,
          samples: s,
        };
      }),
    };
  } finally {
    await browser.close();
  }
}

/** One load of `p.path` in a fresh context; times in ms from navigation start. */
async function loadOnce(browser, base, p, throttled) {
  const context = await browser.newContext(PHONE);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    let bytes = 0;
    let requests = 0;
    cdp.on("Network.loadingFinished", (e) => {
      bytes += e.encodedDataLength;
      requests++;
    });
    if (throttled) {
      await cdp.send("Network.emulateNetworkConditions", FAST_3G);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    }
    await page.addInitScript(observe, p.visible);
    await page.goto(base + p.path, { waitUntil: "load", timeout: 60_000 });
    await page.waitForFunction(() => window.__bench.visibleMs !== null && window.__bench.appMs !== null, null, {
      timeout: 60_000,
    });
    await page.waitForLoadState("networkidle", { timeout: 60_000 });
    const m = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const res = performance.getEntriesByType("resource");
      const end = (f) => Math.max(0, ...res.filter(f).map((r) => r.responseEnd));
      const b = window.__bench;
      return {
        lcpMs: b.lcpMs,
        lcpElement: b.lcpElement,
        visibleMs: b.visibleMs,
        appMs: b.appMs,
        htmlDoneMs: nav ? nav.responseEnd : null,
        scriptsDoneMs: end((r) => r.initiatorType === "script" || /\.js(\?|$)/.test(r.name)),
        dataDoneMs: end((r) => /\/(trpc|api)\//.test(r.name) && r.responseEnd <= b.visibleMs),
      };
    });
    const round = (n) => (n === null ? null : Math.round(n));
    return {
      lcpMs: round(m.lcpMs),
      lcpElement: m.lcpElement,
      visibleMs: round(m.visibleMs),
      appMs: round(m.appMs),
      htmlDoneMs: round(m.htmlDoneMs),
      scriptsDoneMs: round(m.scriptsDoneMs),
      dataDoneMs: round(m.dataDoneMs),
      bytes,
      requests,
    };
  } finally {
    await context.close();
  }
}

/** Runs in the page before its own scripts: records LCP and when `selector` first shows. */
function observe(selector) {
  const b = (window.__bench = { lcpMs: null, lcpElement: null, visibleMs: null, appMs: null });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      b.lcpMs = e.startTime;
      const name = (el) => el.tagName.toLowerCase() + [...el.classList].map((c) => `.${c}`).join("");
      const el = e.element;
      b.lcpElement = !el ? "?" : el.parentElement ? `${name(el.parentElement)} > ${name(el)}` : name(el);
    }
  }).observe({ type: "largest-contentful-paint", buffered: true });
  let found = false;
  const check = () => {
    if (found || !document.querySelector(selector)) return;
    found = true;
    mo.disconnect();
    // The frame that paints it: the next animation frame after the element entered the DOM.
    requestAnimationFrame(() => (b.visibleMs = performance.now()));
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { childList: true, subtree: true });
  // When the app has rendered the same content itself (a painted page shows it before that).
  const app = new MutationObserver(() => {
    if (b.appMs !== null || !document.querySelector(`#root ${selector}`)) return;
    app.disconnect();
    requestAnimationFrame(() => (b.appMs = performance.now()));
  });
  app.observe(document, { childList: true, subtree: true });
}

function median(xs) {
  const v = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : Math.round((v[mid - 1] + v[mid]) / 2);
}

function mode(xs) {
  const counts = new Map();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}
