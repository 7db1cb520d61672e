// 双培养 pairings (SPEC §2, §8): who may be paired, what a log or a closing needs, and the mentee's path to
// membership with the minimum waits of the 发展党员工作细则 (2014). `today` is a Shanghai day passed in.
// The checks mirror the server's trigger (supabase/migrations/20261201000700_pairings.sql) and add what a
// secretary would expect (a backbone_to_member mentee is a backbone, no start in the future, a goal).
import { addCalendarMonths, isIsoDate } from './shanghai'
import {
  isLive, MEMBER_STATUSES,
  type IsoDate, type Pairing, type PairingLog, type PairingStatus, type PairingTrack, type PartyStatus, type Person,
} from './types'

export type PairingPerson = Pick<
  Person, 'id' | 'branch_id' | 'party_status' | 'is_backbone' | 'left_branch_on' | 'deleted_at'
>

export interface PairingDraft {
  mentor_id: string | null
  mentee_id: string | null
  track: PairingTrack
  started_on: IsoDate
  goal: string
}

export type PairingField = 'mentor_id' | 'mentee_id' | 'started_on' | 'goal'
/** i18n keys by field; empty when the draft may be saved. */
export type PairingErrors = Partial<Record<PairingField, string>>

const isMember = (p: Pick<Person, 'party_status'>): boolean => MEMBER_STATUSES.includes(p.party_status)

/** Live people of the branch who have not left it by today. */
function inBranch(p: PairingPerson, branchId: string, today: IsoDate): boolean {
  return isLive(p) && p.branch_id === branchId && (p.left_branch_on == null || p.left_branch_on > today)
}

/** Who may mentor: full or probationary members of the branch. */
export function mentorCandidates<P extends PairingPerson>(people: readonly P[], branchId: string, today: IsoDate): P[] {
  return people.filter((p) => inBranch(p, branchId, today) && isMember(p))
}

/** Whether this person may be the mentee of a pairing on this track (the mentor aside). */
export function fitsTrack(p: Pick<Person, 'party_status' | 'is_backbone'>, track: PairingTrack): boolean {
  return track === 'backbone_to_member' ? p.is_backbone && !isMember(p) : isMember(p)
}

/** Who may be the mentee on a track: a backbone not yet a member, or a member; never the mentor. */
export function menteeCandidates<P extends PairingPerson>(
  people: readonly P[], branchId: string, track: PairingTrack, mentorId: string | null, today: IsoDate,
): P[] {
  return people.filter((p) => inBranch(p, branchId, today) && p.id !== mentorId && fitsTrack(p, track))
}

/** The checks of a new pairing (or of a change of its people or track). */
export function validatePairing(
  draft: PairingDraft, people: readonly PairingPerson[], branchId: string, today: IsoDate,
): PairingErrors {
  const errors: PairingErrors = {}
  const find = (id: string | null) => (id ? people.find((p) => p.id === id && inBranch(p, branchId, today)) : undefined)
  const mentor = find(draft.mentor_id)
  const mentee = find(draft.mentee_id)
  if (!draft.mentor_id) errors.mentor_id = 'pairings.errors.mentorRequired'
  else if (!mentor) errors.mentor_id = 'pairings.errors.notInBranch'
  else if (!isMember(mentor)) errors.mentor_id = 'pairings.errors.mentorNotMember'
  if (!draft.mentee_id) errors.mentee_id = 'pairings.errors.menteeRequired'
  else if (draft.mentee_id === draft.mentor_id) errors.mentee_id = 'pairings.errors.samePerson'
  else if (!mentee) errors.mentee_id = 'pairings.errors.notInBranch'
  else if (!fitsTrack(mentee, draft.track)) {
    errors.mentee_id = draft.track === 'backbone_to_member' ? 'pairings.errors.menteeNotBackbone' : 'pairings.errors.menteeNotMember'
  }
  if (!isIsoDate(draft.started_on)) errors.started_on = 'pairings.errors.dateRequired'
  else if (draft.started_on > today) errors.started_on = 'pairings.errors.future'
  if (draft.goal.trim() === '') errors.goal = 'pairings.errors.goalRequired'
  return errors
}

export interface LogDraft {
  logged_on: IsoDate
  note: string
  milestone: string
}
export type LogErrors = Partial<Record<'logged_on' | 'note', string>>

/** A progress note: dated between the pairing's start and today, with something written. */
export function validateLog(draft: LogDraft, pairing: Pick<Pairing, 'started_on'>, today: IsoDate): LogErrors {
  const errors: LogErrors = {}
  if (!isIsoDate(draft.logged_on)) errors.logged_on = 'pairings.errors.dateRequired'
  else if (draft.logged_on > today) errors.logged_on = 'pairings.errors.future'
  else if (draft.logged_on < pairing.started_on) errors.logged_on = 'pairings.errors.beforeStart'
  if (draft.note.trim() === '') errors.note = 'pairings.errors.noteRequired'
  return errors
}

