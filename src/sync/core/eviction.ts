// Did the browser wipe this device's database while the session survived (iOS does)? A small marker per user in
// localStorage remembers what the database held: compared with the database at start, it tells an eviction from
// a first sign-in, and names the unsynced writes that went with it. Pure: the marker and the state come in.
import type { OutboxEntry } from './protocol'
import { rowLabel } from './rejection'

/** One unsynced write, as the marker remembers it: enough to name it to the user. */
export interface MarkedWrite { id: string; table: OutboxEntry['table']; label: string }

export interface DeviceMarker {
  /** The pull cursor the database held (null: no pull completed yet). */
  cursor: string | null
  /** Unacknowledged outbox entries (pending, sending or rejected), at most MARKED_WRITES of them. */
  outbox: MarkedWrite[]
  /** All unacknowledged entries, also those beyond the list. */
  unsynced: number
}

/** What the database holds now, as far as the check needs. */
export interface DeviceState { cursor: string | null; userId: string | null; outboxIds: ReadonlySet<string> }

export interface EvictionResult {
  /** Unsynced writes the marker named that the database no longer has. */
  lost: MarkedWrite[]
  /** How many were lost in all (the marker lists at most MARKED_WRITES). */
  lostCount: number
}

export const MARKED_WRITES = 20

export const markerKey = (userId: string): string => `zhibu.device.${userId}`
export const noticeKey = (userId: string): string => `zhibu.evicted.${userId}`

/**
 * Evicted: the marker says the database had pulled or had unsynced writes, and the database is fresh — no cursor,
 * no owner, an empty outbox. No marker (a first sign-in) or a database that still holds its state is not.
 */
export function evictionCheck(marker: DeviceMarker | null, now: DeviceState): EvictionResult | null {
  if (!marker || (marker.cursor === null && marker.unsynced === 0)) return null
  const fresh = now.cursor === null && now.userId === null && now.outboxIds.size === 0
  if (!fresh) return null
  return { lost: marker.outbox, lostCount: marker.unsynced }
}

/** The marker of the database's current state; rows give the labels (an attendance row: the person's name). */
export function markerOf(
  cursor: string | null,
  entries: readonly OutboxEntry[],
  rowOf: (entry: OutboxEntry) => Record<string, unknown> | undefined,
): DeviceMarker {
  const outbox = entries.slice(0, MARKED_WRITES).map((e) => ({ id: e.id, table: e.table, label: rowLabel(e, rowOf(e)) }))
  return { cursor, outbox, unsynced: entries.length }
}

/** A marker read back from localStorage; anything malformed counts as none. */
export function parseMarker(text: string | null): DeviceMarker | null {
  try {
    const m = JSON.parse(text ?? 'null') as Partial<DeviceMarker> | null
    if (!m || !Array.isArray(m.outbox) || typeof m.unsynced !== 'number') return null
    return { cursor: typeof m.cursor === 'string' ? m.cursor : null, outbox: m.outbox, unsynced: m.unsynced }
  } catch {
    return null
  }
}
