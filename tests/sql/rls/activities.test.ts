// public.activities: the branch's secretaries write, its members, secretaries and reviewers read (SPEC §4).
import { describe, it } from 'vitest'
import { expectServerBookkeeping, runMatrix, useWorld, type MatrixRow, type TableSpec } from './matrix'
import { as, attempt, expectAffected, expectDenied, expectRefusedUnchanged, ids } from './world'

const spec: TableSpec = {
  table: 'public.activities',
  insert: {
    B1: (w) => ({ branch_id: w.B1, kinds: ['theme_day', 'lesson'], title: '五月主题党日', starts_at: '2026-05-12T06:00:00Z', status: 'planned' }),
    BX: (w) => ({ branch_id: w.BX, kinds: ['theme_day'], title: '五月主题党日', starts_at: '2026-05-12T06:00:00Z', status: 'planned' }),
  },
  update: {
    B1: { key: 'a1', set: { topic: '学习新修订的党章' } },
    BX: { key: 'aX', set: { topic: '学习新修订的党章' } },
  },
  fresh: (w) => ({ branch_id: w.B1, kinds: ['lesson'], starts_at: '2026-06-01T06:00:00Z', status: 'planned' }),
}

const ops = ['select', 'insert B1', 'insert BX', 'update B1', 'update BX', 'delete'] as const
const matrix: readonly MatrixRow[] = [
  // who             select                        ins B1      ins BX      upd B1       upd BX       delete
  ['anon',           'no-grant',                   'no-grant', 'no-grant', 'no-grant',  'no-grant',  'no-grant'],
  ['member',         ['a1', 'a1Planned'],          'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['secretary',      ['a1', 'a1Planned'],          'allow',    'deny',     'allow',     'invisible', 'no-grant'],
  ['otherSecretary', ['a2'],                       'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['reviewer',       ['a1', 'a1Planned', 'a2'],    'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['otherReviewer',  ['aX'],                       'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['finance',        [],                           'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['stranger',       [],                           'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['service_role',   ['a1', 'a1Planned', 'a2', 'aX'], 'allow',  'allow',    'allow',     'allow',     'allow'],
]

const db = useWorld()
runMatrix(db, spec, ops, matrix)

describe('public.activities: SPEC §4 cases', () => {
  it('a secretary records a group meeting of a group of their branch', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectAffected(await attempt(tx, `insert into public.activities (branch_id, group_id, kinds, starts_at) values ($1, $2, '{group}', now())`,
        [ids.B1, ids.G1]), 1)
    })
  })

  it('a secretary cannot move an activity to another branch', async () => {
    await expectRefusedUnchanged(db(), 'secretary', 'public.activities', ids.a1,
      'update public.activities set branch_id = $1 where id = $2', [ids.B2, ids.a1], 'deny')
  })

  it('a secretary cannot name a host or lecturer from another branch', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectDenied(await attempt(tx, 'update public.activities set host_id = $1 where id = $2', [ids.pX, ids.a1]), 'check')
      expectDenied(await attempt(tx, 'update public.activities set lecturer_id = $1 where id = $2', [ids.p2, ids.a1]), 'check')
    })
  })

  it('a secretary tombstones an activity (deleted_at) but cannot DELETE it', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectAffected(await attempt(tx, 'update public.activities set deleted_at = now() where id = $1', [ids.a1Planned]), 1)
      expectDenied(await attempt(tx, 'delete from public.activities where id = $1', [ids.a1Planned]), 'no-grant')
    })
  })

  it('a secretary cannot forge sync bookkeeping, received_at or created_by', () =>
    expectServerBookkeeping(db(), spec, 'secretary', 'B1', 'D'))
  it('service_role cannot forge sync bookkeeping either', () => expectServerBookkeeping(db(), spec, 'service_role', 'BX', 'X'))
})
