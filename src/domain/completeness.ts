// Completeness of each branch's round of organisational life (SPEC §3.1–3.3, decisions §6): the same rows
// as the SQL function branch_completeness (supabase/migrations/20261201001100_completeness.sql).
import { cadenceFor, indexCadencePolicies, type Cadence, type CompletenessPolicy } from './cadence'
import { compareTuples, groupBy } from './collections'
import { liveBranches, orgPaths, type OrgNode } from './orgs'
import { assemblyQuorum, type QuorumAttendance, type QuorumPerson } from './quorum'
import {
  periodKind, periodLabel, periodStart, periodsOfYear, previousPeriod, requireDate, shanghaiDate,
} from './shanghai'
import { ACTIVITY_KINDS, isLive, type Activity, type ActivityKind, type IsoDate } from './types'

export interface CompletenessRow {
  branch_id: string
  /** '2026-03', '2026-Q1' or '2026' */
  period: string
  kind: ActivityKind
  required: number
  held: number
  met: boolean
}

export type CompletenessActivity = Pick<
  Activity, 'id' | 'branch_id' | 'group_id' | 'kinds' | 'starts_at' | 'status' | 'deleted_at'
>

export interface CompletenessInput {
  year: number
  /** Shanghai day: periods begun by it, activities starting on or before it. */
  asOf: IsoDate
  orgs: readonly OrgNode[]
  people: readonly QuorumPerson[]
  activities: readonly CompletenessActivity[]
  attendance: readonly QuorumAttendance[]
  cadencePolicies: readonly CompletenessPolicy[]
  branchIds?: readonly string[]
}

interface Counted { activity: CompletenessActivity; on: IsoDate; quorum: boolean }

/** Held, live activities of the year, started by the end of as_of's day, with a live attendance row. */
function countedActivities(input: CompletenessInput, branchIds: Set<string>): Map<string, Counted[]> {
  const attendanceByActivity = groupBy(input.attendance.filter(isLive), (t) => t.activity_id)
  const peopleByBranch = groupBy(input.people, (p) => p.branch_id)
  const out: Counted[] = []
  for (const activity of input.activities) {
    if (!branchIds.has(activity.branch_id) || activity.status !== 'held' || !isLive(activity)) continue
    const on = shanghaiDate(activity.starts_at)
    const attended = attendanceByActivity.get(activity.id)
    if (Number(on.slice(0, 4)) !== input.year || on > input.asOf || !attended) continue
    const quorum = activity.kinds.includes('assembly') &&
      assemblyQuorum(activity, peopleByBranch.get(activity.branch_id) ?? [], attended).met
    out.push({ activity, on, quorum })
  }
  return groupBy(out, (c) => c.activity.branch_id)
}

/** held by `${kind}|${period}`: activities counted, or for `group` the live groups that met min_count times. */
function heldCounts(counted: readonly Counted[], cadence: Record<ActivityKind, Cadence>, groups: ReadonlySet<string>) {
  const held = new Map<string, number>() // `${kind}|${period}` → held
  const groupMeetings = new Map<string, number>() // `${period}|${group_id}` → meetings
  for (const { activity, on, quorum } of counted) {
    for (const kind of new Set(activity.kinds)) {
      if (!Object.hasOwn(cadence, kind) || (kind === 'assembly' && !quorum)) continue
      const period = periodLabel(on, cadence[kind].per)
      if (kind !== 'group') held.set(`${kind}|${period}`, (held.get(`${kind}|${period}`) ?? 0) + 1)
      else if (activity.group_id != null && groups.has(activity.group_id)) {
        const key = `${period}|${activity.group_id}`
        groupMeetings.set(key, (groupMeetings.get(key) ?? 0) + 1)
      }
    }
  }
  for (const [key, meetings] of groupMeetings) {
    const period = key.slice(0, key.indexOf('|'))
    if (meetings >= cadence.group.min_count) held.set(`group|${period}`, (held.get(`group|${period}`) ?? 0) + 1)
  }
  return held
}

