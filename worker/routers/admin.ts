import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { communities, communityOfficials, loginThrottle, sessions, users, type Role } from "../../db/schema";
import { newId } from "../../shared/ids";
import {
  communityCreateInput,
  profileUpdateInput,
  staffCreateInput,
  staffListInput,
  staffResetPasswordInput,
  staffSetDisabledInput,
} from "../../shared/schemas/admin";
import { hashPassword } from "../auth/password";
import { dbFor, type DB } from "../db";
import { DomainError, fail } from "../errors";
import { auditInsert } from "../services/audit";
import { authedProcedure, byCommunityId, communityProcedure, router, streetProcedure, STREET_ROLES } from "../trpc";
import type { SessionUser } from "../auth/session";
import { z } from "zod";
import { gridsRouter } from "./grids";
import { id } from "../../shared/schemas/common";

/** Roles a community admin may hand out inside their own community. */
const COMMUNITY_GRANTABLE: Role[] = ["community_staff", "supervisor", "grid_worker"];

const staffManager = authedProcedure.meta({ policy: "scope:street_admin,community_admin" });

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  communityId: users.communityId,
  communityName: communities.name,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
};

/** The account `userId` if `actor` may manage it: street admin within the street, community admin within the community. */
async function manageableUser(db: DB, actor: SessionUser, userId: string) {
  const target = (await db.select().from(users).where(eq(users.id, userId)).limit(1))[0];
  const ok =
    target &&
    (actor.role === "street_admin"
      ? target.streetId === actor.streetId
      : actor.role === "community_admin" &&
        target.communityId === actor.communityId &&
        COMMUNITY_GRANTABLE.includes(target.role));
  if (!ok) throw new DomainError("NOT_FOUND", "notFound.user");
  return target;
}

