// Check-in by QR in real Chromium at 390×844 (issue 6, SPEC §6). The scanner reads Chromium's fake camera, which
// plays the picture a test holds up (camera.ts): the pixels another page shows, or a QR rendered here. So the
// frames go through the app's own pipeline: getUserMedia → canvas → jsQR → judge → Dexie → outbox.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { makeCode, newCheckinKey, parseCode, toBase64Url } from '../../src/domain/checkin-codes'
import { imagePixels, qrFrame } from './camera'
import { chromiumSkipReason, expectBadge, serverQuery, signIn, startStack, waitForServiceWorker, type Stack } from './harness'

const BRANCH = '20000000-0000-4000-8000-000000000001' // 内科第一党支部 (supabase/seed.sql)
const SECRETARY_USER = '00000000-0000-4000-8000-000000000001'
const MEMBER = '40000000-0000-4000-8000-000000000102' // 陈晓雯, member@demo.zhibu
const skip = chromiumSkipReason()

/** A planned branch activity whose check-in window is open now (started 10 minutes ago, ends in 100). */
async function openActivity(stack: Stack, title: string): Promise<string> {
  const id = crypto.randomUUID()
  await serverQuery(stack, `insert into public.activities (id, branch_id, kinds, title, starts_at, ends_at, status, created_by)
    values ($1, $2, array['assembly'], $3, now() - interval '10 minutes', now() + interval '100 minutes', 'planned', $4)`,
  [id, BRANCH, title, SECRETARY_USER])
  return id
}

/** The secretary's and the member's phones, each signed in; the member's page is served by the service worker. */
async function twoPhones(stack: Stack) {
  const secretaryPhone = await stack.phone()
  const memberPhone = await stack.phone()
  const secretary = await secretaryPhone.newPage()
  const member = await memberPhone.newPage()
  await signIn(secretary, stack.appUrl, 'secretary@demo.zhibu')
  await signIn(member, stack.appUrl, 'member@demo.zhibu')
  await waitForServiceWorker(member)
  return { secretaryPhone, memberPhone, secretary, member }
}

async function resultOf(page: Page, kind: string): Promise<{ text: string; reason: string; ms: number }> {
  const result = page.locator(`[data-testid="scan-result"][data-kind="${kind}"]`)
  await result.waitFor()
  const [text, reason, ms] = await result.evaluate((el) => [el.textContent ?? '', el.getAttribute('data-reason') ?? '', el.getAttribute('data-ms') ?? ''])
  return { text: text.trim(), reason, ms: Number(ms) }
}

async function attendanceOnServer(stack: Stack, activityId: string, personId: string) {
  const [row] = await serverQuery<{ status: string; method: string; checkin_state: string | null; history: { by: string }[] }>(stack,
    'select status, method, checkin_state, history from public.attendance where activity_id = $1 and person_id = $2', [activityId, personId])
  return row
}

