// 今日's alerts read through indexes (src/db/alert-rows.ts) are the alerts over the branch's whole history: for
// generated branches — members joining, leaving and moving to another branch, meetings held, planned, cancelled and
// deleted over four years, leave and absence with and without 补学 — and days across month ends.
import fc from 'fast-check'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { describe, expect, test } from 'vitest'
import {
  WARNING_MONTHS, addCalendarMonths, addDays, branchAlerts, participationHorizon,
  type Activity, type Attendance, type Person,
} from '../../src/domain'
import { alertRows } from '../../src/db/alert-rows'
import { createRepos } from '../../src/db/repos'
import { ZhibuDb } from '../../src/db/schema'

const B1 = 'b1'
const B2 = 'b2'
const DAY_MS = 86_400_000
const at = (day: number) => new Date(Date.parse('2023-01-01T06:30:00Z') + day * DAY_MS).toISOString()
const dayOf = (day: number) => at(day).slice(0, 10)
const TODAYS = ['2026-06-30', '2026-07-31', '2026-12-15', '2027-03-01', '2026-02-28']

const person = fc.record({
  status: fc.constantFrom('full', 'full', 'probationary', 'applicant'),
  admitted: fc.integer({ min: -400, max: 1400 }),
  left: fc.option(fc.integer({ min: 0, max: 1500 }), { nil: null }),
  deleted: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  // a stretch without coming (sick, abroad): missed meetings, some made up
  awayFrom: fc.integer({ min: 900, max: 1550 }),
  awayDays: fc.integer({ min: 0, max: 300 }),
})
const activity = fc.record({
  day: fc.integer({ min: 0, max: 1550 }),
  branch: fc.constantFrom(B1, B1, B1, B2),
  status: fc.constantFrom('held', 'held', 'held', 'planned', 'cancelled'),
  deleted: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
})
const mark = fc.record({
  status: fc.constantFrom('present', 'present', 'present', 'leave', 'absent'),
  makeupAfter: fc.option(fc.integer({ min: 1, max: 200 }), { nil: null, freq: 1 }),
  deleted: fc.integer({ min: 0, max: 29 }).map((n) => n === 0),
  // most people come to most meetings; some stop coming for long stretches
  skip: fc.integer({ min: 0, max: 9 }),
})

const branch = fc.record({
  people: fc.array(person, { minLength: 1, maxLength: 8 }),
  activities: fc.array(activity, { minLength: 0, maxLength: 40 }),
  marks: fc.array(mark, { minLength: 320, maxLength: 320 }),
  today: fc.constantFrom(...TODAYS),
})

type Data = typeof branch extends fc.Arbitrary<infer T> ? T : never

function rows(data: Data) {
  const people: (Person & { _seq: number })[] = data.people.map((p, i) => ({
    id: `p${i}`, branch_id: B1, group_id: null, user_id: null, name: `党员${i}`, party_status: p.status as Person['party_status'],
    admitted_on: p.status === 'applicant' ? null : dayOf(p.admitted), confirmed_on: null, joined_branch_on: null,
    left_branch_on: p.left === null ? null : dayOf(Math.max(p.left, p.admitted)), excluded_from_quorum: false,
    is_backbone: false, department: null, title: null, deleted_at: p.deleted ? at(0) : null, _seq: 1,
  }) as unknown as Person & { _seq: number })
  const activities = data.activities.map((a, i) => ({
    id: `a${i}`, branch_id: a.branch, group_id: null, kinds: ['theme_day'], title: '主题党日', starts_at: at(a.day),
    ends_at: null, status: a.status, recorded_at: at(a.day + (i % 5 === 0 ? 9 : 0)), deleted_at: a.deleted ? at(a.day) : null, _seq: 1,
  }) as unknown as Activity & { _seq: number })
  const attendance: (Attendance & { _seq: number })[] = []
  let n = 0
  for (const a of data.activities.keys()) {
    for (const p of data.people.keys()) {
      const m = data.marks[(n++) % data.marks.length]!
      if (m.skip === 0) continue
      const day = data.activities[a]!.day
      const who = data.people[p]!
      const away = day >= who.awayFrom && day < who.awayFrom + who.awayDays
      const status = away && m.status === 'present' ? 'leave' : m.status
      attendance.push({
        id: `t${a}-${p}`, activity_id: `a${a}`, person_id: `p${p}`, branch_id: data.activities[a]!.branch, status,
        leave_reason: null, method: 'roster', checked_in_at: null, makeup_note: null, received_at: null,
        makeup_on: status !== 'present' && m.makeupAfter !== null ? dayOf(day + m.makeupAfter) : null,
        deleted_at: m.deleted ? at(day) : null, _seq: 1,
      } as unknown as Attendance & { _seq: number })
    }
  }
  return { people, activities, attendance }
}

