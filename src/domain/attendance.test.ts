import { describe, expect, it } from 'vitest'
import type { AttendanceStatus } from './types'
import {
  allPresentMarks, concernsMember, countStatuses, expectedRoster, marksFor, rowsByPerson, summarize, type RosterAttendance, type RosterPerson,
} from './attendance'

const person = (id: string, over: Partial<RosterPerson> = {}): RosterPerson => ({
  id, branch_id: 'b1', group_id: 'g1', name: id, party_status: 'full', admitted_on: '2010-01-01',
  joined_branch_on: null, left_branch_on: null, deleted_at: null, ...over,
})
const row = (person_id: string, status: AttendanceStatus, over: Partial<RosterAttendance> = {}): RosterAttendance => ({
  id: `r-${person_id}`, activity_id: 'a1', person_id, status, leave_reason: null, method: 'roster', deleted_at: null, ...over,
})
// 2026-03-31T16:30Z is April 1 in Shanghai
const activity = { id: 'a1', branch_id: 'b1', group_id: null, starts_at: '2026-03-31T16:30:00Z' }

describe('expectedRoster', () => {
  const people = [
    person('full'),
    person('probationary', { party_status: 'probationary', admitted_on: '2026-04-01' }),
    person('admitted-later', { party_status: 'probationary', admitted_on: '2026-04-02' }),
    person('activist', { party_status: 'activist', admitted_on: null }),
    person('left-that-day', { left_branch_on: '2026-04-01' }),
    person('leaves-later', { left_branch_on: '2026-04-02' }),
    person('joined-later', { joined_branch_on: '2026-04-02' }),
    person('deleted', { deleted_at: '2026-01-01T00:00:00Z' }),
    person('other-branch', { branch_id: 'b2' }),
    person('other-group', { group_id: 'g2' }),
  ]

  it('lists the branch members on the activity day in Shanghai', () => {
    expect(expectedRoster(people, activity).map((p) => p.id)).toEqual(['full', 'probationary', 'leaves-later', 'other-group'])
  })

  it('lists only the group for a group meeting', () => {
    expect(expectedRoster(people, { ...activity, group_id: 'g2' }).map((p) => p.id)).toEqual(['other-group'])
  })

  it('keeps anyone of the branch who already has a row', () => {
    const rows = [row('activist', 'present'), row('other-branch', 'present'), row('deleted', 'present')]
    expect(expectedRoster(people, activity, rows).map((p) => p.id)).toContain('activist')
    expect(expectedRoster(people, activity, rows).map((p) => p.id)).not.toContain('other-branch')
    expect(expectedRoster(people, activity, rows).map((p) => p.id)).not.toContain('deleted')
  })
})

describe('summary and marks', () => {
  const roster = [person('p1'), person('p2'), person('p3'), person('p4')]
  const rows = [
    row('p1', 'present'), row('p2', 'leave', { leave_reason: 'Duty' }),
    row('p3', 'absent', { deleted_at: '2026-01-01T00:00:00Z' }), row('x', 'present', { activity_id: 'a2' }),
  ]
  const byPerson = rowsByPerson('a1', rows)

  it('indexes live rows of the activity only', () => {
    expect([...byPerson.keys()]).toEqual(['p1', 'p2'])
  })

  it('summarises the roster', () => {
    expect(summarize(roster, byPerson)).toEqual({ expected: 4, present: 1, leave: 1, absent: 0, unmarked: 2 })
    expect(countStatuses(rows)).toEqual({ present: 2, leave: 1, absent: 0 })
  })

  it('marks everyone without a status present, by roster', () => {
    expect(allPresentMarks(roster, byPerson)).toEqual([
      { person_id: 'p3', status: 'present', method: 'roster' },
      { person_id: 'p4', status: 'present', method: 'roster' },
    ])
  })

  it('marks several people on leave with one reason, skipping those already so', () => {
    expect(marksFor(['p1', 'p2', 'p3', 'p3'], 'leave', byPerson, 'Duty')).toEqual([
      { person_id: 'p1', status: 'leave', leave_reason: 'Duty', method: 'roster' },
      { person_id: 'p3', status: 'leave', leave_reason: 'Duty', method: 'roster' },
    ])
    // a new reason is a change
    expect(marksFor(['p2'], 'leave', byPerson, ' Trip ')).toEqual([{ person_id: 'p2', status: 'leave', leave_reason: 'Trip', method: 'roster' }])
  })

  it('clears the leave reason and make-up study when marking present', () => {
    expect(marksFor(['p1', 'p2'], 'present', byPerson)).toEqual([
      { person_id: 'p2', status: 'present', leave_reason: null, method: 'roster', makeup_on: null, makeup_note: null },
    ])
    expect(marksFor(['p2'], 'absent', byPerson, 'ignored')).toEqual([{ person_id: 'p2', status: 'absent', leave_reason: null, method: 'roster' }])
  })
})

describe('concernsMember', () => {
  const me = { group_id: 'g1' }
  it('shows a member the meetings they were expected at, and any they have a row for', () => {
    expect(concernsMember({ kinds: ['theme_day'], group_id: null }, me, false)).toBe(true)
    expect(concernsMember({ kinds: ['group'], group_id: 'g1' }, me, false)).toBe(true)
    expect(concernsMember({ kinds: ['group'], group_id: 'g2' }, me, false)).toBe(false)
    expect(concernsMember({ kinds: ['committee'], group_id: null }, me, false)).toBe(false)
    expect(concernsMember({ kinds: ['committee'], group_id: null }, me, true)).toBe(true)
    expect(concernsMember({ kinds: ['theme_day'], group_id: null }, null, false)).toBe(false)
  })
})
