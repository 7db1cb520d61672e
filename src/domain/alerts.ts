// Alerts the app raises (SPEC §3.4): visible facts, no punishments. `today` is a Shanghai day passed in.
import { addCalendarMonths, addDays, daysBetween, instantMs, requireDate, shanghaiDate } from './shanghai'
import {
  isLive, MEMBER_STATUSES,
  type Activity, type Attendance, type IsoDate, type Pairing, type PairingLog, type Person,
} from './types'

export type AlertActivity = Pick<Activity, 'id' | 'starts_at' | 'status' | 'deleted_at'>
export type AlertAttendance = Pick<Attendance, 'id' | 'activity_id' | 'person_id' | 'status' | 'makeup_on' | 'deleted_at'>
export type AlertPerson = Pick<
  Person, 'id' | 'party_status' | 'admitted_on' | 'joined_branch_on' | 'left_branch_on' | 'deleted_at'
>

export const WARNING_MONTHS = 4
export const ALERT_MONTHS = 6
export const MAKEUP_DAYS = 30
export const PAIRING_DAYS = 90
const LATE_RECORD_MS = 7 * 24 * 60 * 60 * 1000

export interface ParticipationAlert {
  person_id: string
  level: 'warning' | 'alert'
  /** The last `present` or 补学 day; null when none since joining. */
  last_participated_on: IsoDate | null
  /** The day the months run from: the last participation, or joining the branch when later. */
  since: IsoDate
}

/** Held, live activities by id, with their Shanghai day. */
function heldActivityDays(activities: readonly AlertActivity[]): Map<string, IsoDate> {
  return new Map(activities.filter((a) => a.status === 'held' && isLive(a)).map((a) => [a.id, shanghaiDate(a.starts_at)]))
}

/** Each person's last participation: present at a held activity, or a recorded 补学 (leave is not). */
function lastParticipation(
  activities: readonly AlertActivity[],
  attendance: readonly AlertAttendance[],
): Map<string, IsoDate> {
  const days = heldActivityDays(activities)
  const last = new Map<string, IsoDate>()
  for (const t of attendance) {
    const on = days.get(t.activity_id)
    if (!isLive(t) || on === undefined) continue
    const day = t.status === 'present' ? on : t.makeup_on
    if (day != null && day > (last.get(t.person_id) ?? '')) last.set(t.person_id, day)
  }
  return last
}

/**
 * Full and probationary members in the branch today whose last participation (or joining the branch,
 * joined_branch_on else admitted_on, when later) is more than 6 calendar months before today ('alert'),
 * or more than 4 ('warning'). Last 2026-01-15 → warning from 2026-05-16, alert from 2026-07-16.
 */
export function memberParticipationAlerts(
  people: readonly AlertPerson[],
  activities: readonly AlertActivity[],
  attendance: readonly AlertAttendance[],
  today: IsoDate,
): ParticipationAlert[] {
  requireDate(today)
  const last = lastParticipation(activities, attendance)
  const out: ParticipationAlert[] = []
  for (const person of people) {
    const joined = person.joined_branch_on ?? person.admitted_on
    const inBranch = isLive(person) && MEMBER_STATUSES.includes(person.party_status) &&
      (person.left_branch_on == null || person.left_branch_on > today) && (joined == null || joined <= today)
    const participated = last.get(person.id) ?? null
    const since = participated != null && (joined == null || participated > joined) ? participated : joined
    if (!inBranch || since == null) continue
    const level = today > addCalendarMonths(since, ALERT_MONTHS) ? 'alert'
      : today > addCalendarMonths(since, WARNING_MONTHS) ? 'warning' : null
    if (level) out.push({ person_id: person.id, level, last_participated_on: participated, since })
  }
  return out.sort((a, b) => (a.level === b.level ? (a.since < b.since ? -1 : 1) : a.level === 'alert' ? -1 : 1))
}

/**
 * The earliest day from which a participation keeps a member out of the alerts today: anyone present (or with a
 * 补学) on or after it has neither a warning nor an alert, whatever happened before. Screens read the rows since
 * then for everyone, and the whole history only of those without a participation since.
 */
export function participationHorizon(today: IsoDate): IsoDate {
  requireDate(today)
  // months clamp at their ends (06-30 − 4 months = 02-28, + 4 = 06-28): step on to the first day that reaches today
  let day = addCalendarMonths(today, -WARNING_MONTHS)
  while (addCalendarMonths(day, WARNING_MONTHS) < today) day = addDays(day, 1)
  return day
}

/** Those whom these rows show participating (present at a held activity, or 补学) on or after `day`. */
export function participatedSince(
  activities: readonly AlertActivity[],
  attendance: readonly AlertAttendance[],
  day: IsoDate,
): Set<string> {
  requireDate(day)
  const out = new Set<string>()
  for (const [person, last] of lastParticipation(activities, attendance)) if (last >= day) out.add(person)
  return out
}

