// Eviction detection at start (see sync/core/eviction.ts): the check before the first sync, the marker kept
// after every sync and local write, and the notice, which stays (in localStorage) until the user closes it.
import { ref } from 'vue'
import { deviceMarker, deviceState, resetCursor } from '../db/device-state'
import { type EvictionResult, evictionCheck, markerKey, noticeKey, parseMarker } from '../sync/core/eviction'
import { db, engine } from './data'

/** The eviction the signed-in user has not dismissed yet. */
export const evictionNotice = ref<EvictionResult | null>(null)
let noticeFor: string | null = null

function readNotice(userId: string): EvictionResult | null {
  try {
    return JSON.parse(localStorage.getItem(noticeKey(userId)) ?? 'null') as EvictionResult | null
  } catch {
    return null
  }
}

/** Compares the user's marker with the database; call before sync starts (the first pull rewrites the cursor). */
export async function checkEviction(userId: string): Promise<EvictionResult | null> {
  const found = evictionCheck(parseMarker(localStorage.getItem(markerKey(userId))), await deviceState(db))
  if (found) {
    await resetCursor(db)
    localStorage.setItem(noticeKey(userId), JSON.stringify(found))
  }
  noticeFor = userId
  evictionNotice.value = found ?? readNotice(userId)
  return found
}

export function dismissEvictionNotice(): void {
  if (noticeFor) localStorage.removeItem(noticeKey(noticeFor))
  evictionNotice.value = null
}

let stopKeeping: (() => void) | null = null

/** Keeps the user's marker current: after each local write and each change of the sync state, one write at a time. */
export function keepMarker(userId: string): void {
  stopKeeping?.()
  let running = false
  let again = false
  const update = async () => {
    if (running) { again = true; return }
    running = true
    try {
      do {
        again = false
        localStorage.setItem(markerKey(userId), JSON.stringify(await deviceMarker(db)))
      } while (again)
    } catch (error) {
      console.error('eviction marker: cannot update', error)
    } finally {
      running = false
    }
  }
  const offWrite = db.onLocalWrite(() => void update())
  const offState = engine.subscribe(() => void update())
  stopKeeping = () => { offWrite(); offState(); stopKeeping = null }
}

/** Signing out (or another account taking the phone): the wipe is deliberate, so no marker may survive it. */
export function forgetMarkers(): void {
  stopKeeping?.()
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith(markerKey('')) || key.startsWith(noticeKey(''))) localStorage.removeItem(key)
  }
  evictionNotice.value = null
  noticeFor = null
}
