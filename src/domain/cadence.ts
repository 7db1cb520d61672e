// Cadence (SPEC §3.1): how often each kind must be held, and which policy applies to a branch — the nearest org on its
// path with a live policy for the kind, else the default. The same rules on the server:
// supabase/migrations/20261201000800_cadence.sql (the policies), applied in private.completeness_rows
// (supabase/migrations/20261201001100_completeness.sql, its `defaults` and `inherited`).
import { indexByOrg, nearestPolicy } from './orgs'
import { ACTIVITY_KINDS, isLive, type ActivityKind, type CadencePolicy, type Period } from './types'

export type CompletenessPolicy = Pick<CadencePolicy, 'org_id' | 'kind' | 'per' | 'min_count' | 'deleted_at'>

export interface Cadence { per: Period; min_count: number }

/** SPEC §3.1 defaults, used when no ancestor has a policy for the kind. */
export const DEFAULT_CADENCE: Readonly<Record<ActivityKind, Cadence>> = {
  assembly: { per: 'quarter', min_count: 1 },
  committee: { per: 'month', min_count: 1 },
  group: { per: 'month', min_count: 1 },
  lesson: { per: 'quarter', min_count: 1 },
  theme_day: { per: 'month', min_count: 1 },
  org_life: { per: 'year', min_count: 1 },
  review: { per: 'year', min_count: 1 },
}

export type CadenceIndex = ReadonlyMap<ActivityKind, ReadonlyMap<string, CompletenessPolicy>>

/** Live cadence policies by kind and org, built once for many branches. */
export function indexCadencePolicies(policies: readonly CompletenessPolicy[]): CadenceIndex {
  const live = policies.filter(isLive)
  return new Map(ACTIVITY_KINDS.map((kind) => [kind, indexByOrg(live.filter((p) => p.kind === kind))]))
}

/** For each kind, the policy of the nearest org on the branch's path that has one, else the default. */
export function cadenceFor(path: readonly string[], index: CadenceIndex): Record<ActivityKind, Cadence> {
  const out = { ...DEFAULT_CADENCE }
  for (const kind of ACTIVITY_KINDS) {
    const hit = nearestPolicy(path, index.get(kind) ?? new Map<string, CompletenessPolicy>())
    if (hit) out[kind] = { per: hit.per, min_count: hit.min_count }
  }
  return out
}
