import Papa from "papaparse";

/**
 * CSV for spreadsheets: UTF-8 with BOM (so Excel on Chinese Windows reads it), CRLF, and cells
 * that start like a formula (= + - @ tab CR) escaped with a leading quote (formula injection).
 */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  // Papa's own escapeFormulae pattern (/^[=+\-@\t\r].*$/) misses a formula followed by a line break.
  // A plain negative number ("-12.50") is no formula: it stays a number.
  const body = Papa.unparse(
    { fields: header, data: rows },
    { escapeFormulae: /^(?!-\d+(?:\.\d+)?$)[=+\-@\t\r]/, newline: "\r\n" },
  );
  // Papa ends a header-only file with a line break already; don't add an empty record after it.
  return "\uFEFF" + body + (body.endsWith("\r\n") ? "" : "\r\n");
}
