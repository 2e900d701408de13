import { eq, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/** A street office, or one of its communities. */
export type MonitorScope = { streetId: string; communityId?: string };

/** `col` belongs to the scope; the street case is one index seek per community, never a table scan. */
export function inScope(col: SQLiteColumn, s: MonitorScope): SQL {
  return s.communityId
    ? eq(col, s.communityId)
    : sql`${col} IN (SELECT "communities"."id" FROM "communities" WHERE "communities"."street_id" = ${s.streetId})`;
}
