// A device for the integration tests: a Dexie database over a fresh fake-indexeddb factory, the repos,
// and a sync engine over the real supabase-js transport against the local backend (tests/backend
// harness: a seeded PGlite per file). Transport wrappers only count or cut calls; they never answer.
import { createServer } from 'node:net'
import type { PGlite } from '@electric-sql/pglite'
import { type SupabaseClient, createClient } from '@supabase/supabase-js'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { afterAll, beforeAll } from 'vitest'
import ws from 'ws'
import { createRepos } from '../../src/db/repos'
import { ZhibuDb } from '../../src/db/schema'
import { type SyncEngine, createSyncEngine } from '../../src/sync/engine'
import { RetryableError } from '../../src/sync/core/errors'
import { type SyncTransport, createSupabaseTransport } from '../../src/sync/transport'
import { ANON_KEY } from '../../supabase/local/keys'
import type { LocalBackend } from '../../supabase/local/server'
import { serial } from '../../supabase/local/tx'
import { DEMO, seededDb, signedIn, startLocalBackend } from '../backend/harness'

export { DEMO, signedIn, userId, asUser } from '../backend/harness'

export const BRANCH1 = '20000000-0000-4000-8000-000000000001' // 内科第一党支部, the demo secretary's
export const BRANCH2 = '20000000-0000-4000-8000-000000000002'
export const SECRETARY_ROLE = '70000000-0000-4000-8000-000000000001'
export const person = (n: number): string => `40000000-0000-4000-8000-000000000${100 + n}` // people of branch 1

export async function startServer(): Promise<{ pg: PGlite; backend: LocalBackend }> {
  const pg = await seededDb()
  return { pg, backend: await startLocalBackend({ db: pg }) }
}

export interface Server<A extends keyof typeof DEMO> {
  readonly pg: PGlite
  readonly backend: LocalBackend
  /** A transport signed in as each demo account named to useServer. */
  readonly as: Readonly<Record<A, SyncTransport>>
}

/**
 * The file's seeded server, called at its top level: started, and the named demo accounts signed in (in that order),
 * before the tests and before the hooks registered after this call; closed (backend, then database) after them.
 */
export function useServer<A extends keyof typeof DEMO = never>(...accounts: A[]): Server<A> {
  let started: { pg: PGlite; backend: LocalBackend } | undefined
  const as = {} as Record<A, SyncTransport>
  beforeAll(async () => {
    started = await startServer()
    for (const account of accounts) as[account] = createSupabaseTransport(await signedIn(started.backend, DEMO[account]))
  })
  afterAll(async () => {
    await started?.backend.close()
    await started?.pg.close()
  })
  const running = () => {
    if (!started) throw new Error('the file\'s server is not started yet (useServer is read in its tests and hooks)')
    return started
  }
  return {
    get pg() { return running().pg },
    get backend() { return running().backend },
    as,
  }
}

/** Service-role SQL on the server's database, queued behind in-flight requests. */
export async function sql<T = Record<string, unknown>>(pg: PGlite, text: string, params: unknown[] = []): Promise<T[]> {
  return (await serial(pg, () => pg.query<T>(text, params))).rows
}

export interface Device {
  db: ZhibuDb
  repos: ReturnType<typeof createRepos>
  engine: SyncEngine
  factory: IDBFactory
}

/** A phone: its own IndexedDB (pass `factory` to reopen the same one, as after a reload). */
export function device(transport: SyncTransport, factory: IDBFactory = new IDBFactory()): Device {
  const db = new ZhibuDb({ indexedDB: factory, IDBKeyRange })
  const engine = createSyncEngine({ db, transport, random: () => 0.5, env: { window: undefined, document: undefined, locks: undefined } })
  return { db, repos: createRepos(db), engine, factory }
}

/** Counts round trips through a real transport. */
export function counting(inner: SyncTransport) {
  const calls = { push: 0, pull: 0, fetchRow: 0 }
  const transport: SyncTransport = {
    push: (m) => { calls.push += 1; return inner.push(m) },
    pull: (c, l) => { calls.pull += 1; return inner.pull(c, l) },
    fetchRow: (t, id) => { calls.fetchRow += 1; return inner.fetchRow(t, id) },
    userId: () => inner.userId(),
  }
  return { transport, calls }
}

/** The server commits the push, then the answer is lost on the way back. */
export function losingAnswers(inner: SyncTransport) {
  const lost: unknown[] = []
  const transport: SyncTransport = {
    ...inner,
    push: async (m) => {
      lost.push(await inner.push(m))
      throw new RetryableError('connection reset after the server answered', 0)
    },
  }
  return { transport, lost }
}

/** A transport whose server is unreachable: a port that nothing listens on. */
export async function offlineTransport(): Promise<SyncTransport> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
  const client: SupabaseClient = createClient(`http://127.0.0.1:${port}`, ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
  })
  return createSupabaseTransport(client)
}
