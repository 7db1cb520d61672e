// useLiveQuery with the states a screen shows: loading until the first answer, and an error instead of a
// silent console line when the device database cannot be read.
import { computed, type ComputedRef, type WatchSource } from 'vue'
import { useLiveQuery } from '../db/live'

/** The bare live query (an initial value instead of states), for screens that draw before the first answer. */
export { useLiveQuery }

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown }

export interface LiveData<T> {
  data: ComputedRef<T | undefined>
  loading: ComputedRef<boolean>
  error: ComputedRef<unknown>
}

export function useLiveData<T>(query: () => Promise<T>, deps: WatchSource[] = [], context = 'activities'): LiveData<T> {
  const outcome = useLiveQuery<Outcome<T> | undefined>(async () => {
    try {
      return { ok: true, value: await query() }
    } catch (error) {
      console.error(`${context}: reading the device database failed`, error)
      return { ok: false, error }
    }
  }, undefined, deps)
  return {
    data: computed(() => (outcome.value?.ok ? outcome.value.value : undefined)),
    loading: computed(() => outcome.value === undefined),
    error: computed(() => (outcome.value && !outcome.value.ok ? outcome.value.error : null)),
  }
}
