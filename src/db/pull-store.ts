// Pulled rows into Dexie (merged by sync/core/rules so pending local fields survive), a fetched row in place of
// the local one, the rows no longer shown dropped, and the local wipe for shared phones.
import { type PullPage, type PullTable, type PulledRow, isPullTable } from '../sync/core/protocol'
import { mergePulledRow, pendingFieldsByRow, rowKey } from '../sync/core/rules'
import type { AnyRow } from '../sync/core/rows'
import { refetchQueue, setMeta } from './meta'
import { SYNCED_TABLES, normalizeRow } from './rows'
import type { ZhibuDb } from './schema'
import { anyTable } from './write'

const NONE: ReadonlySet<string> = new Set()

const syncedTables = (db: ZhibuDb) => SYNCED_TABLES.map((t) => db.table(t))

/** Merges rows into their tables, inside a transaction that holds the tables and the outbox. */
async function mergeRows(db: ZhibuDb, rows: readonly PulledRow[]): Promise<void> {
  const pending = pendingFieldsByRow(await db.outbox.toArray())
  const byTable = new Map<PullTable, PulledRow[]>()
  for (const r of rows) {
    if (!isPullTable(r.table)) continue // a table a newer server knows: ignored until the app updates
    const group = byTable.get(r.table)
    if (group) group.push(r)
    else byTable.set(r.table, [r])
  }
  for (const [table, group] of byTable) {
    const store = anyTable(db, table)
    const locals = await store.bulkGet(group.map((r) => r.row.id))
    const merged: AnyRow[] = []
    group.forEach((r, i) => {
      const pulled = { seq: r.seq, row: normalizeRow(table, r.row) }
      const row = mergePulledRow(locals[i], pulled, pending.get(rowKey(table, r.row.id)) ?? NONE)
      if (row) merged.push(row)
    })
    await store.bulkPut(merged)
  }
}

/** One page: its rows and the new cursor and scope commit together, so a crash resumes at this page. */
export async function applyPulledPage(db: ZhibuDb, page: PullPage): Promise<void> {
  await db.transaction('rw', [...syncedTables(db), db.outbox, db.meta], async () => {
    await mergeRows(db, page.rows)
    await db.meta.bulkPut([{ key: 'cursor', value: page.cursor }, { key: 'scope', value: page.scope }])
  })
}

/**
 * After a complete pull from a null cursor: rows the server no longer shows this user (a role or branch
 * membership ended) are dropped, unless they still have mutations or never reached the server.
 */
export async function pruneUnseen(db: ZhibuDb, seen: ReadonlyMap<string, ReadonlySet<string>>): Promise<number> {
  return db.transaction('rw', [...syncedTables(db), db.outbox], async () => {
    const pending = pendingFieldsByRow(await db.outbox.toArray())
    let removed = 0
    for (const table of SYNCED_TABLES) {
      const ids = await anyTable(db, table)
        .filter((row) => row._seq != null && !seen.get(table)?.has(row.id) && !pending.has(rowKey(table, row.id)))
        .primaryKeys()
      await anyTable(db, table).bulkDelete(ids)
      removed += ids.length
    }
    return removed
  })
}

/**
 * The server's current version of one row (null: it has none this user may see) replaces the local one,
 * except fields that still have mutations. Also drops the row from the refetch queue.
 */
export async function applyFetchedRow(db: ZhibuDb, table: PullTable, id: string, fetched: PulledRow | null): Promise<void> {
  await db.transaction('rw', [...syncedTables(db), db.outbox, db.meta], async () => {
    const pendingHere = (await db.outbox.where('[table+row_id]').equals([table, id]).count()) > 0
    if (fetched) await mergeRows(db, [fetched])
    else if (!pendingHere) await anyTable(db, table).delete(id)
    await setMeta(db, 'refetch', (await refetchQueue(db)).filter((q) => !(q.table === table && q.id === id)))
  })
}

/** Empties every table, outbox and meta included (sign-out on a shared phone). */
export async function wipeAll(db: ZhibuDb): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((t) => t.clear()))
  })
}
