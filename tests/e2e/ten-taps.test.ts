// Issue 5's bar (SPEC §9): on a phone with no signal, from 今日, the month's held 主题党日 + 党员大会 + 党课
// with three members on leave takes at most 10 taps. Every tap goes through `tap`, and the page counts the
// clicks it actually received, so a hidden extra step cannot slip through. Then, still offline, the rest of
// her month — a meeting of each group, a 双培养 pairing with a log, a member's 补学 — and, once online, the
// server's branch_completeness and tables reflect all of it.
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chromiumSkipReason, expectBadge, serverQuery, signIn, startStack, waitForServiceWorker, type Stack } from './harness'

const BRANCH = '20000000-0000-4000-8000-000000000001' // 内科第一党支部: 30 people, two groups
const skip = chromiumSkipReason()
const MAX_TAPS = 10

/** Counts taps on the test's side and, in the page, the clicks the document really received. */
async function tapCounter(page: Page) {
  await page.evaluate(() => {
    sessionStorage.setItem('zhibu.test.clicks', '0')
    document.addEventListener('click', () => {
      sessionStorage.setItem('zhibu.test.clicks', String(Number(sessionStorage.getItem('zhibu.test.clicks')) + 1))
    }, true)
  })
  let taps = 0
  return {
    tap: async (target: Locator) => { taps += 1; await target.click() },
    taps: () => taps,
    clicksSeen: () => page.evaluate(() => Number(sessionStorage.getItem('zhibu.test.clicks'))),
  }
}

const GROUPS = ['30000000-0000-4000-8000-000000000011', '30000000-0000-4000-8000-000000000012'] // 心内科, 呼吸科
const THIS_PERIODS = `(to_char(private.shanghai_today(), 'YYYY-MM'), to_char(private.shanghai_today(), 'YYYY-"Q"Q'))`

/** What the server counts for the branch this month (theme day) and quarter (assembly, lesson). */
async function heldNow(stack: Stack): Promise<Record<string, number>> {
  const rows = await serverQuery<{ kind: string; held: number }>(stack,
    `select kind, held from public.branch_completeness(extract(year from private.shanghai_today())::int)
      where branch_id = $1 and kind in ('theme_day', 'assembly', 'lesson') and period in ${THIS_PERIODS}`, [BRANCH])
  return Object.fromEntries(rows.map((r) => [r.kind, r.held]))
}

async function metNow(stack: Stack, kind: string): Promise<boolean | undefined> {
  const rows = await serverQuery<{ met: boolean }>(stack,
    `select met from public.branch_completeness(extract(year from private.shanghai_today())::int)
      where branch_id = $1 and kind = $2 and period in ${THIS_PERIODS}`, [BRANCH, kind])
  return rows[0]?.met
}

async function groupRow(stack: Stack) {
  const rows = await serverQuery<{ held: number; required: number; met: boolean }>(stack,
    `select held, required, met from public.branch_completeness(extract(year from private.shanghai_today())::int)
      where branch_id = $1 and kind = 'group' and period = to_char(private.shanghai_today(), 'YYYY-MM')`, [BRANCH])
  return rows[0]
}

const shanghaiToday = async (stack: Stack) =>
  (await serverQuery<{ d: string }>(stack, `select private.shanghai_today()::text as d`))[0]!.d

