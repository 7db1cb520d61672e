// Row types shared by the Dexie schema, the sync layer and the pure rules (SPEC §5). Column names are the
// Postgres ones. Dates are 'YYYY-MM-DD' strings (Asia/Shanghai calendar days), timestamps ISO strings with
// an offset. Money is integer fen. Columns the server sets (received_at, created_by, the copied branch_id of
// attendance and pairing_logs) are typed as the device sees them after a pull.

export const ORG_KINDS = ['committee', 'branch', 'group'] as const
export type OrgKind = (typeof ORG_KINDS)[number]

/** The order is the one the UI lists kinds in (三会一课, then the monthly and yearly ones). */
export const ACTIVITY_KINDS = ['assembly', 'committee', 'group', 'lesson', 'theme_day', 'org_life', 'review'] as const
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]

export const ACTIVITY_STATUSES = ['planned', 'held', 'cancelled'] as const
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number]

export const PARTY_STATUSES = ['full', 'probationary', 'candidate', 'activist', 'applicant', 'non_member'] as const
export type PartyStatus = (typeof PARTY_STATUSES)[number]

/** Full and probationary members: the people who count for funding and participation alerts. */
export const MEMBER_STATUSES: readonly PartyStatus[] = ['full', 'probationary']

export const ATTENDANCE_STATUSES = ['present', 'leave', 'absent'] as const
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number]

export const CHECKIN_METHODS = ['roster', 'member_code', 'event_code'] as const
export type CheckinMethod = (typeof CHECKIN_METHODS)[number]

export const PAIRING_TRACKS = ['backbone_to_member', 'member_to_backbone'] as const
export type PairingTrack = (typeof PAIRING_TRACKS)[number]

export const PAIRING_STATUSES = ['active', 'achieved', 'ended'] as const
export type PairingStatus = (typeof PAIRING_STATUSES)[number]

export const PERIODS = ['month', 'quarter', 'year'] as const
export type Period = (typeof PERIODS)[number]

export const ORG_ROLES = ['secretary', 'reviewer', 'finance'] as const
export type OrgRoleName = (typeof ORG_ROLES)[number]

/** 'YYYY-MM-DD', a calendar day in Asia/Shanghai. */
export type IsoDate = string
/** An ISO 8601 timestamp with an offset, e.g. '2026-03-31T23:30:00+08:00'. */
export type IsoTimestamp = string

export interface SyncedRow {
  id: string
  /** Server time of the last write (server-set). */
  updated_at: IsoTimestamp
  /** Tombstone: rows are never hard-deleted by clients. */
  deleted_at: IsoTimestamp | null
}

export interface Org extends SyncedRow {
  parent_id: string | null
  kind: OrgKind
  name: string
  has_committee: boolean
}

export interface Person extends SyncedRow {
  branch_id: string
  group_id: string | null
  user_id: string | null
  name: string
  party_status: PartyStatus
  admitted_on: IsoDate | null
  confirmed_on: IsoDate | null
  joined_branch_on: IsoDate | null
  left_branch_on: IsoDate | null
  excluded_from_quorum: boolean
  is_backbone: boolean
  department: string | null
  title: string | null
  /** The mentee's path to membership (发展党员工作细则): 入党申请, 积极分子, 发展对象 dates (supabase/migrations/*_people.sql). */
  applied_on?: IsoDate | null
  activist_on?: IsoDate | null
  candidate_on?: IsoDate | null
  /** Why the member is excluded from quorum; required by the server while excluded_from_quorum. */
  quorum_exclusion_reason?: string | null
}

export interface OrgRole extends SyncedRow {
  user_id: string
  org_id: string
  role: OrgRoleName
}

export interface Activity extends SyncedRow {
  branch_id: string
  /** Set exactly when kinds contains 'group'. */
  group_id: string | null
  /** A non-empty set: the activity counts once toward each kind. */
  kinds: ActivityKind[]
  title: string | null
  topic: string | null
  starts_at: IsoTimestamp
  ends_at: IsoTimestamp | null
  place: string | null
  host_id: string | null
  lecturer_id: string | null
  /** An outside speaker's name, when the lecturer is not on the roster (at most one of the two is set). */
  lecturer_name?: string | null
  minutes: string | null
  decisions: string | null
  status: ActivityStatus
  /** The device's clock when the record was written (client-set, shown as such). */
  recorded_at: IsoTimestamp
  /** Server-set: the user who first sent it. */
  created_by: string | null
  /** Server-set: when the record first reached the server; null until it has. */
  received_at: IsoTimestamp | null
}

