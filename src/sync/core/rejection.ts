// How a refused write is shown in 需处理: what it was (an i18n key and the row's own name) and why, from
// the Postgres error class the server reported. Pure: the row comes in as an argument.
import type { OutboxEntry } from './protocol'

export type RejectionReason = 'revoked' | 'forbidden' | 'invalid' | 'missing' | 'duplicate' | 'conflict' | 'other'

/** SQLSTATE → a reason a secretary can act on (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export function rejectionReason(code: string | null): RejectionReason {
  if (!code) return 'other'
  if (code === 'role_revoked') return 'revoked' // sync_push: the caller's role there was revoked (decisions §29)
  if (code === '42501') return 'forbidden' // insufficient_privilege: RLS or a guard trigger
  if (code === '23503') return 'missing' // foreign_key_violation
  if (code === '23505') return 'duplicate' // unique_violation
  if (code === '40001' || code === '40P01') return 'conflict'
  if (code.startsWith('23') || code.startsWith('22') || code === 'P0001') return 'invalid'
  return 'other'
}

export interface RevokedRole { role: string; day: string; org: string }

/** The role that was revoked, from the server's reason "role revoked: <role> <yyyy-mm-dd> <org name>". */
export function revokedRole(text: string | null | undefined): RevokedRole | null {
  const m = /^role revoked: ([a-z]+) (\d{4}-\d{2}-\d{2}) (.+)$/.exec((text ?? '').trim())
  return m ? { role: m[1]!, day: m[2]!, org: m[3]! } : null
}

/** The row's own words: an activity's title, a person's name, a pairing's goal. */
export function rowLabel(entry: Pick<OutboxEntry, 'fields'> & { table?: string }, row: Record<string, unknown> | undefined): string {
  const pick = (k: string) => {
    const v = row?.[k] ?? entry.fields[k]
    return typeof v === 'string' && v.trim() ? v.trim() : null
  }
  if (entry.table === 'people') return pick('name') ?? '' // a person's title is their post (主治医师), not who they are
  return pick('title') ?? pick('full_name') ?? pick('name') ?? pick('goal') ?? pick('note') ?? ''
}

/** Where the user fixes it: the activity a record or its attendance belongs to. */
export function fixRoute(entry: Pick<OutboxEntry, 'table' | 'row_id' | 'fields'>, row: Record<string, unknown> | undefined): string | null {
  if (entry.table === 'activities') return `/activities/${entry.row_id}`
  const activityId = row?.activity_id ?? entry.fields.activity_id
  if (entry.table === 'attendance' && typeof activityId === 'string') return `/activities/${activityId}`
  const orgId = row?.org_id ?? entry.fields.org_id
  if (entry.table === 'cadence_policies') return typeof orgId === 'string' ? `/review/cadence?org=${orgId}` : '/review/cadence'
  if (entry.table === 'funding_policies') return '/funding/policies'
  if (entry.table === 'orgs') return `/review/orgs/${entry.row_id}`
  if (entry.table === 'funding_matches') return '/funding'
  if (entry.table === 'expenses') return '/funding/expenses'
  return null
}

export const CHECKIN_PROBLEMS = ['malformed', 'other_activity', 'unknown_activity', 'bad_signature', 'outside_window'] as const
export type CheckinProblem = (typeof CHECKIN_PROBLEMS)[number]

/**
 * Why the server refused a scanned activity code, from its message "event check-in code rejected: <reason>"
 * (supabase/migrations/20261201000500_checkin.sql), or from a pending check-in's checkin_problem; null for anything else.
 */
export function checkinProblem(text: string | null | undefined): CheckinProblem | null {
  const found = /(?:^|event check-in code rejected: )([a-z_]+)$/.exec((text ?? '').trim())?.[1]
  return (CHECKIN_PROBLEMS as readonly string[]).includes(found ?? '') ? (found as CheckinProblem) : null
}

/**
 * The refused writes as the user thinks of them: an activity's check-in key (made with the activity, same id) is
 * part of the activity, so it rides along with it — retried or discarded together — instead of a second item.
 */
export function groupRejected<E extends Pick<OutboxEntry, 'id' | 'table' | 'row_id'>>(entries: readonly E[]): { entry: E; companions: E[] }[] {
  const activities = new Set(entries.filter((e) => e.table === 'activities').map((e) => e.row_id))
  const groups = new Map<string, { entry: E; companions: E[] }>()
  const keys: E[] = []
  for (const e of entries) {
    if (e.table === 'event_keys' && activities.has(e.row_id)) keys.push(e)
    else groups.set(e.id, { entry: e, companions: [] })
  }
  for (const key of keys) {
    const owner = [...groups.values()].find((g) => g.entry.table === 'activities' && g.entry.row_id === key.row_id)
    owner?.companions.push(key)
  }
  return [...groups.values()]
}
