/** datetime-local values are read and written as Beijing time, the time every page shows. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** "2026-05-01T09:30" (Beijing time) → epoch ms; null when incomplete. */
export function parseBeijingLocal(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi) - SHANGHAI_OFFSET_MS;
}

/** epoch ms → "2026-05-01T09:30" in Beijing time, for a datetime-local input. */
export function toBeijingLocal(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}
