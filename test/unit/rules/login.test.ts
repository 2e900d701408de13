import { describe, expect, it } from "vitest";
import { LOCK_MINUTES, lockCheck, MAX_FAILURES, nextThrottle } from "../../../shared/rules/login";

const now = Date.UTC(2026, 0, 1);
const MIN = 60_000;

function fail(times: number, at = now) {
  let t: { failures: number; lockedUntil: number | null } | null = null;
  for (let i = 0; i < times; i++) t = nextThrottle(t, at);
  return t;
}

describe("login throttle", () => {
  it("counts failures without locking before the fifth", () => {
    expect(MAX_FAILURES).toBe(5);
    expect(fail(1)).toEqual({ failures: 1, lockedUntil: null });
    expect(fail(4)).toEqual({ failures: 4, lockedUntil: null });
    expect(lockCheck(fail(4), now)).toEqual({ locked: false });
  });

  it("locks for 15 minutes on the fifth failure", () => {
    expect(LOCK_MINUTES).toBe(15);
    const t = fail(5);
    expect(t).toEqual({ failures: 5, lockedUntil: now + 15 * MIN });
    expect(lockCheck(t, now)).toEqual({ locked: true, minutesLeft: 15 });
    expect(lockCheck(t, now + 14 * MIN)).toEqual({ locked: true, minutesLeft: 1 });
    expect(lockCheck(t, now + 15 * MIN - 1)).toEqual({ locked: true, minutesLeft: 1 });
  });

  it("unlocks once the 15 minutes are over", () => {
    const t = fail(5);
    expect(lockCheck(t, now + 15 * MIN)).toEqual({ locked: false });
    expect(lockCheck(null, now)).toEqual({ locked: false });
  });

  it("starts the count again after an expired lock", () => {
    const t = fail(5);
    const after = now + 16 * MIN;
    expect(nextThrottle(t, after)).toEqual({ failures: 1, lockedUntil: null });
    let again = t;
    for (let i = 0; i < 4; i++) again = nextThrottle(again, after);
    expect(again).toEqual({ failures: 4, lockedUntil: null });
    expect(nextThrottle(again, after)).toEqual({ failures: 5, lockedUntil: after + 15 * MIN });
  });
});
