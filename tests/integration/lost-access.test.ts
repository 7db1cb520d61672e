// Rows that leave a user's view are withdrawn from the phone at its next sync, and writes pending on them wait in
// 需处理 with the server's reason, never silently lost (issue 15 item 3): a member transferred out (today, or on a
// day set ahead that has now come), a branch moved out of a reviewer's committee by the office above, a group
// deleted on another phone while this one was placing someone in it. Revoked roles: rejected.test.ts.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { BRANCH1, type Device, device, person, sql, useServer } from './setup'

const MEMBER = person(2) // 陈晓雯, the demo member account's person in 内科第一党支部
const HOSPITAL = '10000000-0000-4000-8000-000000000002' // 市第一人民医院党委, the demo reviewer's committee
const DISTRICT = '10000000-0000-4000-8000-000000000001'
const BRANCH4 = '20000000-0000-4000-8000-000000000004' // 行政后勤党支部

const live = useServer('member', 'secretary', 'reviewer')

async function synced(phone: Device): Promise<void> {
  expect(await phone.engine.syncNow()).toMatchObject({ ok: true })
}
const branchRows = async (phone: Device, branchId: string) => ({
  activities: await phone.db.activities.where('branch_id').equals(branchId).count(),
  roster: await phone.db.roster.where('branch_id').equals(branchId).count(),
  people: await phone.db.people.where('branch_id').equals(branchId).count(),
})
const shanghaiToday = async () => (await sql<{ d: string }>(live.pg, `select private.shanghai_today()::text as d`))[0]!.d

/** Runs `body` with the server's calendar `days` ahead (private.shanghai_today is what every rule asks). */
async function daysLater(days: number, body: () => Promise<void>): Promise<void> {
  const [original] = await sql<{ def: string }>(live.pg, `select pg_get_functiondef('private.shanghai_today()'::regprocedure) as def`)
  await sql(live.pg, `create or replace function private.shanghai_today() returns date language sql stable set search_path = ''
    as $$ select (pg_catalog.now() at time zone 'Asia/Shanghai')::date + ${Number(days)} $$`)
  try {
    await body()
  } finally {
    await sql(live.pg, original!.def)
  }
}

describe('a member transferred out', () => {
  const GONE = { activities: 0, roster: 0, people: 1 } // her own person row stays: she still sees herself
  test('today: the branch\'s activities and roster leave the phone at the next sync, and come back with a return', async () => {
    const phone = device(live.as.member)
    await synced(phone)
    const before = await branchRows(phone, BRANCH1)
    expect(before.activities).toBeGreaterThan(0)
    expect(before.roster).toBeGreaterThan(0)

    await sql(live.pg, `update public.people set left_branch_on = private.shanghai_today() where id = $1`, [MEMBER])
    try {
      await synced(phone)
      expect(await branchRows(phone, BRANCH1)).toEqual(GONE)
    } finally {
      await sql(live.pg, 'update public.people set left_branch_on = null where id = $1', [MEMBER])
    }
    await synced(phone)
    expect(await branchRows(phone, BRANCH1)).toEqual(before)
  })

  test('on a day set ahead: nothing changes until that day, then the rows leave without any other change', async () => {
    const phone = device(live.as.member)
    await synced(phone)
    const before = await branchRows(phone, BRANCH1)
    const [tomorrow] = await sql<{ d: string }>(live.pg, `select (private.shanghai_today() + 1)::text as d`)
    await sql(live.pg, 'update public.people set left_branch_on = $2 where id = $1', [MEMBER, tomorrow!.d])
    try {
      await synced(phone)
      expect(await branchRows(phone, BRANCH1)).toEqual(before)
      await daysLater(1, async () => {
        expect(await shanghaiToday()).toBe(tomorrow!.d)
        await synced(phone)
        expect(await branchRows(phone, BRANCH1)).toEqual(GONE)
      })
    } finally {
      await sql(live.pg, 'update public.people set left_branch_on = null where id = $1', [MEMBER])
    }
  })
})

describe('a branch moved out of the reviewer\'s committee by the office above', () => {
  test('its rows leave the reviewer\'s phone; the rename pending on it waits in 需处理 with the reason', async () => {
    const phone = device(live.as.reviewer)
    await synced(phone)
    const groupsOf = (id: string) => phone.db.orgs.where('parent_id').equals(id).count()
    expect(await groupsOf(BRANCH4)).toBeGreaterThan(0)
    await phone.repos.orgs.update(BRANCH4, { name: '行政后勤第一党支部' })

    const other = randomUUID()
    await sql(live.pg, `insert into public.orgs (id, parent_id, kind, name) values ($1, $2, 'committee', '市第二人民医院党委')`, [other, DISTRICT])
    await sql(live.pg, 'update public.orgs set parent_id = $2 where id = $1', [BRANCH4, other])
    try {
      const report = await phone.engine.syncNow()
      expect(report).toMatchObject({ ok: true, rejected: 1 })
      const [refused] = await phone.engine.rejected()
      expect(refused).toMatchObject({ table: 'orgs', row_id: BRANCH4, fields: { name: '行政后勤第一党支部' } })
      expect(refused!.reason).toBeTruthy()
      expect(await groupsOf(BRANCH4)).toBe(0)
      expect(await sql(live.pg, 'select name from public.orgs where id = $1', [BRANCH4])).toEqual([{ name: '行政后勤党支部' }])
    } finally {
      await sql(live.pg, 'update public.orgs set parent_id = $2 where id = $1', [BRANCH4, HOSPITAL])
    }
  })
})

describe('a group deleted on another phone', () => {
  test('placing someone in it is refused with the reason and kept; the deletion reaches this phone', async () => {
    const a = device(live.as.secretary)
    const b = device(live.as.secretary)
    const group = randomUUID()
    await a.repos.orgs.put({ id: group, parent_id: BRANCH1, kind: 'group', name: '临时党小组', has_committee: false })
    await synced(a)
    await synced(b)

    await a.repos.people.setGroup([person(5)], group) // not pushed yet
    await b.repos.orgs.softDelete(group)
    await synced(b)

    const report = await a.engine.syncNow()
    expect(report).toMatchObject({ ok: true, rejected: 1 })
    expect((await a.engine.rejected())[0]).toMatchObject({ table: 'people', row_id: person(5), code: '23514',
      reason: expect.stringMatching(/deleted/) })
    expect((await a.db.orgs.get(group))?.deleted_at).toBeTruthy()
    expect(await sql(live.pg, 'select group_id from public.people where id = $1', [person(5)])).not.toEqual([{ group_id: group }])
  })
})
