// public.event_keys (SPEC §4, §6): an activity's event-code secret is made on the secretary's device and
// pushed through sync; only the secretaries of the activity's branch read and write it — never members,
// reviewers or finance. No client deletes one (a tombstone is an update of deleted_at).
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { expectServerBookkeeping, runMatrix, useWorld, type MatrixRow, type TableSpec } from './matrix'
import { as, asSuperuser, attempt, expectDenied, ids, sortedKeys, type Who } from './world'

const KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8'
const KEY2 = 'ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8'
const aX2 = '00000000-0000-4000-8000-0000000e0001' // a second BX activity, without a key

const spec: TableSpec = {
  table: 'public.event_keys',
  insert: {
    B1: (w) => ({ id: w.a1Planned, activity_id: w.a1Planned, key: KEY }),
    BX: () => ({ id: aX2, activity_id: aX2, key: KEY }),
  },
  update: {
    B1: { key: 'a1', set: { key: KEY2 } },
    BX: { key: 'aX', set: { key: KEY2 } },
  },
  fresh: (w) => ({ id: w.a1Planned, activity_id: w.a1Planned, key: KEY }),
}

const ops = ['select', 'insert B1', 'insert BX', 'update B1', 'update BX', 'delete'] as const
const matrix: readonly MatrixRow[] = [
  // who             select                ins B1      ins BX      upd B1       upd BX       delete
  ['anon',           'no-grant',           'no-grant', 'no-grant', 'no-grant',  'no-grant',  'no-grant'],
  ['member',         [],                   'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['secretary',      ['a1'],               'allow',    'deny',     'allow',     'invisible', 'no-grant'],
  ['otherSecretary', ['a2'],               'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['reviewer',       [],                   'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['otherReviewer',  [],                   'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['finance',        [],                   'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['stranger',       [],                   'deny',     'deny',     'invisible', 'invisible', 'no-grant'],
  ['service_role',   ['a1', 'a2', 'aX'],   'allow',    'allow',    'allow',     'allow',     'allow'],
]

const db = useWorld()
beforeAll(async () => {
  await db().query(`insert into public.activities (id, branch_id, kinds, starts_at) values ($1, $2, '{lesson}', '2026-05-01T06:00:00Z')`, [aX2, ids.BX])
  await db().query(`insert into public.event_keys (id, activity_id, key) values ($1, $1, $4), ($2, $2, $4), ($3, $3, $4)`,
    [ids.a1, ids.a2, ids.aX, KEY])
})
runMatrix(db, spec, ops, matrix)

const push = (rows: Record<string, unknown>[]) =>
  JSON.stringify(rows.map((row) => ({ id: randomUUID(), table: 'event_keys', row })))

describe('public.event_keys: SPEC §6 cases', () => {
  it('the branch is taken from the activity, whatever the client sends', async () => {
    await as(db(), 'secretary', async (tx) => {
      expectDenied(await attempt(tx, 'insert into public.event_keys (id, activity_id, key, branch_id) values ($1, $1, $2, $3)', [aX2, KEY, ids.B1]), 'deny')
      const r = await attempt(tx, 'insert into public.event_keys (id, activity_id, key, branch_id) values ($1, $1, $2, $3)', [ids.a1Planned, KEY, ids.BX])
      expect(r.ok, JSON.stringify(r)).toBe(true)
      const b = await asSuperuser(tx, () => tx.query<{ b: string }>('select branch_id as b from public.event_keys where id = $1', [ids.a1Planned]))
      expect(b.rows[0]?.b).toBe(ids.B1)
    })
  })

  it.each([
    ['an id other than the activity', { id: randomUUID(), activity_id: ids.a1Planned, key: KEY }, 'check'],
    ['a key shorter than 16 bytes', { id: ids.a1Planned, activity_id: ids.a1Planned, key: 'AAECAwQFBgcICQoLDA0ODw'.slice(0, 21) }, 'check'],
    ['a key with characters outside base64url', { id: ids.a1Planned, activity_id: ids.a1Planned, key: `${KEY.slice(0, 30)}+/==` }, 'check'],
  ] as const)('a secretary cannot insert %s', async (_what, row, how) => {
    await as(db(), 'secretary', async (tx) => {
      const r = await attempt(tx, 'insert into public.event_keys (id, activity_id, key) values ($1, $2, $3)', [row.id, row.activity_id, row.key])
      expectDenied(r, how)
    })
  })

  it('a secretary pushes the key of a new activity through sync, in the same batch; another branch\'s secretary cannot', async () => {
    await as(db(), 'secretary', async (tx) => {
      const activity = randomUUID()
      const batch = JSON.stringify([
        { id: randomUUID(), table: 'activities', row: { id: activity, branch_id: ids.B1, kinds: ['lesson'], starts_at: '2026-06-01T06:00:00Z' } },
        { id: randomUUID(), table: 'event_keys', row: { id: activity, activity_id: activity, key: KEY } },
      ])
      const r = await tx.query<{ r: { results: { status: string }[] } }>('select public.sync_push(1, $1::jsonb) as r', [batch])
      expect(r.rows[0]?.r.results.map((x) => x.status)).toEqual(['applied', 'applied'])
      await asSuperuser(tx, () => tx.exec(`select set_config('request.jwt.claims', '{"sub":"${ids.user.otherSecretary}","role":"authenticated"}', true)`))
      const other = await tx.query<{ r: { results: { status: string; code?: string }[] } }>('select public.sync_push(1, $1::jsonb) as r',
        [push([{ id: ids.a1Planned, activity_id: ids.a1Planned, key: KEY }])])
      expect(other.rows[0]?.r.results[0]).toMatchObject({ status: 'rejected', code: '42501' })
    })
  })

  it('branch_id cannot be pushed', async () => {
    await as(db(), 'secretary', async (tx) => {
      const r = await attempt(tx, 'select public.sync_push(1, $1::jsonb)', [push([{ id: ids.a1Planned, activity_id: ids.a1Planned, key: KEY, branch_id: ids.B1 }])])
      expect(r.ok ? r : r.message).toMatch(/column 'branch_id' cannot be written in event_keys/)
    })
  })

  it.each([['member', []], ['reviewer', []], ['secretary', ['a1']], ['otherSecretary', ['a2']]] as const)(
    '%s pulls the event keys %j', async (who, want) => {
      const got = await as(db(), who as Who, async (tx) => {
        const r = await tx.query<{ r: { rows: { table: string; row: { id: string } }[] } }>('select public.sync_pull(1, null, 5000) as r')
        return sortedKeys((r.rows[0]?.r.rows ?? []).filter((x) => x.table === 'event_keys').map((x) => x.row))
      })
      expect(got).toEqual(want)
    })

  it('a secretary tombstones a key with deleted_at', async () => {
    await as(db(), 'secretary', async (tx) => {
      const r = await attempt(tx, 'update public.event_keys set deleted_at = now() where id = $1', [ids.a1])
      expect(r.ok && r.affected).toBe(1)
    })
  })

  it('a secretary cannot forge sync bookkeeping', () => expectServerBookkeeping(db(), spec, 'secretary', 'B1', 'D'))
})
