// A push, top to bottom: take a batch of the outbox (db) → send it (transport) → read the server's answers
// (core: what is done, refused, renamed, at which seq) → apply that in one transaction (db); again until nothing
// unanswered is left. db uses the core's rules but never calls back up into this file.
import { applyPushPlan, takeBatch } from '../db/outbox-store'
import type { ZhibuDb } from '../db/schema'
import { BatchTooLargeError } from './core/errors'
import { MAX_BATCH, type OutboxEntry } from './core/protocol'
import { applyPushResults, batches, toMutation } from './core/rules'
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
