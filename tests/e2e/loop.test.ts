// The whole loop of issue 4 in real Chromium at 390×844: a secretary records a held theme day with three
// members on leave while offline, the record survives closing the page, syncs by itself when the phone is
// back online, and the reviewer sees the branch's month met and the server's funding figures.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chromiumSkipReason, expectBadge, serverQuery, signIn, startStack, waitForServiceWorker, type Stack } from './harness'

const BRANCH = '20000000-0000-4000-8000-000000000001' // 内科第一党支部 (supabase/seed.sql)
const skip = chromiumSkipReason()

describe.skipIf(skip)('record offline → sync → the committee sees it', () => {
  let stack: Stack
  beforeAll(async () => { stack = await startStack() })
  afterAll(async () => { await stack?.close() })

  test('the loop', async () => {
    const secretary = await stack.phone()
    let page = await secretary.newPage()
    await signIn(page, stack.appUrl, 'secretary@demo.zhibu')
    await waitForServiceWorker(page)
    await expect.poll(() => page.getByTestId('due-theme_day').getAttribute('data-state')).toBe('due')

    // no signal: the app still opens from the service worker
    await secretary.setOffline(true)
    await page.reload()
    await page.getByTestId('due-theme_day').click()
    await page.getByTestId('kind-lesson').click() // the template is theme day + assembly + lesson; no lesson today
    await page.getByTestId('save-activity').click()
    await page.getByTestId('all-present').click()
    const people = page.locator('[data-testid^="person-"]')
    for (const i of [0, 1, 2]) await people.nth(i).click()
    await page.getByTestId('mark-leave').click()
    await page.getByTestId('leave-reason-duty').click()
    await expect.poll(() => page.getByTestId('attendance-summary').textContent()).toMatch(/请假\s*3/)
    const activityUrl = page.url()
    const activityId = /\/activities\/([0-9a-f-]{36})/.exec(activityUrl)?.[1]
    expect(activityId).toBeTruthy()

    // the page is closed and opened again, still offline: nothing was lost
    await page.close()
    page = await secretary.newPage()
    await page.goto(activityUrl)
    await expect.poll(() => page.getByTestId('attendance-summary').textContent()).toMatch(/请假\s*3/)
    await page.goto(stack.appUrl)
    await expect.poll(() => page.getByTestId('due-theme_day').getAttribute('data-state')).toBe('done')
    await expectBadge(page, /条待同步/)

    // back online: it syncs by itself
    await secretary.setOffline(false)
    await expectBadge(page, /已同步/)

    // the server counts it: this month's theme day is met for the branch
    const rows = await serverQuery<{ met: boolean; held: number }>(stack,
      `select met, held from public.branch_completeness(extract(year from private.shanghai_today())::int)
        where branch_id = $1 and kind = 'theme_day' and period = to_char(private.shanghai_today(), 'YYYY-MM')`, [BRANCH])
    expect(rows[0]).toMatchObject({ met: true })
    const record = await serverQuery<{ kinds: string[]; status: string; leave: number; present: number }>(stack,
      `select a.kinds::text[] as kinds, a.status::text as status,
              count(*) filter (where t.status = 'leave' and t.leave_reason = '值班')::int as leave,
              count(*) filter (where t.status = 'present')::int as present
         from public.activities a join public.attendance t on t.activity_id = a.id
        where a.id = $1 and a.branch_id = $2 group by a.id`, [activityId, BRANCH])
    expect(record[0]).toMatchObject({ status: 'held', leave: 3 })
    expect([...record[0]!.kinds].sort()).toEqual(['assembly', 'theme_day'])
    expect(record[0]!.present).toBeGreaterThan(0)

    // the reviewer, on another device, sees the month met and the server's funding figures
    const reviewer = await (await stack.desktop()).newPage()
    await signIn(reviewer, stack.appUrl, 'reviewer@demo.zhibu')
    await reviewer.waitForURL(/\/review$/)
    const month = await serverQuery<{ m: string }>(stack, `select to_char(private.shanghai_today(), 'YYYY-MM') as m`)
    await reviewer.getByTestId(`grid-${BRANCH}-${month[0]?.m}`).click()
    await expect.poll(() => reviewer.getByTestId('detail-theme_day').getAttribute('data-met')).toBe('true')
    const funding = await serverQuery<{ branch_id: string; balance_fen: string; shortfall_fen: string }>(stack,
      `select branch_id, balance_fen, shortfall_fen from public.branch_funding(extract(year from private.shanghai_today())::int)`)
    expect(funding.length).toBe(4)
    await reviewer.goto(`${stack.appUrl}/funding`)
    for (const row of funding) {
      const yuan = (fen: string) => (Number(fen) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })
      await expect.poll(async () => (await reviewer.getByTestId(`funding-row-${row.branch_id}`).locator('[data-col="balance_fen"]').textContent())?.trim()).toBe(yuan(row.balance_fen))
    }
  })
})
