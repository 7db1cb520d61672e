// Pulling from the real server: a full first pull equals what RLS shows each user, later pulls bring only
// what changed, a pending local edit is never overwritten, and duplicate attendance merges into one row.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { SYNCED_TABLES } from '../../src/db/rows'
import { makeCode } from '../../src/domain/checkin-codes'
import { pullChanges } from '../../src/sync/pull'
import { BRANCH1, DEMO, type Device, asUser, counting, device, person, sql, useServer, userId } from './setup'

const live = useServer('secretary', 'reviewer', 'member')

/** Row ids per table on the device. */
async function localIds(phone: Device): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const t of SYNCED_TABLES) out[t] = ((await phone.db.table(t).toCollection().primaryKeys()) as string[]).sort()
  return out
}

/** The tables whose rows belong to one branch: a device holds them only for its own branches (decisions §38). */
const PER_BRANCH = new Set(['people', 'roster', 'activities', 'attendance', 'pairings', 'pairing_logs', 'expenses', 'member_keys', 'event_keys'])

/**
 * Ground truth: the ids RLS lets the user read, per table, the per-branch ones only of the branches the user is
 * secretary of or on the roster of (people rows replace roster names where both exist).
 */
async function serverIds(email: string): Promise<Record<string, string[]>> {
  const uid = await userId(live.pg, email)
  const own = `select org_id as b from public.org_roles where user_id = '${uid}' and role = 'secretary' and deleted_at is null
               union select branch_id from public.people where user_id = '${uid}' and deleted_at is null`
  const mine = (await sql<{ b: string }>(live.pg, own)).map((r) => `'${r.b}'`).join(', ') || 'null'
  const out: Record<string, string[]> = {}
  for (const t of SYNCED_TABLES) {
    const where = PER_BRANCH.has(t) ? `where branch_id in (${mine})` : ''
    const rows = await asUser<{ id: string }>(live.pg, uid, `select id from public.${t} ${where} order by id`)
    out[t] = rows.map((r) => r.id)
  }
  const people = new Set(out.people)
  out.roster = (out.roster ?? []).filter((id) => !people.has(id))
  return out
}

const MEMBER = person(2) // 陈晓雯, the demo member account's person

const sortedIds = (ids: Record<string, string[]>) => Object.fromEntries(Object.entries(ids).map(([t, v]) => [t, [...v].sort()]))

describe('full pull', () => {
  test.each([
    ['secretary', DEMO.secretary, () => live.as.secretary],
    ['reviewer', DEMO.reviewer, () => live.as.reviewer],
  ])('as the %s, the device holds exactly the rows RLS shows, per-branch rows only of its own branches', async (_role, email, transport) => {
    const phone = device(transport())
    const report = await phone.engine.syncNow()
    expect(report.ok).toBe(true)
    const expected = sortedIds(await serverIds(email))
    expect(sortedIds(await localIds(phone))).toEqual(expected)
    expect(report.pulled).toBeGreaterThanOrEqual(Object.values(expected).flat().length)
    expect(phone.engine.state).toMatchObject({ status: 'synced', lastSyncAt: expect.any(String) })
  })
})

describe('incremental pull', () => {
  test('after another device\'s edit only the changed rows come, and a pending local field survives', async () => {
    const { transport, calls } = counting(live.as.secretary)
    const mine = device(transport)
    const other = device(live.as.secretary)
    await Promise.all([mine.engine.syncNow(), other.engine.syncNow()])
    const [target] = await mine.repos.activities.byBranchAndMonth(BRANCH1, (await firstMonth(mine)))
    expect(target).toMatchObject({ branch_id: BRANCH1 })

    await mine.repos.activities.update(target!.id, { place: '我的地点' }) // not pushed yet
    await other.repos.activities.update(target!.id, { place: '别人的地点', minutes: '别人补充的记录' })
    expect(await other.engine.syncNow()).toMatchObject({ ok: true, rejected: 0 })

    const pulls = calls.pull
    const stats = await pullChanges(mine.db, transport, 1000) // the engine's pull step alone, outbox untouched
    expect(stats).toMatchObject({ full: false, calls: 1 })
    expect(stats.rows).toBeLessThanOrEqual(2)
    expect(calls.pull).toBe(pulls + 1)
    expect(await mine.repos.activities.get(target!.id)).toMatchObject({ place: '我的地点', minutes: '别人补充的记录' })

    // pushing it makes ours the later write of that field; both devices end equal to the server
    expect(await mine.engine.syncNow()).toMatchObject({ ok: true, rejected: 0 })
    expect(await other.engine.syncNow()).toMatchObject({ ok: true, rejected: 0 })
    const a = await mine.repos.activities.get(target!.id)
    const b = await other.repos.activities.get(target!.id)
    expect(a).toMatchObject({ place: '我的地点', minutes: '别人补充的记录' })
    expect(b).toEqual(a)
  })
})

