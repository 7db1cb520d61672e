// An org's change history (org_change_list, migration *_org_admin.sql, fetched by stores/orgAdmin) in words. Pure.
import type { OrgChange } from '../../stores/orgAdmin'

export type { OrgChange }

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
