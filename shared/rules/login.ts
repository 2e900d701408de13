/** Five failed logins lock the username for 15 minutes. */
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

type Throttle = { failures: number; lockedUntil: number | null } | null;

export function lockCheck(t: Throttle, now: number): { locked: false } | { locked: true; minutesLeft: number } {
  if (t?.lockedUntil && t.lockedUntil > now)
    return { locked: true, minutesLeft: Math.ceil((t.lockedUntil - now) / 60_000) };
  return { locked: false };
}

/** The throttle after one more failure; a lock that has run out starts the count again. */
export function nextThrottle(t: Throttle, now: number): { failures: number; lockedUntil: number | null } {
  const expired = t?.lockedUntil != null && t.lockedUntil <= now;
  const failures = (expired || !t ? 0 : t.failures) + 1;
  return failures >= MAX_FAILURES
    ? { failures, lockedUntil: now + LOCK_MINUTES * 60_000 }
    : { failures, lockedUntil: null };
}
