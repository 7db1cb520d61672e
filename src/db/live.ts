// Dexie's liveQuery as a Vue ref: screens re-render when the rows they read change, whoever wrote them
// (the user, the sync engine, another tab).
import { liveQuery, type Subscription } from 'dexie'
import { onScopeDispose, shallowRef, watch, type ShallowRef, type WatchSource } from 'vue'

export function useLiveQuery<T>(query: () => Promise<T>, initial: T, deps: WatchSource[] = []): ShallowRef<T> {
  const result = shallowRef<T>(initial)
  let subscription: Subscription | undefined
  const run = () => {
    subscription?.unsubscribe()
    subscription = liveQuery(query).subscribe({
      next: (value) => { result.value = value },
      error: (error: unknown) => console.error('live query failed', error),
    })
  }
  if (deps.length) watch(deps, run, { immediate: true })
  else run()
  onScopeDispose(() => subscription?.unsubscribe())
  return result
}
