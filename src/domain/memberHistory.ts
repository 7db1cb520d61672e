// A member's own record (SPEC §1: "sees … own record, logs make-up study"): every attendance row of theirs
// at a live activity, newest first, with the counts a member may want. No points, no ranking.
import { instantMs, shanghaiDate } from './shanghai'
import { isLive, type Activity, type Attendance, type IsoDate } from './types'

export interface HistoryEntry {
  attendance: Attendance
  activity: Activity
  /** The activity's Shanghai day. */
  on: IsoDate
}

export interface HistoryCounts { present: number; leave: number; absent: number; madeUp: number }

/** The person's rows at live, not cancelled activities, newest first. */
export function attendanceHistory(rows: readonly Attendance[], activities: readonly Activity[]): HistoryEntry[] {
  const byId = new Map(activities.filter((a) => isLive(a) && a.status !== 'cancelled').map((a) => [a.id, a]))
  const out: HistoryEntry[] = []
  for (const attendance of rows) {
    const activity = byId.get(attendance.activity_id)
    if (isLive(attendance) && activity) out.push({ attendance, activity, on: shanghaiDate(activity.starts_at) })
  }
  return out.sort((a, b) => instantMs(b.activity.starts_at) - instantMs(a.activity.starts_at))
}

export function historyCounts(entries: readonly HistoryEntry[]): HistoryCounts {
  const counts: HistoryCounts = { present: 0, leave: 0, absent: 0, madeUp: 0 }
  for (const { attendance } of entries) {
    counts[attendance.status] += 1
    if (attendance.status !== 'present' && attendance.makeup_on) counts.madeUp += 1
  }
  return counts
}
