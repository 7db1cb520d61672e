// Unit cases beside the golden fixtures (tests/domain/golden.test.ts), which cover the SQL parity.
import { describe, expect, it } from 'vitest'
import {
  branchCompleteness, completenessRate, dueNow,
  type CompletenessActivity, type CompletenessInput, type CompletenessRow,
} from './completeness'
import { orgPaths } from './orgs'

const org = (id: string, parent: string | null, kind: 'committee' | 'branch' | 'group', over = {}) =>
  ({ id, parent_id: parent, kind, has_committee: false, deleted_at: null, ...over })
const act = (id: string, startsAt: string, kinds: CompletenessActivity['kinds'], over: Partial<CompletenessActivity> = {}) =>
  ({ id, branch_id: 'b1', group_id: null, kinds, starts_at: startsAt, status: 'held' as const, deleted_at: null, ...over })
const present = (activityId: string) => ({ activity_id: activityId, person_id: 'p1', status: 'present' as const, deleted_at: null })

const input = (over: Partial<CompletenessInput>): CompletenessInput => ({
  year: 2026, asOf: '2026-02-15',
  orgs: [org('root', null, 'committee'), org('b1', 'root', 'branch')],
  people: [{
    id: 'p1', branch_id: 'b1', party_status: 'full', confirmed_on: null, joined_branch_on: null, left_branch_on: null,
    excluded_from_quorum: false, deleted_at: null,
  }],
  activities: [], attendance: [], cadencePolicies: [], ...over,
})
const find = (rows: CompletenessRow[], kind: string, period: string) => rows.find((r) => r.kind === kind && r.period === period)

describe('branchCompleteness', () => {
  it('lists begun periods only, with the defaults, ordered like SQL (year, then month/quarter by kind)', () => {
    const rows = branchCompleteness(input({}))
    expect(rows.map((r) => `${r.period} ${r.kind}`)).toEqual([
      '2026 org_life', '2026 review', '2026-Q1 assembly', '2026-Q1 lesson', '2026-01 theme_day', '2026-02 theme_day',
    ])
  })

  it('counts an activity once per kind even when a kind is repeated in the array', () => {
    const activities = [act('a1', '2026-02-01T09:00:00+08:00', ['theme_day', 'theme_day'])]
    const rows = branchCompleteness(input({ activities, attendance: [present('a1')] }))
    expect(find(rows, 'theme_day', '2026-02')).toMatchObject({ held: 1, met: true })
  })

  it('requires each group to meet: a group meeting counts for its own group only', () => {
    const orgs = [org('root', null, 'committee'), org('b1', 'root', 'branch'), org('g1', 'b1', 'group'), org('g2', 'b1', 'group')]
    const activities = [
      act('m1', '2026-01-05T12:00:00+08:00', ['group'], { group_id: 'g1' }),
      act('m2', '2026-01-06T12:00:00+08:00', ['group'], { group_id: 'g1' }),
    ]
    const rows = branchCompleteness(input({ orgs, activities, attendance: [present('m1'), present('m2')] }))
    expect(find(rows, 'group', '2026-01')).toMatchObject({ required: 2, held: 1, met: false })
  })

  it('reads a branch directly under a missing parent with the defaults', () => {
    const rows = branchCompleteness(input({ orgs: [org('b1', 'elsewhere', 'branch')] }))
    expect(rows).toHaveLength(6)
  })

  it("knows the parent from parent_id, and further ancestors only from the server's path", () => {
    const policies = [
      { org_id: 'district', kind: 'theme_day' as const, per: 'month' as const, min_count: 0, deleted_at: null },
      { org_id: 'hosp', kind: 'lesson' as const, per: 'month' as const, min_count: 2, deleted_at: null },
    ]
    // a secretary's device holds the branch but not the committees above it (RLS: subtree only)
    const alone = branchCompleteness(input({ orgs: [org('b1', 'hosp', 'branch')], cadencePolicies: policies }))
    expect(find(alone, 'lesson', '2026-01')).toMatchObject({ required: 2 })
    expect(find(alone, 'theme_day', '2026-01')).toMatchObject({ required: 1 })
    const withPath = [{ ...org('b1', 'hosp', 'branch'), path: ['district', 'hosp', 'b1'] }]
    const rows = branchCompleteness(input({ orgs: withPath, cadencePolicies: policies }))
    expect(find(rows, 'lesson', '2026-01')).toMatchObject({ required: 2 })
    expect(rows.filter((r) => r.kind === 'theme_day')).toEqual([])
  })

  it('restricts to branchIds', () => {
    const orgs = [org('root', null, 'committee'), org('b1', 'root', 'branch'), org('b2', 'root', 'branch')]
    expect(new Set(branchCompleteness(input({ orgs, branchIds: ['b2'] })).map((r) => r.branch_id))).toEqual(new Set(['b2']))
  })
})

describe('orgPaths', () => {
  it('gives root-first paths and survives a cycle', () => {
    const paths = orgPaths([
      org('g', 'b', 'group'), org('b', 'c', 'branch'), org('c', null, 'committee'),
      org('x', 'y', 'committee'), org('y', 'x', 'committee'),
    ])
    expect(paths.get('g')).toEqual(['c', 'b', 'g'])
    expect(paths.get('x')).toEqual(['y', 'x'])
  })
})

const row = (kind: CompletenessRow['kind'], period: string, held: number, required = 1): CompletenessRow =>
  ({ branch_id: 'b1', kind, period, required, held, met: held >= required })

describe('completenessRate', () => {
  it('is met rows over rows with something required', () => {
    expect(completenessRate([row('theme_day', '2026-01', 1), row('theme_day', '2026-02', 0), row('lesson', '2026-Q1', 0, 0)])).toBe(0.5)
    expect(completenessRate([])).toBeNull()
  })
})

describe('dueNow', () => {
  const rows = [
    row('theme_day', '2026-03', 0), row('theme_day', '2026-04', 1), row('theme_day', '2026-05', 0),
    row('assembly', '2026-Q1', 0), row('assembly', '2026-Q2', 0), row('lesson', '2026-Q1', 1), row('lesson', '2026-Q2', 0),
    row('org_life', '2026', 1), row('review', '2026', 0),
  ]

  it('on a month-end: the current periods, and the previous one when it ended unmet', () => {
    expect(dueNow(rows, '2026-04-30').map((r) => `${r.state} ${r.kind} ${r.period}`)).toEqual([
      'overdue assembly 2026-Q1', 'overdue theme_day 2026-03',
      'due assembly 2026-Q2', 'due lesson 2026-Q2', 'due review 2026',
      'done theme_day 2026-04', 'done org_life 2026',
    ])
  })

  it('the next day the month has turned: April was met, so only May is listed', () => {
    expect(dueNow(rows, '2026-05-01').filter((r) => r.kind === 'theme_day').map((r) => `${r.state} ${r.period}`)).toEqual(['due 2026-05'])
  })
})