/** Closing a pairing (achieved or ended): the server requires ended_on ≥ started_on. Null when valid. */
export function validateClose(endedOn: IsoDate, pairing: Pick<Pairing, 'started_on'>, today: IsoDate): string | null {
  if (!isIsoDate(endedOn)) return 'pairings.errors.dateRequired'
  if (endedOn > today) return 'pairings.errors.future'
  if (endedOn < pairing.started_on) return 'pairings.errors.beforeStart'
  return null
}

/** The latest live log day of each pairing. */
export function lastLogDays(logs: readonly Pick<PairingLog, 'pairing_id' | 'logged_on' | 'deleted_at'>[]): Map<string, IsoDate> {
  const out = new Map<string, IsoDate>()
  for (const log of logs) {
    if (isLive(log) && log.logged_on > (out.get(log.pairing_id) ?? '')) out.set(log.pairing_id, log.logged_on)
  }
  return out
}

const STATUS_ORDER: Record<PairingStatus, number> = { active: 0, achieved: 1, ended: 2 }

/** Live pairings, active first, then the most recently started. */
export function sortPairings<T extends Pick<Pairing, 'status' | 'started_on' | 'deleted_at' | 'id'>>(pairings: readonly T[]): T[] {
  return pairings.filter(isLive).sort((a, b) =>
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.started_on.localeCompare(a.started_on) || a.id.localeCompare(b.id))
}

// ---------------------------------------------------------------------------------------------------------
// The mentee's path: 申请人 → 积极分子 → 发展对象 → 预备党员 → 正式党员.
// 细则 art. 15: an activist may be listed as 发展对象 after at least one year of training (一年以上);
// 党章 art. 7: the probation lasts one year. A year is 12 calendar months to the same day, clamped to the
// month's end (民法典 art. 202: no corresponding day → the month's last day): 2024-02-29 → 2025-02-28.
// ---------------------------------------------------------------------------------------------------------

export const PATH_STAGES = ['applicant', 'activist', 'candidate', 'probationary', 'full'] as const
export type PathStage = (typeof PATH_STAGES)[number]

export type PathPerson = Pick<
  Person, 'party_status' | 'applied_on' | 'activist_on' | 'candidate_on' | 'admitted_on' | 'confirmed_on'
>

export interface PathStep {
  stage: PathStage
  /** done: reached (date known or implied by party_status); next: the first not reached; later: after it. */
  state: 'done' | 'next' | 'later'
  /** The recorded day it was reached, if known. */
  on: IsoDate | null
  /** The minimum wait that applies before this stage, if any. */
  wait: 'activist_year' | 'probation_year' | null
  /** The first day the stage is allowed by that wait; null when no wait applies or its start is unknown. */
  earliest: IsoDate | null
  /** next: the wait has passed by today (or none applies). */
  allowed: boolean
  /** done: the recorded day is before the minimum wait allows (a fact to check, not an error). */
  early: boolean
}

const STATUS_RANK: Record<PartyStatus, number> = {
  non_member: -1, applicant: 0, activist: 1, candidate: 2, probationary: 3, full: 4,
}

const DAY_OF: Record<PathStage, (p: PathPerson) => IsoDate | null | undefined> = {
  applicant: (p) => p.applied_on,
  activist: (p) => p.activist_on,
  candidate: (p) => p.candidate_on,
  probationary: (p) => p.admitted_on,
  full: (p) => p.confirmed_on,
}

/** The wait before each stage and the day it runs from. */
const WAIT_OF: Partial<Record<PathStage, { wait: PathStep['wait']; from: (p: PathPerson) => IsoDate | null | undefined }>> = {
  candidate: { wait: 'activist_year', from: (p) => p.activist_on },
  full: { wait: 'probation_year', from: (p) => p.admitted_on },
}

/** The first day a stage is allowed after one year from `from`. */
export const oneYearAfter = (from: IsoDate): IsoDate => addCalendarMonths(from, 12)

/** The mentee's five steps, each done (with its day) or not, and when the next one is allowed. */
export function menteePath(person: PathPerson, today: IsoDate): PathStep[] {
  const rank = STATUS_RANK[person.party_status]
  let nextFound = false
  return PATH_STAGES.map((stage, i) => {
    const on = DAY_OF[stage](person) ?? null
    const rule = WAIT_OF[stage]
    const from = rule?.from(person) ?? null
    const earliest = from ? oneYearAfter(from) : null
    const done = on !== null || rank >= i
    const state: PathStep['state'] = done ? 'done' : nextFound ? 'later' : 'next'
    if (state === 'next') nextFound = true
    return {
      stage, state, on, wait: rule?.wait ?? null, earliest,
      allowed: state === 'next' && (rule == null || (earliest !== null && today >= earliest)),
      early: done && on !== null && earliest !== null && on < earliest,
    }
  })
}

/** The earliest day a pairing's dates offer: pairings run for years, ten back is plenty. */
export const earliestPairingDay = (today: IsoDate): IsoDate => `${Number(today.slice(0, 4)) - 10}-01-01`
