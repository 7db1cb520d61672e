import { describe, expect, it } from 'vitest'
import { STEP_MS, makeCode, newCheckinKey } from './checkin-codes'
import { type CheckinActivity, type MemberScanContext, checkinStanding, judgeEventCode, judgeMemberCode } from './checkin-judge'

const BRANCH = '20000000-0000-4000-8000-000000000001'
const OTHER_BRANCH = '20000000-0000-4000-8000-000000000002'
const START = Date.parse('2026-11-20T06:00:00Z') // 14:00 in Shanghai
const activity: CheckinActivity = {
  id: 'a0000000-0000-4000-8000-000000000001', branch_id: BRANCH, status: 'planned',
  starts_at: new Date(START).toISOString(), ends_at: new Date(START + 2 * 3_600_000).toISOString(),
}
const chen = { id: 'b0000000-0000-4000-8000-000000000102', name: '陈晓雯', branch_id: BRANCH, left_branch_on: null, deleted_at: null }
const wang = { id: 'b0000000-0000-4000-8000-000000000201', name: '王立', branch_id: OTHER_BRANCH, left_branch_on: null, deleted_at: null }
const chenKey = newCheckinKey()
const wangKey = newCheckinKey()

function context(overrides: Partial<MemberScanContext> = {}): MemberScanContext {
  return {
    activity,
    nowMs: START,
    person: (id) => [chen, wang].find((p) => p.id === id),
    key: async (id) => (id === chen.id ? chenKey : id === wang.id ? wangKey : undefined),
    attendance: () => undefined,
    ...overrides,
  }
}

describe('a member code scanned by the secretary', () => {
  it('checks in a member of the branch whose live code is shown', async () => {
    const code = await makeCode('m', chen.id, chenKey, START)
    expect(await judgeMemberCode(code, context())).toEqual({ kind: 'checked_in', person: { id: chen.id, name: '陈晓雯' } })
  })

  it('accepts a code from the step before or after (clock skew), refuses two steps away', async () => {
    for (const [offset, kind] of [[-STEP_MS, 'checked_in'], [STEP_MS, 'checked_in'], [-2 * STEP_MS, 'refused'], [2 * STEP_MS, 'refused']] as const) {
      const code = await makeCode('m', chen.id, chenKey, START + offset)
      expect((await judgeMemberCode(code, context())).kind, `offset ${offset}`).toBe(kind)
    }
  })

  it('refuses a code captured two minutes earlier as expired', async () => {
    const code = await makeCode('m', chen.id, chenKey, START - 120_000)
    expect(await judgeMemberCode(code, context())).toMatchObject({ kind: 'refused', reason: 'stale', person: { name: '陈晓雯' } })
  })

  it('refuses a member of another branch even with a valid code', async () => {
    const code = await makeCode('m', wang.id, wangKey, START)
    expect(await judgeMemberCode(code, context())).toEqual({ kind: 'refused', reason: 'not_in_branch' })
  })

  it('refuses an unknown person, a code signed with another key, and a member without a key on this phone', async () => {
    const stranger = await makeCode('m', 'c0000000-0000-4000-8000-000000000999', chenKey, START)
    expect(await judgeMemberCode(stranger, context())).toMatchObject({ reason: 'not_in_branch' })
    const forged = await makeCode('m', chen.id, newCheckinKey(), START)
    expect(await judgeMemberCode(forged, context())).toMatchObject({ reason: 'bad_signature' })
    const code = await makeCode('m', chen.id, chenKey, START)
    expect(await judgeMemberCode(code, context({ key: async () => undefined }))).toMatchObject({ reason: 'no_key' })
  })

  it('refuses outside the window: opens 30 minutes before the start, closes at the end', async () => {
    const at = async (ms: number) => (await judgeMemberCode(await makeCode('m', chen.id, chenKey, ms), context({ nowMs: ms })))
    expect((await at(START - 30 * 60_000)).kind).toBe('checked_in')
    expect(await at(START - 30 * 60_000 - 1)).toMatchObject({ reason: 'outside_window' })
    expect((await at(START + 2 * 3_600_000)).kind).toBe('checked_in')
    expect(await at(START + 2 * 3_600_000 + 1)).toMatchObject({ reason: 'outside_window' })
  })

  it('says an already present member is already checked in, not an error', async () => {
    const code = await makeCode('m', chen.id, chenKey, START)
    const row = { status: 'present', method: 'roster', checked_in_at: null } as const
    expect(await judgeMemberCode(code, context({ attendance: () => row }))).toMatchObject({ kind: 'already', person: { name: '陈晓雯' } })
    // absent before: a scan makes them present
    const absent = { status: 'absent', method: 'roster', checked_in_at: null } as const
    expect((await judgeMemberCode(code, context({ attendance: () => absent }))).kind).toBe('checked_in')
  })

  it('tells other QR codes apart from member codes', async () => {
    expect(await judgeMemberCode('https://mp.weixin.qq.com/s/abc', context())).toEqual({ kind: 'refused', reason: 'not_member_code' })
    const eventCode = await makeCode('e', activity.id, chenKey, START)
    expect(await judgeMemberCode(eventCode, context())).toEqual({ kind: 'refused', reason: 'event_code' })
  })

  it('refuses a cancelled activity and a member who has left the branch', async () => {
    const code = await makeCode('m', chen.id, chenKey, START)
    expect(await judgeMemberCode(code, context({ activity: { ...activity, status: 'cancelled' } }))).toMatchObject({ reason: 'cancelled' })
    const left = { ...chen, left_branch_on: '2026-11-01' }
    expect(await judgeMemberCode(code, context({ person: () => left }))).toMatchObject({ reason: 'left_branch' })
  })
})

