// The template to fill in: the headers the import recognises and one example row, as an .xlsx made on the
// phone by SheetJS (imported lazily, like the reader). Its contents stay Chinese in every UI language: they are
// the words committees' own rosters use and the ones headers.ts and statuses.ts read (vocabulary.json).
import vocabulary from './vocabulary.json'

export const TEMPLATE_HEADERS: readonly string[] = vocabulary.template.headers
export const TEMPLATE_EXAMPLE: readonly string[] = vocabulary.template.example

/** Builds the template and hands it to the browser as a download named `fileName`. */
export async function downloadTemplate(fileName: string): Promise<void> {
  const XLSX = await import('@e965/xlsx')
  const sheet = XLSX.utils.aoa_to_sheet([[...TEMPLATE_HEADERS], [...TEMPLATE_EXAMPLE]])
  sheet['!cols'] = TEMPLATE_HEADERS.map(() => ({ wch: 14 }))
  const book = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(book, sheet, vocabulary.template.sheet)
  XLSX.writeFile(book, fileName, { bookType: 'xlsx' })
}
