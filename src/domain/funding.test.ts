import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { branchFunding, countsOnCensus, fenToYuan, fundingRollUp, requiredMatchFen, yuanToFen, type FundingInput } from './funding'
import { parseRatioMilli } from './types'

describe('requiredMatchFen: ceil(allocation × ratio) in integers', () => {
  it('15000 × 3 × 1.1 is 49500, not 49501 (floating point gives 49500.00000000001)', () => {
    expect(Math.ceil(15000 * 3 * 1.1)).toBe(49501)
    expect(requiredMatchFen(15000 * 3, parseRatioMilli('1.1'))).toBe(49500)
  })

  it('rounds a fraction of a fen up', () => {
    expect(requiredMatchFen(4 * 15001, parseRatioMilli('1.333'))).toBe(79986)
    expect(requiredMatchFen(1, 1)).toBe(1)
    expect(requiredMatchFen(0, 1500)).toBe(0)
    expect(requiredMatchFen(1000, 0)).toBe(0)
  })

  it('stays exact beyond 2^53 intermediate products and refuses results that are not safe integers', () => {
    expect(requiredMatchFen(4_000_000_000_000_001, 1001)).toBe(4_004_000_000_000_002)
    expect(() => requiredMatchFen(5_000_000_000_000_000, 2000)).toThrow(RangeError)
  })
})

describe('yuanToFen', () => {
  it.each([
    ['1000.5', 100050], ['1000.50', 100050], ['1,000.50', 100050], ['1,234,567.89', 123456789], ['0.01', 1],
    ['１０００', 100000], ['１，０００．５', 100050], [' 150 ', 15000], ['¥150', 15000], ['￥ 150.5 元', 15050],
    ['0', 0], ['007', 700],
  ] as const)('"%s" → %i', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen)
  })

  it.each(['1.005', '-1', '+1', '1e3', 'abc', '', '.5', '5.', '1,00', '1000,000', '1 000', '12,34.5', 'NaN', '99999999999999'])(
    'refuses "%s"',
    (text) => {
      expect(yuanToFen(text)).toBeNull()
    },
  )

  it('refuses zero when asked', () => {
    expect(yuanToFen('0.00', { rejectZero: true })).toBeNull()
    expect(yuanToFen('0.01', { rejectZero: true })).toBe(1)
  })

  it('round-trips with fenToYuan', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (fen) => {
        expect(yuanToFen(fenToYuan(fen))).toBe(fen)
      }),
    )
  })
})

describe('fenToYuan', () => {
  it('formats two decimals, negatives included (a balance can be negative)', () => {
    expect(fenToYuan(100050)).toBe('1000.50')
    expect(fenToYuan(5)).toBe('0.05')
    expect(fenToYuan(0)).toBe('0.00')
    expect(fenToYuan(-1050)).toBe('-10.50')
    expect(() => fenToYuan(1.5)).toThrow(RangeError)
  })
})

const base = { deleted_at: null, joined_branch_on: null, left_branch_on: null }
const member = (over: Partial<FundingInput['people'][number]> = {}) =>
  ({ ...base, branch_id: 'b1', party_status: 'full' as const, admitted_on: '2010-07-01', ...over })

describe('countsOnCensus', () => {
  it('counts on the census day itself and not those who leave on it', () => {
    expect(countsOnCensus(member({ admitted_on: '2025-12-31' }), '2025-12-31')).toBe(true)
    expect(countsOnCensus(member({ joined_branch_on: '2025-12-31' }), '2025-12-31')).toBe(true)
    expect(countsOnCensus(member({ left_branch_on: '2025-12-31' }), '2025-12-31')).toBe(false)
    expect(countsOnCensus(member({ left_branch_on: '2026-01-01' }), '2025-12-31')).toBe(true)
    expect(countsOnCensus(member({ party_status: 'candidate' }), '2025-12-31')).toBe(false)
    expect(countsOnCensus(member({ admitted_on: null }), '2025-12-31')).toBe(false)
  })
})

describe('branchFunding', () => {
  const orgs = [
    { id: 'root', parent_id: null, kind: 'committee' as const, name: '区卫健工委', deleted_at: null },
    { id: 'hosp', parent_id: 'root', kind: 'committee' as const, name: '市一院党委', deleted_at: null },
    { id: 'b1', parent_id: 'hosp', kind: 'branch' as const, name: '内科党支部', deleted_at: null },
    { id: 'b2', parent_id: 'root', kind: 'branch' as const, name: '疾控党支部', deleted_at: null },
    { id: 'b3', parent_id: 'hosp', kind: 'branch' as const, name: '撤销的支部', deleted_at: '2026-01-01T00:00:00+08:00' },
  ]
  const input: FundingInput = {
    year: 2026,
    orgs,
    people: [member(), member(), member(), member({ branch_id: 'b2' })],
    fundingPolicies: [
      { org_id: 'root', year: 2026, rate_fen: 15000, match_ratio: 1, census_date: null, deleted_at: null },
      { org_id: 'hosp', year: 2026, rate_fen: 15000, match_ratio: 1.1, census_date: null, deleted_at: null },
    ],
    fundingMatches: [{ branch_id: 'b1', year: 2026, amount_fen: 50000, deleted_at: null }],
    expenses: [{ branch_id: 'b2', spent_on: '2026-06-01', amount_fen: 20000, deleted_at: null }],
  }

  it('takes the nearest policy, with a ratio that arrived as a JSON number, and skips deleted branches', () => {
    const rows = branchFunding(input)
    const [b1, b2] = ['b1', 'b2'].map((id) => rows.find((r) => r.branch_id === id))
    expect(b1).toMatchObject({
      branch_id: 'b1', member_count: 3, allocation_fen: 45000, required_match_fen: 49500, shortfall_fen: 0, balance_fen: 95000,
    })
    expect(b2).toMatchObject({ branch_id: 'b2', member_count: 1, required_match_fen: 15000, shortfall_fen: 15000, balance_fen: -5000 })
    expect(branchFunding({ ...input, branchIds: ['b1'] }).map((r) => r.branch_id)).toEqual(['b1'])
  })

  it('rolls a committee up over its subtree, summing branch shortfalls', () => {
    const rows = branchFunding(input)
    expect(fundingRollUp(rows, orgs, 'root'))
      .toMatchObject({ member_count: 4, required_match_fen: 64500, matched_fen: 50000, shortfall_fen: 15000 })
    expect(fundingRollUp(rows, orgs, 'hosp')).toMatchObject({ member_count: 3, shortfall_fen: 0 })
  })
})
