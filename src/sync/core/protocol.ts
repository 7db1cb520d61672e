// The wire contract of docs/sync.md (sync_push / sync_pull) and the shape of the device's outbox.
// Pure types and constants: imported by db/ (which stores them) and by the rest of sync/.

/** The schema version this app was built for; the server refuses any other (hint client_/server_outdated). */
export const SCHEMA_VERSION = 1

/** Mutations per sync_push call (the server answers batch_too_large beyond). */
export const MAX_BATCH = 500

/** Tables a device may push to. */
export const PUSH_TABLES = [
  'orgs', 'people', 'activities', 'attendance', 'pairings', 'pairing_logs',
  'cadence_policies', 'funding_policies', 'funding_matches', 'expenses', 'event_keys',
] as const
export type PushTable = (typeof PUSH_TABLES)[number]

/**
 * Tables sync_pull delivers: the pushable ones plus the caller's own grants, the names-only roster and the
 * server-issued member_keys (never pushed: the server refuses them as malformed).
 */
export const PULL_TABLES = [...PUSH_TABLES, 'org_roles', 'roster', 'member_keys'] as const
export type PullTable = (typeof PULL_TABLES)[number]

export const isPullTable = (table: string): table is PullTable => (PULL_TABLES as readonly string[]).includes(table)

/** Columns the server owns: never pushed (naming one makes the whole batch malformed). */
const SERVER_OWNED = new Set(['updated_at', 'sync_xid', 'sync_seq', 'root_id', 'received_at', 'path', 'created_by'])

/** May a client push this column of this table? (docs/sync.md "Server bookkeeping cannot be written") */
export function isWritableField(table: PushTable, field: string): boolean {
  if (field.startsWith('_') || SERVER_OWNED.has(field)) return false // '_' marks device-only bookkeeping
  if ((table === 'attendance' || table === 'pairing_logs' || table === 'event_keys') && field === 'branch_id') return false
  if (table === 'people' && field === 'user_id') return false
  // the server's ruling on a scanned event code, and its change history (supabase/migrations/20261201000500_checkin.sql)
  if (table === 'attendance' && (field === 'checkin_state' || field === 'checkin_problem' || field === 'history')) return false
  return true
}

export interface Mutation {
  /** The mutation's own uuid: the server's idempotency key. */
  id: string
  table: PushTable
  /** seq of the row version the user edited; null for a row new to this device. */
  base_seq: number | null
  /** `id` plus only the fields the user changed. */
  row: { id: string } & Record<string, unknown>
}

export interface PushResult {
  id: string
  row_id: string
  status: 'applied' | 'rejected'
  seq?: number
  /** attendance: the server already had a row for this (activity, person); the device renames its row. */
  merged_into?: string
  /** attendance: fields the server kept because a check-in was newer than this edit's base_seq. */
  kept?: string[]
  code?: string
  reason?: string
}

export interface PulledRow {
  table: string
  seq: number
  row: { id: string } & Record<string, unknown>
}

export interface PullPage {
  rows: PulledRow[]
  cursor: string
  has_more: boolean
  scope: string
}

/**
 * pending: waiting to be sent; may absorb further edits of the same row.
 * sending: handed to the server at least once. Its id may already be recorded there, so its fields are
 *          frozen (an edit folded in now could be answered by the stored result and be lost); it is re-sent
 *          with the same id until an answer arrives.
 * rejected: the server refused it; kept for the 需处理 list until the user retries or discards it.
 */
export type OutboxState = 'pending' | 'sending' | 'rejected'

export interface OutboxEntry {
  /** Local order of the writes (auto-increment); pushes follow it. */
  seq?: number
  id: string
  table: PushTable
  row_id: string
  /** Only the changed fields, never `id` (the row id travels as row_id). */
  fields: Record<string, unknown>
  base_seq: number | null
  created_at: string
  state: OutboxState
  attempts: number
  reason: string | null
  code: string | null
}
