import type { MiddlewareHandler } from "hono";
import { translate } from "../shared/i18n/errors";
import { langOf } from "./lang";

/**
 * CSRF guard for `/trpc/*` and `/files/*` writes. hono/csrf only looks at form posts; tRPC
 * posts JSON, so check Origin and Sec-Fetch-Site ourselves. Non-browser clients (curl) send
 * neither header and are let through: they carry no ambient cookie to abuse.
 */
export const sameOriginWrites: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== "GET" && c.req.method !== "HEAD" && c.req.method !== "OPTIONS") {
    const site = c.req.header("sec-fetch-site");
    const origin = c.req.header("origin");
    const self = new URL(c.req.url).origin;
    const badSite = site !== undefined && site !== "same-origin" && site !== "none";
    const badOrigin = origin !== undefined && origin !== self;
    if (badSite || badOrigin) {
      return c.json({ error: { message: translate("origin.rejected", langOf(c.req.raw)), code: "FORBIDDEN" } }, 403);
    }
  }
  await next();
};

/** The policy for API answers; the HTML's own policy is in web/public/_headers. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:", "blob:"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};