export const adminRouter = router({
  grids: gridsRouter,
  communities: router({
    list: streetProcedure(STREET_ROLES).query(({ ctx }) =>
      ctx.db
        .select({
          id: communities.id,
          slug: communities.slug,
          name: communities.name,
          kind: communities.kind,
          address: communities.address,
          createdAt: communities.createdAt,
        })
        .from(communities)
        .where(eq(communities.streetId, ctx.streetId))
        .orderBy(asc(communities.name)),
    ),

    create: streetProcedure(["street_admin"])
      .input(communityCreateInput)
      .mutation(async ({ ctx, input }) => {
        const taken = await ctx.db
          .select({ id: communities.id })
          .from(communities)
          .where(and(eq(communities.streetId, ctx.streetId), eq(communities.slug, input.slug)));
        if (taken.length) throw fail.conflict("community.slugTaken", "slug");
        const now = Date.now();
        const row = {
          id: newId(now),
          streetId: ctx.streetId,
          slug: input.slug,
          name: input.name,
          nameEn: input.nameEn ?? "",
          kind: input.kind,
          address: input.address ?? "",
          createdAt: now,
          updatedAt: now,
        };
        await ctx.db.batch([
          ctx.db.insert(communities).values(row),
          auditInsert(ctx.db, {
            streetId: ctx.streetId,
            communityId: row.id,
            actor: ctx.user,
            action: "community.create",
            entity: "community",
            entityId: row.id,
            after: row,
            at: now,
          }),
        ]);
        return { id: row.id, slug: row.slug };
      }),

    /** The profile as its admin edits it. */
    profile: communityProcedure(
      ["community_admin", "community_staff", "supervisor", "street_admin", "street_viewer"],
      z.object({ communityId: id }),
      byCommunityId,
    ).query(async ({ ctx }) => {
      const [[community], officials] = await ctx.db.batch([
        ctx.db.select().from(communities).where(eq(communities.id, ctx.scope.communityId)),
        ctx.db
          .select()
          .from(communityOfficials)
          .where(eq(communityOfficials.communityId, ctx.scope.communityId))
          .orderBy(asc(communityOfficials.body), asc(communityOfficials.sortOrder)),
      ]);
      return { ...community, street: ctx.scope.streetSlug, officials };
    }),

    /** Replace the public profile and its officials in one batch. */
    updateProfile: communityProcedure(["community_admin"], profileUpdateInput, byCommunityId).mutation(
      async ({ ctx, input }) => {
        const cid = ctx.scope.communityId;
        const [[before], beforeOfficials] = await ctx.db.batch([
          ctx.db
            .select({
              address: communities.address,
              officeHours: communities.officeHours,
              contactPhone: communities.contactPhone,
              intro: communities.intro,
            })
            .from(communities)
            .where(eq(communities.id, cid)),
          ctx.db
            .select({ body: communityOfficials.body, name: communityOfficials.name, post: communityOfficials.post })
            .from(communityOfficials)
            .where(eq(communityOfficials.communityId, cid))
            .orderBy(asc(communityOfficials.body), asc(communityOfficials.sortOrder)),
        ]);
        const now = Date.now();
        const { communityId: _, officials, ...profile } = input;
        await ctx.db.batch([
          ctx.db
            .update(communities)
            .set({ ...profile, updatedAt: now })
            .where(eq(communities.id, cid)),
          ctx.db.delete(communityOfficials).where(eq(communityOfficials.communityId, cid)),
          ...officials.map((o, i) =>
            ctx.db.insert(communityOfficials).values({ id: newId(now), communityId: cid, ...o, sortOrder: i }),
          ),
          auditInsert(ctx.db, {
            streetId: ctx.scope.streetId,
            communityId: cid,
            actor: ctx.user,
            action: "community.updateProfile",
            entity: "community",
            entityId: cid,
            before: { ...before, officials: beforeOfficials },
            after: { ...profile, officials },
            at: now,
          }),
        ]);
        return { ok: true };
      },
    ),
  }),

  staff: router({
    /** Street admin: every account of the street office (or of one community); community admin: their community's. */
    list: staffManager.input(staffListInput).query(async ({ ctx, input }) => {
      const actor = ctx.user;
      const db = dbFor(ctx.env, actor.streetId);
      let where;
      if (actor.role === "street_admin") {
        where = and(
          eq(users.streetId, actor.streetId),
          input.communityId ? eq(users.communityId, input.communityId) : undefined,
        );
      } else if (actor.role === "community_admin") {
        where = and(
          eq(users.communityId, actor.communityId!),
          inArray(users.role, ["community_admin", ...COMMUNITY_GRANTABLE]),
        );
      } else throw new DomainError("FORBIDDEN", "auth.forbidden");
      return db
        .select(userColumns)
        .from(users)
        .leftJoin(communities, eq(communities.id, users.communityId))
        .where(
          and(where, inArray(users.role, ["street_admin", "street_viewer", "community_admin", ...COMMUNITY_GRANTABLE])),
        )
        .orderBy(asc(users.communityId), desc(users.role), asc(users.username))
        .limit(500);
    }),

    create: staffManager.input(staffCreateInput).mutation(async ({ ctx, input }) => {
      const actor = ctx.user;
      const db = dbFor(ctx.env, actor.streetId);
      const streetRole = STREET_ROLES.includes(input.role);
      let communityId: string | null = null;
      if (actor.role === "street_admin") {
        if (!streetRole) {
          if (!input.communityId) throw fail.bad("account.roleNeedsCommunity", "communityId");
          const c = (await db.select().from(communities).where(eq(communities.id, input.communityId)))[0];
          if (!c || c.streetId !== actor.streetId) throw new DomainError("NOT_FOUND", "notFound.community");
          communityId = c.id;
        }
      } else if (actor.role === "community_admin") {
        if (!COMMUNITY_GRANTABLE.includes(input.role)) throw new DomainError("FORBIDDEN", "auth.forbidden");
        if (input.communityId && input.communityId !== actor.communityId)
          throw new DomainError("NOT_FOUND", "notFound.community");
        communityId = actor.communityId;
      } else throw new DomainError("FORBIDDEN", "auth.forbidden");
      const username = input.username.toLowerCase();
      if ((await db.select({ id: users.id }).from(users).where(eq(users.username, username))).length)
        throw fail.conflict("account.usernameTaken", "username");
      const { salt, hash } = await hashPassword(input.password);
      const now = Date.now();
      const row = {
        id: newId(now),
        streetId: actor.streetId,
        communityId,
        username,
        displayName: input.displayName,
        role: input.role,
        passwordSalt: salt,
        passwordHash: hash,
        createdAt: now,
        updatedAt: now,
      };
      await db.batch([
        db.insert(users).values(row),
        auditInsert(db, {
          streetId: actor.streetId,
          communityId,
          actor,
          action: "user.create",
          entity: "user",
          entityId: row.id,
          after: { username, displayName: row.displayName, role: row.role, communityId },
          at: now,
        }),
      ]);
      return { id: row.id, username };
    }),

    /** Set a new password and end every session of the account. */
    resetPassword: staffManager.input(staffResetPasswordInput).mutation(async ({ ctx, input }) => {
      const db = dbFor(ctx.env, ctx.user.streetId);
      const target = await manageableUser(db, ctx.user, input.userId);
      const { salt, hash } = await hashPassword(input.password);
      const now = Date.now();
      await db.batch([
        db.update(users).set({ passwordSalt: salt, passwordHash: hash, updatedAt: now }).where(eq(users.id, target.id)),
        db.update(sessions).set({ revokedAt: now }).where(eq(sessions.userId, target.id)),
        // A reset is how a locked-out user gets back in: the lock goes with the old password.
        db.delete(loginThrottle).where(eq(loginThrottle.username, target.username)),
        auditInsert(db, {
          streetId: target.streetId,
          communityId: target.communityId,
          actor: ctx.user,
          action: "user.resetPassword",
          entity: "user",
          entityId: target.id,
          at: now,
        }),
      ]);
      return { ok: true };
    }),

    /** Disable (ends every session) or re-enable an account. */
    setDisabled: staffManager.input(staffSetDisabledInput).mutation(async ({ ctx, input }) => {
      const db = dbFor(ctx.env, ctx.user.streetId);
      if (input.userId === ctx.user.id) throw fail.bad("account.self", "userId");
      const target = await manageableUser(db, ctx.user, input.userId);
      const now = Date.now();
      await db.batch([
        db
          .update(users)
          .set({ disabledAt: input.disabled ? now : null, updatedAt: now })
          .where(eq(users.id, target.id)),
        ...(input.disabled ? [db.update(sessions).set({ revokedAt: now }).where(eq(sessions.userId, target.id))] : []),
        auditInsert(db, {
          streetId: target.streetId,
          communityId: target.communityId,
          actor: ctx.user,
          action: input.disabled ? "user.disable" : "user.enable",
          entity: "user",
          entityId: target.id,
          before: { disabledAt: target.disabledAt },
          after: { disabledAt: input.disabled ? now : null },
          at: now,
        }),
      ]);
      return { ok: true };
    }),
  }),
});
