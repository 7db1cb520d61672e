// Nothing the secretary saved is lost (SPEC §7, issue 4): a write the server refuses waits in 需处理 with
// the reason until she discards it; an answer lost after the server committed does not duplicate the
// record; a page closed between the local write and the push loses nothing.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { chromiumSkipReason, expectBadge, serverQuery, signIn, startStack, waitForServiceWorker, type Stack } from './harness'

const BRANCH = '20000000-0000-4000-8000-000000000001'
const SECRETARY = '00000000-0000-4000-8000-000000000001'
const skip = chromiumSkipReason()

/** Records a held committee meeting from the 支委会 template, with a recognisable title. */
async function recordCommitteeMeeting(page: Page, appUrl: string, title: string): Promise<void> {
  await page.goto(`${appUrl}/activities/new?template=committee`)
  await page.getByTestId('activity-title').locator('input').fill(title)
  await page.getByTestId('save-activity').click()
  await page.getByTestId('all-present').waitFor()
}

const countOnServer = async (stack: Stack, title: string) =>
  (await serverQuery<{ n: number }>(stack, 'select count(*)::int as n from public.activities where title = $1', [title]))[0]?.n

describe.skipIf(skip)('nothing the secretary saved is lost', () => {
  let stack: Stack
  beforeAll(async () => { stack = await startStack() })
  afterAll(async () => { await stack?.close() })
  // every test starts with the demo secretary's role in place, whatever an earlier one did to it
  beforeEach(async () => {
    await serverQuery(stack, `update public.org_roles set deleted_at = null where user_id = $1 and org_id = $2 and role = 'secretary'`, [SECRETARY, BRANCH])
  })

  test('a refused write waits in 需处理 with the reason until it is sent again or discarded', async () => {
    const context = await stack.phone()
    const page = await context.newPage()
    await signIn(page, stack.appUrl, 'secretary@demo.zhibu')
    await waitForServiceWorker(page)
    const revoke = (deleted: boolean) => serverQuery(stack,
      `update public.org_roles set deleted_at = ${deleted ? 'now()' : 'null'} where user_id = $1 and org_id = $2 and role = 'secretary'`, [SECRETARY, BRANCH])
    const items = page.getByTestId('rejected-list').locator('[data-testid^="rejected-item-"]')

    // offline, she records a meeting; meanwhile the committee office revokes her role on the server
    await context.setOffline(true)
    await revoke(true)
    await recordCommitteeMeeting(page, stack.appUrl, '撤销权限后的支委会')
    await context.setOffline(false)
    await expectBadge(page, /需处理/)
    await page.goto(`${stack.appUrl}/me`)
    await expect.poll(() => items.count()).toBe(1)
    const text = await items.first().textContent()
    expect(text).toContain('撤销权限后的支委会') // named by its own title
    expect(text).toContain('你在「内科第一党支部」的支部书记角色已于') // the reason in plain Chinese, naming the role and branch
    expect(text).toMatch(/role revoked: secretary \d{4}-\d{2}-\d{2}/) // and the server's own words
    // still there after a reload: kept on the device, not silently dropped, and not on the server
    await page.reload()
    await expect.poll(() => items.count()).toBe(1)
    expect(await countOnServer(stack, '撤销权限后的支委会')).toBe(0)

    // the role is restored: sending it again lands it
    await revoke(false)
    await items.first().getByTestId('rejected-retry').click()
    await expect.poll(() => countOnServer(stack, '撤销权限后的支委会')).toBe(1)
    await expect.poll(() => items.count()).toBe(0)
    await expectBadge(page, /已同步/)

    // refused again (revoked while she is offline), and this time discarded: gone from the device, never on the server
    await context.setOffline(true)
    await revoke(true)
    await recordCommitteeMeeting(page, stack.appUrl, '放弃的支委会')
    await context.setOffline(false)
    await expectBadge(page, /需处理/)
    await page.goto(`${stack.appUrl}/me`)
    await expect.poll(() => items.count()).toBe(1)
    await items.first().getByTestId('rejected-discard').click()
    await page.locator('.van-dialog__confirm').click()
    await expect.poll(() => items.count()).toBe(0)
    await expectBadge(page, /已同步/)
    await page.goto(`${stack.appUrl}/activities`)
    await page.locator('[data-testid^="activity-card-"]').first().waitFor()
    expect(await page.getByText('放弃的支委会').count()).toBe(0)
    expect(await countOnServer(stack, '放弃的支委会')).toBe(0)
    await context.close()
  })

  test('an answer lost after the server committed does not duplicate the record', async () => {
    const context = await stack.phone()
    const page = await context.newPage()
    await signIn(page, stack.appUrl, 'secretary@demo.zhibu')
    let dropped = 0
    // the first push reaches the server, which commits; its answer never reaches the phone
    await context.route('**/rest/v1/rpc/sync_push', async (route) => {
      if (dropped > 0) return route.continue()
      dropped += 1
      await route.fetch()
      await route.abort('connectionreset')
    })
    await recordCommitteeMeeting(page, stack.appUrl, '丢失应答的支委会')
    await expect.poll(() => dropped).toBe(1)
    await expectBadge(page, /已同步/)
    expect(await countOnServer(stack, '丢失应答的支委会')).toBe(1)
    await context.close()
  })

  test('a page closed right after saving loses nothing', async () => {
    const context = await stack.phone()
    let page = await context.newPage()
    await signIn(page, stack.appUrl, 'secretary@demo.zhibu')
    await recordCommitteeMeeting(page, stack.appUrl, '保存后立即关闭的支委会')
    await page.close() // before the debounced push
    page = await context.newPage()
    await page.goto(`${stack.appUrl}/activities`)
    await page.getByText('保存后立即关闭的支委会').waitFor() // still on the device
    await expect.poll(() => countOnServer(stack, '保存后立即关闭的支委会')).toBe(1)
    await expectBadge(page, /已同步/)
    await context.close()
  })
})
