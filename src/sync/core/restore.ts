// Restoring a backup's outbox (docs/decisions.md): which of its entries to queue again, and the local row that goes
// with each. Pure: the backup's entry and row, and the device's row and still-unsent fields, come in as arguments.
//
// Queuing an entry again is safe even if the server already applied it: the mutation keeps its id and the server
// answers a known id with its earlier result, changing nothing (docs/sync.md "Nothing applied twice").
import type { OutboxEntry } from './protocol'
import { type AnyRow, sameValue } from './rows'

export interface RestoreInput {
  entry: OutboxEntry
  /** The row as the backup holds it. */
  backupRow: AnyRow | undefined
  /** The row as this device holds it now. */
  local: AnyRow | undefined
  /** Fields of this row the device's own outbox still has to send: newer than the backup's, they win. */
  localPending: ReadonlySet<string>
  /** The device's outbox already holds this entry (same mutation id). */
  present: boolean
}

export type RestoreStep =
  | { kind: 'skip'; why: 'present' | 'applied' | 'superseded' }
  | { kind: 'requeue'; entry: OutboxEntry; row: AnyRow }

export function planRestore({ entry, backupRow, local, localPending, present }: RestoreInput): RestoreStep {
  if (present) return { kind: 'skip', why: 'present' }
  const fields = Object.fromEntries(Object.entries(entry.fields).filter(([f]) => !localPending.has(f)))
  if (Object.keys(fields).length === 0) return { kind: 'skip', why: 'superseded' }
  // the device holds the server's version and it already says what the entry says: nothing left to redo
  if (local && local._seq != null && Object.entries(fields).every(([f, v]) => sameValue(local[f], v))) return { kind: 'skip', why: 'applied' }
  // the server's version was written after this edit was made (another device, or this one since): by
  // last-writer-wins it is newer, and sending the old edit now would put it back over that
  if (local && local._seq != null && typeof local.updated_at === 'string' && Date.parse(local.updated_at) > Date.parse(entry.created_at)) {
    return { kind: 'skip', why: 'superseded' }
  }
  const base: AnyRow = local ?? backupRow ?? { id: entry.row_id, updated_at: entry.created_at, deleted_at: null, _seq: null }
  const requeued: OutboxEntry = {
    ...entry, fields, state: entry.state === 'rejected' ? 'rejected' : 'pending',
  }
  delete requeued.seq // a new place at the end of the outbox, after the device's own writes
  return { kind: 'requeue', entry: requeued, row: { ...base, ...fields, id: entry.row_id } }
}
