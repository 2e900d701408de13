/**
 * The result column names of a SELECT, as D1 reports them (the alias, or the bare column name),
 * and those that repeat. D1 batches hand rows back as objects keyed by these names, so a select
 * that joins two tables' `id` or `name` silently shifts every later value: worker/db.ts refuses
 * such a batch outside production.
 */
export function selectColumnNames(sql: string): string[] {
  const text = sql.trim();
  if (!/^select\s/i.test(text)) return [];
  const items: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = text.search(/\s/) + 1;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && c === ",") {
      items.push(text.slice(start, i));
      start = i + 1;
    } else if (depth === 0 && /^\sfrom\s/i.test(text.slice(i, i + 6))) {
      items.push(text.slice(start, i));
      return items.map(columnName);
    }
  }
  items.push(text.slice(start));
  return items.map(columnName);
}

function columnName(item: string): string {
  const alias = /\bas\s+"([^"]+)"\s*$/i.exec(item.trim());
  if (alias) return alias[1];
  const last = /"([^"]+)"\s*$/.exec(item.trim());
  return last ? last[1] : item.trim();
}

export function duplicateColumns(sql: string): string[] {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const name of selectColumnNames(sql)) (seen.has(name) ? dupes : seen).add(name);
  return [...dupes];
}
