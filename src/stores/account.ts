// Accounts on the server (GoTrue through supabase-js) for 登录, 首次设置 and 加入: sign up or in, claim a set-up
// code or an invitation (then sync, so the new committee, role or roster entry is on the device), and warming
// supabase-js up while the user types.
import { defineStore } from 'pinia'
import { engine } from '../modules/data'
import { getSupabase, supabaseUrl } from '../modules/supabase'
import { useSessionStore } from './session'

export interface Joined { role: string; org_name: string }

export const useAccountStore = defineStore('account', () => {
  const session = useSessionStore()

  /** Signs up (or, for an existing account, in) unless that account is already the one signed in. */
  async function signUpOrIn(email: string, password: string): Promise<void> {
    const address = email.trim()
    if (session.user?.email === address) return
    const { error } = await (await getSupabase()).auth.signUp({ email: address, password })
    if (error && error.code !== 'user_already_exists') throw error
    await session.signIn(address, password)
  }
  /** What the claim granted arrives with the next pull. */
  async function pullGrants(): Promise<void> {
    await engine.syncNow()
    await session.reload()
  }
  async function claimSetup(token: string, name: string): Promise<void> {
    const { error } = await (await getSupabase()).rpc('claim_setup', { p_token: token.trim(), p_name: name })
    if (error) throw error
    await pullGrants()
  }
  async function claimInvite(code: string): Promise<Joined | undefined> {
    const { data, error } = await (await getSupabase()).rpc('claim_invite', { p_code: code.trim() })
    if (error) throw error
    await pullGrants()
    return (data as Joined[])[0]
  }
  /** Loads supabase-js ahead of the first request (on focus of a sign-in form). */
  const warm = () => { void getSupabase() }
  /** The backend is this machine's (the demo accounts may be offered). */
  const isLocalBackend = /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(supabaseUrl)
  return { signUpOrIn, claimSetup, claimInvite, warm, isLocalBackend }
})
