// 审阅's server answers and device reads: one summary per branch (branch_summaries) in keyset pages under
// PostgREST's row cap, one branch's rows (branch_completeness_of) when a cell is opened, 投诉建议 a page at a time
// (RLS lets only the root committee's reviewers read them), and the org tree on the device.
import { defineStore } from 'pinia'
import { readAllPages } from './keysetPages'
import type { CompletenessRow } from '../domain/completeness'
import type { BranchSummary } from '../domain/completeness'
import { repos } from '../modules/data'
import { getSupabase } from '../modules/supabase'

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

export interface FeedbackItem { id: string; body: string; contact: string | null; created_at: string }

export const FEEDBACK_PAGE = 30

export async function feedbackPage(offset: number): Promise<FeedbackItem[]> {
  const { data, error } = await (await getSupabase()).from('feedback').select('id, body, contact, created_at')
    .order('created_at', { ascending: false }).order('id', { ascending: false })
    .range(offset, offset + FEEDBACK_PAGE - 1)
  if (error) throw error
  return data as FeedbackItem[]
}

export const useReviewStore = defineStore('review', () => ({
  fetchSummaries, fetchBranchRows, feedbackPage, orgs: () => repos.orgs.all(),
}))
