// What 经费 shows: the server's figures laid out as the org tree the device holds, the branches finance may
// record matching contributions for, and how many of those are still on this device (not in the figures yet).
import { computed, type Ref } from 'vue'
import { orgPaths } from '../../domain/orgs'
import { isLive } from '../../domain/types'
import { useFundingStore } from '../../stores/funding'
import { useSessionStore } from '../../stores/session'
import { useLiveData } from '../../components/useLiveData'
import { buildFundingTable } from './table'
import { useFundingSnapshot } from './useFunding'

export function useFundingView(year: Ref<number>) {
  const session = useSessionStore()
  const store = useFundingStore()
  const snap = useFundingSnapshot(year)
  const orgs = useLiveData(() => store.orgs(), [], 'funding: orgs')
  const table = computed(() => buildFundingTable(snap.rows.value ?? [], orgs.data.value ?? []))
  /** Branches the device holds: how many rows to expect while the figures arrive in pages. */
  const expected = computed(() => (orgs.data.value ?? []).filter((o) => o.kind === 'branch' && isLive(o)).length)

  // the branches under the finance officer's committees, by name
  const financeBranches = computed(() => {
    const all = orgs.data.value ?? []
    const roots = session.roles.filter((r) => r.role === 'finance' && isLive(r)).map((r) => r.org_id)
    const paths = orgPaths(all)
    return all.filter((o) => o.kind === 'branch' && isLive(o) && roots.some((id) => paths.get(o.id)?.includes(id)))
      .map((o) => ({ id: o.id, name: o.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  })
  const matchQueue = useLiveData(() => store.queueCounts('funding_matches', (m) => m.year === year.value), [year], 'funding: unsynced matches')
  const expenseQueue = useLiveData(() => store.queueCounts('expenses', (e) => e.spent_on.startsWith(`${year.value}-`)), [year], 'funding: unsynced expenses')
  return { session, snap, table, expected, financeBranches, matchQueue, expenseQueue }
}
