// The server's funding figures for a year (branch_funding: only the branches the caller may see), kept on the
// device for reading offline under 'funding:<year>', and fetched again after each sync: money recorded on this
// device counts in them only once it has reached the server.
import { type Ref, computed, watch } from 'vue'
import { readAllPages } from '../../stores/keysetPages'
import { useServerSnapshot } from '../../components/useServerSnapshot'
import type { FundingRow } from '../../domain/funding'
import { todayInShanghai } from '../../domain/shanghai'
import { useFundingStore } from '../../stores/funding'
import { useSyncStore } from '../../stores/sync'
import { normalizeFundingRows } from './table'

type FundingPage = ReturnType<typeof useFundingStore>['fundingPage']

/** Every branch's figures, read in keyset pages of (branch_name, branch_id) under PostgREST's row cap. */
export async function fetchFunding(page: FundingPage, year: number, onProgress?: (loaded: number) => void): Promise<FundingRow[]> {
  return readAllPages<FundingRow>({
    limit: 1000,
    onProgress,
    fetchPage: async (after, limit) => normalizeFundingRows(await page(year, after, limit)),
  })
}

export function useFundingSnapshot(year: Ref<number>) {
  const funding = useFundingStore()
  const snap = useServerSnapshot(computed(() => `funding:${year.value}`), (onProgress) => fetchFunding(funding.fundingPage, year.value, onProgress))
  const sync = useSyncStore()
  watch(() => sync.state.lastSyncAt, (at, before) => { if (at && at !== before) void snap.refresh() })
  // a stored answer may predate the normalising (or come from another screen under the same key)
  const rows = computed(() => (snap.data.value ? normalizeFundingRows(snap.data.value as unknown as Record<string, unknown>[]) : null))
  return { ...snap, rows }
}

/** This year and the two before (Shanghai), newest first; `ahead` adds next year (rules are set in advance). */
export function fundingYears(now: Date, ahead = false): number[] {
  const year = Number(todayInShanghai(now).slice(0, 4))
  return [...(ahead ? [year + 1] : []), year, year - 1, year - 2]
}
