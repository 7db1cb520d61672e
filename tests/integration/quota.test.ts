// The phone's storage is full (QuotaExceededError from IndexedDB): the save that hit it writes nothing, what was
// saved before — rows and outbox — is intact, and the screens get the full-storage message. The device database is
// real (fake-indexeddb); only its storage layer is made to refuse writes, as a full disk does (a DBCore layer).
import type { DBCore } from 'dexie'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { describe, expect, test } from 'vitest'
import { isQuotaError, saveErrorKey } from '../../src/components/saveError'
import { createRepos } from '../../src/db/repos'
import { ZhibuDb } from '../../src/db/schema'
import { BRANCH1 } from './setup'

/** A device whose storage refuses writes to the tables in `full` the way a browser out of quota does. */
function phoneWithDisk() {
  const db = new ZhibuDb({ indexedDB: new IDBFactory(), IDBKeyRange })
  const full = new Set<string>()
  db.use({
    stack: 'dbcore', name: 'full-disk',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name)
        return { ...table, mutate: (req) => (full.has(name) ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : table.mutate(req)) }
      },
    }),
  })
  return { db, repos: createRepos(db), full }
}

const personRow = (id: string, name: string) => ({
  id, branch_id: BRANCH1, group_id: null, name, party_status: 'full' as const, admitted_on: '2010-07-01', confirmed_on: '2011-07-01',
  joined_branch_on: '2015-03-01', left_branch_on: null, excluded_from_quorum: false, is_backbone: false, department: '内科', title: null,
})
const photo = (id: string) => ({ id, activity_id: 'a1', data_url: 'data:image/jpeg;base64,AAAA', size: 3, added_at: '2026-11-20T08:00:00Z' })

async function catchOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => { throw new Error('expected the save to fail') }, (e: unknown) => e)
}

describe('storage full', () => {
  test('a row write that hits the quota writes nothing; earlier rows and outbox stay; the message is the storage one', async () => {
    const { db, repos, full } = phoneWithDisk()
    await repos.people.put(personRow('p1', '王立新'))
    await repos.people.put(personRow('p2', '李娜'))
    const before = { people: await db.people.toArray(), outbox: await db.outbox.toArray() }
    expect(before.outbox).toHaveLength(2)

    full.add('outbox') // the row's put goes through inside the transaction, the outbox entry does not
    const edit = await catchOf(repos.people.update('p1', { department: '心内科' }))
    expect(isQuotaError(edit)).toBe(true)
    expect(saveErrorKey(edit, 'roster.saveFailed')).toBe('errors.storageFull')
    const record = await catchOf(repos.recordActivityWithAttendance(
      { id: 'a1', branch_id: BRANCH1, kinds: ['committee'], title: '支委会', starts_at: '2026-11-20T08:00:00Z', status: 'held', received_at: null },
      [{ person_id: 'p1', status: 'present' }],
    ))
    expect(saveErrorKey(record, 'activities.saveFailed')).toBe('errors.storageFull')
    // the transactions rolled back: the row's own put too
    expect(await db.people.toArray()).toEqual(before.people)
    expect(await db.outbox.toArray()).toEqual(before.outbox)
    expect(await db.activities.count()).toBe(0)
    expect(await db.attendance.count()).toBe(0)

    full.clear() // space freed: the same save now works (folded into p1's still-pending entry)
    await repos.people.update('p1', { department: '心内科' })
    const outbox = await db.outbox.toArray()
    expect(outbox.map((e) => e.row_id)).toEqual(['p1', 'p2'])
    expect(outbox[0]?.fields).toMatchObject({ name: '王立新', department: '心内科' })
    db.close()
  })

  test('photos that hit the quota: none of the batch is stored, earlier photos stay', async () => {
    const { db, repos, full } = phoneWithDisk()
    await repos.photos.add([photo('f1')])
    full.add('photos')
    const error = await catchOf(repos.photos.add([photo('f2'), photo('f3')]))
    expect(saveErrorKey(error, 'activities.photos.saveFailed')).toBe('errors.storageFull')
    expect((await db.photos.toArray()).map((p) => p.id)).toEqual(['f1'])
    db.close()
  })
})
