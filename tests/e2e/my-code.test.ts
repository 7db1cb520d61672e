// 我的签到码 in real Chromium at 390×844: a member opens her rotating code from 我的, it is the QR of
// makeCode('m', her person id, her key, the shown step), it keeps working offline, and without a key on the
// device the screen says so instead of showing a code.
import QRCode from 'qrcode'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { STEP_MS, makeCode } from '../../src/domain/checkin-codes'
import { chromiumSkipReason, serverQuery, signIn, startStack, waitForServiceWorker, type Stack } from './harness'

const MEMBER = '40000000-0000-4000-8000-000000000102' // 陈晓雯, member@demo.zhibu (supabase/seed.sql)
const skip = chromiumSkipReason()

describe.skipIf(skip)('我的签到码', () => {
  let stack: Stack
  beforeAll(async () => { stack = await startStack() })
  afterAll(async () => { await stack?.close() })

  test('the member\'s rotating code, online and offline', async () => {
    const [row] = await serverQuery<{ key: string }>(stack, 'select key from public.member_keys where id = $1', [MEMBER])
    const key = row!.key
    const phone = await stack.phone()
    const page = await phone.newPage()
    await signIn(page, stack.appUrl, 'member@demo.zhibu')
    await waitForServiceWorker(page)
    await page.goto(`${stack.appUrl}/me`)
    await page.getByTestId('me-code').click()
    await page.waitForURL((url) => url.pathname === '/me/code')

    const expectCodeOfShownStep = async () => {
      await page.getByTestId('my-code').locator('img').waitFor()
      await expect.poll(async () => {
        const [step, src] = await page.getByTestId('my-code').evaluate((el) => [el.getAttribute('data-step'), el.querySelector('img')?.getAttribute('src')])
        const text = await makeCode('m', MEMBER, key, Number(step) * STEP_MS)
        const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
        return src === `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
      }).toBe(true)
      expect(await page.getByTestId('my-code-countdown').textContent()).toMatch(/^([1-9]|[12][0-9]|30) 秒后刷新$/)
    }
    await expectCodeOfShownStep()

    await phone.setOffline(true)
    await page.reload()
    await expectCodeOfShownStep()
    expect(await page.getByTestId('my-code-empty').count()).toBe(0)
    await phone.setOffline(false)
  })

  test('no key on the device: a clear empty state, no code', async () => {
    await serverQuery(stack, 'update public.member_keys set deleted_at = now() where id = $1', [MEMBER])
    try {
      const page = await (await stack.phone()).newPage()
      await signIn(page, stack.appUrl, 'member@demo.zhibu')
      await page.goto(`${stack.appUrl}/me`)
      await page.getByTestId('me-attendance').waitFor()
      expect(await page.getByTestId('me-code').count()).toBe(0)
      await page.goto(`${stack.appUrl}/me/code`)
      await expect.poll(() => page.getByTestId('my-code-empty').textContent()).toContain('签到码尚未下发，请联网同步一次')
      expect(await page.getByTestId('my-code').count()).toBe(0)
    } finally {
      await serverQuery(stack, 'update public.member_keys set deleted_at = null where id = $1', [MEMBER])
    }
  })
})
