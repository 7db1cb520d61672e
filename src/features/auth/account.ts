// Shared by 首次设置 (/setup) and 加入 (/join): an invitee or first reviewer signs up with email and password, or,
// when the email already has an account, signs in with it; refusals become messages of the screen's namespace.
import { getSupabase } from '../../modules/supabase'
import type { useSessionStore } from '../../stores/session'

/** Signs up (or, for an existing account, in) unless that account is already the one signed in. */
export async function signUpOrIn(session: ReturnType<typeof useSessionStore>, email: string, password: string): Promise<void> {
  const address = email.trim()
  if (session.user?.email === address) return
  const supabase = await getSupabase()
  const { error } = await supabase.auth.signUp({ email: address, password })
  if (error && error.code !== 'user_already_exists') throw error
  await session.signIn(address, password)
}

/** The server's refusal code: our functions put it in the hint, GoTrue in the code. */
export function refusalCode(error: unknown): string {
  const e = error as { hint?: string; code?: string }
  return e.hint || e.code || ''
}
