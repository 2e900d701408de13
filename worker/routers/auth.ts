import { and, eq, isNull, ne, or } from "drizzle-orm";
import { activationCodes, communities, loginThrottle, residents, sessions, streets, users } from "../../db/schema";
import { isPhone } from "../../shared/rules/masking";
import { normalizeActivationCode } from "../../shared/rules/activation";
import { activateInput } from "../../shared/schemas/registry";
import { newId } from "../../shared/ids";
import { communityBySlugs } from "../services/community";
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

    // Staff log in with their username, residents with their phone number.
    const user = (
      await db
        .select()
        .from(users)
        .where(
          isPhone(username)
            ? or(eq(users.username, username), eq(users.phone, username))
            : eq(users.username, username),
        )
        .limit(1)
    )[0];
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
    // A new token on every login, and the session the browser came with ends (fixation).
    if (ctx.sessionToken) await revokeSession(db, ctx.sessionToken, now);
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

  /**
   * A resident activates their account with the one-time code from the letter staff printed,
   * sets a password, and is logged in. The code works once, for 14 days, in its own community.
   */
  activate: publicProcedure.input(activateInput).mutation(async ({ ctx, input }) => {
    const scope = await communityBySlugs(dbFor(ctx.env, null), input.street, input.community);
    const db = dbFor(ctx.env, scope.streetId);
    const now = Date.now();
    const code = (
      await db
        .select()
        .from(activationCodes)
        .where(eq(activationCodes.codeHash, await sha256Hex(normalizeActivationCode(input.code))))
        .limit(1)
    )[0];
    if (!code || code.communityId !== scope.communityId || code.usedAt || code.revokedAt)
      throw fail.bad("activation.invalid", "code");
    if (code.expiresAt <= now) throw fail.bad("activation.expired", "code");
    const resident = (await db.select().from(residents).where(eq(residents.id, code.residentId)))[0];
    if (!resident || resident.status !== "active" || !resident.phone) throw fail.bad("activation.invalid", "code");
    const existing = (await db.select().from(users).where(eq(users.residentId, resident.id)))[0];
    const phoneOwner = (await db.select({ id: users.id }).from(users).where(eq(users.phone, resident.phone)))[0];
    if (phoneOwner && phoneOwner.id !== existing?.id) throw fail.conflict("activation.phoneTaken", "code");
    const { salt, hash } = await hashPassword(input.password);
    const userId = existing?.id ?? newId(now);
    await db.batch([
      // Guarded so that a code raced by two requests is used once: the second batch fails on the user row.
      db
        .update(activationCodes)
        .set({ usedAt: now })
        .where(and(eq(activationCodes.id, code.id), isNull(activationCodes.usedAt))),
      existing
        ? db
            .update(users)
            .set({ passwordSalt: salt, passwordHash: hash, phone: resident.phone, disabledAt: null, updatedAt: now })
            .where(eq(users.id, existing.id))
        : db.insert(users).values({
            id: userId,
            streetId: scope.streetId,
            communityId: scope.communityId,
            username: `r-${resident.id.toLowerCase()}`,
            displayName: resident.name,
            role: "resident",
            residentId: resident.id,
            phone: resident.phone,
            passwordSalt: salt,
            passwordHash: hash,
            createdAt: now,
            updatedAt: now,
          }),
      db
        .update(sessions)
        .set({ revokedAt: now })
        .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt))),
      db.delete(loginThrottle).where(eq(loginThrottle.username, resident.phone)),
      auditInsert(db, {
        streetId: scope.streetId,
        communityId: scope.communityId,
        actor: { id: userId, displayName: resident.name },
        action: "resident.activate",
        entity: "resident",
        entityId: resident.id,
      }),
    ]);
    const token = await createSession(db, userId, now);
    ctx.resHeaders.append("Set-Cookie", sessionCookie(token, ctx.secure));
    return { id: userId, displayName: resident.name, role: "resident" as const };
  }),
});
