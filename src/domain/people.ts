// The roster's rules, as i18n keys shown beside the field (nothing is saved on bad input), mirroring the server:
// people_member_admitted, people_path_in_order, people_quorum_exclusion_reason, people_left_after_joined
// (supabase/migrations/20261201000200_people.sql). Dates are Shanghai days;
// `today` comes in as an argument.
import { addCalendarMonths, isIsoDate } from './shanghai'
import { MEMBER_STATUSES, type IsoDate, type PartyStatus, type Person } from './types'

/** The path to membership, in order: 入党申请 → 积极分子 → 发展对象 → 预备党员 (admitted) → 正式党员 (confirmed). */
export const PATH_DATE_FIELDS = ['applied_on', 'activist_on', 'candidate_on', 'admitted_on', 'confirmed_on'] as const
export type PathDateField = (typeof PATH_DATE_FIELDS)[number]

/** How far along the path each status is: the number of path dates that mean something for it. */
const REACHED: Record<PartyStatus, number> = { non_member: 0, applicant: 1, activist: 2, candidate: 3, probationary: 4, full: 5 }

/** The path dates meaningful for a status (a 群众 has none, a 正式党员 all five). */
export const pathDatesFor = (status: PartyStatus): PathDateField[] => PATH_DATE_FIELDS.slice(0, REACHED[status])

/** The date that marks reaching a status, if any. */
export const stageDateOf = (status: PartyStatus): PathDateField | null => pathDatesFor(status).at(-1) ?? null

export const isMemberStatus = (status: PartyStatus): boolean => MEMBER_STATUSES.includes(status)

/** Length caps: the server caps the exclusion reason (200); the rest keep the list readable on a phone. */
export const LIMITS = { name: 50, department: 100, title: 50, reason: 200, groupName: 30 } as const

export interface PersonFormValues {
  name: string
  party_status: PartyStatus
  applied_on: IsoDate | null
  activist_on: IsoDate | null
  candidate_on: IsoDate | null
  admitted_on: IsoDate | null
  confirmed_on: IsoDate | null
  joined_branch_on: IsoDate | null
  group_id: string | null
  department: string
  title: string
  is_backbone: boolean
  excluded_from_quorum: boolean
  quorum_exclusion_reason: string
}

export type PersonField = 'name' | PathDateField | 'joined_branch_on' | 'department' | 'title' | 'quorum_exclusion_reason'
export type PersonErrors = Partial<Record<PersonField, string>>

export interface PersonContext {
  today: IsoDate
  /** The stored status (null for a new person): a changed status needs the date it was reached. */
  originalStatus: PartyStatus | null
  /** The stored transfer-out day, which the form does not edit. */
  leftBranchOn: IsoDate | null
}

/** 'roster.errors.badDate' / 'roster.errors.future', or null for a usable day. */
function dateError(value: IsoDate, today: IsoDate): string | null {
  if (!isIsoDate(value)) return 'roster.errors.badDate'
  return value > today ? 'roster.errors.future' : null
}

/** Empty when the values may be saved. */
export function validatePerson(v: PersonFormValues, ctx: PersonContext): PersonErrors {
  const errors: PersonErrors = {}
  const name = v.name.trim()
  if (name === '') errors.name = 'roster.errors.nameRequired'
  else if (name.length > LIMITS.name) errors.name = 'roster.errors.tooLong'
  if (v.department.trim().length > LIMITS.department) errors.department = 'roster.errors.tooLong'
  if (v.title.trim().length > LIMITS.title) errors.title = 'roster.errors.tooLong'

  // the path: every shown day is a real past day, later stages never before earlier ones (gaps allowed)
  let previous: { field: PathDateField; on: IsoDate } | null = null
  for (const field of pathDatesFor(v.party_status)) {
    const on = v[field]
    if (on === null) continue
    const bad = dateError(on, ctx.today)
    if (bad) errors[field] = bad
    else if (previous && on < previous.on) errors[field] = `roster.errors.before.${previous.field}`
    else previous = { field, on }
  }
  if (isMemberStatus(v.party_status) && v.admitted_on === null) errors.admitted_on = 'roster.errors.admittedRequired'
  const stage = stageDateOf(v.party_status)
  if (stage && v[stage] === null && v.party_status !== ctx.originalStatus) errors[stage] ??= 'roster.errors.stageDateRequired'

  if (v.joined_branch_on !== null) {
    const bad = dateError(v.joined_branch_on, ctx.today)
    if (bad) errors.joined_branch_on = bad
    else if (ctx.leftBranchOn !== null && v.joined_branch_on > ctx.leftBranchOn) errors.joined_branch_on = 'roster.errors.joinedAfterLeft'
  }

  if (isMemberStatus(v.party_status) && v.excluded_from_quorum) {
    const reason = v.quorum_exclusion_reason.trim()
    if (reason === '') errors.quorum_exclusion_reason = 'roster.errors.reasonRequired'
    else if (reason.length > LIMITS.reason) errors.quorum_exclusion_reason = 'roster.errors.tooLong'
  }
  return errors
}

export type PersonFields = Pick<
  Person, 'name' | 'party_status' | 'admitted_on' | 'confirmed_on' | 'joined_branch_on' | 'group_id' | 'department'
  | 'title' | 'is_backbone' | 'excluded_from_quorum'
> & Required<Pick<Person, 'applied_on' | 'activist_on' | 'candidate_on' | 'quorum_exclusion_reason'>>

const text = (s: string): string | null => (s.trim() === '' ? null : s.trim())

