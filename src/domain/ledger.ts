// What the server's branch_ledger(p_branch, p_year) returns (supabase/migrations/20261201001200_ledger.sql): a branch's year as
// a 台账, names included, for reviewers of its committee and its own secretaries.
import type { ActivityKind } from './types'

export interface LedgerAttendance {
  expected: number
  present: string[]
  leave: { name: string; reason: string | null }[]
  absent: string[]
  /** Expected, but nothing recorded for them. */
  unmarked: string[]
  makeup: { name: string; on: string; note: string | null }[]
}

export interface LedgerActivity {
  id: string
  starts_at: string
  ends_at: string | null
  kinds: ActivityKind[]
  title: string | null
  topic: string | null
  place: string | null
  group_name: string | null
  host_name: string | null
  lecturer_name: string | null
  minutes: string | null
  decisions: string | null
  recorded_at: string | null
  /** 补录: written more than 7 days after it took place (SPEC §3.4). */
  late: boolean
  attendance: LedgerAttendance
  /** Assemblies only (SPEC §3.2). */
  quorum: { voting: number; present: number; met: boolean } | null
}

export interface LedgerPairing {
  id: string
  mentor_name: string | null
  mentee_name: string | null
  track: string
  started_on: string
  status: string
  ended_on: string | null
  goal: string | null
  log_count: number
  last_logged_on: string | null
}

export interface Ledger {
  branch: { id: string; name: string; has_committee: boolean; parent_name: string | null }
  year: number
  generated_at: string
  roster: { full: number; probationary: number; excluded_from_quorum: number; groups: { id: string; name: string; members: number }[] }
  months: { month: string; activities: LedgerActivity[] }[]
  pairings: LedgerPairing[]
}
