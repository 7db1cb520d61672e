// branch_summaries, branch_completeness_of and keyset-paged branch_funding (issue 13) against branch_completeness
// and the unpaged funding rows: on the demo seed plus 40 generated branches (tests/fixtures/scale.ts), on PGlite
// and on the machine's PostgreSQL 15 (skipped, with the reason printed, where there is no initdb; CI=true fails).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { scaleSql } from '../fixtures/scale'
import { createDb, projectRoot } from './db'
import { createMigratedDatabase, postgresSkipReason, startCluster, type PgCluster } from './pg-server'

interface Q { query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>; exec?(sql: string): Promise<unknown> }
interface Row { branch_id: string; period: string; kind: string; required: number; held: number; met: boolean }
interface Summary { branch_id: string; branch_name: string; parent_id: string; due: number; met: number; states: string }

const seedSql = readFileSync(join(projectRoot, 'supabase', 'seed.sql'), 'utf8')
const YEAR = 2026
const AS_OF = '2026-06-30'
const users = {
  secretary: '00000000-0000-4000-8000-000000000001',
  member: '00000000-0000-4000-8000-000000000002',
  reviewer: '00000000-0000-4000-8000-000000000003',
  finance: '00000000-0000-4000-8000-000000000004',
} as const
type Who = keyof typeof users | 'anon' | 'service_role' | 'stranger'
const HOSPITAL = '10000000-0000-4000-8000-000000000002'
const NEIKE1 = '20000000-0000-4000-8000-000000000001'

const pad = (n: number) => String(n).padStart(2, '0')
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()
/** The 17 periods in grid order with their first and last day. */
const PERIODS = [
  ...Array.from({ length: 12 }, (_, i) => ({ label: `${YEAR}-${pad(i + 1)}`, start: `${YEAR}-${pad(i + 1)}-01`, end: `${YEAR}-${pad(i + 1)}-${pad(lastDay(YEAR, i + 1))}` })),
  ...Array.from({ length: 4 }, (_, q) => ({ label: `${YEAR}-Q${q + 1}`, start: `${YEAR}-${pad(q * 3 + 1)}-01`, end: `${YEAR}-${pad(q * 3 + 3)}-${pad(lastDay(YEAR, q * 3 + 3))}` })),
  { label: String(YEAR), start: `${YEAR}-01-01`, end: `${YEAR}-12-31` },
]

/** due/met/states recomputed from the raw rows by the grid's cellState rule. */
function expectedSummary(rows: Row[], asOf: string): { due: number; met: number; states: string } {
  const req = rows.filter((r) => r.required > 0)
  const states = PERIODS.map((p) => {
    if (p.start > asOf) return 'u'
    const inP = req.filter((r) => r.period === p.label)
    if (inP.length === 0) return 'f'
    if (inP.every((r) => r.met)) return 'm'
    if (p.end >= asOf) return 'o'
    return inP.some((r) => r.met || r.held > 0) ? 'p' : 'n'
  }).join('')
  return { due: req.length, met: req.filter((r) => r.met).length, states }
}

function claims(who: Who): Record<string, unknown> {
  if (who === 'anon' || who === 'service_role') return { role: who }
  const sub = who === 'stranger' ? '00000000-0000-4000-8000-00000000dead' : users[who]
  return { sub, role: 'authenticated', aud: 'authenticated' }
}

/** Runs sql as `who` in a rolled-back transaction; returns rows or the error message. */
async function asWho<T>(db: Q & { exec(sql: string): Promise<unknown> }, who: Who, sql: string, params: unknown[] = []): Promise<T[] | string> {
  await db.exec('begin')
  try {
    await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims(who))])
    await db.exec(`set local role ${who === 'anon' || who === 'service_role' ? who : 'authenticated'}`)
    return (await db.query<T>(sql, params)).rows
  } catch (error) {
    return (error as Error).message
  } finally {
    await db.exec('rollback')
  }
}

type Db = Q & { exec(sql: string): Promise<unknown> }

