// What the roster screens read from the device: the branch's people (whole rows: this area is the secretary's),
// its live groups and the branch row itself (has_committee). Live: edits by the user or by sync re-render.
import { computed, type Ref } from 'vue'
import { todayInShanghai, type Org, type Person } from '../../domain'
import { type Local, useRosterStore } from '../../stores/roster'
import { useLiveData } from '../../components/useLiveData'
import { groupsOf, splitRoster } from './list'

export function useRosterData(branchId: Ref<string | null>) {
  const store = useRosterStore()
  const people = useLiveData<Local<Person>[]>(
    async () => (branchId.value ? store.peopleOf(branchId.value) : []), [branchId], 'roster: people')
  const orgs = useLiveData<{ branch: Local<Org> | null; groups: Local<Org>[] }>(async () => {
    if (!branchId.value) return { branch: null, groups: [] }
    const { branch, children } = await store.branchAndChildren(branchId.value)
    return { branch, groups: groupsOf(children) }
  }, [branchId], 'roster: groups')

  // "today" is read when the data changes, which is often enough for a list of transfers
  const split = computed(() => splitRoster(people.data.value ?? [], todayInShanghai(new Date())))
  const groups = computed(() => orgs.data.value?.groups ?? [])
  const branch = computed(() => orgs.data.value?.branch ?? null)
  const groupName = (id: string | null): string => (id ? groups.value.find((g) => g.id === id)?.name ?? '' : '')
  const loading = computed(() => people.loading.value || orgs.loading.value)
  const error = computed(() => people.error.value ?? orgs.error.value)

  return { people, current: computed(() => split.value.current), left: computed(() => split.value.left), groups, branch, groupName, loading, error }
}
