import { describe, expect, it } from 'vitest'
import {
  branchAlerts, isLateRecord, lateRecords, makeupOverdue, memberParticipationAlerts, missedWithoutMakeup, stalePairings,
  type AlertActivity, type AlertAttendance, type AlertPerson, type BranchAlertInput,
} from './alerts'
import { todayInShanghai } from './shanghai'

const person = (over: Partial<AlertPerson> = {}): AlertPerson => ({
  id: 'p1', party_status: 'full', admitted_on: '2010-07-01', joined_branch_on: null, left_branch_on: null, deleted_at: null, ...over,
})
const activity = (id: string, startsAt: string, over: Partial<AlertActivity> = {}): AlertActivity =>
  ({ id, starts_at: startsAt, status: 'held', deleted_at: null, ...over })
const row = (activityId: string, status: AlertAttendance['status'], over: Partial<AlertAttendance> = {}): AlertAttendance =>
  ({ id: `t_${activityId}`, activity_id: activityId, person_id: 'p1', status, makeup_on: null, deleted_at: null, ...over })

/** The alert level of p1 on `today`, or null. */
function levelOn(today: string, people: AlertPerson[], activities: AlertActivity[], attendance: AlertAttendance[]) {
  return memberParticipationAlerts(people, activities, attendance, today).find((a) => a.person_id === 'p1')?.level ?? null
}

describe('memberParticipationAlerts', () => {
  const jan15 = [activity('a1', '2026-01-15T14:00:00+08:00')]

  it.each([
    ['2026-05-15', null], ['2026-05-16', 'warning'], ['2026-07-15', 'warning'], ['2026-07-16', 'alert'],
  ])('last present 2026-01-15, today %s → %s', (today, level) => {
    expect(levelOn(today, [person()], jan15, [row('a1', 'present')])).toBe(level)
  })

  it.each([
    ['2026-12-31', null], ['2027-01-01', 'warning'], ['2027-02-28', 'warning'], ['2027-03-01', 'alert'],
  ])('last present 2026-08-31 (month ends: +4 → 12-31, +6 → 02-28), today %s → %s', (today, level) => {
    const aug31 = [activity('a1', '2026-08-31T23:30:00+08:00')]
    expect(levelOn(today, [person()], aug31, [row('a1', 'present')])).toBe(level)
  })

  it('takes the activity day in Shanghai: 09-01 00:30 +08:00 is still 08-31 in UTC', () => {
    const sep1 = [activity('a1', '2026-09-01T00:30:00+08:00')]
    expect(levelOn('2027-01-01', [person()], sep1, [row('a1', 'present')])).toBeNull()
    expect(levelOn('2027-01-02', [person()], sep1, [row('a1', 'present')])).toBe('warning')
  })

  it('counts a recorded 补学 as participation, but not leave or absence', () => {
    const missed = [row('a1', 'leave', { makeup_on: '2026-03-01' })]
    expect(levelOn('2026-07-01', [person()], jan15, missed)).toBe(null)
    expect(levelOn('2026-07-02', [person()], jan15, missed)).toBe('warning')
    expect(levelOn('2026-09-02', [person()], jan15, [row('a1', 'leave')])).toBe('alert')
    expect(levelOn('2026-09-02', [person()], jan15, [row('a1', 'absent')])).toBe('alert')
  })

  it('ignores deleted rows and activities that were not held', () => {
    const plannedOnly = [activity('a1', '2026-05-15T14:00:00+08:00', { status: 'planned' })]
    expect(levelOn('2026-08-01', [person({ joined_branch_on: '2026-01-15' })], plannedOnly, [row('a1', 'present')])).toBe('alert')
    const deletedRow = [row('a1', 'present', { deleted_at: '2026-02-01T00:00:00+08:00' })]
    expect(levelOn('2026-08-01', [person({ joined_branch_on: '2026-01-15' })], jan15, deletedRow)).toBe('alert')
  })

  it('never participated: counts from joining the branch, else from admission', () => {
    const joined = person({ joined_branch_on: '2026-01-15' })
    expect(levelOn('2026-05-15', [joined], [], [])).toBeNull()
    expect(levelOn('2026-05-16', [joined], [], [])).toBe('warning')
    expect(levelOn('2026-07-16', [joined], [], [])).toBe('alert')
    const admitted = person({ party_status: 'probationary', admitted_on: '2026-01-15' })
    expect(levelOn('2026-07-16', [admitted], [], [])).toBe('alert')
  })

  it('a participation before joining this branch does not reset the clock', () => {
    const moved = person({ joined_branch_on: '2026-03-01' })
    const alerts = memberParticipationAlerts([moved], jan15, [row('a1', 'present')], '2026-07-02')
    expect(alerts).toEqual([{ person_id: 'p1', level: 'warning', last_participated_on: '2026-01-15', since: '2026-03-01' }])
  })

  it('concerns only full and probationary members still in the branch', () => {
    for (const p of [
      person({ party_status: 'candidate' }), person({ party_status: 'non_member' }),
      person({ left_branch_on: '2026-07-01' }), person({ deleted_at: '2026-01-01T00:00:00+08:00' }),
      person({ joined_branch_on: '2026-09-01' }),
    ]) {
      expect(levelOn('2026-08-01', [p], [], [])).toBeNull()
    }
  })
})

