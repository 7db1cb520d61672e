// Party-building funds per branch and year (SPEC §3.5): the same rows as the SQL function branch_funding
// (supabase/migrations/20261201001000_funding.sql). Integer fen throughout; the match ratio in thousandths.
import { compareTuples, groupBy } from './collections'
import { indexByOrg, liveBranches, nearestPolicy, orgPaths, type WithPath } from './orgs'
import {
  isLive, MEMBER_STATUSES, parseRatioMilli,
  type Expense, type FundingMatch, type FundingPolicy, type IsoDate, type Org, type Person,
} from './types'

export interface FundingRow {
  branch_id: string
  branch_name: string
  member_count: number
  rate_fen: number
  allocation_fen: number
  required_match_fen: number
  matched_fen: number
  shortfall_fen: number
  available_fen: number
  spent_fen: number
  balance_fen: number
}

export type FundingPerson = Pick<
  Person, 'branch_id' | 'party_status' | 'admitted_on' | 'joined_branch_on' | 'left_branch_on' | 'deleted_at'
>
export type FundingPolicyRow = Pick<
  FundingPolicy, 'org_id' | 'year' | 'rate_fen' | 'match_ratio' | 'census_date' | 'deleted_at'
>

export interface FundingInput {
  year: number
  orgs: readonly (Pick<Org, 'id' | 'parent_id' | 'kind' | 'name' | 'deleted_at'> & WithPath)[]
  people: readonly FundingPerson[]
  fundingPolicies: readonly FundingPolicyRow[]
  fundingMatches: readonly Pick<FundingMatch, 'branch_id' | 'year' | 'amount_fen' | 'deleted_at'>[]
  expenses: readonly Pick<Expense, 'branch_id' | 'spent_on' | 'amount_fen' | 'deleted_at'>[]
  branchIds?: readonly string[]
}

export interface FundingRule { rate_fen: number; ratio_milli: number; census_date: IsoDate }

/** SPEC §3.5 default: 150 yuan per member, matched 1:1, members counted on Dec 31 of the year before. */
export function defaultFundingRule(year: number): FundingRule {
  return { rate_fen: 15000, ratio_milli: 1000, census_date: `${year - 1}-12-31` }
}

/** The rule a policy sets (a null census date means the default one), or the default without a policy. */
export function fundingRule(year: number, policy: FundingPolicyRow | undefined): FundingRule {
  const fallback = defaultFundingRule(year)
  if (!policy) return fallback
  return {
    rate_fen: policy.rate_fen,
    ratio_milli: parseRatioMilli(policy.match_ratio),
    census_date: policy.census_date ?? fallback.census_date,
  }
}

/** ceil(amount × ratio) exactly: BigInt, since fen × thousandths can pass 2^53. */
export function requiredMatchFen(allocationFen: number, ratioMilli: number): number {
  const product = BigInt(allocationFen) * BigInt(ratioMilli)
  const result = (product + 999n) / 1000n
  if (allocationFen < 0 || ratioMilli < 0 || result > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`required match out of range: ${allocationFen} × ${ratioMilli}/1000`)
  }
  return Number(result)
}

/** On the roster on the census day: a full or probationary member admitted, joined and not yet left. */
export function countsOnCensus(person: FundingPerson, census: IsoDate): boolean {
  return (
    isLive(person) &&
    MEMBER_STATUSES.includes(person.party_status) &&
    person.admitted_on != null && person.admitted_on <= census &&
    (person.joined_branch_on == null || person.joined_branch_on <= census) &&
    (person.left_branch_on == null || person.left_branch_on > census)
  )
}

const sumBy = <T extends { branch_id: string; amount_fen: number }>(rows: readonly T[]): Map<string, number> => {
  const sums = new Map<string, number>()
  for (const r of rows) sums.set(r.branch_id, (sums.get(r.branch_id) ?? 0) + r.amount_fen)
  return sums
}

