// public.member_keys (SPEC §4, §6): a member code's secret is read by its owner and the secretaries of the
// owner's branch only; no client writes a key (the server issues it when a person is linked to an account,
// and public.rotate_member_key replaces it for the branch's secretaries).
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { expectServerBookkeeping, runMatrix, useWorld, type MatrixRow, type TableSpec } from './matrix'
import { as, asSuperuser, attempt, expectDenied, ids, sortedKeys, type Who } from './world'

const KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8'
// accounts for pOther (B1), p2 (B2) and pX (BX), besides the member's own pMember
const extraUsers = ['bbbbbbbb-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000002', 'bbbbbbbb-0000-4000-8000-000000000003']

const spec: TableSpec = {
  table: 'public.member_keys',
  insert: {
    // pSpare has no account and so no key (id = person_id)
    B1: (w) => ({ id: w.pSpare, person_id: w.pSpare, key: KEY }),
  },
  update: {
    B1: { key: 'pOther', set: { key: KEY } },
    own: { key: 'pMember', set: { key: KEY } },
  },
  fresh: (w) => ({ id: w.pBackbone, person_id: w.pBackbone, key: KEY }),
}

const ops = ['select', 'insert B1', 'update own', 'update B1', 'delete'] as const
const matrix: readonly MatrixRow[] = [
  // who             select                              ins B1      upd own     upd B1      delete
  ['anon',           'no-grant',                         'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['member',         ['pMember'],                        'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['secretary',      ['pMember', 'pOther'],              'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['otherSecretary', ['p2'],                             'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['reviewer',       [],                                 'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['otherReviewer',  [],                                 'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['finance',        [],                                 'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['stranger',       [],                                 'no-grant', 'no-grant', 'no-grant', 'no-grant'],
  ['service_role',   ['pMember', 'pOther', 'p2', 'pX'],  'allow',    'allow',    'allow',    'allow'],
]

const db = useWorld()
beforeAll(async () => {
  await db().query(`insert into auth.users (id, email) values ($1, 'o1@example.org'), ($2, 'o2@example.org'), ($3, 'o3@example.org')`, extraUsers)
  await db().query(`update public.people set user_id = case id when $1 then $4::uuid when $2 then $5::uuid when $3 then $6::uuid end
                     where id in ($1, $2, $3)`, [ids.pOther, ids.p2, ids.pX, ...extraUsers])
})
runMatrix(db, spec, ops, matrix)

const rotate = (person: string) => `select public.rotate_member_key('${person}')`

describe('public.member_keys: SPEC §6 cases', () => {
  it.each([
    ['anon', 'pOther', 'no-grant'],
    ['member', 'pMember', 'guard'],
    ['member', 'pOther', 'guard'],
    ['otherSecretary', 'pOther', 'guard'],
    ['reviewer', 'pOther', 'guard'],
    ['finance', 'pOther', 'guard'],
    ['stranger', 'pOther', 'guard'],
  ] as const)('%s cannot rotate the key of %s', async (who, person, how) => {
    await as(db(), who as Who, async (tx) => expectDenied(await attempt(tx, rotate(ids[person])), how))
  })

  it.each([['secretary', 'pOther'], ['secretary', 'pMember'], ['service_role', 'pX']] as const)(
    '%s rotates the key of %s: a new key', async (who, person) => {
      await as(db(), who, async (tx) => {
        const key = () => asSuperuser(tx, async () =>
          (await tx.query<{ key: string }>('select key from public.member_keys where id = $1', [ids[person]])).rows[0]?.key)
        const before = await key()
        const r = await attempt(tx, rotate(ids[person]))
        expect(r.ok, JSON.stringify(r)).toBe(true)
        const after = await key()
        expect(after).toMatch(/^[A-Za-z0-9_-]{43}$/)
        expect(after).not.toBe(before)
      })
    })

  it('a member pulls their own key and no event key; the secretary pulls the branch\'s member keys', async () => {
    const pulled = async (who: Who) => as(db(), who, async (tx) => {
      const r = await tx.query<{ r: { rows: { table: string; row: { id: string; key?: string } }[] } }>('select public.sync_pull(1, null, 5000) as r')
      const rows = r.rows[0]?.r.rows ?? []
      return sortedKeys(rows.filter((x) => x.table === 'member_keys').map((x) => x.row))
    })
    expect(await pulled('member')).toEqual(['pMember'])
    expect(await pulled('secretary')).toEqual(['pMember', 'pOther'])
    expect(await pulled('reviewer')).toEqual([])
  })

  it('a key cannot be pushed through sync', async () => {
    await as(db(), 'secretary', async (tx) => {
      const r = await attempt(tx, 'select public.sync_push(1, $1::jsonb)',
        [JSON.stringify([{ id: randomUUID(), table: 'member_keys', row: { id: ids.pSpare, person_id: ids.pSpare, key: KEY } }])])
      expect(r.ok ? r : r.message).toMatch(/unknown table 'member_keys'/)
    })
  })

  it('a tombstoned person\'s key is no longer read by its owner', async () => {
    await as(db(), 'member', async (tx) => {
      await tx.exec('reset role')
      await tx.query('update public.people set deleted_at = now() where id = $1', [ids.pMember])
      await tx.exec('set local role authenticated')
      expect((await tx.query('select id from public.member_keys')).rows).toEqual([])
    })
  })

  it('service_role cannot forge sync bookkeeping either', () => expectServerBookkeeping(db(), spec, 'service_role', 'B1', 'D'))
})