describe('makeupOverdue', () => {
  const march1 = [activity('a1', '2026-03-01T09:00:00+08:00')]

  it('shows an absence without 补学 from day 31 after the activity', () => {
    expect(makeupOverdue([row('a1', 'absent')], march1, '2026-03-31')).toEqual([])
    expect(makeupOverdue([row('a1', 'absent')], march1, '2026-04-01')).toEqual([
      { attendance_id: 't_a1', activity_id: 'a1', person_id: 'p1', activity_on: '2026-03-01', days: 31 },
    ])
    expect(makeupOverdue([row('a1', 'leave')], march1, '2026-04-01')).toHaveLength(1)
  })

  it('counts from the Shanghai day: 00:30 on Mar 1 is Feb 28 in UTC', () => {
    const early = [activity('a1', '2026-03-01T00:30:00+08:00')]
    expect(makeupOverdue([row('a1', 'absent')], early, '2026-03-31')).toEqual([])
  })

  it('is silent once 补学 is recorded, for present rows, deleted rows and activities not held', () => {
    const late = '2026-06-01'
    expect(makeupOverdue([row('a1', 'absent', { makeup_on: '2026-05-20' })], march1, late)).toEqual([])
    expect(makeupOverdue([row('a1', 'present')], march1, late)).toEqual([])
    expect(makeupOverdue([row('a1', 'absent', { deleted_at: '2026-03-02T00:00:00+08:00' })], march1, late)).toEqual([])
    const cancelled = [activity('a1', '2026-03-01T09:00:00+08:00', { status: 'cancelled' })]
    expect(makeupOverdue([row('a1', 'absent')], cancelled, late)).toEqual([])
  })
})

describe('stalePairings', () => {
  const pairing = { id: 'pr1', started_on: '2026-01-01', status: 'active' as const, deleted_at: null }
  const log = (on: string, deleted: string | null = null) => ({ pairing_id: 'pr1', logged_on: on, deleted_at: deleted })

  it('shows a pairing from day 91 after its latest log', () => {
    expect(stalePairings([pairing], [log('2026-02-01'), log('2026-03-01')], '2026-05-30')).toEqual([])
    expect(stalePairings([pairing], [log('2026-02-01'), log('2026-03-01')], '2026-05-31')).toEqual([
      { pairing_id: 'pr1', last_on: '2026-03-01', days: 91 },
    ])
  })

  it('falls back to the start when no live log exists', () => {
    expect(stalePairings([pairing], [log('2026-03-01', '2026-03-02T00:00:00+08:00')], '2026-04-01')).toEqual([])
    expect(stalePairings([pairing], [], '2026-04-02')).toEqual([{ pairing_id: 'pr1', last_on: '2026-01-01', days: 91 }])
  })

  it('ignores achieved, ended and deleted pairings', () => {
    const others = [{ ...pairing, status: 'achieved' as const }, { ...pairing, status: 'ended' as const }, { ...pairing, deleted_at: 'x' }]
    for (const p of others) {
      expect(stalePairings([p], [], '2027-01-01')).toEqual([])
    }
  })
})

describe('isLateRecord (补录)', () => {
  const startsAt = '2026-03-01T14:00:00+08:00'
  it.each([
    ['2026-03-08T14:00:00+08:00', false],
    ['2026-03-08T14:01:00+08:00', true],
    ['2026-03-08T06:00:00Z', false],
    ['2026-03-08T06:00:01Z', true],
    ['2026-03-01T15:00:00+08:00', false],
  ])('recorded at %s → %s', (recordedAt, late) => {
    expect(isLateRecord({ starts_at: startsAt, recorded_at: recordedAt })).toBe(late)
  })
})

