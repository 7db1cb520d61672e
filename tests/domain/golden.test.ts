// The golden cases of tests/fixtures/golden through the TypeScript rules (src/domain): the same expectations
// the SQL functions meet (tests/sql/golden.test.ts), compared the same way as tests/sql/golden-runner.ts.
import { describe, expect, test } from 'vitest'
import { branchCompleteness, branchFunding } from '../../src/domain'
import type {
  Activity, Attendance, CadencePolicy, Expense, FundingMatch, FundingPolicy, Org, Person,
} from '../../src/domain'
import { loadGoldenCases, type GoldenCase, type TableName } from '../fixtures/golden'

const cases = loadGoldenCases()

type Row = Record<string, unknown>
const synced = { updated_at: '2026-01-01T00:00:00+08:00', deleted_at: null }

// The schema's column defaults (and null for nullable columns), as an insert would fill them.
const DEFAULTS: Record<TableName, Row> = {
  orgs: { ...synced, parent_id: null, has_committee: false },
  people: {
    ...synced, group_id: null, user_id: null, admitted_on: null, confirmed_on: null, joined_branch_on: null,
    left_branch_on: null, excluded_from_quorum: false, is_backbone: false, department: null, title: null,
  },
  activities: {
    ...synced, group_id: null, title: null, topic: null, ends_at: null, place: null, host_id: null, lecturer_id: null,
    minutes: null, decisions: null, status: 'held', created_by: null, received_at: null,
  },
  attendance: {
    ...synced, leave_reason: null, method: 'roster', checked_in_at: null, makeup_on: null, makeup_note: null,
    branch_id: '', received_at: null,
  },
  cadence_policies: { ...synced },
  funding_policies: { ...synced, rate_fen: 15000, match_ratio: '1.0', census_date: null },
  funding_matches: { ...synced, note: null, recorded_on: '2026-01-01' },
  expenses: { ...synced, category: null, activity_id: null, note: null },
}

function rows<T>(golden: GoldenCase, table: TableName): T[] {
  return (golden.data[table] ?? []).map((row) => {
    const filled: Row = { ...DEFAULTS[table], ...row }
    if (table === 'activities') filled.recorded_at ??= filled.starts_at
    return filled as T
  })
}

const sortKey = (row: unknown) => JSON.stringify(Object.entries(row as object).sort(([a], [b]) => a.localeCompare(b)))
const normalise = (list: readonly unknown[]) => list.map(sortKey).sort()

function matchesFilter(row: Row, filter: Record<string, string[] | undefined> = {}): boolean {
  return Object.entries(filter).every(([key, allowed]) => !allowed || allowed.includes(String(row[key])))
}

describe('golden cases through the TypeScript rules', () => {
  test.each(cases.map((c) => [c.file, c] as const))('%s', (_file, golden) => {
    const orgs = rows<Org>(golden, 'orgs')
    const people = rows<Person>(golden, 'people')
    for (const f of golden.funding) {
      const actual = branchFunding({
        year: f.year, orgs, people,
        fundingPolicies: rows<FundingPolicy>(golden, 'funding_policies'),
        fundingMatches: rows<FundingMatch>(golden, 'funding_matches'),
        expenses: rows<Expense>(golden, 'expenses'),
      })
      expect(normalise(actual), `${golden.file}: funding ${f.year}`).toEqual(normalise(f.rows))
    }
    for (const c of golden.completeness) {
      const all = branchCompleteness({
        year: c.year, asOf: c.as_of, orgs, people,
        activities: rows<Activity>(golden, 'activities'),
        attendance: rows<Attendance>(golden, 'attendance'),
        cadencePolicies: rows<CadencePolicy>(golden, 'cadence_policies'),
      })
      const actual = all.filter((row) => matchesFilter(row as unknown as Row, c.filter))
      expect(normalise(actual), `${golden.file}: completeness ${c.year} as of ${c.as_of}`).toEqual(normalise(c.rows))
    }
  })

  test('every file has at least one expectation', () => {
    for (const c of cases) expect(c.funding.length + c.completeness.length, c.file).toBeGreaterThan(0)
  })
})
