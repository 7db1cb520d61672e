// public.attendance: secretaries record their branch; a member checks in only themself (present, by event
// code, in their own branch) and writes only their own 补学 fields (SPEC §4, §6).
import { beforeAll, describe, expect, it } from 'vitest'
import { validEventCode } from '../checkin-helpers'
import { expectServerBookkeeping, runMatrix, useWorld, type MatrixRow, type TableSpec } from './matrix'
import { as, asSuperuser, attempt, type Denial, expectAffected, expectDenied, expectRefusedUnchanged, ids, type Key } from './world'

// The event code each activity's QR showed, signed with the activity's event key (set up in beforeAll): the
// member's check-ins below carry a code the server verifies, so what decides them is who may write the row.
const codes: Partial<Record<Key, string>> = {}
const codeOf = (activity: Key): string => {
  const code = codes[activity]
  if (code === undefined) throw new Error(`no event code for ${activity}`)
  return code
}

const spec: TableSpec = {
  table: 'public.attendance',
  insert: {
    // the member's own check-in at the planned B1 activity
    self: (w) => ({ activity_id: w.a1Planned, person_id: w.pMember, status: 'present', method: 'event_code', checked_in_at: '2026-04-15T06:05:00Z', checkin_code: codeOf('a1Planned') }),
    B1: (w) => ({ activity_id: w.a1Planned, person_id: w.pOther, status: 'present', method: 'roster' }),
    BX: (w) => ({ activity_id: w.aX, person_id: w.pXBackbone, status: 'present', method: 'roster' }),
  },
  update: {
    // 补学 of the member's own absence
    self: { key: 't1Member', set: { makeup_on: '2026-03-20', makeup_note: '自学会议精神' } },
    B1: { key: 't1Other', set: { makeup_note: '另行补充' } },
    BX: { key: 'tX', set: { makeup_note: '另行补充' } },
  },
  fresh: (w) => ({ activity_id: w.a1Planned, person_id: w.pSpare, status: 'absent', method: 'roster' }),
}

