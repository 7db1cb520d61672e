// public.pairing_logs: the branch's secretaries write; mentor and mentee read the log of their pairing (SPEC §4).
import { describe, expect, it } from 'vitest'
import { expectServerBookkeeping, runMatrix, useWorld, type MatrixRow, type TableSpec } from './matrix'
import { as, asSuperuser, attempt, expectDenied, expectRefusedUnchanged, ids } from './world'

const spec: TableSpec = {
  table: 'public.pairing_logs',
  insert: {
    mine: (w) => ({ pairing_id: w.pr1, logged_on: '2026-03-01', note: '一起参加业务学习' }), // the member's pairing
    B1: (w) => ({ pairing_id: w.pr1Other, logged_on: '2026-03-01', note: '手术带教' }),
    BX: (w) => ({ pairing_id: w.prX, logged_on: '2026-03-01', note: '谈心谈话' }),
  },
  update: {
    mine: { key: 'l1', set: { milestone: '递交入党申请书' } },
    B1: { key: 'l1Other', set: { note: '手术带教（补记）' } },
    BX: { key: 'lX', set: { note: '谈心谈话（补记）' } },
  },
  fresh: (w) => ({ pairing_id: w.pr1, note: '临时' }),
}

const ops = ['select', 'insert mine', 'insert B1', 'insert BX', 'update mine', 'update B1', 'update BX', 'delete'] as const
const matrix: readonly MatrixRow[] = [
  // who             select                       ins mine    ins B1      ins BX      upd mine     upd B1       upd BX       delete
  ['anon',           'no-grant',                  'no-grant', 'no-grant', 'no-grant', 'no-grant',  'no-grant',  'no-grant',  'no-grant'],
  // a member writes only check-ins and 补学 (SPEC §4): not the log of their own pairing
  ['member',         ['l1'],                      'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['secretary',      ['l1', 'l1Other'],           'allow',    'allow',    'deny',     'allow',     'allow',     'invisible', 'no-grant'],
  ['otherSecretary', ['l2'],                      'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['reviewer',       ['l1', 'l1Other', 'l2'],     'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['otherReviewer',  ['lX'],                      'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['finance',        [],                          'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['stranger',       [],                          'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['service_role',   ['l1', 'l1Other', 'l2', 'lX'], 'allow',  'allow',    'allow',    'allow',     'allow',     'allow',     'allow'],
]

const db = useWorld()
runMatrix(db, spec, ops, matrix)

describe('public.pairing_logs: SPEC §4 cases', () => {
  it('the branch of a log is its pairing\'s, whatever the client sends', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectDenied(await attempt(tx, `insert into public.pairing_logs (pairing_id, note, branch_id) values ($1, 'x', $2)`, [ids.prX, ids.B1]), 'deny')
    })
  })

  it('a secretary cannot move a log to a pairing of another branch', async () => {
    await expectRefusedUnchanged(db(), 'secretary', 'public.pairing_logs', ids.l1Other,
      'update public.pairing_logs set pairing_id = $1 where id = $2', [ids.prX, ids.l1Other], 'deny')
  })

  it('a member loses the log when they leave the pairing', async () => {
    await as(db(), 'member', async (tx) => {
      await asSuperuser(tx, () => tx.query('update public.pairings set mentor_id = $1 where id = $2', [ids.pOther, ids.pr1]))
      expect((await tx.query('select id from public.pairing_logs')).rows).toEqual([])
    })
  })

  it('a secretary cannot forge sync bookkeeping', () => expectServerBookkeeping(db(), spec, 'secretary', 'B1', 'D'))
})
