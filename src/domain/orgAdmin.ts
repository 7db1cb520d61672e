// The organisation tree as a reviewer edits it (issue 14, decisions §28): names, where an org may sit, the tree
// drawn for a screen, and why an org cannot be deleted yet. Mirrors supabase/migrations/*_org_admin.sql (the
// server decides; these rules only stop a doomed write before it is queued).
import { isLive, type Org, type OrgKind } from './types'

export const ORG_NAME_MAX = 60

/** As private.org_name_clean: trimmed (full-width spaces too), inner runs of spaces made one. */
export const cleanOrgName = (name: string): string => name.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '').replace(/[\s\u3000]+/g, ' ')

/** As private.org_name_key: two sibling names are the same without case and spaces. */
export const orgNameKey = (name: string): string => name.replace(/[\s\u3000]+/g, '').toLowerCase()

export type OrgNameProblem = 'empty' | 'tooLong' | 'taken'

/** What is wrong with a name among the live siblings' names (the org's own excluded by the caller), or null. */
export function orgNameProblem(name: string, siblingNames: readonly string[]): OrgNameProblem | null {
  const clean = cleanOrgName(name)
  if (!clean) return 'empty'
  if ([...clean].length > ORG_NAME_MAX) return 'tooLong'
  const key = orgNameKey(clean)
  return siblingNames.some((n) => orgNameKey(n) === key) ? 'taken' : null
}

/** The kind of org each kind sits under: committees under committees, branches under committees, groups under branches. */
export const PARENT_KIND: Record<OrgKind, OrgKind> = { committee: 'committee', branch: 'committee', group: 'branch' }

type TreeOrg = Pick<Org, 'id' | 'parent_id' | 'kind' | 'name' | 'deleted_at'>

/** Each org's children by parent id, in the order given (one pass: a district holds thousands of orgs). */
function childrenOf<T extends TreeOrg>(orgs: readonly T[]): Map<string, T[]> {
  const children = new Map<string, T[]>()
  for (const o of orgs) {
    if (!o.parent_id) continue
    const siblings = children.get(o.parent_id)
    if (siblings) siblings.push(o)
    else children.set(o.parent_id, [o])
  }
  return children
}

/** The org and every org below it (tombstones included). */
export function subtreeIds(orgs: readonly TreeOrg[], rootId: string): Set<string> {
  const children = childrenOf(orgs)
  const ids = new Set<string>()
  const walk = (id: string) => {
    if (ids.has(id)) return
    ids.add(id)
    for (const c of children.get(id) ?? []) walk(c.id)
  }
  walk(rootId)
  return ids
}

/**
 * Where an org of `kind` may be created or moved to: live orgs of the parent kind inside the reviewer's subtrees
 * (`roots`, the committees of their reviewer roles), never inside the moving org itself. A move keeps the org
 * strictly below the root of one role, so a root committee is never moved (the server says so too).
 */
export function candidateParents<T extends TreeOrg>(orgs: readonly T[], kind: OrgKind, roots: readonly string[], moving?: string): T[] {
  const inScope = new Set(roots.flatMap((r) => [...subtreeIds(orgs, r)]))
  const excluded = moving ? subtreeIds(orgs, moving) : new Set<string>()
  return sortOrgs(orgs.filter((o) => isLive(o) && o.kind === PARENT_KIND[kind] && inScope.has(o.id) && !excluded.has(o.id)))
}

const KIND_ORDER: Record<OrgKind, number> = { committee: 0, branch: 1, group: 2 }
const collator = new Intl.Collator('zh-CN')

/** Committees first, then branches, then groups; by name in Chinese order within a kind. */
export const sortOrgs = <T extends Pick<Org, 'kind' | 'name'>>(orgs: readonly T[]): T[] =>
  [...orgs].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || collator.compare(a.name, b.name))

export interface TreeLine<T> { org: T; depth: number; children: number }

/** The live tree under each root, depth-first, each line with its depth and number of live children. */
export function treeLines<T extends TreeOrg>(orgs: readonly T[], roots: readonly string[]): TreeLine<T>[] {
  const live = orgs.filter(isLive)
  const byParent = childrenOf(live)
  const lines: TreeLine<T>[] = []
  const seen = new Set<string>()
  const walk = (org: T, depth: number) => {
    if (seen.has(org.id)) return
    seen.add(org.id)
    const kids = sortOrgs(byParent.get(org.id) ?? [])
    lines.push({ org, depth, children: kids.length })
    for (const k of kids) walk(k, depth + 1)
  }
  for (const root of sortOrgs(live.filter((o) => roots.includes(o.id)))) walk(root, 0)
  return lines
}

/** Does the name hold `query`, compared as names are (no case, no spaces)? Every name holds an empty one. */
export const nameHas = (name: string, query: string): boolean => orgNameKey(name).includes(orgNameKey(query))

/** The lines whose org's name holds `query` (nameHas); all lines for an empty one. */
export function linesNamed<T extends TreeLine<Pick<Org, 'name'>>>(lines: readonly T[], query: string): T[] {
  return lines.filter((l) => nameHas(l.org.name, query))
}

export interface OrgContents { children: number; people: number; roles: number }

/**
 * What the device knows to be inside an org (live children; people currently in it, i.e. not transferred out
 * before `today`; live roles on it). The server's private.org_not_empty_reason has the last word.
 */
export function orgContents(
  org: Pick<Org, 'id'>,
  orgs: readonly Pick<Org, 'parent_id' | 'deleted_at'>[],
  people: readonly { branch_id: string; group_id: string | null; deleted_at?: string | null; left_branch_on?: string | null }[],
  roles: readonly { org_id: string; deleted_at?: string | null }[],
  today: string,
): OrgContents {
  return {
    children: orgs.filter((o) => o.parent_id === org.id && isLive(o)).length,
    people: people.filter((p) => isLive(p) && (p.branch_id === org.id || p.group_id === org.id)
      && (p.left_branch_on == null || p.left_branch_on > today)).length,
    roles: roles.filter((r) => r.org_id === org.id && isLive(r)).length,
  }
}

export const isEmptyOrg = (c: OrgContents): boolean => c.children === 0 && c.people === 0 && c.roles === 0
