// A bad row as one line of the preview: 第 N 行（name）: every reason it is not imported, in the UI language.
import type { ImportField } from './headers'
import type { BadRow, RowProblem } from './rows'

type Translate = (key: string, params?: Record<string, unknown>) => string

export function problemText(t: Translate, p: RowProblem): string {
  const params: Record<string, unknown> = { ...p.params }
  if (p.field) params.field = t(`import.fields.${p.field satisfies ImportField}`)
  if (typeof params.status === 'string') params.status = t(`roster.statuses.${params.status}`)
  return t(`import.problems.${p.code}`, params)
}

export function badRowText(t: Translate, row: BadRow): string {
  const reasons = row.problems.map((p) => problemText(t, p)).join(t('import.problemSeparator'))
  return row.name ? t('import.badRowNamed', { line: row.line, name: row.name, reasons }) : t('import.badRow', { line: row.line, reasons })
}
