// A pull, top to bottom: fetch a page after the stored cursor (transport) → apply its rows, cursor and scope in
// one transaction (db, each row merged by core's rules) → the next page, until the last; after a pull from a null
// cursor, prune the rows the server no longer shows. And the rows queued for refetch: fetch each → apply it.
// db uses the core's rules but never calls back up into this file.
import { getMeta, refetchQueue } from '../db/meta'
import { applyFetchedRow, applyPulledPage, pruneUnseen } from '../db/pull-store'
import type { ZhibuDb } from '../db/schema'
import { needsFullPull } from './core/rules'
import type { SyncTransport } from './transport'

export interface PullStats {
  calls: number
  rows: number
  /** Pulled from a null cursor (first sync, or the user's scope changed). */
  full: boolean
  /** Rows dropped after a full pull because the user no longer sees them. */
  pruned: number
}

/**
 * Pages from the stored cursor until has_more is false. If the first answer shows another scope than the
 * stored one, the pull restarts from a null cursor (rows that became visible are behind the cursor), and
 * once complete, rows not delivered are pruned.
 */
export async function pullChanges(db: ZhibuDb, transport: SyncTransport, limit: number): Promise<PullStats> {
  let cursor = (await getMeta<string>(db, 'cursor')) ?? null
  const storedScope = (await getMeta<string>(db, 'scope')) ?? null
  let seen = cursor === null ? new Map<string, Set<string>>() : null
  const stats: PullStats = { calls: 0, rows: 0, full: seen !== null, pruned: 0 }
  for (;;) {
    const page = await transport.pull(cursor, limit)
    stats.calls += 1
    if (!seen && needsFullPull(storedScope, page.scope)) {
      cursor = null
      seen = new Map()
      stats.full = true
      continue
    }
    await applyPulledPage(db, page)
    for (const r of page.rows) {
      if (seen && !seen.has(r.table)) seen.set(r.table, new Set())
      seen?.get(r.table)?.add(r.row.id)
    }
    stats.rows += page.rows.length
    cursor = page.cursor
    if (!page.has_more) break
  }
  if (seen) stats.pruned = await pruneUnseen(db, seen)
  return stats
}

/** Replaces rows queued for refetch (a discarded write) by the server's current version. */
export async function refetchRows(db: ZhibuDb, transport: SyncTransport): Promise<number> {
  const queue = await refetchQueue(db)
  for (const { table, id } of queue) await applyFetchedRow(db, table, id, await transport.fetchRow(table, id))
  return queue.length
}
