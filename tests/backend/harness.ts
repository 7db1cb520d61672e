// One migrated + seeded PGlite per test file, the local backend on a free port over it, and supabase-js
// clients exactly as the app creates them (plus the Node 20 WebSocket transport, STACK-NOTES).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { type SupabaseClient, createClient } from '@supabase/supabase-js'
import ws from 'ws'
import { ANON_KEY, DEMO_PASSWORD } from '../../supabase/local/keys'
import { type LocalBackend, startLocalBackend } from '../../supabase/local/server'
import { serial } from '../../supabase/local/tx'
import { createDb, projectRoot } from '../sql/db'

export const DEMO = {
  secretary: 'secretary@demo.zhibu',
  member: 'member@demo.zhibu',
  reviewer: 'reviewer@demo.zhibu',
  finance: 'finance@demo.zhibu',
} as const

const seedPath = join(projectRoot, 'supabase', 'seed.sql')

/** A fresh database with the demo data (supabase/seed.sql). */
export async function seededDb(): Promise<PGlite> {
  if (!existsSync(seedPath)) throw new Error('tests/backend need supabase/seed.sql (the demo accounts and data)')
  const db = await createDb()
  await db.exec(readFileSync(seedPath, 'utf8'))
  return db
}

/**
 * A seeded database with a file's test-only SQL run on it, and the day reports ask about by default: yesterday in
 * Shanghai (`asOf`) and its year.
 */
export async function seededWith(testSql: string): Promise<{ db: PGlite; year: number; asOf: string }> {
  const db = await seededDb()
  await db.exec(testSql)
  const { rows } = await db.query<{ year: number; as_of: string }>(
    `select extract(year from private.shanghai_today() - 1)::int as year, (private.shanghai_today() - 1)::text as as_of`,
  )
  return { db, year: rows[0]!.year, asOf: rows[0]!.as_of }
}

export function client(backend: LocalBackend, headers: Record<string, string> = {}): SupabaseClient {
  return createClient(backend.url, ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
    global: { headers },
  })
}

export async function signedIn(backend: LocalBackend, email: string): Promise<SupabaseClient> {
  const supabase = client(backend)
  const { error } = await supabase.auth.signInWithPassword({ email, password: DEMO_PASSWORD })
  if (error) throw error
  return supabase
}

/** Ground truth: run SQL as PostgREST would for this user, queued like any request. */
export function asUser<T>(db: PGlite, userId: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return serial(db, () =>
    db.transaction(async (tx) => {
      await tx.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: userId, role: 'authenticated' }),
      ])
      return (await tx.query<T>(sql, params)).rows
    }),
  )
}

export async function userId(db: PGlite, email: string): Promise<string> {
  const { rows } = await serial(db, () => db.query<{ id: string }>(`select id from auth.users where email = $1`, [email]))
  if (!rows[0]) throw new Error(`no user ${email}`)
  return rows[0].id
}

export { startLocalBackend }
