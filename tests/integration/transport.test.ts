// The supabase-js transport against the real local backend: every error of docs/sync.md's table becomes
// the typed error the engine acts on; an expired token is refreshed once; too large a batch is split.
import { randomUUID } from 'node:crypto'
import { createClient } from '@supabase/supabase-js'
import ws from 'ws'
import { describe, expect, test } from 'vitest'
import { pushOutbox } from '../../src/sync/push'
import { AuthRequiredError, BatchTooLargeError, ProtocolError, RetryableError, UpdateRequiredError } from '../../src/sync/core/errors'
import { createSupabaseTransport } from '../../src/sync/transport'
import { ANON_KEY, DEMO_PASSWORD } from '../../supabase/local/keys'
import { startLocalBackend } from '../../supabase/local/server'
import { client } from '../backend/harness'
import { BRANCH1, DEMO, counting, device, signedIn, useServer } from './setup'

const live = useServer('secretary')

const lesson = (i = 0) => ({
  id: randomUUID(), table: 'activities' as const, base_seq: null,
  row: { id: randomUUID(), branch_id: BRANCH1, kinds: ['lesson'], title: `党课 ${i}`, starts_at: '2026-11-26T14:00:00+08:00' },
})

describe('errors of a whole call', () => {
  test('an app older than the server must update; a newer one retries later', async () => {
    const secretary = await signedIn(live.backend, DEMO.secretary)
    await expect(createSupabaseTransport(secretary, { schemaVersion: 0 }).pull(null, 10)).rejects.toBeInstanceOf(UpdateRequiredError)
    await expect(createSupabaseTransport(secretary, { schemaVersion: 2 }).push([lesson()])).rejects.toBeInstanceOf(RetryableError)
  })

  test('without a session the call needs a sign-in', async () => {
    await expect(createSupabaseTransport(client(live.backend)).push([lesson()])).rejects.toBeInstanceOf(AuthRequiredError)
  })

  test('a malformed batch is a protocol error and changes nothing', async () => {
    const bad = lesson()
    await expect(live.as.secretary.push([{ ...bad, row: { ...bad.row, updated_at: '2026-01-01T00:00:00Z' } }])).rejects.toBeInstanceOf(ProtocolError)
    expect(await live.as.secretary.fetchRow('activities', bad.row.id)).toBeNull()
  })

  test('more than 500 mutations in one call is refused as too large', async () => {
    await expect(live.as.secretary.push(Array.from({ length: 501 }, (_, i) => lesson(i)))).rejects.toBeInstanceOf(BatchTooLargeError)
  })

  test('a session whose access token expired still syncs (supabase-js refreshes it before the call)', async () => {
    const shortLived = await startLocalBackend({ db: live.pg, accessTokenTtlSeconds: 1 })
    try {
      const supabase = await signedIn(shortLived, DEMO.secretary)
      await new Promise((r) => setTimeout(r, 2100))
      expect((await createSupabaseTransport(supabase).pull(null, 5)).rows).toHaveLength(5)
    } finally {
      await shortLived.close()
    }
  })

  test('a 401 from the server makes the transport refresh the session once and retry', async () => {
    let garble = true
    let refreshes = 0
    const supabase = createClient(live.backend.url, ANON_KEY, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: ws as never },
      global: {
        fetch: (input: RequestInfo | URL, init?: RequestInit) => {
          if (String(input).includes('grant_type=refresh_token')) refreshes += 1
          if (garble && String(input).includes('/rest/v1/rpc/')) {
            garble = false // the server sees a token it cannot verify: 401 PGRST301
            init = { ...init, headers: { ...(init?.headers as Record<string, string>), Authorization: 'Bearer not-a-jwt' } }
          }
          return fetch(input, init)
        },
      },
    })
    expect((await supabase.auth.signInWithPassword({ email: DEMO.secretary, password: DEMO_PASSWORD })).error).toBeNull()
    expect((await createSupabaseTransport(supabase).pull(null, 5)).rows).toHaveLength(5)
    expect(garble).toBe(false)
    expect(refreshes).toBe(1)
  })
})

describe('batch splitting', () => {
  test('a batch the server finds too large is halved until it fits, order kept', async () => {
    const { transport, calls } = counting(live.as.secretary)
    const phone = device(transport)
    for (let i = 0; i < 501; i += 1) {
      const { row } = lesson(i)
      await phone.repos.activities.put({ ...row, kinds: ['lesson'], status: 'held' })
    }
    const stats = await pushOutbox(phone.db, transport, 501) // pretend the client thought 501 was allowed
    expect(stats).toMatchObject({ applied: 501, rejected: 0, calls: 3 })
    expect(calls.push).toBe(3)
    expect(await phone.db.outbox.count()).toBe(0)
  })

  test('fetchRow returns the server row in the shape sync_pull uses', async () => {
    const page = await live.as.secretary.pull(null, 50)
    const pulled = page.rows.find((r) => r.table === 'activities')!
    const fetched = await live.as.secretary.fetchRow('activities', pulled.row.id)
    expect(fetched).toEqual({ table: 'activities', seq: pulled.seq, row: pulled.row })
  })
})
