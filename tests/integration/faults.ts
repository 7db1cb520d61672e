// A fault transport for the simulation (issue 15): wraps a real SyncTransport and, per call, does what the
// schedule says: drop the request, drop the response after the server committed, send it twice, hold it at a
// gate until the schedule releases it (before or after the server saw it), answer 500/503, or expire the token.
// It never invents a server answer: every success it returns came from the real server through `inner`.
import type { SupabaseClient } from '@supabase/supabase-js'
import { createClient } from '@supabase/supabase-js'
import { SignJWT, decodeJwt } from 'jose'
import ws from 'ws'
import { RetryableError, classifyError } from '../../src/sync/core/errors'
import type { SyncTransport } from '../../src/sync/transport'
import { ANON_KEY, DEMO_PASSWORD, JWT_SECRET } from '../../supabase/local/keys'
import type { LocalBackend } from '../../supabase/local/server'

export const FAULT_KINDS = [
  'dropRequest', // the request never reaches the server (what the transport throws when fetch fails)
  'dropResponse', // the server commits, the answer is lost on the way back
  'duplicate', // the request arrives twice; the device gets the second answer
  'holdRequest', // the request waits at a gate, then reaches the server (reordered behind later calls)
  'holdResponse', // the server commits at once, the answer waits at a gate
  'status500', // the server fails the call (rolled back): HTTP 500
  'status503', // a proxy in front of the server is unavailable: HTTP 503
  'expired', // the access token expired: the real server answers 401, the real transport refreshes and retries
  'refreshFails', // the token expired and could not be refreshed: the transport's AuthRequiredError
] as const
export type FaultKind = (typeof FAULT_KINDS)[number]
export type Fault = FaultKind | 'none'

export type FaultCounts = Record<FaultKind, number>
export const noFaults = (): FaultCounts => Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as FaultCounts

/** A call stopped at a gate; the schedule opens it. */
interface Held {
  method: string
  open: () => void
}

/** A supabase-js client whose next REST request can carry an expired (but otherwise valid) access token. */
export interface ExpiringClient {
  client: SupabaseClient
  /** The next /rest/v1 request goes out with this session's token re-signed to have expired a minute ago. */
  expireNext(): void
}

export async function expiringClient(backend: LocalBackend, email: string): Promise<ExpiringClient> {
  let expire = false
  const secret = new TextEncoder().encode(JWT_SECRET)
  const client = createClient(backend.url, ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
    global: {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        if (expire && String(input).includes('/rest/v1/')) {
          expire = false
          const headers = new Headers(init?.headers)
          const claims = decodeJwt(headers.get('Authorization')?.replace(/^Bearer /, '') ?? '')
          const now = Math.floor(Date.now() / 1000)
          const stale = await new SignJWT({ ...claims, iat: now - 3660, exp: now - 60 })
            .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret)
          headers.set('Authorization', `Bearer ${stale}`)
          init = { ...init, headers }
        }
        return fetch(input, init)
      },
    },
  })
  const { error } = await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD })
  if (error) throw error
  return { client, expireNext: () => void (expire = true) }
}

/**
 * One device incarnation's transport. `plan(faults)` sets the faults of the next calls (one per call, in
 * order; 'none' after the list). Held calls stay at their gate until `releaseOldest`/`releaseAll`.
 */
export class FaultTransport implements SyncTransport {
  private faults: Fault[] = []
  private readonly held: Held[] = []
  private heldListeners: (() => void)[] = []

  constructor(
    private readonly inner: SyncTransport,
    private readonly counts: FaultCounts,
    private readonly expireNext: () => void = () => {},
  ) {}

  plan(faults: readonly Fault[]): void {
    this.faults = [...faults]
  }

  get holding(): number {
    return this.held.length
  }

  /** Resolves the next time a call stops at a gate (register before starting the run). */
  nextHeld(): Promise<'held'> {
    return new Promise((resolve) => this.heldListeners.push(() => resolve('held')))
  }

  releaseOldest(): boolean {
    const first = this.held.shift()
    first?.open()
    return first !== undefined
  }

  releaseAll(): void {
    while (this.releaseOldest());
  }

  push: SyncTransport['push'] = (m) => this.call('push', () => this.inner.push(m))
  pull: SyncTransport['pull'] = (c, l) => this.call('pull', () => this.inner.pull(c, l))
  fetchRow: SyncTransport['fetchRow'] = (t, id) => this.call('fetchRow', () => this.inner.fetchRow(t, id))
  userId: SyncTransport['userId'] = () => this.inner.userId() // the local session: no network, no fault

  private gate(method: string): Promise<void> {
    return new Promise((open) => {
      this.held.push({ method, open })
      const listeners = this.heldListeners
      this.heldListeners = []
      for (const l of listeners) l()
    })
  }

  private async call<T>(method: string, run: () => Promise<T>): Promise<T> {
    const fault = this.faults.shift() ?? 'none'
    if (fault !== 'none') this.counts[fault] += 1
    switch (fault) {
      case 'none':
        return run()
      case 'dropRequest':
        throw networkDown()
      case 'dropResponse':
        await run()
        throw networkDown()
      case 'duplicate':
        await run().catch(() => undefined) // whatever the first copy got, the device reads the second
        return run()
      case 'holdRequest':
        await this.gate(method)
        return run()
      case 'holdResponse': {
        const answer = await run().then((value) => ({ value }), (error: unknown) => ({ error }))
        await this.gate(method)
        if ('error' in answer) throw answer.error
        return answer.value
      }
      case 'status500':
        throw classifyError({ status: 500, code: 'XX000', message: 'internal server error' })
      case 'status503':
        throw classifyError({ status: 503, message: 'Service Unavailable' })
      case 'expired':
        this.expireNext()
        return run()
      case 'refreshFails':
        // the transport's answer when the 401's refresh also fails (transport.ts `call`)
        throw classifyError({ status: 401, code: 'PGRST303', message: 'JWT expired' })
    }
  }
}

/** What createSupabaseTransport throws when fetch itself fails (no network, connection reset). */
function networkDown(): RetryableError {
  const cause = new TypeError('fetch failed')
  return new RetryableError(`network: ${cause.message}`, 0, { cause })
}