describe.skipIf(skip)('check-in by QR code', () => {
  let stack: Stack
  beforeAll(async () => { stack = await startStack() })
  afterAll(async () => { await stack?.close() })

  test('member code: both phones offline, the secretary scans the member’s screen; stale and other-branch codes are refused', async () => {
    const activityId = await openActivity(stack, '扫码签到测试：党员大会')
    const { secretaryPhone, memberPhone, secretary, member } = await twoPhones(stack)
    await waitForServiceWorker(secretary)

    await secretaryPhone.setOffline(true)
    await memberPhone.setOffline(true)
    await member.goto(`${stack.appUrl}/me/code`)
    await member.getByTestId('my-code').locator('img').waitFor()
    stack.showToCamera(await imagePixels(member, '[data-testid="my-code"] img'))

    await secretary.goto(`${stack.appUrl}/activities/${activityId}?tab=attendance`)
    await secretary.getByTestId('open-scan').click()
    const ok = await resultOf(secretary, 'checked_in')
    expect(ok.text).toBe('陈晓雯 签到成功')
    console.info(`member code: decoded frame to confirmation on the secretary's phone in ${ok.ms} ms (judge + Dexie write)`)
    expect(await secretary.locator('.van-cell', { hasText: '陈晓雯' }).count()).toBeGreaterThan(0)
    await secretary.getByTestId('scan-done').click()
    await expect.poll(() => secretary.getByTestId(`person-${MEMBER}`).textContent()).toContain('到会')
    expect(await secretary.getByTestId(`method-${MEMBER}`).textContent()).toContain('扫党员码')

    // a code captured two minutes earlier (a screenshot) is refused, with the member named
    const [keyRow] = await serverQuery<{ key: string }>(stack, 'select key from public.member_keys where id = $1', [MEMBER])
    stack.showToCamera(qrFrame(await makeCode('m', MEMBER, keyRow!.key, Date.now() - 120_000)))
    await secretary.goto(`${stack.appUrl}/activities/${activityId}/scan`)
    const stale = await resultOf(secretary, 'refused')
    expect(stale).toMatchObject({ reason: 'stale' })
    expect(stale.text).toContain('陈晓雯')
    expect(stale.text).toContain('签到码已过期')

    // a member of another branch is refused, whatever key signed the code
    const [other] = await serverQuery<{ id: string }>(stack,
      `select id from public.people where branch_id <> $1 and deleted_at is null order by id limit 1`, [BRANCH])
    stack.showToCamera(qrFrame(await makeCode('m', other!.id, newCheckinKey(), Date.now())))
    await secretary.reload()
    const foreign = await resultOf(secretary, 'refused')
    expect(foreign).toMatchObject({ reason: 'not_in_branch' })
    expect(foreign.text).toContain('不是本支部的党员')

    // online again: both phones and the server agree
    await secretaryPhone.setOffline(false)
    await memberPhone.setOffline(false)
    await expectBadge(secretary, /已同步/)
    await expect.poll(() => attendanceOnServer(stack, activityId, MEMBER)).toMatchObject({ status: 'present', method: 'member_code' })
    const [activity] = await serverQuery<{ status: string }>(stack, 'select status from public.activities where id = $1', [activityId])
    expect(activity!.status).toBe('held')
    await member.goto(`${stack.appUrl}/activities/${activityId}?tab=attendance`)
    await expectBadge(member, /已同步/)
    await expect.poll(() => member.getByTestId('my-attendance').textContent()).toContain('到会')

    // she left at once: the secretary's explicit later change wins, and the history shows both
    await secretary.goto(`${stack.appUrl}/activities/${activityId}?tab=attendance`)
    await secretary.getByTestId(`person-${MEMBER}`).click()
    await secretary.getByTestId('mark-absent').click()
    await expect.poll(() => attendanceOnServer(stack, activityId, MEMBER)).toMatchObject({ status: 'absent', method: 'roster' })
    await secretary.getByTestId('attendance-history').getByText(/签到记录/).click()
    await expect.poll(() => secretary.getByTestId(`history-${MEMBER}-1`).textContent()).toMatch(/陈晓雯 · 缺席\s*书记/)
    expect(await secretary.getByTestId(`history-${MEMBER}-0`).textContent()).toMatch(/陈晓雯 · 到会\s*（扫党员码）\s*书记/)
    await secretaryPhone.close()
    await memberPhone.close()
  })

  test('event code: scanned offline, verified by the server online; a forged and another activity’s code are refused with the reason', async () => {
    const activityId = await openActivity(stack, '扫码签到测试：主题党日')
    const otherId = await openActivity(stack, '扫码签到测试：另一个活动')
    const { secretaryPhone, memberPhone, secretary, member } = await twoPhones(stack)

    // the secretary shows the activity's code; its key is made on her phone and synced
    await secretary.goto(`${stack.appUrl}/activities/${activityId}?tab=attendance`)
    await secretary.getByTestId('open-event-code').click()
    await secretary.getByTestId('event-code').locator('img').waitFor()
    stack.showToCamera(await imagePixels(secretary, '[data-testid="event-code"] img'))
    expect(parseCode((await secretary.getByTestId('event-code').getAttribute('data-code')) ?? '')).toMatchObject({ kind: 'e', subjectId: activityId })
    await expectBadge(secretary, /已同步/)
    expect(await serverQuery(stack, 'select 1 from public.event_keys where id = $1', [activityId])).toHaveLength(1)

    // the member scans it offline: stored on the phone as not yet verified
    await memberPhone.setOffline(true)
    await member.goto(`${stack.appUrl}/activities/${activityId}?tab=attendance`)
    await member.getByTestId('member-scan').click()
    await resultOf(member, 'saved')
    await expect.poll(() => member.getByTestId('checkin-standing').getAttribute('data-standing')).toBe('unsent')

    // online: the server verifies the code and the phone shows it
    await memberPhone.setOffline(false)
    await expect.poll(() => member.getByTestId('checkin-standing').getAttribute('data-standing')).toBe('verified')
    expect(await attendanceOnServer(stack, activityId, MEMBER)).toMatchObject({ status: 'present', method: 'event_code', checkin_state: 'verified' })

    // the code of another activity, scanned while checking in to this one, is refused on the phone at once
    await member.goto(`${stack.appUrl}/checkin/scan?activity=${otherId}`)
    const wrong = await resultOf(member, 'refused')
    expect(wrong).toMatchObject({ reason: 'other_activity' })
    expect(wrong.text).toContain('这是另一个活动的签到码')

    // a code with one signature byte flipped passes the phone (it cannot know the key) and the server refuses it
    await secretary.goto(`${stack.appUrl}/activities/${otherId}/code`)
    await secretary.getByTestId('event-code').locator('img').waitFor()
    const genuine = parseCode((await secretary.getByTestId('event-code').getAttribute('data-code')) ?? '')!
    await expectBadge(secretary, /已同步/)
    const flipped = genuine.sig.slice()
    flipped[0] = flipped[0]! ^ 0x01
    const forged = `ZB1.e.${otherId}.${genuine.step}.${toBase64Url(flipped)}`
    stack.showToCamera(qrFrame(forged))
    await member.goto(`${stack.appUrl}/activities/${otherId}?tab=attendance`)
    await member.getByTestId('member-scan').click()
    await resultOf(member, 'saved')
    await expect.poll(() => member.getByTestId('checkin-standing').getAttribute('data-standing')).toBe('rejected')
    expect(await member.getByTestId('checkin-problem').textContent()).toContain('签名不符')
    expect(await attendanceOnServer(stack, otherId, MEMBER)).toBeUndefined()
    await expectBadge(member, /需处理/)
    await member.goto(`${stack.appUrl}/me`)
    await expect.poll(() => member.getByTestId('rejected-list').textContent()).toContain('签到未通过：签到码无效（签名不符）')
    await secretaryPhone.close()
    await memberPhone.close()
  })
})
