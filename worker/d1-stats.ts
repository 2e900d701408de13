import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one request asked of D1: statements sent, and the rows D1 reports reading and writing.
 * With `queries`, each statement's SQL and parameters too (tests explain their query plans).
 */
export type D1Stats = {
  statements: number;
  rowsRead: number;
  rowsWritten: number;
  queries?: { sql: string; params: unknown[] }[];
};

const current = new AsyncLocalStorage<D1Stats>();

/** Run `fn` (one request) while counting its D1 work into `stats`. Outside production only. */
export function withD1Stats<T>(stats: D1Stats, fn: () => T): T {
  return current.run(stats, fn);
}

export const countingD1Stats = () => current.getStore();

type Meta = { meta?: { rows_read?: number; rows_written?: number } };

function record(stats: D1Stats, results: Meta | Meta[] | unknown) {
  for (const r of Array.isArray(results) ? results : [results]) {
    const meta = (r as Meta | null)?.meta;
    stats.rowsRead += meta?.rows_read ?? 0;
    stats.rowsWritten += meta?.rows_written ?? 0;
  }
}

/**
 * The database binding, counting into `stats`. Statements are wrapped so that executing one counts
 * it; `batch` hands D1 the real statements back. `raw()` and `first()` do not report rows read: a
 * read-only statement run that way is run once more with `all()`, for its meta only (tests only).
 */
export function countingD1(d1: D1Database, stats: D1Stats): D1Database {
  const real = new WeakMap<object, D1PreparedStatement>();
  const sent = new WeakMap<object, { sql: string; params: unknown[] }>();
  const wrap = (stmt: D1PreparedStatement, query: string, params: unknown[] = []): D1PreparedStatement => {
    const readOnly = /^\s*(select|with)\b/i.test(query);
    const count = () => {
      stats.statements += 1;
      stats.queries?.push({ sql: query, params });
    };
    const proxy = new Proxy(stmt, {
      get(target, key) {
        if (key === "bind") return (...args: unknown[]) => wrap(target.bind(...args), query, args);
        if (key === "all" || key === "run")
          return async (...args: unknown[]) => {
            count();
            const result = await (target[key] as (...a: unknown[]) => Promise<unknown>)(...args);
            record(stats, result);
            return result;
          };
        if (key === "raw" || key === "first")
          return async (...args: unknown[]) => {
            count();
            const result = await (target[key] as (...a: unknown[]) => Promise<unknown>)(...args);
            if (readOnly) record(stats, await target.all());
            return result;
          };
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    real.set(proxy, stmt);
    sent.set(proxy, { sql: query, params });
    return proxy;
  };
  return new Proxy(d1, {
    get(target, key) {
      if (key === "prepare") return (query: string) => wrap(target.prepare(query), query);
      if (key === "batch")
        return async (statements: D1PreparedStatement[]) => {
          stats.statements += statements.length;
          for (const s of statements) {
            const q = sent.get(s);
            if (q) stats.queries?.push(q);
          }
          const results = await target.batch(statements.map((s) => real.get(s) ?? s));
          record(stats, results);
          return results;
        };
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
