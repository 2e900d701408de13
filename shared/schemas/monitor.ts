import { hasPersonalNumber } from "../rules/masking";
import { z } from "zod";
import { ASSESSABLE, MAX_ADJUSTMENT, type Weights } from "../rules/monitor";
import { id, slug } from "./common";

const year = z.number().int().min(2000).max(2100);
const weight = z.number().int().min(0).max(100);

export const monitorCommunityInput = z.object({ communityId: id });
export const alertAckInput = z.object({
  key: z.string().min(1).max(200),
  note: z.string().trim().max(500).default(""),
});
export const assessmentYearInput = z.object({ year });
export const assessmentWeightsInput = z.object({
  year,
  weights: z.object(Object.fromEntries(ASSESSABLE.map((k) => [k, weight])) as { [K in keyof Weights]: typeof weight }),
});
export const assessmentAdjustInput = z.object({
  year,
  communityId: id,
  /** 0 removes the adjustment. */
  points: z.number().min(-MAX_ADJUSTMENT).max(MAX_ADJUSTMENT),
  /** Published with the result and hashed into each community's log: no personal numbers. */
  adjustmentReason: z
    .string()
    .trim()
    .max(500)
    .refine((v) => !hasPersonalNumber(v), { message: "validation.personalNumber" })
    .default(""),
});
export const publicAssessmentInput = z.object({ street: slug, year: year.optional() });
