// "某区卫健工委 / 东片区": where an org sits, for labels (its ancestors' names, root first, itself excluded).
import { computed } from 'vue'
import { orgPaths } from '../../domain'
import { useOrgAdminStore } from '../../stores/orgAdmin'

export function usePathOf(): (id: string) => string {
  const store = useOrgAdminStore()
  const paths = computed(() => orgPaths(store.all))
  return (id) => (paths.value.get(id) ?? []).slice(0, -1).map((a) => store.byId.get(a)?.name ?? '').filter(Boolean).join(' / ')
}
