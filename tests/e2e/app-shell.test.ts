// The app shell around the screens: a new deployment is offered with "发现新版本" and taken on a tap, the
// screens name the user's branch, and the language chosen in 我的 stays chosen.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chromiumSkipReason, signIn, startStack, waitForServiceWorker, type Stack } from './harness'

const skip = chromiumSkipReason()

describe.skipIf(skip)('app shell', () => {
  let stack: Stack
  beforeAll(async () => { stack = await startStack() })
  afterAll(async () => { await stack?.close() })

  test('a new version is offered, not forced, and taken on a tap', async () => {
    const page = await (await stack.phone()).newPage()
    await signIn(page, stack.appUrl, 'secretary@demo.zhibu')
    await waitForServiceWorker(page)
    await page.goto(`${stack.appUrl}/me`)
    const version = page.getByTestId('app-version')
    const before = (await version.textContent())?.trim()
    expect(before).toMatch(/^\d+\.\d+\.\d+$/)

    await stack.redeploy(`${before}-next`)
    await page.reload() // the browser checks for a new worker on navigation
    const notice = page.getByTestId('update-notice')
    await notice.waitFor()
    expect(await notice.textContent()).toContain('发现新版本')
    expect((await version.textContent())?.trim()).toBe(before) // still the old version until she taps

    await notice.click()
    await expect.poll(async () => (await page.getByTestId('app-version').textContent().catch(() => ''))?.trim())
      .toBe(`${before}-next`)
    expect(await page.getByTestId('update-notice').count()).toBe(0)
  })

  test('今日 and 我的 name the branch the user works in, for its secretary and for a member', async () => {
    for (const email of ['secretary@demo.zhibu', 'member@demo.zhibu']) {
      const context = await stack.phone()
      const page = await context.newPage()
      await signIn(page, stack.appUrl, email)
      await page.goto(`${stack.appUrl}/`)
      await expect.poll(() => page.locator('main h2.branch').textContent()).toBe('内科第一党支部')
      await page.goto(`${stack.appUrl}/me`)
      await page.locator('.van-cell__label', { hasText: '内科第一党支部' }).waitFor()
      await context.close()
    }
  })

  test('English, chosen in 我的, stays after a reload', async () => {
    const page = await (await stack.phone()).newPage()
    await signIn(page, stack.appUrl, 'member@demo.zhibu')
    await page.goto(`${stack.appUrl}/me`)
    await page.getByTestId('locale-en').click()
    await expect.poll(() => page.locator('.van-nav-bar__title').textContent()).toBe('Me')
    await page.reload()
    await expect.poll(() => page.locator('.van-nav-bar__title').textContent()).toBe('Me')
    expect(await page.locator('.van-tabbar').textContent()).not.toMatch(/[\u4e00-\u9fff]/)
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
  })
})
