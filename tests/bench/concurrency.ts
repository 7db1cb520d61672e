// Concurrent pushes and pulls on a throwaway PostgreSQL 15 cluster (issue 15 item 2), at bench length: N ≥ 200
// iterations per writer; prints what was sent and received and the invariants (skipped, repeated and backwards
// deliveries, all must be 0). The same run as tests/sql/pg15-concurrency.test.ts, longer and wider.
import { concurrentSync } from '../sql/concurrency'
import { createMigratedDatabase, postgresSkipReason, startCluster } from '../sql/pg-server'
import { seedWorld } from '../sql/sync/setup'

export async function benchConcurrency(): Promise<void> {
  const skip = postgresSkipReason()
  if (skip) {
    console.log(`\nconcurrent sync: skipped (${skip})`)
    return
  }
  const cluster = await startCluster()
  try {
    await createMigratedDatabase(cluster, 'zhibu_bench_concurrency')
    const client = await cluster.connect('zhibu_bench_concurrency')
    await seedWorld(client)
    await client.end()
    const runs = []
    for (const [writers, pullers] of [[4, 2], [8, 4]] as const) {
      runs.push(await concurrentSync(() => cluster.connect('zhibu_bench_concurrency'), { iterations: 200, writers, pullers, seed: writers }))
    }
    console.log(`\nConcurrent sync on PostgreSQL ${cluster.major} (200 iterations per writer; skipped, repeated, backwards must be 0)`)
    console.table(runs)
  } finally {
    cluster.stop()
  }
}
