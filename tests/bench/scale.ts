// Review functions at committee scale on a throwaway PostgreSQL cluster (tests/sql/pg-server.ts): the migrations,
// the demo seed, then 500 and 5,000 generated branches (tests/fixtures/scale.ts; 30 people, 10 held activities each, every
// person attending: 1.5M attendance rows at 5,000), ANALYZE, then the median of 5 runs over one connection as
// service_role of branch_completeness, branch_summaries (first page and all pages) and branch_funding, with the
// growth 5,000/500. Each figure twice: wall time, and the CPU time the server process spent (from /proc, so that
// other work on the machine does not count: SPEC §9 asks for "one core"). ZHIBU_SCALE_50K=1 adds 50,000 branches
// (≈40 min to generate, 7 GB). Skipped, with the reason printed, without PostgreSQL.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type pg from 'pg'
import { scaleSql } from '../fixtures/scale'
import { projectRoot } from '../sql/db'
import { createMigratedDatabase, findPostgres, startCluster } from '../sql/pg-server'

const YEAR = 2026
const AS_OF = '2026-12-31'
/** How many pages of a first pull the bench fetches at most: a reviewer's pull of the whole subtree would not end. */
const PULL_PAGES = 20

interface Timing { wall: number; cpu: number }

/** CPU time (ms) the server process of `client` has been on a CPU so far (/proc/<pid>/schedstat, in ns). */
function serverCpuMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6
}

/** Medians of `runs` runs of `task`: wall time and the server's CPU time. */
async function median(client: pg.Client, task: () => Promise<unknown>, runs = 5): Promise<Timing> {
  const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < runs; i++) {
    const [t, c] = [performance.now(), serverCpuMs(pid)]
    await task()
    wall.push(performance.now() - t)
    cpu.push(serverCpuMs(pid) - c)
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(runs / 2)] as number
  return { wall: mid(wall), cpu: mid(cpu) }
}

async function allPages(client: pg.Client): Promise<number> {
  let after: [string | null, string | null] = [null, null]
  let n = 0
  for (;;) {
    const { rows } = await client.query<{ branch_name: string; branch_id: string }>(
      `select * from public.branch_summaries($1, $2::date, null, null, $3, $4::uuid, 1000)`, [YEAR, AS_OF, after[0], after[1]])
    n += rows.length
    if (rows.length < 1000) return n
    const last = rows[rows.length - 1] as { branch_name: string; branch_id: string }
    after = [last.branch_name, last.branch_id]
  }
}

const DEMO = { reviewer: '00000000-0000-4000-8000-000000000003', secretary: '00000000-0000-4000-8000-000000000001' }

interface PullRun { calls: number; rows: number; cursor: string | null }
interface PullAnswer { rows: unknown[]; cursor: string; has_more: boolean }

/**
 * A device's pull as `user` in pages of 1,000, at most `maxCalls` pages: from a null cursor (the first pull), or from
 * where the last one ended (the pull of every sync after it, with nothing new on the server).
 */
async function pull(client: pg.Client, user: string, maxCalls: number, from: string | null = null): Promise<PullRun> {
  await client.query('begin')
  try {
    await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: user, role: 'authenticated' })])
    await client.query('set local role authenticated')
    const run: PullRun = { calls: 0, rows: 0, cursor: from }
    let cursor = from
    while (run.calls < maxCalls) {
      const answer: pg.QueryResult<{ p: PullAnswer }> = await client.query('select public.sync_pull(1, $1, 1000) as p', [cursor])
      const page: PullAnswer = answer.rows[0]!.p
      run.calls += 1
      run.rows += page.rows.length
      cursor = page.cursor
      run.cursor = cursor
      if (!page.has_more) break
    }
    return run
  } finally {
    await client.query('rollback')
  }
}

