// The three steps of one sync run, each a loop of transport calls and Dexie writes whose decisions come
// from the pure core: push the outbox, fetch rows queued for refetch, pull what changed.
import { getMeta, refetchQueue } from '../db/meta'
import { applyPushPlan, takeBatch } from '../db/outbox-store'
import { applyFetchedRow, applyPulledPage, pruneUnseen } from '../db/pull-store'
import type { ZhibuDb } from '../db/schema'
import { BatchTooLargeError } from './core/errors'
import { MAX_BATCH, type OutboxEntry } from './core/protocol'
import { applyPushResults, batches, needsFullPull, toMutation } from './core/rules'
import type { SyncTransport } from './transport'

export interface PushStats {
  calls: number
  applied: number
  rejected: number
}

/**
 * Sends every unanswered outbox entry, oldest first, in batches of at most `max`. Each batch's answers
 * are applied before the next is taken. Entries written during the run are sent too (they get higher
 * outbox positions); entries left unanswered stay 'sending' for the next run, never re-sent in this one.
 */
export async function pushOutbox(db: ZhibuDb, transport: SyncTransport, max: number = MAX_BATCH): Promise<PushStats> {
  const stats: PushStats = { calls: 0, applied: 0, rejected: 0 }
  for (let after = 0; ;) {
    const batch = await takeBatch(db, after, max)
    if (batch.length === 0) return stats
    after = batch.at(-1)?.seq ?? after
    await sendBatch(db, transport, batch, stats)
  }
}

async function sendBatch(db: ZhibuDb, transport: SyncTransport, batch: OutboxEntry[], stats: PushStats): Promise<void> {
  stats.calls += 1
  let results
  try {
    results = await transport.push(batch.map(toMutation))
  } catch (error) {
    // the server takes fewer than we thought: halve until it fits (order is kept)
    if (!(error instanceof BatchTooLargeError) || batch.length === 1) throw error
    for (const part of batches(batch, Math.ceil(batch.length / 2))) await sendBatch(db, transport, part, stats)
    return
  }
  const plan = applyPushResults(batch, results)
  await applyPushPlan(db, plan)
  stats.applied += plan.done.length
  stats.rejected += plan.rejected.length
}

/** Replaces rows queued for refetch (a discarded write) by the server's current version. */
export async function refetchRows(db: ZhibuDb, transport: SyncTransport): Promise<number> {
  const queue = await refetchQueue(db)
  for (const { table, id } of queue) await applyFetchedRow(db, table, id, await transport.fetchRow(table, id))
  return queue.length
}

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
