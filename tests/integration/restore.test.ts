// 从备份恢复: a backup's outbox entries the device lacks are queued again with their rows and reach the server on the
// next sync through the real engine; entries the device has, or whose effect it already holds, are not; newer local
// writes are not overwritten; a bad file changes nothing.
import { IDBFactory } from 'fake-indexeddb'
import { beforeAll, describe, expect, test } from 'vitest'
import { backupOf, restoreBackup } from '../../src/db/backup'
import { type Backup, parseBackup } from '../../src/sync/core/backupFile'
import { DEMO, type Device, device, offlineTransport, person, sql, useServer, userId } from './setup'

const live = useServer('secretary')
let me: string

beforeAll(async () => {
  me = await userId(live.pg, DEMO.secretary)
})

const dump = async (d: Device) => Object.fromEntries(await Promise.all(d.db.tables.map(async (t) => [t.name, await t.toArray()] as const)))
const tablesOf = (d: Device) => d.db.tables.map((t) => t.name)
const department = async (id: string) => (await sql<{ department: string | null }>(live.pg, 'select department from public.people where id = $1', [id]))[0]?.department

/** A backup file as exported, read back as 从备份恢复 reads it. */
async function exported(d: Device): Promise<Backup> {
  const parsed = parseBackup(JSON.stringify(await backupOf(d.db, me, new Date())), me, tablesOf(d))
  if (!('backup' in parsed)) throw new Error(`backup refused: ${parsed.problem}`)
  return parsed.backup
}

describe('restoring a backup', () => {
  test('the missing outbox entries are queued again, exactly once, and reach the server on the next sync', async () => {
    // a synced phone; offline, two edits; the secretary exports a backup; then the browser wipes the database
    const phone = device(live.as.secretary)
    expect((await phone.engine.syncNow()).ok).toBe(true)
    const offline = device(await offlineTransport(), phone.factory)
    await offline.repos.people.update(person(3), { department: '备份里的科室' })
    await offline.repos.people.update(person(4), { department: '也在备份里' })
    const backup = await exported(offline)
    expect(backup.outbox).toHaveLength(2)
    offline.db.close()
    phone.db.close()

    const fresh = device(live.as.secretary, new IDBFactory())
    expect((await fresh.engine.syncNow()).ok).toBe(true) // re-pulled from the server; the edits are gone
    // meanwhile, on this device, person 4's department is edited again: newer than the backup's
    await fresh.repos.people.update(person(4), { department: '本机更新的科室' })
    const ownEntry = (await fresh.db.outbox.toArray())[0]

    expect(await restoreBackup(fresh.db, backup)).toEqual({ requeued: 1, skipped: 1, photos: 0 })
    const outbox = await fresh.db.outbox.toArray()
    expect(outbox.map((e) => e.id)).toEqual([ownEntry?.id, backup.outbox[0]?.id]) // the backup's mutation id, after the own edit
    expect((await fresh.repos.people.get(person(3)))?.department).toBe('备份里的科室')
    expect((await fresh.repos.people.get(person(4)))?.department).toBe('本机更新的科室') // not clobbered
    // restoring the same file again queues nothing twice
    expect(await restoreBackup(fresh.db, backup)).toMatchObject({ requeued: 0, skipped: 2 })

    const report = await fresh.engine.syncNow()
    expect(report).toMatchObject({ ok: true, applied: 2, rejected: 0 })
    expect(await department(person(3))).toBe('备份里的科室')
    expect(await department(person(4))).toBe('本机更新的科室')
    // and once applied, the backup has nothing left to redo
    expect(await restoreBackup(fresh.db, backup)).toMatchObject({ requeued: 0, skipped: 2 })
    expect(await fresh.db.outbox.count()).toBe(0)
    fresh.db.close()
  })

  test('a bad file is refused and changes nothing', async () => {
    const phone = device(live.as.secretary)
    await phone.engine.syncNow()
    await phone.repos.people.update(person(5), { department: '未同步' })
    const good = await backupOf(phone.db, me, new Date())
    const before = await dump(phone)
    const known = tablesOf(phone)
    const withTables = (tables: Record<string, unknown>) => JSON.stringify({ ...good, tables: { ...good.tables, ...tables } })
    expect(parseBackup('{"exported', me, known)).toEqual({ problem: 'notJson' })
    expect(parseBackup('{"tables": {}}', me, known)).toEqual({ problem: 'notBackup' })
    expect(parseBackup(JSON.stringify(good), '00000000-0000-4000-8000-00000000dead', known)).toEqual({ problem: 'otherUser' })
    expect(parseBackup(withTables({ secrets: [] }), me, known)).toEqual({ problem: 'unknownTable', table: 'secrets' })
    expect(parseBackup(withTables({ outbox: [{ id: 'x', table: 'org_roles', row_id: 'y', fields: {}, state: 'pending' }] }), me, known))
      .toEqual({ problem: 'badOutbox' })
    expect(parseBackup(withTables({ people: 'not rows' }), me, known)).toEqual({ problem: 'notBackup' })
    expect(await dump(phone)).toEqual(before)
    phone.db.close()
  })
})