/** The alerts over every row of the branch, as 今日 computed them before the indexed reads. */
function overAllHistory(r: ReturnType<typeof rows>, today: string) {
  const activities = r.activities.filter((a) => a.branch_id === B1 && a.deleted_at == null)
  const ids = new Set(activities.map((a) => a.id))
  return branchAlerts({
    people: r.people.filter((p) => p.deleted_at == null),
    activities,
    attendance: r.attendance.filter((t) => ids.has(t.activity_id) && t.deleted_at == null),
    pairings: [],
    logs: [],
  }, today)
}

describe('今日 alerts from indexed reads', () => {
  test('equal the alerts over the whole history', async () => {
    let seeded = 0
    let withParticipation = 0
    let withMakeup = 0
    await fc.assert(fc.asyncProperty(branch, async (data) => {
      const db = new ZhibuDb({ name: `alerts-${seeded++}`, indexedDB: new IDBFactory(), IDBKeyRange })
      const r = rows(data)
      await db.people.bulkPut(r.people)
      await db.activities.bulkPut(r.activities)
      await db.attendance.bulkPut(r.attendance)
      const read = await alertRows(createRepos(db), B1, data.today)
      const alerts = branchAlerts(read, data.today)
      expect(alerts).toEqual(overAllHistory(r, data.today))
      if (alerts.participation.length) withParticipation++
      if (alerts.makeup.length) withMakeup++
      // every activity an alert names is among the rows read (今日 labels it)
      const named = new Set(read.activities.map((a) => a.id))
      for (const m of alerts.makeup) expect(named.has(m.activity_id)).toBe(true)
      db.close()
    }), { numRuns: 60 })
    // the generated branches do raise alerts of both kinds, so the comparison is not between empty lists (the runs are
    // random: 10 of 60 with a 补学 alert has happened, so the bar is "some", not a share)
    expect(withParticipation).toBeGreaterThan(0)
    expect(withMakeup).toBeGreaterThan(0)
  })

  test('read less than the whole history of a branch that participates', async () => {
    const db = new ZhibuDb({ name: 'alerts-size', indexedDB: new IDBFactory(), IDBKeyRange })
    // 10 members at a monthly meeting for four years, all present; one long absent without 补学
    const data: Data = {
      people: Array.from({ length: 10 }, () => ({ status: 'full', admitted: -300, left: null, deleted: false, awayFrom: 0, awayDays: 0 })),
      activities: Array.from({ length: 48 }, (_, i) => ({ day: i * 30, branch: B1, status: 'held', deleted: false })),
      marks: Array.from({ length: 10 }, (_, i) => ({ status: i === 3 ? 'absent' : 'present', makeupAfter: null, deleted: false, skip: 1 })),
      today: '2026-12-15',
    }
    const r = rows(data)
    await db.people.bulkPut(r.people)
    await db.activities.bulkPut(r.activities)
    await db.attendance.bulkPut(r.attendance)
    const read = await alertRows(createRepos(db), B1, data.today)
    expect(branchAlerts(read, data.today)).toEqual(overAllHistory(r, data.today))
    expect(branchAlerts(read, data.today).participation.map((a) => a.person_id)).toEqual(['p3'])
    // the months since the horizon for everyone, and the absent member's whole history
    expect(read.attendance.length).toBeLessThan(r.attendance.length / 2)
    db.close()
  })

  test('a 补学 recorded last month for an old meeting is the last participation, not an older present', async () => {
    const db = new ZhibuDb({ name: 'alerts-makeup', indexedDB: new IDBFactory(), IDBKeyRange })
    const data: Data = {
      people: [{ status: 'full', admitted: -300, left: null, deleted: false, awayFrom: 0, awayDays: 0 }],
      // 2026-07-08 held, missed; 2026-08-12 present; nothing since; today 2026-12-28
      activities: [{ day: 1284, branch: B1, status: 'held', deleted: false }, { day: 1319, branch: B1, status: 'held', deleted: false }],
      marks: [{ status: 'leave', makeupAfter: 150, deleted: false, skip: 1 }, { status: 'present', makeupAfter: null, deleted: false, skip: 1 }],
      today: '2026-12-28',
    }
    const r = rows(data)
    await db.people.bulkPut(r.people)
    await db.activities.bulkPut(r.activities)
    await db.attendance.bulkPut(r.attendance)
    expect(r.attendance.map((t) => t.makeup_on)).toEqual(['2026-12-05', null])
    const read = await alertRows(createRepos(db), B1, data.today)
    expect(branchAlerts(read, data.today).participation).toEqual([])
    expect(overAllHistory(r, data.today).participation).toEqual([])
    db.close()
  })

  test('the participation horizon is the first day from which no warning is due', () => {
    for (let day = '2025-12-20'; day <= '2027-03-10'; day = addDays(day, 1)) {
      const h = participationHorizon(day)
      expect(addCalendarMonths(h, WARNING_MONTHS) >= day, `${day}: ${h}`).toBe(true)
      expect(addCalendarMonths(addDays(h, -1), WARNING_MONTHS) < day, `${day}: ${h}`).toBe(true)
    }
    expect(participationHorizon('2026-06-30')).toBe('2026-03-01')
    expect(participationHorizon('2026-07-16')).toBe('2026-03-16')
  })
})
