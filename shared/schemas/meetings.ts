import { z } from "zod";
import { MEETING_KINDS, RULE_SETS } from "../rules/meetings";
import { communityRef, id } from "./common";

const item = z.object({
  /** An existing item keeps its id (and its attachments) when the agenda is edited. */
  id: id.optional(),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000).default(""),
  proposedResolution: z.string().trim().max(2000).default(""),
});

const meetingFields = {
  kind: z.enum(MEETING_KINDS),
  subkind: z.enum(["议事会", "听证会", "恳谈会"]).optional(),
  ruleSet: z.enum(RULE_SETS).optional(),
  basis: z.enum(["adults", "household_reps", "representatives", "group_adults", "group_households", "none"]),
  groupId: id.optional(),
  title: z.string().trim().min(1).max(200),
  place: z.string().trim().min(1).max(200),
  startsAt: z.number().int().positive(),
  urgentReason: z.string().trim().max(500).optional(),
  items: z.array(item).max(30),
};
export const meetingCreateInput = z.object({ communityId: id, ...meetingFields });
export const meetingUpdateInput = z.object({ id, ...meetingFields });
export const meetingIdInput = z.object({ id });
export const meetingCancelInput = z.object({ id, reason: z.string().trim().min(2).max(500) });
export const meetingListInput = communityRef;
export const meetingGetInput = communityRef.extend({ id });
export const staffMeetingsInput = z.object({ communityId: id });

export const checkInInput = z.object({
  meetingId: id,
  /** Omitted when a resident checks themself in by scanning the meeting's QR code. */
  residentId: id.optional(),
  /** The attendee holding this resident's written proxy. */
  proxyHolderId: id.optional(),
});
export const rollSearchInput = z.object({ meetingId: id, q: z.string().trim().max(40) });

export const itemVoteInput = z.object({
  itemId: id,
  votesFor: z.number().int().min(0).max(100_000),
  votesAgainst: z.number().int().min(0).max(100_000),
  votesAbstain: z.number().int().min(0).max(100_000),
  outcomeNote: z.string().trim().max(2000).optional(),
});
export const publishMinutesInput = z.object({ id, minutesMd: z.string().trim().min(10).max(50_000) });

export const decisionListInput = communityRef;
export const decisionUpdateInput = z.object({
  decisionId: id,
  status: z.enum(["planned", "in_progress", "done", "stalled"]),
  progress: z.number().int().min(0).max(100),
  note: z.string().trim().min(2).max(2000),
  /** Files uploaded to /files/decisions/:decisionId for this update. */
  attachmentIds: z.array(id).max(10).default([]),
});
