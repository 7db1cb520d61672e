// 审阅 reads the server's own figures (branch_completeness, branch_funding over RPC) and keeps the last
// answer on the device so the committee can read it offline, with the time it was fetched.
import { ref } from 'vue'
import type { CompletenessRow } from '../../domain/completeness'
import type { FundingRow } from '../../domain/funding'
import { getSupabase } from '../../modules/supabase'

export interface ReviewSnapshot {
  year: number
  fetchedAt: string
  completeness: CompletenessRow[]
  funding: FundingRow[]
  names: Record<string, string>
}

const cacheKey = (userId: string, year: number) => `zhibu.review.${userId}.${year}`

export function useReviewData(userId: string) {
  const snapshot = ref<ReviewSnapshot | null>(null)
  const loading = ref(false)
  const error = ref('')
  const fromCache = ref(false)

  function loadCached(year: number) {
    const raw = localStorage.getItem(cacheKey(userId, year))
    snapshot.value = raw ? (JSON.parse(raw) as ReviewSnapshot) : null
    fromCache.value = snapshot.value !== null
  }

  async function refresh(year: number) {
    loadCached(year)
    if (!navigator.onLine) return
    loading.value = true
    error.value = ''
    try {
      const supabase = await getSupabase()
      const [c, f] = await Promise.all([
        supabase.rpc('branch_completeness', { p_year: year }),
        supabase.rpc('branch_funding', { p_year: year }),
      ])
      if (c.error || f.error) throw c.error ?? f.error
      const funding = f.data as FundingRow[]
      const names = Object.fromEntries(funding.map((r) => [r.branch_id, r.branch_name]))
      snapshot.value = { year, fetchedAt: new Date().toISOString(), completeness: c.data as CompletenessRow[], funding, names }
      fromCache.value = false
      localStorage.setItem(cacheKey(userId, year), JSON.stringify(snapshot.value))
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      loading.value = false
    }
  }

  return { snapshot, loading, error, fromCache, loadCached, refresh }
}
