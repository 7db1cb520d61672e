// Check-in on the device (SPEC §6): the activity and its attendance, the member keys that sign 我的签到码, the event
// key an activity's code is made from, and the attendance a scan writes (row + outbox, verified by the server).
import { defineStore } from 'pinia'
import type { Draft } from '../db/rows'
import type { Activity, Attendance } from '../domain'
import type { AttendanceMark } from '../domain/attendance'
import { repos } from '../modules/data'

export const useCheckinStore = defineStore('checkin', () => ({
  activity: (id: string) => repos.activities.get(id),
  attendanceOf: (activityId: string) => repos.attendance.byActivity(activityId),
  attendance: (id: string) => repos.attendance.get(id),
  attendanceFor: (activityId: string, personId: string) => repos.attendance.forPair(activityId, personId),
  /** Whether the row still waits in the outbox, and the server's refusal if it came back refused. */
  queueOf: (id: string) => repos.attendance.queueOf(id),
  memberKey: (personId: string) => repos.memberKeys.forPerson(personId),
  eventKey: (activityId: string, branchId: string) => repos.eventKeys.ensureForActivity(activityId, branchId),
  record: (row: Draft<Attendance>) => repos.attendance.put(row),
  /** A member's code scanned at the activity: their attendance, and the activity marked held, in one transaction. */
  recordScan: (activity: Draft<Activity>, marks: readonly AttendanceMark[]) => repos.recordActivityWithAttendance(activity, marks),
}))
