// 双培养 on the device: a secretary holds every pairing of the branch and whole people rows; a member only the
// pairings they take part in and the names-only roster (SPEC §4). Reads and writes (row + outbox, synced later).
import { defineStore } from 'pinia'
import type { Draft, Local } from '../db/rows'
import type { Pairing, PairingLog } from '../domain'
import { repos } from '../modules/data'

export type { Local }

export const usePairingsStore = defineStore('pairings', () => {
  /** Names by person id: the roster view (members) and whole rows (secretaries), whichever the device holds. */
  async function branchNames(branchId: string | null): Promise<Map<string, string>> {
    const names = new Map<string, string>()
    if (!branchId) return names
    const [roster, people] = await Promise.all([repos.lookups.rosterOfBranch(branchId), repos.people.byBranch(branchId)])
    for (const r of roster) names.set(r.id, r.name)
    for (const p of people) names.set(p.id, p.name)
    return names
  }
  /** The branch's pairings (a secretary) or the person's own, with all their logs. */
  async function visible(branchId: string | null, personId: string | null, secretary: boolean) {
    const pairings = secretary && branchId ? await repos.pairings.byBranch(branchId)
      : personId ? await repos.pairings.ofPerson(personId) : []
    const logs = (await Promise.all(pairings.map((p) => repos.pairingLogs.byPairing(p.id)))).flat()
    return { pairings, logs }
  }
  const ofPerson = (personId: string) => repos.pairings.ofPerson(personId)
  const pairing = (id: string) => repos.pairings.get(id)
  const logsOf = (pairingId: string) => repos.pairingLogs.byPairing(pairingId)
  const person = (id: string) => repos.people.get(id)
  const peopleOf = (branchId: string) => repos.people.byBranch(branchId)
  const add = (row: Draft<Pairing>) => repos.pairings.put(row)
  const update = (id: string, changes: Partial<Pairing>) => repos.pairings.update(id, changes)
  const addLog = (row: Draft<PairingLog>) => repos.pairingLogs.put(row)
  return { branchNames, visible, ofPerson, pairing, logsOf, person, peopleOf, add, update, addLog }
})
