// The outbox as the sync engine sees it: take a batch to send, apply the server's answers, count, and the
// 需处理 actions (retry, discard). Decisions come from sync/core; this file only reads and writes Dexie.
import { type OutboxEntry, PUSH_TABLES, type PushTable } from '../sync/core/protocol'
import { type PushPlan, renameRow, seqAfterPush } from '../sync/core/rules'
import type { AnyRow } from '../sync/core/rows'
import { queueRefetch } from './meta'
import type { ZhibuDb } from './schema'
import { anyTable } from './write'

/**
 * Up to `max` unanswered entries after outbox position `afterSeq`, in outbox order, now marked 'sending'.
 * Reading and marking share one transaction: an edit racing with this either lands before (and is sent)
 * or finds the entry 'sending' and opens a new one; it can never be folded into what is being sent.
 */
export async function takeBatch(db: ZhibuDb, afterSeq: number, max: number): Promise<OutboxEntry[]> {
  return db.transaction('rw', db.outbox, async () => {
    const entries = await db.outbox.where('seq').above(afterSeq).filter((e) => e.state !== 'rejected').limit(max).toArray()
    const sending = entries.map((e) => ({ ...e, state: 'sending' as const, attempts: e.attempts + 1 }))
    await db.outbox.bulkPut(sending)
    return sending
  })
}

/** Applies the plan for one answered batch atomically (see applyPushResults in sync/core/rules). */
export async function applyPushPlan(db: ZhibuDb, plan: PushPlan): Promise<void> {
  await db.transaction('rw', [...PUSH_TABLES.map((t) => db.table(t)), db.outbox, db.meta], async () => {
    for (const r of plan.rejected) {
      await db.outbox.where('id').equals(r.id).modify({ state: 'rejected', reason: r.reason, code: r.code })
    }
    await db.outbox.where('id').anyOf(plan.done).delete()
    for (const r of plan.renames) await renameLocal(db, r.table, r.from, r.to)
    for (const s of plan.seqs) {
      const rows = anyTable(db, s.table)
      const row = await rows.get(s.row_id)
      if (!row) continue
      const { seq, refetch } = seqAfterPush(row._seq, s.seq)
      await rows.put({ ...row, _seq: seq })
      if (refetch) await queueRefetch(db, s.table, s.row_id)
    }
  })
}

/** The server merged our row into its own of the same key: move the row and its remaining mutations. */
async function renameLocal(db: ZhibuDb, table: PushTable, from: string, to: string): Promise<void> {
  const rows = anyTable(db, table)
  const row = await rows.get(from)
  if (row) {
    await rows.put(renameRow(row, await rows.get(to), to))
    await rows.delete(from)
  }
  await db.outbox.where('[table+row_id]').equals([table, from]).modify({ row_id: to })
}

export interface OutboxCounts {
  /** Waiting for the server (pending or sending). */
  pending: number
  /** Refused by the server, waiting for the user (需处理). */
  rejected: number
}

export async function outboxCounts(db: ZhibuDb): Promise<OutboxCounts> {
  const [pending, sending, rejected] = await Promise.all(
    (['pending', 'sending', 'rejected'] as const).map((s) => db.outbox.where('state').equals(s).count()),
  )
  return { pending: (pending ?? 0) + (sending ?? 0), rejected: rejected ?? 0 }
}

/** The 需处理 list, oldest first. */
export async function rejectedEntries(db: ZhibuDb): Promise<OutboxEntry[]> {
  return (await db.outbox.where('state').equals('rejected').toArray()).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
}

async function rejectedEntry(db: ZhibuDb, id: string): Promise<OutboxEntry> {
  const entry = await db.outbox.where('id').equals(id).first()
  if (!entry || entry.state !== 'rejected') throw new Error(`no rejected mutation ${id}`)
  return entry
}

/**
 * The user fixed a refused write: the fixed fields go into the local row and the entry, which is queued
 * again under a new mutation id (in its old place, so the row's later edits still follow it).
 */
export async function retryEntry(db: ZhibuDb, id: string, fixed: Record<string, unknown>, newId: string): Promise<OutboxEntry> {
  const out = await db.transaction('rw', [...PUSH_TABLES.map((t) => db.table(t)), db.outbox], async () => {
    const entry = await rejectedEntry(db, id)
    const { id: _rowId, ...fields } = fixed
    const rows = anyTable(db, entry.table)
    const row = await rows.get(entry.row_id)
    if (row) await rows.put({ ...row, ...fields })
    const retried: OutboxEntry = { ...entry, id: newId, fields: { ...entry.fields, ...fields }, state: 'pending', reason: null, code: null }
    await db.outbox.put(retried)
    return retried
  })
  db.notifyLocalWrite(out.table)
  return out
}

export type DiscardOutcome =
  /** the row never reached the server and nothing else is queued for it: it was removed */
  | 'removed'
  /** queued: the server's version must be fetched to undo the discarded fields */
  | 'refetch'

/**
 * Drops a refused write. A row that never reached the server goes with it; otherwise the row is queued
 * (in the same transaction) to be fetched again, which undoes the discarded fields.
 */
export async function discardEntry(db: ZhibuDb, id: string): Promise<{ entry: OutboxEntry; outcome: DiscardOutcome }> {
  return db.transaction('rw', [...PUSH_TABLES.map((t) => db.table(t)), db.outbox, db.meta], async () => {
    const entry = await rejectedEntry(db, id)
    await db.outbox.delete(entry.seq as number)
    const others = await db.outbox.where('[table+row_id]').equals([entry.table, entry.row_id]).count()
    const rows = anyTable(db, entry.table)
    const row: AnyRow | undefined = await rows.get(entry.row_id)
    if (others === 0 && row?._seq == null) {
      await rows.delete(entry.row_id)
      return { entry, outcome: 'removed' as const }
    }
    await queueRefetch(db, entry.table, entry.row_id)
    return { entry, outcome: 'refetch' as const }
  })
}
