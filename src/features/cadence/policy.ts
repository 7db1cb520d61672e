// The cadence screen's rules (SPEC §3.1): for one committee and each kind, the default, the value inherited
// from the nearest ancestor committee with a policy, its own policy and which of them applies — through the
// same cadenceFor / nearestPolicy the completeness rules use — plus the editor's checks as i18n keys.
import {
  ACTIVITY_KINDS, DEFAULT_CADENCE, PERIODS, cadenceFor, indexCadencePolicies, isLive, nearestPolicy, orgPaths,
  type ActivityKind, type Cadence, type CadencePolicy, type CompletenessPolicy, type Org, type Period, type WithPath,
} from '../../domain'

/** cadence_policies.min_count is checked `between 0 and 31` on the server (supabase/migrations/20261201000800_cadence.sql). */
export const MIN_COUNT_MAX = 31

export type CadenceOrg = Pick<Org, 'id' | 'parent_id' | 'kind' | 'name' | 'has_committee' | 'deleted_at'> & WithPath
export type CadencePolicyRow = Pick<CadencePolicy, 'id' | 'org_id' | 'kind' | 'per' | 'min_count' | 'deleted_at'>
export type CadenceSource = 'own' | 'inherited' | 'default'

export interface KindCadence {
  kind: ActivityKind
  default: Cadence
  /** The nearest ancestor committee's policy, when one above this committee has one for the kind. */
  inherited: { cadence: Cadence; orgId: string } | null
  /** This committee's own live policy row. */
  own: CadencePolicyRow | null
  /** What the committee's branches follow (unless a committee between them sets its own). */
  effective: Cadence
  source: CadenceSource
  /** Live branches of the subtree that follow a committee below this one for the kind. */
  overriddenBranches: number
}

export interface CommitteeOption { id: string; name: string; depth: number }

/** The live committees of the reviewer's subtrees, depth-first, siblings by name; depth 0 = a role's committee. */
export function editableCommittees(orgs: readonly CadenceOrg[], reviewerOrgIds: readonly string[]): CommitteeOption[] {
  const live = orgs.filter((o) => o.kind === 'committee' && isLive(o))
  const ids = new Set(live.map((o) => o.id))
  const out: CommitteeOption[] = []
  const seen = new Set<string>()
  const byName = (a: CadenceOrg, b: CadenceOrg) => a.name.localeCompare(b.name, 'zh-CN')
  const visit = (org: CadenceOrg, depth: number) => {
    if (seen.has(org.id)) return
    seen.add(org.id)
    out.push({ id: org.id, name: org.name, depth })
    for (const child of live.filter((o) => o.parent_id === org.id).sort(byName)) visit(child, depth + 1)
  }
  // a role's committee under another role's committee is listed once, inside the outer tree
  const paths = orgPaths(orgs)
  const roots = live.filter((o) => reviewerOrgIds.includes(o.id) &&
    !(paths.get(o.id) ?? []).slice(0, -1).some((a) => reviewerOrgIds.includes(a) && ids.has(a)))
  for (const root of roots.sort(byName)) visit(root, 0)
  return out
}

/** Live branches whose path passes through the committee. */
export function branchesUnder(orgs: readonly CadenceOrg[], committeeId: string): CadenceOrg[] {
  const paths = orgPaths(orgs)
  return orgs.filter((o) => o.kind === 'branch' && isLive(o) && (paths.get(o.id) ?? []).includes(committeeId))
}

/** Ancestors of the committee that this device does not hold (RLS shows a reviewer their subtree only). */
export function unseenAncestors(orgs: readonly CadenceOrg[], committeeId: string): string[] {
  const held = new Set(orgs.map((o) => o.id))
  return (orgPaths(orgs).get(committeeId) ?? []).slice(0, -1).filter((id) => !held.has(id))
}

/** Per kind (in ACTIVITY_KINDS order): default, inherited, own and the one that applies to the committee. */
export function kindCadences(orgs: readonly CadenceOrg[], policies: readonly CadencePolicyRow[], committeeId: string): KindCadence[] {
  const paths = orgPaths(orgs)
  const path = paths.get(committeeId) ?? [committeeId]
  const above = path.slice(0, -1)
  const index = indexCadencePolicies(policies)
  const effective = cadenceFor(path, index)
  const inheritedValues = cadenceFor(above, index)
  const live = policies.filter(isLive)
  const branchPaths = branchesUnder(orgs, committeeId).map((b) => paths.get(b.id) ?? [b.id])
  const depth = path.length - 1
  return ACTIVITY_KINDS.map((kind) => {
    const byOrg = index.get(kind) ?? new Map<string, CompletenessPolicy>()
    const hit = nearestPolicy(above, byOrg)
    const own = live.find((p) => p.org_id === committeeId && p.kind === kind) ?? null
    // a branch follows a lower committee when its nearest policy sits below this committee on its path
    const overriddenBranches = branchPaths.filter((bp) => {
      const nearest = nearestPolicy(bp, byOrg)
      return nearest !== undefined && bp.indexOf(nearest.org_id) > depth
    }).length
    return {
      kind,
      default: DEFAULT_CADENCE[kind],
      inherited: hit ? { cadence: inheritedValues[kind], orgId: hit.org_id } : null,
      own,
      effective: effective[kind],
      source: own ? 'own' : hit ? 'inherited' : 'default',
      overriddenBranches,
    }
  })
}

export const sameCadence = (a: Cadence, b: Cadence): boolean =>
  a.min_count === b.min_count && (a.min_count === 0 || a.per === b.per)

export interface CadenceDraft { per: string; min_count: string }
export type CadenceErrors = Partial<Record<keyof CadenceDraft, string>>

/** The editor's checks, as i18n keys, and the value to save when there are none. */
export function validateCadence(draft: CadenceDraft): { errors: CadenceErrors; value: Cadence | null } {
  const errors: CadenceErrors = {}
  if (!(PERIODS as readonly string[]).includes(draft.per)) errors.per = 'cadence.errors.perRequired'
  const text = draft.min_count.trim()
  if (text === '') errors.min_count = 'cadence.errors.countRequired'
  else if (!/^\d+$/.test(text)) errors.min_count = 'cadence.errors.countInteger'
  else if (Number(text) > MIN_COUNT_MAX) errors.min_count = 'cadence.errors.countRange'
  if (Object.keys(errors).length > 0) return { errors, value: null }
  return { errors, value: { per: draft.per as Period, min_count: Number(text) } }
}

type Translate = (key: string, values?: Record<string, unknown>) => string

/** "每月至少 2 次", "每个党小组每月至少 1 次", "不作要求"; 支委会 notes it binds branches with a committee only. */
export function cadenceText(kind: ActivityKind, cadence: Cadence, t: Translate): string {
  if (cadence.min_count <= 0) return t('cadence.rule.off')
  const base = t(`cadence.rule.${kind === 'group' ? 'perGroup' : 'each'}.${cadence.per}`, { n: cadence.min_count })
  return kind === 'committee' ? `${base}${t('cadence.rule.committeeOnly')}` : base
}
