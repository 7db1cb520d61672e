// Email sign-up over the local backend, as GoTrue answers supabase-js's auth.signUp with "Confirm email"
// off: a confirmed user and a working session at once; GoTrue's error codes and statuses otherwise. The
// database has the migrations only (an empty project), so the first-run flow — sign up, claim the set-up
// token — runs here exactly as a new deployment's first reviewer would.
import type { PGlite } from '@electric-sql/pglite'
import { AuthApiError, AuthWeakPasswordError } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ANON_KEY } from '../../supabase/local/keys'
import type { LocalBackend } from '../../supabase/local/server'
import { createSetupLink } from '../../supabase/local/setup-link'
import { serial } from '../../supabase/local/tx'
import { createDb } from '../sql/db'
import { client, startLocalBackend } from './harness'

let db: PGlite
let backend: LocalBackend

beforeAll(async () => {
  db = await createDb()
  backend = await startLocalBackend({ db })
})

afterAll(async () => {
  await backend?.close()
  await db?.close()
})

const userCount = async () =>
  Number((await serial(db, () => db.query<{ n: number }>(`select count(*)::int as n from auth.users`))).rows[0]!.n)

describe('a new account', () => {
  test('signUp answers a session that works for getUser and RPC: the first reviewer claims the set-up token', async () => {
    const supabase = client(backend)
    const { data, error } = await supabase.auth.signUp({
      email: 'First.Reviewer@Example.org',
      password: 'a-good-password',
      options: { data: { display_name: '王芳' } },
    })
    expect(error).toBeNull()
    const { session, user } = data
    expect(session).not.toBeNull()
    expect(session!.token_type).toBe('bearer')
    expect(session!.expires_in).toBe(3600)
    expect(user).toMatchObject({
      email: 'first.reviewer@example.org',
      aud: 'authenticated',
      role: 'authenticated',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { display_name: '王芳', email_verified: true },
      is_anonymous: false,
    })
    expect(user!.email_confirmed_at).toBeTruthy()
    expect(user!.identities).toHaveLength(1)
    expect(user!.identities![0]).toMatchObject({
      provider: 'email',
      id: user!.id,
      user_id: user!.id,
      identity_data: { sub: user!.id, email: 'first.reviewer@example.org', display_name: '王芳' },
    })

    const me = await supabase.auth.getUser()
    expect(me.error).toBeNull()
    expect(me.data.user!.id).toBe(user!.id)

    const link = await createSetupLink(db)
    if (!link.ok) throw new Error(link.message)
    const claimed = await supabase.rpc('claim_setup', { p_token: link.token, p_name: '市卫生健康工作委员会' })
    expect(claimed.error).toBeNull()
    const roles = await supabase.from('org_roles').select('org_id, role')
    expect(roles.data).toEqual([{ org_id: claimed.data, role: 'reviewer' }])
    const orgs = await supabase.from('orgs').select('name, kind, parent_id')
    expect(orgs.data).toEqual([{ name: '市卫生健康工作委员会', kind: 'committee', parent_id: null }])
  })

  test('the new password signs in (any case of the address); a wrong one does not', async () => {
    await client(backend).auth.signUp({ email: 'member.two@example.org', password: 'second-password' })
    const supabase = client(backend)
    const ok = await supabase.auth.signInWithPassword({ email: 'Member.Two@example.org', password: 'second-password' })
    expect(ok.error).toBeNull()
    expect(ok.data.user!.email).toBe('member.two@example.org')
    expect((await supabase.auth.getUser()).data.user!.id).toBe(ok.data.user!.id)

    const wrong = await client(backend).auth.signInWithPassword({ email: 'member.two@example.org', password: 'second-passworD' })
    expect(wrong.error).toBeInstanceOf(AuthApiError)
    expect(wrong.error).toMatchObject({ code: 'invalid_credentials', status: 400 })
  })

  test('GET /auth/v1/settings: sign-up on, email autoconfirmed', async () => {
    const response = await fetch(`${backend.url}/auth/v1/settings`, { headers: { apikey: ANON_KEY } })
    expect(await response.json()).toMatchObject({ disable_signup: false, mailer_autoconfirm: true, external: { email: true } })
  })
})

describe('refusals, as GoTrue sends them', () => {
  test('a taken address, in any case: 422 user_already_exists, no session, the first password kept', async () => {
    const first = await client(backend).auth.signUp({ email: 'taken@example.org', password: 'the-first-one' })
    expect(first.error).toBeNull()
    const before = await userCount()
    for (const email of ['taken@example.org', 'TAKEN@Example.ORG']) {
      const { data, error } = await client(backend).auth.signUp({ email, password: 'someone-else' })
      expect(error).toBeInstanceOf(AuthApiError)
      expect(error).toMatchObject({ code: 'user_already_exists', status: 422, message: 'User already registered' })
      expect(data.session).toBeNull()
    }
    expect(await userCount()).toBe(before)
    const signIn = await client(backend).auth.signInWithPassword({ email: 'taken@example.org', password: 'the-first-one' })
    expect(signIn.error).toBeNull()
    const hijack = await client(backend).auth.signInWithPassword({ email: 'taken@example.org', password: 'someone-else' })
    expect(hijack.error).toMatchObject({ code: 'invalid_credentials' })
  })

  test('a password under 6 characters: 422 weak_password with reasons ["length"], nobody created', async () => {
    const before = await userCount()
    const { data, error } = await client(backend).auth.signUp({ email: 'short@example.org', password: '12345' })
    expect(error).toBeInstanceOf(AuthWeakPasswordError)
    expect(error).toMatchObject({ code: 'weak_password', status: 422, message: 'Password should be at least 6 characters.' })
    expect((error as AuthWeakPasswordError).reasons).toEqual(['length'])
    expect(data.session).toBeNull()
    expect(await userCount()).toBe(before)
  })

  test('no password, or one over 72 bytes: 400 validation_failed', async () => {
    const empty = await client(backend).auth.signUp({ email: 'nopass@example.org', password: '' })
    expect(empty.error).toMatchObject({ code: 'validation_failed', status: 400, message: 'Signup requires a valid password' })
    const long = await client(backend).auth.signUp({ email: 'longpass@example.org', password: '密'.repeat(25) })
    expect(long.error).toMatchObject({ code: 'validation_failed', status: 400 })
  })

  test('a missing or malformed address: 400 validation_failed, nobody created', async () => {
    const before = await userCount()
    const cases: [string, string][] = [
      ['', 'Sign up only available with email provider'],
      ['not-an-email', 'Unable to validate email address: invalid format'],
      ['two@@example.org', 'Unable to validate email address: invalid format'],
      ['trailing.dot@example.', 'Unable to validate email address: invalid format'],
      [' padded@example.org', 'Unable to validate email address: invalid format'],
      [`${'a'.repeat(250)}@example.org`, 'An email address is too long'],
    ]
    for (const [email, message] of cases) {
      const { error } = await client(backend).auth.signUp({ email, password: 'long-enough' })
      expect(error, email).toBeInstanceOf(AuthApiError)
      expect(error, email).toMatchObject({ code: 'validation_failed', status: 400, message })
    }
    expect(await userCount()).toBe(before)
  })
})
