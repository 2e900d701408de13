import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { communities, streets } from "./tenancy";

export const ROLES = [
  "street_admin",
  "street_viewer",
  "community_admin",
  "community_staff",
  "supervisor",
  "grid_worker",
  "resident",
] as const;
export type Role = (typeof ROLES)[number];

/** A login. Street roles have no community; every other role belongs to exactly one community. */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    streetId: text("street_id")
      .notNull()
      .references(() => streets.id),
    communityId: text("community_id").references(() => communities.id),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    /** Residents log in with their phone; the resident record the account belongs to. */
    residentId: text("resident_id"),
    phone: text("phone"),
    /** PBKDF2-SHA256, 100,000 iterations: base64 of salt and derived key. */
    passwordSalt: text("password_salt").notNull(),
    passwordHash: text("password_hash").notNull(),
    disabledAt: integer("disabled_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("users_username_uq").on(t.username),
    index("users_community_idx").on(t.communityId, t.role),
    index("users_street_idx").on(t.streetId, t.role),
    uniqueIndex("users_resident_uq").on(t.residentId),
    uniqueIndex("users_phone_uq").on(t.phone),
  ],
);

/** Only the SHA-256 of the session token is stored, so a leaked table cannot be replayed. */
export const sessions = sqliteTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Failed logins per username (known or not), for the 5-failures / 15-minutes lock. */
export const loginThrottle = sqliteTable("login_throttle", {
  username: text("username").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lockedUntil: integer("locked_until"),
  updatedAt: integer("updated_at").notNull(),
});
