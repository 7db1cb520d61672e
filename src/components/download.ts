// Saving a generated file on the phone or the desktop: a Blob behind a temporary link, the browser's own way
// (no server round trip, works offline).
import { type CsvCell, safeFileName, toCsv } from '../domain/csv'
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Saves a CSV for Excel named '2026年<subject>.csv' (as the UI language words it); returns the name used. */
export function downloadCsv(fileName: string, header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const name = safeFileName(fileName)
  downloadText(name, toCsv(header, rows))
  return name
}
