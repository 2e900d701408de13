import { describe, expect, it } from "vitest";
import { canWithdraw, MIN_PUBLICITY_DAYS, publicityDaysLeft, publicityEndsAt } from "../../../shared/rules/notices";

const DAY = 86_400_000;
const published = Date.UTC(2026, 10, 1, 2, 0, 0);

describe("publicityEndsAt", () => {
  it("is 15 days after publication at the least", () => {
    expect(MIN_PUBLICITY_DAYS).toBe(15);
    expect(publicityEndsAt(published, 15)).toBe(published + 15 * DAY);
    expect(publicityEndsAt(published, 3)).toBe(published + 15 * DAY);
    expect(publicityEndsAt(published, 0)).toBe(published + 15 * DAY);
    expect(publicityEndsAt(published, -5)).toBe(published + 15 * DAY);
  });
  it("honours a longer posting period", () => {
    expect(publicityEndsAt(published, 30)).toBe(published + 30 * DAY);
  });
});

describe("canWithdraw", () => {
  const base = { firstPublishedAt: published, publicityDays: 15, hasPublishedReplacement: false };

  it("allows withdrawal exactly when the 15 days are over", () => {
    expect(canWithdraw({ ...base, now: published + 15 * DAY })).toEqual({ ok: true });
  });
  it("refuses 1 ms before the end and says when it ends", () => {
    expect(canWithdraw({ ...base, now: published + 15 * DAY - 1 })).toEqual({
      ok: false,
      reason: "notice.withdraw.tooEarly",
      endsAt: published + 15 * DAY,
    });
  });
  it("refuses right after publication", () => {
    expect(canWithdraw({ ...base, now: published }).ok).toBe(false);
  });
  it("allows an early withdrawal when a published replacement takes its place", () => {
    expect(canWithdraw({ ...base, now: published + 1, hasPublishedReplacement: true })).toEqual({ ok: true });
  });
  it("never shortens the period below 15 days", () => {
    const r = canWithdraw({ ...base, publicityDays: 5, now: published + 6 * DAY });
    expect(r).toEqual({ ok: false, reason: "notice.withdraw.tooEarly", endsAt: published + 15 * DAY });
  });
  it("waits for a longer posting period to end", () => {
    expect(canWithdraw({ ...base, publicityDays: 30, now: published + 16 * DAY }).ok).toBe(false);
    expect(canWithdraw({ ...base, publicityDays: 30, now: published + 30 * DAY }).ok).toBe(true);
  });
});

describe("publicityDaysLeft", () => {
  const ends = published + 15 * DAY;
  it("rounds a part of a day up", () => {
    expect(publicityDaysLeft(ends, ends - 1)).toBe(1);
    expect(publicityDaysLeft(ends, ends - DAY)).toBe(1);
    expect(publicityDaysLeft(ends, ends - DAY - 1)).toBe(2);
    expect(publicityDaysLeft(ends, published)).toBe(15);
  });
  it("is 0 at the end and after it", () => {
    expect(publicityDaysLeft(ends, ends)).toBe(0);
    expect(publicityDaysLeft(ends, ends + 5 * DAY)).toBe(0);
  });
});
