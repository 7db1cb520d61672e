// How often each kind must be held, set by a committee for its subtree.
import type { CadencePolicy } from '../../domain/types'
import type { Local } from '../rows'
import type { ZhibuDb } from '../schema'
import type { WriteClock } from '../write'
import { type Repo, live, makeRepo } from './base'

export interface CadencePoliciesRepo extends Repo<'cadence_policies'> {
  all(): Promise<Local<CadencePolicy>[]>
  byOrg(orgId: string): Promise<Local<CadencePolicy>[]>
}

export function cadencePoliciesRepo(db: ZhibuDb, clock?: WriteClock): CadencePoliciesRepo {
  return {
    ...makeRepo(db, 'cadence_policies', clock),
    all: () => live(db.cadence_policies.toCollection()),
    byOrg: (orgId) => live(db.cadence_policies.where('org_id').equals(orgId)),
  }
}
