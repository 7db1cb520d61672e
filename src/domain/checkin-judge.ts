// What a scanned QR means for a check-in (SPEC §6), decided on the device with no network:
// * judgeMemberCode — the secretary's phone reads a member's code and verifies it against the key it holds;
// * judgeEventCode — a member's phone reads the activity's code; only the server can verify its signature, so
//   the phone checks what it can (an activity of the branch, the one being checked in to, the window).
// Pure: the rows and keys come in through the context.
import {
  type ParsedCode, inWindow, parseCode, verifyCode,
} from './checkin-codes'
import type { Activity, Attendance, Person } from './types'

export type MemberScanRefusal =
  | 'not_member_code' | 'event_code' | 'cancelled' | 'outside_window' | 'not_in_branch' | 'left_branch' | 'no_key'
  | 'bad_signature' | 'stale' | 'future'

export type ScanPerson = Pick<Person, 'id' | 'name'>
export type MemberScanResult =
  | { kind: 'checked_in'; person: ScanPerson }
  | { kind: 'already'; person: ScanPerson; attendance: Pick<Attendance, 'method' | 'checked_in_at'> }
  | { kind: 'refused'; reason: MemberScanRefusal; person?: ScanPerson }

export type CheckinActivity = Pick<Activity, 'id' | 'branch_id' | 'starts_at' | 'ends_at' | 'status'>

export interface MemberScanContext {
  activity: CheckinActivity
  nowMs: number
  /** The person of that id among the people this device holds (any branch), if any. */
  person(id: string): Pick<Person, 'id' | 'name' | 'branch_id' | 'left_branch_on' | 'deleted_at'> | undefined
  /** The person's member key, if this device holds it. */
  key(personId: string): Promise<string | undefined>
  /** The person's live attendance row at this activity on this device, if any. */
  attendance(personId: string): Pick<Attendance, 'status' | 'method' | 'checked_in_at'> | undefined
}

/** The Shanghai calendar day of an instant (YYYY-MM-DD). */
function shanghaiDay(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10)
}

/**
 * A member's code scanned at ctx.nowMs: who it is and whether they may be checked in now. Refusals are in the
 * order a secretary can act on them: the wrong kind of QR, the wrong time, the wrong person, then the code itself.
 */
export async function judgeMemberCode(text: string, ctx: MemberScanContext): Promise<MemberScanResult> {
  const code = parseCode(text.trim())
  if (code == null) return { kind: 'refused', reason: 'not_member_code' }
  if (code.kind === 'e') return { kind: 'refused', reason: 'event_code' }
  if (ctx.activity.status === 'cancelled') return { kind: 'refused', reason: 'cancelled' }
  if (!inWindow({ ms: ctx.nowMs }, ctx.activity)) return { kind: 'refused', reason: 'outside_window' }

  const found = ctx.person(code.subjectId)
  if (found == null || found.deleted_at != null || found.branch_id !== ctx.activity.branch_id) {
    return { kind: 'refused', reason: 'not_in_branch' }
  }
  const person = { id: found.id, name: found.name }
  if (found.left_branch_on != null && found.left_branch_on <= shanghaiDay(ctx.nowMs)) {
    return { kind: 'refused', reason: 'left_branch', person }
  }
  const key = await ctx.key(found.id)
  if (key == null) return { kind: 'refused', reason: 'no_key', person }
  const check = await verifyCode(code, key, ctx.nowMs)
  if (!check.ok) {
    const reason = check.reason === 'bad_signature' || check.reason === 'stale' || check.reason === 'future' ? check.reason : 'not_member_code'
    return { kind: 'refused', reason, person }
  }
  const row = ctx.attendance(found.id)
  if (row?.status === 'present') return { kind: 'already', person, attendance: row }
  return { kind: 'checked_in', person }
}

export type EventScanRefusal = 'not_event_code' | 'member_code' | 'unknown_activity' | 'other_activity' | 'cancelled' | 'outside_window'
export type EventScanResult =
  | { kind: 'accepted'; code: ParsedCode; text: string; activity: CheckinActivity }
  | { kind: 'refused'; reason: EventScanRefusal; activity?: CheckinActivity }

export interface EventScanContext {
  /** When scanning from an activity's page: the activity the member means to check in to. */
  expectedActivityId?: string | null
  /** The activity of that id among those this device holds (the member's branch), if any. */
  activity(id: string): CheckinActivity | undefined
}

/** An activity's code scanned by a member: what the phone can check before the server verifies the signature. */
export function judgeEventCode(text: string, ctx: EventScanContext): EventScanResult {
  const trimmed = text.trim()
  const code = parseCode(trimmed)
  if (code == null) return { kind: 'refused', reason: 'not_event_code' }
  if (code.kind === 'm') return { kind: 'refused', reason: 'member_code' }
  const activity = ctx.activity(code.subjectId)
  if (ctx.expectedActivityId && code.subjectId !== ctx.expectedActivityId.toLowerCase()) {
    return { kind: 'refused', reason: 'other_activity', ...(activity ? { activity } : {}) }
  }
  if (activity == null) return { kind: 'refused', reason: 'unknown_activity' }
  if (activity.status === 'cancelled') return { kind: 'refused', reason: 'cancelled', activity }
  // judged by the code's own step, as the server will (SPEC §6)
  if (!inWindow({ step: code.step }, activity)) return { kind: 'refused', reason: 'outside_window', activity }
  return { kind: 'accepted', code, text: trimmed, activity }
}

/** How a member's event-code check-in stands: on this phone only, waiting for the key, verified or rejected. */
export type CheckinStanding = 'unsent' | 'pending' | 'verified' | 'rejected'

export function checkinStanding(
  row: Pick<Attendance, 'method' | 'checkin_state'> | null | undefined,
  { queued, refused }: { queued: boolean; refused: boolean },
): CheckinStanding | null {
  if (row == null || row.method !== 'event_code') return null
  if (refused || row.checkin_state === 'rejected') return 'rejected'
  if (queued) return 'unsent'
  return row.checkin_state === 'verified' ? 'verified' : 'pending'
}
