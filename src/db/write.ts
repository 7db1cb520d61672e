// Every local write: the row and its outbox entry commit in ONE Dexie transaction (SPEC §7), so a crash
// or reload can never leave a saved row without the mutation that will carry it to the server.
import type { Table } from 'dexie'
import { coalesceEdit } from '../sync/core/rules'
import { type OutboxEntry, type PushTable, isWritableField } from '../sync/core/protocol'
import { type AnyRow, sameValue } from '../sync/core/rows'
import { normalizeRow } from './rows'
import type { ZhibuDb } from './schema'

export interface WriteClock {
  /** The device clock (outbox created_at, soft-delete time, provisional updated_at of new rows). */
  now: () => Date
  /** New ids for mutations (and rows created by helpers). */
  uuid: () => string
}

export const defaultClock: WriteClock = { now: () => new Date(), uuid: () => crypto.randomUUID() }

export interface RowChange {
  table: PushTable
  id: string
  /** The fields to set; server-owned ones are stored locally (if given) but never pushed. */
  fields: Record<string, unknown>
  /** update/softDelete: fail instead of creating a row. */
  mustExist?: boolean
}

export const anyTable = (db: ZhibuDb, table: string): Table<AnyRow, string> => db.table(table)

/** Writes the rows and their outbox entries atomically; returns the rows as stored. */
export async function writeLocal(db: ZhibuDb, changes: readonly RowChange[], clock: WriteClock): Promise<AnyRow[]> {
  const tables = [...new Set(changes.map((c) => c.table))]
  const stored = await db.transaction('rw', [...tables.map((t) => db.table(t)), db.outbox], () =>
    writeInTransaction(db, changes, clock))
  for (const t of tables) db.notifyLocalWrite(t)
  return stored
}

/** The body of writeLocal, for callers that already hold a 'rw' transaction over the tables and outbox. */
export async function writeInTransaction(db: ZhibuDb, changes: readonly RowChange[], clock: WriteClock): Promise<AnyRow[]> {
  const out: AnyRow[] = []
  for (const change of changes) out.push(await applyChange(db, change, clock))
  return out
}

async function applyChange(db: ZhibuDb, change: RowChange, clock: WriteClock): Promise<AnyRow> {
  const rows = anyTable(db, change.table)
  const local = await rows.get(change.id)
  if (!local && change.mustExist) throw new Error(`no ${change.table} row ${change.id} on this device`)
  const { id: _ignored, ...given } = normalizeRow(change.table, change.fields)
  const changed = changedFields(change.table, local, given)
  if (local && Object.keys(changed).length === 0) return local
  const now = clock.now().toISOString()
  const next: AnyRow = { ...(local ?? { updated_at: now, deleted_at: null, _seq: null }), ...given, id: change.id }
  await rows.put(next)
  if (Object.keys(changed).length === 0) return next
  const rowEntries = await db.outbox.where('[table+row_id]').equals([change.table, change.id]).sortBy('seq')
  const fresh = (): OutboxEntry => ({
    id: clock.uuid(), table: change.table, row_id: change.id, fields: {}, base_seq: local?._seq ?? null,
    created_at: now, state: 'pending', attempts: 0, reason: null, code: null,
  })
  await db.outbox.put(coalesceEdit(rowEntries, changed, fresh))
  return next
}

/** The pushable fields whose value differs from the local row (all of them for a new row). */
function changedFields(table: PushTable, local: AnyRow | undefined, given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(given)) {
    if (value === undefined || !isWritableField(table, field)) continue
    if (!local || !sameValue(local[field], value)) out[field] = value
  }
  return out
}
