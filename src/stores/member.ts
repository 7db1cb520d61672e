// A member's own record on the device (members pull their own attendance rows and their branch's activities;
// SPEC §4): what 我的考勤 and the 补学 list read.
import { defineStore } from 'pinia'
import { repos } from '../modules/data'

export const useMemberStore = defineStore('member', () => {
  /** The person's attendance rows and the activities they belong to. */
  async function attendanceOf(personId: string) {
    const rows = await repos.attendance.forPerson(personId)
    const ids = [...new Set(rows.map((r) => r.activity_id))]
    const activities = (await Promise.all(ids.map((id) => repos.activities.get(id)))).filter((a): a is NonNullable<typeof a> => a != null)
    return { rows, activities }
  }
  return { attendanceOf }
})
