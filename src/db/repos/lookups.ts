// Read-only tables the device pulls but never writes: the caller's own grants and the names-only roster.
import type { OrgRole } from '../../domain/types'
import type { Local, RosterEntry } from '../rows'
import type { ZhibuDb } from '../schema'
import { live } from './base'

export interface Lookups {
  /** The signed-in user's live roles (pulled: only the caller's own grants arrive). */
  myRoles(userId: string): Promise<Local<OrgRole>[]>
  /** Live roles on one org that the device holds (a user pulls only its own grants: the server knows the rest). */
  rolesOn(orgId: string): Promise<Local<OrgRole>[]>
  /** Names of a branch's people, for members (who do not get whole people rows). */
  rosterOfBranch(branchId: string): Promise<Local<RosterEntry>[]>
}

export function lookups(db: ZhibuDb): Lookups {
  return {
    myRoles: (userId) => live(db.org_roles.where('user_id').equals(userId)),
    rolesOn: (orgId) => live(db.org_roles.where('org_id').equals(orgId)),
    rosterOfBranch: (branchId) => live(db.roster.where('branch_id').equals(branchId)),
  }
}
