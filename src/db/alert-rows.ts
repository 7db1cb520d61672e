// The rows 今日's alerts (SPEC §3.4, src/domain/alerts.ts) need for one branch, read through indexes rather than
// the branch's whole history (issue 13: 300 members and five years are ~30,000 attendance rows):
// * activities since the participation horizon, or 1 January when earlier (补录 lists this year's), and the
//   attendance of those since the horizon: whoever participated since then raises no participation alert;
// * the whole history of only the people without a participation since the horizon, for their last one;
// * the leave/absent rows still without 补学, whenever they were (the status index), with their activities.
// branchAlerts over these rows gives the same alerts as over every row (tests/unit/alert-rows.test.ts).
import {
  participatedSince, participationHorizon, shanghaiDate,
  type Activity, type Attendance, type IsoDate, type Pairing, type PairingLog, type Person,
} from '../domain'
import type { Repos } from './repos'
import type { Local } from './rows'

const END = '9999-12-31T00:00:00Z'
const dayStart = (day: IsoDate) => new Date(`${day}T00:00:00+08:00`).toISOString()
const byId = <T extends { id: string }>(...lists: T[][]): Map<string, T> => new Map(lists.flat().map((r) => [r.id, r]))

export interface AlertRows {
  people: Local<Person>[]
  activities: Local<Activity>[]
  attendance: Local<Attendance>[]
  pairings: Local<Pairing>[]
  logs: Local<PairingLog>[]
}

type AlertRepos = Pick<Repos, 'people' | 'activities' | 'attendance' | 'pairings' | 'pairingLogs'>

export async function alertRows(repos: AlertRepos, branchId: string, today: IsoDate): Promise<AlertRows> {
  const horizon = participationHorizon(today)
  const yearStart = `${today.slice(0, 4)}-01-01`
  const [people, recent, pairings, missed] = await Promise.all([
    repos.people.byBranch(branchId),
    repos.activities.byBranchBetween(branchId, dayStart(horizon < yearStart ? horizon : yearStart), END),
    repos.pairings.byBranch(branchId),
    repos.attendance.missedWithoutMakeup(),
  ])
  const [sinceHorizon, logs] = await Promise.all([
    repos.attendance.byActivities(recent.filter((a) => shanghaiDate(a.starts_at) >= horizon).map((a) => a.id)),
    Promise.all(pairings.map((p) => repos.pairingLogs.byPairing(p.id))),
  ])
  const seen = participatedSince(recent, sinceHorizon, horizon)
  const history = await repos.attendance.forPeople(people.filter((p) => !seen.has(p.id)).map((p) => p.id))
  const known = byId(recent)
  const olderIds = new Set([...history, ...missed].map((t) => t.activity_id).filter((id) => !known.has(id)))
  const older = await repos.activities.byIds([...olderIds])
  return {
    people,
    activities: [...byId(recent, older).values()].filter((a) => a.branch_id === branchId),
    attendance: [...byId(sinceHorizon, history, missed).values()],
    pairings,
    logs: logs.flat(),
  }
}
