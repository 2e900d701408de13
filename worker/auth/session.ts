import { and, eq, gt, isNull } from "drizzle-orm";
import { sessions, users } from "../../db/schema";
import { sha256Hex } from "../../shared/rules/transparency";
import type { DB } from "../db";

export const SESSION_COOKIE = "linli_session";
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

export type SessionUser = {
  id: string;
  username: string;
  displayName: string;
  role: (typeof users.$inferSelect)["role"];
  streetId: string;
  communityId: string | null;
  /** Set for residents: the registry record the account belongs to. */
  residentId: string | null;
};

export async function createSession(db: DB, userId: string, now = Date.now()): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  await db.insert(sessions).values({
    tokenHash: await sha256Hex(token),
    userId,
    createdAt: now,
    expiresAt: now + SESSION_TTL_MS,
  });
  return token;
}

export async function userForToken(db: DB, token: string, now = Date.now()): Promise<SessionUser | null> {
  const tokenHash = await sha256Hex(token);
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      streetId: users.streetId,
      communityId: users.communityId,
      residentId: users.residentId,
      disabledAt: users.disabledAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .limit(1);
  const row = rows[0];
  if (!row || row.disabledAt) return null;
  const { disabledAt: _, ...user } = row;
  return user;
}

export async function revokeSession(db: DB, token: string, now = Date.now()): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(eq(sessions.tokenHash, await sha256Hex(token)));
}

export function sessionCookie(token: string, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${SESSION_TTL_MS / 1000}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join(
    "; ",
  );
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=") || null;
  }
  return null;
}
