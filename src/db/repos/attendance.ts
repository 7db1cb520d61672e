// Who came to an activity. One row per (activity, person) on the server; locally two rows of one pair can
// exist briefly (two devices created them) until the push merges them (merged_into renames ours).
import type { Attendance } from '../../domain/types'
import type { Local } from '../rows'
import type { ZhibuDb } from '../schema'
import type { WriteClock } from '../write'
import { type Repo, live, makeRepo } from './base'

export interface AttendanceRepo extends Repo<'attendance'> {
  byActivity(activityId: string): Promise<Local<Attendance>[]>
  forPerson(personId: string): Promise<Local<Attendance>[]>
  /** The live row of one (activity, person), if the device has one. */
  forPair(activityId: string, personId: string): Promise<Local<Attendance> | undefined>
}

export function attendanceRepo(db: ZhibuDb, clock?: WriteClock): AttendanceRepo {
  return {
    ...makeRepo(db, 'attendance', clock),
    byActivity: (activityId) => live(db.attendance.where('activity_id').equals(activityId)),
    forPerson: (personId) => live(db.attendance.where('person_id').equals(personId)),
    forPair: async (activityId, personId) =>
      (await live(db.attendance.where('[activity_id+person_id]').equals([activityId, personId])))[0],
  }
}
