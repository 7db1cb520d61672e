// A server answer the screen reads offline (审阅, 经费, 台账): the last answer kept on the device is shown at once
// with the time it was fetched; when online, a fresh one replaces it. A failed fetch keeps the old answer and
// says why. Keys name the question: 'funding:2026', 'grid:2026', 'ledger:<branch>:2026'.
import { type Ref, ref, watch } from 'vue'
import { repos } from '../modules/data'

export interface ServerSnapshot<T> {
  data: Ref<T | null>
  /** When the shown answer came from the server (ISO), null before any. */
  fetchedAt: Ref<string | null>
  /** The shown answer is the stored one (offline, or the fetch failed). */
  fromCache: Ref<boolean>
  loading: Ref<boolean>
  /** The last fetch's error message, '' when it succeeded. */
  error: Ref<string>
  /** While a paged fetch runs: how many rows have arrived so far (null when not fetching in pages). */
  progress: Ref<number | null>
  refresh: () => Promise<void>
}

type Idle = (cb: () => void, opts?: { timeout: number }) => number
const IDLE_WAIT_MS = 1000

function idleMoment(): Promise<void> {
  const ric = (window as unknown as { requestIdleCallback?: Idle }).requestIdleCallback
  return new Promise((resolve) => {
    if (ric) ric(() => resolve(), { timeout: IDLE_WAIT_MS })
    else setTimeout(resolve, 0)
  })
}

function sameJson(a: unknown, b: unknown): boolean {
  try {
    return JSON.stringify(a) === JSON.stringify(b)
  } catch {
    return false
  }
}

export function useServerSnapshot<T>(key: Ref<string | null>, fetch: (onProgress: (loaded: number) => void) => Promise<T>): ServerSnapshot<T> {
  const data = ref<T | null>(null) as Ref<T | null>
  const fetchedAt = ref<string | null>(null)
  const fromCache = ref(false)
  const loading = ref(false)
  const error = ref('')
  const progress = ref<number | null>(null)
  let run = 0

  async function refresh() {
    const k = key.value
    const mine = ++run
    if (!k) { data.value = null; fetchedAt.value = null; loading.value = false; return }
    // loading from the first moment: while the device copy is read the screen shows neither an empty state (drawn
    // and at once replaced: wasted work and a flash) nor a stale answer of another key
    loading.value = true
    const stored = await repos.snapshots.get<T>(k).catch(() => undefined)
    if (mine !== run) return
    data.value = stored?.value ?? null
    fetchedAt.value = stored?.fetched_at ?? null
    fromCache.value = stored !== undefined
    if (!navigator.onLine) { loading.value = false; return }
    error.value = ''
    try {
      // a stored answer is on screen: the fresh one is asked for once the screen is idle, not while it draws
      if (stored) await idleMoment()
      if (mine !== run) return
      // the progress bar only while nothing is shown: over a stored answer it would push it down (layout shift);
      // the stamp's refresh button says it is loading
      const value = await fetch((loaded) => { if (mine === run && data.value === null) progress.value = loaded })
      const saved = await repos.snapshots.put(k, value)
      if (mine !== run) return
      // the same answer as the stored one is not redrawn (审阅's grid of every branch, on each visit)
      if (!stored || !sameJson(stored.value, value)) data.value = value
      fetchedAt.value = saved.fetched_at
      fromCache.value = false
    } catch (e) {
      if (mine === run) error.value = (e as { message?: string }).message ?? String(e)
    } finally {
      if (mine === run) { loading.value = false; progress.value = null }
    }
  }

  watch(key, () => { void refresh() }, { immediate: true })
  return { data, fetchedAt, fromCache, loading, error, progress, refresh }
}
