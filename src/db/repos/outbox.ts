// Which rows of a table still have writes waiting for the server, and which were refused (需处理), read from the
// outbox for screens that say so beside a row (money: the server's figures do not include these rows yet).
import Dexie from 'dexie'
import type { PushTable } from '../../sync/core/protocol'
import type { Local, RowTypes } from '../rows'
import type { ZhibuDb } from '../schema'

export interface QueueState {
  /** Rows with writes not yet answered by the server. */
  waiting: Set<string>
  /** Rows with a write the server refused. */
  refused: Set<string>
}

export interface OutboxRepo {
  /** The rows of the table with writes in the outbox, waiting or refused. */
  queueOf(table: PushTable): Promise<QueueState>
  /** How many waiting and refused rows of the table match `keep` (tombstoned ones too: a deletion waits as well). */
  queueCounts<T extends PushTable>(table: T, keep: (row: Local<RowTypes[T]>) => boolean): Promise<{ waiting: number; refused: number }>
}

export function outboxRepo(db: ZhibuDb): OutboxRepo {
  async function queueOf(table: PushTable): Promise<QueueState> {
    const entries = await db.outbox.where('[table+row_id]').between([table, Dexie.minKey], [table, Dexie.maxKey]).toArray()
    const state: QueueState = { waiting: new Set(), refused: new Set() }
    for (const e of entries) (e.state === 'rejected' ? state.refused : state.waiting).add(e.row_id)
    return state
  }
  return {
    queueOf,
    queueCounts: async <T extends PushTable>(table: T, keep: (row: Local<RowTypes[T]>) => boolean) => {
      const q = await queueOf(table)
      const count = async (ids: Set<string>) =>
        ((await db.rows(table).bulkGet([...ids])) as (Local<RowTypes[T]> | undefined)[]).filter((r) => r !== undefined && keep(r)).length
      return { waiting: await count(q.waiting), refused: await count(q.refused) }
    },
  }
}
