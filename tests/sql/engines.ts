// The two engines a SQL suite runs on: PGlite (Postgres 18 in WASM, always there) and a throwaway cluster of the
// machine's PostgreSQL 15 (Supabase's oldest), skipped with the printed reason where it has none.
import { afterAll, beforeAll } from 'vitest'
import { createDb } from './db'
import { createMigratedDatabase, postgresSkipReason, startCluster } from './pg-server'
import type { Queryable } from './sync/setup'

export type OpenEngine = () => Promise<{ db: Queryable; close: () => Promise<void> }>

/** Calls `suite` once per engine with its name, the reason to skip it (if any) and how to open a migrated database. */
export function onBothEngines(database: string, suite: (name: string, skip: string | undefined, open: OpenEngine) => void): void {
  suite('PGlite', undefined, async () => {
    const db = await createDb()
    return { db, close: () => db.close() }
  })
  suite('PostgreSQL 15', postgresSkipReason(), async () => {
    const cluster = await startCluster()
    await createMigratedDatabase(cluster, database)
    const client = await cluster.connect(database)
    return { db: client, close: async () => { await client.end(); cluster.stop() } }
  })
}

/**
 * The suite's database, for use inside its describe: opened (and `seed` run on it) before the suite's tests and closed
 * after them. The Queryable returned forwards to the open one.
 */
export function useEngine(open: OpenEngine, seed: (db: Queryable) => Promise<void> = async () => {}): Queryable {
  let opened: Awaited<ReturnType<OpenEngine>> | undefined
  beforeAll(async () => {
    opened = await open()
    await seed(opened.db)
  })
  afterAll(async () => { await opened?.close() })
  return {
    query(sql, params) {
      if (!opened) throw new Error('the suite\'s database is not open yet (useEngine is read in its tests and hooks)')
      return opened.db.query(sql, params)
    },
  }
}
