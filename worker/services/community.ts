import { and, eq } from "drizzle-orm";
import { communities, streets } from "../../db/schema";
import type { DB } from "../db";
import { fail } from "../errors";
import type { CommunityScope } from "../trpc";

// Slugs, ids and kinds of communities never change once created, so each isolate may keep
// what it has resolved: public reads then skip one D1 round trip.
const resolved = new Map<string, CommunityScope>();

/** Resolve the public slugs `{street, community}` to a community, or NOT_FOUND. */
export async function communityBySlugs(db: DB, street: string, community: string): Promise<CommunityScope> {
  const key = `${street}/${community}`;
  const known = resolved.get(key);
  if (known) return known;
  const row = (
    await db
      .select({
        communityId: communities.id,
        streetId: communities.streetId,
        streetSlug: streets.slug,
        communitySlug: communities.slug,
        communityName: communities.name,
        kind: communities.kind,
      })
      .from(communities)
      .innerJoin(streets, eq(streets.id, communities.streetId))
      .where(and(eq(streets.slug, street), eq(communities.slug, community)))
      .limit(1)
  )[0];
  if (!row) throw fail.notFound("notFound.community");
  if (resolved.size > 10_000) resolved.clear();
  resolved.set(key, row);
  return row;
}
