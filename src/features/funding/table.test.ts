import { describe, expect, test } from 'vitest'
import type { FundingRow } from '../../domain/funding'
import { fundingCsv } from './export'
import { buildFundingTable, normalizeFundingRows, type TableOrg } from './table'

const org = (id: string, parent_id: string | null, kind: TableOrg['kind'], name: string): TableOrg =>
  ({ id, parent_id, kind, name, deleted_at: null })
const row = (branch_id: string, branch_name: string, over: Partial<FundingRow> = {}): FundingRow => ({
  branch_id, branch_name, member_count: 10, rate_fen: 15000, allocation_fen: 150000, required_match_fen: 150000,
  matched_fen: 100000, shortfall_fen: 50000, available_fen: 250000, spent_fen: 30000, balance_fen: 220000, ...over,
})

// district ⊃ hospital ⊃ {b1, b2, 总支 ⊃ b3}; b4 directly under the district
const orgs = [
  org('d', null, 'committee', 'District'), org('h', 'd', 'committee', 'Hospital'), org('z', 'h', 'committee', 'Zongzhi'),
  org('b1', 'h', 'branch', 'B1'), org('b2', 'h', 'branch', 'B2'), org('b3', 'z', 'branch', 'B3'), org('b4', 'd', 'branch', 'B4'),
  org('g1', 'b1', 'group', 'G1'), org('empty', 'd', 'committee', 'Empty'),
]
const rows = [row('b1', 'B1'), row('b2', 'B2', { shortfall_fen: 0, matched_fen: 150000 }), row('b3', 'B3'), row('b4', 'B4', { balance_fen: -5 })]

describe('buildFundingTable', () => {
  test('committees roll up their subtree and sit above their branches and sub-committees', () => {
    const table = buildFundingTable(rows, orgs)
    expect(table.map((r) => `${'  '.repeat(r.depth)}${r.kind[0]}:${r.id}`)).toEqual([
      'c:d', '  b:b4', '  c:h', '    b:b1', '    b:b2', '    c:z', '      b:b3',
    ])
    const sum = (id: string) => table.find((r) => r.id === id)!.figures
    expect(sum('d')).toMatchObject({ member_count: 40, shortfall_fen: 150000, matched_fen: 450000, balance_fen: 660000 - 5 })
    expect(sum('h')).toMatchObject({ member_count: 30, shortfall_fen: 100000 })
    expect(sum('z')).toMatchObject({ member_count: 10, allocation_fen: 150000 })
  })

  test('a secretary holds no committee: the branch alone, at the top', () => {
    expect(buildFundingTable([row('b1', 'B1')], [org('b1', 'h', 'branch', 'B1')]))
      .toEqual([{ kind: 'branch', id: 'b1', name: 'B1', depth: 0, figures: expect.objectContaining({ shortfall_fen: 50000 }) }])
  })

  test('a branch the device does not hold still shows, under no committee; tombstoned committees do not roll up', () => {
    const gone = orgs.map((o) => (o.id === 'z' ? { ...o, deleted_at: '2026-01-01T00:00:00Z' } : o))
    const table = buildFundingTable([...rows, row('x', 'Unknown')], gone)
    expect(table.filter((r) => r.kind === 'committee').map((r) => r.id)).toEqual(['d', 'h'])
    expect(table.find((r) => r.id === 'x')).toMatchObject({ depth: 0, kind: 'branch' })
    expect(table.find((r) => r.id === 'b3')).toMatchObject({ depth: 2 })
  })

  test('bigint columns that travel as strings become numbers', () => {
    const [r] = normalizeFundingRows([{ ...row('b1', 'B1'), allocation_fen: '150000', balance_fen: '-100' }])
    expect(r).toMatchObject({ allocation_fen: 150000, balance_fen: -100, rate_fen: 15000 })
  })
})

describe('fundingCsv', () => {
  const t = (key: string) => `<${key}>`
  test('header in the UI language, roll-ups marked, yuan with two decimals from fen', () => {
    const csv = fundingCsv(buildFundingTable(rows, orgs), t)
    expect(csv.header).toEqual(['<funding.csv.type>', '<funding.csv.name>', '<funding.csv.member_count>', '<funding.csv.allocation_fen>',
      '<funding.csv.required_match_fen>', '<funding.csv.matched_fen>', '<funding.csv.shortfall_fen>', '<funding.csv.available_fen>',
      '<funding.csv.spent_fen>', '<funding.csv.balance_fen>'])
    expect(csv.rows[0]).toEqual(['<funding.csv.rollUp>', 'District', 40, '6000.00', '6000.00', '4500.00', '1500.00', '10000.00', '1200.00', '6599.95'])
    expect(csv.rows[1]).toEqual(['<funding.csv.branch>', 'B4', 10, '1500.00', '1500.00', '1000.00', '500.00', '2500.00', '300.00', '-0.05'])
  })
})