/**
 * The columns to write, from valid values: days of stages the status has not reached are cleared, and the
 * quorum exclusion (with its reason) exists only for members.
 */
export function toPersonFields(v: PersonFormValues): PersonFields {
  const shown = new Set<PathDateField>(pathDatesFor(v.party_status))
  const day = (field: PathDateField): IsoDate | null => (shown.has(field) ? v[field] : null)
  const excluded = isMemberStatus(v.party_status) && v.excluded_from_quorum
  return {
    name: v.name.trim(),
    party_status: v.party_status,
    applied_on: day('applied_on'),
    activist_on: day('activist_on'),
    candidate_on: day('candidate_on'),
    admitted_on: day('admitted_on'),
    confirmed_on: day('confirmed_on'),
    joined_branch_on: v.joined_branch_on,
    group_id: v.group_id,
    department: text(v.department),
    title: text(v.title),
    is_backbone: v.is_backbone,
    excluded_from_quorum: excluded,
    quorum_exclusion_reason: excluded ? v.quorum_exclusion_reason.trim() : null,
  }
}

export function toPersonValues(p: Person): PersonFormValues {
  const { name, party_status, admitted_on, confirmed_on, joined_branch_on, group_id, is_backbone, excluded_from_quorum } = p
  return {
    name, party_status, admitted_on, confirmed_on, joined_branch_on, group_id, is_backbone, excluded_from_quorum,
    // what a row may lack or hold as null, the form holds as a null day or as '' (text)
    applied_on: p.applied_on ?? null, activist_on: p.activist_on ?? null, candidate_on: p.candidate_on ?? null,
    department: p.department ?? '', title: p.title ?? '', quorum_exclusion_reason: p.quorum_exclusion_reason ?? '',
  }
}

export function emptyPersonValues(): PersonFormValues {
  return {
    name: '', party_status: 'full', applied_on: null, activist_on: null, candidate_on: null, admitted_on: null,
    confirmed_on: null, joined_branch_on: null, group_id: null, department: '', title: '', is_backbone: false,
    excluded_from_quorum: false, quorum_exclusion_reason: '',
  }
}

// ---------------------------------------------------------------------------------------------------------
// One step along the path (晋升): 群众 → 申请人 → 积极分子 → 发展对象 → 预备党员 → 正式党员, with its day.
// ---------------------------------------------------------------------------------------------------------
export interface NextStage { status: PartyStatus; field: PathDateField }

const NEXT: Partial<Record<PartyStatus, PartyStatus>> = {
  non_member: 'applicant', applicant: 'activist', activist: 'candidate', candidate: 'probationary', probationary: 'full',
}

export function nextStage(status: PartyStatus): NextStage | null {
  const next = NEXT[status]
  const field = next ? stageDateOf(next) : null
  return next && field ? { status: next, field } : null
}

type PathPerson = Pick<Person, 'party_status' | 'admitted_on' | 'confirmed_on' | 'applied_on' | 'activist_on' | 'candidate_on'>

/** The latest known day of the stages before `field`. */
function lastKnownBefore(p: PathPerson, field: PathDateField): { field: PathDateField; on: IsoDate } | null {
  let last: { field: PathDateField; on: IsoDate } | null = null
  for (const f of PATH_DATE_FIELDS.slice(0, PATH_DATE_FIELDS.indexOf(field))) {
    const on = p[f] ?? null
    if (on !== null && (last === null || on >= last.on)) last = { field: f, on }
  }
  return last
}

/** The step's day: a real past day, not before the stages already reached. Null when valid. */
export function validateStep(p: PathPerson, on: IsoDate, today: IsoDate): string | null {
  const step = nextStage(p.party_status)
  if (!step) return 'roster.errors.noNextStage'
  const bad = dateError(on, today)
  if (bad) return bad
  const last = lastKnownBefore(p, step.field)
  return last && on < last.on ? `roster.errors.before.${last.field}` : null
}

/** The fields a step writes: the new status and the day it was reached. */
export function stepFields(p: PathPerson, on: IsoDate): Partial<PersonFields> {
  const step = nextStage(p.party_status)
  if (!step) throw new RangeError(`no stage after ${p.party_status}`)
  const fields: Partial<PersonFields> = { party_status: step.status }
  fields[step.field] = on
  return fields
}

/**
 * The first day the minimum wait allows the step (细则 art. 15: a year as activist before 发展对象;
 * 党章 art. 7: a year of probation), or null when none applies or its start is unknown. A hint, not a rule.
 */
export function earliestStep(p: PathPerson): IsoDate | null {
  const from = p.party_status === 'activist' ? p.activist_on : p.party_status === 'probationary' ? p.admitted_on : null
  return from ? addCalendarMonths(from, 12) : null
}

/** 转出: a real day, not in the future, not before joining the branch. Null when valid. */
export function validateTransfer(on: IsoDate, p: Pick<Person, 'joined_branch_on'>, today: IsoDate): string | null {
  const bad = dateError(on, today)
  if (bad) return bad
  return p.joined_branch_on !== null && on < p.joined_branch_on ? 'roster.errors.leftBeforeJoined' : null
}

/** A group's name: given, short, and not the name of another live group of the branch. Null when valid. */
export function validateGroupName(name: string, others: readonly string[]): string | null {
  const n = name.trim()
  if (n === '') return 'roster.errors.groupNameRequired'
  if (n.length > LIMITS.groupName) return 'roster.errors.tooLong'
  return others.some((o) => o.trim() === n) ? 'roster.errors.groupExists' : null
}
