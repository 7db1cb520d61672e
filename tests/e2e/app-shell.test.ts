// The app shell around the screens: a new deployment is offered with "发现新版本" and taken on a tap, the
// screens name the user's branch, the language chosen in 我的 stays chosen, and an offline start draws 今日 as last
// seen before the app's code has run.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { LIVE_DUE_ROW, chromiumSkipReason, keepSecretaryToday, signIn, startStack, waitForServiceWorker, type Stack } from './harness'

const skip = chromiumSkipReason()

/**
 * Page source: how the due rows, the nav bar and the tab bar under \`root\` are drawn (box sizes, a row title's font
 * and colour), to compare the snapshot drawn with the CSS it kept to the live screen.
 */
const look = `(root) => {
  const box = (el) => { const r = el.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)] }
  const all = (sel) => [...document.querySelectorAll(root + ' ' + sel)]
  const title = all('.van-cell__title')[0]
  const font = title ? getComputedStyle(title) : null
  return {
    rows: all('.van-cell').slice(0, 6).map(box),
    bars: all('.van-nav-bar, .van-tabbar').map(box),
    icons: all('.van-tabbar .van-icon').map(box),
    title: font ? [font.fontSize, font.fontWeight, font.color, font.lineHeight] : null,
  }
}`

/**
 * Page source (not a function: tsx would wrap it in a helper the page lacks): the first time the first-paint
 * snapshot's due rows are in the document, records their text, whether the live list was there yet, whether the
 * snapshot was inert, whether any of the app's stylesheets applied yet, and how the rows and bars are drawn.
 */
const recordFirstPaint = `(() => {
  window.__look = ${look}
  const observer = new MutationObserver(() => {
    const rows = [...document.querySelectorAll('[data-snapshot-of="due-list"] .van-cell')]
    if (rows.length === 0) return
    observer.disconnect()
    window.__firstPaint = {
      rows: rows.map((r) => r.textContent),
      liveThen: document.querySelector('[data-testid="due-list"]') !== null,
      inert: document.querySelector('[data-snapshot]')?.hasAttribute('inert') ?? false,
      appCss: document.querySelectorAll('link[rel="stylesheet"]').length,
      look: window.__look('[data-snapshot]'),
    }
  })
  observer.observe(document, { childList: true, subtree: true })
})()`

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

  test('offline, a new tab draws 今日 as last seen before the app runs, inert, then the live screen takes over', async () => {
    const context = await stack.phone()
    const page = await context.newPage()
    await keepSecretaryToday(page, stack.appUrl)
    const lastSeen = await page.locator(LIVE_DUE_ROW).allTextContents()
    await context.setOffline(true)
    await page.close() // as from the home screen: no other page of the app is open

    const tab = await context.newPage()
    await tab.addInitScript({ content: recordFirstPaint })
    await tab.goto(`${stack.appUrl}/`, { waitUntil: 'commit' })
    await tab.locator(LIVE_DUE_ROW).first().waitFor()
    const first = await tab.evaluate(() => (window as unknown as { __firstPaint?: unknown }).__firstPaint)
    // the live screen replaces it: nothing dead is left to tap, and it shows the same rows
    await expect.poll(() => tab.locator('[data-snapshot], [data-snapshot-of]').count()).toBe(0)
    expect(await tab.evaluate(() => document.documentElement.classList.contains('zb-first-paint'))).toBe(false)
    expect(await tab.locator(LIVE_DUE_ROW).allTextContents()).toEqual(lastSeen)
    // it was drawn before any of the app's stylesheets applied, with the CSS it kept, as the live screen draws it
    const live = await tab.evaluate(`(${look})('body')`)
    expect(first).toEqual({ rows: lastSeen, liveThen: false, inert: true, appCss: 0, look: live })
    await context.close()
  })
})
