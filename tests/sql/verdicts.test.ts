// The per-activity verdicts kept by triggers (supabase/migrations/20261201000600_quorum.sql) after every
// kind of change a sync push or an admin can make: after each step the kept verdicts equal the verdicts judged
// from scratch, and completeness shows what a secretary would expect (an assembly without quorum stops counting).
// On PGlite and on the machine's PostgreSQL 15 (skipped, with the reason printed, without initdb; CI=true fails).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { scaleSql } from '../fixtures/scale'
import { createDb, projectRoot } from './db'
import { createMigratedDatabase, postgresSkipReason, startCluster, type PgCluster } from './pg-server'

interface Db { query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>; exec(sql: string): Promise<unknown> }
interface Verdict { activity_id: string; branch_id: string; group_id: string | null; on_date: string; kinds: string[] }

const seedSql = readFileSync(join(projectRoot, 'supabase', 'seed.sql'), 'utf8')
const id = (label: string) => `md5('zhibu-scale:${label}')::uuid`
const B1 = id('b1')
const B2 = id('b2')
/** Branch 1's first assembly (activity 3: theme day, assembly and lesson in March 2026). */
const ASSEMBLY = id('a1-3')

async function kept(db: Db): Promise<Verdict[]> {
  const { rows } = await db.query<Verdict>(
    `select activity_id, branch_id, group_id, on_date::text, kinds from private.activity_verdicts order by activity_id`)
  return rows
}

/** Every activity judged afresh, in a transaction rolled back: what the kept verdicts must equal. */
async function judgedAfresh(db: Db): Promise<Verdict[]> {
  await db.exec('begin')
  try {
    await db.query('delete from private.activity_verdicts')
    await db.query('select private.judge_activities(array(select id from public.activities))')
    return await kept(db)
  } finally {
    await db.exec('rollback')
  }
}

async function assemblyMet(db: Db): Promise<boolean | undefined> {
  await db.query(`select set_config('request.jwt.claims', '{"role":"service_role"}', false)`)
  const { rows } = await db.query<{ met: boolean }>(
    `select met from public.branch_completeness(2026, '2026-12-31') where branch_id = ${B1} and period = '2026-Q1' and kind = 'assembly'`)
  return rows[0]?.met
}

