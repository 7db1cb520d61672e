// public.orgs: members and secretaries read their branch and its groups, reviewers and finance their
// committee's subtree; secretaries create and rename groups and set has_committee, nothing else (SPEC §4);
// reviewers create, rename, move and delete orgs inside their subtree (issue 14, decisions §28; every rule and
// refusal of theirs is in tests/sql/org-admin.test.ts).
import { describe, expect, it } from 'vitest'
import { expectServerBookkeeping, runMatrix, useWorld, type MatrixRow, type TableSpec } from './matrix'
import { as, attempt, expectAffected, expectDenied, expectRefusedUnchanged, ids, type Key, snapshot } from './world'

const spec: TableSpec = {
  table: 'public.orgs',
  insert: {
    B1: (w) => ({ parent_id: w.B1, kind: 'group', name: '第三党小组' }), // a group of B1
    H: (w) => ({ parent_id: w.H, kind: 'branch', name: '新支部' }), // a branch under H
    BX: (w) => ({ parent_id: w.BX, kind: 'group', name: '第三党小组' }), // a group of BX
  },
  update: {
    G1: { key: 'G1', set: { name: '第一党小组（改）' } }, // rename a group of B1
    B1: { key: 'B1', set: { name: '心内科第一党支部' } }, // rename the branch B1
    BX: { key: 'BX', set: { name: '另一支部（改）' } },
  },
  fresh: (w) => ({ parent_id: w.B1, kind: 'group', name: '临时小组' }),
}

const HTREE: Key[] = ['H', 'B1', 'G1', 'G2', 'B2']
const ops = ['select', 'insert B1', 'insert H', 'insert BX', 'update G1', 'update B1', 'update BX', 'delete'] as const
const matrix: readonly MatrixRow[] = [
  // who             select                         ins B1      ins H       ins BX      upd G1       upd B1       upd BX       delete
  ['anon',           'no-grant',                    'no-grant', 'no-grant', 'no-grant', 'no-grant',  'no-grant',  'no-grant',  'no-grant'],
  ['member',         ['B1', 'G1', 'G2'],            'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['secretary',      ['B1', 'G1', 'G2'],            'allow',    'deny',     'deny',     'allow',     'guard',     'invisible', 'no-grant'],
  ['otherSecretary', ['B2'],                        'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['reviewer',       HTREE,                         'allow',    'allow',    'deny',     'allow',     'allow',     'invisible', 'no-grant'],
  ['otherReviewer',  ['X', 'BX'],                   'deny',     'deny',     'allow',    'invisible', 'invisible', 'allow',     'no-grant'],
  ['finance',        HTREE,                         'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['stranger',       [],                            'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['service_role',   ['D', ...HTREE, 'X', 'BX'],    'allow',    'allow',    'allow',    'allow',     'allow',     'allow',     'allow'],
]

const db = useWorld()
runMatrix(db, spec, ops, matrix)

const upd = (sql: string, ...params: unknown[]) => ({ sql, params })

describe('public.orgs: SPEC §4 cases', () => {
  it('a secretary sets has_committee on their branch', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectAffected(await attempt(tx, 'update public.orgs set has_committee = false where id = $1', [ids.B1]), 1)
      expectAffected(await attempt(tx, 'update public.orgs set has_committee = true where id = $1', [ids.B2]), 0)
    })
  })

  it('a secretary deletes a group of their branch by setting deleted_at', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectAffected(await attempt(tx, 'update public.orgs set deleted_at = now() where id = $1', [ids.G2]), 1)
    })
  })

  // each of these must fail and leave the row as it was
  it.each([
    ['tombstone their branch', 'guard', upd('update public.orgs set deleted_at = now() where id = $1', ids.B1), 'B1'],
    ['move their branch under X', 'guard', upd('update public.orgs set parent_id = $1 where id = $2', ids.X, ids.B1), 'B1'],
    ['move their branch under D', 'guard', upd('update public.orgs set parent_id = $1 where id = $2', ids.D, ids.B1), 'B1'],
    ['move a group to B2', 'guard', upd('update public.orgs set parent_id = $1 where id = $2', ids.B2, ids.G1), 'G1'],
    ['turn a group into a branch', 'check', upd(`update public.orgs set kind = 'branch' where id = $1`, ids.G1), 'G1'],
    ['give a group a committee', 'check', upd('update public.orgs set has_committee = true where id = $1', ids.G1), 'G1'],
  ] as const)('a secretary cannot %s', async (_name, how, { sql, params }, key) => {
    await expectRefusedUnchanged(db(), 'secretary', 'public.orgs', ids[key], sql, [...params], how)
  })

  it('a secretary cannot create a group under a group, nor a committee in their branch', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectDenied(await attempt(tx, `insert into public.orgs (parent_id, kind, name) values ($1, 'group', '子小组')`, [ids.G1]), 'check')
      expectDenied(await attempt(tx, `insert into public.orgs (parent_id, kind, name) values ($1, 'committee', '总支')`, [ids.B1]), 'check')
    })
  })

  // path and root_id decide every subtree check (role_subtree_ids) and which policies a branch inherits
  it.each([['B1'], ['G1']] as const)('a secretary cannot re-root %s by writing path and root_id', async (key) => {
    await as(db(), 'secretary', async (tx) => {
      const before = (await snapshot(tx, 'public.orgs', ids[key])) as Record<string, unknown>
      const r = await attempt(tx, 'update public.orgs set path = $1, root_id = $2 where id = $3', [[ids.X, ids[key]], ids.X, ids[key]])
      const after = (await snapshot(tx, 'public.orgs', ids[key])) as Record<string, unknown>
      expect({ path: after.path, root_id: after.root_id }, JSON.stringify(r)).toEqual({ path: before.path, root_id: before.root_id })
    })
  })

  it('a secretary cannot forge sync bookkeeping (group insert, group rename)', () =>
    expectServerBookkeeping(db(), spec, 'secretary', 'B1', 'D', 'G1'))
  it('a reviewer cannot forge sync bookkeeping (branch insert, branch rename)', () =>
    expectServerBookkeeping(db(), spec, 'reviewer', 'H', 'D', 'B1'))
  it('service_role cannot forge sync bookkeeping either', () => expectServerBookkeeping(db(), spec, 'service_role', 'BX', 'X'))
})
