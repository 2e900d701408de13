import { z } from "zod";
import { isCalendarDate } from "../rules/eligibility";
import { TEAM_KINDS } from "../rules/volunteers";
import { communityRef, id } from "./common";

const date = z.string().refine(isCalendarDate, { message: "import.badDate" });

const teamFields = {
  name: z.string().trim().min(2).max(60),
  kind: z.enum(TEAM_KINDS),
  description: z.string().trim().max(2000).default(""),
  isPublic: z.boolean().default(true),
  risky: z.boolean().default(false),
  adultsOnly: z.boolean().default(false),
  cancelCutoffHours: z.number().int().min(0).max(168).default(12),
  leaderVolunteerId: id.nullable().default(null),
};
export const teamCreateInput = z.object({ communityId: id, ...teamFields });
export const teamUpdateInput = z.object({ teamId: id, ...teamFields });
export const teamIdInput = z.object({ teamId: id });
export const teamArchiveInput = z.object({ teamId: id, archived: z.boolean() });
export const communityIdInput = z.object({ communityId: id });

export const volunteerRegisterInput = z.object({
  skills: z.string().trim().max(500).default(""),
  availability: z.string().trim().max(500).default(""),
  showName: z.boolean().default(false),
  teamIds: z.array(id).max(10).default([]),
});
export const volunteerUpdateSelfInput = volunteerRegisterInput.omit({ teamIds: true });
export const joinTeamInput = z.object({ teamId: id });
export const volunteerIdInput = z.object({ volunteerId: id });
export const volunteerStatusInput = z.object({ volunteerId: id, status: z.enum(["active", "inactive"]) });
export const volunteerListInput = z.object({
  communityId: id,
  status: z.enum(["pending", "active", "inactive"]).optional(),
  q: z.string().trim().max(40).default(""),
});
export const insuranceInput = z.object({
  volunteerId: id,
  insurer: z.string().trim().min(2).max(100),
  insurancePolicy: z.string().trim().min(2).max(60),
  insuredUntil: date,
});
export const guardianInput = z.object({ volunteerId: id, guardianName: z.string().trim().min(2).max(40) });
export const membershipInput = z.object({ teamId: id, volunteerId: id, approve: z.boolean() });

export const shiftCreateInput = z.object({
  teamId: id,
  task: z.string().trim().min(2).max(100),
  startsAt: z.number().int().positive(),
  endsAt: z.number().int().positive(),
  place: z.string().trim().max(200).default(""),
  gridId: id.nullable().default(null),
  capacity: z.number().int().min(1).max(500),
  notes: z.string().trim().max(1000).default(""),
  /** Weekly repetition on these weekdays (0 = Sunday) through `until`. */
  repeat: z
    .object({ weekdays: z.array(z.number().int().min(0).max(6)).min(1).max(7), until: date })
    .nullable()
    .default(null),
});
export const shiftIdInput = z.object({ shiftId: id });
export const shiftCancelInput = z.object({ shiftId: id, reason: z.string().trim().min(2).max(300) });
export const calendarInput = z.object({
  communityId: id,
  teamId: id.optional(),
  from: z.number().int(),
  to: z.number().int(),
});
export const rosterActionInput = z.object({ shiftId: id, volunteerId: id });
export const adjustInput = z.object({
  signupId: id,
  minutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  reason: z.string().trim().min(4).max(300),
});
export const recordInput = z.object({
  volunteerId: id,
  kind: z.enum(["training", "award", "evaluation"]),
  date,
  title: z.string().trim().min(2).max(100),
  note: z.string().trim().max(1000).default(""),
});
export const certificateInput = z.object({ fromDate: date, toDate: date });
export const certificateCodeInput = z.object({ code: z.string().trim().min(6).max(40) });
export const publicTeamsInput = communityRef;
