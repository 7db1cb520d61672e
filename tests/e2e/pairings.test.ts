// 双培养 and the alerts of 今日 in the browser: a secretary pairs a backbone with a member (bad input saves
// nothing), logs progress and closes the pairing, all reaching the server; a quiet pairing shows on 今日 and
// leads to it; a member sees their own 补学 to do, their attendance and their pairings, read-only.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chromiumSkipReason, expectBadge, serverQuery, signIn, startStack, type Stack } from './harness'

const skip = chromiumSkipReason()
const BRANCH = '20000000-0000-4000-8000-000000000001'
const QUIET = '50000000-0000-4000-8000-000000000002' // 内科第一, member_to_backbone
const MEMBER_USER = '00000000-0000-4000-8000-000000000002'

describe.skipIf(skip)('pairings and alerts', () => {
  let stack: Stack
  beforeAll(async () => { stack = await startStack() })
  afterAll(async () => { await stack?.close() })

  test('a secretary creates a pairing, logs progress and marks it achieved', async () => {
    const page = await (await stack.phone()).newPage()
    await signIn(page, stack.appUrl, 'secretary@demo.zhibu')
    await page.goto(`${stack.appUrl}/roster`)
    await page.getByTestId('roster-pairings').click()
    await page.getByTestId('pairings-list').waitFor()
    await page.getByTestId('new-pairing').click()

    await page.getByTestId('save-pairing').click()
    await page.getByText('请选择培养人').first().waitFor()
    expect(page.url()).toMatch(/\/pairings\/new$/)

    await page.getByTestId('pairing-track-backbone_to_member').click()
    await page.getByTestId('pairing-mentor').click()
    await page.locator('.van-popup:visible .van-picker__confirm').click()
    await page.getByTestId('pairing-mentee').click()
    await page.locator('.van-popup:visible .van-picker__confirm').click()
    await page.getByTestId('pairing-goal').locator('textarea').fill('两年内列为发展对象')
    await page.getByTestId('save-pairing').click()
    await page.waitForURL(/\/pairings\/[0-9a-f-]{36}$/)
    const id = page.url().split('/').pop()!
    await page.getByTestId('pairing-timeline').waitFor()

    await page.getByTestId('pairing-log-note').locator('textarea').fill('首次谈心谈话')
    await page.getByTestId('add-pairing-log').click()
    await page.getByText('首次谈心谈话').waitFor()
    await page.getByTestId('pairing-achieved').click()
    await page.getByTestId('confirm-close').click()
    await page.getByTestId('pairing-status').filter({ hasText: '已达成' }).waitFor()
    await expectBadge(page, /已同步/)

    const [row] = await serverQuery<{ status: string; ended_on: string | null; track: string; branch_id: string }>(stack,
      `select status, ended_on::text, track, branch_id from public.pairings where id = $1`, [id])
    expect(row).toMatchObject({ status: 'achieved', track: 'backbone_to_member', branch_id: BRANCH })
    expect(row!.ended_on).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const logs = await serverQuery<{ note: string }>(stack, `select note from public.pairing_logs where pairing_id = $1`, [id])
    expect(logs).toEqual([{ note: '首次谈心谈话' }])
  })

  test('a pairing quiet for more than 90 days shows on 今日 and links to it', async () => {
    await serverQuery(stack, `update public.pairing_logs set logged_on = logged_on - 200 where pairing_id = $1`, [QUIET])
    await serverQuery(stack, `update public.pairings set started_on = started_on - 200 where id = $1`, [QUIET])
    const page = await (await stack.phone()).newPage()
    await signIn(page, stack.appUrl, 'secretary@demo.zhibu')
    await page.goto(`${stack.appUrl}/`)
    await page.getByTestId(`alert-pairing-${QUIET}`).click()
    await page.waitForURL(new RegExp(`/pairings/${QUIET}$`))
    await page.getByTestId('add-pairing-log').waitFor()
  })

  test('a member sees their 补学 to do, their attendance and their own pairings, read-only', async () => {
    const [person] = await serverQuery<{ id: string }>(stack, `select id from public.people where user_id = $1`, [MEMBER_USER])
    const missed = await serverQuery<{ activity_id: string }>(stack,
      `update public.attendance set makeup_on = null, makeup_note = null
        where person_id = $1 and status <> 'present' returning activity_id`, [person!.id])
    expect(missed.length).toBeGreaterThan(0)
    const page = await (await stack.phone()).newPage()
    await signIn(page, stack.appUrl, 'member@demo.zhibu')
    await page.goto(`${stack.appUrl}/`)
    await page.getByTestId(`my-makeup-${missed[0]!.activity_id}`).waitFor()
    expect(await page.getByTestId('home-alerts').count()).toBe(0)

    await page.getByTestId('my-attendance-link').click()
    await page.getByTestId(`my-attendance-${missed[0]!.activity_id}`).waitFor()
    expect(await page.getByTestId('my-attendance-history').textContent()).toContain('未补学')

    await page.goto(`${stack.appUrl}/pairings`)
    await page.getByTestId(`pairing-${QUIET}`).click()
    await page.getByTestId('pairing-logs').waitFor()
    expect(await page.getByTestId('add-pairing-log').count()).toBe(0)
    expect(await page.getByTestId('pairing-achieved').count()).toBe(0)
    await page.goto(`${stack.appUrl}/pairings/new`)
    await page.waitForURL((url) => url.pathname === '/')
  })
})
