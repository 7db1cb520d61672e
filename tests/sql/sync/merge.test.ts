// Attendance merge rules of sync_push: one row per (activity, person); a check-in survives stale roster edits.
import { randomUUID } from 'node:crypto'
import type { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDb } from '../db'
import { ids, mutation, push, rowOf, seedWorld } from './setup'

let db: PGlite
beforeAll(async () => {
  db = await createDb()
  await seedWorld(db)
})
afterAll(async () => { await db?.close() })

async function newActivity(): Promise<string> {
  const id = randomUUID()
  await push(db, ids.secretary, [mutation('activities', { id, branch_id: ids.b1, kinds: ['theme_day'], starts_at: '2026-11-20T14:30:00+08:00' })])
  return id
}

describe('attendance merge', () => {
  test('two devices recording the same person make one row; the second learns the id it merged into', async () => {
    const activity = await newActivity()
    const [a] = await push(db, ids.secretary, [mutation('attendance', { id: randomUUID(), activity_id: activity, person_id: ids.p1, status: 'present' })])
    const [b] = await push(db, ids.secretary, [mutation('attendance', { id: randomUUID(), activity_id: activity, person_id: ids.p1, status: 'leave', leave_reason: '出差' })])
    expect(b).toMatchObject({ status: 'applied', merged_into: a?.row_id })
    const { rows } = await db.query('select status, leave_reason from public.attendance where activity_id = $1', [activity])
    expect(rows).toEqual([{ status: 'leave', leave_reason: '出差' }])
  })

  test('a check-in is not undone by a roster edit from a device that had not seen it', async () => {
    const activity = await newActivity()
    const rosterId = randomUUID()
    const [roster] = await push(db, ids.secretary, [mutation('attendance', { id: rosterId, activity_id: activity, person_id: ids.p2, status: 'absent' })])
    // the member's code is scanned on the deputy's phone: present by member code
    const [checkin] = await push(db, ids.secretary, [mutation('attendance', { id: rosterId, status: 'present', method: 'member_code', checked_in_at: '2026-11-20T14:35:00+08:00' }, roster?.seq)])
    // the secretary's phone, still on the old version, re-marks the roster and adds a note
    const [stale] = await push(db, ids.secretary, [mutation('attendance', { id: rosterId, status: 'absent', method: 'roster', makeup_note: '已通知' }, roster?.seq)])
    expect(stale).toMatchObject({ status: 'applied', kept: ['status', 'method', 'checked_in_at', 'leave_reason', 'checkin_code'] })
    expect(await rowOf(db, 'attendance', rosterId)).toMatchObject({ status: 'present', method: 'member_code', makeup_note: '已通知' })
    // having seen the check-in, the secretary may still change it (e.g. the member left at once)
    const seen = (await rowOf(db, 'attendance', rosterId))?.sync_seq as number
    expect(seen).toBeGreaterThan(checkin?.seq ?? 0)
    const [explicit] = await push(db, ids.secretary, [mutation('attendance', { id: rosterId, status: 'absent', method: 'roster' }, seen)])
    expect(explicit?.kept).toBeUndefined()
    expect(await rowOf(db, 'attendance', rosterId)).toMatchObject({ status: 'absent', method: 'roster' })
  })
})