/** Changes a push or an admin makes, each followed by the check; `assembly` is what completeness then shows. */
const steps: { name: string; sql: string; assembly?: boolean }[] = [
  { name: 'as generated', sql: 'select 1', assembly: true },
  {
    name: 'ten full members join who did not come',
    sql: `insert into public.people (id, branch_id, name, party_status, admitted_on, confirmed_on)
          select md5('late' || n)::uuid, ${B1}, '新党员' || n, 'full', '2010-01-01', '2011-01-01' from generate_series(1, 10) n`,
    assembly: false,
  },
  { name: 'they are excluded from quorum', sql: `update public.people set excluded_from_quorum = true, quorum_exclusion_reason = '长期外派' where name like '新党员%'`, assembly: true },
  { name: 'they count again', sql: `update public.people set excluded_from_quorum = false, quorum_exclusion_reason = null where name like '新党员%'`, assembly: false },
  { name: 'they joined the branch after the meeting', sql: `update public.people set joined_branch_on = '2026-04-01' where name like '新党员%'`, assembly: true },
  { name: 'their join date is cleared', sql: `update public.people set joined_branch_on = null where name like '新党员%'`, assembly: false },
  { name: 'they move to branch 2', sql: `update public.people set branch_id = ${B2} where name like '新党员%'`, assembly: true },
  { name: 'they are removed from the roster', sql: `update public.people set deleted_at = now() where name like '新党员%'` },
  { name: 'everyone marked absent at the assembly', sql: `update public.attendance set status = 'absent' where activity_id = ${ASSEMBLY}`, assembly: false },
  { name: 'marked present again', sql: `update public.attendance set status = 'present' where activity_id = ${ASSEMBLY}`, assembly: true },
  { name: 'its attendance withdrawn', sql: `update public.attendance set deleted_at = now() where activity_id = ${ASSEMBLY}`, assembly: false },
  { name: 'its attendance restored', sql: `update public.attendance set deleted_at = null where activity_id = ${ASSEMBLY}`, assembly: true },
  { name: 'the assembly is cancelled', sql: `update public.activities set status = 'cancelled' where id = ${ASSEMBLY}`, assembly: false },
  { name: 'held again, moved to May', sql: `update public.activities set status = 'held', starts_at = '2026-05-10 06:30+00' where id = ${ASSEMBLY}`, assembly: false },
  { name: 'back in March without the assembly kind', sql: `update public.activities set starts_at = '2026-03-10 06:30+00', kinds = array['theme_day', 'lesson'] where id = ${ASSEMBLY}`, assembly: false },
  { name: 'the assembly kind back', sql: `update public.activities set kinds = array['theme_day', 'assembly', 'lesson'] where id = ${ASSEMBLY}`, assembly: true },
  { name: 'the meeting is deleted', sql: `update public.activities set deleted_at = now() where id = ${ASSEMBLY}`, assembly: false },
  { name: 'restored', sql: `update public.activities set deleted_at = null where id = ${ASSEMBLY}`, assembly: true },
  { name: 'two members leave the branch before it', sql: `update public.people set left_branch_on = '2026-01-01' where branch_id = ${B1} and id in (select id from public.people where branch_id = ${B1} and deleted_at is null order by id limit 2)` },
  { name: 'a member confirmed after the meeting', sql: `update public.people set confirmed_on = '2026-06-01' where id = (select id from public.people where branch_id = ${B1} and party_status = 'full' and left_branch_on is null and deleted_at is null order by id limit 1)` },
  { name: 'its attendance hard-deleted', sql: `delete from public.attendance where activity_id = ${ASSEMBLY}`, assembly: false },
  { name: 'a new meeting with its attendance in one go', sql: `
      insert into public.activities (id, branch_id, kinds, title, starts_at, status)
      values (md5('new-meeting')::uuid, ${B1}, array['assembly'], '补开党员大会', '2026-02-20 06:30+00', 'held');
      insert into public.attendance (activity_id, person_id, status)
      select md5('new-meeting')::uuid, p.id, 'present' from public.people p where p.branch_id = ${B1} and p.deleted_at is null`, assembly: true },
]

function cases(name: string, open: () => Promise<{ db: Db; close: () => Promise<void> }>, skip?: string) {
  describe.skipIf(skip)(`kept activity verdicts: ${name}`, () => {
    let db: Db
    let close: () => Promise<void>
    beforeAll(async () => {
      ;({ db, close } = await open())
      await db.exec(seedSql)
      await db.exec(scaleSql({ branches: 3, peoplePerBranch: 6, activitiesPerBranch: 6, year: 2026, committees: 1 }))
    })
    afterAll(async () => close?.())

    test.each(steps)('$name', async ({ sql, assembly }) => {
      await db.exec(sql)
      const now = await kept(db)
      expect(now.length).toBeGreaterThan(0)
      expect(now).toEqual(await judgedAfresh(db))
      if (assembly !== undefined) expect(await assemblyMet(db)).toBe(assembly)
    })
  })
}

cases('PGlite', async () => {
  const db = await createDb()
  return { db: db as unknown as Db, close: () => db.close() }
})

let cluster: PgCluster | undefined
const pgSkip = postgresSkipReason()
cases('PostgreSQL 15', async () => {
  cluster = await startCluster()
  await createMigratedDatabase(cluster, 'verdicts')
  const client = await cluster.connect('verdicts')
  const db: Db = { query: (sql, params) => client.query(sql, params as unknown[]) as never, exec: (sql) => client.query(sql) }
  return { db, close: async () => { await client.end(); cluster?.stop() } }
}, pgSkip)