const ops = ['select', 'insert self', 'insert B1', 'insert BX', 'update self', 'update B1', 'update BX', 'delete'] as const
const matrix: readonly MatrixRow[] = [
  // who             select                          ins self    ins B1      ins BX      upd self     upd B1       upd BX       delete
  ['anon',           'no-grant',                     'no-grant', 'no-grant', 'no-grant', 'no-grant',  'no-grant',  'no-grant',  'no-grant'],
  ['member',         ['t1Member'],                   'allow',    'deny',     'deny',     'allow',     'invisible', 'invisible', 'no-grant'],
  ['secretary',      ['t1Member', 't1Other'],        'allow',    'allow',    'deny',     'allow',     'allow',     'invisible', 'no-grant'],
  ['otherSecretary', ['t2'],                         'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['reviewer',       ['t1Member', 't1Other', 't2'],  'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['otherReviewer',  ['tX'],                         'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['finance',        [],                             'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['stranger',       [],                             'deny',     'deny',     'deny',     'invisible', 'invisible', 'invisible', 'no-grant'],
  ['service_role',   ['t1Member', 't1Other', 't2', 'tX'], 'allow', 'allow',  'allow',    'allow',     'allow',     'allow',     'allow'],
]

const db = useWorld()
beforeAll(async () => {
  // a1Planned starts 2026-04-15 06:00Z: its code from 06:05Z, the time of the check-in above
  codes.a1Planned = await validEventCode(db(), ids.a1Planned)
  codes.a2 = await validEventCode(db(), ids.a2)
})
runMatrix(db, spec, ops, matrix)

const checkIn = (activity: Key, person: Key, status: string, method: string) => ({
  sql: 'insert into public.attendance (activity_id, person_id, status, method, checkin_code) values ($1, $2, $3, $4, $5)',
  params: () => [ids[activity], ids[person], status, method, method === 'event_code' ? codeOf(activity) : null],
})

describe('public.attendance: a member checks in only themself', () => {
  it.each([
    ['by roster', 'deny', checkIn('a1Planned', 'pMember', 'present', 'roster')],
    ['by member code', 'deny', checkIn('a1Planned', 'pMember', 'present', 'member_code')],
    ['as on leave', 'deny', checkIn('a1Planned', 'pMember', 'leave', 'event_code')],
    ['as absent', 'deny', checkIn('a1Planned', 'pMember', 'absent', 'event_code')],
    ['someone else', 'deny', checkIn('a1Planned', 'pOther', 'present', 'event_code')],
    ['at another branch\'s activity', 'check', checkIn('a2', 'pMember', 'present', 'event_code')],
  ] as const)('a member cannot check in %s', async (_name, how, { sql, params }) => {
    await as(db(), 'member', async (tx) => expectDenied(await attempt(tx, sql, params()), how as Denial))
  })

  it('a member who left the branch can no longer check in there', async () => {
    await as(db(), 'member', async (tx) => {
      await asSuperuser(tx, () => tx.query(`update public.people set left_branch_on = '2026-01-31' where id = $1`, [ids.pMember]))
      const { sql, params } = checkIn('a1Planned', 'pMember', 'present', 'event_code')
      expectDenied(await attempt(tx, sql, params()), 'deny')
    })
  })

  it('the branch is taken from the activity, whatever the client sends', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectDenied(await attempt(tx, `insert into public.attendance (activity_id, person_id, status, branch_id) values ($1, $2, 'present', $3)`,
        [ids.aX, ids.pXBackbone, ids.B1]), 'deny')
      expectAffected(await attempt(tx, `insert into public.attendance (activity_id, person_id, status, branch_id) values ($1, $2, 'present', $3)`,
        [ids.a1Planned, ids.pOther, ids.BX]), 1)
      const r = await asSuperuser(tx, () => tx.query<{ b: string }>('select branch_id as b from public.attendance where activity_id = $1 and person_id = $2', [ids.a1Planned, ids.pOther]))
      expect(r.rows[0]?.b).toBe(ids.B1)
    })
  })
})

describe('public.attendance: a member writes only their own 补学 fields', () => {
  it.each([
    ['status', `status = 'present'`],
    ['leave_reason', `leave_reason = '值班'`],
    ['method', `method = 'event_code'`],
    ['checked_in_at', `checked_in_at = now()`],
    ['deleted_at', `deleted_at = now()`],
    ['person_id', `person_id = '${ids.pOther}'`],
    ['activity_id', `activity_id = '${ids.a1Planned}'`],
  ])('changing %s of their own attendance fails, and the row is unchanged', async (_col, set) => {
    await expectRefusedUnchanged(db(), 'member', 'public.attendance', ids.t1Member,
      `update public.attendance set ${set}, makeup_note = 'x' where id = $1`, [ids.t1Member], 'guard')
  })

  it('a 补学 date in the future is rejected', async () => {
    await as(db(), 'member', async (tx) => {
      expectDenied(await attempt(tx, `update public.attendance set makeup_on = current_date + 30 where id = $1`, [ids.t1Member]), 'check')
    })
  })

  it('a member cannot record 补学 for someone else', async () => {
    await as(db(), 'member', async (tx) => {
      await asSuperuser(tx, () => tx.query(`update public.attendance set status = 'absent' where id = $1`, [ids.t1Other]))
      expectAffected(await attempt(tx, `update public.attendance set makeup_on = '2026-03-20' where id = $1`, [ids.t1Other]), 0)
    })
  })

  it('the secretary corrects the status of any attendance of the branch', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectAffected(await attempt(tx, `update public.attendance set status = 'leave', leave_reason = '值班' where id = $1`, [ids.t1Member]), 1)
    })
  })

  it('a member cannot forge sync bookkeeping (check-in, then 补学): updated_at is server time',
    () => expectServerBookkeeping(db(), spec, 'member', 'self', 'D'))
  it('a secretary cannot forge sync bookkeeping', () => expectServerBookkeeping(db(), spec, 'secretary', 'B1', 'D'))
})
