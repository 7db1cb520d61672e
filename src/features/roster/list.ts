// What the roster list shows, as pure functions of the rows: who is still in the branch, the counts per status,
// the search and filters, the sections per 党小组, and the 支部委员会 hint (条例 art. 8: 正式党员 7 人以上设支委会).
import { isLive, PARTY_STATUSES, type IsoDate, type Org, type PartyStatus, type Person } from '../../domain'

export type RosterPerson = Pick<
  Person, 'id' | 'name' | 'party_status' | 'group_id' | 'left_branch_on' | 'deleted_at' | 'department' | 'title'
  | 'is_backbone' | 'excluded_from_quorum'
>

/** Transferred out: a transfer day that has come. A later day is a transfer still ahead (shown as such). */
export const hasLeft = (p: Pick<Person, 'left_branch_on'>, today: IsoDate): boolean =>
  p.left_branch_on != null && p.left_branch_on <= today

const STATUS_RANK = new Map<PartyStatus, number>(PARTY_STATUSES.map((s, i) => [s, i]))

/** Full members first, then along the path back to 群众; by name (Chinese collation) within a status. */
export function byStatusThenName(a: RosterPerson, b: RosterPerson): number {
  return (STATUS_RANK.get(a.party_status) ?? 9) - (STATUS_RANK.get(b.party_status) ?? 9) || a.name.localeCompare(b.name, 'zh-CN')
}

/** Live people split into those in the branch and those who left it, each sorted. */
export function splitRoster<P extends RosterPerson>(people: readonly P[], today: IsoDate): { current: P[]; left: P[] } {
  const live = people.filter(isLive)
  return {
    current: live.filter((p) => !hasLeft(p, today)).sort(byStatusThenName),
    left: live.filter((p) => hasLeft(p, today)).sort((a, b) => (b.left_branch_on ?? '').localeCompare(a.left_branch_on ?? '') || byStatusThenName(a, b)),
  }
}

/** Non-zero counts per status, in the glossary's order: 正式党员 N · 预备党员 N … */
export function statusCounts(people: readonly Pick<Person, 'party_status'>[]): { status: PartyStatus; n: number }[] {
  return PARTY_STATUSES.map((status) => ({ status, n: people.filter((p) => p.party_status === status).length })).filter((c) => c.n > 0)
}

/** 'all', 'none' (in no group) or a group id. */
export type GroupFilter = string
export interface RosterFilter { query: string; group: GroupFilter; status: PartyStatus | 'all' }
export const NO_FILTER: RosterFilter = { query: '', group: 'all', status: 'all' }

/** People matching the search (name, department or title) and the filters. */
export function filterRoster<P extends RosterPerson>(people: readonly P[], f: RosterFilter, groupIds: ReadonlySet<string>): P[] {
  const q = f.query.trim().toLowerCase()
  return people.filter((p) =>
    (q === '' || [p.name, p.department, p.title].some((s) => s?.toLowerCase().includes(q)))
    && (f.status === 'all' || p.party_status === f.status)
    && (f.group === 'all' || (f.group === 'none' ? !p.group_id || !groupIds.has(p.group_id) : p.group_id === f.group)))
}

export interface RosterSection<P> { key: string; group: Pick<Org, 'id' | 'name'> | null; people: P[] }

/** One section per group (in the groups' order), then those in no (live) group; empty sections dropped. */
export function sectionsByGroup<P extends RosterPerson>(people: readonly P[], groups: readonly Pick<Org, 'id' | 'name'>[]): RosterSection<P>[] {
  const ids = new Set(groups.map((g) => g.id))
  return [
    ...groups.map((g) => ({ key: g.id, group: g, people: people.filter((p) => p.group_id === g.id) })),
    { key: 'none', group: null, people: people.filter((p) => !p.group_id || !ids.has(p.group_id)) },
  ].filter((s) => s.people.length > 0)
}

export const COMMITTEE_THRESHOLD = 7

/** Full members in the branch today: the number the committee rule counts. */
export const fullMemberCount = (current: readonly Pick<Person, 'party_status'>[]): number =>
  current.filter((p) => p.party_status === 'full').length

/** A hint when the branch's committee does not match its size; null when it does. */
export function committeeHint(fullMembers: number, hasCommittee: boolean): 'shouldHave' | 'fewMembers' | null {
  if (!hasCommittee && fullMembers >= COMMITTEE_THRESHOLD) return 'shouldHave'
  if (hasCommittee && fullMembers < COMMITTEE_THRESHOLD) return 'fewMembers'
  return null
}

/** Live groups of a branch by name. */
export function groupsOf<G extends Pick<Org, 'kind' | 'name' | 'deleted_at'>>(children: readonly G[]): G[] {
  return children.filter((o) => o.kind === 'group' && isLive(o)).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
}
