// What 今日 shows, computed on the device from local rows by the same rules as the server
// (src/domain, checked against the same golden fixtures as the SQL functions), from the rows counting reads.
import { computed, ref, type Ref } from 'vue'
import { branchCompleteness, dueNow, type DueItem } from '../../domain/completeness'
import { todayInShanghai } from '../../domain/shanghai'
import type { Activity } from '../../domain/types'
import { useLiveQuery } from '../../components/useLiveData'
import { useHomeStore } from '../../stores/home'

export interface HomeData {
  today: Ref<string>
  due: Ref<DueItem[]>
  upcoming: Ref<Activity[]>
  loaded: Ref<boolean>
}

export function useHomeData(branchId: Ref<string | null>, now: () => Date = () => new Date()): HomeData {
  const store = useHomeStore()
  const today = ref(todayInShanghai(now()))
  const loaded = ref(false)
  const due = useLiveQuery<DueItem[]>(async () => {
    if (!branchId.value) return []
    const year = Number(today.value.slice(0, 4))
    const rows = branchCompleteness({ year, asOf: today.value, branchIds: [branchId.value], ...(await store.completenessRowsOf(branchId.value, year)) })
    loaded.value = true
    return dueNow(rows, today.value)
  }, [], [branchId])
  const upcoming = useLiveQuery<Activity[]>(async () => {
    if (!branchId.value) return []
    return store.upcoming(branchId.value, now().toISOString(), 5)
  }, [], [branchId])
  return { today, due, upcoming, loaded: computed(() => loaded.value || !branchId.value) as Ref<boolean> }
}
