import { describe, expect, it } from 'vitest'
import type { CompletenessRow } from '../../domain/completeness'
import { buildGrid, gridPeriods, matchingName, sortGrid, summaryToBranch, underCommittee } from './grid'

const row = (branch_id: string, period: string, kind: CompletenessRow['kind'], required: number, held: number): CompletenessRow =>
  ({ branch_id, period, kind, required, held, met: held >= required })

const branches = [
  { id: 'b1', name: '内科第一党支部', committees: ['h1', 'd'] },
  { id: 'b2', name: '外科党支部', committees: ['h1', 'd'] },
  { id: 'b3', name: '社区卫生服务中心党支部', committees: ['h2', 'd'] },
]

describe('the completeness grid', () => {
  const today = '2026-05-20'
  const rows = [
    row('b1', '2026-03', 'theme_day', 1, 1), row('b1', '2026-03', 'committee', 1, 1),
    row('b1', '2026-04', 'theme_day', 1, 1), row('b1', '2026-04', 'committee', 1, 0),
    row('b1', '2026-05', 'theme_day', 1, 0),
    row('b2', '2026-04', 'theme_day', 1, 0), row('b2', '2026-04', 'group', 2, 0),
    row('b2', '2026-Q1', 'assembly', 1, 1), row('b2', '2026-Q2', 'assembly', 1, 0),
  ]
  const grid = buildGrid({ year: 2026, today, rows, branches })
  const state = (branch: string, period: string) => grid.find((b) => b.id === branch)!.cells.find((c) => c.period === period)!.state

  it('has the months, the quarters and the year as columns', () => {
    expect(gridPeriods(2026)).toEqual([
      '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12',
      '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2026',
    ])
  })

  it('colours a past period met, partly or none, the running one open unless met, later ones future', () => {
    expect(state('b1', '2026-03')).toBe('met')
    expect(state('b1', '2026-04')).toBe('partly')
    expect(state('b2', '2026-04')).toBe('none')
    expect(state('b1', '2026-05')).toBe('open')
    expect(state('b1', '2026-06')).toBe('future')
    expect(state('b2', '2026-Q1')).toBe('met')
    expect(state('b2', '2026-Q2')).toBe('open')
    expect(state('b2', '2026-Q3')).toBe('future')
    // begun, nothing required (kinds switched off, or no rows): not a failure
    expect(state('b3', '2026-02')).toBe('free')
  })

  it('rates each branch as met rows over rows with a requirement (SPEC §3.3)', () => {
    expect(grid.find((b) => b.id === 'b1')!.rate).toBeCloseTo(3 / 5)
    expect(grid.find((b) => b.id === 'b2')!.rate).toBeCloseTo(1 / 4)
    expect(grid.find((b) => b.id === 'b3')!.rate).toBeNull()
  })

  it('sorts by rate either way with unrated branches last, and filters by committee', () => {
    expect(sortGrid(grid, 'rate-asc').map((b) => b.id)).toEqual(['b2', 'b1', 'b3'])
    expect(sortGrid(grid, 'rate-desc').map((b) => b.id)).toEqual(['b1', 'b2', 'b3'])
    expect(underCommittee(grid, 'h2').map((b) => b.id)).toEqual(['b3'])
    expect(underCommittee(grid, 'd')).toHaveLength(3)
    expect(underCommittee(grid, null)).toHaveLength(3)
  })
})

describe('the grid from the server’s summaries', () => {
  const periods = gridPeriods(2026)
  const summary = { branch_id: 'b1', branch_name: '内科第一党支部', parent_id: 'h1', due: 5, met: 3, states: 'mmpoouuuuuuumouuf' }

  it('reads one state per period in column order and the rate as met over due', () => {
    const b = summaryToBranch(summary, periods, ['h1', 'd'])
    expect(b.cells.map((c) => c.state)).toEqual([
      'met', 'met', 'partly', 'open', 'open', 'future', 'future', 'future', 'future', 'future', 'future', 'future',
      'met', 'open', 'future', 'future', 'free',
    ])
    expect(b.rate).toBeCloseTo(3 / 5)
    expect(b.committees).toEqual(['h1', 'd'])
  })

  it('agrees with the grid built from raw rows', () => {
    const rows = [row('b1', '2026-03', 'theme_day', 1, 1), row('b1', '2026-04', 'theme_day', 1, 0)]
    const [fromRows] = buildGrid({ year: 2026, today: '2026-05-20', rows, branches: [{ id: 'b1', name: 'x', committees: [] }] })
    const letters = fromRows!.cells.map((c) => ({ met: 'm', partly: 'p', none: 'n', open: 'o', future: 'u', free: 'f' })[c.state]).join('')
    expect(summaryToBranch({ ...summary, states: letters, due: 2, met: 1 }, periods, []).cells.map((c) => c.state)).toEqual(fromRows!.cells.map((c) => c.state))
  })

  it('has no rate while nothing is due, and finds branches by part of the name', () => {
    expect(summaryToBranch({ ...summary, due: 0, met: 0 }, periods, []).rate).toBeNull()
    const list = [{ name: '内科第一党支部' }, { name: '外科党支部' }, { name: 'Nursing branch' }]
    expect(matchingName(list, ' 内科 ')).toEqual([{ name: '内科第一党支部' }])
    expect(matchingName(list, 'nursing')).toHaveLength(1)
    expect(matchingName(list, '')).toHaveLength(3)
  })
})