export async function benchScale(): Promise<void> {
  const found = findPostgres()
  if ('missing' in found) {
    console.log(`[skip] scale bench: ${found.missing}`)
    return
  }
  const sizes = [500, 5000, ...(process.env.ZHIBU_SCALE_50K === '1' ? [50000] : [])]
  const cluster = await startCluster()
  const results: Record<number, Record<string, Timing>> = {}
  const pulls: (PullRun & { branches: number; who: string; done: boolean })[] = []
  try {
    for (const branches of sizes) {
      const name = `scale${branches}`
      await createMigratedDatabase(cluster, name)
      const client = await cluster.connect(name)
      try {
        await client.query(readFileSync(join(projectRoot, 'supabase', 'seed.sql'), 'utf8'))
        await client.query(scaleSql({ branches, peoplePerBranch: 30, activitiesPerBranch: 10, year: YEAR }))
        await client.query('analyze')
        await client.query(`select set_config('request.jwt.claims', '{"role":"service_role"}', false)`)
        await client.query('set role service_role')
        const expected = Number((await client.query(
          `select count(*) from public.orgs where kind = 'branch' and deleted_at is null`)).rows[0].count)
        const query = (sql: string) => () => client.query(sql)
        results[branches] = {
          branch_completeness: await median(client, query(`select * from public.branch_completeness(${YEAR}, '${AS_OF}')`)),
          'branch_summaries first page': await median(client, query(`select * from public.branch_summaries(${YEAR}, '${AS_OF}')`)),
          'branch_summaries all pages': await median(client, async () => {
            const n = await allPages(client)
            if (n !== expected) throw new Error(`branch_summaries pages: ${n} rows, expected ${expected}`)
          }),
          'branch_completeness_of (cell)': await median(client, query(`select * from public.branch_completeness_of(md5('zhibu-scale:b7')::uuid, ${YEAR}, '${AS_OF}')`)),
          branch_funding: await median(client, query(`select * from public.branch_funding(${YEAR})`)),
          'branch_funding page': await median(client, query(`select * from public.branch_funding(${YEAR}, null, null, 1000)`)),
        }
        for (const [who, user] of Object.entries(DEMO)) {
          let run: PullRun = { calls: 0, rows: 0, cursor: null }
          const timing = await median(client, async () => { run = await pull(client, user, PULL_PAGES) }, 3)
          results[branches]![`first pull, demo ${who} (≤ ${PULL_PAGES} pages)`] = timing
          pulls.push({ branches, who, ...run, done: run.calls < PULL_PAGES || run.rows % 1000 !== 0 })
        }
        // every later sync of a device pulls from its cursor; with nothing new it is one page of no rows
        for (const [who, user] of Object.entries(DEMO)) {
          const end = await pull(client, user, Number.MAX_SAFE_INTEGER)
          results[branches]![`next pull, nothing new, demo ${who}`] = await median(client, async () => {
            const next = await pull(client, user, 1, end.cursor)
            if (next.rows !== 0) throw new Error(`a pull after the last page brought ${next.rows} rows`)
          })
        }
      } finally {
        await client.end()
      }
    }
  } finally {
    cluster.stop()
  }
  console.log(`\nReview functions, PostgreSQL ${cluster.major}, median of 5 (one connection, service_role): wall ms / server CPU ms`)
  const rows = Object.keys(results[500] ?? {}).map((fn) => {
    const row: Record<string, string> = { function: fn }
    for (const n of sizes) {
      const t = results[n]?.[fn]
      row[`${n}`] = t ? `${t.wall.toFixed(0)} / ${t.cpu.toFixed(0)}` : '—'
    }
    const [a, b] = [results[500]?.[fn], results[5000]?.[fn]]
    row['5000/500 (CPU)'] = a && b && a.cpu > 0 ? (b.cpu / a.cpu).toFixed(2) : '—'
    return row
  })
  console.table(rows)
  console.log(`\nA device's first pull (sync_pull, pages of 1,000), at most ${PULL_PAGES} pages: what it fetched`)
  console.table(pulls.map((p) => ({ branches: p.branches, device: p.who, pages: p.calls, rows: p.rows, complete: p.done ? 'yes' : 'no, cut' })))
}
