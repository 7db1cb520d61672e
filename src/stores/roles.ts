// Roles and invitations, a store of server calls (online only): make an invite, list an org's roles and open invites,
// revoke a role or an invite. Every refusal is a Postgres error whose hint names it (migrations
// 20261201001400_onboarding.sql, 20261201001300_org_admin.sql).
import { defineStore } from 'pinia'
import { getSupabase } from '../modules/supabase'

/** A single-use invitation code as the server made it (the invite sheet shows it as a link and a QR code). */
export interface MadeInvite { code: string; expires_at: string }

export type GrantedRole = 'secretary' | 'reviewer' | 'finance'

export interface RoleEntry {
  id: string
  role: GrantedRole
  holder: string
  email: string | null
  granted_at: string
  granted_by: string | null
  revoked_at: string | null
  revoked_by: string | null
  is_me: boolean
}

export interface OpenInvite {
  id: string
  role: GrantedRole
  invitee_name: string | null
  replaces_role_id: string | null
  created_at: string
  expires_at: string
}

async function rpc<T>(fn: string, args: Record<string, unknown>): Promise<T> {
  const { data, error } = await (await getSupabase()).rpc(fn, args)
  if (error) throw error
  return data as T
}

const first = (rows: MadeInvite[]): MadeInvite => {
  if (!rows[0]) throw new Error('the server made no invite')
  return rows[0]
}

/** A secretary's invite for a roster entry of the branch: the account gets linked to that person. */
export async function inviteMember(branchId: string, personId: string): Promise<MadeInvite> {
  return first(await rpc<MadeInvite[]>('create_invite', { p_org: branchId, p_role: 'member', p_person: personId }))
}

/** A reviewer's invite for a role on an org of its subtree, optionally handing over `replaces` (换届). */
export async function inviteRole(orgId: string, role: GrantedRole, name: string, replaces: string | null): Promise<MadeInvite> {
  return first(await rpc<MadeInvite[]>('invite_role', { p_org: orgId, p_role: role, p_name: name.trim() || null, p_replaces: replaces }))
}

/** Every role held on the org, current first, then past ones. */
export const listRoles = (orgId: string): Promise<RoleEntry[]> => rpc<RoleEntry[]>('org_role_list', { p_org: orgId })

/** The role invites of the org not yet used, withdrawn or expired, newest first. */
export async function openInvites(orgId: string, now = new Date()): Promise<OpenInvite[]> {
  const { data, error } = await (await getSupabase()).from('invites')
    .select('id, role, invitee_name, replaces_role_id, created_at, expires_at')
    .eq('org_id', orgId).neq('role', 'member').is('used_at', null).is('revoked_at', null).gt('expires_at', now.toISOString())
    .order('created_at', { ascending: false })
  if (error) throw error
  return data as OpenInvite[]
}

export const revokeRole = (roleId: string): Promise<string> => rpc<string>('revoke_role', { p_role_id: roleId })
export const revokeInvite = (inviteId: string): Promise<boolean> => rpc<boolean>('revoke_invite', { p_id: inviteId })

/** The store screens use: every call above, one place to find them. */
export const useRolesStore = defineStore('roles', () => ({ inviteMember, inviteRole, listRoles, openInvites, revokeRole, revokeInvite }))
