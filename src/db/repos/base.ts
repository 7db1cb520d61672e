// The part every repository shares: get / put / update / softDelete through writeLocal (row + outbox in
// one transaction), and a live-rows filter for the list queries.
import type { Collection, Table } from 'dexie'
import type { PushTable } from '../../sync/core/protocol'
import type { Draft, Local, RowTypes } from '../rows'
import type { ZhibuDb } from '../schema'
import { type WriteClock, anyTable, defaultClock, writeLocal } from '../write'

export interface Repo<T extends PushTable> {
  get(id: string): Promise<Local<RowTypes[T]> | undefined>
  /** Creates the row or sets the given fields of it; only fields that differ are queued for the server. */
  put(row: Draft<RowTypes[T]>): Promise<Local<RowTypes[T]>>
  /** Sets fields of a row the device holds (throws if it has none). */
  update(id: string, changes: Partial<Omit<RowTypes[T], 'id'>>): Promise<Local<RowTypes[T]>>
  /** Tombstones the row (rows are never hard-deleted: the deletion syncs like any field). */
  softDelete(id: string): Promise<Local<RowTypes[T]>>
}

export function makeRepo<T extends PushTable>(db: ZhibuDb, table: T, clock: WriteClock = defaultClock): Repo<T> {
  type Row = Local<RowTypes[T]>
  const write = async (id: string, fields: Record<string, unknown>, mustExist: boolean): Promise<Row> => {
    const [row] = await writeLocal(db, [{ table, id, fields, mustExist }], clock)
    return row as unknown as Row
  }
  return {
    get: async (id) => (await anyTable(db, table).get(id)) as Row | undefined,
    put: (row) => write(row.id, row, false),
    update: (id, changes) => write(id, changes, true),
    softDelete: (id) => write(id, { deleted_at: clock.now().toISOString() }, true),
  }
}

/**
 * The rows of a collection that are not tombstoned. Filtered after reading: a plain key range is read in one
 * getAll, while a Dexie filter walks a cursor, one IndexedDB request per row (slow on a phone at 300 rows).
 */
export async function live<R extends { deleted_at?: string | null }>(collection: Collection<R>): Promise<R[]> {
  return (await collection.toArray()).filter((row) => row.deleted_at == null)
}

/** The live rows whose `index` is any of `keys`: one getAll per key (anyOf would walk a cursor row by row). */
export async function liveAnyOf<R extends { deleted_at?: string | null }>(
  table: Table<R, string>, index: string, keys: readonly string[],
): Promise<R[]> {
  const groups = await Promise.all([...new Set(keys)].map((key) => live(table.where(index).equals(key))))
  return groups.flat()
}
