/** Residents may query a published item; the committee answers within 10 days (DOMAIN.md "Disclosure"). */
export const ANSWER_DAYS = 10;
const DAY_MS = 86_400_000;

export function answerDueAt(createdAt: number): number {
  return createdAt + ANSWER_DAYS * DAY_MS;
}

/** An unanswered query past its 10 days is flagged for the committee and the street office. */
export function isOverdue(q: { createdAt: number; answeredAt: number | null }, now: number): boolean {
  return q.answeredAt === null && now > answerDueAt(q.createdAt);
}

/** Queries and objections are accepted while the notice is in its publicity period. */
export function canObject(publicityEndsAt: number, status: string, now: number): boolean {
  return status === "published" && now <= publicityEndsAt;
}
