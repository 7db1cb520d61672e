// 三会一课 and 主题党日 on the device: the branch's activities and their attendance, its groups, people and names,
// the photos kept on this phone only, and every activity write (row + outbox in one transaction, synced later; a
// refusal lands in 需处理). The activity screens read and write through here, never the database.
import { defineStore } from 'pinia'
import type { Activity, Attendance, Org } from '../domain'
import type { ActivityPhoto } from '../db/repos'
import type { AttendanceMark } from '../domain/attendance'
import type { Draft, Local, RosterEntry } from '../db/rows'
import { repos } from '../modules/data'

export type { ActivityPhoto, AttendanceMark, Local, RosterEntry }

export const useActivitiesStore = defineStore('activities', () => ({
  activity: (id: string) => repos.activities.get(id),
  /** The branch's live activities of one Shanghai month 'YYYY-MM', by start time. */
  ofMonth: (branchId: string, month: string) => repos.activities.byBranchAndMonth(branchId, month),
  /** The branch's live activities starting in [from, to) (ISO timestamps), by start time. */
  between: (branchId: string, from: string, to: string) => repos.activities.byBranchBetween(branchId, from, to),
  attendanceOf: (activityId: string) => repos.attendance.byActivity(activityId),
  /** The branch's child orgs (its groups among them). */
  childrenOf: (branchId: string): Promise<Local<Org>[]> => repos.orgs.children(branchId),
  peopleOf: (branchId: string) => repos.people.byBranch(branchId),
  /** The names-only roster a member's device holds. */
  rosterOf: (branchId: string) => repos.lookups.rosterOfBranch(branchId),
  photosOf: (activityId: string) => repos.photos.byActivity(activityId),
  addPhotos: (photos: readonly ActivityPhoto[]) => repos.photos.add(photos),
  removePhoto: (id: string) => repos.photos.remove(id),
  update: (id: string, fields: Partial<Omit<Activity, 'id'>>) => repos.activities.update(id, fields),
  /** The activity and attendance rows for the marks, saved together or not at all. */
  record: (activity: Draft<Activity>, marks: readonly AttendanceMark[]) => repos.recordActivityWithAttendance(activity, marks),
  /** Makes (once) the key the activity's check-in code comes from, on this device, so it shows offline (SPEC §6). */
  ensureEventKey: (activityId: string, branchId: string) => repos.eventKeys.ensureForActivity(activityId, branchId),
  updateAttendance: (id: string, fields: Partial<Omit<Attendance, 'id'>>) => repos.attendance.update(id, fields),
}))
