// The server's answers behind the 审阅 grid: one summary per branch (branch_summaries), read in keyset pages
// under PostgREST's row cap, and one branch's rows (branch_completeness_of) when a cell is opened.
import { readAllPages } from '../../components/keysetPages'
import type { CompletenessRow } from '../../domain/completeness'
import { getSupabase } from '../../modules/supabase'
import type { BranchSummary } from './grid'

/** PostgREST's max_rows on Supabase (supabase/config.toml): no page asks for more. */
export const PAGE_ROWS = 1000

export async function fetchSummaries(year: number, onProgress?: (loaded: number) => void): Promise<BranchSummary[]> {
  const supabase = await getSupabase()
  return readAllPages<BranchSummary>({
    limit: PAGE_ROWS,
    onProgress,
    fetchPage: async (after, limit) => {
      const { data, error } = await supabase.rpc('branch_summaries', {
        p_year: year, p_after_name: after?.branch_name ?? null, p_after_id: after?.branch_id ?? null, p_limit: limit,
      })
      if (error) throw error
      return (data ?? []) as BranchSummary[]
    },
  })
}

export async function fetchBranchRows(branchId: string, year: number): Promise<CompletenessRow[]> {
  const { data, error } = await (await getSupabase()).rpc('branch_completeness_of', { p_branch: branchId, p_year: year })
  if (error) throw error
  return (data ?? []) as CompletenessRow[]
}
