// 今日 from the device: the rows the alerts (SPEC §3.4) and the completeness of the year (SPEC §3.1–3.3) are
// computed from by the pure rules in src/domain, and the next activities. Reads only, kept narrow for a fast start.
import { defineStore } from 'pinia'
import { alertRows } from '../db/alert-rows'
import { completenessRows } from '../db/completeness-rows'
import type { Activity, IsoDate } from '../domain/types'
import { db, repos } from '../modules/data'

export const useHomeStore = defineStore('home', () => {
  const alertRowsOf = (branchId: string, today: IsoDate) => alertRows(repos, branchId, today)
  const completenessRowsOf = (branchId: string, year: number) => completenessRows(db, branchId, year)
  /** The branch's next activities from `fromIso` on, not cancelled or deleted. */
  async function upcoming(branchId: string, fromIso: string, count: number): Promise<Activity[]> {
    const rows = await db.activities.where('[branch_id+starts_at]').between([branchId, fromIso], [branchId, '\uffff'], true, true).toArray()
    return rows.filter((a) => !a.deleted_at && a.status !== 'cancelled').slice(0, count)
  }
  return { alertRowsOf, completenessRowsOf, upcoming }
})
