// The 经费 table: the server's rows (branch_funding) laid out as the org tree the device holds, each committee
// with a roll-up row (the sum of its branches, fundingRollUp) above its own branches and sub-committees.
// Pure: the rows and orgs come in as arguments.
import { groupBy } from '../../domain/collections'
import { type FundingRow, fundingRollUp } from '../../domain/funding'
import { orgPaths } from '../../domain/orgs'
import { isLive, type Org } from '../../domain/types'

export const FUNDING_COLUMNS = [
  'member_count', 'allocation_fen', 'required_match_fen', 'matched_fen', 'shortfall_fen', 'available_fen', 'spent_fen', 'balance_fen',
] as const
export type FundingColumn = (typeof FUNDING_COLUMNS)[number]
export type FundingFigures = Record<FundingColumn, number>

export interface FundingTableRow {
  kind: 'committee' | 'branch'
  id: string
  name: string
  /** Nesting under the committees shown (0 = top). */
  depth: number
  figures: FundingFigures
}

export type TableOrg = Pick<Org, 'id' | 'parent_id' | 'kind' | 'name' | 'deleted_at'>

/** bigint columns may travel as strings: every figure as a number of fen (or members). */
export function normalizeFundingRows(rows: readonly Record<string, unknown>[]): FundingRow[] {
  return rows.map((r) => {
    const out = { ...r, branch_id: String(r.branch_id), branch_name: String(r.branch_name ?? '') } as Record<string, unknown>
    for (const key of [...FUNDING_COLUMNS, 'rate_fen'] as const) out[key] = Number(r[key] ?? 0)
    return out as unknown as FundingRow
  })
}

const figuresOf = (row: FundingRow): FundingFigures =>
  Object.fromEntries(FUNDING_COLUMNS.map((c) => [c, row[c]])) as FundingFigures

/**
 * Committees the device holds that have at least one of the rows' branches beneath them get a roll-up row;
 * each node sits under its nearest such committee. Branches keep the server's order, committees go by name.
 */
export function buildFundingTable(rows: readonly FundingRow[], orgs: readonly TableOrg[]): FundingTableRow[] {
  const committees = orgs.filter((o) => o.kind === 'committee' && isLive(o))
  const paths = orgPaths(orgs)
  const withRows = new Set(rows.flatMap((r) => paths.get(r.branch_id) ?? []))
  const shown = committees.filter((c) => withRows.has(c.id))
  const shownIds = new Set(shown.map((c) => c.id))
  // the nearest shown committee strictly above an org, or '' at the top
  const parentOf = (id: string): string => {
    const path = paths.get(id) ?? [id]
    for (let i = path.length - 2; i >= 0; i--) if (shownIds.has(path[i]!)) return path[i]!
    return ''
  }
  const byName = (a: TableOrg, b: TableOrg) => a.name.localeCompare(b.name, 'zh-CN') || (a.id < b.id ? -1 : 1)
  const branchesUnder = groupBy(rows, (r) => parentOf(r.branch_id))
  const committeesUnder = groupBy([...shown].sort(byName), (c) => parentOf(c.id))
  const out: FundingTableRow[] = []
  const visit = (parent: string, depth: number) => {
    for (const row of branchesUnder.get(parent) ?? []) {
      out.push({ kind: 'branch', id: row.branch_id, name: row.branch_name, depth, figures: figuresOf(row) })
    }
    for (const c of committeesUnder.get(parent) ?? []) {
      out.push({ kind: 'committee', id: c.id, name: c.name, depth, figures: { ...fundingRollUp(rows, orgs, c.id) } })
      visit(c.id, depth + 1)
    }
  }
  visit('', 0)
  return out
}

/** Searching by name: the matching branches alone, flat (a committee's roll-up would count only the matches). */
export function searchFundingTable(rows: readonly FundingTableRow[], text: string): FundingTableRow[] {
  const needle = text.trim().toLowerCase()
  if (!needle) return [...rows]
  return rows.filter((r) => r.kind === 'branch' && r.name.toLowerCase().includes(needle)).map((r) => ({ ...r, depth: 0 }))
}
