// Roster check-in (SPEC §6.1): who is expected at an activity, where each stands, and the marks that
// "all present" and the exception buttons write. Pure: rows come in, marks go out.
import { shanghaiDate } from './shanghai'
import { MEMBER_STATUSES, isLive, type Activity, type Attendance, type AttendanceStatus, type CheckinMethod, type Person } from './types'

export type RosterPerson = Pick<
  Person, 'id' | 'branch_id' | 'group_id' | 'name' | 'party_status' | 'admitted_on' | 'joined_branch_on' | 'left_branch_on' | 'deleted_at'
>
export type RosterActivity = Pick<Activity, 'id' | 'branch_id' | 'group_id' | 'starts_at'>
export type RosterAttendance = Pick<Attendance, 'id' | 'activity_id' | 'person_id' | 'status' | 'leave_reason' | 'method' | 'deleted_at'>

/** One person's mark as the roster screens write it (db/repos/record.ts saves the marks with the activity). */
export interface AttendanceMark {
  person_id: string
  status: AttendanceStatus
  leave_reason?: string | null
  method?: CheckinMethod
  checked_in_at?: string | null
  makeup_on?: string | null
  makeup_note?: string | null
}

/**
 * The people expected at the activity: the branch's Party members (full and probationary) on its Shanghai
 * day — admitted, joined and not yet left by then, not deleted — and only the group's for a group meeting; the
 * same roster the seed and the completeness rules use. Anyone who already has a row (a non-member who
 * attended, a check-in by code) is listed too, so no recorded attendance is ever hidden.
 */
export function expectedRoster<P extends RosterPerson>(
  people: readonly P[],
  activity: RosterActivity,
  rows: readonly RosterAttendance[] = [],
): P[] {
  const date = shanghaiDate(activity.starts_at)
  const recorded = new Set(rows.filter((r) => isLive(r) && r.activity_id === activity.id).map((r) => r.person_id))
  return people.filter((p) =>
    p.branch_id === activity.branch_id && isLive(p) && (recorded.has(p.id) || (
      MEMBER_STATUSES.includes(p.party_status) &&
      (p.admitted_on == null || p.admitted_on <= date) &&
      (p.joined_branch_on == null || p.joined_branch_on <= date) &&
      (p.left_branch_on == null || p.left_branch_on > date) &&
      (activity.group_id == null || p.group_id === activity.group_id))))
}

/** Each person's live row for this activity (the latest written wins if the device briefly holds two). */
export function rowsByPerson<R extends RosterAttendance>(activityId: string, rows: readonly R[]): Map<string, R> {
  const map = new Map<string, R>()
  for (const r of rows) if (r.activity_id === activityId && isLive(r)) map.set(r.person_id, r)
  return map
}

export interface AttendanceSummary {
  expected: number
  present: number
  leave: number
  absent: number
  /** Expected people with no status yet. */
  unmarked: number
}

export function summarize(roster: readonly { id: string }[], byPerson: ReadonlyMap<string, { status: AttendanceStatus }>): AttendanceSummary {
  const out: AttendanceSummary = { expected: roster.length, present: 0, leave: 0, absent: 0, unmarked: 0 }
  for (const p of roster) {
    const status = byPerson.get(p.id)?.status
    if (status) out[status] += 1
    else out.unmarked += 1
  }
  return out
}

/** Counts of all live rows of an activity, for list cards (no roster needed). */
export function countStatuses(rows: readonly Pick<Attendance, 'status' | 'deleted_at'>[]): Record<AttendanceStatus, number> {
  const out = { present: 0, leave: 0, absent: 0 }
  for (const r of rows) if (isLive(r)) out[r.status] += 1
  return out
}

/** "All present": everyone on the roster without a status yet is present, by roster. */
export function allPresentMarks(roster: readonly { id: string }[], byPerson: ReadonlyMap<string, unknown>): AttendanceMark[] {
  return roster.filter((p) => !byPerson.has(p.id)).map((p) => ({ person_id: p.id, status: 'present', method: 'roster' }))
}

/**
 * Marks for the selected people. Those already in that state are left alone, so a member's own code
 * check-in keeps its method. Present clears a leave reason and a make-up study (the database forbids makeup_on for
 * someone present); absent clears the leave reason.
 */
export function marksFor(
  personIds: readonly string[],
  status: AttendanceStatus,
  byPerson: ReadonlyMap<string, Pick<Attendance, 'status' | 'leave_reason'>>,
  leaveReason: string | null = null,
): AttendanceMark[] {
  const reason = status === 'leave' ? leaveReason?.trim() || null : null
  return [...new Set(personIds)]
    .filter((id) => {
      const row = byPerson.get(id)
      return !row || row.status !== status || (status === 'leave' && (row.leave_reason ?? null) !== reason)
    })
    .map((id): AttendanceMark => ({
      person_id: id,
      status,
      leave_reason: reason,
      method: 'roster',
      ...(status === 'present' ? { makeup_on: null, makeup_note: null } : {}),
    }))
}

/**
 * Whether a member should see "my attendance" for an activity: always when they have a row, otherwise
 * unless the meeting is another group's or a committee meeting only (they were never expected there).
 */
export function concernsMember(
  activity: Pick<Activity, 'kinds' | 'group_id'>,
  person: Pick<Person, 'group_id'> | null,
  hasRow: boolean,
): boolean {
  if (hasRow) return true
  if (!person) return false
  if (activity.group_id && activity.group_id !== person.group_id) return false
  return !activity.kinds.every((k) => k === 'committee')
}