async function firstMonth(phone: Device): Promise<string> {
  const first = await phone.db.activities.where('[branch_id+starts_at]').between([BRANCH1, ''], [BRANCH1, '\uffff']).first()
  const shanghai = new Date(Date.parse(first!.starts_at) + 8 * 3_600_000).toISOString()
  return shanghai.slice(0, 7)
}

describe('attendance merge', () => {
  test('two phones marking one person: the later one is merged into the server\'s row and renamed locally', async () => {
    const a = device(live.as.secretary)
    const c = device(live.as.secretary)
    const activity = { id: randomUUID(), branch_id: BRANCH1, kinds: ['group' as const], group_id: '30000000-0000-4000-8000-000000000011', starts_at: '2026-11-12T12:30:00+08:00', status: 'held' as const }
    await a.repos.activities.put(activity)
    expect(await a.engine.syncNow()).toMatchObject({ ok: true, rejected: 0 })
    expect(await c.engine.syncNow()).toMatchObject({ ok: true, rejected: 0 }) // c knows the activity, not yet anyone's attendance

    await a.repos.recordActivityWithAttendance({ id: activity.id }, [{ person_id: person(5), status: 'present' }])
    expect(await a.engine.syncNow()).toMatchObject({ ok: true, rejected: 0 })
    const serverRow = await a.repos.attendance.forPair(activity.id, person(5))

    const { attendance: [local] } = await c.repos.recordActivityWithAttendance({ id: activity.id }, [{ person_id: person(5), status: 'leave', leave_reason: '出差' }])
    expect(local?.id).not.toBe(serverRow?.id)
    expect(await c.engine.syncNow()).toMatchObject({ ok: true, rejected: 0 })
    expect(await c.repos.attendance.byActivity(activity.id)).toEqual([
      expect.objectContaining({ id: serverRow?.id, person_id: person(5), status: 'leave', leave_reason: '出差' }),
    ])
    expect(await c.repos.attendance.get(local!.id)).toBeUndefined()
    expect(await c.db.outbox.count()).toBe(0)
  })

  test('a member\'s check-in is not undone by the roster of a secretary who had not seen it', async () => {
    const secretary = device(live.as.secretary)
    const member = device(live.as.member)
    const activity = { id: randomUUID(), branch_id: BRANCH1, kinds: ['lesson' as const], starts_at: '2026-11-27T14:00:00+08:00', status: 'held' as const }
    await secretary.repos.activities.put(activity)
    const { key } = await secretary.repos.eventKeys.ensureForActivity(activity.id, BRANCH1)
    expect(await secretary.engine.syncNow()).toMatchObject({ ok: true, rejected: 0 })

    expect(await member.engine.syncNow()).toMatchObject({ ok: true, rejected: 0 })
    const scannedAt = '2026-11-27T14:02:00+08:00'
    const checkIn = {
      id: randomUUID(), activity_id: activity.id, person_id: MEMBER, status: 'present' as const, method: 'event_code' as const,
      checked_in_at: scannedAt, checkin_code: await makeCode('e', activity.id, key, Date.parse(scannedAt)),
    }
    await member.repos.attendance.put(checkIn)
    expect(await member.engine.syncNow()).toMatchObject({ ok: true, applied: 1, rejected: 0 })

    // the secretary, offline since before the check-in, marks the member on leave from the roster
    const { attendance: [mine] } = await secretary.repos.recordActivityWithAttendance({ id: activity.id }, [{ person_id: MEMBER, status: 'leave', leave_reason: '值班', makeup_note: '会后补学' }])
    expect(await secretary.engine.syncNow()).toMatchObject({ ok: true, applied: 1, rejected: 0 })
    expect(await secretary.repos.attendance.get(mine!.id)).toBeUndefined() // merged into the member's row
    expect(await secretary.repos.attendance.byActivity(activity.id)).toEqual([expect.objectContaining({
      id: checkIn.id, status: 'present', method: 'event_code', leave_reason: null, makeup_note: '会后补学', // check-in kept, the rest applied
    })])
    expect(await secretary.db.outbox.count()).toBe(0)
  })
})
