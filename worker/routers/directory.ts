import { asc, eq } from "drizzle-orm";
import { communities, communityOfficials, grids, streets } from "../../db/schema";
import { communityRef, slug } from "../../shared/schemas/common";
import { dbFor } from "../db";
import { communityBySlugs } from "../services/community";
import { homeNoticeQueries, homeNotices } from "../services/notice-views";
import { publicProcedure, router } from "../trpc";
import { z } from "zod";

export const directoryRouter = router({
  streets: publicProcedure.query(async ({ ctx }) =>
    dbFor(ctx.env, null)
      .select({ slug: streets.slug, name: streets.name, nameEn: streets.nameEn })
      .from(streets)
      .orderBy(asc(streets.slug)),
  ),

  /** Every community (optionally of one street office), for the public directory. */
  communities: publicProcedure.input(z.object({ street: slug.optional() }).optional()).query(async ({ ctx, input }) =>
    dbFor(ctx.env, null)
      .select({
        street: streets.slug,
        streetName: streets.name,
        slug: communities.slug,
        name: communities.name,
        nameEn: communities.nameEn,
        kind: communities.kind,
        address: communities.address,
      })
      .from(communities)
      .innerJoin(streets, eq(streets.id, communities.streetId))
      .where(input?.street ? eq(streets.slug, input.street) : undefined)
      .orderBy(asc(streets.slug), asc(communities.name)),
  ),

  /** A community's home: public profile, officials, pinned and latest notices by category. */
  community: publicProcedure.input(communityRef).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const db = dbFor(ctx.env, scope.streetId);
    const [[profile], [street], officials, ...noticeLists] = await db.batch([
      db
        .select({
          id: communities.id,
          slug: communities.slug,
          name: communities.name,
          nameEn: communities.nameEn,
          kind: communities.kind,
          address: communities.address,
          officeHours: communities.officeHours,
          contactPhone: communities.contactPhone,
          intro: communities.intro,
        })
        .from(communities)
        .where(eq(communities.id, scope.communityId)),
      db.select({ slug: streets.slug, name: streets.name }).from(streets).where(eq(streets.id, scope.streetId)),
      db
        .select({ body: communityOfficials.body, name: communityOfficials.name, post: communityOfficials.post })
        .from(communityOfficials)
        .where(eq(communityOfficials.communityId, scope.communityId))
        .orderBy(asc(communityOfficials.body), asc(communityOfficials.sortOrder)),
      ...homeNoticeQueries(db, scope.communityId),
    ]);
    return { ...profile, street, officials, notices: homeNotices(noticeLists) };
  }),

  /**
   * 社区有网、网中有格、格中定人: each grid's area and its worker's name and work phone, so
   * residents know whom to call. Only the work phone is ever stored for a grid.
   */
  grids: publicProcedure.input(communityRef).query(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    return dbFor(ctx.env, scope.streetId)
      .select({
        id: grids.id,
        name: grids.name,
        area: grids.area,
        workerName: grids.workerName,
        workPhone: grids.workPhone,
      })
      .from(grids)
      .where(eq(grids.communityId, scope.communityId))
      .orderBy(asc(grids.sortOrder), asc(grids.name));
  }),
});
