// The sync engine's state for the badge and the 我的 screen, and the 需处理 list with each refused write's
// local row, so it can be named and opened.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { anyTable } from '../db/write'
import type { OutboxEntry } from '../sync/core/protocol'
import type { SyncState } from '../sync/engine'
import { groupRejected } from '../sync/core/rejection'

// the refusal rules 需处理 and check-in screens show (pure, src/sync/core/rejection.ts)
export { checkinProblem, fixRoute, rejectionReason, revokedRole, rowLabel } from '../sync/core/rejection'
export type { CheckinProblem, RejectionReason } from '../sync/core/rejection'
import { db, engine } from '../modules/data'

export interface RejectedItem {
  entry: OutboxEntry
  /** Refused writes that belong to this one (an activity's check-in key): retried and discarded with it. */
  companions: OutboxEntry[]
  row: Record<string, unknown> | undefined
  /** For attendance: whose. */
  personName: string | null
}

async function withRow({ entry, companions }: { entry: OutboxEntry; companions: OutboxEntry[] }): Promise<RejectedItem> {
  const row = (await anyTable(db, entry.table).get(entry.row_id)) as Record<string, unknown> | undefined
  const personId = row?.person_id ?? entry.fields.person_id
  let personName: string | null = null
  if (typeof personId === 'string') {
    const person = (await db.people.get(personId)) ?? (await db.roster.get(personId))
    personName = person?.name ?? null
  }
  return { entry, companions, row, personName }
}

export const useSyncStore = defineStore('sync', () => {
  const state = ref<SyncState>(engine.state)
  engine.subscribe((next) => { state.value = { ...next } })
  const rejected = ref<RejectedItem[]>([])

  async function loadRejected() {
    rejected.value = await Promise.all(groupRejected(await engine.rejected()).map(withRow))
  }
  /** The ids of the item's refused writes: its own, then its companions'. */
  const idsOf = (id: string) => {
    const item = rejected.value.find((r) => r.entry.id === id)
    return [id, ...(item?.companions.map((c) => c.id) ?? [])]
  }
  async function discard(id: string) {
    for (const each of idsOf(id)) await engine.discardRejected(each)
    await loadRejected()
  }
  /** Sends a refused write again as it now stands on the device (after a fix, or once the role is back). */
  async function retry(id: string) {
    for (const each of idsOf(id)) await engine.retryRejected(each, {})
    await loadRejected()
  }
  const syncNow = () => engine.syncNow()

  return { state, rejected, loadRejected, discard, retry, syncNow }
})
