import { describe, expect, it } from 'vitest'
import type { Activity, Attendance } from './types'
import { attendanceHistory, historyCounts } from './memberHistory'

const activity = (id: string, starts_at: string, over: Partial<Activity> = {}) =>
  ({ id, starts_at, status: 'held', deleted_at: null, kinds: ['theme_day'], title: null, ...over }) as Activity
const row = (activity_id: string, status: Attendance['status'], over: Partial<Attendance> = {}) =>
  ({ id: `t_${activity_id}`, activity_id, person_id: 'me', status, makeup_on: null, deleted_at: null, ...over }) as Attendance

describe('attendanceHistory', () => {
  const activities = [
    activity('a1', '2026-01-10T09:00:00+08:00'),
    activity('a2', '2026-03-31T16:30:00Z'),
    activity('a3', '2026-02-10T09:00:00+08:00', { status: 'cancelled' }),
    activity('a4', '2026-02-11T09:00:00+08:00', { deleted_at: '2026-02-12T00:00:00Z' }),
  ]

  it('lists the rows at live, not cancelled activities, newest first, on their Shanghai day', () => {
    const rows = [row('a1', 'present'), row('a2', 'leave'), row('a3', 'absent'), row('a4', 'absent'), row('gone', 'present')]
    expect(attendanceHistory(rows, activities).map((e) => [e.activity.id, e.on])).toEqual([['a2', '2026-04-01'], ['a1', '2026-01-10']])
  })

  it('counts statuses and recorded 补学, leaving out deleted rows', () => {
    const rows = [row('a1', 'absent', { makeup_on: '2026-01-20' }), row('a2', 'leave'),
      row('a2', 'present', { id: 'dup', deleted_at: '2026-04-02T00:00:00Z' })]
    expect(historyCounts(attendanceHistory(rows, activities))).toEqual({ present: 0, leave: 1, absent: 1, madeUp: 1 })
  })
})
