// The grid as CSV for Excel: one line per branch, period and kind with the server's numbers, plus the branch's
// rate, so the committee can filter and pivot it. Pure: the translator comes in as an argument.
import type { CsvCell } from '../../domain/csv'
import type { GridBranch } from './grid'

type Translate = (key: string, values?: Record<string, unknown>) => string

export function completenessCsv(branches: readonly GridBranch[], t: Translate): { header: string[]; rows: CsvCell[][] } {
  const header = ['branch', 'period', 'kind', 'required', 'held', 'met', 'state', 'rate'].map((c) => t(`review.csv.${c}`))
  const rows: CsvCell[][] = []
  for (const branch of branches) {
    const rate = branch.rate === null ? '' : `${Math.round(branch.rate * 1000) / 10}%`
    for (const cell of branch.cells) {
      for (const r of cell.rows) {
        rows.push([branch.name, r.period, t(`kinds.${r.kind}`), r.required, r.held, r.met ? t('common.yes') : t('common.no'), t(`review.states.${cell.state}`), rate])
      }
    }
  }
  return { header, rows }
}
