import { z } from "zod";
import { id, password, phone, slug, cursor, limit } from "./common";

export const STAFF_ROLES = [
  "street_admin",
  "street_viewer",
  "community_admin",
  "community_staff",
  "supervisor",
  "grid_worker",
] as const;

/** First path segments the app itself uses: a street or community may not take them. */
export const RESERVED_SLUGS = [
  "admin",
  "assessment",
  "street",
  "login",
  "account",
  "api",
  "files",
  "trpc",
  "assets",
  "open",
  "me",
  "meeting-live",
  "track",
  "verify",
];

/** A street's or a community's slug: it becomes a first path segment, so none of the app's own. */
export const tenantSlug = slug.refine((v) => !RESERVED_SLUGS.includes(v), { message: "validation.reservedSlug" });

export const communityCreateInput = z.object({
  slug: tenantSlug,
  name: z.string().trim().min(2).max(60),
  nameEn: z.string().trim().max(100).optional(),
  kind: z.enum(["urban", "village"]),
  address: z.string().trim().max(200).optional(),
});

export const official = z.object({
  body: z.enum(["committee", "supervisory"]),
  name: z.string().trim().min(1).max(40),
  post: z.string().trim().min(1).max(40),
});

export const profileUpdateInput = z.object({
  communityId: id,
  address: z.string().trim().max(200),
  officeHours: z.string().trim().max(200),
  contactPhone: phone,
  intro: z.string().trim().max(2000),
  officials: z.array(official).max(40),
});

export const staffListInput = z.object({ communityId: id.optional(), cursor, limit });
export const staffCreateInput = z.object({
  username: z
    .string()
    .trim()
    .min(3)
    .max(40)
    .regex(/^[a-z0-9][a-z0-9._-]*$/, { message: "validation.slug" }),
  displayName: z.string().trim().min(1).max(40),
  role: z.enum(STAFF_ROLES),
  communityId: id.optional(),
  password,
});
export const staffResetPasswordInput = z.object({ userId: id, password });
export const staffSetDisabledInput = z.object({ userId: id, disabled: z.boolean() });
