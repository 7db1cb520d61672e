// Recording a held 主题党日 offline, surviving a reload, and reaching the real server exactly once —
// even when an answer is lost — in few round trips (SPEC §7).
import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { beforeAll, describe, expect, test } from 'vitest'
import { RetryableError } from '../../src/sync/core/errors'
import { type SyncTransport, createSupabaseTransport } from '../../src/sync/transport'
import { BRANCH1, DEMO, counting, device, losingAnswers, offlineTransport, person, signedIn, sql, useServer } from './setup'

const live = useServer()
let secretary: SupabaseClient
let online: SyncTransport

beforeAll(async () => {
  secretary = await signedIn(live.backend, DEMO.secretary)
  online = createSupabaseTransport(secretary)
})

const themeDay = (id = randomUUID()) => ({
  id, branch_id: BRANCH1, kinds: ['theme_day' as const, 'assembly' as const], title: '十一月主题党日：学习二十届四中全会精神',
  starts_at: '2026-11-20T14:30:00+08:00', ends_at: '2026-11-20T16:30:00+08:00', place: '门诊楼三楼会议室', status: 'held' as const,
})
const marks = [
  { person_id: person(1), status: 'present' as const },
  { person_id: person(3), status: 'present' as const },
  { person_id: person(4), status: 'leave' as const, leave_reason: '值班' },
  { person_id: person(5), status: 'absent' as const },
]

describe('offline record, reload, sync', () => {
  test('the record waits in the outbox offline, survives a reload, then reaches the server once', async () => {
    const phone = device(await offlineTransport())
    const { activity } = await phone.repos.recordActivityWithAttendance(themeDay(), marks)
    expect(await phone.db.outbox.count()).toBe(5)
    const offline = await phone.engine.syncNow()
    expect(offline.ok).toBe(false)
    expect(offline.error).toBeInstanceOf(RetryableError)
    expect(phone.engine.state).toMatchObject({ status: 'offline', pending: 5, rejected: 0 })

    phone.db.close() // the page reloads
    const reloaded = device(online, phone.factory)
    expect((await reloaded.repos.attendance.byActivity(activity.id)).length).toBe(4)
    expect((await reloaded.db.outbox.toArray()).map((e) => e.table)).toEqual(['activities', 'attendance', 'attendance', 'attendance', 'attendance'])

    const report = await reloaded.engine.syncNow()
    expect(report).toMatchObject({ ok: true, pushCalls: 1, applied: 5, rejected: 0 })
    expect(reloaded.engine.state).toMatchObject({ status: 'synced', pending: 0, rejected: 0 })
    expect(await reloaded.db.outbox.count()).toBe(0)

    // what the server holds, read over REST as the secretary
    const { data: rows } = await secretary.from('attendance').select('person_id, status, leave_reason').eq('activity_id', activity.id)
    expect(rows?.length).toBe(4)
    expect(rows).toContainEqual({ person_id: person(4), status: 'leave', leave_reason: '值班' })
    const local = await reloaded.repos.activities.get(activity.id)
    expect(local?._seq).toEqual(expect.any(Number))
    expect(local?.received_at).toEqual(expect.any(String)) // the server's own fields came back with the pull
  })

  test('the held theme day counts in branch_completeness once synced', async () => {
    const phone = device(online)
    const id = randomUUID()
    await phone.repos.recordActivityWithAttendance({ ...themeDay(id), starts_at: '2031-03-10T14:30:00+08:00', ends_at: null }, marks)
    expect(await phone.engine.syncNow()).toMatchObject({ ok: true, rejected: 0 })
    const { data, error } = await secretary.rpc('branch_completeness', { p_year: 2031, p_as_of: '2031-03-31' })
    expect(error).toBeNull()
    const march = (data as { branch_id: string; period: string; kind: string; held: number }[])
      .find((r) => r.branch_id === BRANCH1 && r.period === '2031-03' && r.kind === 'theme_day')
    expect(march?.held).toBe(1)
  })
})

describe('idempotent pushes', () => {
  test('an answer lost after the server committed: the retry applies nothing twice', async () => {
    const { transport: lossy, lost } = losingAnswers(online)
    const phone = device(lossy)
    const { activity } = await phone.repos.recordActivityWithAttendance(themeDay(), marks)
    expect((await phone.engine.syncNow()).ok).toBe(false)
    expect(lost).toHaveLength(1)
    expect((await phone.db.outbox.toArray()).every((e) => e.state === 'sending')).toBe(true)

    // meanwhile another phone corrects the title: the retried old batch must not revert it
    const other = device(online)
    await other.engine.syncNow()
    await other.repos.activities.update(activity.id, { title: '更正后的标题' })
    expect(await other.engine.syncNow()).toMatchObject({ ok: true, rejected: 0 })
    const before = await sql<{ sync_seq: string }>(live.pg, 'select sync_seq from public.activities where id = $1', [activity.id])

    const { transport, calls } = counting(online)
    const retried = device(transport, phone.factory)
    phone.db.close()
    const report = await retried.engine.syncNow()
    expect(report).toMatchObject({ ok: true, applied: 5 })
    expect(calls.push).toBe(1)
    const after = await sql<{ sync_seq: string; title: string }>(live.pg, 'select sync_seq, title from public.activities where id = $1', [activity.id])
    expect(after[0]?.sync_seq).toBe(before[0]?.sync_seq) // the retry wrote nothing
    expect(after[0]?.title).toBe('更正后的标题')
    expect((await sql(live.pg, 'select 1 from public.attendance where activity_id = $1', [activity.id])).length).toBe(4)
    // the device ends with the server's version, the other phone's title included
    expect((await retried.repos.activities.get(activity.id))?.title).toBe('更正后的标题')
    expect(await retried.db.outbox.count()).toBe(0)
  })

  test('1,000 queued mutations are pushed in at most 3 round trips', async () => {
    const { transport, calls } = counting(online)
    const phone = device(transport)
    const day = Date.parse('2032-01-01T02:00:00Z')
    for (let i = 0; i < 1000; i += 1) {
      await phone.repos.activities.put({ ...themeDay(), kinds: ['lesson'], title: `党课 ${i}`, starts_at: new Date(day + i * 3_600_000).toISOString(), ends_at: null })
    }
    expect(phone.engine.state.pending).toBe(0) // the state refreshes on sync; the outbox is what counts
    expect(await phone.db.outbox.count()).toBe(1000)
    const report = await phone.engine.syncNow()
    expect(report).toMatchObject({ ok: true, applied: 1000 })
    expect(calls.push).toBeLessThanOrEqual(3)
    expect(await phone.db.outbox.count()).toBe(0)
    const server = await sql<{ n: number }>(live.pg, `select count(*)::int as n from public.activities where title like '党课 %' and starts_at >= '2032-01-01'`)
    expect(server[0]?.n).toBe(1000)
  })
})
