// An org's change history from the server (org_change_list, migration *_org_admin.sql), and each change in
// words: pure apart from the one RPC.
import { getSupabase } from '../../modules/supabase'

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

export async function orgChanges(orgId: string, limit = 100): Promise<OrgChange[]> {
  const { data, error } = await (await getSupabase()).rpc('org_change_list', { p_org: orgId, p_limit: limit })
  if (error) throw error
  return (data ?? []) as OrgChange[]
}

/** An i18n key and its values for one change; `nameOf` turns an org id into a name (or null when unknown). */
export function describeChange(change: OrgChange, nameOf: (id: string) => string | null): { key: string; values: Record<string, string> } {
  const text = (v: unknown) => (typeof v === 'string' ? v : '')
  const org = (v: unknown) => (typeof v === 'string' ? nameOf(v) ?? null : null)
  switch (change.action) {
    case 'create': return { key: 'orgs.history.create', values: { name: text(change.after?.name) } }
    case 'rename': return { key: 'orgs.history.rename', values: { from: text(change.before?.name), to: text(change.after?.name) } }
    case 'move': return { key: 'orgs.history.move', values: { from: org(change.before?.parent_id) ?? '', to: org(change.after?.parent_id) ?? '' } }
    case 'set_committee': return { key: change.after?.has_committee ? 'orgs.history.committeeOn' : 'orgs.history.committeeOff', values: {} }
    default: return { key: `orgs.history.${change.action}`, values: {} }
  }
}
