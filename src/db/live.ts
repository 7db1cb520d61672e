// Dexie's liveQuery as a Vue ref: screens re-render when the rows they read change, whoever wrote them
// (the user, the sync engine, another tab). The first answer is set at once; later ones are coalesced — one at
// once after a quiet spell, then at most one per UPDATE_GAP_MS, the latest winning, in an idle moment — so a first
// sync writing many pages re-renders each screen a few times instead of once per page (Lighthouse TBT).
import { liveQuery, type Subscription } from 'dexie'
import { onScopeDispose, shallowRef, watch, type ShallowRef, type WatchSource } from 'vue'

/** The shortest time between two re-renders of one live query after its first answer. */
export const UPDATE_GAP_MS = 400

type Idle = (cb: () => void, opts?: { timeout: number }) => number
const idle: Idle = (cb, opts) => {
  const ric = (globalThis as unknown as { requestIdleCallback?: Idle }).requestIdleCallback
  return ric ? ric(cb, opts) : (setTimeout(cb, 0) as unknown as number)
}

/** A setter that applies the first value at once and later ones at most every `gapMs` (the latest one wins). */
export function coalescedSetter<T>(apply: (value: T) => void, gapMs = UPDATE_GAP_MS): { set: (value: T) => void; cancel: () => void } {
  let first = true
  let lastAt = 0
  let pending: { value: T } | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let cancelled = false
  const flush = () => {
    timer = undefined
    if (cancelled || !pending) return
    const { value } = pending
    pending = undefined
    lastAt = Date.now()
    apply(value)
  }
  return {
    set(value) {
      if (cancelled) return
      if (first) {
        first = false
        lastAt = Date.now()
        apply(value)
        return
      }
      pending = { value }
      if (timer !== undefined) return
      const wait = lastAt + gapMs - Date.now()
      if (wait <= 0) flush()
      else timer = setTimeout(() => idle(flush, { timeout: gapMs }), wait)
    },
    cancel() {
      cancelled = true
      if (timer !== undefined) clearTimeout(timer)
      pending = undefined
    },
  }
}

export function useLiveQuery<T>(query: () => Promise<T>, initial: T, deps: WatchSource[] = []): ShallowRef<T> {
  const result = shallowRef<T>(initial)
  let subscription: Subscription | undefined
  let setter: ReturnType<typeof coalescedSetter<T>> | undefined
  const run = () => {
    subscription?.unsubscribe()
    setter?.cancel()
    // new dependencies (another month, another activity): their first answer is shown at once
    const own = coalescedSetter<T>((value) => { result.value = value })
    setter = own
    subscription = liveQuery(query).subscribe({
      next: own.set,
      error: (error: unknown) => console.error('live query failed', error),
    })
  }
  if (deps.length) watch(deps, run, { immediate: true })
  else run()
  onScopeDispose(() => { subscription?.unsubscribe(); setter?.cancel() })
  return result
}
