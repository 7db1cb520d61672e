// 经费支出's data: the branch's expenses of a year as recorded on the device, the branch's activities of that
// year (for the picker and the names), and which expenses have not reached the server yet.
import { computed, type Ref } from 'vue'
import { shanghaiDate } from '../../domain/shanghai'
import type { Activity } from '../../domain/types'
import { useLiveData } from '../../components/useLiveData'
import { useFundingStore, type Local } from '../../stores/funding'

/** [start, end) of a Shanghai calendar year as ISO timestamps. */
export const yearRange = (year: number): [string, string] => [`${year}-01-01T00:00:00+08:00`, `${year + 1}-01-01T00:00:00+08:00`]

export function useExpenses(branchId: Ref<string | null>, year: Ref<number>) {
  const store = useFundingStore()
  const data = useLiveData(async () => {
    if (!branchId.value) return { expenses: [], activities: [] as Local<Activity>[], others: [] as Local<Activity>[], queue: undefined }
    const [expenses, activities, queue] = await Promise.all([
      store.expensesOf(branchId.value, year.value),
      store.activitiesBetween(branchId.value, ...yearRange(year.value)),
      store.queueOf('expenses'),
    ])
    // an expense may name an activity of another year (or one edited since): fetch those by id
    const known = new Set(activities.map((a) => a.id))
    const others = await Promise.all([...new Set(expenses.map((e) => e.activity_id).filter((id): id is string => !!id && !known.has(id)))]
      .map((id) => store.activity(id)))
    return {
      expenses: [...expenses].sort((a, b) => b.spent_on.localeCompare(a.spent_on) || b.id.localeCompare(a.id)),
      activities,
      others: others.filter((a): a is Local<Activity> => a !== undefined),
      queue,
    }
  }, [branchId, year], 'funding: expenses')
  const total = computed(() => (data.data.value?.expenses ?? []).reduce((s, e) => s + e.amount_fen, 0))
  return { data, total }
}

/** What the picker and the list call an activity: its day and its title (or its kinds). */
export function activityLabel(a: Pick<Activity, 'starts_at' | 'title' | 'kinds'>, kindName: (k: string) => string): string {
  return `${shanghaiDate(a.starts_at).slice(5)} ${a.title?.trim() || a.kinds.map(kindName).join(' + ')}`
}
