// Concurrent pushes and pulls on a throwaway PostgreSQL 15 cluster (issue 15 item 2): the pull cursor never skips
// or repeats a row while writers commit in any order. A short run here; `npm run bench` runs N ≥ 200.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { concurrentSync } from './concurrency'
import { createMigratedDatabase, postgresSkipReason, startCluster, type PgCluster } from './pg-server'
import { seedWorld } from './sync/setup'

const skip = postgresSkipReason()

describe.skipIf(skip)('concurrent sync on PostgreSQL 15', () => {
  let cluster: PgCluster
  beforeAll(async () => {
    cluster = await startCluster()
    await createMigratedDatabase(cluster, 'zhibu_concurrency')
    const client = await cluster.connect('zhibu_concurrency')
    await seedWorld(client)
    await client.end()
  })
  afterAll(() => cluster?.stop())

  test('4 writers and 2 pullers at once: every row reaches every puller once per version, in order', async () => {
    const stats = await concurrentSync(() => cluster.connect('zhibu_concurrency'), { iterations: 50, seed: 7 })
    console.log('concurrent sync:', stats)
    expect(stats.pushes).toBe(200)
    expect(stats.pulls).toBeGreaterThan(stats.pullers)
    expect({ skipped: stats.skipped, repeated: stats.repeated, backwards: stats.backwards }).toEqual({ skipped: 0, repeated: 0, backwards: 0 })
  }, 120_000)
})
