// CSV for Excel (SPEC §8 审阅): UTF-8 with a byte-order mark, or Excel shows the Chinese as mojibake; CRLF line
// ends; every text field quoted when it needs it (papaparse's unparse). Money goes out as yuan with two
// decimals, computed from integer fen (fenToYuan), so the file says exactly what the server said.
import Papa from 'papaparse'

export const BOM = '\uFEFF'

export type CsvCell = string | number | boolean | null | undefined

/** A header row and data rows as one CSV text, starting with the BOM. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const body = Papa.unparse({ fields: [...header], data: rows.map((r) => r.map((c) => (c == null ? '' : c))) }, { newline: '\r\n' })
  return `${BOM}${body}\r\n`
}

/**
 * A file name as the UI language words it (common.csvFile: '2026年党建经费.csv'), with nothing a file system
 * refuses: separators, reserved characters and whitespace runs become '_'.
 */
export function safeFileName(name: string): string {
  return name.trim().replace(/[\\/:*?"<>|\s]+/g, '_')
}
