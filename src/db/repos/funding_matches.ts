// The unit's matching contributions to a branch's funds.
import type { FundingMatch } from '../../domain/types'
import type { Local } from '../rows'
import type { ZhibuDb } from '../schema'
import type { WriteClock } from '../write'
import { type Repo, live, makeRepo } from './base'

export interface FundingMatchesRepo extends Repo<'funding_matches'> {
  byBranchYear(branchId: string, year: number): Promise<Local<FundingMatch>[]>
}

export function fundingMatchesRepo(db: ZhibuDb, clock?: WriteClock): FundingMatchesRepo {
  return {
    ...makeRepo(db, 'funding_matches', clock),
    byBranchYear: (branchId, year) => live(db.funding_matches.where('[branch_id+year]').equals([branchId, year])),
  }
}
