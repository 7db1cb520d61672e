// The same migrations and golden cases on a throwaway cluster of the machine's PostgreSQL (15 where
// installed): hosted Supabase runs 15 or 17, PGlite runs 18. Skipped, with the reason printed, where there
// is no initdb; under CI=true a missing server fails the run.
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadGoldenCases } from '../fixtures/golden'
import { runGoldenCase } from './golden-runner'
import { createMigratedDatabase, postgresSkipReason, startCluster, type PgCluster } from './pg-server'

const skip = postgresSkipReason()

describe.skipIf(skip)('golden cases on a real PostgreSQL server', () => {
  let cluster: PgCluster
  let client: pg.Client
  beforeAll(async () => {
    cluster = await startCluster()
    await createMigratedDatabase(cluster, 'zhibu')
    client = await cluster.connect('zhibu')
  })
  afterAll(async () => {
    await client?.end()
    cluster?.stop()
  })

  test('runs PostgreSQL 15, the oldest Supabase major', async () => {
    const { rows } = await client.query<{ v: string }>('select current_setting($$server_version_num$$) as v')
    expect(Math.floor(Number(rows[0]?.v) / 10000)).toBe(15)
  })

  test.each(loadGoldenCases().map((c) => [c.file, c] as const))('%s', async (_file, golden) => {
    for (const { label, actual, expected } of await runGoldenCase(client, golden)) {
      expect(actual, `${golden.file}: ${label}`).toEqual(expected)
    }
  })
})
