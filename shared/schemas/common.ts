import { z } from "zod";
import { isPhone } from "../rules/masking";

export const id = z.string().min(1).max(40);
export const slug = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "validation.slug" });
export const cursor = z.string().max(200).optional();
export const limit = z.number().int().min(1).max(50).optional();
export const phone = z.string().refine((v) => v === "" || isPhone(v), { message: "validation.phone" });
export const password = z
  .string()
  .min(8)
  .max(128)
  .refine((v) => /[A-Za-z]/.test(v) && /\d/.test(v), { message: "validation.password" });

/** Public procedures name their community by slugs (DESIGN.md "API contract"). */
export const communityRef = z.object({ street: slug, community: slug });
