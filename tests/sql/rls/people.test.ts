// public.people (the whole row: secretaries and reviewers of the branch, and the person themself) and
// public.roster (names only: the members of the branch too) — SPEC §4.
import { describe, expect, it } from 'vitest'
import { expectServerBookkeeping, runMatrix, useWorld, type MatrixRow, type TableSpec } from './matrix'
import { as, asSuperuser, become, attempt, expectAffected, expectDenied, ids, sortedKeys, type Key } from './world'

const B1: Key[] = ['pMember', 'pOther', 'pBackbone', 'pSpare']
const B2: Key[] = ['p2', 'p2Backbone']
const BX: Key[] = ['pX', 'pXBackbone']

const spec: TableSpec = {
  table: 'public.people',
  relations: { roster: 'public.roster' },
  insert: {
    B1: (w) => ({ branch_id: w.B1, name: '新同志', party_status: 'applicant' }),
    BX: (w) => ({ branch_id: w.BX, name: '新同志', party_status: 'applicant' }),
  },
  update: {
    B1: { key: 'pOther', set: { department: '心血管内科' } },
    BX: { key: 'pX', set: { department: '后勤' } },
  },
  fresh: (w) => ({ branch_id: w.B1, name: '临时', party_status: 'non_member' }),
}

const ops = ['select', 'select roster', 'insert B1', 'insert BX', 'update B1', 'update BX', 'delete'] as const
const matrix: readonly MatrixRow[] = [
  // who             select               select roster        ins B1      ins BX      upd B1       upd BX       delete
  ['anon',           'no-grant',          'no-grant',          'no-grant', 'no-grant', 'no-grant',  'no-grant',  'no-grant'],
  ['member',         ['pMember'],         B1,                  'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['secretary',      B1,                  B1,                  'allow',    'deny',     'allow',     'invisible', 'no-grant'],
  ['otherSecretary', B2,                  B2,                  'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['reviewer',       [...B1, ...B2],      [...B1, ...B2],      'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['otherReviewer',  BX,                  BX,                  'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['finance',        [],                  [],                  'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['stranger',       [],                  [],                  'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  // the roster view filters by the caller's memberships and roles: service_role reads public.people instead
  ['service_role',   [...B1, ...B2, ...BX], [],                'allow',    'allow',    'allow',     'allow',     'allow'],
]

const db = useWorld()
runMatrix(db, spec, ops, matrix)

describe('public.people: SPEC §4 cases', () => {
  it('the roster shows names (and their sync position), not the whole row', async () => {
    const cols = await as(db(), 'member', async (tx) => (await tx.query('select * from public.roster limit 1')).fields.map((f) => f.name))
    expect(cols.sort()).toEqual(['branch_id', 'deleted_at', 'group_id', 'id', 'name', 'sync_seq', 'sync_xid', 'updated_at'])
  })

  it('a member reads their own whole row, and no other person\'s', async () => {
    const rows = await as(db(), 'member', async (tx) => (await tx.query<{ id: string; department: string }>(
      'select id, department from public.people')).rows)
    expect(rows).toEqual([{ id: ids.pMember, department: '心内科' }])
  })

  it('a member cannot edit their own person row', async () => {
    await as(db(), 'member', async (tx) => {
      expectAffected(await attempt(tx, `update public.people set party_status = 'full', name = '张三丰' where id = $1`, [ids.pMember]), 0)
    })
  })

  it('a member who left the branch no longer reads its roster (but still their own row)', async () => {
    await as(db(), 'member', async (tx) => {
      await asSuperuser(tx, () => tx.query(`update public.people set left_branch_on = '2026-01-31' where id = $1`, [ids.pMember]))
      expect(sortedKeys((await tx.query<{ id: string }>('select id from public.roster')).rows)).toEqual([])
      expect(sortedKeys((await tx.query<{ id: string }>('select id from public.people')).rows)).toEqual(['pMember'])
    })
  })

  it('a secretary cannot move a person to another branch', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectDenied(await attempt(tx, 'update public.people set branch_id = $1, group_id = null where id = $2', [ids.B2, ids.pOther]), 'deny')
    })
  })

  it('a secretary cannot put a person in a group of another branch', async () => {
    await as(db(), 'secretary', async (tx) => {
      await asSuperuser(tx, () => tx.query(`insert into public.orgs (id, parent_id, kind, name) values ($1, $2, 'group', 'BX组')`,
        ['00000000-0000-4000-8000-00000000ffff', ids.BX]))
      expectDenied(await attempt(tx, 'update public.people set group_id = $1 where id = $2',
        ['00000000-0000-4000-8000-00000000ffff', ids.pOther]), 'check')
    })
  })

  it('tombstones: a secretary deletes a person by setting deleted_at, and members still see the tombstone', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectAffected(await attempt(tx, 'update public.people set deleted_at = now() where id = $1', [ids.pSpare]), 1)
      await become(tx, 'member')
      const r = await tx.query<{ n: number }>('select count(*)::int as n from public.roster where id = $1 and deleted_at is not null', [ids.pSpare])
      expect(r.rows[0]?.n).toBe(1)
    })
  })

  it('the roster does not leak names of other branches through an erroring filter', async () => {
    await as(db(), 'member', async (tx) => {
      for (const q of ['select id from public.roster where name::int = 1', 'select id from public.roster where 1 / (length(name) - 2) = 0']) {
        const r = await attempt(tx, q)
        expect(r.ok ? 'no error' : r.message).not.toMatch(/周九|吴十|钱七|孙八/)
      }
    })
  })

  it('a secretary cannot forge sync bookkeeping', () => expectServerBookkeeping(db(), spec, 'secretary', 'B1', 'D'))
  it('service_role cannot forge sync bookkeeping either', () => expectServerBookkeeping(db(), spec, 'service_role', 'BX', 'X'))
})
