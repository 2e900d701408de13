import { z } from "zod";
import { isCalendarDate, shanghaiDate } from "../rules/eligibility";
import { communityRef, cursor, id, limit, password, phone } from "./common";

export const calendarDate = z.string().refine(isCalendarDate, { message: "import.badDate" });
/** A birth (or moving-out) date: a real calendar date, not after today in Asia/Shanghai. */
export const birthDate = calendarDate.refine((d) => d <= shanghaiDate(Date.now()), { message: "import.futureDate" });
const name = z.string().trim().min(1).max(40);

export const gridInput = z.object({
  name: z.string().trim().min(1).max(40),
  area: z.string().trim().max(500),
  workerName: z.string().trim().max(40),
  workPhone: phone,
  workerUserId: id.nullable().optional(),
});
export const gridCreateInput = gridInput.extend({ communityId: id });
export const gridUpdateInput = gridInput.partial().extend({ id });

export const groupCreateInput = z.object({
  communityId: id,
  name: z.string().trim().min(1).max(40),
  leaderName: z.string().trim().max(40).optional(),
});
export const groupUpdateInput = z.object({
  id,
  name: z.string().trim().min(1).max(40).optional(),
  leaderName: z.string().trim().max(40).optional(),
});

export const householdCreateInput = z.object({
  communityId: id,
  address: z.string().trim().min(1).max(120),
  gridId: id.nullable().optional(),
  groupId: id.nullable().optional(),
});
export const householdUpdateInput = z.object({
  id,
  address: z.string().trim().min(1).max(120).optional(),
  gridId: id.nullable().optional(),
  groupId: id.nullable().optional(),
});
export const householdListInput = z.object({
  communityId: id,
  q: z.string().trim().max(60).optional(),
  gridId: id.optional(),
  groupId: id.optional(),
  cursor,
  limit,
});

export const residentListInput = z.object({
  communityId: id,
  q: z.string().trim().max(60).optional(),
  gridId: id.optional(),
  groupId: id.optional(),
  householdId: id.optional(),
  status: z.enum(["active", "moved_out"]).optional(),
  adult: z.boolean().optional(),
  representative: z.enum(["household", "representative"]).optional(),
  cursor,
  limit,
});

const residentFields = {
  name,
  birthDate,
  phone,
  householdId: id.nullable().optional(),
  groupId: id.nullable().optional(),
  isHouseholdRep: z.boolean().optional(),
  isRepresentative: z.boolean().optional(),
};
export const residentCreateInput = z.object({
  communityId: id,
  ...residentFields,
  /** Make this person the household's representative in place of the current one. */
  replaceRep: z.boolean().optional(),
});
export const residentUpdateInput = z.object({
  id,
  name: name.optional(),
  birthDate: birthDate.optional(),
  phone: phone.optional(),
  householdId: id.nullable().optional(),
  groupId: id.nullable().optional(),
  isHouseholdRep: z.boolean().optional(),
  isRepresentative: z.boolean().optional(),
  replaceRep: z.boolean().optional(),
});
export const residentMoveOutInput = z.object({ id, movedOutOn: birthDate });

export const importKind = z.enum(["households", "residents"]);
export const importContextInput = z.object({ communityId: id, kind: importKind });
export const importInput = z.object({
  communityId: id,
  kind: importKind,
  rows: z
    .array(z.object({ row: z.number().int().min(2), values: z.record(z.string(), z.string().max(500)) }))
    .min(1)
    .max(500),
});
export const exportInput = z.object({ communityId: id, cursor, kind: importKind.optional() });

export const activateInput = communityRef.extend({ code: z.string().trim().min(8).max(20), password });

export const objectInput = z.object({
  id,
  kind: z.enum(["query", "objection"]),
  text: z.string().trim().min(2).max(2000),
});
export const objectionListInput = z.object({
  communityId: id,
  status: z.enum(["open", "answered", "overdue"]).optional(),
  cursor,
  limit,
});
export const respondObjectionInput = z.object({
  id,
  answer: z.string().trim().min(2).max(4000),
  publish: z.boolean(),
});

export const correctionRequestInput = z.object({ text: z.string().trim().min(2).max(2000) });
export const correctionListInput = z.object({
  communityId: id,
  status: z.enum(["open", "done", "rejected"]).optional(),
});
export const correctionHandleInput = z.object({
  id,
  status: z.enum(["done", "rejected"]),
  response: z.string().trim().min(2).max(2000),
});
