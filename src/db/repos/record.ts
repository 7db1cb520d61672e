// "Record a held 主题党日": the activity and everyone's attendance are saved together or not at all.
import type { AttendanceMark } from '../../domain/attendance'
import type { Activity, Attendance } from '../../domain/types'
import type { Draft, Local } from '../rows'
import type { ZhibuDb } from '../schema'
import { type RowChange, type WriteClock, defaultClock, writeInTransaction } from '../write'

export interface RecordedActivity {
  activity: Local<Activity>
  attendance: Local<Attendance>[]
}

/**
 * Writes the activity and one attendance row per mark, with their outbox entries, in one transaction.
 * A person who already has a row for this activity on the device gets that row updated, not a second one.
 * recorded_at defaults to the device clock when the activity is new here (SPEC §5: client-set).
 */
export async function recordActivityWithAttendance(
  db: ZhibuDb,
  activity: Draft<Activity>,
  marks: readonly AttendanceMark[],
  clock: WriteClock = defaultClock,
): Promise<RecordedActivity> {
  const stored = await db.transaction('rw', [db.activities, db.attendance, db.outbox], async () => {
    const isNew = !(await db.activities.get(activity.id))
    const existing = await db.attendance.where('activity_id').equals(activity.id).toArray()
    const idOf = new Map(existing.filter((a) => a.deleted_at == null).map((a) => [a.person_id, a.id]))
    const changes: RowChange[] = [
      { table: 'activities', id: activity.id, fields: { ...(isNew ? { recorded_at: clock.now().toISOString() } : {}), ...activity } },
      ...marks.map((m): RowChange => ({
        table: 'attendance',
        id: idOf.get(m.person_id) ?? clock.uuid(),
        fields: { method: 'roster', ...m, activity_id: activity.id },
      })),
    ]
    return writeInTransaction(db, changes, clock)
  })
  db.notifyLocalWrite('activities')
  db.notifyLocalWrite('attendance')
  const [first, ...rest] = stored
  return { activity: first as unknown as Local<Activity>, attendance: rest as unknown as Local<Attendance>[] }
}
