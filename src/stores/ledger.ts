// The branch ledger (台账) from the server: branch_ledger(branch, year), online; the screens keep a copy for
// reading offline (components/useLedger.ts, components/useServerSnapshot).
import { defineStore } from 'pinia'
import type { Ledger } from '../domain/ledger'
import { getSupabase } from '../modules/supabase'

export async function fetchLedger(branchId: string, year: number): Promise<Ledger> {
  const { data, error } = await (await getSupabase()).rpc('branch_ledger', { p_branch: branchId, p_year: year })
  if (error) throw error
  return data as Ledger
}

export const useLedgerStore = defineStore('ledger', () => ({ fetchLedger }))
