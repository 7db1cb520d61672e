// Sync throughput against the local backend's real functions (SPEC §9): 1,000 activities written offline
// and pushed by the engine in batches, against a baseline in the same run that sends the same kind of
// writes one request each; then a new phone's first pull. Prints round trips, time and the ratio.
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { createSupabaseTransport } from '../../src/sync/transport'
import { BRANCH1, counting, device, signedIn, sql, startServer } from '../integration/setup'

const N = 1000
const activity = (i: number, tag: string) => ({
  id: randomUUID(), branch_id: BRANCH1, kinds: ['lesson' as const], title: `${tag} ${i}`, place: '门诊楼三楼会议室',
  starts_at: new Date(Date.parse('2032-01-01T02:00:00Z') + i * 3_600_000).toISOString(), ends_at: null, status: 'held' as const,
})

export async function benchSync(): Promise<void> {
  const { pg, backend } = await startServer()
  try {
    const secretary = createSupabaseTransport(await signedIn(backend, 'secretary@demo.zhibu'))

    // baseline: each write sent as soon as it is made, one request per write
    const { transport: single, calls: singleCalls } = counting(secretary)
    const baselinePhone = device(single)
    for (let i = 0; i < N; i += 1) await baselinePhone.repos.activities.put(activity(i, 'baseline'))
    const entries = await baselinePhone.db.outbox.orderBy('seq').toArray()
    let t0 = performance.now()
    for (const e of entries) await single.push([{ id: e.id, table: e.table, base_seq: e.base_seq, row: { ...e.fields, id: e.row_id } }])
    const baselineMs = performance.now() - t0

    // the engine: the same number of writes queued offline, pushed in batches
    const { transport: batched, calls: batchedCalls } = counting(secretary)
    const phone = device(batched)
    for (let i = 0; i < N; i += 1) await phone.repos.activities.put(activity(i, 'batched'))
    t0 = performance.now()
    const report = await phone.engine.syncNow()
    const batchedMs = performance.now() - t0
    if (!report.ok) throw new Error(`push failed: ${String(report.error)}`)
    const onServer = await sql<{ n: number }>(pg, `select count(*)::int as n from public.activities where title like 'batched %'`)

    // a new phone signing in: its first pull of the branch
    const { transport: fresh, calls: freshCalls } = counting(secretary)
    const newPhone = device(fresh)
    t0 = performance.now()
    await newPhone.engine.syncNow()
    const pullMs = performance.now() - t0
    const pulled = (await Promise.all(newPhone.db.tables.filter((t) => !['outbox', 'meta'].includes(t.name)).map((t) => t.count())))
      .reduce((a, b) => a + b, 0)

    console.log(`\nsync: ${N} writes made offline, then pushed (local backend over PGlite)`)
    console.table([
      { case: 'baseline: one request per write', round_trips: singleCalls.push, ms: Math.round(baselineMs), ratio: '1.00' },
      { case: 'engine: batched push', round_trips: batchedCalls.push, ms: Math.round(batchedMs), ratio: (batchedMs / baselineMs).toFixed(2) },
      { case: `first pull of a new phone (${pulled} rows)`, round_trips: freshCalls.pull, ms: Math.round(pullMs), ratio: '' },
    ])
    console.log(`server has ${onServer[0]?.n} of the ${N} batched writes; SPEC §9 allows ≤ 3 round trips for 1,000`)
  } finally {
    await backend.close()
    await pg.close()
  }
}