/** One row per live branch, ordered by name then id like the SQL function. */
export function branchFunding(input: FundingInput): FundingRow[] {
  const { year } = input
  const paths = orgPaths(input.orgs)
  const policies = indexByOrg(input.fundingPolicies.filter((p) => p.year === year && isLive(p)))
  const matched = sumBy(input.fundingMatches.filter((m) => m.year === year && isLive(m)))
  const spent = sumBy(input.expenses.filter((e) => e.spent_on.startsWith(`${year}-`) && isLive(e)))
  const peopleByBranch = groupBy(input.people, (p) => p.branch_id)
  const rows = liveBranches(input.orgs, input.branchIds).map((branch): FundingRow => {
    const rule = fundingRule(year, nearestPolicy(paths.get(branch.id) ?? [branch.id], policies))
    const members = peopleByBranch.get(branch.id) ?? []
    const memberCount = members.filter((p) => countsOnCensus(p, rule.census_date)).length
    const allocation = memberCount * rule.rate_fen
    const required = requiredMatchFen(allocation, rule.ratio_milli)
    const matchedFen = matched.get(branch.id) ?? 0
    const spentFen = spent.get(branch.id) ?? 0
    return {
      branch_id: branch.id, branch_name: branch.name, member_count: memberCount, rate_fen: rule.rate_fen,
      allocation_fen: allocation, required_match_fen: required, matched_fen: matchedFen,
      shortfall_fen: Math.max(0, required - matchedFen), available_fen: allocation + matchedFen,
      spent_fen: spentFen, balance_fen: allocation + matchedFen - spentFen,
    }
  })
  // by code unit: the SQL orders names by the database collation, which may differ for Chinese names
  return rows.sort((a, b) => compareTuples([a.branch_name, a.branch_id], [b.branch_name, b.branch_id]))
}

/**
 * A committee's roll-up: the sums of the rows of the branches in its subtree (SPEC §3.5). The shortfall is
 * the sum of the branches' shortfalls: one branch's surplus does not cover another's gap.
 */
export function fundingRollUp(
  rows: readonly FundingRow[],
  orgs: readonly Pick<Org, 'id' | 'parent_id'>[],
  committeeId: string,
): Omit<FundingRow, 'branch_id' | 'branch_name' | 'rate_fen'> {
  const paths = orgPaths(orgs)
  const total = {
    member_count: 0, allocation_fen: 0, required_match_fen: 0, matched_fen: 0,
    shortfall_fen: 0, available_fen: 0, spent_fen: 0, balance_fen: 0,
  }
  for (const row of rows) {
    if (!paths.get(row.branch_id)?.includes(committeeId)) continue
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += row[key]
  }
  return total
}

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0C\uFF0E]/g
const YUAN_RE = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/

/**
 * Typed yuan to fen: "1000.5" → 100050, "1,000.50" → 100050, "１０００" → 100000 (full-width digits, comma
 * and point accepted, "¥"/"￥" and "元" ignored). null for anything else: more than two decimals, a sign,
 * grouping in the wrong places, beyond 2^53 fen, or zero when `rejectZero`.
 */
export function yuanToFen(text: string, options: { rejectZero?: boolean } = {}): number | null {
  const normal = text
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/^\s*[\u00a5\uffe5]?\s*/, '') // a leading yen sign, half or full width
    .replace(/\s*\u5143?\s*$/, '') // a trailing yuan character
  const match = YUAN_RE.exec(normal)
  if (!match) return null
  const fen = BigInt((match[1] ?? '').replaceAll(',', '')) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'))
  if (fen > BigInt(Number.MAX_SAFE_INTEGER) || (options.rejectZero && fen === 0n)) return null
  return Number(fen)
}

/** Fen to yuan with two decimals: 100050 → "1000.50", -5 → "-0.05" (a balance can be negative). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`)
  const abs = Math.abs(fen)
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}
