import { RESERVED_SLUGS } from "../../shared/schemas/admin";
import { slug } from "../../shared/schemas/common";

const APP_PATHS = new Set<string>(RESERVED_SLUGS);
const isSlug = (v: string) => slug.safeParse(v).success;

export type PageRoute =
  | { page: "home"; street: string; community: string }
  | { page: "notice"; street: string; community: string; id: string; version?: number };

/** The page a path shows, if it is one with a first paint. */
export function pageRoute(url: URL): PageRoute | null {
  const parts = url.pathname.split("/").slice(1);
  if (parts[parts.length - 1] === "") parts.pop();
  const [street, community, section, id] = parts;
  if (
    !street ||
    !community ||
    !isSlug(street) ||
    !isSlug(community) ||
    APP_PATHS.has(street) ||
    APP_PATHS.has(community)
  )
    return null;
  if (parts.length === 2) return { page: "home", street, community };
  if (parts.length === 4 && section === "notices" && id) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(id);
    } catch {
      return null;
    }
    const v = Number(url.searchParams.get("v"));
    return { page: "notice", street, community, id: decoded, ...(Number.isInteger(v) && v > 0 ? { version: v } : {}) };
  }
  return null;
}
