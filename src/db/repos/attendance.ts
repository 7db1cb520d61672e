// Who came to an activity. One row per (activity, person) on the server; locally two rows of one pair can
// exist briefly (two devices created them) until the push merges them (merged_into renames ours).
import type { Attendance } from '../../domain/types'
import type { Local } from '../rows'
import type { ZhibuDb } from '../schema'
import type { WriteClock } from '../write'
import { type Repo, live, liveAnyOf, makeRepo } from './base'

export interface AttendanceRepo extends Repo<'attendance'> {
  byActivity(activityId: string): Promise<Local<Attendance>[]>
  forPerson(personId: string): Promise<Local<Attendance>[]>
  /** The live rows of these activities. */
  byActivities(activityIds: readonly string[]): Promise<Local<Attendance>[]>
  /** The live rows of these people, every activity. */
  forPeople(personIds: readonly string[]): Promise<Local<Attendance>[]>
  /** Live leave/absent rows with no 补学 recorded, of every activity the device holds (the status index). */
  missedWithoutMakeup(): Promise<Local<Attendance>[]>
  /** The live row of one (activity, person), if the device has one. */
  forPair(activityId: string, personId: string): Promise<Local<Attendance> | undefined>
  /** Whether the row has writes still waiting for the server, and the server's reason if it refused one. */
  queueOf(id: string): Promise<{ queued: boolean; refused: { reason: string | null; code: string | null } | null }>
}

export function attendanceRepo(db: ZhibuDb, clock?: WriteClock): AttendanceRepo {
  return {
    ...makeRepo(db, 'attendance', clock),
    byActivity: (activityId) => live(db.attendance.where('activity_id').equals(activityId)),
    forPerson: (personId) => live(db.attendance.where('person_id').equals(personId)),
    byActivities: (ids) => liveAnyOf(db.attendance, 'activity_id', ids),
    forPeople: (ids) => liveAnyOf(db.attendance, 'person_id', ids),
    missedWithoutMakeup: async () => (await liveAnyOf(db.attendance, 'status', ['leave', 'absent'])).filter((r) => r.makeup_on == null),
    forPair: async (activityId, personId) =>
      (await live(db.attendance.where('[activity_id+person_id]').equals([activityId, personId])))[0],
    queueOf: async (id) => {
      const entries = await db.outbox.where('[table+row_id]').equals(['attendance', id]).toArray()
      const refused = entries.find((e) => e.state === 'rejected')
      return {
        queued: entries.some((e) => e.state !== 'rejected'),
        refused: refused ? { reason: refused.reason, code: refused.code } : null,
      }
    },
  }
}
