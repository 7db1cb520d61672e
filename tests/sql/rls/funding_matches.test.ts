// public.funding_matches: finance records the unit's matching contributions for the branches of its subtree;
// the branch's secretaries, reviewers and finance read them; members do not (SPEC §3.5, §4).
import { describe, it } from 'vitest'
import { expectServerBookkeeping, runMatrix, useWorld, type MatrixRow, type TableSpec } from './matrix'
import { as, attempt, expectAffected, expectRefusedUnchanged, ids } from './world'

const spec: TableSpec = {
  table: 'public.funding_matches',
  insert: {
    B1: (w) => ({ branch_id: w.B1, year: 2026, amount_fen: 26000, note: '补足配套', recorded_on: '2026-06-30' }),
    BX: (w) => ({ branch_id: w.BX, year: 2026, amount_fen: 26000, note: '补足配套', recorded_on: '2026-06-30' }),
  },
  update: {
    B1: { key: 'm1', set: { note: '院配套（第一批）' } },
    BX: { key: 'mX', set: { note: '配套（第一批）' } },
  },
  fresh: (w) => ({ branch_id: w.B1, year: 2026, amount_fen: 100 }),
}

const ops = ['select', 'insert B1', 'insert BX', 'update B1', 'update BX', 'delete'] as const
const matrix: readonly MatrixRow[] = [
  // who             select                 ins B1      ins BX      upd B1       upd BX       delete
  ['anon',           'no-grant',            'no-grant', 'no-grant', 'no-grant',  'no-grant',  'no-grant'],
  ['member',         [],                    'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['secretary',      ['m1'],                'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['otherSecretary', ['m2'],                'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['reviewer',       ['m1', 'm2'],          'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['otherReviewer',  ['mX'],                'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['finance',        ['m1', 'm2'],          'allow',    'deny',     'allow',     'invisible', 'no-grant'],
  ['stranger',       [],                    'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['service_role',   ['m1', 'm2', 'mX'],    'allow',    'allow',    'allow',     'allow',     'allow'],
]

const db = useWorld()
runMatrix(db, spec, ops, matrix)

describe('public.funding_matches: SPEC §4 cases', () => {
  it('finance cannot move a contribution to a branch outside its subtree', async () => {
    await expectRefusedUnchanged(db(), 'finance', 'public.funding_matches', ids.m1,
      'update public.funding_matches set branch_id = $1 where id = $2', [ids.BX, ids.m1], 'deny')
  })

  it('a secretary cannot inflate the contribution to their own branch', async () => {
    await expectRefusedUnchanged(db(), 'secretary', 'public.funding_matches', ids.m1,
      'update public.funding_matches set amount_fen = 99999999 where id = $1', [ids.m1], 0)
  })

  it('finance corrects an amount and tombstones a contribution', async () => {
    await as(db(), 'finance', async (tx) => {
      expectAffected(await attempt(tx, 'update public.funding_matches set amount_fen = 45000 where id = $1', [ids.m1]), 1)
      expectAffected(await attempt(tx, 'update public.funding_matches set deleted_at = now() where id = $1', [ids.m2]), 1)
    })
  })

  it('finance cannot forge sync bookkeeping', () => expectServerBookkeeping(db(), spec, 'finance', 'B1', 'D'))
})
