import { describe, expect, test } from 'vitest'
import type { FundingRow } from '../../domain/funding'
import { committeePolicies, serverRateMismatch, type PolicyOrg, type PolicyRow } from './policies'

const org = (id: string, parent_id: string | null, kind: PolicyOrg['kind'], name: string): PolicyOrg =>
  ({ id, parent_id, kind, name, deleted_at: null })
// the device of finance on the hospital: the district above is not on it
const orgs = [
  org('h', 'd', 'committee', 'Hospital'), org('z', 'h', 'committee', 'Zongzhi'), org('a', 'h', 'committee', 'Annex'),
  org('b1', 'h', 'branch', 'B1'), org('b3', 'z', 'branch', 'B3'),
]
const policy = (id: string, org_id: string, year: number, rate_fen: number, match_ratio: string | number = '1.000',
  census_date: string | null = null): PolicyRow => ({ id, org_id, year, rate_fen, match_ratio, census_date, deleted_at: null })

describe('committeePolicies', () => {
  test('own, inherited from the nearest ancestor, or the default; in tree order', () => {
    const list = committeePolicies(2026, orgs, [policy('p1', 'h', 2026, 18000, 1.5, '2026-03-31'), policy('p2', 'h', 2025, 12000)])
    expect(list.map((c) => [c.id, c.depth, c.applies])).toEqual([['h', 0, 'own'], ['a', 1, 'inherited'], ['z', 1, 'inherited']])
    const [h, a] = list
    expect(h!.rule).toEqual({ rate_fen: 18000, ratio_milli: 1500, census_date: '2026-03-31' })
    expect(h).toMatchObject({ aboveUnknown: false, parentHidden: true })
    expect(a!.inherited).toEqual({ rule: h!.rule, fromId: 'h', fromName: 'Hospital' })
    expect(a!.fallback).toEqual({ rate_fen: 15000, ratio_milli: 1000, census_date: '2025-12-31' })
  })

  test('without any policy: the default, and a parent off the device may set one', () => {
    const list = committeePolicies(2025, orgs, [policy('p1', 'h', 2026, 18000), { ...policy('p3', 'h', 2025, 9000), deleted_at: '2026-01-01T00:00:00Z' }])
    expect(list.map((c) => [c.id, c.applies, c.aboveUnknown, c.parentHidden]))
      .toEqual([['h', 'default', true, true], ['a', 'default', false, false], ['z', 'default', false, false]])
    expect(list[0]!.rule).toEqual({ rate_fen: 15000, ratio_milli: 1000, census_date: '2024-12-31' })
  })

  test('a closer policy wins over the one above', () => {
    const list = committeePolicies(2026, orgs, [policy('p1', 'h', 2026, 18000), policy('p4', 'z', 2026, 20000, '1.100')])
    expect(list.find((c) => c.id === 'z')).toMatchObject({ applies: 'own', rule: { rate_fen: 20000, ratio_milli: 1100 } })
    expect(list.find((c) => c.id === 'z')!.inherited?.fromId).toBe('h')
  })
})

describe('serverRateMismatch', () => {
  const row = (branch_id: string, rate_fen: number) => ({ branch_id, rate_fen }) as FundingRow
  test('the server used another rate for branches that follow the committee: a rule above, or an edit not synced', () => {
    const policies = [policy('p4', 'z', 2025, 20000)]
    const [h, , z] = committeePolicies(2025, orgs, policies)
    const rows = [row('b1', 12000), row('b3', 20000)]
    expect(serverRateMismatch(h!, 2025, orgs, policies, rows)).toEqual([12000]) // b3 follows z's own rule
    expect(serverRateMismatch(z!, 2025, orgs, policies, rows)).toEqual([])
    expect(serverRateMismatch(h!, 2025, orgs, policies, [row('b1', 15000)])).toEqual([])
  })
})
