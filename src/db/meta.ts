// The sync bookkeeping in the `meta` table: the pull cursor and scope, the account the data belongs to, the last
// sync, and the rows queued to be fetched again. One module that outbox-store, pull-store and device-state share
// (rather than reaching into each other), and that the engine reads.
import type { PullTable } from '../sync/core/protocol'
import type { MetaKey, ZhibuDb } from './schema'

export async function getMeta<T>(db: ZhibuDb, key: MetaKey): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined
}

export async function setMeta(db: ZhibuDb, key: MetaKey, value: unknown): Promise<void> {
  await db.meta.put({ key, value })
}

/** Rows whose server version must be fetched again (a discarded write made offline). */
export async function refetchQueue(db: ZhibuDb): Promise<{ table: PullTable; id: string }[]> {
  return (await getMeta<{ table: PullTable; id: string }[]>(db, 'refetch')) ?? []
}

export async function queueRefetch(db: ZhibuDb, table: PullTable, id: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const queue = await refetchQueue(db)
    if (!queue.some((q) => q.table === table && q.id === id)) await setMeta(db, 'refetch', [...queue, { table, id }])
  })
}
