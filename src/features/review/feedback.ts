// 投诉建议 for the reviewers of the root committee: the server's rows, newest first, a page at a time (RLS lets
// only them read it).
import { getSupabase } from '../../modules/supabase'

export interface FeedbackItem { id: string; body: string; contact: string | null; created_at: string }

export const FEEDBACK_PAGE = 30

export async function feedbackPage(offset: number): Promise<FeedbackItem[]> {
  const { data, error } = await (await getSupabase()).from('feedback').select('id, body, contact, created_at')
    .order('created_at', { ascending: false }).order('id', { ascending: false })
    .range(offset, offset + FEEDBACK_PAGE - 1)
  if (error) throw error
  return data as FeedbackItem[]
}
