import Papa from "papaparse";

/**
 * CSV for spreadsheets: UTF-8 with BOM (so Excel on Chinese Windows reads it), CRLF, and cells
 * that start like a formula (= + - @ tab CR) escaped with a leading quote (formula injection).
 */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return "\uFEFF" + Papa.unparse({ fields: header, data: rows }, { escapeFormulae: true, newline: "\r\n" }) + "\r\n";
}
