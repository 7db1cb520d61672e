// Writing an import: every valid row as a new person, created the way the person form creates one (the same
// fields, through writeInTransaction: row + outbox entry), all in ONE Dexie transaction with a last look at the
// branch's roster — a person synced in since the preview makes the whole import fail, nothing half-written.
import { MAX_BATCH } from '../../sync/protocol'
import { peopleRepo } from '../../db/repos/people'
import type { ZhibuDb } from '../../db/schema'
import { type RowChange, type WriteClock, defaultClock, writeInTransaction } from '../../db/write'
import { emptyPersonValues, toPersonFields } from '../roster/validate'
import { duplicateKey, type ImportPerson } from './rows'

/** At most one sync push batch of new people: the server takes 500 mutations per call. */
export const MAX_IMPORT = MAX_BATCH

export class ImportRefused extends Error {
  constructor(readonly reason: 'tooMany' | 'nothing' | 'changed') {
    super(`roster import refused: ${reason}`)
  }
}

/** The person form's fields for an imported person (no path dates before 入党, no group, not excluded). */
export function personFields(branchId: string, p: ImportPerson): Record<string, unknown> {
  const values = { ...emptyPersonValues(), ...p, department: p.department ?? '', title: p.title ?? '' }
  return { branch_id: branchId, ...toPersonFields(values), left_branch_on: null }
}

/** Creates the people in one transaction; returns how many. Throws ImportRefused, writing nothing. */
export async function importPeople(
  db: ZhibuDb, branchId: string, people: readonly ImportPerson[], clock: WriteClock = defaultClock,
): Promise<number> {
  if (people.length === 0) throw new ImportRefused('nothing')
  if (people.length > MAX_IMPORT) throw new ImportRefused('tooMany')
  const changes: RowChange[] = people.map((p) => ({ table: 'people', id: clock.uuid(), fields: personFields(branchId, p) }))
  await db.transaction('rw', [db.people, db.outbox], async () => {
    const existing = new Set((await peopleRepo(db, clock).byBranch(branchId)).map((p) => duplicateKey(p.name, p.admitted_on)))
    if (people.some((p) => existing.has(duplicateKey(p.name, p.admitted_on)))) throw new ImportRefused('changed')
    await writeInTransaction(db, changes, clock)
  })
  // after the commit, as writeLocal does: the sync engine counts the new writes and pushes them
  db.notifyLocalWrite('people')
  return changes.length
}
