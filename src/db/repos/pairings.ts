// 双培养 pairings of a mentor and a mentee.
import type { Pairing } from '../../domain/types'
import type { Local } from '../rows'
import type { ZhibuDb } from '../schema'
import type { WriteClock } from '../write'
import { type Repo, live, makeRepo } from './base'

export interface PairingsRepo extends Repo<'pairings'> {
  byBranch(branchId: string): Promise<Local<Pairing>[]>
  /** Pairings where the person is mentor or mentee. */
  ofPerson(personId: string): Promise<Local<Pairing>[]>
}

export function pairingsRepo(db: ZhibuDb, clock?: WriteClock): PairingsRepo {
  return {
    ...makeRepo(db, 'pairings', clock),
    byBranch: (branchId) => live(db.pairings.where('branch_id').equals(branchId)),
    ofPerson: async (personId) => [
      ...(await live(db.pairings.where('mentor_id').equals(personId))),
      ...(await live(db.pairings.where('mentee_id').equals(personId))),
    ],
  }
}
