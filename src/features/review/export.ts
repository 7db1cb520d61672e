// The grid as CSV for Excel: one line per branch — its committee, the year's rate, requirements met of due, and
// the state of each month, quarter and the year — as the committee reads it, for every branch of the subtree.
// Pure: the translator comes in as an argument.
import type { CsvCell } from '../../domain/csv'
import { periodKind } from '../../domain/shanghai'
import type { GridBranch } from './grid'

type Translate = (key: string, values?: Record<string, unknown>) => string

export function periodHeading(period: string, t: Translate): string {
  const per = periodKind(period)
  if (per === 'month') return t('review.periodMonth', { y: period.slice(0, 4), m: Number(period.slice(5)) })
  if (per === 'quarter') return t('review.periodQuarter', { y: period.slice(0, 4), q: period.slice(6) })
  return t('review.periodYear', { y: period })
}

/** `committeeOf` names the committee a branch sits directly under. */
export function completenessCsv(branches: readonly GridBranch[], periods: readonly string[], committeeOf: (b: GridBranch) => string, t: Translate): { header: string[]; rows: CsvCell[][] } {
  const header = [...['branch', 'committee', 'rate', 'met', 'due'].map((c) => t(`review.csv.${c}`)), ...periods.map((p) => periodHeading(p, t))]
  const rows = branches.map((b): CsvCell[] => [
    b.name, committeeOf(b), b.rate === null ? '' : `${Math.round(b.rate * 1000) / 10}%`, b.met, b.due,
    ...b.cells.map((c) => t(`review.states.${c.state}`)),
  ])
  return { header, rows }
}
