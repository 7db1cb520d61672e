// The demo data (supabase/seed.sql) as a user of the demo would notice it: the four accounts sign in, the
// hospital has ~60 people in four branches, and the review screens show a mixed, honest year.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PGlite, Transaction } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, projectRoot } from './db'

const seedSql = readFileSync(join(projectRoot, 'supabase', 'seed.sql'), 'utf8')

const users = {
  secretary: '00000000-0000-4000-8000-000000000001',
  member: '00000000-0000-4000-8000-000000000002',
  reviewer: '00000000-0000-4000-8000-000000000003',
  finance: '00000000-0000-4000-8000-000000000004',
}
const branches = {
  neike1: '20000000-0000-4000-8000-000000000001',
  waike: '20000000-0000-4000-8000-000000000002',
  yiji: '20000000-0000-4000-8000-000000000003',
  xingzheng: '20000000-0000-4000-8000-000000000004',
}

interface CompletenessRow { branch_id: string; period: string; kind: string; required: number; held: number; met: boolean }

/** The first row, which the query is known to return. */
function first<T>(rows: T[]): T {
  const row = rows[0]
  if (row === undefined) throw new Error('expected a row')
  return row
}

let db: PGlite
let today: { year: number; month: number; period: string }

beforeAll(async () => {
  db = await createDb()
  await db.exec(seedSql)
  const { rows } = await db.query<{ year: number; month: number; period: string }>(
    `select extract(year from d)::int as year, extract(month from d)::int as month, to_char(d, 'YYYY-MM') as period
       from (select private.shanghai_today() as d) t`,
  )
  today = first(rows)
})

afterAll(async () => {
  await db?.close()
})

