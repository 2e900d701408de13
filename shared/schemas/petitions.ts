import { z } from "zod";
import { MEETING_KINDS } from "../rules/meetings";
import { communityRef, id } from "./common";

export const petitionCreateInput = z.object({
  kind: z.enum(MEETING_KINDS),
  basis: z.enum(["adults", "household_reps", "representatives"]),
  title: z.string().trim().min(2).max(200),
  purpose: z.string().trim().min(10).max(2000),
});
export const petitionIdInput = z.object({ id });
export const petitionListInput = communityRef;
export const petitionStaffInput = z.object({ communityId: id });
export const petitionConvenedInput = z.object({ id, meetingId: id });
