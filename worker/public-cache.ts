import type { Context as HonoContext, MiddlewareHandler } from "hono";
import { and, eq } from "drizzle-orm";
import { communities, streets } from "../db/schema";
import { dbFor } from "./db";
import type { Env } from "./env";
import { langOf } from "./lang";

/**
 * Published content is served from the Workers Cache API under a key that holds the content
 * versions of its community and street. Triggers (migration 0013) give a community or street a new
 * random version in the same statement as any write to what its public pages show, so the next
 * request asks for a key nobody has stored: a publication, correction or withdrawal is visible at
 * once, from every colo, and nothing has to be purged. A hit costs one indexed D1 read instead of
 * the page's queries. Public answers that depend on the clock (a poll closing, a shift starting)
 * are kept at most `FRESH_SECONDS`.
 */
export const FRESH_SECONDS = 60;

/** Where a cacheable request belongs: a street, or a community of it. */
export type CacheScope = { street: string; community?: string };

/**
 * tRPC queries whose answers are the same for everyone who asks (they read nothing of the caller):
 * `community` says whether the input names a community or only a street. Votes are not here: a
 * read after a vote's closing time is what closes it (worker/services/polls.ts), so it must run.
 */
const PUBLIC_QUERIES: Record<string, "community" | "street"> = {
  "directory.community": "community",
  "directory.grids": "community",
  "directory.communities": "street",
  "notices.list": "community",
  "notices.get": "community",
  "finance.summary": "community",
  "finance.published": "community",
  "meetings.list": "community",
  "meetings.get": "community",
  "decisions.list": "community",
  "petitions.list": "community",
  "polls.reviews": "community",
  "transparency.log": "community",
  "volunteers.teams": "community",
  "volunteers.openShifts": "community",
  "cases.stats": "community",
  "monitor.publicAssessment": "street",
};

export const cachedProcedures = () => Object.keys(PUBLIC_QUERIES);

/** The scope of a tRPC GET `/trpc/<path>?input=<json>`, if its answer may be shared. */
export function trpcScope(url: URL): CacheScope | null {
  const path = url.pathname.slice("/trpc/".length);
  const kind = PUBLIC_QUERIES[path];
  if (!kind) return null;
  let input: unknown;
  try {
    input = JSON.parse(url.searchParams.get("input") ?? "null");
  } catch {
    return null;
  }
  if (!input || typeof input !== "object") return null;
  const { street, community } = input as { street?: unknown; community?: unknown };
  if (typeof street !== "string") return null;
  if (kind === "street") return { street };
  return typeof community === "string" ? { street, community } : null;
}

/** The scope of an open-data GET: `/{street}/assessment…` or `/{street}/{community}/…` (not votes). */
export function openDataScope(url: URL): CacheScope | null {
  const [street, second, third] = url.pathname.slice("/api/open/v1/".length).split("/");
  if (!street || !second) return null;
  if (second === "assessment") return { street };
  if (third === "polls") return null;
  return { street, community: second };
}

/** The versions a scope's key is made of, or null when the scope does not exist (never cached). */
async function versionsOf(env: Env, scope: CacheScope): Promise<string | null> {
  const db = dbFor(env, null);
  if (scope.community) {
    // One read by the slugs: an unknown community has no row, and its answer is not cached.
    const row = (
      await db
        .select({ street: streets.contentVersion, community: communities.contentVersion })
        .from(communities)
        .innerJoin(streets, eq(streets.id, communities.streetId))
        .where(and(eq(streets.slug, scope.street), eq(communities.slug, scope.community)))
    )[0];
    return row ? `${row.street}.${row.community}` : null;
  }
  const row = (
    await db.select({ street: streets.contentVersion }).from(streets).where(eq(streets.slug, scope.street))
  )[0];
  return row ? `${row.street}` : null;
}

/** The shared cache, where the runtime has one. */
// The project's types include the DOM lib, whose CacheStorage has no \`default\`.
const sharedCache = (): Cache | null =>
  typeof caches === "undefined" ? null : (caches as unknown as { default: Cache }).default;

/**
 * Serve GETs in scope from the cache, or store what the handler answers (200s only, never an
 * answer that sets a cookie); `x-linli-cache: hit | miss` tells which. Mount it inside the ETag and
 * Cache-Control middleware, so a hit is tagged, revalidated and labelled like a fresh answer.
 */
export function publicCache(
  scopeOf: (url: URL) => CacheScope | null,
  langFor: (req: Request) => string = langOf,
): MiddlewareHandler<{ Bindings: Env }> {
  return async (c, next) => {
    const cache = sharedCache();
    if (c.req.method !== "GET" || !cache) return next();
    // Outside production the benchmark asks for the origin's cost with `x-linli-cache: bypass`.
    if (c.env.ENVIRONMENT !== "production" && c.req.header("x-linli-cache") === "bypass") return next();
    const url = new URL(c.req.url);
    const scope = scopeOf(url);
    const versions = scope ? await versionsOf(c.env, scope) : null;
    if (!versions) return next();
    const key = `https://public-cache.linli.internal/${versions}/${langFor(c.req.raw)}${url.pathname}${url.search}`;
    const hit = await cache.match(key);
    if (hit) {
      const res = new Response(hit.body, hit);
      res.headers.delete("Cache-Control");
      res.headers.set("x-linli-cache", "hit");
      return res;
    }
    await next();
    store(c, cache, key);
    c.res.headers.set("x-linli-cache", "miss");
  };
}

function store(c: HonoContext<{ Bindings: Env }>, cache: Cache, key: string) {
  const res = c.res;
  if (res.status !== 200 || res.headers.has("Set-Cookie") || res.headers.has("Cache-Control")) return;
  const copy = new Response(res.clone().body, res);
  copy.headers.set("Cache-Control", `public, s-maxage=${FRESH_SECONDS}`);
  const put = cache.put(key, copy);
  try {
    c.executionCtx.waitUntil(put);
  } catch {
    // no execution context (a direct app.fetch in a test): the put still runs on its own
  }
}
