// Reading a picked file into rows of cells. .xlsx/.xls through SheetJS, imported lazily (the ~400 KB parser is
// fetched on the import screen only, never in the app's first load); .csv through papaparse, as UTF-8 or,
// when that gives U+FFFD (Excel on Chinese Windows saves CSV as GBK), as GBK.
import Papa from 'papaparse'
import type { Cell } from './rows'

/** The rows of cells from the sheet's first used row, which is row `firstLine` of the file (1-based). */
export interface SheetCells { rows: Cell[][]; firstLine: number }

export class UnreadableFile extends Error {
  constructor(readonly reason: 'type' | 'read' | 'empty', cause?: unknown) {
    super(`roster import: unreadable file (${reason})`, { cause })
  }
}

/** The file's kind by its name (phones often give no MIME type for .csv). */
export function fileKind(name: string): 'xlsx' | 'csv' | null {
  const ext = name.toLowerCase().split('.').pop()
  return ext === 'xlsx' || ext === 'xls' ? 'xlsx' : ext === 'csv' ? 'csv' : null
}

/** CSV bytes as text: UTF-8 (BOM dropped), or GBK when UTF-8 decoding meets bytes it cannot read. */
export function decodeText(bytes: Uint8Array): string {
  const utf8 = new TextDecoder('utf-8').decode(bytes)
  return utf8.includes('\uFFFD') ? new TextDecoder('gbk').decode(bytes) : utf8
}

/** CSV text as rows of cells (quoted fields, commas and line breaks inside quotes, CRLF). */
export function parseCsv(text: string): SheetCells {
  return { rows: Papa.parse<string[]>(text, { skipEmptyLines: false }).data, firstLine: 1 }
}

/** The first sheet of a workbook that has any cell, day cells as Dates at UTC midnight. */
async function readWorkbook(bytes: Uint8Array): Promise<SheetCells> {
  const XLSX = await import('@e965/xlsx')
  const book = XLSX.read(bytes, { type: 'array', cellDates: true })
  for (const name of book.SheetNames) {
    const sheet = book.Sheets[name]!
    const rows = XLSX.utils.sheet_to_json<Cell[]>(sheet, { header: 1, raw: true, defval: null, blankrows: true, UTC: true })
    // a sheet's range may start below row 1: the preview's 第 N 行 counts from the file's first row
    const firstLine = sheet['!ref'] ? XLSX.utils.decode_range(sheet['!ref']).s.r + 1 : 1
    if (rows.some((row) => row.some((c) => c !== null && c !== ''))) return { rows, firstLine }
  }
  return { rows: [], firstLine: 1 }
}

/** The picked file's rows; throws UnreadableFile (a wrong kind, a broken or empty file). */
export async function readImportFile(file: File): Promise<SheetCells> {
  const kind = fileKind(file.name)
  if (!kind) throw new UnreadableFile('type')
  let sheet: SheetCells
  try {
    const bytes = new Uint8Array(await file.arrayBuffer())
    sheet = kind === 'csv' ? parseCsv(decodeText(bytes)) : await readWorkbook(bytes)
  } catch (e) {
    throw new UnreadableFile('read', e)
  }
  if (!sheet.rows.some((row) => row.some((c) => c !== null && c !== undefined && String(c).trim() !== ''))) throw new UnreadableFile('empty')
  return sheet
}
