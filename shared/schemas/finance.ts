import { z } from "zod";
import { isPeriodKey } from "../rules/finance";
import { parseSignedYuan, parseYuan } from "../rules/money";
import { communityRef, id } from "./common";
import { calendarDate } from "./registry";

export const periodKey = z.string().refine(isPeriodKey, { message: "finance.badPeriod" });

/** Yuan as typed ("1,234.50"): at most two decimals, not negative; converted to fen by the server. */
export const yuan = z.string().superRefine((v, ctx) => {
  const r = parseYuan(v);
  if (!r.ok) ctx.addIssue({ code: "custom", message: r.rule });
});
export const signedYuan = z.string().superRefine((v, ctx) => {
  const r = parseSignedYuan(v);
  if (!r.ok) ctx.addIssue({ code: "custom", message: r.rule });
});
export const positiveYuan = yuan.refine((v) => (parseYuan(v) as { fen?: number }).fen !== 0, { message: "money.zero" });

export const periodsInput = z.object({ communityId: id });
export const openPeriodInput = z.object({ communityId: id, period: periodKey, openingBalance: signedYuan.optional() });
export const periodIdInput = z.object({ periodId: id });
export const setOpeningInput = z.object({ periodId: id, openingBalance: signedYuan });

const entryFields = {
  date: calendarDate,
  direction: z.enum(["income", "expense"]),
  category: z.string().min(1).max(40),
  amount: positiveYuan,
  summary: z.string().trim().min(1).max(200),
  counterparty: z.string().trim().max(60),
  counterpartyIsPerson: z.boolean(),
  voucherNo: z.string().trim().max(40),
};
export const addEntryInput = z.object({ periodId: id, ...entryFields, adjustsEntryId: id.optional() });
export const updateEntryInput = z.object({
  id,
  date: entryFields.date.optional(),
  direction: entryFields.direction.optional(),
  category: entryFields.category.optional(),
  amount: entryFields.amount.optional(),
  summary: entryFields.summary.optional(),
  counterparty: entryFields.counterparty.optional(),
  counterpartyIsPerson: z.boolean().optional(),
  voucherNo: entryFields.voucherNo.optional(),
});
export const entryIdInput = z.object({ id });

export const financeImportInput = z.object({
  periodId: id,
  rows: z
    .array(z.object({ row: z.number().int().min(2), values: z.record(z.string(), z.string().max(500)) }))
    .min(1)
    .max(500),
});

export const reviewInput = z.object({
  periodId: id,
  decision: z.enum(["approve", "return"]),
  comment: z.string().trim().max(1000),
});

export const publicPeriodInput = communityRef.extend({ period: periodKey });
export const financeSettingsInput = z.object({
  urbanFrequency: z.enum(["monthly", "quarterly"]),
  villageFrequency: z.enum(["monthly", "quarterly"]),
  deadlineDays: z.number().int().min(1).max(60),
});
