// The secretary's roster on the device: the branch's people (whole rows), its groups and the branch row, and every
// roster write (row + outbox in one transaction, synced later; a refusal lands in 需处理), an import's many new
// people at once among them.
import { defineStore } from 'pinia'
import type { Org, Person } from '../domain'
import type { Draft, Local } from '../db/rows'
import { repos } from '../modules/data'

export type { Local }
/** The most mutations one sync push carries (the server's cap): an import writes no more people than that. */
export { MAX_BATCH } from '../sync/core/protocol'

export const useRosterStore = defineStore('roster', () => {
  const peopleOf = (branchId: string) => repos.people.byBranch(branchId)
  const person = async (id: string) => (await repos.people.get(id)) ?? null
  /** The branch row and its child orgs. */
  async function branchAndChildren(branchId: string): Promise<{ branch: Local<Org> | null; children: Local<Org>[] }> {
    const [branch, children] = await Promise.all([repos.orgs.get(branchId), repos.orgs.children(branchId)])
    return { branch: branch ?? null, children }
  }
  const addPerson = (row: Draft<Person>) => repos.people.put(row)
  const updatePerson = (id: string, fields: Partial<Person>) => repos.people.update(id, fields)
  /** A new 党小组 under the branch, or a new name for one. */
  const nameGroup = (branchId: string, groupId: string | null, name: string) => (groupId
    ? repos.orgs.update(groupId, { name })
    : repos.orgs.put({ id: crypto.randomUUID(), parent_id: branchId, kind: 'group', name, has_committee: false }))
  const setGroup = (personIds: readonly string[], groupId: string | null) => repos.people.setGroup(personIds, groupId)
  const setCommittee = (branchId: string, value: boolean) => repos.orgs.update(branchId, { has_committee: value })
  /** New people in one transaction, or none when `clashes` finds one of them on the branch's roster by then. */
  const addPeopleAtOnce = (branchId: string, rows: readonly Partial<Person>[], clashes: (existing: Local<Person>[]) => boolean) =>
    repos.people.addAllOrNone(branchId, rows, clashes)
  return { peopleOf, person, branchAndChildren, addPerson, updatePerson, nameGroup, setGroup, setCommittee, addPeopleAtOnce }
})
