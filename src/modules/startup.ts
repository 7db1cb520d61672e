// What the app starts beside and after its first screen, so that screen comes first on a slow phone:
// the landing route's code loads while the router reads the user's roles, and sync (which loads supabase-js)
// and the service worker's update check begin once the first screen has been drawn and the main thread is idle.
import type { Router } from 'vue-router'

/** Starts fetching the code of the screen at `path` now instead of after the router's guard has finished. */
export function preloadRoute(router: Router, path: string): void {
  for (const record of router.resolve(path).matched) {
    const load = record.components?.default
    // a lazy route component is a function returning the import(); calling it early shares the same module
    if (typeof load === 'function') void (load as () => Promise<unknown>)().catch(() => undefined)
  }
}

type Idle = (cb: () => void, opts?: { timeout: number }) => number
const MAX_WAIT_MS = 2000

/** Runs `task` after the first navigation, the frame that draws it, and an idle moment (at most MAX_WAIT_MS). */
export function afterFirstScreen(router: Router, task: () => unknown): void {
  const idle: Idle = (window as unknown as { requestIdleCallback?: Idle }).requestIdleCallback
    ?? ((cb) => window.setTimeout(cb, 200))
  void router.isReady().catch(() => undefined).then(() => {
    requestAnimationFrame(() => setTimeout(() => idle(task, { timeout: MAX_WAIT_MS }), 0))
  })
}
