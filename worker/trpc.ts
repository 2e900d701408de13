import { initTRPC, TRPCError } from "@trpc/server";
import type { z } from "zod";
import { and, eq } from "drizzle-orm";
import { communities, notices, streets, volunteers } from "../db/schema";
import type { Role } from "../db/schema";
import { fieldLabel, isMessageKey, translate, validationMessage, type Lang } from "../shared/i18n/errors";
import { dbFor, type DB } from "./db";
import type { Env } from "./env";
import type { SessionUser } from "./auth/session";
import { DomainError } from "./errors";

export type Context = {
  env: Env;
  req: Request;
  resHeaders: Headers;
  lang: Lang;
  user: SessionUser | null;
  sessionToken: string | null;
  secure: boolean;
};

/** Every procedure declares who may call it; a test fails on any procedure without one. */
export type Meta = { policy: string };

type ZodIssueLike = Parameters<typeof validationMessage>[0];

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      const lang = ctx?.lang ?? "zh";
      const cause = error.cause as { issues?: ZodIssueLike[] } | undefined;
      let message = shape.message;
      let fieldErrors: Record<string, string> | undefined;
      if (error.code === "BAD_REQUEST" && Array.isArray(cause?.issues)) {
        fieldErrors = {};
        for (const issue of cause.issues) {
          const key = issue.path.map(String).join(".") || "input";
          fieldErrors[key] ??= validationMessage(issue, lang);
        }
        message = Object.values(fieldErrors).join("；");
      } else if (error instanceof DomainError) {
        // Messages shared with the import name their field as {field}: fill it in from the error's field.
        message = translate(error.key, lang, {
          ...(error.field ? { field: fieldLabel([error.field], lang) } : {}),
          ...error.params,
        });
        if (error.field) fieldErrors = { [error.field]: message };
      } else if (isMessageKey(error.message)) {
        message = translate(error.message, lang);
      } else if (error.code === "PARSE_ERROR" || (error.code === "BAD_REQUEST" && error.cause instanceof SyntaxError)) {
        // A body or ?input= that is not JSON: say so in the caller's language, naming the input. (A
        // SyntaxError thrown inside a handler is a server fault, logged below like any other.)
        message = translate("validation.json", lang);
        fieldErrors = { input: message };
      } else if (error.code === "INTERNAL_SERVER_ERROR") {
        console.error(error);
        message = translate("server.error", lang);
      }
      const { stack: _stack, ...data } = shape.data;
      return { ...shape, message, data: { ...data, fieldErrors } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Anyone, no login. */
export const publicProcedure = t.procedure.meta({ policy: "public" });

const requireUser = t.middleware(({ ctx, next }) => {
  if (!ctx.user) throw new DomainError("UNAUTHORIZED", "auth.required");
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Any logged-in user, acting on their own account only. */
export const authedProcedure = t.procedure.meta({ policy: "authenticated" }).use(requireUser);

export const STREET_ROLES: Role[] = ["street_admin", "street_viewer"];

export type CommunityScope = {
  communityId: string;
  streetId: string;
  streetSlug: string;
  communitySlug: string;
  communityName: string;
  kind: "urban" | "village";
};

export type ScopeResolver<I> = (db: DB, input: I) => Promise<CommunityScope | null>;

const scopeColumns = {
  communityId: communities.id,
  streetId: communities.streetId,
  streetSlug: streets.slug,
  communitySlug: communities.slug,
  communityName: communities.name,
  kind: communities.kind,
};

// A community's street, slugs, name and kind never change once created (the profile update
// leaves them alone), so each isolate keeps what it has resolved: one D1 round trip less per call.
const byIdMemo = new Map<string, CommunityScope>();

/** The community named by `input.communityId`. */
export const byCommunityId: ScopeResolver<{ communityId: string }> = async (db, input) => {
  const known = byIdMemo.get(input.communityId);
  if (known) return known;
  const row =
    (
      await db
        .select(scopeColumns)
        .from(communities)
        .innerJoin(streets, eq(streets.id, communities.streetId))
        .where(eq(communities.id, input.communityId))
        .limit(1)
    )[0] ?? null;
  if (row) {
    if (byIdMemo.size > 10_000) byIdMemo.clear();
    byIdMemo.set(input.communityId, row);
  }
  return row;
};

/** The community that owns the notice `input.id`. */
export const byNoticeId: ScopeResolver<{ id: string }> = async (db, input) =>
  (
    await db
      .select(scopeColumns)
      .from(notices)
      .innerJoin(communities, eq(communities.id, notices.communityId))
      .innerJoin(streets, eq(streets.id, communities.streetId))
      .where(eq(notices.id, input.id))
      .limit(1)
  )[0] ?? null;

/**
 * A role in one community. Street roles listed in `roles` reach every community of their own
 * street office. The community is resolved from the input (an id of the community or of one
 * of its records), never taken on trust: a user of another community gets NOT_FOUND.
 */
export function communityProcedure<S extends z.ZodType<object>>(
  roles: Role[],
  input: S,
  resolve: ScopeResolver<z.output<S>>,
) {
  return t.procedure
    .meta({ policy: `community:${roles.join(",")}` })
    .use(requireUser)
    .input(input)
    .use(async ({ ctx, input, next }) => {
      const db = dbFor(ctx.env, ctx.user.streetId);
      const scope = await resolve(db, input as z.output<S>);
      if (!scope) throw new DomainError("NOT_FOUND", "notFound.record");
      const user = ctx.user;
      const inScope = STREET_ROLES.includes(user.role)
        ? user.streetId === scope.streetId
        : user.communityId === scope.communityId;
      if (!inScope) throw new DomainError("NOT_FOUND", "notFound.record");
      if (!roles.includes(user.role)) throw new DomainError("FORBIDDEN", "auth.forbidden");
      return next({ ctx: { ...ctx, user, db, scope } });
    });
}

/** What a team-scoped procedure acts on: the team and its community. */
export type TeamRef = { teamId: string; communityId: string; leaderVolunteerId: string | null };

/**
 * Community staff of the team's community, or the resident who leads the team (志愿者队长):
 * leaders run their own team's shifts and roster from their resident login. Outside the
 * community: NOT_FOUND; a resident who does not lead the team: FORBIDDEN.
 */
export function teamLeadProcedure<S extends z.ZodType<object>>(
  input: S,
  resolve: (db: DB, input: z.output<S>) => Promise<TeamRef | null>,
) {
  return t.procedure
    .meta({ policy: "team:community_admin,community_staff,leader" })
    .use(requireUser)
    .input(input)
    .use(async ({ ctx, input, next }) => {
      const user = ctx.user;
      const db = dbFor(ctx.env, user.streetId);
      const team = await resolve(db, input as z.output<S>);
      const scope = team ? await byCommunityId(db, team) : null;
      if (!team || !scope || user.communityId !== scope.communityId)
        throw new DomainError("NOT_FOUND", "notFound.record");
      let asLeader = false;
      if (user.role === "resident" && user.residentId && team.leaderVolunteerId) {
        const lead = await db
          .select({ id: volunteers.id })
          .from(volunteers)
          .where(and(eq(volunteers.id, team.leaderVolunteerId), eq(volunteers.residentId, user.residentId)));
        asLeader = lead.length > 0;
      }
      if (!asLeader && user.role !== "community_admin" && user.role !== "community_staff")
        throw new DomainError("FORBIDDEN", "auth.forbidden");
      return next({ ctx: { ...ctx, user, db, scope, team, asLeader } });
    });
}

/** A street-office role; the scope is the user's own street office. */
export function streetProcedure(roles: Role[]) {
  return t.procedure
    .meta({ policy: `street:${roles.join(",")}` })
    .use(requireUser)
    .use(({ ctx, next }) => {
      if (!roles.includes(ctx.user.role)) throw new DomainError("FORBIDDEN", "auth.forbidden");
      return next({ ctx: { ...ctx, db: dbFor(ctx.env, ctx.user.streetId), streetId: ctx.user.streetId } });
    });
}

export { TRPCError };

/** A resident acting on their own records: the scope is their own community and registry entry. */
export const residentSelfProcedure = t.procedure
  .meta({ policy: "resident:self" })
  .use(requireUser)
  .use(async ({ ctx, next }) => {
    const user = ctx.user;
    if (user.role !== "resident" || !user.residentId || !user.communityId)
      throw new DomainError("FORBIDDEN", "auth.forbidden");
    const db = dbFor(ctx.env, user.streetId);
    const scope = await byCommunityId(db, { communityId: user.communityId });
    if (!scope) throw new DomainError("NOT_FOUND", "notFound.record");
    return next({ ctx: { ...ctx, user, db, scope, residentId: user.residentId } });
  });
