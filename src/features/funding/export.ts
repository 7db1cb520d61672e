// The 经费 table as CSV for Excel: a row type column marks the committees' roll-up rows, so a sum over the
// file can filter them out; money as yuan with two decimals computed from fen (fenToYuan), never from floats.
// Pure: the translator comes in as an argument.
import type { CsvCell } from '../../domain/csv'
import { fenToYuan } from '../../domain/funding'
import { FUNDING_COLUMNS, type FundingTableRow } from './table'

type Translate = (key: string, values?: Record<string, unknown>) => string

export function fundingCsv(rows: readonly FundingTableRow[], t: Translate): { header: string[]; rows: CsvCell[][] } {
  const header = [t('funding.csv.type'), t('funding.csv.name'), ...FUNDING_COLUMNS.map((c) => t(`funding.csv.${c}`))]
  return {
    header,
    rows: rows.map((r) => [
      t(r.kind === 'committee' ? 'funding.csv.rollUp' : 'funding.csv.branch'),
      r.name,
      ...FUNDING_COLUMNS.map((c) => (c === 'member_count' ? r.figures[c] : fenToYuan(r.figures[c]))),
    ]),
  }
}
