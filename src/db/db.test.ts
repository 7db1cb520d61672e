// The device database alone (fake-indexeddb): rows and outbox commit together, edits coalesce only while
// pending, the screens' queries, the record flow, reload, versionchange, the v1 → v2 upgrade, device-only photos and wipe.
import { Dexie } from 'dexie'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { describe, expect, test, vi } from 'vitest'
import { applyPushPlan, outboxCounts, takeBatch } from './outbox-store'
import { wipeAll } from './pull-store'
import { createRepos } from './repos'
import { shanghaiMonthRange } from './repos/activities'
import { DB_VERSION, STORES_V1, STORES_V2, ZhibuDb } from './schema'
import type { WriteClock } from './write'
import { PULL_TABLES, PUSH_TABLES, isWritableField } from '../sync/core/protocol'

const B1 = '20000000-0000-4000-8000-000000000001'
const P = (n: number) => `40000000-0000-4000-8000-000000000${100 + n}`

function setup(factory = new IDBFactory()) {
  let n = 0
  const clock: WriteClock = { now: () => new Date('2026-11-20T08:00:00Z'), uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` }
  const db = new ZhibuDb({ name: 'test', indexedDB: factory, IDBKeyRange })
  return { db, repos: createRepos(db, clock), factory }
}

const themeDay = (id: string, starts_at: string) =>
  ({ id, branch_id: B1, kinds: ['theme_day' as const], title: '主题党日', starts_at, status: 'held' as const })

describe('local writes', () => {
  test('a put stores the row and one outbox entry with only writable fields', async () => {
    const { db, repos } = setup()
    await repos.activities.put({ ...themeDay('a1', '2026-11-20T14:30:00+08:00'), updated_at: 'x', created_by: 'me' })
    const [entry] = await db.outbox.toArray()
    expect(entry).toMatchObject({ table: 'activities', row_id: 'a1', state: 'pending', base_seq: null })
    expect(Object.keys(entry?.fields ?? {}).sort()).toEqual(['branch_id', 'kinds', 'starts_at', 'status', 'title'])
    expect((await repos.activities.get('a1'))?.starts_at).toBe('2026-11-20T06:30:00.000Z')
  })

  test('edits coalesce into a pending entry, not into one being sent; no-op edits queue nothing', async () => {
    const { db, repos } = setup()
    await repos.activities.put(themeDay('a1', '2026-11-20T14:30:00+08:00'))
    await repos.activities.update('a1', { place: '三楼会议室' })
    await repos.activities.update('a1', { place: '三楼会议室' })
    expect(await db.outbox.count()).toBe(1)
    await takeBatch(db, 0, 500)
    await repos.activities.update('a1', { minutes: '学习党章' })
    const entries = await db.outbox.orderBy('seq').toArray()
    expect(entries.map((e) => [e.state, Object.keys(e.fields).length])).toEqual([['sending', 6], ['pending', 1]])
  })

  test('an edit carries the seq of the version the device holds as base_seq', async () => {
    const { db, repos } = setup()
    await repos.activities.put(themeDay('a1', '2026-11-20T14:30:00+08:00'))
    const [sent] = await takeBatch(db, 0, 500)
    await applyPushPlan(db, { done: [sent!.id], rejected: [], renames: [], seqs: [{ table: 'activities', row_id: 'a1', seq: 42 }], unanswered: [] })
    await repos.activities.softDelete('a1')
    expect((await db.outbox.toArray())[0]).toMatchObject({ base_seq: 42, fields: { deleted_at: '2026-11-20T08:00:00.000Z' } })
    expect(await repos.activities.byBranchAndMonth(B1, '2026-11')).toEqual([])
  })

  test('update of a row the device does not have fails and writes nothing', async () => {
    const { db, repos } = setup()
    await expect(repos.people.update('nobody', { name: 'x' })).rejects.toThrow(/no people row/)
    expect(await db.outbox.count()).toBe(0)
  })
})

describe('queries and the record flow', () => {
  test('activities of a Shanghai month, across offsets', async () => {
    const { repos } = setup()
    expect(shanghaiMonthRange('2026-12')).toEqual(['2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'])
    await repos.activities.put(themeDay('oct', '2026-10-31T23:30:00+08:00'))
    await repos.activities.put(themeDay('nov1', '2026-10-31T16:00:00Z'))
    await repos.activities.put(themeDay('nov2', '2026-11-30T23:59:00+08:00'))
    await repos.activities.put(themeDay('dec', '2026-11-30T16:00:00+00:00'))
    expect((await repos.activities.byBranchAndMonth(B1, '2026-11')).map((a) => a.id)).toEqual(['nov1', 'nov2'])
  })

  test('recordActivityWithAttendance writes everything in one transaction and reuses a person\'s row', async () => {
    const { db, repos } = setup()
    const marks = [{ person_id: P(1), status: 'present' as const }, { person_id: P(2), status: 'leave' as const, leave_reason: '值班' }]
    const first = await repos.recordActivityWithAttendance(themeDay('a1', '2026-11-20T14:30:00+08:00'), marks)
    expect(first.activity.recorded_at).toBe('2026-11-20T08:00:00.000Z')
    expect(first.attendance.map((a) => a.method)).toEqual(['roster', 'roster'])
    const again = await repos.recordActivityWithAttendance({ id: 'a1', minutes: '补记' }, [{ person_id: P(2), status: 'present' }])
    expect(again.attendance[0]?.id).toBe(first.attendance[1]?.id)
    expect((await repos.attendance.byActivity('a1')).length).toBe(2)
    expect(await outboxCounts(db)).toEqual({ pending: 3, rejected: 0 })
  })

  test('a failing write inside the flow leaves neither rows nor outbox entries', async () => {
    const { db, repos } = setup()
    const bad = [{ person_id: undefined as unknown as string, status: 'present' as const }]
    await db.attendance.hook('creating', (_key, obj) => { if (obj.person_id === undefined) throw new Error('boom') })
    await expect(repos.recordActivityWithAttendance(themeDay('a1', '2026-11-20T14:30:00+08:00'), bad)).rejects.toThrow('boom')
    expect([await db.activities.count(), await db.outbox.count()]).toEqual([0, 0])
  })
})

describe('lifecycle', () => {
  test('a reload (new connection) finds rows and outbox intact', async () => {
    const { db, repos, factory } = setup()
    await repos.people.put({ id: P(1), branch_id: B1, name: '王立新', party_status: 'full', admitted_on: '2003-06-20' })
    db.close()
    const again = setup(factory)
    expect((await again.repos.people.byBranch(B1)).map((p) => p.name)).toEqual(['王立新'])
    expect(await again.db.outbox.count()).toBe(1)
  })

  test('a newer version in another tab closes this connection and calls the hook', async () => {
    const factory = new IDBFactory()
    const onVersionChange = vi.fn()
    const old = new ZhibuDb({ name: 'vc', indexedDB: factory, IDBKeyRange, onVersionChange })
    await old.open()
    const next = new ZhibuDb({ name: 'vc', indexedDB: factory, IDBKeyRange })
    next.version(DB_VERSION + 1).stores({ people: 'id, branch_id, group_id, user_id, party_status' })
    await next.open()
    expect(onVersionChange).toHaveBeenCalledOnce()
    expect(old.isOpen()).toBe(false)
  })

  test('opening a version 1 database with the current schema keeps its rows and outbox', async () => {
    const factory = new IDBFactory()
    // what an installed app of issue 4 left on the phone: the v1 schema with a record waiting to be sent
    const v1 = new Dexie('zhibu', { indexedDB: factory, IDBKeyRange })
    v1.version(1).stores(STORES_V1)
    await v1.table('activities').put({ ...themeDay('a1', '2026-11-20T06:30:00.000Z'), deleted_at: null, _seq: null })
    await v1.table('attendance').put({ id: 't1', activity_id: 'a1', person_id: P(1), status: 'leave', leave_reason: '值班', deleted_at: null, _seq: 7 })
    await v1.table('outbox').add({ id: 'm1', table: 'activities', row_id: 'a1', fields: { title: '主题党日' }, state: 'pending' })
    await v1.table('meta').put({ key: 'cursor', value: '1:2' })
    v1.close()

    const db = new ZhibuDb({ indexedDB: factory, IDBKeyRange })
    const repos = createRepos(db)
    await db.open()
    expect(db.verno).toBe(DB_VERSION)
    expect((await repos.activities.get('a1'))?.title).toBe('主题党日')
    expect((await repos.attendance.byActivity('a1')).map((a) => [a.leave_reason, a._seq])).toEqual([['值班', 7]])
    expect((await db.outbox.toArray()).map((e) => e.id)).toEqual(['m1'])
    expect((await db.meta.get('cursor'))?.value).toBe('1:2')
    expect(await db.photos.count()).toBe(0)
  })

  test('opening a version 2 database with the current schema keeps its rows, outbox and photos (v3 adds the keys, v4 the snapshots)', async () => {
    const factory = new IDBFactory()
    // what an installed app of issue 5 left on the phone: the v2 schema with photos and a pending record
    const v2 = new Dexie('zhibu', { indexedDB: factory, IDBKeyRange })
    v2.version(1).stores(STORES_V1)
    v2.version(2).stores(STORES_V2)
    await v2.table('activities').put({ ...themeDay('a1', '2026-11-20T06:30:00.000Z'), deleted_at: null, _seq: 3 })
    await v2.table('people').put({ id: P(1), branch_id: B1, name: '王立新', deleted_at: null, _seq: 5 })
    await v2.table('outbox').add({ id: 'm1', table: 'activities', row_id: 'a1', fields: { title: '主题党日' }, state: 'pending' })
    await v2.table('photos').put({ id: 'f1', activity_id: 'a1', data_url: 'data:,', size: 0, added_at: '2026-11-20T08:00:00.000Z' })
    await v2.table('meta').put({ key: 'cursor', value: '1:2' })
    v2.close()

    const db = new ZhibuDb({ indexedDB: factory, IDBKeyRange })
    const repos = createRepos(db)
    await db.open()
    expect(db.verno).toBe(DB_VERSION)
    expect(DB_VERSION).toBe(5)
    expect((await repos.activities.get('a1'))?._seq).toBe(3)
    expect((await repos.people.get(P(1)))?.name).toBe('王立新')
    expect((await db.outbox.toArray()).map((e) => e.id)).toEqual(['m1'])
    expect((await repos.photos.byActivity('a1')).map((p) => p.id)).toEqual(['f1'])
    expect((await db.meta.get('cursor'))?.value).toBe('1:2')
    expect(await db.member_keys.count()).toBe(0)
    expect(await db.snapshots.count()).toBe(0)
    expect(await db.event_keys.count()).toBe(0)
    // the new stores are usable through their indexes
    await db.member_keys.put({ id: P(1), person_id: P(1), key: 'k'.repeat(43), rotated_at: '2026-11-20T08:00:00Z', branch_id: B1, updated_at: '2026-11-20T08:00:00Z', deleted_at: null, _seq: 9 })
    expect((await repos.memberKeys.forPerson(P(1)))?._seq).toBe(9)
    expect(await repos.memberKeys.forPerson(P(2))).toBeUndefined()
  })

  test('an event key is made once per activity and queued for the server without its branch_id', async () => {
    const { db, repos } = setup()
    const first = await repos.eventKeys.ensureForActivity('a1', B1)
    expect(first).toMatchObject({ id: 'a1', activity_id: 'a1', branch_id: B1, _seq: null })
    expect(first.key).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const again = await repos.eventKeys.ensureForActivity('a1', B1)
    expect(again.key).toBe(first.key)
    const entries = await db.outbox.toArray()
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ table: 'event_keys', row_id: 'a1', state: 'pending', base_seq: null })
    expect(entries[0]?.fields).toEqual({ activity_id: 'a1', key: first.key })
    // the wire contract (docs/sync.md): event_keys push without branch_id, member_keys are pull-only
    expect(PUSH_TABLES).toContain('event_keys')
    expect(PUSH_TABLES).not.toContain('member_keys')
    expect(PULL_TABLES).toEqual(expect.arrayContaining(['member_keys', 'event_keys']))
    expect(isWritableField('event_keys', 'branch_id')).toBe(false)
  })

  test('photos stay on the device: stored per activity, deleted outright, never queued for the server', async () => {
    const { db, repos } = setup()
    const photo = (id: string, at: string) => ({ id, activity_id: 'a1', data_url: 'data:image/jpeg;base64,/9j/', size: 4, added_at: at })
    await repos.photos.add([photo('f2', '2026-11-20T08:02:00.000Z'), photo('f1', '2026-11-20T08:01:00.000Z')])
    await repos.photos.add([{ ...photo('f3', '2026-11-20T08:03:00.000Z'), activity_id: 'a2' }])
    expect((await repos.photos.byActivity('a1')).map((p) => p.id)).toEqual(['f1', 'f2'])
    await repos.photos.remove('f1')
    expect((await repos.photos.byActivity('a1')).map((p) => p.id)).toEqual(['f2'])
    expect(await db.outbox.count()).toBe(0)
  })

  test('wipe empties every table', async () => {
    const { db, repos } = setup()
    await repos.activities.put(themeDay('a1', '2026-11-20T14:30:00+08:00'))
    await db.meta.put({ key: 'cursor', value: '1:2' })
    await repos.photos.add([{ id: 'f1', activity_id: 'a1', data_url: 'data:,', size: 0, added_at: '2026-11-20T08:00:00.000Z' }])
    await repos.snapshots.put('funding:2026', [{ branch_id: 'b1' }])
    await wipeAll(db)
    expect(await Promise.all(db.tables.map((t) => t.count()))).toEqual(db.tables.map(() => 0))
  })
})
