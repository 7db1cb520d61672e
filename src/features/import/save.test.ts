// importPeople: every valid row in one Dexie transaction with its outbox entry, or nothing at all.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { describe, expect, test } from 'vitest'
import { ZhibuDb } from '../../db/schema'
import type { WriteClock } from '../../db/write'
import { createRepos } from '../../db/repos'
import type { ImportPerson } from './rows'
import { ImportRefused, importPeople as importThrough, MAX_IMPORT } from './save'

/** importPeople as the app runs it (through the people repository behind stores/roster), over this database and clock. */
const importPeople = (db: ZhibuDb, branchId: string, people: readonly ImportPerson[], clock: WriteClock) =>
  importThrough(createRepos(db, clock).people.addAllOrNone, branchId, people)

function setup(failOnWrite?: number) {
  let n = 0
  let writes = 0
  const clock: WriteClock = {
    now: () => {
      if (failOnWrite !== undefined && ++writes === failOnWrite) throw new Error('disk full')
      return new Date('2026-11-24T08:00:00Z')
    },
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  }
  const db = new ZhibuDb({ name: `import-test-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange })
  return { db, clock, repos: createRepos(db, clock) }
}

const person = (name: string, admitted_on: string | null = '2015-07-01'): ImportPerson =>
  ({ name, party_status: admitted_on ? 'full' : 'non_member', admitted_on, confirmed_on: null, department: '心内科', title: null })

describe('importPeople', () => {
  test('creates every person in the branch, each with an outbox entry', async () => {
    const { db, clock, repos } = setup()
    expect(await importPeople(db, 'b1', [person('欧阳沁岚'), person('司马景行', null)], clock)).toBe(2)
    const people = await repos.people.byBranch('b1')
    expect(people.map((p) => [p.name, p.party_status, p.department, p.left_branch_on])).toEqual([
      ['欧阳沁岚', 'full', '心内科', null], ['司马景行', 'non_member', '心内科', null],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'zh-CN')))
    expect((await db.outbox.toArray()).map((e) => e.row_id).sort()).toEqual(people.map((p) => p.id).sort())
  })

  test('writes nothing when a write fails midway', async () => {
    const { db, clock, repos } = setup(3)
    await expect(importPeople(db, 'b1', [person('甲'), person('乙'), person('丙'), person('丁')], clock)).rejects.toThrow(/disk full/)
    expect(await repos.people.byBranch('b1')).toEqual([])
    expect(await db.outbox.count()).toBe(0)
  })

  test('writes nothing when someone in the file reached the roster since the preview', async () => {
    const { db, clock, repos } = setup()
    await repos.people.put({ id: 'p1', branch_id: 'b1', name: '乙', party_status: 'full', admitted_on: '2015-07-01' })
    await db.outbox.clear()
    await expect(importPeople(db, 'b1', [person('甲'), person('乙')], clock)).rejects.toEqual(new ImportRefused('changed'))
    expect((await repos.people.byBranch('b1')).map((p) => p.name)).toEqual(['乙'])
    expect(await db.outbox.count()).toBe(0)
  })

  test('refuses more than one push batch, and nothing', async () => {
    const { db, clock } = setup()
    const many = Array.from({ length: MAX_IMPORT + 1 }, (_, i) => person(`人${i}`))
    await expect(importPeople(db, 'b1', many, clock)).rejects.toEqual(new ImportRefused('tooMany'))
    await expect(importPeople(db, 'b1', [], clock)).rejects.toEqual(new ImportRefused('nothing'))
    expect(await db.people.count()).toBe(0)
  })
})
