// What the device stores per synced table: the domain row (src/domain/types.ts) plus `_seq`, the server seq
// of the version the device holds (null: never seen by the server). Fields starting with '_' never sync.
import type {
  Activity, Attendance, CadencePolicy, EventKey, Expense, FundingMatch, FundingPolicy, MemberKey, Org, OrgRole,
  Pairing, PairingLog, Person, SyncedRow,
} from '../domain/types'
import type { PullTable } from '../sync/core/protocol'

/** The names-only view of people that members pull for the branches they belong to. */
export interface RosterEntry extends SyncedRow {
  branch_id: string
  group_id: string | null
  name: string
}

export interface RowTypes {
  orgs: Org
  people: Person
  roster: RosterEntry
  org_roles: OrgRole
  activities: Activity
  attendance: Attendance
  pairings: Pairing
  pairing_logs: PairingLog
  cadence_policies: CadencePolicy
  funding_policies: FundingPolicy
  funding_matches: FundingMatch
  expenses: Expense
  member_keys: MemberKey
  event_keys: EventKey
}

export type Local<T> = T & { _seq: number | null }

/** A row as a screen hands it to a repo: the id and whatever fields it sets. */
export type Draft<T> = { id: string } & Partial<Omit<T, 'id'>>

/** A photo of an activity, kept on this device only (db/repos/photos.ts). */
export interface ActivityPhoto {
  id: string
  activity_id: string
  /** 'data:image/jpeg;base64,…' — re-encoded on the device, so no EXIF or location is left in it. */
  data_url: string
  /** Bytes of the JPEG itself. */
  size: number
  /** Device time when it was added (ISO). */
  added_at: string
}

/** Every table the device mirrors (SPEC §5 canonical names). */
export const SYNCED_TABLES: readonly PullTable[] = [
  'orgs', 'people', 'roster', 'org_roles', 'activities', 'attendance', 'pairings', 'pairing_logs',
  'cadence_policies', 'funding_policies', 'funding_matches', 'expenses', 'member_keys', 'event_keys',
]

/**
 * Timestamps kept in one form on the device ('…Z', UTC, milliseconds) because an index orders them as
 * strings: the server sends '+00:00', a form may send '+08:00', and those do not sort by instant.
 */
const INDEXED_TIMESTAMPS: Partial<Record<PullTable, readonly string[]>> = { activities: ['starts_at'] }

export function normalizeRow<R extends Record<string, unknown>>(table: PullTable, row: R): R {
  const fields = INDEXED_TIMESTAMPS[table]
  if (!fields) return row
  const out: Record<string, unknown> = { ...row }
  for (const f of fields) {
    const v = out[f]
    if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) out[f] = new Date(v).toISOString()
  }
  return out as R
}
