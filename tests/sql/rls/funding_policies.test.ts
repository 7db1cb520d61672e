// public.funding_policies: finance sets the funding rule of its subtree; reviewers and finance read the
// subtree's, secretaries the rules above their branch (SPEC §3.5, §4).
import { describe, it } from 'vitest'
import { expectServerBookkeeping, runMatrix, useWorld, type MatrixRow, type TableSpec } from './matrix'
import { as, attempt, expectAffected, expectDenied, expectRefusedUnchanged, ids } from './world'

const spec: TableSpec = {
  table: 'public.funding_policies',
  insert: {
    H: (w) => ({ org_id: w.H, year: 2027, rate_fen: 16000, match_ratio: '1.200', census_date: '2026-12-31' }),
    X: (w) => ({ org_id: w.X, year: 2027, rate_fen: 16000, match_ratio: '1.000' }),
  },
  update: {
    H: { key: 'fpH', set: { rate_fen: 18000 } },
    X: { key: 'fpX', set: { rate_fen: 18000 } },
  },
  fresh: (w) => ({ org_id: w.H, year: 2028, rate_fen: 15000 }),
}

const ops = ['select', 'insert H', 'insert X', 'update H', 'update X', 'delete'] as const
const matrix: readonly MatrixRow[] = [
  // who             select                   ins H       ins X       upd H        upd X        delete
  ['anon',           'no-grant',              'no-grant', 'no-grant', 'no-grant',  'no-grant',  'no-grant'],
  // members get no funding figures (SPEC §5.1), and the migration gives them no funding rule either
  ['member',         [],                      'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['secretary',      ['fpD', 'fpH'],          'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['otherSecretary', ['fpD', 'fpH'],          'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['reviewer',       ['fpH'],                 'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['otherReviewer',  ['fpX'],                 'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['finance',        ['fpH'],                 'allow',    'deny',     'allow',     'invisible', 'no-grant'],
  ['stranger',       [],                      'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['service_role',   ['fpD', 'fpH', 'fpX'],   'allow',    'allow',    'allow',     'allow',     'allow'],
]

const db = useWorld()
runMatrix(db, spec, ops, matrix)

describe('public.funding_policies: SPEC §4 cases', () => {
  it('finance cannot set the rule of the district above it', async () => {
    await as(db(), 'finance', async (tx) => {
      expectDenied(await attempt(tx, 'insert into public.funding_policies (org_id, year, rate_fen) values ($1, 2027, 1)', [ids.D]), 'deny')
      expectAffected(await attempt(tx, 'update public.funding_policies set rate_fen = 1 where id = $1', [ids.fpD]), 0)
    })
  })

  it('finance cannot move a rule out of its subtree', async () => {
    await expectRefusedUnchanged(db(), 'finance', 'public.funding_policies', ids.fpH,
      'update public.funding_policies set org_id = $1 where id = $2', [ids.X, ids.fpH], 'deny')
  })

  it('a reviewer cannot write the funding rule of their own committee', async () => {
    await as(db(), 'reviewer', async (tx) => {
      expectAffected(await attempt(tx, 'update public.funding_policies set match_ratio = 0 where id = $1', [ids.fpH]), 0)
    })
  })

  it('finance cannot forge sync bookkeeping', () => expectServerBookkeeping(db(), spec, 'finance', 'H', 'D'))
})
