/** Posted items stay up at least 15 days (U34, V35). */
export const MIN_PUBLICITY_DAYS = 15;
const DAY_MS = 86_400_000;

export function publicityEndsAt(publishedAt: number, publicityDays: number): number {
  return publishedAt + Math.max(publicityDays, MIN_PUBLICITY_DAYS) * DAY_MS;
}

export type WithdrawCheck = { ok: true } | { ok: false; reason: "notice.withdraw.tooEarly"; endsAt: number };

/**
 * A published notice may be withdrawn once its minimum posting period (from first
 * publication) has ended; before that only when a published replacement takes its place,
 * so residents never lose sight of the matter within the 15 days (U34, V35).
 */
export function canWithdraw(input: {
  firstPublishedAt: number;
  publicityDays: number;
  now: number;
  hasPublishedReplacement: boolean;
}): WithdrawCheck {
  const endsAt = publicityEndsAt(input.firstPublishedAt, input.publicityDays);
  if (input.now >= endsAt || input.hasPublishedReplacement) return { ok: true };
  return { ok: false, reason: "notice.withdraw.tooEarly", endsAt };
}

/** Days left in the posting period, rounded up; 0 once it has ended. */
export function publicityDaysLeft(endsAt: number, now: number): number {
  return Math.max(0, Math.ceil((endsAt - now) / DAY_MS));
}
