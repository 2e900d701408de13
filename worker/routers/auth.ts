import { and, eq, isNull, ne } from "drizzle-orm";
import { communities, loginThrottle, sessions, streets, users } from "../../db/schema";
import { sha256Hex } from "../../shared/rules/transparency";
import { changePasswordInput, loginInput } from "../../shared/schemas/auth";
import { lockCheck, LOCK_MINUTES, nextThrottle } from "../../shared/rules/login";
import { createSession, clearedSessionCookie, revokeSession, sessionCookie } from "../auth/session";
import { hashPassword, verifyPassword } from "../auth/password";
import { dbFor } from "../db";
import { fail, DomainError } from "../errors";
import { auditInsert } from "../services/audit";
import { authedProcedure, publicProcedure, router } from "../trpc";

const DUMMY_SALT = "AAAAAAAAAAAAAAAAAAAAAA==";
const DUMMY_HASH = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export const authRouter = router({
  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const db = dbFor(ctx.env, null);
    const now = Date.now();
    const username = input.username.toLowerCase();
    const throttle = (await db.select().from(loginThrottle).where(eq(loginThrottle.username, username)).limit(1))[0];
    const lock = lockCheck(throttle ?? null, now);
    if (lock.locked) throw new DomainError("TOO_MANY_REQUESTS", "auth.locked", { minutes: lock.minutesLeft });

    const user = (await db.select().from(users).where(eq(users.username, username)).limit(1))[0];
    // An unknown username costs the same PBKDF2 work, so timing does not reveal which names exist.
    const ok = user
      ? await verifyPassword(input.password, user.passwordSalt, user.passwordHash)
      : await verifyPassword(input.password, DUMMY_SALT, DUMMY_HASH).then(() => false);
    if (!ok || !user) {
      const next = nextThrottle(throttle ?? null, now);
      await db
        .insert(loginThrottle)
        .values({ username, ...next, updatedAt: now })
        .onConflictDoUpdate({ target: loginThrottle.username, set: { ...next, updatedAt: now } });
      if (next.lockedUntil) throw new DomainError("TOO_MANY_REQUESTS", "auth.locked", { minutes: LOCK_MINUTES });
      throw new DomainError("UNAUTHORIZED", "auth.invalid");
    }
    if (user.disabledAt) throw new DomainError("FORBIDDEN", "auth.disabled");
    if (throttle) await db.delete(loginThrottle).where(eq(loginThrottle.username, username));
    const token = await createSession(db, user.id, now);
    ctx.resHeaders.append("Set-Cookie", sessionCookie(token, ctx.secure));
    return { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
  }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await revokeSession(dbFor(ctx.env, null), ctx.sessionToken);
    ctx.resHeaders.append("Set-Cookie", clearedSessionCookie(ctx.secure));
    return { ok: true };
  }),

  /** Who is logged in, with the community or street they act for (null when nobody is). */
  me: publicProcedure.query(async ({ ctx }) => {
    const user = ctx.user;
    if (!user) return null;
    const db = dbFor(ctx.env, user.streetId);
    const street = (
      await db.select({ slug: streets.slug, name: streets.name }).from(streets).where(eq(streets.id, user.streetId))
    )[0];
    const community = user.communityId
      ? ((
          await db
            .select({ id: communities.id, slug: communities.slug, name: communities.name, kind: communities.kind })
            .from(communities)
            .where(eq(communities.id, user.communityId))
        )[0] ?? null)
      : null;
    return { ...user, street: street ?? null, community };
  }),

  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    const db = dbFor(ctx.env, ctx.user.streetId);
    const row = (await db.select().from(users).where(eq(users.id, ctx.user.id)))[0];
    if (!row || !(await verifyPassword(input.currentPassword, row.passwordSalt, row.passwordHash)))
      throw fail.bad("auth.wrongPassword", "currentPassword");
    const { salt, hash } = await hashPassword(input.newPassword);
    const now = Date.now();
    await db.batch([
      db.update(users).set({ passwordSalt: salt, passwordHash: hash, updatedAt: now }).where(eq(users.id, row.id)),
      // Every other session of the account ends; the one making the change stays.
      db
        .update(sessions)
        .set({ revokedAt: now })
        .where(
          and(
            eq(sessions.userId, row.id),
            isNull(sessions.revokedAt),
            ne(sessions.tokenHash, await sha256Hex(ctx.sessionToken ?? "")),
          ),
        ),
      auditInsert(db, {
        streetId: row.streetId,
        communityId: row.communityId,
        actor: ctx.user,
        action: "user.changePassword",
        entity: "user",
        entityId: row.id,
      }),
    ]);
    return { ok: true };
  }),
});
