// public.expenses: the branch's secretaries record what the branch spent; reviewers and finance read (SPEC §4).
import { describe, it } from 'vitest'
import { expectServerBookkeeping, runMatrix, useWorld, type MatrixRow, type TableSpec } from './matrix'
import { as, attempt, expectAffected, expectDenied, expectRefusedUnchanged, ids } from './world'

const spec: TableSpec = {
  table: 'public.expenses',
  insert: {
    B1: (w) => ({ branch_id: w.B1, spent_on: '2026-04-01', amount_fen: 1200, category: '学习资料', activity_id: w.a1 }),
    BX: (w) => ({ branch_id: w.BX, spent_on: '2026-04-01', amount_fen: 1200, category: '学习资料' }),
  },
  update: {
    B1: { key: 'e1', set: { note: '发票已交财务' } },
    BX: { key: 'eX', set: { note: '发票已交财务' } },
  },
  fresh: (w) => ({ branch_id: w.B1, spent_on: '2026-04-02', amount_fen: 100 }),
}

const ops = ['select', 'insert B1', 'insert BX', 'update B1', 'update BX', 'delete'] as const
const matrix: readonly MatrixRow[] = [
  // who             select                 ins B1      ins BX      upd B1       upd BX       delete
  ['anon',           'no-grant',            'no-grant', 'no-grant', 'no-grant',  'no-grant',  'no-grant'],
  ['member',         [],                    'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['secretary',      ['e1'],                'allow',    'deny',     'allow',     'invisible', 'no-grant'],
  ['otherSecretary', ['e2'],                'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['reviewer',       ['e1', 'e2'],          'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['otherReviewer',  ['eX'],                'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['finance',        ['e1', 'e2'],          'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['stranger',       [],                    'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['service_role',   ['e1', 'e2', 'eX'],    'allow',    'allow',    'allow',     'allow',     'allow'],
]

const db = useWorld()
runMatrix(db, spec, ops, matrix)

describe('public.expenses: SPEC §4 cases', () => {
  it('a secretary cannot attach an activity of another branch', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectDenied(await attempt(tx, 'update public.expenses set activity_id = $1 where id = $2', [ids.a2, ids.e1]), 'check')
    })
  })

  it('a secretary cannot record an expense for a sibling branch of the same committee', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectDenied(await attempt(tx, 'insert into public.expenses (branch_id, spent_on, amount_fen) values ($1, $2, 100)', [ids.B2, '2026-04-01']), 'deny')
      expectAffected(await attempt(tx, 'update public.expenses set note = $1 where id = $2', ['改', ids.e2]), 0)
    })
  })

  it('a secretary cannot move an expense to another branch', async () => {
    await expectRefusedUnchanged(db(), 'secretary', 'public.expenses', ids.e1,
      'update public.expenses set branch_id = $1, activity_id = null where id = $2', [ids.B2, ids.e1], 'deny')
  })

  it('a secretary corrects an amount and tombstones an expense', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectAffected(await attempt(tx, 'update public.expenses set amount_fen = 4800 where id = $1', [ids.e1]), 1)
      expectAffected(await attempt(tx, 'update public.expenses set deleted_at = now() where id = $1', [ids.e1]), 1)
    })
  })

  it('a secretary cannot forge sync bookkeeping', () => expectServerBookkeeping(db(), spec, 'secretary', 'B1', 'D'))
})
