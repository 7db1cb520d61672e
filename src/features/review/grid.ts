// The completeness grid (issue 7, SPEC §3.3, §8 审阅): branches × the periods of a year, each cell coloured by
// how that period's requirements stand, from the server's branch_completeness rows. Pure.
import { type BranchSummary, type CompletenessRow, completenessRate } from '../../domain/completeness'
import { periodEnd, periodStart, periodsOfYear } from '../../domain/shanghai'
import type { IsoDate } from '../../domain/types'

export type { BranchSummary }

/**
 * met: every requirement of the period met; partly: some held or met, not all; none: nothing held;
 * open: the period is still running and not yet met (not yet due); future: not begun; free: nothing required.
 */
export type CellState = 'met' | 'partly' | 'none' | 'open' | 'future' | 'free'

export interface GridCell {
  period: string
  state: CellState
  /** The period's rows when the grid was built from raw rows; from summaries they are fetched when a cell opens. */
  rows?: CompletenessRow[]
}

export interface GridBranch {
  id: string
  name: string
  /** Ids of the committees above the branch, from the root down to its own committee. */
  committees: string[]
  cells: GridCell[]
  /** SPEC §3.3: met rows / rows with required > 0 (`met` / `due`); null when nothing is required yet. */
  rate: number | null
  met: number
  due: number
}

/** The grid's columns: the 12 months, then the 4 quarters, then the year. */
export function gridPeriods(year: number): string[] {
  return [...periodsOfYear(year, 'month'), ...periodsOfYear(year, 'quarter'), ...periodsOfYear(year, 'year')]
}

/** How one period of one branch stands on `today` (Shanghai date). */
export function cellState(period: string, rows: readonly CompletenessRow[], today: IsoDate, periodBegun: boolean): CellState {
  if (!periodBegun) return 'future'
  const required = rows.filter((r) => r.required > 0)
  if (required.length === 0) return 'free'
  if (required.every((r) => r.met)) return 'met'
  if (periodEnd(period) >= today) return 'open'
  return required.some((r) => r.met || r.held > 0) ? 'partly' : 'none'
}

export interface GridInput {
  year: number
  today: IsoDate
  rows: readonly CompletenessRow[]
  branches: readonly { id: string; name: string; committees: string[] }[]
}

export function buildGrid({ year, today, rows, branches }: GridInput): GridBranch[] {
  const byBranch = new Map<string, CompletenessRow[]>()
  for (const row of rows) byBranch.set(row.branch_id, [...(byBranch.get(row.branch_id) ?? []), row])
  const periods = gridPeriods(year)
  return branches.map((branch) => {
    const own = byBranch.get(branch.id) ?? []
    const cells = periods.map((period): GridCell => {
      const inPeriod = own.filter((r) => r.period === period)
      // the server sends rows for begun periods only (SPEC §3.3)
      const begun = inPeriod.length > 0 || periodStart(period) <= today
      return { period, rows: inPeriod, state: cellState(period, inPeriod, today, begun) }
    })
    const due = own.filter((r) => r.required > 0)
    return { ...branch, cells, rate: completenessRate(own), met: due.filter((r) => r.met).length, due: due.length }
  })
}

const STATE_OF_LETTER: Record<string, CellState> = { m: 'met', p: 'partly', n: 'none', o: 'open', u: 'future', f: 'free' }

/** The grid's row for a summary; `committees` are the ids above the branch, root first. */
export function summaryToBranch(summary: BranchSummary, periods: readonly string[], committees: string[]): GridBranch {
  const cells = periods.map((period, i): GridCell => ({ period, state: STATE_OF_LETTER[summary.states[i] ?? 'u'] ?? 'future' }))
  return { id: summary.branch_id, name: summary.branch_name, committees, cells, rate: summary.due > 0 ? summary.met / summary.due : null, met: summary.met, due: summary.due }
}

/** Branches whose name contains the text (ignoring case and surrounding spaces); all for an empty text. */
export function matchingName<T extends { name: string }>(branches: readonly T[], text: string): T[] {
  const needle = text.trim().toLowerCase()
  return needle ? branches.filter((b) => b.name.toLowerCase().includes(needle)) : [...branches]
}

export type GridSort = 'name' | 'rate-asc' | 'rate-desc'

/** Branches in the chosen order; branches without a rate last in both rate orders. */
export function sortGrid(branches: readonly GridBranch[], sort: GridSort): GridBranch[] {
  const byName = (a: GridBranch, b: GridBranch) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id)
  if (sort === 'name') return [...branches].sort(byName)
  const sign = sort === 'rate-asc' ? 1 : -1
  return [...branches].sort((a, b) => {
    if (a.rate === null || b.rate === null) return a.rate === b.rate ? byName(a, b) : a.rate === null ? 1 : -1
    return (a.rate - b.rate) * sign || byName(a, b)
  })
}

/** The branches under a committee (any depth); all of them for null. */
export function underCommittee(branches: readonly GridBranch[], committeeId: string | null): GridBranch[] {
  return committeeId ? branches.filter((b) => b.committees.includes(committeeId)) : [...branches]
}
