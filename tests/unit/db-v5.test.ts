// Version 5 adds the attendance status index: a phone that held version 4 data (issue 12's app) opens it with every
// row and the outbox kept, and the new index answers over the rows stored before the upgrade.
import { Dexie } from 'dexie'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { expect, test } from 'vitest'
import { createRepos } from '../../src/db/repos'
import { DB_VERSION, STORES_V1, STORES_V2, STORES_V3, STORES_V4, ZhibuDb } from '../../src/db/schema'

test('a version 4 database opens with version 5, rows and outbox kept, missed meetings found by status', async () => {
  const factory = new IDBFactory()
  const v4 = new Dexie('zhibu', { indexedDB: factory, IDBKeyRange })
  v4.version(1).stores(STORES_V1)
  v4.version(2).stores(STORES_V2)
  v4.version(3).stores(STORES_V3)
  v4.version(4).stores(STORES_V4)
  const row = (id: string, status: string, makeup_on: string | null = null, deleted_at: string | null = null) =>
    ({ id, activity_id: 'a1', person_id: `p-${id}`, status, makeup_on, deleted_at, branch_id: 'b1', _seq: 3 })
  await v4.table('attendance').bulkPut([
    row('t1', 'present'), row('t2', 'leave'), row('t3', 'absent'), row('t4', 'leave', '2026-11-25'), row('t5', 'absent', null, '2026-11-21T00:00:00Z'),
  ])
  await v4.table('outbox').add({ id: 'm1', table: 'attendance', row_id: 't2', fields: { status: 'leave' }, state: 'pending' })
  await v4.table('snapshots').put({ key: 'funding:2026', fetched_at: '2026-11-20T08:00:00Z', value: [] })
  v4.close()

  const db = new ZhibuDb({ indexedDB: factory, IDBKeyRange })
  await db.open()
  expect(db.verno).toBe(DB_VERSION)
  const repos = createRepos(db)
  expect((await repos.attendance.byActivity('a1')).map((t) => t.id).sort()).toEqual(['t1', 't2', 't3', 't4'])
  expect((await repos.attendance.missedWithoutMakeup()).map((t) => t.id).sort()).toEqual(['t2', 't3'])
  expect((await db.outbox.toArray()).map((e) => e.id)).toEqual(['m1'])
  expect(await db.snapshots.count()).toBe(1)
  db.close()
})
