// The rows 今日's due list (SPEC §3.3, src/domain/completeness.ts) needs for one branch and year: the orgs and
// policies (few), the branch's people, the year's activities and, of their attendance, only what counting reads
// (issue 13: a year of a 300-member branch is ~6,000 rows). A held activity counts when it has a live attendance row,
// so one row is enough; a 党员大会 also needs its quorum, so all of its rows. branchCompleteness over these gives
// the rows it gives over the whole year's attendance (tests/unit/completeness-rows.test.ts).
import type { Activity, Attendance, CadencePolicy, Org, Person } from '../domain'
import type { Local } from './rows'
import type { ZhibuDb } from './schema'

export interface CompletenessRows {
  orgs: Local<Org>[]
  people: Local<Person>[]
  activities: Local<Activity>[]
  attendance: Local<Attendance>[]
  cadencePolicies: Local<CadencePolicy>[]
}

const live = <R extends { deleted_at?: string | null }>(row: R) => row.deleted_at == null

export async function completenessRows(db: ZhibuDb, branchId: string, year: number): Promise<CompletenessRows> {
  const from = new Date(`${year}-01-01T00:00:00+08:00`).toISOString()
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`).toISOString()
  const [orgs, people, activities, cadencePolicies] = await Promise.all([
    db.orgs.toArray(),
    db.people.where('branch_id').equals(branchId).toArray(),
    db.activities.where('[branch_id+starts_at]').between([branchId, from], [branchId, to], true, false).toArray(),
    db.cadence_policies.toArray(),
  ])
  const rowsOf = async (a: Local<Activity>) => {
    const rows = db.attendance.where('activity_id').equals(a.id)
    // all of them in one getAll (a Dexie filter would step a cursor row by row); otherwise the first live one
    if (a.kinds.includes('assembly')) return (await rows.toArray()).filter(live)
    const first = await rows.filter(live).first()
    return first ? [first] : []
  }
  const attendance = await Promise.all(activities.filter((a) => a.status === 'held' && live(a)).map(rowsOf))
  return { orgs, people, activities, attendance: attendance.flat(), cadencePolicies }
}
