// Service worker registration with prompt-to-update (workbox-window under vite-plugin-pwa's helper),
// persistent storage, and detection of WeChat's in-app browser, where service workers are unreliable.
import { ref } from 'vue'
import { registerSW } from 'virtual:pwa-register'

export const needRefresh = ref(false)
export const offlineReady = ref(false)
let updateSW: ((reload?: boolean) => Promise<void>) | undefined

export function installPwa(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return
  updateSW = registerSW({
    onNeedRefresh: () => { needRefresh.value = true },
    onOfflineReady: () => { offlineReady.value = true },
  })
}

export async function applyUpdate(): Promise<void> {
  needRefresh.value = false
  await updateSW?.(true)
}

/** Asks the browser not to evict our IndexedDB under storage pressure (SPEC §7). */
export async function requestPersistentStorage(): Promise<boolean> {
  if (!navigator.storage?.persist) return false
  return (await navigator.storage.persisted()) || navigator.storage.persist()
}

export const inWeChat = typeof navigator !== 'undefined' && /MicroMessenger/i.test(navigator.userAgent)
