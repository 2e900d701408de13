/** Plain SQL for seed rows: the seed runs both through wrangler (a file) and in tests (D1 batch). */
export function literal(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "number") return String(Math.trunc(v));
  if (typeof v === "boolean") return v ? "1" : "0";
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return "'" + text.replaceAll("'", "''") + "'";
}

export function insert(table: string, row: Record<string, unknown>): string {
  const cols = Object.keys(row);
  return `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map((c) => literal(row[c])).join(", ")});`;
}
