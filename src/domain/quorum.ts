// Quorum of a 党员大会 (SPEC §3.2), also shown in the UI as "到会有表决权党员 5/8".
// The same rule on the server: supabase/migrations/20261201000600_quorum.sql (private.judge_activities).
import { shanghaiDate } from './shanghai'
import { isLive, type Activity, type Attendance, type IsoDate, type Person } from './types'

export type QuorumActivity = Pick<Activity, 'id' | 'branch_id' | 'starts_at'>
export type QuorumPerson = Pick<
  Person,
  | 'id' | 'branch_id' | 'party_status' | 'confirmed_on' | 'joined_branch_on' | 'left_branch_on'
  | 'excluded_from_quorum' | 'deleted_at'
>
export type QuorumAttendance = Pick<Attendance, 'activity_id' | 'person_id' | 'status' | 'deleted_at'>

export interface Quorum {
  /** Voting members expected: the branch's full members on the day, less approved long-term absences. */
  expected: number
  /** Of those, how many are present. */
  present: number
  /** More than half: exactly half is not enough, and no voting member at all is no quorum. */
  met: boolean
}

/**
 * A voting member of the branch on `date`: full (probationary members do not vote), not deleted, confirmed,
 * joined by then and not yet left. `excluded_from_quorum` is a current flag applied to every date
 * (decisions §6): such members count neither as expected nor as present.
 */
export function isVotingMember(person: QuorumPerson, branchId: string, date: IsoDate): boolean {
  return (
    person.branch_id === branchId &&
    isLive(person) &&
    person.party_status === 'full' &&
    !person.excluded_from_quorum &&
    (person.confirmed_on == null || person.confirmed_on <= date) &&
    (person.joined_branch_on == null || person.joined_branch_on <= date) &&
    (person.left_branch_on == null || person.left_branch_on > date)
  )
}

/** Members on leave still count as expected; only a live `present` row counts as present. */
export function assemblyQuorum(
  activity: QuorumActivity,
  people: readonly QuorumPerson[],
  attendance: readonly QuorumAttendance[],
): Quorum {
  const date = shanghaiDate(activity.starts_at)
  const presentIds = new Set(
    attendance
      .filter((t) => t.activity_id === activity.id && t.status === 'present' && isLive(t))
      .map((t) => t.person_id),
  )
  const voters = people.filter((p) => isVotingMember(p, activity.branch_id, date))
  const present = voters.filter((p) => presentIds.has(p.id)).length
  return { expected: voters.length, present, met: present * 2 > voters.length }
}
