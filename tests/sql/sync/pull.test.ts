// sync_pull on PGlite: paging with a stable cursor, edits re-delivered, RLS scope, tombstones.
import { randomUUID } from 'node:crypto'
import type { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDb } from '../db'
import { ids, mutation, pull, pullAll, push, seedWorld } from './setup'

let db: PGlite
beforeAll(async () => {
  db = await createDb()
  await seedWorld(db)
})
afterAll(async () => { await db?.close() })

describe('sync_pull', () => {
  test('pages through 10,000 rows in 10 round trips, missing none, even with writes between pages', async () => {
    // fill B1 up to exactly 10,000 rows visible to its secretary
    const visible = async () => (await pullAll(db, ids.secretary, null, 5000)).rows.length
    const missing = 10_000 - (await visible())
    await db.query(
      `insert into public.people (branch_id, name, party_status, admitted_on)
       select $1, '党员' || i, 'full', date '2015-07-01' + i % 3000 from generate_series(1, $2) i`,
      [ids.b1, missing],
    )
    expect(await visible()).toBe(10_000)

    const seen = new Map<string, number>()
    let cursor: string | null = null
    let trips = 0
    let page
    do {
      page = await pull(db, ids.secretary, cursor, 1000)
      trips += 1
      for (const r of page.rows) seen.set(`${r.table}:${r.row.id}`, r.seq)
      cursor = page.cursor
      if (trips === 3) {
        // meanwhile another device renames a row already delivered and adds one: both must arrive
        await db.query(`update public.people set title = '主治医师' where id = $1`, [ids.p1])
        await db.query(`insert into public.people (id, branch_id, name, party_status) values ($1, $2, '新来的', 'activist')`, [randomUUID(), ids.b1])
      }
    } while (page.has_more)
    expect(trips).toBeLessThanOrEqual(11)
    expect(seen.size).toBe(10_001)
    const again = await pullAll(db, ids.secretary, null, 5000)
    expect(again.rows.find((r) => r.row.id === ids.p1)?.row.title).toBe('主治医师')
  })

  test('exactly 10,000 rows take 10 round trips of 1,000', async () => {
    const all = await pullAll(db, ids.secretary, null, 5000)
    const n = all.rows.length
    const { trips } = await pullAll(db, ids.secretary, null, 1000)
    expect(trips).toBe(Math.ceil(n / 1000))
  })

  test('an incremental pull returns only what changed since the cursor, tombstones included', async () => {
    const { cursor } = await pullAll(db, ids.secretary)
    const activity = randomUUID()
    await push(db, ids.secretary, [mutation('activities', { id: activity, branch_id: ids.b1, kinds: ['committee'], starts_at: '2026-11-05T12:00:00+08:00' })])
    await push(db, ids.secretary, [mutation('activities', { id: activity, deleted_at: '2026-11-05T13:00:00+08:00' })])
    const next = await pullAll(db, ids.secretary, cursor)
    expect(next.rows).toHaveLength(1)
    expect(next.rows[0]).toMatchObject({ table: 'activities', row: { id: activity } })
    expect(next.rows[0]?.row.deleted_at).not.toBeNull()
  })

  test('each secretary pulls only their own branch; the other branch is invisible', async () => {
    const { rows } = await pullAll(db, ids.secretary2, null, 5000)
    const branches = new Set(rows.filter((r) => r.table === 'people').map((r) => r.row.branch_id))
    expect([...branches]).toEqual([ids.b2])
    expect(rows.some((r) => r.row.id === ids.b1)).toBe(false)
    expect(rows.filter((r) => r.table === 'org_roles').map((r) => r.row.user_id)).toEqual([ids.secretary2])
  })

  test('the scope fingerprint changes when the caller is granted a new role', async () => {
    const before = (await pull(db, ids.secretary2, null, 1)).scope
    await db.query(`insert into public.org_roles (user_id, org_id, role) values ($1, $2, 'secretary')`, [ids.secretary2, ids.b1])
    const after = (await pull(db, ids.secretary2, null, 1)).scope
    expect(after).not.toBe(before)
    await db.query(`update public.org_roles set deleted_at = now() where user_id = $1 and org_id = $2`, [ids.secretary2, ids.b1])
  })

  test('a cursor that was not issued by the server is refused', async () => {
    await expect(pull(db, ids.secretary, "1; drop table people", 10)).rejects.toMatchObject({ hint: 'malformed' })
  })
})
