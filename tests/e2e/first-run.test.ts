// A new committee starts on an empty project without writing SQL rows (issue 14 item 1, docs/deploy.md): the
// owner's one-time set-up code opens 首次设置, the first reviewer signs up there, names the committee and lands
// on 审阅 as its reviewer; the same code then refuses a second person with the reason.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chromiumSkipReason, serverQuery, startStack, type Stack } from './harness'

const skip = chromiumSkipReason()

describe.skipIf(skip)('first run on an empty project', () => {
  let stack: Stack
  beforeAll(async () => { stack = await startStack({ empty: true }) })
  afterAll(async () => { await stack?.close() })

  async function fillSetup(page: import('playwright-core').Page, email: string) {
    await page.getByTestId('setup-name').locator('input').fill('某区卫生健康工作委员会')
    await page.getByTestId('setup-email').locator('input').fill(email)
    await page.getByTestId('setup-password').locator('input').fill('zhibu-first')
    await page.getByTestId('setup-confirm').locator('input').fill('zhibu-first')
    await page.getByTestId('setup-submit').click()
  }

  test('the first reviewer signs up with the set-up link and reviews the new committee; the code works once', async () => {
    expect(await serverQuery(stack, 'select id from public.orgs')).toEqual([])
    const [made] = await serverQuery<{ token: string }>(stack, 'select public.create_setup_token() as token')
    const token = made!.token

    const page = await (await stack.phone()).newPage()
    await page.goto(`${stack.appUrl}/setup?token=${token}`)
    expect(await page.getByTestId('setup-token').locator('input').inputValue()).toBe(token)
    await fillSetup(page, 'shuji@district.example')
    await page.waitForURL((url) => url.pathname.startsWith('/review'))
    const orgs = await serverQuery<{ name: string; parent_id: string | null }>(stack, 'select name, parent_id from public.orgs')
    expect(orgs).toEqual([{ name: '某区卫生健康工作委员会', parent_id: null }])
    const roles = await serverQuery<{ email: string; role: string }>(stack,
      'select u.email, r.role from public.org_roles r join auth.users u on u.id = r.user_id')
    expect(roles).toEqual([{ email: 'shuji@district.example', role: 'reviewer' }])

    const other = await (await stack.phone()).newPage()
    await other.goto(`${stack.appUrl}/setup?token=${token}`)
    await fillSetup(other, 'someone@district.example')
    await expect.poll(() => other.getByTestId('setup-error').textContent().catch(() => '')).toContain('已被使用')
    expect(await serverQuery(stack, 'select id from public.orgs')).toHaveLength(1)
  })
})
