import { and, eq } from "drizzle-orm";
import { communities, streets } from "../../db/schema";
import type { DB } from "../db";
import { fail } from "../errors";
import type { CommunityScope } from "../trpc";

/** Resolve the public slugs `{street, community}` to a community, or NOT_FOUND. */
export async function communityBySlugs(db: DB, street: string, community: string): Promise<CommunityScope> {
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
  return row;
}
