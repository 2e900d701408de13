import { advanceDuePolls } from "./services/polls";
import { settleDueShifts } from "./services/volunteers";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { etag } from "hono/etag";
import { trpcServer } from "@hono/trpc-server";
import { appRouter } from "./router";
import type { Env } from "./env";
import { CONTENT_SECURITY_POLICY, sameOriginWrites } from "./security";
import { langOf } from "./lang";
import { readCookie, SESSION_COOKIE, userForToken } from "./auth/session";
import { dbFor } from "./db";
import { openData } from "./open-data";
import { files } from "./files";
import { publishDueNotices } from "./services/notices";
import { snapshotAll } from "./services/monitor-days";
import { NIGHTLY_CRON } from "./cron";
import { withD1Stats } from "./d1-stats";
import { withD1Session } from "./d1-session";
import { publicCache, trpcScope } from "./public-cache";
import { pages } from "./first-paint";
import type { Context } from "./trpc";

export const app = new Hono<{ Bindings: Env }>();

app.use("*", secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, crossOriginResourcePolicy: false }));

/** The bare route that benchmarks measure everything else against. */
app.get("/api/health", (c) => c.json({ ok: true }));

app.route("/api/open/v1", openData);

app.use("/files/*", sameOriginWrites);
app.route("/files", files);

app.use("/trpc/*", sameOriginWrites);
// Reads revalidate cheaply: a strong ETag on every GET answer and 304 when nothing changed. The
// answer may depend on who asks, so only the browser keeps it, and it checks back every time.
app.use("/trpc/*", etag());
app.use("/trpc/*", async (c, next) => {
  await next();
  if (c.req.method === "GET" && c.res.ok && !c.res.headers.has("Cache-Control"))
    c.res.headers.set("Cache-Control", "private, no-cache");
});
app.use("/trpc/*", publicCache(trpcScope));
app.use(
  "/trpc/*",
  trpcServer({
    router: appRouter,
    endpoint: "/trpc",
    async createContext(opts, c): Promise<Context> {
      const env = c.env as Env;
      const token = readCookie(opts.req.headers.get("cookie"), SESSION_COOKIE);
      const user = token ? await userForToken(dbFor(env, null), token) : null;
      return {
        env,
        req: opts.req,
        resHeaders: opts.resHeaders,
        lang: langOf(opts.req),
        user,
        sessionToken: token,
        secure: new URL(opts.req.url).protocol === "https:",
      };
    },
  }),
);

app.notFound((c) => c.json({ error: { message: "Not found", code: "NOT_FOUND" } }, 404));

/**
 * Outside production, a request that sends `x-linli-d1-stats: 1` is answered with what it asked of
 * D1 (statements, rows read and written) in `x-linli-d1-*` headers: tests hold public pages to a
 * fixed number of statements and rows.
 */
function fetchCounted(
  target: { fetch: typeof app.fetch },
  req: Request,
  env: Env,
  ctx: ExecutionContext,
): Promise<Response> | Response {
  if (env.ENVIRONMENT === "production" || req.headers.get("x-linli-d1-stats") !== "1")
    return target.fetch(req, env, ctx);
  const stats = { statements: 0, rowsRead: 0, rowsWritten: 0 };
  return withD1Stats(stats, async () => {
    const res = await target.fetch(req, env, ctx);
    const counted = new Response(res.body, res);
    counted.headers.set("x-linli-d1-statements", String(stats.statements));
    counted.headers.set("x-linli-d1-rows-read", String(stats.rowsRead));
    counted.headers.set("x-linli-d1-rows-written", String(stats.rowsWritten));
    return counted;
  });
}

/** The API, open data and files; everything else is a navigation to the app (worker/first-paint). */
const API_PATH = /^\/(trpc|api|files|__scheduled)(\/|$)/;

export default {
  fetch: (req: Request, env: Env, ctx: ExecutionContext) =>
    withD1Session(env.DB, req, async () =>
      fetchCounted(API_PATH.test(new URL(req.url).pathname) ? app : pages, req, env, ctx),
    ),
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    const db = dbFor(env, null);
    // 00:30 in Asia/Shanghai: yesterday's figures of every community, after shifts are settled.
    if (controller.cron === NIGHTLY_CRON) {
      ctx.waitUntil(settleDueShifts(db).then(() => snapshotAll(db)));
      return;
    }
    ctx.waitUntil(Promise.all([publishDueNotices(db), advanceDuePolls(db), settleDueShifts(db)]).then(() => undefined));
  },
} satisfies ExportedHandler<Env>;
