import type { Lang } from "../shared/i18n/errors";

/** The caller's language: `x-linli-lang` from the app, else Accept-Language; Chinese by default. */
export function langOf(req: Request): Lang {
  const explicit = req.headers.get("x-linli-lang");
  if (explicit === "en" || explicit === "zh") return explicit;
  const accept = req.headers.get("accept-language") ?? "";
  const first = accept.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : "zh";
}