describe('an activity code scanned by a member', () => {
  const key = newCheckinKey()
  const known = (id: string) => (id === activity.id ? activity : undefined)

  it('accepts a code of an activity of the branch from inside its window, judged by the code’s own step', async () => {
    const code = await makeCode('e', activity.id, key, START + 3_600_000)
    expect(judgeEventCode(`  ${code}\n`, { activity: known })).toMatchObject({ kind: 'accepted', text: code, activity: { id: activity.id } })
    const late = await makeCode('e', activity.id, key, START + 2 * 3_600_000 + STEP_MS)
    expect(judgeEventCode(late, { activity: known })).toMatchObject({ kind: 'refused', reason: 'outside_window' })
  })

  it('refuses the code of another activity when checking in to a given one', async () => {
    const code = await makeCode('e', 'a0000000-0000-4000-8000-000000000002', key, START)
    expect(judgeEventCode(code, { activity: known, expectedActivityId: activity.id })).toMatchObject({ kind: 'refused', reason: 'other_activity' })
    expect(judgeEventCode(code, { activity: known })).toMatchObject({ kind: 'refused', reason: 'unknown_activity' })
  })

  it('tells a member code and other QR codes apart', async () => {
    expect(judgeEventCode(await makeCode('m', chen.id, key, START), { activity: known })).toMatchObject({ reason: 'member_code' })
    expect(judgeEventCode('hello', { activity: known })).toMatchObject({ reason: 'not_event_code' })
  })
})

describe('where a member’s event-code check-in stands', () => {
  it('follows the outbox first, then the server’s ruling', () => {
    const row = { method: 'event_code', checkin_state: null } as const
    expect(checkinStanding(row, { queued: true, refused: false })).toBe('unsent')
    expect(checkinStanding(row, { queued: false, refused: false })).toBe('pending')
    expect(checkinStanding({ ...row, checkin_state: 'verified' }, { queued: false, refused: false })).toBe('verified')
    expect(checkinStanding(row, { queued: false, refused: true })).toBe('rejected')
    expect(checkinStanding({ ...row, checkin_state: 'rejected' }, { queued: false, refused: false })).toBe('rejected')
    expect(checkinStanding({ method: 'roster', checkin_state: null }, { queued: true, refused: false })).toBeNull()
  })
})
