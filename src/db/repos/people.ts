// The branch roster (secretaries and reviewers hold whole people rows; members get names via roster).
import type { Person } from '../../domain/types'
import type { Local } from '../rows'
import type { ZhibuDb } from '../schema'
import { type WriteClock, defaultClock, writeLocal } from '../write'
import { type Repo, live, makeRepo } from './base'

export interface PeopleRepo extends Repo<'people'> {
  /** Live people of a branch, by name (transferred-out people included: rules filter by date). */
  byBranch(branchId: string): Promise<Local<Person>[]>
  byGroup(groupId: string): Promise<Local<Person>[]>
  /** The person linked to an account (the member's own row). */
  byUser(userId: string): Promise<Local<Person> | undefined>
  /** Puts several people in a group (null: in none) in one transaction, each with its outbox entry. */
  setGroup(personIds: readonly string[], groupId: string | null): Promise<void>
}

const byName = (a: Person, b: Person) => a.name.localeCompare(b.name, 'zh-CN')

export function peopleRepo(db: ZhibuDb, clock: WriteClock = defaultClock): PeopleRepo {
  return {
    ...makeRepo(db, 'people', clock),
    byBranch: async (branchId) => (await live(db.people.where('branch_id').equals(branchId))).sort(byName),
    byGroup: async (groupId) => (await live(db.people.where('group_id').equals(groupId))).sort(byName),
    byUser: async (userId) => (await live(db.people.where('user_id').equals(userId)))[0],
    setGroup: async (personIds, groupId) => {
      await writeLocal(db, personIds.map((id) => ({ table: 'people' as const, id, fields: { group_id: groupId }, mustExist: true })), clock)
    },
  }
}