/** Runs fn as a signed-in user (RLS applies), the way PostgREST sets up a request. */
async function asUser<T>(userId: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(`select set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: userId, role: 'authenticated' }),
    ])
    await tx.exec('set local role authenticated')
    return fn(tx)
  })
}

describe('supabase/seed.sql', () => {
  it('creates the four demo accounts with password zhibu-demo and an email identity each', async () => {
    const { rows } = await db.query<{ email: string }>(
      `select u.email from auth.users u
        where u.id = any ($1::uuid[])
          and extensions.crypt('zhibu-demo', u.encrypted_password) = u.encrypted_password
          and u.email_confirmed_at is not null and u.aud = 'authenticated' and u.role = 'authenticated'
          and u.confirmation_token = '' and u.recovery_token = '' and u.email_change_token_new = ''
          and exists (select 1 from auth.identities i
                       where i.user_id = u.id and i.provider = 'email' and i.provider_id = u.id::text
                         and i.identity_data ->> 'email' = u.email)
        order by u.email`,
      [Object.values(users)],
    )
    expect(rows.map((r) => r.email)).toEqual([
      'finance@demo.zhibu', 'member@demo.zhibu', 'reviewer@demo.zhibu', 'secretary@demo.zhibu',
    ])
    const wrong = await db.query(
      `select 1 from auth.users where id = $1 and extensions.crypt('wrong', encrypted_password) = encrypted_password`,
      [users.secretary],
    )
    expect(wrong.rows).toHaveLength(0)
  })

  it('has about sixty people, thirty of them and two groups in the secretary’s branch', async () => {
    const total = await db.query<{ n: number }>(`select count(*)::int as n from public.people`)
    expect(first(total.rows).n).toBeGreaterThanOrEqual(55)
    expect(first(total.rows).n).toBeLessThanOrEqual(65)

    const seen = await asUser(users.secretary, async (tx) => {
      const branch = await tx.query<{ org_id: string }>(
        `select org_id from public.org_roles where role = 'secretary' and deleted_at is null`,
      )
      const branchId = first(branch.rows).org_id
      const groups = await tx.query<{ name: string }>(
        `select name from public.orgs where kind = 'group' and parent_id = $1 and deleted_at is null order by name`,
        [branchId],
      )
      const people = await tx.query<{ n: number }>(
        `select count(*)::int as n from public.people where branch_id = $1 and deleted_at is null`, [branchId],
      )
      return { branchId, groups: groups.rows.map((g) => g.name).sort(), people: first(people.rows).n }
    })
    expect(seen.branchId).toBe(branches.neike1)
    expect(seen.groups).toEqual(['呼吸科党小组', '心内科党小组'].sort())
    expect(seen.people).toBe(30)
  })

  it('makes the demo secretary and the demo member full members of 内科第一党支部, the member in a group', async () => {
    const { rows } = await db.query<{ user_id: string; party_status: string; in_group: boolean }>(
      `select user_id, party_status, group_id is not null as in_group from public.people
        where branch_id = $1 and user_id = any ($2::uuid[]) order by user_id`,
      [branches.neike1, [users.secretary, users.member]],
    )
    expect(rows).toEqual([
      { user_id: users.secretary, party_status: 'full', in_group: true },
      { user_id: users.member, party_status: 'full', in_group: true },
    ])
  })

  it('gives the demo reviewer the funding of all four branches, members counted, one branch short of its match', async () => {
    const rows = await asUser(users.reviewer, async (tx) =>
      (await tx.query<{ branch_id: string; member_count: number; rate_fen: number; shortfall_fen: string }>(
        `select branch_id, member_count, rate_fen, shortfall_fen::text from public.branch_funding($1)`, [today.year],
      )).rows,
    )
    expect(rows.map((r) => r.branch_id).sort()).toEqual(Object.values(branches).sort())
    for (const row of rows) {
      expect(row.member_count).toBeGreaterThan(0)
      expect(row.rate_fen).toBe(15000)
    }
    expect(rows.filter((r) => BigInt(r.shortfall_fen) > 0n).map((r) => r.branch_id)).toEqual([branches.yiji])

    const lastYear = await asUser(users.finance, async (tx) =>
      (await tx.query<{ rate_fen: number }>(`select rate_fen from public.branch_funding($1)`, [today.year - 1])).rows,
    )
    expect(lastYear.map((r) => r.rate_fen)).toEqual([12000, 12000, 12000, 12000])
  })

  it('leaves this month’s theme day of 内科第一党支部 due for the secretary, with earlier months met', async () => {
    const rows = await asUser(users.secretary, async (tx) => {
      const years = today.month === 1 ? [today.year - 1, today.year] : [today.year]
      const all: CompletenessRow[] = []
      for (const year of years) {
        all.push(...(await tx.query<CompletenessRow>(`select * from public.branch_completeness($1)`, [year])).rows)
      }
      return all
    })
    expect(new Set(rows.map((r) => r.branch_id))).toEqual(new Set([branches.neike1]))
    const themeDays = rows.filter((r) => r.kind === 'theme_day')
    const thisMonth = themeDays.find((r) => r.period === today.period)
    expect(thisMonth).toMatchObject({ required: 1, held: 0, met: false })
    expect(themeDays.some((r) => r.period < today.period && r.met)).toBe(true)

    // … and it is on the calendar, planned, for the secretary to record
    const planned = await db.query(
      `select 1 from public.activities
        where branch_id = $1 and status = 'planned' and 'theme_day' = any (kinds)
          and to_char(starts_at at time zone 'Asia/Shanghai', 'YYYY-MM') = $2`,
      [branches.neike1, today.period],
    )
    expect(planned.rows).toHaveLength(1)
  })

  it('shows an assembly of 医技党支部 that did not reach quorum, so its quarter is not met', async () => {
    const { rows } = await db.query<{ year: number; quarter: string; voting: number; present: number }>(
      `select extract(year from a.starts_at at time zone 'Asia/Shanghai')::int as year,
              to_char(a.starts_at at time zone 'Asia/Shanghai', 'YYYY-"Q"Q') as quarter,
              count(p.id)::int as voting,
              count(t.id)::int as present
         from public.activities a
         join public.people p
           on p.branch_id = a.branch_id and p.deleted_at is null and p.party_status = 'full'
          and not p.excluded_from_quorum
          and (p.confirmed_on is null or p.confirmed_on <= (a.starts_at at time zone 'Asia/Shanghai')::date)
          and (p.joined_branch_on is null or p.joined_branch_on <= (a.starts_at at time zone 'Asia/Shanghai')::date)
          and (p.left_branch_on is null or p.left_branch_on > (a.starts_at at time zone 'Asia/Shanghai')::date)
         left join public.attendance t on t.activity_id = a.id and t.person_id = p.id and t.status = 'present'
        where a.branch_id = $1 and a.status = 'held' and 'assembly' = any (a.kinds)
        group by a.id, a.starts_at`,
      [branches.yiji],
    )
    const short = rows.filter((r) => r.present * 2 <= r.voting)
    expect(short).toHaveLength(1)
    const { year, quarter } = first(short)

    const quarterRows = await asUser(users.reviewer, async (tx) =>
      (await tx.query<CompletenessRow>(
        `select * from public.branch_completeness($1) where branch_id = $2 and period = $3`,
        [year, branches.yiji, quarter],
      )).rows,
    )
    expect(quarterRows.find((r) => r.kind === 'assembly')).toMatchObject({ held: 0, met: false })
    // the same meeting still counts as the quarter's lesson (quorum concerns the assembly only)
    expect(quarterRows.find((r) => r.kind === 'lesson')).toMatchObject({ met: true })
  })

  it('records one activity ten days late (补录) and some make-up study, none of it in the future', async () => {
    const late = await db.query(
      `select 1 from public.activities where status = 'held' and recorded_at - starts_at > interval '7 days'`,
    )
    expect(late.rows).toHaveLength(1)
    const makeup = await db.query<{ n: number; future: number }>(
      `select count(makeup_on)::int as n, count(*) filter (where makeup_on > private.shanghai_today())::int as future
         from public.attendance`,
    )
    expect(first(makeup.rows).n).toBeGreaterThan(0)
    expect(first(makeup.rows).future).toBe(0)
  })

  it('shows the mentee’s path, a reasoned quorum exclusion and an outside lecturer in 内科第一党支部', async () => {
    const path = await db.query<{ name: string; party_status: string; applied: boolean; activist: boolean }>(
      `select p.name, p.party_status, p.applied_on is not null as applied, p.activist_on is not null as activist
         from public.pairings pr join public.people p on p.id = pr.mentee_id
        where pr.branch_id = $1 and pr.track = 'backbone_to_member'`, [branches.neike1])
    expect(path.rows).toEqual([{ name: '于海燕', party_status: 'applicant', applied: true, activist: false }])
    const activists = await db.query<{ n: number }>(
      `select count(*)::int as n from public.people
        where branch_id = $1 and is_backbone and party_status = 'activist' and applied_on < activist_on`, [branches.neike1])
    expect(first(activists.rows).n).toBeGreaterThan(0)

    const excluded = await db.query<{ reason: string }>(
      `select quorum_exclusion_reason as reason from public.people where branch_id = $1 and excluded_from_quorum`, [branches.neike1])
    expect(excluded.rows).toHaveLength(1)
    expect(first(excluded.rows).reason).toMatch(/病休/)

    const lessons = await db.query<{ lecturer_id: string | null; minutes: string }>(
      `select lecturer_id, minutes from public.activities
        where branch_id = $1 and status = 'held' and 'lesson' = any (kinds) and lecturer_name is not null`, [branches.neike1])
    expect(lessons.rows).toHaveLength(1)
    expect(first(lessons.rows)).toMatchObject({ lecturer_id: null, minutes: expect.stringContaining('李明华') })
  })

  it('refuses to be applied twice, changing nothing', async () => {
    const count = async () => first((await db.query<{ n: number }>(`select count(*)::int as n from public.activities`)).rows).n
    const before = await count()
    await expect(db.exec(seedSql)).rejects.toThrow(/already present/)
    expect(await count()).toBe(before)
  })
})
