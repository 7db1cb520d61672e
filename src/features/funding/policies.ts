// 经费标准 per committee and year: its own policy, the one it inherits from the nearest ancestor that has one,
// the default, and which applies (SPEC §3.5). Finance reads policies of its own subtree only, so a rule set
// above it is invisible here: the server's figures tell (serverRateMismatch). Pure.
import { defaultFundingRule, fundingRule, type FundingPolicyRow, type FundingRow, type FundingRule } from '../../domain/funding'
import { indexByOrg, nearestPolicy, orgPaths } from '../../domain/orgs'
import { isLive, type Org } from '../../domain/types'

export type PolicySource = 'own' | 'inherited' | 'default'
export type PolicyOrg = Pick<Org, 'id' | 'parent_id' | 'kind' | 'name' | 'deleted_at'>
export type PolicyRow = FundingPolicyRow & { id: string }

export interface CommitteePolicy {
  id: string
  name: string
  depth: number
  own: PolicyRow | null
  inherited: { rule: FundingRule; fromId: string; fromName: string } | null
  fallback: FundingRule
  applies: PolicySource
  /** The rule its branches get, as far as this device can tell. */
  rule: FundingRule
  /** The parent is not on this device (finance reads its own subtree only): its rules are unknown here. */
  parentHidden: boolean
  /** No policy here or above on the device, and the parent is hidden: one set higher up may apply. */
  aboveUnknown: boolean
}

export function committeePolicies(year: number, orgs: readonly PolicyOrg[], policies: readonly PolicyRow[]): CommitteePolicy[] {
  const paths = orgPaths(orgs)
  const names = new Map(orgs.map((o) => [o.id, o.name]))
  const byOrg = indexByOrg(policies.filter((p) => p.year === year && isLive(p)))
  const committees = orgs.filter((o) => o.kind === 'committee' && isLive(o))
  const held = new Set(orgs.map((o) => o.id))
  const committeeIds = new Set(committees.map((c) => c.id))
  const rows = committees.map((c): CommitteePolicy => {
    const path = paths.get(c.id) ?? [c.id]
    const own = byOrg.get(c.id) ?? null
    const above = nearestPolicy(path.slice(0, -1), byOrg)
    const inherited = above ? { rule: fundingRule(year, above), fromId: above.org_id, fromName: names.get(above.org_id) ?? '' } : null
    const fallback = defaultFundingRule(year)
    const parentHidden = c.parent_id !== null && !held.has(c.parent_id)
    const applies: PolicySource = own ? 'own' : inherited ? 'inherited' : 'default'
    return {
      id: c.id, name: c.name, depth: path.slice(0, -1).filter((id) => committeeIds.has(id)).length, own, inherited, fallback, applies,
      rule: own ? fundingRule(year, own) : inherited?.rule ?? fallback,
      parentHidden,
      aboveUnknown: !own && !inherited && parentHidden,
    }
  })
  // tree order: each committee after its parent, siblings by name
  const key = (c: CommitteePolicy) => (paths.get(c.id) ?? [c.id]).map((id) => names.get(id) ?? id)
  return rows.sort((a, b) => compareNamePaths(key(a), key(b)))
}

function compareNamePaths(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = a[i]!.localeCompare(b[i]!, 'zh-CN')
    if (d !== 0) return d
  }
  return a.length - b.length
}

/**
 * The per-member rates the server used for the committee's branches that follow the committee's rule here
 * (no closer policy on the device), when they differ from that rule: a policy above, invisible to this
 * device, or an edit not yet synced. Empty when the server agrees or has no figures for them.
 */
export function serverRateMismatch(
  committee: CommitteePolicy, year: number, orgs: readonly PolicyOrg[], policies: readonly PolicyRow[], rows: readonly FundingRow[],
): number[] {
  const paths = orgPaths(orgs)
  const byOrg = indexByOrg(policies.filter((p) => p.year === year && isLive(p)))
  const rates = new Set<number>()
  for (const row of rows) {
    const path = paths.get(row.branch_id)
    const at = path?.indexOf(committee.id) ?? -1
    if (!path || at < 0) continue
    // a closer policy below the committee decides this branch
    if (nearestPolicy(path.slice(at + 1), byOrg)) continue
    if (row.rate_fen !== committee.rule.rate_fen) rates.add(row.rate_fen)
  }
  return [...rates].sort((a, b) => a - b)
}
