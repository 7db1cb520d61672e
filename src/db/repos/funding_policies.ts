// Per-member allocation and match ratio, per committee and year.
import type { FundingPolicy } from '../../domain/types'
import type { Local } from '../rows'
import type { ZhibuDb } from '../schema'
import type { WriteClock } from '../write'
import { type Repo, live, makeRepo } from './base'

export interface FundingPoliciesRepo extends Repo<'funding_policies'> {
  all(): Promise<Local<FundingPolicy>[]>
  byOrgYear(orgId: string, year: number): Promise<Local<FundingPolicy> | undefined>
}

export function fundingPoliciesRepo(db: ZhibuDb, clock?: WriteClock): FundingPoliciesRepo {
  return {
    ...makeRepo(db, 'funding_policies', clock),
    all: () => live(db.funding_policies.toCollection()),
    byOrgYear: async (orgId, year) => (await live(db.funding_policies.where('[org_id+year]').equals([orgId, year])))[0],
  }
}
