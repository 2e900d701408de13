import { TRPCError } from "@trpc/server";
import { Hono } from "hono";
import { etag } from "hono/etag";
import { communityKey, noticeKey } from "../../shared/query-keys";
import type { DisplayLang } from "../../shared/format";
import { readCookie } from "../auth/session";
import type { Env } from "../env";
import { publicCache, type CacheScope } from "../public-cache";
import { appRouter } from "../router";
import { createCallerFactory } from "../trpc";
import { localNameIn } from "../../shared/public-paths";
import { chrome, renderHome, renderNotice } from "./render";
import { pageRoute, type PageRoute } from "./routes";
import { PREF_COOKIES } from "../../shared/prefs";

/**
 * Navigations to the app. A community home or a notice page comes with its first paint: the
 * content rendered into the HTML, the stylesheet inlined and the data the app needs seeded, so
 * a phone on a slow network shows the page after one round trip instead of three (HTML, then
 * scripts, then data). The answer is cached like the data it shows (worker/public-cache.ts).
 * Every other path is the app's shell from the static assets, as before.
 */
export const pages = new Hono<{ Bindings: Env }>();

/** The language the app will start in: the visitor's choice (a cookie the app sets), else Chinese. */
const pageLang = (req: Request): DisplayLang =>
  readCookie(req.headers.get("cookie"), PREF_COOKIES.lang) === "en" ? "en" : "zh";

/** 长辈模式 (larger text), as the app last set it: painted so that the text does not jump. */
const pageElder = (req: Request) => readCookie(req.headers.get("cookie"), PREF_COOKIES.elder) === "1";
/** What a painted page varies by besides its address: the cache keeps one per variant. */
const pageVariant = (req: Request) => `${pageLang(req)}${pageElder(req) ? "-elder" : ""}`;

const pageScope = (url: URL): CacheScope | null => {
  const route = pageRoute(url);
  return route ? { street: route.street, community: route.community } : null;
};

pages.use("*", etag());
pages.use("*", async (c, next) => {
  await next();
  if (c.res.status === 200 && c.res.headers.get("content-type")?.startsWith("text/html"))
    c.res.headers.set("Cache-Control", "no-cache");
});
pages.use("*", publicCache(pageScope, pageVariant));

pages.get("*", async (c) => {
  const assets = c.env.ASSETS;
  if (!assets) return c.notFound();
  // The assets' answers have immutable headers; the middleware above sets some.
  const asIs = async () => {
    const res = await assets.fetch(c.req.raw);
    return new Response(res.body, res);
  };
  const route = pageRoute(new URL(c.req.url));
  if (!route) return asIs();
  const painted = await firstPaint(c.env, c.req.raw, route);
  // Not found, or the data failed: the app shows its own page for that.
  if (!painted) return asIs();
  const shell = await assets.fetch(new URL("/", c.req.url).toString());
  if (!shell.ok) return new Response(shell.body, shell);

  const styles = new Map<string, string>();
  const rewritten = new HTMLRewriter()
    .on('link[rel="stylesheet"]', {
      async element(el) {
        const href = el.getAttribute("href");
        const css = href ? await stylesheet(assets, c.req.url, href) : null;
        if (css !== null) {
          styles.set(href!, css);
          el.replace(`<style data-href="${href}">${css}</style>`, { html: true });
        }
      },
    })
    .on("html", {
      element(el) {
        if (painted.elder) el.setAttribute("data-elder", "");
      },
    })
    .on("#root", {
      element(el) {
        el.before(
          `<style>#first-paint~#root{display:none}</style><div id="first-paint">${painted.html}</div>` +
            `<script type="application/json" id="linli-first-data">${jsonForHtml(painted.seed)}</script>`,
          { html: true },
        );
      },
    })
    .transform(shell);
  const html = await rewritten.text();
  const headers = new Headers(shell.headers);
  for (const h of ["etag", "cache-control", "content-length", "content-encoding", "last-modified"]) headers.delete(h);
  headers.set("content-type", "text/html; charset=utf-8");
  headers.set("content-language", painted.lang === "zh" ? "zh-CN" : "en");
  return new Response(html, { status: 200, headers });
});

// One isolate serves one build: keep each stylesheet's text once read.
const stylesheetMemo = new Map<string, string>();
async function stylesheet(assets: Fetcher, base: string, href: string): Promise<string | null> {
  if (!href.startsWith("/assets/")) return null;
  const known = stylesheetMemo.get(href);
  if (known !== undefined) return known;
  const res = await assets.fetch(new URL(href, base).toString());
  if (!res.ok) return null;
  const css = await res.text();
  if (css.includes("</")) return null;
  stylesheetMemo.set(href, css);
  return css;
}

/** JSON inside a <script> element: no `<` can close it or open a comment. */
const jsonForHtml = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

const createCaller = createCallerFactory(appRouter);

/** The page's HTML and the app's queries it answers, or null when there is nothing to paint. */
async function firstPaint(env: Env, req: Request, route: PageRoute) {
  const lang = pageLang(req);
  const elder = pageElder(req);
  const caller = createCaller({
    env,
    req,
    resHeaders: new Headers(),
    lang,
    user: null,
    sessionToken: null,
    secure: new URL(req.url).protocol === "https:",
  });
  const ref = { street: route.street, community: route.community };
  try {
    const community = await caller.directory.community(ref);
    const seed: { key: readonly unknown[]; data: unknown }[] = [
      { key: communityKey(route.street, route.community), data: community },
    ];
    if (route.page === "home") return { lang, elder, html: chrome(lang, renderHome(lang, community), elder), seed };
    const notice = await caller.notices.get({ ...ref, id: route.id, version: route.version });
    seed.push({ key: noticeKey(route.street, route.community, route.id, route.version), data: notice });
    const at = {
      ...ref,
      communityName: localNameIn(lang, community),
      kind: community.kind,
    };
    return { lang, elder, html: chrome(lang, renderNotice(lang, at, notice, Date.now()), elder), seed };
  } catch (err) {
    if (!(err instanceof TRPCError && err.code === "NOT_FOUND")) console.error("first paint", err);
    return null;
  }
}
