// public.cadence_policies: reviewers set the cadence of their subtree; a branch's people read the policies of
// its ancestors; nobody else writes them (SPEC §3.1, §4).
import { describe, it } from 'vitest'
import { expectServerBookkeeping, runMatrix, useWorld, type MatrixRow, type TableSpec } from './matrix'
import { as, attempt, expectAffected, expectDenied, expectRefusedUnchanged, ids } from './world'

const spec: TableSpec = {
  table: 'public.cadence_policies',
  insert: {
    H: (w) => ({ org_id: w.H, kind: 'theme_day', per: 'month', min_count: 2 }),
    X: (w) => ({ org_id: w.X, kind: 'lesson', per: 'quarter', min_count: 1 }),
  },
  update: {
    H: { key: 'cpH', set: { min_count: 3 } },
    X: { key: 'cpX', set: { min_count: 1 } },
  },
  fresh: (w) => ({ org_id: w.H, kind: 'org_life', per: 'year', min_count: 1 }),
}

const ops = ['select', 'insert H', 'insert X', 'update H', 'update X', 'delete'] as const
const matrix: readonly MatrixRow[] = [
  // who             select                   ins H       ins X       upd H        upd X        delete
  ['anon',           'no-grant',              'no-grant', 'no-grant', 'no-grant',  'no-grant',  'no-grant'],
  // members and secretaries read the policies of their branch's ancestors D and H
  ['member',         ['cpD', 'cpH'],          'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['secretary',      ['cpD', 'cpH'],          'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['otherSecretary', ['cpD', 'cpH'],          'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  // reviewers read their subtree only: not the district's policy above H
  ['reviewer',       ['cpH'],                 'allow',    'deny',     'allow',     'invisible', 'no-grant'],
  ['otherReviewer',  ['cpX'],                 'deny',     'allow',    'invisible', 'allow',     'no-grant'],
  ['finance',        [],                      'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['stranger',       [],                      'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['service_role',   ['cpD', 'cpH', 'cpX'],   'allow',    'allow',    'allow',     'allow',     'allow'],
]

const db = useWorld()
runMatrix(db, spec, ops, matrix)

describe('public.cadence_policies: SPEC §4 cases', () => {
  it('a reviewer cannot set the policy of the committee above them', async () => {
    await as(db(), 'reviewer', async (tx) => {
      expectDenied(await attempt(tx, `insert into public.cadence_policies (org_id, kind, per, min_count) values ($1, 'theme_day', 'month', 0)`, [ids.D]), 'deny')
      expectAffected(await attempt(tx, 'update public.cadence_policies set min_count = 0 where id = $1', [ids.cpD]), 0)
    })
  })

  it('a reviewer cannot move a policy out of their subtree', async () => {
    await expectRefusedUnchanged(db(), 'reviewer', 'public.cadence_policies', ids.cpH,
      'update public.cadence_policies set org_id = $1 where id = $2', [ids.X, ids.cpH], 'deny')
  })

  it('policies are set on committees, not on branches', async () => {
    await as(db(), 'reviewer', async (tx) => {
      expectDenied(await attempt(tx, `insert into public.cadence_policies (org_id, kind, per, min_count) values ($1, 'lesson', 'month', 1)`, [ids.B1]), 'check')
    })
  })

  it('a reviewer switches a kind off (min_count 0) and tombstones a policy', async () => {
    await as(db(), 'reviewer', async (tx) => {
      expectAffected(await attempt(tx, 'update public.cadence_policies set min_count = 0 where id = $1', [ids.cpH]), 1)
      expectAffected(await attempt(tx, 'update public.cadence_policies set deleted_at = now() where id = $1', [ids.cpH]), 1)
    })
  })

  it('a reviewer cannot forge sync bookkeeping', () => expectServerBookkeeping(db(), spec, 'reviewer', 'H', 'D'))
})
