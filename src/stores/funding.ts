// 经费 on the device and from the server: one page of the server's figures (branch_funding: only the branches the
// caller may see), the org tree, funding rules, matching contributions and expenses the device holds with every
// write of them (row + outbox, synced later; a refusal lands in 需处理), and which of those rows still wait in the
// outbox or were refused — the server's figures do not include them yet.
import { defineStore } from 'pinia'
import type { Expense, FundingMatch, FundingPolicy } from '../domain/types'
import type { QueueState } from '../db/repos'
import type { Draft, Local, RowTypes } from '../db/rows'
import { repos } from '../modules/data'
import { getSupabase } from '../modules/supabase'

export type { Local, QueueState }

/** The tables of money rows whose standing the screens show. */
export type MoneyTable = 'funding_matches' | 'expenses' | 'funding_policies'

/** Where a page of branch_funding starts: after this (branch_name, branch_id), null for the first. */
export interface FundingCursor { branch_name: string; branch_id: string }

/** One page of branch_funding as the server sends it (bigint columns may be strings). */
export async function fundingPage(year: number, after: FundingCursor | null, limit: number): Promise<Record<string, unknown>[]> {
  const { data, error } = await (await getSupabase()).rpc('branch_funding', {
    p_year: year, p_after_name: after?.branch_name ?? null, p_after_id: after?.branch_id ?? null, p_limit: limit,
  })
  if (error) throw error
  return (data ?? []) as Record<string, unknown>[]
}

export const useFundingStore = defineStore('funding', () => ({
  fundingPage,
  orgs: () => repos.orgs.all(),
  activity: (id: string) => repos.activities.get(id),
  /** The branch's live activities starting in [from, to) (ISO timestamps), by start time. */
  activitiesBetween: (branchId: string, from: string, to: string) => repos.activities.byBranchBetween(branchId, from, to),
  queueOf: (table: MoneyTable) => repos.outbox.queueOf(table),
  /** How many waiting and refused rows of the table match `keep` (tombstoned ones too: a deletion waits as well). */
  queueCounts: <T extends MoneyTable>(table: T, keep: (row: Local<RowTypes[T]>) => boolean) => repos.outbox.queueCounts(table, keep),
  policies: () => repos.fundingPolicies.all(),
  addPolicy: (row: Draft<FundingPolicy>) => repos.fundingPolicies.put(row),
  updatePolicy: (id: string, fields: Partial<Omit<FundingPolicy, 'id'>>) => repos.fundingPolicies.update(id, fields),
  removePolicy: (id: string) => repos.fundingPolicies.softDelete(id),
  matchesOf: (branchId: string, year: number) => repos.fundingMatches.byBranchYear(branchId, year),
  addMatch: (row: Draft<FundingMatch>) => repos.fundingMatches.put(row),
  updateMatch: (id: string, fields: Partial<Omit<FundingMatch, 'id'>>) => repos.fundingMatches.update(id, fields),
  removeMatch: (id: string) => repos.fundingMatches.softDelete(id),
  expensesOf: (branchId: string, year: number) => repos.expenses.byBranchYear(branchId, year),
  addExpense: (row: Draft<Expense>) => repos.expenses.put(row),
  updateExpense: (id: string, fields: Partial<Omit<Expense, 'id'>>) => repos.expenses.update(id, fields),
  removeExpense: (id: string) => repos.expenses.softDelete(id),
}))
