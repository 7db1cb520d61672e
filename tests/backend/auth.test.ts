// GoTrue over the local backend, driven by the unmodified supabase-js client.
import type { PGlite } from '@electric-sql/pglite'
import { AuthApiError, AuthSessionMissingError } from '@supabase/supabase-js'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { signJwt } from '../../supabase/local/jwt'
import { ANON_KEY, DEMO_PASSWORD, JWT_SECRET, SERVICE_ROLE_KEY } from '../../supabase/local/keys'
import type { LocalBackend } from '../../supabase/local/server'
import { DEMO, client, seededDb, signedIn, startLocalBackend } from './harness'

let db: PGlite
let backend: LocalBackend
let shortLived: LocalBackend

beforeAll(async () => {
  db = await seededDb()
  backend = await startLocalBackend({ db })
  shortLived = await startLocalBackend({ db, accessTokenTtlSeconds: 1 })
})

afterAll(async () => {
  await shortLived?.close()
  await backend?.close()
  await db?.close()
})

describe('keys', () => {
  test('the service_role key is the well-known HS256 token of the local secret', async () => {
    expect(await signJwt({ iss: 'supabase-demo', role: 'service_role', exp: 1983812996 }, JWT_SECRET)).toBe(SERVICE_ROLE_KEY)
    expect(await signJwt({ iss: 'supabase-demo', role: 'anon', exp: 1983812996 }, JWT_SECRET)).toBe(ANON_KEY)
  })
})

