// The org tree as the rules need it: each org's ancestors (the SQL `orgs.path`) and the nearest-ancestor
// policy lookup shared by cadence (SPEC §3.1) and funding (SPEC §3.5).
import { isLive, type Org } from './types'

/** The server's `orgs.path` (root first, the org last), when a row carries it: the device may lack ancestors. */
export interface WithPath { path?: readonly string[] | null }

export type OrgNode = Pick<Org, 'id' | 'parent_id' | 'kind' | 'has_committee' | 'deleted_at'> & WithPath

/**
 * Ancestors of every org from the root down to itself, like `orgs.path` (tombstoned ancestors included,
 * as in SQL). A row's own `path` wins. Otherwise the path is walked through parent_id and ends at the
 * first parent missing from the input (its id is still on the path, its ancestors are not, so their
 * policies do not apply); a cycle is cut where it closes.
 */
export function orgPaths<T extends Pick<Org, 'id' | 'parent_id'> & WithPath>(orgs: readonly T[]): Map<string, string[]> {
  const byId = new Map(orgs.map((o) => [o.id, o]))
  const paths = new Map<string, string[]>()
  for (const org of orgs) if (org.path && org.path.length > 0) paths.set(org.id, [...org.path])
  const pathOf = (id: string): string[] => {
    const known = paths.get(id)
    if (known) return known
    const chain: string[] = []
    for (let at: string | null | undefined = id; at != null && !chain.includes(at); at = byId.get(at)?.parent_id) {
      const cached = paths.get(at)
      if (cached) {
        chain.push(...[...cached].reverse())
        break
      }
      chain.push(at)
    }
    const path = chain.reverse()
    paths.set(id, path)
    return path
  }
  for (const org of orgs) pathOf(org.id)
  return paths
}

/** The live branches of the input, optionally restricted to some ids. */
export function liveBranches<T extends Pick<Org, 'id' | 'kind' | 'deleted_at'>>(
  orgs: readonly T[],
  branchIds?: readonly string[],
): T[] {
  const wanted = branchIds ? new Set(branchIds) : null
  return orgs.filter((o) => o.kind === 'branch' && isLive(o) && (!wanted || wanted.has(o.id)))
}

/** Policies by org (the first one wins when an org has two: the schema allows one live policy per key). */
export function indexByOrg<P extends { org_id: string }>(policies: Iterable<P>): Map<string, P> {
  const byOrg = new Map<string, P>()
  for (const p of policies) if (!byOrg.has(p.org_id)) byOrg.set(p.org_id, p)
  return byOrg
}

/**
 * The policy of the nearest org on `path` (root first, the org itself last), from policies the caller has
 * already narrowed to live ones of one kind or year and indexed by org. Undefined when none applies.
 */
export function nearestPolicy<P>(path: readonly string[], byOrg: ReadonlyMap<string, P>): P | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const hit = byOrg.get(path[i] ?? '')
    if (hit) return hit
  }
  return undefined
}
