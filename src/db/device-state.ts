// What the eviction marker needs from the database: the cursor, the owner, and the unacknowledged outbox with
// the rows that name its entries. Reads only (plus resetting the cursor once an eviction was found).
import type { DeviceMarker, DeviceState } from '../sync/core/eviction'
import { MARKED_WRITES, markerOf } from '../sync/core/eviction'
import type { OutboxEntry } from '../sync/core/protocol'
import { getMeta } from './meta'
import type { ZhibuDb } from './schema'
import { anyTable } from './write'

export async function deviceState(db: ZhibuDb): Promise<DeviceState> {
  const [cursor, userId, ids] = await Promise.all([
    getMeta<string>(db, 'cursor'), getMeta<string>(db, 'user_id'), db.outbox.orderBy('id').keys(),
  ])
  return { cursor: cursor ?? null, userId: userId ?? null, outboxIds: new Set(ids as string[]) }
}

/** The marker of what the database holds now (one read of the outbox and of the rows it names). */
export async function deviceMarker(db: ZhibuDb): Promise<DeviceMarker> {
  return db.transaction('r', db.tables, async () => {
    const cursor = (await getMeta<string>(db, 'cursor')) ?? null
    const entries = await db.outbox.orderBy('seq').toArray()
    const rows = new Map<string, Record<string, unknown>>()
    for (const e of entries.slice(0, MARKED_WRITES)) {
      const row = (await anyTable(db, e.table).get(e.row_id)) as Record<string, unknown> | undefined
      const personId = row?.person_id ?? e.fields.person_id
      const person = e.table === 'attendance' && typeof personId === 'string'
        ? (await db.people.get(personId)) ?? (await db.roster.get(personId)) : undefined
      if (row || person) rows.set(e.id, { ...row, ...(person ? { name: person.name } : {}) })
    }
    return markerOf(cursor, entries, (e: OutboxEntry) => rows.get(e.id))
  })
}

/** After an eviction: the next pull starts from a null cursor (a full re-pull), whatever the database claims. */
export async function resetCursor(db: ZhibuDb): Promise<void> {
  await db.meta.bulkDelete(['cursor', 'scope'])
}
