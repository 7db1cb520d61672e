// What a device mirrors is narrower than what its user may read (decisions §38): the rows of per-branch tables go to
// the devices of the branch's secretaries and people, not to every reviewer and finance officer above it.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { onBothEngines, type OpenEngine, useEngine } from '../engines'
import { type Queryable, asUser, ids, pullAll, seedWorld } from './setup'

const reviewer = '00000000-0000-4000-8000-00000000a0e1'
const finance = '00000000-0000-4000-8000-00000000a0f1'
const activity = randomUUID()
const match = randomUUID()
const expense = randomUUID()

async function seed(db: Queryable): Promise<void> {
  await seedWorld(db)
  await db.query(`insert into auth.users (id, email) values ($1, 'r@test'), ($2, 'f@test')`, [reviewer, finance])
  await db.query(`insert into public.org_roles (user_id, org_id, role) values ($1, $3, 'reviewer'), ($2, $3, 'finance')`,
    [reviewer, finance, ids.committee])
  await db.query(`insert into public.activities (id, branch_id, kinds, starts_at, status) values ($1, $2, array['committee'], '2026-11-05T12:00:00+08:00', 'held')`,
    [activity, ids.b1])
  await db.query(`insert into public.attendance (activity_id, person_id, status) values ($1, $2, 'present'), ($1, $3, 'present')`,
    [activity, ids.p1, ids.p2])
  await db.query(`insert into public.funding_matches (id, branch_id, year, amount_fen) values ($1, $2, 2026, 45000)`, [match, ids.b2])
  await db.query(`insert into public.expenses (id, branch_id, spent_on, amount_fen) values ($1, $2, '2026-11-05', 12000)`, [expense, ids.b1])
}

const tablesOf = (rows: { table: string }[]) => [...new Set(rows.map((r) => r.table))].sort()

function suite(name: string, skip: string | undefined, open: OpenEngine) {
  describe.skipIf(skip)(`sync_pull on ${name}: what a device mirrors`, () => {
    const db = useEngine(open, seed)
    const readable = (user: string, table: string) => asUser(db, user, async () =>
      Number(((await db.query(`select count(*) as n from public.${table}`)).rows[0] as { n: number }).n))

    test('a reviewer may read the branches\' people and attendance, but the phone pulls only the tree, roles and money rows', async () => {
      expect(await readable(reviewer, 'people')).toBe(4)
      expect(await readable(reviewer, 'attendance')).toBe(2)
      const { rows } = await pullAll(db, reviewer, null, 5000)
      expect(tablesOf(rows)).toEqual(['funding_matches', 'org_roles', 'orgs'])
      expect(rows.filter((r) => r.table === 'orgs').map((r) => r.row.id).sort()).toEqual([ids.committee, ids.b1, ids.b2].sort())
    })

    test('finance pulls the matching contributions it records, not the branches\' expenses', async () => {
      expect(await readable(finance, 'expenses')).toBe(1)
      const { rows } = await pullAll(db, finance, null, 5000)
      expect(tablesOf(rows)).toEqual(['funding_matches', 'org_roles', 'orgs'])
      expect(rows.find((r) => r.table === 'funding_matches')?.row.id).toBe(match)
    })

    test('a secretary still pulls every per-branch row of their branch', async () => {
      const { rows } = await pullAll(db, ids.secretary, null, 5000)
      expect(rows.filter((r) => r.table === 'people').map((r) => r.row.id).sort()).toEqual([ids.p1, ids.p2, ids.p3].sort())
      expect(rows.filter((r) => r.table === 'attendance')).toHaveLength(2)
      expect(rows.find((r) => r.table === 'expenses')?.row.id).toBe(expense)
      expect(rows.find((r) => r.table === 'activities')?.row.id).toBe(activity)
    })

    test('a reviewer who joins a branch\'s roster gets that branch\'s rows on the phone, after a full pull, and no other branch\'s', async () => {
      const before = (await pullAll(db, reviewer, null, 5000)).scope
      const me = randomUUID()
      await db.query(`insert into public.people (id, branch_id, name, party_status, user_id, admitted_on) values ($1, $2, '审阅人', 'full', $3, '2015-07-01')`,
        [me, ids.b1, reviewer])
      const { rows, scope } = await pullAll(db, reviewer, null, 5000)
      expect(scope).not.toBe(before)
      // funding_matches are not per-branch: the reviewer pulls every branch's (B2's above)
      const branches = new Set(rows.filter((r) => 'branch_id' in r.row && r.table !== 'funding_matches').map((r) => r.row.branch_id))
      expect([...branches]).toEqual([ids.b1])
      expect(rows.filter((r) => r.table === 'people').map((r) => r.row.id).sort()).toEqual([ids.p1, ids.p2, ids.p3, me].sort())
      expect(rows.find((r) => r.table === 'activities')?.row.id).toBe(activity)
      await db.query(`update public.people set deleted_at = now() where id = $1`, [me])
    })

    test('before a delete, 组织管理 asks the server how many people an org holds, under the asker\'s RLS', async () => {
      const count = (user: string, org: string) => asUser(db, user, async () =>
        Number(((await db.query('select public.org_people_count($1) as n', [org])).rows[0] as { n: number }).n))
      expect(await count(reviewer, ids.b1)).toBe(3)
      expect(await count(reviewer, ids.b2)).toBe(1)
      expect(await count(ids.secretary2, ids.b1)).toBe(0)
    })
  })
}

onBothEngines('zhibu_pull_scope', suite)
