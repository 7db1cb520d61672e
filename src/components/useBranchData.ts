// What the activity screens read about the user's branch: its groups, its people (secretaries hold whole
// rows) and everyone's name (members only get the names-only roster).
import { computed, type Ref } from 'vue'
import type { Org, Person } from '../domain'
import { useActivitiesStore, type Local, type RosterEntry } from '../stores/activities'
import { useLiveData } from './useLiveData'

const none = <T>(): Promise<T[]> => Promise.resolve([] as T[])

export function useBranchData(branchId: Ref<string | null>) {
  const store = useActivitiesStore()
  const groups = useLiveData(async () => {
    if (!branchId.value) return none<Org>()
    const children = await store.childrenOf(branchId.value)
    return children.filter((o) => o.kind === 'group').sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  }, [branchId], 'activities: groups')
  const people = useLiveData<Local<Person>[]>(() => (branchId.value ? store.peopleOf(branchId.value) : none()), [branchId], 'activities: people')
  const roster = useLiveData<Local<RosterEntry>[]>(() => (branchId.value ? store.rosterOf(branchId.value) : none()), [branchId], 'activities: roster')

  /** Names by person id, from whichever source the device holds. */
  const names = computed(() => {
    const map = new Map<string, string>()
    for (const r of roster.data.value ?? []) map.set(r.id, r.name)
    for (const p of people.data.value ?? []) map.set(p.id, p.name)
    return map
  })
  const groupName = (id: string | null): string => (id ? groups.data.value?.find((g) => g.id === id)?.name ?? '' : '')

  return { groups, people, roster, names, groupName }
}