export interface MakeupOverdue {
  attendance_id: string
  activity_id: string
  person_id: string
  /** The activity's Shanghai day. */
  activity_on: IsoDate
  /** Days since then (31 or more). */
  days: number
}

/** Absent or on leave at a held activity with no 补学 recorded yet, oldest first (days may be 0). */
export function missedWithoutMakeup(
  attendance: readonly AlertAttendance[],
  activities: readonly AlertActivity[],
  today: IsoDate,
): MakeupOverdue[] {
  requireDate(today)
  const days = heldActivityDays(activities)
  const out: MakeupOverdue[] = []
  for (const t of attendance) {
    const on = days.get(t.activity_id)
    if (!isLive(t) || t.status === 'present' || t.makeup_on != null || on === undefined) continue
    out.push({ attendance_id: t.id, activity_id: t.activity_id, person_id: t.person_id, activity_on: on, days: daysBetween(on, today) })
  }
  return out.sort((a, b) => b.days - a.days || a.attendance_id.localeCompare(b.attendance_id))
}

/** Absent or on leave at a held activity, no 补学 recorded, more than 30 days on: shown from day 31. */
export function makeupOverdue(
  attendance: readonly AlertAttendance[],
  activities: readonly AlertActivity[],
  today: IsoDate,
): MakeupOverdue[] {
  return missedWithoutMakeup(attendance, activities, today).filter((m) => m.days > MAKEUP_DAYS)
}

export interface StalePairing {
  pairing_id: string
  /** The latest live log's day, or the start when there is none. */
  last_on: IsoDate
  days: number
}

/** Active pairings whose latest log (or start) is more than 90 days old: shown from day 91. */
export function stalePairings(
  pairings: readonly Pick<Pairing, 'id' | 'started_on' | 'status' | 'deleted_at'>[],
  logs: readonly Pick<PairingLog, 'pairing_id' | 'logged_on' | 'deleted_at'>[],
  today: IsoDate,
): StalePairing[] {
  requireDate(today)
  const latest = new Map<string, IsoDate>()
  for (const log of logs) {
    if (isLive(log) && log.logged_on > (latest.get(log.pairing_id) ?? '')) latest.set(log.pairing_id, log.logged_on)
  }
  const out: StalePairing[] = []
  for (const p of pairings) {
    if (p.status !== 'active' || !isLive(p)) continue
    const logged = latest.get(p.id)
    const lastOn = logged != null && logged > p.started_on ? logged : p.started_on
    const days = daysBetween(lastOn, today)
    if (days > PAIRING_DAYS) out.push({ pairing_id: p.id, last_on: lastOn, days })
  }
  return out.sort((a, b) => b.days - a.days)
}

/** 补录: written more than 7 days after the start (exactly 7 days is not late). Honest, not forbidden. */
export function isLateRecord(activity: Pick<Activity, 'starts_at' | 'recorded_at'>): boolean {
  return instantMs(activity.recorded_at) - instantMs(activity.starts_at) > LATE_RECORD_MS
}

export type LateActivity = Pick<Activity, 'id' | 'starts_at' | 'recorded_at' | 'status' | 'deleted_at'>

/** 补录 records among live, not cancelled activities that start on or after `since` (a Shanghai day), newest first. */
export function lateRecords<A extends LateActivity>(activities: readonly A[], since: IsoDate): A[] {
  requireDate(since)
  return activities
    .filter((a) => isLive(a) && a.status !== 'cancelled' && shanghaiDate(a.starts_at) >= since && isLateRecord(a))
    .sort((a, b) => instantMs(b.starts_at) - instantMs(a.starts_at))
}

export interface BranchAlertInput {
  people: readonly AlertPerson[]
  activities: readonly (AlertActivity & LateActivity)[]
  attendance: readonly AlertAttendance[]
  pairings: readonly Pick<Pairing, 'id' | 'started_on' | 'status' | 'deleted_at'>[]
  logs: readonly Pick<PairingLog, 'pairing_id' | 'logged_on' | 'deleted_at'>[]
}

export interface BranchAlerts {
  participation: ParticipationAlert[]
  makeup: MakeupOverdue[]
  pairings: StalePairing[]
  late: LateActivity[]
}

/**
 * Every alert of SPEC §3.4 but the due list, for one branch's rows on a Shanghai day. 补学 concerns people
 * still in the branch; 补录 lists this year's records (the ledger's year), so old ones do not linger.
 */
export function branchAlerts(input: BranchAlertInput, today: IsoDate): BranchAlerts {
  const present = new Set(input.people
    .filter((p) => isLive(p) && (p.left_branch_on == null || p.left_branch_on > today)).map((p) => p.id))
  return {
    participation: memberParticipationAlerts(input.people, input.activities, input.attendance, today),
    makeup: makeupOverdue(input.attendance, input.activities, today).filter((m) => present.has(m.person_id)),
    pairings: stalePairings(input.pairings, input.logs, today),
    late: lateRecords(input.activities, `${today.slice(0, 4)}-01-01`),
  }
}
