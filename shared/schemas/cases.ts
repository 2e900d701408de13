import { z } from "zod";
import { CASE_CATEGORIES, CASE_KINDS, EVENT_KINDS } from "../rules/cases";
import { communityRef, id, phone } from "./common";

export const caseFileInput = communityRef
  .extend({
    kind: z.enum(CASE_KINDS),
    category: z.enum(CASE_CATEGORIES),
    description: z.string().trim().min(5).max(2000),
    place: z.string().trim().max(200).default(""),
    gridId: id.nullable().default(null),
    /** An anonymous filer leaves a name and phone to be called back. */
    contactName: z.string().trim().max(40).default(""),
    contactPhone: phone.default(""),
    /** A complaint about disclosure may name what it disputes: a published notice or finance period. */
    noticeId: id.nullable().default(null),
    periodId: id.nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (v.noticeId && v.periodId) ctx.addIssue({ code: "custom", path: ["periodId"], message: "case.oneSubject" });
    if ((v.noticeId || v.periodId) && v.category !== "disclosure")
      ctx.addIssue({ code: "custom", path: ["category"], message: "case.subjectIsDisclosure" });
    if ((v.noticeId || v.periodId) && v.kind !== "complaint")
      ctx.addIssue({ code: "custom", path: ["kind"], message: "case.subjectIsComplaint" });
  });
export const caseIdInput = z.object({ id });
export const caseTrackInput = z.object({ code: z.string().trim().min(6).max(40) });
export const caseRateInput = z.object({
  id,
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).default(""),
});
export const caseBoardInput = z.object({
  communityId: id,
  gridId: id.optional(),
  kind: z.enum(CASE_KINDS).optional(),
  colour: z.enum(["green", "yellow", "red"]).optional(),
  assigneeUserId: id.optional(),
  includeClosed: z.boolean().default(false),
});
export const caseStageInput = z.object({ id, note: z.string().trim().max(1000).default("") });
export const caseVerifyInput = z.object({ id, ok: z.boolean(), note: z.string().trim().max(1000).default("") });
export const caseEventInput = z.object({
  id,
  kind: z.enum(EVENT_KINDS),
  note: z.string().trim().min(2).max(2000),
  private: z.boolean().default(false),
  agreement: z
    .object({
      parties: z.string().trim().min(2).max(500),
      facts: z.string().trim().min(2).max(2000),
      terms: z.string().trim().min(2).max(2000),
      deadline: z.string().trim().min(2).max(100),
    })
    .optional(),
});
export const caseReassignInput = z.object({ id, assigneeUserId: id });
export const caseExtendInput = z.object({
  id,
  days: z.number().int().min(1).max(30),
  reason: z.string().trim().min(4).max(500),
});
export const caseEscalateInput = z.object({ id, note: z.string().trim().min(4).max(1000) });
export const caseStatsInput = communityRef;

const stageDays = z.number().int().min(1).max(90);
const kindLimits = z.object({ accept: stageDays, handle: stageDays, verify: stageDays });
export const caseSettingsInput = z.object({
  limits: z.object({ request: kindLimits, complaint: kindLimits, suggestion: kindLimits, dispute: kindLimits }),
  workingDays: z.boolean(),
  yellowAt: z.number().min(0.1).max(0.95),
});
