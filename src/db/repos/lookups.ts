// Read-only tables the device pulls but never writes: the caller's own grants and the names-only roster.
import type { OrgRole } from '../../domain/types'
import type { Local, RosterEntry } from '../rows'
import type { ZhibuDb } from '../schema'
import { live } from './base'

export interface Lookups {
  /** The signed-in user's live roles (pulled: only the caller's own grants arrive). */
  myRoles(userId: string): Promise<Local<OrgRole>[]>
  /** Names of a branch's people, for members (who do not get whole people rows). */
  rosterOfBranch(branchId: string): Promise<Local<RosterEntry>[]>
}

export function lookups(db: ZhibuDb): Lookups {
  return {
    myRoles: (userId) => live(db.org_roles.where('user_id').equals(userId)),
    rosterOfBranch: (branchId) => live(db.roster.where('branch_id').equals(branchId)),
  }
}
