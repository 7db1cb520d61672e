// public.pairings (双培养): the branch's secretaries write; mentor and mentee read their own (SPEC §4).
import { describe, expect, it } from 'vitest'
import { expectServerBookkeeping, runMatrix, useWorld, type MatrixRow, type TableSpec } from './matrix'
import { as, asSuperuser, attempt, expectAffected, expectDenied, expectRefusedUnchanged, ids, sortedKeys } from './world'

const spec: TableSpec = {
  table: 'public.pairings',
  insert: {
    B1: (w) => ({ branch_id: w.B1, mentor_id: w.pMember, mentee_id: w.pOther, track: 'member_to_backbone', started_on: '2026-03-01' }),
    BX: (w) => ({ branch_id: w.BX, mentor_id: w.pX, mentee_id: w.pXBackbone, track: 'backbone_to_member', started_on: '2026-03-01' }),
  },
  update: {
    B1: { key: 'pr1Other', set: { goal: '晋升副主任医师' } },
    BX: { key: 'prX', set: { goal: '提交入党申请书' } },
  },
  fresh: (w) => ({ branch_id: w.B1, mentor_id: w.pOther, mentee_id: w.pBackbone, track: 'backbone_to_member' }),
}

const ops = ['select', 'insert B1', 'insert BX', 'update B1', 'update BX', 'delete'] as const
const matrix: readonly MatrixRow[] = [
  // who             select                          ins B1      ins BX      upd B1       upd BX       delete
  ['anon',           'no-grant',                     'no-grant', 'no-grant', 'no-grant',  'no-grant',  'no-grant'],
  ['member',         ['pr1'],                        'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['secretary',      ['pr1', 'pr1Other'],            'allow',    'deny',     'allow',     'invisible', 'no-grant'],
  ['otherSecretary', ['pr2'],                        'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['reviewer',       ['pr1', 'pr1Other', 'pr2'],     'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['otherReviewer',  ['prX'],                        'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['finance',        [],                             'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['stranger',       [],                             'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['service_role',   ['pr1', 'pr1Other', 'pr2', 'prX'], 'allow',  'allow',    'allow',     'allow',     'allow'],
]

const db = useWorld()
runMatrix(db, spec, ops, matrix)

describe('public.pairings: SPEC §4 cases', () => {
  it('a member reads the pairing they take part in, but cannot change it', async () => {
    await expectRefusedUnchanged(db(), 'member', 'public.pairings', ids.pr1,
      `update public.pairings set status = 'achieved', goal = '已达成' where id = $1`, [ids.pr1], 0)
  })

  it('the mentee sees the pairing too', async () => {
    await as(db(), 'member', async (tx) => {
      await asSuperuser(tx, () => tx.query('update public.pairings set mentee_id = $1 where id = $2', [ids.pMember, ids.pr1Other]))
      expect(sortedKeys((await tx.query<{ id: string }>('select id from public.pairings')).rows)).toEqual(['pr1', 'pr1Other'])
    })
  })

  it('a secretary cannot pair people of another branch, nor move a pairing there', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectDenied(await attempt(tx, `insert into public.pairings (branch_id, mentor_id, mentee_id, track) values ($1, $2, $3, 'backbone_to_member')`,
        [ids.B1, ids.pMember, ids.p2Backbone]), 'check')
      expectDenied(await attempt(tx, 'update public.pairings set branch_id = $1 where id = $2', [ids.B2, ids.pr1Other]), 'check')
    })
  })

  it('a secretary ends a pairing by status, and tombstones one by deleted_at', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectAffected(await attempt(tx, `update public.pairings set status = 'ended', ended_on = '2026-06-30' where id = $1`, [ids.pr1]), 1)
      expectAffected(await attempt(tx, 'update public.pairings set deleted_at = now() where id = $1', [ids.pr1Other]), 1)
    })
  })

  it('a secretary cannot forge sync bookkeeping', () => expectServerBookkeeping(db(), spec, 'secretary', 'B1', 'D'))
})
