// The branch roster (secretaries and reviewers hold whole people rows; members get names via roster).
import type { Person } from '../../domain/types'
import type { Local } from '../rows'
import type { ZhibuDb } from '../schema'
import { type RowChange, type WriteClock, defaultClock, writeInTransaction, writeLocal } from '../write'
import { type Repo, live, makeRepo } from './base'

export interface PeopleRepo extends Repo<'people'> {
  /** Live people of a branch, by name (transferred-out people included: rules filter by date). */
  byBranch(branchId: string): Promise<Local<Person>[]>
  byGroup(groupId: string): Promise<Local<Person>[]>
  /** The person linked to an account (the member's own row). */
  byUser(userId: string): Promise<Local<Person> | undefined>
  /** Puts several people in a group (null: in none) in one transaction, each with its outbox entry. */
  setGroup(personIds: readonly string[], groupId: string | null): Promise<void>
  /**
   * New people of a branch (their fields; ids are made here), all in ONE transaction with their outbox entries and
   * a last look at the branch's people: when `clashes` finds one of them there already (synced in since the caller
   * looked), nothing is written and the answer is null; otherwise how many were written.
   */
  addAllOrNone(branchId: string, rows: readonly Partial<Person>[], clashes: (existing: Local<Person>[]) => boolean): Promise<number | null>
}

const byName = (a: Person, b: Person) => a.name.localeCompare(b.name, 'zh-CN')

export function peopleRepo(db: ZhibuDb, clock: WriteClock = defaultClock): PeopleRepo {
  const byBranch = async (branchId: string) => (await live(db.people.where('branch_id').equals(branchId))).sort(byName)
  return {
    ...makeRepo(db, 'people', clock),
    byBranch,
    byGroup: async (groupId) => (await live(db.people.where('group_id').equals(groupId))).sort(byName),
    byUser: async (userId) => (await live(db.people.where('user_id').equals(userId)))[0],
    setGroup: async (personIds, groupId) => {
      await writeLocal(db, personIds.map((id) => ({ table: 'people' as const, id, fields: { group_id: groupId }, mustExist: true })), clock)
    },
    addAllOrNone: async (branchId, rows, clashes) => {
      const changes: RowChange[] = rows.map((fields) => ({ table: 'people', id: clock.uuid(), fields }))
      const written = await db.transaction('rw', [db.people, db.outbox], async () => {
        if (clashes(await byBranch(branchId))) return false
        await writeInTransaction(db, changes, clock)
        return true
      })
      if (!written) return null
      // after the commit, as writeLocal does: the sync engine counts the new writes and pushes them
      db.notifyLocalWrite('people')
      return changes.length
    },
  }
}
