// Writing an import: every valid row as a new person, created the way the person form creates one (the same
// fields, row + outbox entry), all in ONE Dexie transaction with a last look at the branch's roster
// (stores/roster addPeopleAtOnce) — a person synced in since the preview makes the whole import fail, nothing
// half-written.
import type { Person } from '../../domain'
import { MAX_BATCH, type useRosterStore } from '../../stores/roster'
import { emptyPersonValues, toPersonFields } from '../../domain/people'
import { duplicateKey, type ImportPerson } from './rows'

/** At most one sync push batch of new people: the server takes 500 mutations per call. */
export const MAX_IMPORT = MAX_BATCH

/** The roster store's write of many new people at once. */
export type AddPeopleAtOnce = ReturnType<typeof useRosterStore>['addPeopleAtOnce']

export class ImportRefused extends Error {
  constructor(readonly reason: 'tooMany' | 'nothing' | 'changed') {
    super(`roster import refused: ${reason}`)
  }
}

/** The person form's fields for an imported person (no path dates before 入党, no group, not excluded). */
export function personFields(branchId: string, p: ImportPerson): Partial<Person> {
  const values = { ...emptyPersonValues(), ...p, department: p.department ?? '', title: p.title ?? '' }
  return { branch_id: branchId, ...toPersonFields(values), left_branch_on: null }
}

/** Creates the people in one transaction through `add`; returns how many. Throws ImportRefused, writing nothing. */
export async function importPeople(add: AddPeopleAtOnce, branchId: string, people: readonly ImportPerson[]): Promise<number> {
  if (people.length === 0) throw new ImportRefused('nothing')
  if (people.length > MAX_IMPORT) throw new ImportRefused('tooMany')
  const clashes = (existing: readonly Pick<Person, 'name' | 'admitted_on'>[]) => {
    const onRoster = new Set(existing.map((p) => duplicateKey(p.name, p.admitted_on)))
    return people.some((p) => onRoster.has(duplicateKey(p.name, p.admitted_on)))
  }
  const written = await add(branchId, people.map((p) => personFields(branchId, p)), clashes)
  if (written === null) throw new ImportRefused('changed')
  return written
}
