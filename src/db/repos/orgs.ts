// The organisation tree: committees, branches, groups.
import type { Org, OrgKind } from '../../domain/types'
import type { Local } from '../rows'
import type { ZhibuDb } from '../schema'
import type { WriteClock } from '../write'
import { type Repo, live, makeRepo } from './base'

export interface OrgsRepo extends Repo<'orgs'> {
  all(): Promise<Local<Org>[]>
  /** Every org on the device, deleted ones too (the admin screens restore them). */
  withDeleted(): Promise<Local<Org>[]>
  children(parentId: string): Promise<Local<Org>[]>
  byKind(kind: OrgKind): Promise<Local<Org>[]>
}

export function orgsRepo(db: ZhibuDb, clock?: WriteClock): OrgsRepo {
  return {
    ...makeRepo(db, 'orgs', clock),
    all: () => live(db.orgs.toCollection()),
    withDeleted: () => db.orgs.toArray(),
    children: (parentId) => live(db.orgs.where('parent_id').equals(parentId)),
    byKind: (kind) => live(db.orgs.where('kind').equals(kind)),
  }
}
