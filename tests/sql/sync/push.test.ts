// sync_push on PGlite: idempotent batches, field-level merge, per-mutation rejection, malformed payloads.
import { randomUUID } from 'node:crypto'
import type { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { createDb } from '../db'
import { ids, mutation, push, rowOf, seedWorld } from './setup'

let db: PGlite
beforeAll(async () => {
  db = await createDb()
  await seedWorld(db)
})
afterAll(async () => { await db?.close() })

const themeDay = (id: string = randomUUID()) =>
  mutation('activities', { id, branch_id: ids.b1, kinds: ['theme_day', 'assembly'], title: '十一月主题党日', starts_at: '2026-11-20T14:30:00+08:00', status: 'held' })

const count = async (table: string) =>
  Number(((await db.query(`select count(*)::int as n from public.${table}`)).rows[0] as { n: number }).n)

describe('sync_push', () => {
  let activityId: string
  beforeEach(async () => {
    activityId = randomUUID()
    await push(db, ids.secretary, [themeDay(activityId)])
  })

  test('a batch pushed twice is applied once, with the same answers', async () => {
    const batch = [
      mutation('attendance', { id: randomUUID(), activity_id: activityId, person_id: ids.p1, status: 'present' }),
      mutation('activities', { id: activityId, minutes: '学习了党章' }),
    ]
    const first = await push(db, ids.secretary, batch)
    const rowsAfterFirst = await count('attendance')
    const activityAfterFirst = await rowOf(db, 'activities', activityId)
    await push(db, ids.secretary, [mutation('activities', { id: activityId, minutes: '更正后的记录' })])
    const second = await push(db, ids.secretary, batch) // the retry after a lost response
    expect(first.map((r) => r.status)).toEqual(['applied', 'applied'])
    expect(second).toEqual(first)
    expect(await count('attendance')).toBe(rowsAfterFirst)
    // the retried old edit did not overwrite the newer one
    expect((await rowOf(db, 'activities', activityId))?.minutes).toBe('更正后的记录')
    expect(activityAfterFirst?.minutes).toBe('学习了党章')
  })

  test('two devices editing different fields of one row both keep their edit', async () => {
    const seq = (await rowOf(db, 'activities', activityId))?.sync_seq as number
    await push(db, ids.secretary, [mutation('activities', { id: activityId, place: '门诊楼三楼会议室' }, seq)])
    await push(db, ids.secretary, [mutation('activities', { id: activityId, decisions: '推荐王芳为优秀党员' }, seq)])
    const row = await rowOf(db, 'activities', activityId)
    expect(row).toMatchObject({ place: '门诊楼三楼会议室', decisions: '推荐王芳为优秀党员', title: '十一月主题党日' })
  })

  test('one bad mutation is reported with its reason and the others are applied', async () => {
    const good1 = mutation('attendance', { id: randomUUID(), activity_id: activityId, person_id: ids.p1, status: 'present' })
    const rls = themeDay() // into B2, where this secretary has no role
    rls.row.branch_id = ids.b2
    const constraint = mutation('activities', { id: randomUUID(), branch_id: ids.b1, kinds: [], starts_at: '2026-11-21T09:00:00+08:00' })
    const good2 = mutation('attendance', { id: randomUUID(), activity_id: activityId, person_id: ids.p2, status: 'leave', leave_reason: '值班' })
    const results = await push(db, ids.secretary, [good1, rls, constraint, good2])
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected', 'applied'])
    expect(results[1]).toMatchObject({ id: rls.id, row_id: rls.row.id, code: '42501' })
    expect(results[1]?.reason).toMatch(/row-level security/)
    expect(results[2]).toMatchObject({ code: '23514' })
    expect(results[2]?.reason).toMatch(/activities_kinds_valid/)
    expect(await rowOf(db, 'activities', rls.row.id as string)).toBeUndefined()
    expect(await rowOf(db, 'attendance', good2.row.id as string)).toMatchObject({ status: 'leave', leave_reason: '值班' })
  })

  test('a rejected mutation leaves no trace and can be pushed again once fixed', async () => {
    const bad = mutation('activities', { id: randomUUID(), branch_id: ids.b1, kinds: ['theme_day'], starts_at: '2026-11-21T10:00:00+08:00', ends_at: '2026-11-21T09:00:00+08:00' })
    expect((await push(db, ids.secretary, [bad]))[0]?.status).toBe('rejected')
    bad.row.ends_at = '2026-11-21T11:00:00+08:00'
    expect((await push(db, ids.secretary, [bad]))[0]?.status).toBe('applied')
  })

  test.each([
    ['not an array', { nope: true }, /JSON array/],
    ['a mutation without an id', [{ table: 'activities', row: { id: randomUUID() } }], /uuid "id"/],
    ['a row without an id', [{ id: randomUUID(), table: 'activities', row: { title: 'x' } }], /uuid "id"/],
    ['an unknown table', [{ id: randomUUID(), table: 'salaries', row: { id: randomUUID() } }], /unknown table/],
    ['an unknown column', [{ id: randomUUID(), table: 'activities', row: { id: randomUUID(), colour: 'red' } }], /column "colour"|column 'colour'/],
    ['a server column', [{ id: randomUUID(), table: 'activities', row: { id: randomUUID(), updated_at: '2000-01-01' } }], /cannot be written/],
    ['a value of the wrong type', [{ id: randomUUID(), table: 'activities', row: { id: randomUUID(), starts_at: 'next tuesday' } }], /timestamp/],
    ['kinds as a string', [{ id: randomUUID(), table: 'activities', row: { id: randomUUID(), kinds: 'theme_day' } }], /array|malformed/i],
  ])('a malformed payload (%s) is refused whole and changes nothing', async (_name, payload, message) => {
    const valid = themeDay()
    const batch = Array.isArray(payload) ? [valid, ...payload] : payload
    const before = await count('activities')
    await expect(push(db, ids.secretary, batch)).rejects.toMatchObject({ message: expect.stringMatching(message) })
    expect(await count('activities')).toBe(before)
  })

  test('a 10,000-item batch is refused with the limit in the message', async () => {
    const batch = Array.from({ length: 10_000 }, () => themeDay())
    await expect(push(db, ids.secretary, batch)).rejects.toMatchObject({ message: expect.stringMatching(/at most 500/), hint: 'batch_too_large' })
  })

  test('an outdated app is told to update', async () => {
    await expect(push(db, ids.secretary, [], 0)).rejects.toMatchObject({ hint: 'client_outdated' })
  })
})