describe('missedWithoutMakeup and lateRecords', () => {
  it('lists every missed activity without 补学 from day 0, oldest first', () => {
    const acts = [activity('a1', '2026-03-01T09:00:00+08:00'), activity('a2', '2026-03-20T09:00:00+08:00')]
    const rows = [row('a2', 'leave'), row('a1', 'absent'), row('a1', 'present', { id: 'other', person_id: 'p2' })]
    expect(missedWithoutMakeup(rows, acts, '2026-03-20').map((m) => [m.activity_id, m.days])).toEqual([['a1', 19], ['a2', 0]])
  })

  it('lists 补录 records since a day, newest first, leaving out cancelled and deleted ones', () => {
    const rec = (id: string, startsAt: string, recordedAt: string, over: Partial<AlertActivity> = {}) =>
      ({ ...activity(id, startsAt, over), recorded_at: recordedAt })
    const acts = [
      rec('old', '2025-12-31T20:00:00+08:00', '2026-01-20T10:00:00+08:00'),
      rec('jan', '2026-01-01T00:30:00+08:00', '2026-01-09T10:00:00+08:00'),
      rec('feb', '2026-02-01T10:00:00+08:00', '2026-02-20T10:00:00+08:00'),
      rec('ontime', '2026-02-02T10:00:00+08:00', '2026-02-02T12:00:00+08:00'),
      rec('cancelled', '2026-02-03T10:00:00+08:00', '2026-02-20T10:00:00+08:00', { status: 'cancelled' }),
      rec('deleted', '2026-02-04T10:00:00+08:00', '2026-02-20T10:00:00+08:00', { deleted_at: '2026-02-21T00:00:00Z' }),
    ]
    expect(lateRecords(acts, '2026-01-01').map((a) => a.id)).toEqual(['feb', 'jan'])
  })
})

// The boundaries of SPEC §3.4 with a fixed clock: the day is the Shanghai day of the instant, so one second
// before Shanghai midnight (15:59:59 UTC) is still the earlier day and midnight itself is the next one.
describe('branchAlerts on a fixed clock in Asia/Shanghai', () => {
  const at = (utc: string) => todayInShanghai(new Date(utc))
  const input = (over: Partial<BranchAlertInput>): BranchAlertInput =>
    ({ people: [person()], activities: [], attendance: [], pairings: [], logs: [], ...over })
  const jan15 = { ...activity('a1', '2026-01-15T14:00:00+08:00'), recorded_at: '2026-01-15T16:00:00+08:00' }
  const presentJan15 = input({ activities: [jan15], attendance: [row('a1', 'present')] })

  it.each([
    ['2026-05-15T15:59:59Z', null], ['2026-05-15T16:00:00Z', 'warning'],
    ['2026-07-15T15:59:59Z', 'warning'], ['2026-07-15T16:00:00Z', 'alert'],
  ])('participation: last present 2026-01-15, 4 and 6 calendar months, at %s → %s', (now, level) => {
    expect(branchAlerts(presentJan15, at(now)).participation[0]?.level ?? null).toBe(level)
  })

  const mar1 = { ...activity('m1', '2026-03-01T23:30:00+08:00'), recorded_at: '2026-03-01T23:50:00+08:00' }
  it.each([
    ['2026-03-31T15:59:59Z', 0], ['2026-03-31T16:00:00Z', 1],
  ])('补学: activity late on 03-01, day 30 ends at Shanghai midnight, at %s → %i', (now, count) => {
    const missed = input({ people: [person(), person({ id: 'p2' })], activities: [mar1],
      attendance: [row('m1', 'leave'), row('m1', 'absent', { id: 'done', person_id: 'p2', makeup_on: '2026-03-05' })] })
    const shown = branchAlerts(missed, at(now)).makeup
    expect(shown).toHaveLength(count)
    if (count) expect(shown[0]).toMatchObject({ person_id: 'p1', activity_id: 'm1', days: 31 })
  })

  it('补学 of a person who has left the branch is not raised', () => {
    const missed = input({ people: [person({ left_branch_on: '2026-03-10' })], activities: [mar1], attendance: [row('m1', 'absent')] })
    expect(branchAlerts(missed, '2026-05-01').makeup).toEqual([])
  })

  it.each([
    ['2026-05-30T15:59:59Z', []], ['2026-05-30T16:00:00Z', [91]],
  ])('pairing: last log 2026-03-01, day 90 and 91, at %s → %j', (now, days) => {
    const stale = input({
      pairings: [{ id: 'pr1', started_on: '2026-01-10', status: 'active', deleted_at: null }],
      logs: [{ pairing_id: 'pr1', logged_on: '2026-03-01', deleted_at: null }],
    })
    expect(branchAlerts(stale, at(now)).pairings.map((p) => p.days)).toEqual(days)
  })

  it.each([
    ['2026-03-08T23:59:00+08:00', []], ['2026-03-08T15:59:01Z', ['r1']],
  ])('补录: started 2026-03-01 23:59 Shanghai, 7 days later exactly is not late; recorded %s → %j', (recordedAt, ids) => {
    const rec = { ...activity('r1', '2026-03-01T15:59:00Z'), recorded_at: recordedAt }
    expect(branchAlerts(input({ activities: [rec] }), at('2026-03-09T00:00:00Z')).late.map((a) => a.id)).toEqual(ids)
  })
})
