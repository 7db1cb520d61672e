// Writes the real server refuses land in the 需处理 list with its reason and stay there until the user
// fixes or discards them; a revoked role changes the scope and the device follows (SPEC §7).
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { BRANCH1, BRANCH2, SECRETARY_ROLE, counting, device, person, sql, useServer } from './setup'

const live = useServer('secretary')

const activity = (branch_id: string, over: Record<string, unknown> = {}) => ({
  id: randomUUID(), branch_id, kinds: ['committee' as const], title: '支委会', starts_at: '2026-11-18T12:00:00+08:00', status: 'held' as const, ...over,
})

describe('the 需处理 list', () => {
  test('a write into another branch is kept with the server\'s reason until discarded', async () => {
    const { transport, calls } = counting(live.as.secretary)
    const phone = device(transport)
    const theirs = activity(BRANCH2)
    await phone.repos.activities.put(theirs)
    await phone.repos.activities.put(activity(BRANCH1))
    const report = await phone.engine.syncNow()
    expect(report).toMatchObject({ ok: true, applied: 1, rejected: 1 })
    const [rejected] = await phone.engine.rejected()
    expect(rejected).toMatchObject({ row_id: theirs.id, state: 'rejected', code: '42501' })
    expect(rejected?.reason).toMatch(/row-level security/)
    expect(phone.engine.state).toMatchObject({ status: 'attention', rejected: 1, pending: 0 })

    const pushesBefore = calls.push
    expect((await phone.engine.syncNow()).ok).toBe(true) // not re-sent, not dropped
    expect(calls.push).toBe(pushesBefore)
    expect(await phone.engine.rejected()).toHaveLength(1)
    expect(await phone.repos.activities.get(theirs.id)).toMatchObject({ id: theirs.id, title: theirs.title, branch_id: BRANCH2 }) // kept on the phone

    await phone.engine.discardRejected(rejected!.id)
    expect(await phone.repos.activities.get(theirs.id)).toBeUndefined() // it never existed on the server
    expect(phone.engine.state).toMatchObject({ status: 'synced', rejected: 0 })
  })

  test('a fixed write is pushed again and applied', async () => {
    const phone = device(live.as.secretary)
    const bad = activity(BRANCH1, { ends_at: '2026-11-18T11:00:00+08:00' }) // ends before it starts
    await phone.repos.activities.put(bad)
    await phone.engine.syncNow()
    const [rejected] = await phone.engine.rejected()
    expect(rejected).toMatchObject({ code: '23514' })
    await phone.engine.retryRejected(rejected!.id, { ends_at: '2026-11-18T13:00:00+08:00' })
    expect((await phone.repos.activities.get(bad.id))?.ends_at).toBe('2026-11-18T13:00:00+08:00')
    const report = await phone.engine.syncNow()
    expect(report).toMatchObject({ ok: true, applied: 1, rejected: 0 })
    const server = await sql<{ ends_at: Date }>(live.pg, 'select ends_at from public.activities where id = $1', [bad.id])
    expect(server[0]?.ends_at.toISOString()).toBe('2026-11-18T05:00:00.000Z')
    expect(phone.engine.state.status).toBe('synced')
  })

  test('discarding a refused edit of a synced row restores the server\'s version', async () => {
    const phone = device(live.as.secretary)
    await phone.engine.syncNow()
    const before = await phone.repos.people.get(person(3))
    expect(before?.admitted_on).toEqual(expect.any(String))
    await phone.repos.people.update(person(3), { admitted_on: null, title: '主任医师（待核）' }) // a full member needs admitted_on
    await phone.engine.syncNow()
    const [rejected] = await phone.engine.rejected()
    expect(rejected?.code).toBe('23514')
    expect((await phone.repos.people.get(person(3)))?.title).toBe('主任医师（待核）') // still shown as the user left it
    await phone.engine.discardRejected(rejected!.id)
    expect(await phone.repos.people.get(person(3))).toMatchObject({ admitted_on: before?.admitted_on, title: before?.title })
    expect(await phone.db.outbox.count()).toBe(0)
  })
})

describe('a role revoked on the server', () => {
  test('the write is refused and kept, the branch leaves the device, and it all returns with the role', async () => {
    const phone = device(live.as.secretary)
    expect((await phone.engine.syncNow()).ok).toBe(true)
    const scope = (await phone.db.meta.get('scope'))?.value
    const mine = activity(BRANCH1)
    await phone.repos.activities.put(mine)

    await sql(live.pg, 'update public.org_roles set deleted_at = now() where id = $1', [SECRETARY_ROLE])
    const revoked = await phone.engine.syncNow()
    expect(revoked).toMatchObject({ ok: true, rejected: 1 })
    // the server names the lost role, so 需处理 can say which, where and since when (decisions §29)
    expect((await phone.engine.rejected())[0]).toMatchObject({
      row_id: mine.id, code: 'role_revoked', reason: expect.stringMatching(/^role revoked: secretary \d{4}-\d{2}-\d{2} 内科第一党支部$/) })
    expect((await phone.db.meta.get('scope'))?.value).not.toBe(scope)
    // a full pull under the new scope dropped the branch's roster, but not the unsynced activity
    expect(await phone.repos.people.get(person(3))).toBeUndefined()
    expect(await phone.repos.activities.get(mine.id)).toMatchObject({ id: mine.id, title: mine.title, branch_id: BRANCH1 })

    await sql(live.pg, 'update public.org_roles set deleted_at = null where id = $1', [SECRETARY_ROLE])
    const [rejected] = await phone.engine.rejected()
    await phone.engine.retryRejected(rejected!.id, {})
    const restored = await phone.engine.syncNow()
    expect(restored).toMatchObject({ ok: true, applied: 1, rejected: 0 })
    expect((await phone.db.meta.get('scope'))?.value).toBe(scope)
    expect(await phone.repos.people.get(person(3))).toMatchObject({ id: person(3), branch_id: BRANCH1 })
    expect(phone.engine.state.status).toBe('synced')
  })
})
