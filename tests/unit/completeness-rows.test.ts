// 今日's due list from the rows counting reads (src/db/completeness-rows.ts: one attendance row per held activity,
// all of a 党员大会's) is the due list over the whole year's attendance: for generated years of a branch with two
// groups — meetings held, planned, cancelled, deleted, with and without attendance, 党员大会 with and without quorum.
import fc from 'fast-check'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { expect, test } from 'vitest'
import { ACTIVITY_KINDS, branchCompleteness, type Activity, type ActivityKind, type Attendance, type Org, type Person } from '../../src/domain'
import { completenessRows } from '../../src/db/completeness-rows'
import { ZhibuDb } from '../../src/db/schema'

const B = 'b1'
const GROUPS = ['g1', 'g2']
const YEAR = 2026
const at = (day: number) => new Date(Date.parse('2026-01-01T06:30:00Z') + day * 86_400_000).toISOString()

const year = fc.record({
  people: fc.array(fc.record({ excluded: fc.boolean(), group: fc.constantFrom(...GROUPS), deleted: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 7 }),
  activities: fc.array(fc.record({
    day: fc.integer({ min: -20, max: 380 }),
    kinds: fc.subarray([...ACTIVITY_KINDS], { minLength: 1 }),
    group: fc.option(fc.constantFrom(...GROUPS), { nil: null }),
    status: fc.constantFrom('held', 'held', 'held', 'planned', 'cancelled'),
    deleted: fc.integer({ min: 0, max: 9 }),
    // per person: 0 no row, 1 present, 2 leave, 3 present but the row deleted
    marks: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 7, maxLength: 7 }),
  }), { maxLength: 25 }),
  asOf: fc.integer({ min: 0, max: 364 }).map((d) => at(d).slice(0, 10)),
})

test('the due list from the rows counting reads equals the one over all of the year’s attendance', async () => {
  let n = 0
  await fc.assert(fc.asyncProperty(year, async (y) => {
    const db = new ZhibuDb({ name: `due-${n++}`, indexedDB: new IDBFactory(), IDBKeyRange })
    const orgs = [
      { id: B, parent_id: null, kind: 'branch', name: '支部', has_committee: true, deleted_at: null, _seq: 1 },
      ...GROUPS.map((g) => ({ id: g, parent_id: B, kind: 'group', name: g, has_committee: false, deleted_at: null, _seq: 1 })),
    ] as unknown as (Org & { _seq: number })[]
    const people = y.people.map((p, i) => ({
      id: `p${i}`, branch_id: B, group_id: p.group, name: `党员${i}`, party_status: 'full', admitted_on: '2010-01-01',
      confirmed_on: '2011-01-01', joined_branch_on: null, left_branch_on: null, excluded_from_quorum: p.excluded,
      deleted_at: p.deleted === 0 ? at(0) : null, _seq: 1,
    })) as unknown as (Person & { _seq: number })[]
    const activities = y.activities.map((a, i) => ({
      id: `a${i}`, branch_id: B, group_id: a.kinds.includes('group') ? a.group : null, kinds: a.kinds as ActivityKind[],
      title: '', starts_at: at(a.day), status: a.status, deleted_at: a.deleted === 0 ? at(a.day) : null, _seq: 1,
    })) as unknown as (Activity & { _seq: number })[]
    const attendance = y.activities.flatMap((a, i) => y.people.flatMap((_, p) => {
      const m = a.marks[p] ?? 0
      return m === 0 ? [] : [{
        id: `t${i}-${p}`, activity_id: `a${i}`, person_id: `p${p}`, branch_id: B, status: m === 2 ? 'leave' : 'present',
        deleted_at: m === 3 ? at(a.day) : null, _seq: 1,
      }]
    })) as unknown as (Attendance & { _seq: number })[]
    await db.orgs.bulkPut(orgs)
    await db.people.bulkPut(people)
    await db.activities.bulkPut(activities)
    await db.attendance.bulkPut(attendance)
    const input = { year: YEAR, asOf: y.asOf, branchIds: [B] }
    const read = await completenessRows(db, B, YEAR)
    const full = branchCompleteness({ ...input, orgs, people, activities, attendance, cadencePolicies: [] })
    expect(branchCompleteness({ ...input, ...read })).toEqual(full)
    expect(read.attendance.length).toBeLessThanOrEqual(attendance.length)
    db.close()
  }), { numRuns: 80 })
})
