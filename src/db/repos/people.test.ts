// peopleRepo.setGroup: several people moved in one transaction, each with its own outbox entry; nothing
// written when one of them is not on the device.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { describe, expect, test } from 'vitest'
import { ZhibuDb } from '../schema'
import type { WriteClock } from '../write'
import { createRepos } from '.'

function setup() {
  let n = 0
  const clock: WriteClock = { now: () => new Date('2026-11-24T08:00:00Z'), uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` }
  const db = new ZhibuDb({ name: 'people-test', indexedDB: new IDBFactory(), IDBKeyRange })
  return { db, repos: createRepos(db, clock) }
}

describe('peopleRepo.setGroup', () => {
  test('moves people into a group and out of it, one outbox entry per changed person', async () => {
    const { db, repos } = setup()
    await repos.people.put({ id: 'p1', branch_id: 'b1', name: '王芳', party_status: 'full', admitted_on: '2010-07-01', group_id: null })
    await repos.people.put({ id: 'p2', branch_id: 'b1', name: '李强', party_status: 'full', admitted_on: '2011-07-01', group_id: 'g1' })
    await db.outbox.clear()
    await repos.people.setGroup(['p1', 'p2'], 'g1')
    expect((await db.outbox.toArray()).map((e) => [e.row_id, e.fields])).toEqual([['p1', { group_id: 'g1' }]])
    await repos.people.setGroup(['p2'], null)
    expect((await repos.people.byGroup('g1')).map((p) => p.id)).toEqual(['p1'])
    expect(await db.outbox.count()).toBe(2)
  })

  test('writes nothing when one person is not on the device', async () => {
    const { db, repos } = setup()
    await repos.people.put({ id: 'p1', branch_id: 'b1', name: '王芳', party_status: 'full', admitted_on: '2010-07-01' })
    await db.outbox.clear()
    await expect(repos.people.setGroup(['p1', 'nobody'], 'g1')).rejects.toThrow(/no people row/)
    expect((await repos.people.get('p1'))?.group_id).toBeUndefined()
    expect(await db.outbox.count()).toBe(0)
  })
})
