// Which money rows still have writes waiting for the server, and which were refused (需处理): the server's
// figures do not include them yet, and the screens say so. Reads the outbox directly, like attendance's
// queueOf; a `repos.outbox.rowsOf(table)` in src/db would be its proper home.
import Dexie from 'dexie'
import type { Local, RowTypes } from '../../db/rows'
import { db } from '../../modules/data'

export type MoneyTable = 'funding_matches' | 'expenses' | 'funding_policies'

export interface QueueState {
  /** Rows with writes not yet answered by the server. */
  waiting: Set<string>
  /** Rows with a write the server refused. */
  refused: Set<string>
}

export async function queueState(table: MoneyTable): Promise<QueueState> {
  const entries = await db.outbox.where('[table+row_id]').between([table, Dexie.minKey], [table, Dexie.maxKey]).toArray()
  const state: QueueState = { waiting: new Set(), refused: new Set() }
  for (const e of entries) (e.state === 'rejected' ? state.refused : state.waiting).add(e.row_id)
  return state
}

/** How many waiting and refused rows of the table match `keep` (tombstoned ones too: a deletion waits as well). */
export async function queueCounts<T extends MoneyTable>(
  table: T, keep: (row: Local<RowTypes[T]>) => boolean,
): Promise<{ waiting: number; refused: number }> {
  const q = await queueState(table)
  const count = async (ids: Set<string>) =>
    ((await db.rows(table).bulkGet([...ids])) as (Local<RowTypes[T]> | undefined)[]).filter((r) => r !== undefined && keep(r)).length
  return { waiting: await count(q.waiting), refused: await count(q.refused) }
}

/** How a row stands: shown as a tag beside it. */
export function standing(q: QueueState | undefined, id: string): 'refused' | 'waiting' | null {
  return q?.refused.has(id) ? 'refused' : q?.waiting.has(id) ? 'waiting' : null
}
