// branch_funding(p_year) and branch_completeness(p_year, p_as_of): which branches each role gets (SPEC §5.1).
// SECURITY DEFINER: computed from all rows of the visible branches, whatever the caller may read itself.
import { describe, expect, it } from 'vitest'
import { runMatrix, useWorld, type MatrixRow, type TableSpec } from './matrix'
import { as, ids } from './world'

const spec: TableSpec = {
  table: 'public.branch_funding',
  relations: {
    funding: '(select distinct branch_id as id from public.branch_funding(2026)) f',
    completeness: `(select distinct branch_id as id from public.branch_completeness(2026, '2026-06-30')) c`,
    summaries: `(select branch_id as id from public.branch_summaries(2026, '2026-06-30')) s`,
    funding_page: '(select branch_id as id from public.branch_funding(2026, null, null, 1000)) fp',
  },
  insert: {},
  update: {},
  fresh: () => ({}),
}

const ops = ['select funding', 'select completeness', 'select summaries', 'select funding_page'] as const
const matrix: readonly MatrixRow[] = [
  // who             funding                  completeness             summaries                funding page
  ['anon',           'no-grant',              'no-grant',              'no-grant',              'no-grant'],
  ['member',         [],                      ['B1'],                  ['B1'],                  []],
  ['secretary',      ['B1'],                  ['B1'],                  ['B1'],                  ['B1']],
  ['otherSecretary', ['B2'],                  ['B2'],                  ['B2'],                  ['B2']],
  ['reviewer',       ['B1', 'B2'],            ['B1', 'B2'],            ['B1', 'B2'],            ['B1', 'B2']],
  ['otherReviewer',  ['BX'],                  ['BX'],                  ['BX'],                  ['BX']],
  ['finance',        ['B1', 'B2'],            ['B1', 'B2'],            ['B1', 'B2'],            ['B1', 'B2']],
  ['stranger',       [],                      [],                      [],                      []],
  ['service_role',   ['B1', 'B2', 'BX'],      ['B1', 'B2', 'BX'],      ['B1', 'B2', 'BX'],      ['B1', 'B2', 'BX']],
]

const db = useWorld()
runMatrix(db, spec, ops, matrix)

// H's rule wins over D's: 20000 fen per member, match 1.1; members on 2025-12-31: 张三, 李四 (full), 赵六 (probationary)
const fundingB1 = {
  branch_id: ids.B1, branch_name: '心内科党支部', member_count: 3, rate_fen: 20000, allocation_fen: 60000,
  required_match_fen: 66000, matched_fen: 40000, shortfall_fen: 26000, available_fen: 100000, spent_fen: 5000, balance_fen: 95000,
}

describe('server figures: SPEC §5.1 cases', () => {
  it.each([['finance'], ['reviewer'], ['secretary']] as const)('%s gets B1\'s funding computed from the whole roster', async (who) => {
    const rows = await as(db(), who, async (tx) => (await tx.query<Record<string, unknown>>(
      'select * from public.branch_funding(2026) where branch_id = $1', [ids.B1])).rows)
    expect(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))))
      .toEqual([fundingB1])
  })

  it('finance gets member_count although it cannot read the roster', async () => {
    await as(db(), 'finance', async (tx) => {
      expect((await tx.query('select id from public.people')).rows).toEqual([])
      expect((await tx.query('select id from public.roster')).rows).toEqual([])
    })
  })

  it('a member gets the cadence their committees set (H: 2 lessons a quarter; D: a yearly review)', async () => {
    const rows = await as(db(), 'member', async (tx) => (await tx.query<{ period: string; kind: string; required: number; held: number; met: boolean }>(
      `select period, kind, required, held, met from public.branch_completeness(2026, '2026-06-30') where kind in ('lesson', 'review', 'assembly') and period in ('2026-Q1', '2026') order by period desc, kind`)).rows)
    expect(rows).toEqual([
      // a1 is an assembly and a lesson: 1 of 2 voting members present is not a quorum, the lesson still counts
      { period: '2026-Q1', kind: 'assembly', required: 1, held: 0, met: false },
      { period: '2026-Q1', kind: 'lesson', required: 2, held: 1, met: false },
      { period: '2026', kind: 'review', required: 1, held: 0, met: false },
    ])
  })

  it('X switched theme days off for its branches', async () => {
    const kinds = await as(db(), 'otherReviewer', async (tx) => (await tx.query<{ kind: string }>(
      `select distinct kind from public.branch_completeness(2026, '2026-06-30') order by kind`)).rows.map((r) => r.kind))
    // (no group rows: BX has no groups; no committee rows: BX has no committee)
    expect(kinds).toEqual(['assembly', 'lesson', 'org_life', 'review'])
  })
})