function cases(name: string, open: () => Promise<{ db: Db; close: () => Promise<void> }>, skip?: string) {
  describe.skipIf(skip)(`review at scale: ${name}`, () => {
    let db: Db
    let close: () => Promise<void>
    beforeAll(async () => {
      ;({ db, close } = await open())
      await db.exec(seedSql)
      await db.exec(scaleSql({ branches: 40, peoplePerBranch: 4, activitiesPerBranch: 6, year: YEAR, committees: 3 }))
    }, 120_000)
    afterAll(async () => { await close?.() })

    const pages = async (who: Who, size: number, extra = 'null, null') => {
      const all: Summary[] = []
      let after: [string | null, string | null] = [null, null]
      for (;;) {
        const page = await asWho<Summary>(db, who,
          `select * from public.branch_summaries($1, $2::date, ${extra}, $3, $4::uuid, $5)`, [YEAR, AS_OF, after[0], after[1], size])
        if (typeof page === 'string') throw new Error(page)
        expect(page.length).toBeLessThanOrEqual(size)
        all.push(...page)
        if (page.length < size) return all
        const last = page[page.length - 1] as Summary
        after = [last.branch_name, last.branch_id]
      }
    }

    test('summaries agree with branch_completeness for every branch, and keyset pages concatenate', async () => {
      const rows = await asWho<Row>(db, 'service_role', 'select * from public.branch_completeness($1, $2)', [YEAR, AS_OF])
      if (typeof rows === 'string') throw new Error(rows)
      const branches = await db.query<{ id: string; name: string; parent_id: string }>(
        `select id, name, parent_id from public.orgs where kind = 'branch' and deleted_at is null order by name, id`)
      const full = await pages('service_role', 1000)
      expect(full.map((s) => s.branch_id)).toEqual(branches.rows.map((b) => b.id))
      expect(full.length).toBe(44)
      for (const s of full) {
        expect({ ...s }, s.branch_name).toEqual({
          branch_id: s.branch_id, branch_name: branches.rows.find((b) => b.id === s.branch_id)?.name,
          parent_id: branches.rows.find((b) => b.id === s.branch_id)?.parent_id,
          ...expectedSummary(rows.filter((r) => r.branch_id === s.branch_id), AS_OF),
        })
      }
      // the seed's mixed year shows more than one letter
      expect(new Set(full.flatMap((s) => [...s.states])).size).toBeGreaterThan(2)
      for (const size of [1, 2]) expect(await pages('service_role', size)).toEqual(full)
      // a limit beyond 1000 is capped, a non-positive one reads as 1
      const one = await asWho<Summary>(db, 'service_role', 'select * from public.branch_summaries($1, $2::date, p_limit => 0)', [YEAR, AS_OF])
      expect(one).toEqual(full.slice(0, 1))
    }, 120_000)

    test('committee filter (any depth) and case-insensitive search', async () => {
      const all = await pages('service_role', 1000)
      const committee = (await db.query<{ id: string }>(`select id from public.orgs where kind = 'committee' and name = '第002党总支'`)).rows[0]?.id
      const under = await pages('service_role', 7, `'${committee}'::uuid, null`)
      expect(under.length).toBeGreaterThan(0)
      expect(under.every((s) => s.parent_id === committee)).toBe(true)
      const hospital = await pages('service_role', 1000, `'${HOSPITAL}'::uuid, null`)
      expect(hospital.length).toBe(44) // the scale committees hang under the hospital
      const found = await pages('service_role', 3, `null, '001'`)
      expect(found.map((s) => s.branch_name)).toEqual(all.filter((s) => s.branch_name.includes('001')).map((s) => s.branch_name))
      expect(found.length).toBe(11)
      const upper = await asWho<Summary>(db, 'service_role', `select * from public.branch_summaries($1, $2::date, p_search => 'ABC')`, [YEAR, AS_OF])
      expect(upper).toEqual([])
    }, 60_000)

    test('visibility is branch_completeness\'s; branch_completeness_of is the branch\'s rows', async () => {
      const whos: Who[] = ['anon', 'stranger', 'member', 'secretary', 'reviewer', 'finance', 'service_role']
      for (const who of whos) {
        const rows = await asWho<Row>(db, who, 'select * from public.branch_completeness($1, $2)', [YEAR, AS_OF])
        const sums = await asWho<Summary>(db, who, 'select * from public.branch_summaries($1, $2::date)', [YEAR, AS_OF])
        if (who === 'anon') {
          expect(rows).toMatch(/permission denied/)
          expect(sums).toMatch(/permission denied/)
          expect(await asWho(db, who, 'select * from public.branch_completeness_of($1, $2, $3)', [NEIKE1, YEAR, AS_OF])).toMatch(/permission denied/)
          continue
        }
        if (typeof rows === 'string' || typeof sums === 'string') throw new Error(`${who}: ${String(rows)} ${String(sums)}`)
        const seen = [...new Set(rows.map((r) => r.branch_id))].sort()
        expect(sums.map((s) => s.branch_id).sort(), who).toEqual(seen.length ? seen : [])
        if (who === 'stranger') expect(sums).toEqual([])
        if (who === 'secretary' || who === 'member') expect(seen).toEqual([NEIKE1])
        for (const s of sums) expect({ due: s.due, met: s.met, states: s.states }, `${who} ${s.branch_name}`)
          .toEqual(expectedSummary(rows.filter((r) => r.branch_id === s.branch_id), AS_OF))
        for (const branch of [NEIKE1, '20000000-0000-4000-8000-000000000002']) {
          const of = await asWho<Row>(db, who, 'select * from public.branch_completeness_of($1, $2, $3)', [branch, YEAR, AS_OF])
          expect(of, `${who} ${branch}`).toEqual(rows.filter((r) => r.branch_id === branch))
        }
      }
    }, 120_000)

    test('funding pages concatenate to the unpaged rows, for each role', async () => {
      for (const who of ['service_role', 'finance', 'reviewer', 'secretary', 'member'] as Who[]) {
        const full = await asWho<Record<string, unknown>>(db, who, 'select * from public.branch_funding($1)', [YEAR])
        if (typeof full === 'string') throw new Error(full)
        for (const size of [1, 2, 1000]) {
          const got: Record<string, unknown>[] = []
          let after: [unknown, unknown] = [null, null]
          for (;;) {
            const page = await asWho<Record<string, unknown>>(db, who, 'select * from public.branch_funding($1, $2, $3::uuid, $4)', [YEAR, after[0], after[1], size])
            if (typeof page === 'string') throw new Error(page)
            got.push(...page)
            if (page.length < size) break
            const last = page[page.length - 1] as Record<string, unknown>
            after = [last.branch_name, last.branch_id]
          }
          expect(got, `${who} ${size}`).toEqual(full)
        }
      }
      expect(await asWho(db, 'anon', 'select * from public.branch_funding($1)', [YEAR])).toMatch(/permission denied/)
    }, 120_000)
  })
}

cases('PGlite', async () => {
  const db = await createDb()
  return { db: db as unknown as Db, close: () => db.close() }
})

const skip = postgresSkipReason()
let cluster: PgCluster | undefined
cases('PostgreSQL 15', async () => {
  cluster = await startCluster()
  await createMigratedDatabase(cluster, 'zhibu')
  const client = await cluster.connect('zhibu')
  const db: Db = { query: (sql, params) => client.query(sql, params as unknown[]) as never, exec: (sql) => client.query(sql) }
  return { db, close: async () => { await client.end(); cluster?.stop() } }
}, skip)
