// Check-in keys on the device (SPEC §6): a member's phone pulls its own member key and nobody else's, a
// secretary's phone pulls the keys of its branch's members, and an event key made on the secretary's phone
// is pushed (the server copies its branch_id) and never reaches a member.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { BRANCH1, device, person, sql, useServer } from './setup'

const live = useServer('secretary', 'member')

const MEMBER = person(2) // 陈晓雯, the demo member account's person

const serverKeys = (where: string, params: unknown[] = []) =>
  sql<{ id: string; key: string }>(live.pg, `select id::text, key from public.member_keys where ${where} order by id`, params)

describe('member keys', () => {
  test('a member\'s device pulls its own key and no one else\'s', async () => {
    const others = await serverKeys('id <> $1 and deleted_at is null', [MEMBER])
    expect(others.length).toBeGreaterThan(0) // there are other keys it must not receive
    const [own] = await serverKeys('id = $1', [MEMBER])
    expect(own?.key).toMatch(/^[A-Za-z0-9_-]{43}$/) // the server issued her a 32-byte key

    const phone = device(live.as.member)
    expect(await phone.engine.syncNow()).toMatchObject({ ok: true })
    const held = await phone.db.member_keys.toArray()
    expect(held.map((k) => k.id)).toEqual([MEMBER])
    expect(held[0]).toMatchObject({ person_id: MEMBER, key: own!.key, branch_id: BRANCH1, _seq: expect.any(Number) })
    expect((await phone.repos.memberKeys.forPerson(MEMBER))?.key).toBe(own!.key)
  })

  test('a secretary\'s device pulls the keys of its branch\'s members', async () => {
    const branchKeys = await serverKeys('branch_id = $1', [BRANCH1])
    expect(branchKeys.map((k) => k.id)).toContain(MEMBER)

    const phone = device(live.as.secretary)
    expect(await phone.engine.syncNow()).toMatchObject({ ok: true })
    const held = await phone.db.member_keys.toArray()
    expect(held.map((k) => k.id).sort()).toEqual(branchKeys.map((k) => k.id).sort())
    expect(held.every((k) => k.branch_id === BRANCH1)).toBe(true)
    expect((await phone.repos.memberKeys.forPerson(MEMBER))?.key).toBe(branchKeys.find((k) => k.id === MEMBER)!.key)
  })
})

describe('event keys', () => {
  test('made on the secretary\'s device, pushed with the activity, kept from members', async () => {
    const secretary = device(live.as.secretary)
    expect(await secretary.engine.syncNow()).toMatchObject({ ok: true })
    const activityId = randomUUID()
    await secretary.repos.activities.put({
      id: activityId, branch_id: BRANCH1, kinds: ['theme_day'], title: '签到测试', starts_at: '2026-11-20T06:30:00.000Z', status: 'planned',
    })
    const made = await secretary.repos.eventKeys.ensureForActivity(activityId, BRANCH1)
    expect(await secretary.engine.syncNow()).toMatchObject({ ok: true, rejected: 0 })

    const [stored] = await sql<{ key: string; branch_id: string }>(live.pg,
      'select key, branch_id::text from public.event_keys where id = $1', [activityId])
    expect(stored).toEqual({ key: made.key, branch_id: BRANCH1 })
    expect(await secretary.db.outbox.count()).toBe(0)

    const member = device(live.as.member)
    expect(await member.engine.syncNow()).toMatchObject({ ok: true })
    expect(await member.db.event_keys.count()).toBe(0)
  })
})
