import { z } from "zod";
import { BALLOT_TYPES, PASS_RULES, POLL_ELIGIBILITY, POLL_KINDS, RATINGS } from "../rules/polls";
import { communityRef, id } from "./common";

const option = z.object({
  label: z.string().trim().min(1).max(100),
  post: z.string().trim().max(40).optional(),
});

const pollFields = {
  kind: z.enum(POLL_KINDS),
  ballotType: z.enum(BALLOT_TYPES),
  title: z.string().trim().min(2).max(200),
  descriptionMd: z.string().trim().max(50_000).default(""),
  /** Not used for yes/no ballots (their options are fixed). */
  options: z.array(option).max(30).default([]),
  minChoices: z.number().int().min(0).max(30).optional(),
  maxChoices: z.number().int().min(1).max(30).optional(),
  eligibility: z.enum(POLL_ELIGIBILITY),
  secret: z.boolean(),
  opensAt: z.number().int().positive(),
  closesAt: z.number().int().positive(),
  passRule: z.enum(PASS_RULES).default("majority_cast"),
  turnoutPct: z.number().int().min(1).max(100).nullable().default(null),
  allowChange: z.boolean().default(false),
  hideResults: z.boolean().default(false),
  reviewYear: z.number().int().min(2000).max(2100).nullable().default(null),
  meetingItemId: id.nullable().default(null),
};
export const pollCreateInput = z.object({ communityId: id, ...pollFields });
export const pollUpdateInput = z.object({ id, ...pollFields });
export const pollIdInput = z.object({ id });
export const pollCancelInput = z.object({ id, reason: z.string().trim().min(2).max(500) });
export const pollStaffListInput = z.object({ communityId: id });
export const pollListInput = communityRef;
export const pollGetInput = communityRef.extend({ id });
export const pollReceiptInput = communityRef.extend({ id, receipt: z.string().trim().min(4).max(40) });

export const castInput = z.object({
  pollId: id,
  options: z.array(z.string().max(10)).max(30).optional(),
  ratings: z.record(z.string().max(10), z.enum(RATINGS)).optional(),
  /** Cast the ballot of a resident whose written proxy the voter holds. */
  onBehalfOf: id.optional(),
  /** Changing a secret ballot (where allowed): the receipt of the ballot it replaces. */
  replaceReceipt: z.string().trim().max(40).optional(),
});

export const proxyInput = z.object({
  pollId: id,
  grantorId: id,
  holderId: id,
  note: z.string().trim().max(200).default(""),
});
export const proxyRevokeInput = z.object({ pollId: id, grantorId: id });
export const pollRollSearchInput = z.object({ pollId: id, q: z.string().trim().max(40) });
export const reviewHistoryInput = communityRef;