export interface Attendance extends SyncedRow {
  activity_id: string
  person_id: string
  status: AttendanceStatus
  leave_reason: string | null
  method: CheckinMethod
  checked_in_at: IsoTimestamp | null
  makeup_on: IsoDate | null
  makeup_note: string | null
  /** Copied from the activity by the server; never pushed. */
  branch_id: string
  received_at: IsoTimestamp | null
  /** The activity code a member scanned (method event_code), sent for the server to verify. */
  checkin_code?: string | null
  /** The server's ruling on checkin_code (never pushed); absent until the row has synced. */
  checkin_state?: CheckinState | null
  /** Why a pending check-in was rejected when the activity's key reached the server. */
  checkin_problem?: string | null
  /** Changes of status / method / ruling, oldest first, kept by the server (never pushed). */
  history?: AttendanceChange[]
}

export const CHECKIN_STATES = ['pending', 'verified', 'rejected'] as const
export type CheckinState = (typeof CHECKIN_STATES)[number]

export interface AttendanceChange {
  at: IsoTimestamp
  status: AttendanceStatus
  method: CheckinMethod
  state?: CheckinState
  problem?: string
  deleted?: boolean
  /** Who: the branch's secretary, the member themself, or the server (a pending check-in ruled on). */
  by: 'secretary' | 'member' | 'server'
  name?: string
}

export interface Pairing extends SyncedRow {
  branch_id: string
  mentor_id: string
  mentee_id: string
  track: PairingTrack
  started_on: IsoDate
  goal: string | null
  status: PairingStatus
  ended_on: IsoDate | null
}

export interface PairingLog extends SyncedRow {
  pairing_id: string
  logged_on: IsoDate
  note: string | null
  milestone: string | null
  /** Copied from the pairing by the server; never pushed. */
  branch_id: string
}

export interface CadencePolicy extends SyncedRow {
  org_id: string
  kind: ActivityKind
  per: Period
  /** 0 switches the kind off for the subtree. */
  min_count: number
}

/**
 * numeric(6,3) as it travels: a JSON number from a pull (1.1), a decimal string when the app writes it
 * ("1.100"). Read it only through parseRatioMilli: rules compute in integer thousandths, never in floats.
 */
export type RatioValue = string | number

export interface FundingPolicy extends SyncedRow {
  org_id: string
  year: number
  rate_fen: number
  match_ratio: RatioValue
  /** null means Dec 31 of the year before. */
  census_date: IsoDate | null
}

export interface FundingMatch extends SyncedRow {
  branch_id: string
  year: number
  amount_fen: number
  note: string | null
  recorded_on: IsoDate
}

export interface Expense extends SyncedRow {
  branch_id: string
  spent_on: IsoDate
  amount_fen: number
  category: string | null
  activity_id: string | null
  note: string | null
}

/**
 * A member's check-in key (SPEC §6): issued by the server, one per person (id = person_id), pulled by the
 * member and by their branch's secretaries; never pushed.
 */
export interface MemberKey extends SyncedRow {
  person_id: string
  /** base64url, at least 16 bytes (checkin-codes.ts). */
  key: string
  rotated_at: IsoTimestamp
  /** The person's branch (server-set). */
  branch_id: string
}

/**
 * An activity's check-in key (SPEC §6): made on the secretary's device when the activity is created
 * (id = activity_id), pushed, and pulled by the branch's secretaries only.
 */
export interface EventKey extends SyncedRow {
  activity_id: string
  /** base64url, at least 16 bytes (checkin-codes.ts). */
  key: string
  /** Copied from the activity by the server; never pushed. */
  branch_id: string
}

/** A tombstone may be missing on a row built locally, hence the loose check. */
export const isLive = (row: { deleted_at?: string | null }): boolean => row.deleted_at == null

const RATIO_RE = /^(\d{1,9})(?:\.(\d+))?$/

/**
 * The exact value of a match ratio in thousandths: "1.1" → 1100, "1.333" → 1333, 1.1 → 1100.
 * Numbers go through their shortest decimal form, which is exact for any numeric(6,3) value.
 * Throws RangeError on a negative, non-decimal or finer-than-0.001 value.
 */
export function parseRatioMilli(value: string | number): number {
  const text = typeof value === 'number' ? String(value) : value.trim()
  const match = RATIO_RE.exec(text)
  const frac = match?.[2] ?? ''
  if (!match || (typeof value === 'number' && !Number.isFinite(value)) || /[^0]/.test(frac.slice(3))) {
    throw new RangeError(`match ratio ${JSON.stringify(value)} is not a non-negative decimal with at most 3 places`)
  }
  return Number(match[1]) * 1000 + Number(frac.slice(0, 3).padEnd(3, '0'))
}

/** Thousandths back to the decimal text numeric(6,3) stores: 1100 → "1.100". */
export function formatRatioMilli(milli: number): string {
  if (!Number.isSafeInteger(milli) || milli < 0) throw new RangeError(`bad ratio ${milli}`)
  return `${Math.floor(milli / 1000)}.${String(milli % 1000).padStart(3, '0')}`
}
