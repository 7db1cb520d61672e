// public.org_roles: a user reads their own grants; nobody but service_role writes them (SPEC §4).
import { describe, it } from 'vitest'
import { expectServerBookkeeping, runMatrix, useWorld, type MatrixRow, type TableSpec } from './matrix'
import { as, attempt, expectDenied, ids } from './world'

const spec: TableSpec = {
  table: 'public.org_roles',
  insert: {
    B1: (w) => ({ user_id: w.user.stranger, org_id: w.B1, role: 'secretary' }),
    X: (w) => ({ user_id: w.user.stranger, org_id: w.X, role: 'reviewer' }),
  },
  update: {
    B1: { key: 'rSecretary', set: { deleted_at: '2026-06-01T00:00:00Z' } },
    X: { key: 'rOtherReviewer', set: { deleted_at: '2026-06-01T00:00:00Z' } },
  },
  fresh: (w) => ({ user_id: w.user.stranger, org_id: w.B2, role: 'secretary' }),
}

const ops = ['select', 'insert B1', 'insert X', 'update B1', 'update X', 'delete'] as const
const matrix: readonly MatrixRow[] = [
  // who             select                 ins B1      ins X       upd B1      upd X       delete
  ['anon',           'no-grant',            'no-grant', 'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['member',         [],                    'no-grant', 'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['secretary',      ['rSecretary'],        'no-grant', 'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['otherSecretary', ['rOtherSecretary'],   'no-grant', 'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['reviewer',       ['rReviewer'],         'no-grant', 'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['otherReviewer',  ['rOtherReviewer'],    'no-grant', 'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['finance',        ['rFinance'],          'no-grant', 'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['stranger',       [],                    'no-grant', 'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['service_role',
    ['rSecretary', 'rOtherSecretary', 'rReviewer', 'rOtherReviewer', 'rFinance'],
                                            'allow',    'allow',    'allow',    'allow',    'allow'],
]

const db = useWorld()
runMatrix(db, spec, ops, matrix)

describe('public.org_roles: SPEC §4 cases', () => {
  it('a secretary cannot promote themself to reviewer of the hospital committee', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectDenied(await attempt(tx, `insert into public.org_roles (user_id, org_id, role) values ($1, $2, 'reviewer')`,
        [ids.user.secretary, ids.H]), 'no-grant')
      expectDenied(await attempt(tx, `update public.org_roles set org_id = $1 where id = $2`, [ids.H, ids.rSecretary]), 'no-grant')
    })
  })

  it('a role is granted on the right kind of org', async () => {
    await as(db(), 'service_role', async (tx) => {
      expectDenied(await attempt(tx, `insert into public.org_roles (user_id, org_id, role) values ($1, $2, 'secretary')`, [ids.user.stranger, ids.H]), 'check')
      expectDenied(await attempt(tx, `insert into public.org_roles (user_id, org_id, role) values ($1, $2, 'reviewer')`, [ids.user.stranger, ids.B1]), 'check')
      expectDenied(await attempt(tx, `insert into public.org_roles (user_id, org_id, role) values ($1, $2, 'finance')`, [ids.user.stranger, ids.G1]), 'check')
    })
  })

  it('service_role cannot forge sync bookkeeping', () => expectServerBookkeeping(db(), spec, 'service_role', 'X', 'X'))
})