/** Required per period: groups count for `group`; `committee` only with has_committee. */
function requiredFor(kind: ActivityKind, cadence: Cadence, branch: OrgNode, groupCount: number): number {
  if (cadence.min_count <= 0) return 0
  if (kind === 'group') return groupCount
  if (kind === 'committee') return branch.has_committee ? cadence.min_count : 0
  return cadence.min_count
}

/** One row per (branch, begun period, kind) with required > 0, ordered like the SQL function. */
export function branchCompleteness(input: CompletenessInput): CompletenessRow[] {
  requireDate(input.asOf)
  const branches = liveBranches(input.orgs, input.branchIds)
  const paths = orgPaths(input.orgs)
  const policies = indexCadencePolicies(input.cadencePolicies)
  const counted = countedActivities(input, new Set(branches.map((b) => b.id)))
  const groupsByBranch = groupBy(input.orgs.filter((o) => o.kind === 'group' && isLive(o)), (g) => g.parent_id ?? '')
  const rows: (CompletenessRow & { starts: IsoDate })[] = []
  for (const branch of branches) {
    const cadence = cadenceFor(paths.get(branch.id) ?? [branch.id], policies)
    const groups = new Set((groupsByBranch.get(branch.id) ?? []).map((g) => g.id))
    const held = heldCounts(counted.get(branch.id) ?? [], cadence, groups)
    for (const kind of ACTIVITY_KINDS) {
      const required = requiredFor(kind, cadence[kind], branch, groups.size)
      if (required <= 0) continue
      for (const period of periodsOfYear(input.year, cadence[kind].per)) {
        const starts = periodStart(period)
        if (starts > input.asOf) break
        const n = held.get(`${kind}|${period}`) ?? 0
        rows.push({ branch_id: branch.id, period, kind, required, held: n, met: n >= required, starts })
      }
    }
  }
  const order = (r: (typeof rows)[number]) => [r.branch_id, r.starts, String(r.period.length), r.kind]
  rows.sort((a, b) => compareTuples(order(a), order(b)))
  return rows.map(({ starts: _starts, ...row }) => row)
}

/** Met rows over rows with required > 0; null when nothing is required. */
export function completenessRate(rows: readonly Pick<CompletenessRow, 'required' | 'met'>[]): number | null {
  const due = rows.filter((r) => r.required > 0)
  return due.length === 0 ? null : due.filter((r) => r.met).length / due.length
}

/**
 * One branch as the server summarises it (branch_summaries): `states` holds one letter per period in gridPeriods
 * order — m met, p partly, n none, o open, u future (not begun), f free — computed by the cellState rule in SQL.
 */
export interface BranchSummary {
  branch_id: string
  branch_name: string
  parent_id: string | null
  due: number
  met: number
  states: string
}

export type DueState = 'done' | 'due' | 'overdue'
export interface DueItem extends CompletenessRow { state: DueState }

const STATE_ORDER: readonly DueState[] = ['overdue', 'due', 'done']

/**
 * The home screen's list (SPEC §3.4, §8): per branch and kind, the row of the period containing asOf
 * ('done' when met, else 'due'), and the row of the period just before it when that ended unmet
 * ('overdue'). Older misses stay in the review grid, not on the home screen. Overdue first.
 */
export function dueNow(rows: readonly CompletenessRow[], asOf: IsoDate): DueItem[] {
  const out: DueItem[] = []
  for (const row of rows) {
    if (row.required <= 0) continue
    const current = periodLabel(asOf, periodKind(row.period))
    if (row.period === current) out.push({ ...row, state: row.met ? 'done' : 'due' })
    else if (!row.met && row.period === previousPeriod(current)) out.push({ ...row, state: 'overdue' })
  }
  const rank = (item: DueItem) => [STATE_ORDER.indexOf(item.state), ACTIVITY_KINDS.indexOf(item.kind)]
  return out.sort((a, b) => {
    const [sa = 0, ka = 0] = rank(a)
    const [sb = 0, kb = 0] = rank(b)
    return sa - sb || ka - kb || compareTuples([a.branch_id, a.period], [b.branch_id, b.period])
  })
}
