// The sync engine's state for the badge and the 我的 screen, and the 需处理 list with each refused write's
// local row, so it can be named and opened.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { anyTable } from '../db/write'
import type { OutboxEntry } from '../sync/protocol'
import type { SyncState } from '../sync/engine'
import { db, engine } from '../modules/data'

export interface RejectedItem {
  entry: OutboxEntry
  row: Record<string, unknown> | undefined
  /** For attendance: whose. */
  personName: string | null
}

async function withRow(entry: OutboxEntry): Promise<RejectedItem> {
  const row = (await anyTable(db, entry.table).get(entry.row_id)) as Record<string, unknown> | undefined
  const personId = row?.person_id ?? entry.fields.person_id
  let personName: string | null = null
  if (typeof personId === 'string') {
    const person = (await db.people.get(personId)) ?? (await db.roster.get(personId))
    personName = person?.name ?? null
  }
  return { entry, row, personName }
}

export const useSyncStore = defineStore('sync', () => {
  const state = ref<SyncState>(engine.state)
  engine.subscribe((next) => { state.value = { ...next } })
  const rejected = ref<RejectedItem[]>([])

  async function loadRejected() {
    rejected.value = await Promise.all((await engine.rejected()).map(withRow))
  }
  async function discard(id: string) {
    await engine.discardRejected(id)
    await loadRejected()
  }
  /** Sends a refused write again as it now stands on the device (after a fix, or once the role is back). */
  async function retry(id: string) {
    await engine.retryRejected(id, {})
    await loadRejected()
  }
  const syncNow = () => engine.syncNow()

  return { state, rejected, loadRejected, discard, retry, syncNow }
})
