import { z } from "zod";
import { NOTICE_CATEGORY_CODES } from "../rules/categories";
import { communityRef, cursor, id, limit } from "./common";
import { MIN_PUBLICITY_DAYS } from "../rules/notices";

export const noticeCategory = z.enum(NOTICE_CATEGORY_CODES);
export const noticeTitle = z.string().trim().min(1).max(200);
export const noticeBody = z.string().max(50_000);
export const publicityDays = z.number().int().min(MIN_PUBLICITY_DAYS).max(365);

export const noticeListInput = communityRef.extend({ category: noticeCategory.optional(), cursor, limit });
export const noticeGetInput = communityRef.extend({ id });

export const noticeDraftsInput = z.object({
  communityId: id,
  status: z.enum(["draft", "submitted", "scheduled", "published", "withdrawn"]).optional(),
  cursor,
  limit,
});
export const noticeCreateInput = z.object({
  communityId: id,
  category: noticeCategory,
  title: noticeTitle,
  bodyMd: noticeBody,
  pinned: z.boolean().optional(),
  publicityDays: publicityDays.optional(),
});
export const noticeUpdateInput = z.object({
  id,
  category: noticeCategory.optional(),
  title: noticeTitle.optional(),
  bodyMd: noticeBody.optional(),
  pinned: z.boolean().optional(),
  publicityDays: publicityDays.optional(),
});
export const noticeIdInput = z.object({ id });
export const noticePublishInput = z.object({ id, at: z.number().int().positive().optional() });
export const noticeCorrectInput = z.object({
  id,
  category: noticeCategory.optional(),
  title: noticeTitle,
  bodyMd: noticeBody,
  changeNote: z.string().trim().min(1).max(500),
  attachmentIds: z.array(id).max(10).optional(),
});
export const noticeWithdrawInput = z.object({
  id,
  reason: z.string().trim().min(2).max(500),
  replacedBy: id.optional(),
});
export const attachmentRemoveInput = z.object({ id });
