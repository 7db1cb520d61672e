// The sync engine's state for the badge and the 我的 screen.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { OutboxEntry } from '../sync/protocol'
import type { SyncState } from '../sync/engine'
import { engine } from '../modules/data'

export const useSyncStore = defineStore('sync', () => {
  const state = ref<SyncState>(engine.state)
  engine.subscribe((next) => { state.value = { ...next } })
  const rejected = ref<OutboxEntry[]>([])

  async function loadRejected() {
    rejected.value = await engine.rejected()
  }
  async function discard(id: string) {
    await engine.discardRejected(id)
    await loadRejected()
  }
  const syncNow = () => engine.syncNow()

  return { state, rejected, loadRejected, discard, syncNow }
})
