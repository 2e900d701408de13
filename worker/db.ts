import { SQL } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import * as schema from "../db/schema";
import type { Env } from "./env";
import { duplicateColumns } from "../shared/sql-columns";
import { countingD1, countingD1Stats } from "./d1-stats";
import { currentD1Session } from "./d1-session";

export type DB = DrizzleD1Database<typeof schema>;

/**
 * The one place that hands out a database. Today every street office lives in `DB`; when a
 * deployment outgrows one D1 database, street offices are sharded across bindings here and
 * nowhere else (DESIGN.md "Scale path"). `null` means the directory (streets, logins, sessions).
 */
export function dbFor(env: Env, _streetId: string | null): DB {
  // Inside a request, its D1 session (see d1-session.ts); cron and direct calls use the binding.
  const d1 = (currentD1Session() as unknown as D1Database | undefined) ?? env.DB;
  const stats = env.ENVIRONMENT !== "production" ? countingD1Stats() : undefined;
  const db = drizzle(stats ? countingD1(d1, stats) : d1, { schema });
  if (env.ENVIRONMENT !== "production") guardBatchColumns(db);
  return db;
}

/**
 * D1 batches return rows keyed by column name, so a batched select naming two tables' `id` (or
 * `name`, `status`…) silently shifts every later value. Outside production every batch is
 * checked and such a select refused, naming the columns to alias.
 */
function guardBatchColumns(db: DB) {
  const batch = db.batch.bind(db);
  db.batch = ((queries: Statement[]) => {
    for (const q of queries) {
      const sql = (q as { toSQL?: () => { sql: string } }).toSQL?.().sql ?? "";
      const dupes = duplicateColumns(sql);
      if (dupes.length)
        throw new Error(`D1 batch: columns named twice (${dupes.join(", ")}); alias them with sql\`…\`.as()`);
    }
    return batch(queries as unknown as Parameters<DB["batch"]>[0]);
  }) as unknown as DB["batch"];
}

export type Statement = Parameters<DB["batch"]>[0][number];

/** One D1 batch (a transaction) from a list built at run time, where the tuple type of `db.batch` cannot be. */
export function runBatch(db: DB, statements: Statement[]) {
  if (statements.length === 0) return Promise.resolve([]);
  return db.batch(statements as [Statement, ...Statement[]]);
}

const dialect = new SQLiteAsyncDialect();
type Compilable = SQL | { toSQL(): { sql: string; params: unknown[] } };

/**
 * One D1 batch of raw statements, for conditional writes drizzle's batch cannot express
 * (INSERT … SELECT … WHERE guard) whose row counts (`meta.changes`) tell what happened.
 */
export function guardedBatch(db: DB, statements: Compilable[]): Promise<D1Result[]> {
  const d1 = (db as unknown as { $client: D1Database }).$client;
  return d1.batch(
    statements.map((s) => {
      const q = s instanceof SQL ? dialect.sqlToQuery(s) : s.toSQL();
      return d1.prepare(q.sql).bind(...q.params);
    }),
  );
}

/**
 * Whether a D1 error is a unique-index violation (of `columns` when given, as SQLite names them:
 * "table.col, table.col"): the constraint that made a concurrent write lose.
 */
export function isUniqueViolation(e: unknown, columns?: string): boolean {
  const text = String((e as { cause?: unknown })?.cause ?? e);
  return text.includes(`UNIQUE constraint failed${columns ? `: ${columns}` : ""}`);
}
