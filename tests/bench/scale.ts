// Review functions at committee scale on a throwaway PostgreSQL cluster (tests/sql/pg-server.ts): the migrations,
// the demo seed, then 500 and 5,000 generated branches (tests/fixtures/scale.ts; 30 people, 10 held activities each, every
// person attending: 1.5M attendance rows at 5,000), ANALYZE, then the median of 5 runs over one connection as
// service_role of branch_completeness, branch_summaries (first page and all pages) and branch_funding, with the
// growth 5,000/500. ZHIBU_SCALE_50K=1 adds 50,000 branches. Skipped, with the reason printed, without PostgreSQL.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type pg from 'pg'
import { scaleSql } from '../fixtures/scale'
import { projectRoot } from '../sql/db'
import { createMigratedDatabase, findPostgres, startCluster } from '../sql/pg-server'

const YEAR = 2026
const AS_OF = '2026-12-31'

async function median(client: pg.Client, sql: string, runs = 5): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await client.query(sql)
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(runs / 2)] as number
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

export async function benchScale(): Promise<void> {
  const found = findPostgres()
  if ('missing' in found) {
    console.log(`[skip] scale bench: ${found.missing}`)
    return
  }
  const sizes = [500, 5000, ...(process.env.ZHIBU_SCALE_50K === '1' ? [50000] : [])]
  const cluster = await startCluster()
  const results: Record<number, Record<string, number>> = {}
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
        const pagesMs: number[] = []
        for (let i = 0; i < 5; i++) {
          const t = performance.now()
          const n = await allPages(client)
          pagesMs.push(performance.now() - t)
          if (n !== expected) throw new Error(`branch_summaries pages: ${n} rows, expected ${expected}`)
        }
        pagesMs.sort((a, b) => a - b)
        results[branches] = {
          branch_completeness: await median(client, `select * from public.branch_completeness(${YEAR}, '${AS_OF}')`),
          'branch_summaries first page': await median(client, `select * from public.branch_summaries(${YEAR}, '${AS_OF}')`),
          'branch_summaries all pages': pagesMs[2] as number,
          branch_funding: await median(client, `select * from public.branch_funding(${YEAR})`),
        }
      } finally {
        await client.end()
      }
    }
  } finally {
    cluster.stop()
  }
  console.log(`\nReview functions, PostgreSQL ${cluster.major}, median of 5 ms (one connection, service_role)`)
  const rows = Object.keys(results[500] ?? {}).map((fn) => {
    const row: Record<string, string> = { function: fn }
    for (const n of sizes) row[`${n}`] = (results[n]?.[fn] ?? NaN).toFixed(1)
    row['5000/500'] = ((results[5000]?.[fn] ?? NaN) / (results[500]?.[fn] ?? NaN)).toFixed(2)
    return row
  })
  console.table(rows)
}
