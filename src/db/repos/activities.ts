// 三会一课 and 主题党日 records. Months are Asia/Shanghai months (UTC+8 all year, no DST).
import type { Activity } from '../../domain/types'
import type { Local } from '../rows'
import type { ZhibuDb } from '../schema'
import type { WriteClock } from '../write'
import { type Repo, live, makeRepo } from './base'

/** [start, end) of a Shanghai month 'YYYY-MM' as the UTC ISO strings the starts_at index holds. */
export function shanghaiMonthRange(month: string): [string, string] {
  const match = /^(\d{4})-(\d{2})$/.exec(month)
  if (!match) throw new RangeError(`not a month: ${month}`)
  const y = Number(match[1])
  const m = Number(match[2])
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
  const at = (ym: string) => new Date(`${ym}-01T00:00:00+08:00`).toISOString()
  return [at(month), at(next)]
}

export interface ActivitiesRepo extends Repo<'activities'> {
  /** The branch's live activities starting in [from, to) (ISO timestamps), by start time. */
  byBranchBetween(branchId: string, from: string, to: string): Promise<Local<Activity>[]>
  /** The branch's live activities of one Shanghai month 'YYYY-MM', by start time. */
  byBranchAndMonth(branchId: string, month: string): Promise<Local<Activity>[]>
  /** The live activities among these ids that the device holds. */
  byIds(ids: readonly string[]): Promise<Local<Activity>[]>
}

export function activitiesRepo(db: ZhibuDb, clock?: WriteClock): ActivitiesRepo {
  const byBranchBetween = (branchId: string, from: string, to: string) =>
    live(db.activities.where('[branch_id+starts_at]').between(
      [branchId, new Date(from).toISOString()], [branchId, new Date(to).toISOString()], true, false))
  return {
    ...makeRepo(db, 'activities', clock),
    byBranchBetween,
    byBranchAndMonth: (branchId, month) => byBranchBetween(branchId, ...shanghaiMonthRange(month)),
    byIds: async (ids) => (await db.activities.bulkGet([...ids])).filter((a): a is Local<Activity> => a != null && a.deleted_at == null),
  }
}