describe('password sign-in', () => {
  test('issues a GoTrue session and a Supabase-shaped access token', async () => {
    const supabase = client(backend)
    const { data, error } = await supabase.auth.signInWithPassword({ email: DEMO.secretary, password: DEMO_PASSWORD })
    expect(error).toBeNull()
    const { session, user } = data
    expect(session!.expires_in).toBe(3600)
    expect(session!.token_type).toBe('bearer')
    expect(user).toMatchObject({ email: DEMO.secretary, aud: 'authenticated', role: 'authenticated', is_anonymous: false })
    expect(user!.app_metadata).toMatchObject({ provider: 'email' })
    expect(user!.identities?.[0]).toMatchObject({ provider: 'email', user_id: user!.id })
    const claims = decodeJwt(session!.access_token)
    expect(claims).toMatchObject({
      aud: 'authenticated',
      role: 'authenticated',
      sub: user!.id,
      email: DEMO.secretary,
      iss: `${backend.url}/auth/v1`,
      aal: 'aal1',
      is_anonymous: false,
    })
    expect(claims.exp! - claims.iat!).toBe(3600)
    expect(claims.session_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(claims.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }])

    const me = await supabase.auth.getUser()
    expect(me.error).toBeNull()
    expect(me.data.user!.id).toBe(user!.id)
  })

  test('a wrong password is invalid_credentials', async () => {
    const { data, error } = await client(backend).auth.signInWithPassword({ email: DEMO.member, password: 'wrong' })
    expect(data.session).toBeNull()
    expect(error).toBeInstanceOf(AuthApiError)
    expect(error).toMatchObject({ code: 'invalid_credentials', status: 400, message: 'Invalid login credentials' })
  })

  test('an unknown email is invalid_credentials too', async () => {
    const { error } = await client(backend).auth.signInWithPassword({ email: 'nobody@demo.zhibu', password: DEMO_PASSWORD })
    expect(error).toMatchObject({ code: 'invalid_credentials', status: 400 })
  })

  test('the gateway wants an apikey and GoTrue answers with its API version', async () => {
    const res = await fetch(`${backend.url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      body: JSON.stringify({ email: DEMO.member, password: DEMO_PASSWORD }),
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ message: 'No API key found in request' })
    const bad = await fetch(`${backend.url}/auth/v1/user`, { headers: { apikey: ANON_KEY } })
    expect(bad.status).toBe(401)
    expect(bad.headers.get('x-supabase-api-version')).toBe('2024-01-01')
    expect(await bad.json()).toMatchObject({ code: 'no_authorization' })
  })
})

describe('refresh tokens rotate', () => {
  test('refreshing gives new tokens and uses up the old refresh token', async () => {
    const supabase = await signedIn(backend, DEMO.member)
    const before = (await supabase.auth.getSession()).data.session!
    const refreshed = await supabase.auth.refreshSession()
    expect(refreshed.error).toBeNull()
    const after = refreshed.data.session!
    expect(after.refresh_token).not.toBe(before.refresh_token)
    expect(decodeJwt(after.access_token).session_id).toBe(decodeJwt(before.access_token).session_id)

    const replay = await client(backend).auth.refreshSession({ refresh_token: before.refresh_token })
    expect(replay.error).toBeInstanceOf(AuthApiError)
    expect(replay.error).toMatchObject({ code: 'refresh_token_not_found', status: 400 })

    const next = await client(backend).auth.refreshSession({ refresh_token: after.refresh_token })
    expect(next.error).toBeNull()
  })

  test('an unknown refresh token is refresh_token_not_found', async () => {
    const { error } = await client(backend).auth.refreshSession({ refresh_token: 'not-a-token-at-all' })
    expect(error).toMatchObject({ code: 'refresh_token_not_found', status: 400 })
  })
})

describe('expired access tokens', () => {
  test('PostgREST answers PGRST303 and GoTrue bad_jwt', async () => {
    const supabase = await signedIn(shortLived, DEMO.secretary)
    const token = (await supabase.auth.getSession()).data.session!.access_token
    expect(decodeJwt(token).exp! - decodeJwt(token).iat!).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 2100))

    const stale = client(backend, { Authorization: `Bearer ${token}` })
    const read = await stale.from('activities').select('id').limit(1)
    expect(read.status).toBe(401)
    expect(read.error).toMatchObject({ code: 'PGRST303', message: 'JWT expired' })

    const me = await client(backend).auth.getUser(token)
    expect(me.error).toBeInstanceOf(AuthApiError)
    expect(me.error).toMatchObject({ code: 'bad_jwt', status: 403 })
  })

  test('a token signed with another secret is PGRST301', async () => {
    const forged = await signJwt({ role: 'service_role', exp: Math.floor(Date.now() / 1000) + 60 }, 'x'.repeat(40))
    const { error, status } = await client(backend, { Authorization: `Bearer ${forged}` }).from('orgs').select('id')
    expect(status).toBe(401)
    expect(error).toMatchObject({ code: 'PGRST301' })
  })
})

describe('sign-out', () => {
  test('ends the session: its refresh token and access token stop working at GoTrue', async () => {
    const supabase = await signedIn(backend, DEMO.finance)
    const session = (await supabase.auth.getSession()).data.session!
    const { error } = await supabase.auth.signOut()
    expect(error).toBeNull()
    expect((await supabase.auth.getSession()).data.session).toBeNull()

    const refresh = await client(backend).auth.refreshSession({ refresh_token: session.refresh_token })
    expect(refresh.error).toMatchObject({ code: 'refresh_token_not_found', status: 400 })
    // supabase-js turns GoTrue's 403 session_not_found into AuthSessionMissingError (and drops its session)
    const me = await client(backend).auth.getUser(session.access_token)
    expect(me.error).toBeInstanceOf(AuthSessionMissingError)
    const raw = await fetch(`${backend.url}/auth/v1/user`, {
      headers: { apikey: ANON_KEY, Authorization: `Bearer ${session.access_token}` },
    })
    expect(raw.status).toBe(403)
    expect(await raw.json()).toMatchObject({ code: 'session_not_found' })
  })

  test('scope local keeps the user’s other sessions', async () => {
    const phone = await signedIn(backend, DEMO.reviewer)
    const laptop = await signedIn(backend, DEMO.reviewer)
    await phone.auth.signOut({ scope: 'local' })
    const laptopSession = (await laptop.auth.getSession()).data.session!
    expect((await client(backend).auth.getUser(laptopSession.access_token)).error).toBeNull()
    await laptop.auth.signOut()
    expect((await client(backend).auth.getUser(laptopSession.access_token)).error).toBeInstanceOf(AuthSessionMissingError)
  })
})