describe.skipIf(skip)('the secretary’s month, offline', () => {
  let stack: Stack
  beforeAll(async () => { stack = await startStack() })
  afterAll(async () => { await stack?.close() })

  test('a held theme day + assembly + lesson with three on leave takes at most 10 taps; the rest of the month follows', async () => {
    const context = await stack.phone()
    const page = await context.newPage()
    await signIn(page, stack.appUrl, 'secretary@demo.zhibu')
    await waitForServiceWorker(page)
    await context.setOffline(true)
    await page.reload()
    await page.getByTestId('due-theme_day').waitFor()

    const before = await heldNow(stack)
    expect(await metNow(stack, 'theme_day')).toBe(false)
    const { tap, taps, clicksSeen } = await tapCounter(page)
    await tap(page.getByTestId('due-theme_day')) // opens the 主题党日 + 党员大会 + 党课 template: held, now, usual place
    await tap(page.getByTestId('save-activity'))
    await tap(page.getByTestId('all-present'))
    const people = page.locator('[data-testid^="person-"]')
    for (const i of [0, 1, 2]) await tap(people.nth(i))
    await tap(page.getByTestId('mark-leave'))
    await tap(page.getByTestId('leave-reason-duty'))
    await expect.poll(() => page.getByTestId('attendance-summary').textContent()).toMatch(/请假\s*3/)

    expect(taps()).toBeLessThanOrEqual(MAX_TAPS)
    expect(await clicksSeen()).toBe(taps())
    const activityId = /\/activities\/([0-9a-f-]{36})/.exec(page.url())?.[1]
    expect(activityId).toBeTruthy()

    // still offline: a meeting of each group, a pairing with its first log, and 补学 for one on leave
    const onLeave = (await people.nth(0).getAttribute('data-testid'))!.slice('person-'.length)
    await page.getByTestId(`makeup-${onLeave}`).click()
    await page.getByTestId('makeup-note').locator('textarea').fill('观看会议录像并提交学习心得')
    await page.getByTestId('save-makeup').click()
    await page.getByTestId(`makeup-${onLeave}`).filter({ hasText: '已补学' }).waitFor()

    const groupBefore = await groupRow(stack)
    expect(groupBefore?.met).toBe(false)
    for (const group of GROUPS) {
      await page.goto(`${stack.appUrl}/activities/new?template=group`)
      await page.getByTestId(`group-${group}`).click()
      await page.getByTestId('save-activity').click()
      await page.getByTestId('all-present').click()
      await page.getByTestId('attendance-summary').filter({ hasText: /未记录\s*0|到会\s*[1-9]/ }).waitFor()
    }

    await page.goto(`${stack.appUrl}/pairings/new`)
    await page.getByTestId('pairing-track-backbone_to_member').click()
    await page.getByTestId('pairing-mentor').click()
    await page.locator('.van-popup:visible .van-picker__confirm').click()
    await page.getByTestId('pairing-mentee').click()
    await page.locator('.van-popup:visible .van-picker__confirm').click()
    await page.getByTestId('pairing-goal').locator('textarea').fill('一年内递交入党申请书')
    await page.getByTestId('save-pairing').click()
    await page.waitForURL(/\/pairings\/[0-9a-f-]{36}$/)
    const pairingId = page.url().split('/').pop()!
    await page.getByTestId('pairing-log-note').locator('textarea').fill('结对后首次谈心，了解入党意愿')
    await page.getByTestId('add-pairing-log').click()
    await page.getByText('结对后首次谈心，了解入党意愿').waitFor()
    await expectBadge(page, /条待同步/)

    // online again: it syncs by itself, and the server counts all of it
    await context.setOffline(false)
    await expectBadge(page, /已同步/)
    const after = await heldNow(stack)
    expect(after).toEqual({ theme_day: before.theme_day! + 1, assembly: before.assembly! + 1, lesson: before.lesson! + 1 })
    expect(await metNow(stack, 'theme_day')).toBe(true)
    const groupAfter = await groupRow(stack)
    expect(groupAfter).toEqual({ held: GROUPS.length, required: GROUPS.length, met: true })
    const leave = await serverQuery<{ n: number }>(stack,
      `select count(*)::int as n from public.attendance where activity_id = $1 and status = 'leave' and leave_reason = '值班'`, [activityId])
    expect(leave[0]?.n).toBe(3)
    const makeup = await serverQuery<{ makeup_on: string; makeup_note: string }>(stack,
      `select makeup_on::text, makeup_note from public.attendance where activity_id = $1 and person_id = $2`, [activityId, onLeave])
    expect(makeup[0]).toEqual({ makeup_on: await shanghaiToday(stack), makeup_note: '观看会议录像并提交学习心得' })
    const logs = await serverQuery<{ note: string; branch_id: string }>(stack,
      `select l.note, p.branch_id from public.pairing_logs l join public.pairings p on p.id = l.pairing_id where p.id = $1`, [pairingId])
    expect(logs).toEqual([{ note: '结对后首次谈心，了解入党意愿', branch_id: BRANCH }])
  })
})
