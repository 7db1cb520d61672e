// 组织管理 for reviewers: the tree of their subtrees from the device, and every change to it written locally and
// queued for sync (so it works offline). The server (supabase/migrations/*_org_admin.sql) decides; a refused
// change lands in 需处理 with its reason. The rules checked here first live in domain/orgAdmin.ts.
import { defineStore } from 'pinia'
import { computed } from 'vue'
import { cleanOrgName, isLive, orgContents, todayInShanghai, treeLines, type Org, type OrgContents, type OrgKind } from '../domain'
import { useLiveQuery } from '../db/live'
import type { Local } from '../db/rows'
import { repos } from '../modules/data'
import { getSupabase } from '../modules/supabase'
import { useSessionStore } from './session'

/** One row of org_change_list. */
export type OrgChangeAction = 'create' | 'rename' | 'move' | 'set_committee' | 'delete' | 'restore'

export interface OrgChange {
  id: number
  action: OrgChangeAction
  at: string
  actor: string | null
  is_me: boolean
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

/** An i18n key and its values for one change; `nameOf` turns an org id into a name (or null when unknown). */

export interface NewOrg { kind: OrgKind; name: string; parentId: string }

/** How many people the server counts in an org (under the caller's RLS); null offline or when it cannot answer. */
async function peopleOnServer(id: string): Promise<number | null> {
  if (!navigator.onLine) return null
  try {
    const { data, error } = await (await getSupabase()).rpc('org_people_count', { p_org: id })
    if (error) throw error
    return Number(data)
  } catch (error) {
    console.warn('orgs: the server could not count the people, the device count is used', error)
    return null
  }
}

/**
 * What is inside an org before a delete or a group's move: its live children (of `orgs`, the tree the store holds)
 * and roles from the device, its people counted by the server when it answers (a reviewer's device does not mirror
 * the subtree's people: decisions §38). Offline it is the device's count, and the server still refuses a delete of an
 * org that is not empty.
 */
async function contentsNow(id: string, orgs: readonly Local<Org>[]): Promise<OrgContents> {
  const [byBranch, byGroup, roles, server] = await Promise.all([
    repos.people.byBranch(id), repos.people.byGroup(id), repos.lookups.rolesOn(id), peopleOnServer(id)])
  const local = orgContents({ id }, orgs, [...byBranch, ...byGroup], roles, todayInShanghai(new Date()))
  return server === null ? local : { ...local, people: Math.max(local.people, server) }
}

export const useOrgAdminStore = defineStore('orgAdmin', () => {
  const session = useSessionStore()
  const orgs = useLiveQuery<Local<Org>[] | undefined>(() => repos.orgs.withDeleted(), undefined)
  const loading = computed(() => orgs.value === undefined)
  const all = computed<Local<Org>[]>(() => orgs.value ?? [])
  /** The committees where the user is a reviewer: the roots of what they administer. */
  const roots = computed(() => session.roles.filter((r) => r.role === 'reviewer').map((r) => r.org_id))
  const lines = computed(() => treeLines(all.value, roots.value))
  const inTree = computed(() => new Set(lines.value.map((l) => l.org.id)))
  /** Deleted orgs whose parent is still in the tree: the ones that can be restored. */
  const deleted = computed(() => all.value.filter((o) => !isLive(o) && o.parent_id != null && inTree.value.has(o.parent_id)))
  const byId = computed(() => new Map(all.value.map((o) => [o.id, o])))

  /** Names of the live orgs under `parentId`, except `exceptId`: what a new name must differ from. */
  const siblingNames = (parentId: string | null, exceptId?: string): string[] =>
    all.value.filter((o) => o.parent_id === parentId && o.id !== exceptId && isLive(o)).map((o) => o.name)
  const contentsOf = (id: string) => contentsNow(id, all.value)

  async function create({ kind, name, parentId }: NewOrg): Promise<string> {
    const id = crypto.randomUUID()
    await repos.orgs.put({ id, parent_id: parentId, kind, name: cleanOrgName(name), has_committee: false })
    return id
  }
  const rename = (id: string, name: string) => repos.orgs.update(id, { name: cleanOrgName(name) })
  const move = (id: string, parentId: string) => repos.orgs.update(id, { parent_id: parentId })
  const setCommittee = (id: string, value: boolean) => repos.orgs.update(id, { has_committee: value })
  const remove = (id: string) => repos.orgs.softDelete(id)
  const restore = (id: string) => repos.orgs.update(id, { deleted_at: null })

  /** The org's change history from the server, newest first (online). */
  async function changes(orgId: string, limit = 100): Promise<OrgChange[]> {
    const { data, error } = await (await getSupabase()).rpc('org_change_list', { p_org: orgId, p_limit: limit })
    if (error) throw error
    return (data ?? []) as OrgChange[]
  }

  return { changes, loading, all, roots, lines, deleted, byId, siblingNames, contentsOf, create, rename, move, setCommittee, remove, restore }
})
