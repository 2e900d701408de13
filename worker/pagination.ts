import { and, eq, gt, lt, or, type Column, type SQL } from "drizzle-orm";

/** Keyset pagination over (time desc, id desc): pages stay stable while new rows arrive. */
export type Cursor = { t: number; id: string };

export function encodeCursor(c: Cursor | null): string | null {
  return c ? btoa(`${c.t}.${c.id}`).replace(/=+$/, "") : null;
}

export function decodeCursor(text: string | undefined): Cursor | null {
  if (!text) return null;
  try {
    const [t, id] = atob(text).split(".");
    const n = Number(t);
    return Number.isFinite(n) && id ? { t: n, id } : null;
  } catch {
    return null;
  }
}

export function afterCursor(time: Column, id: Column, cursor: Cursor | null): SQL | undefined {
  if (!cursor) return undefined;
  return or(lt(time, cursor.t), and(eq(time, cursor.t), lt(id, cursor.id)));
}

/** The same for oldest-first lists: rows after the cursor's (time, id). */
export function afterCursorAsc(time: Column, id: Column, cursor: Cursor | null): SQL | undefined {
  if (!cursor) return undefined;
  return or(gt(time, cursor.t), and(eq(time, cursor.t), gt(id, cursor.id)));
}

/** Fetch one row more than the page to know whether another page exists. */
export function page<T>(rows: T[], limit: number, key: (row: T) => Cursor) {
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  return { items, nextCursor: more ? encodeCursor(key(items[items.length - 1])) : null };
}
