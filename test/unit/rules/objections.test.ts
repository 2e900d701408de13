import { describe, expect, it } from "vitest";
import { ANSWER_DAYS, answerDueAt, canObject, isOverdue } from "../../../shared/rules/objections";

const DAY = 86_400_000;
const asked = Date.UTC(2026, 10, 3, 1, 30);

describe("answerDueAt", () => {
  it("is exactly 10 days after the question", () => {
    expect(ANSWER_DAYS).toBe(10);
    expect(answerDueAt(asked)).toBe(asked + 10 * DAY);
  });
});

describe("isOverdue", () => {
  it("is not overdue up to and including the 10th day's last millisecond", () => {
    const q = { createdAt: asked, answeredAt: null };
    expect(isOverdue(q, asked)).toBe(false);
    expect(isOverdue(q, asked + 9 * DAY)).toBe(false);
    expect(isOverdue(q, answerDueAt(asked) - 1)).toBe(false);
    expect(isOverdue(q, answerDueAt(asked))).toBe(false);
  });

  it("is overdue 1 ms after the 10 days, and stays so while unanswered", () => {
    const q = { createdAt: asked, answeredAt: null };
    expect(isOverdue(q, answerDueAt(asked) + 1)).toBe(true);
    expect(isOverdue(q, asked + 12 * DAY)).toBe(true);
    expect(isOverdue(q, asked + 400 * DAY)).toBe(true);
  });

  it("an answered query is never overdue, even if answered late", () => {
    expect(isOverdue({ createdAt: asked, answeredAt: asked + DAY }, asked + 30 * DAY)).toBe(false);
    expect(isOverdue({ createdAt: asked, answeredAt: asked + 20 * DAY }, asked + 30 * DAY)).toBe(false);
  });
});

describe("canObject", () => {
  const ends = Date.UTC(2026, 10, 18, 2, 0);

  it("accepts queries on a published notice until the end of the publicity period, inclusive", () => {
    expect(canObject(ends, "published", ends - 15 * DAY)).toBe(true);
    expect(canObject(ends, "published", ends - 1)).toBe(true);
    expect(canObject(ends, "published", ends)).toBe(true);
  });

  it("refuses them 1 ms after the period", () => {
    expect(canObject(ends, "published", ends + 1)).toBe(false);
    expect(canObject(ends, "published", ends + 10 * DAY)).toBe(false);
  });

  it("refuses them on a notice that is not published (withdrawn, draft, …)", () => {
    for (const status of ["withdrawn", "draft", "submitted", "scheduled"])
      expect(canObject(ends, status, ends - DAY), status).toBe(false);
  });
});
