// The browser wipes the app's IndexedDB but keeps localStorage, so the session survives (iOS does this under
// storage pressure): on the next start the app says so, names the unsynced edit that was lost, and the roster
// comes back from the server; the backup exported before brings the lost edit back (issue 15 item 4).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chromiumSkipReason, expectBadge, serverQuery, signIn, startStack, waitForServiceWorker, type Stack } from './harness'

const SECRETARY = '00000000-0000-4000-8000-000000000001'
const YU = '40000000-0000-4000-8000-000000000129' // 于海燕
const skip = chromiumSkipReason()

describe.skipIf(skip)('eviction of the device database', () => {
  let stack: Stack
  beforeAll(async () => { stack = await startStack() })
  afterAll(async () => { await stack?.close() })

  test('a wiped database with a pending edit: the notice names the lost edit, the roster is pulled again', async () => {
    const context = await stack.phone()
    const page = await context.newPage()
    await signIn(page, stack.appUrl, 'secretary@demo.zhibu')
    await waitForServiceWorker(page)

    // offline, she edits 于海燕's department: saved on the phone, waiting for the server
    await context.setOffline(true)
    await page.goto(`${stack.appUrl}/roster/${YU}`)
    await page.getByTestId('person-department').locator('input').fill('眼科（未同步）')
    await page.getByTestId('save-person').click()
    await expectBadge(page, /1 条待同步/)
    // the marker beside the session has recorded the pending edit
    await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? '{}').unsynced === 1, `zhibu.device.${SECRETARY}`)
    // and she exports a backup (still offline), which holds the pending edit
    await page.goto(`${stack.appUrl}/me`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-backup').click()])
    const backupFile = await download.path()

    // the browser deletes the database (the app closes its connection when asked), localStorage stays
    const deleted = await page.evaluate(() => new Promise<string>((resolve) => {
      const request = indexedDB.deleteDatabase('zhibu')
      request.onsuccess = () => resolve('deleted')
      request.onerror = () => resolve(`error: ${String(request.error)}`)
    }))
    expect(deleted).toBe('deleted')
    expect(await page.evaluate(() => localStorage.getItem('zhibu.user'))).toContain(SECRETARY)

    await context.setOffline(false)
    await page.goto(`${stack.appUrl}/roster`)
    const notice = page.getByTestId('eviction-notice')
    await notice.waitFor()
    expect(await notice.textContent()).toContain('本机数据曾被浏览器清除，已从服务器重新下载')
    expect(await page.getByTestId('eviction-lost').textContent()).toContain('这些未同步的修改已丢失：党员 · 于海燕')
    await expectBadge(page, /已同步/) // the full re-pull is done
    await page.goto(`${stack.appUrl}/roster`)
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toContain('30') // back from the server
    await notice.waitFor() // the notice stays across navigation until closed (the shell draws it a task after the screen)
    const [yu] = await serverQuery<{ department: string | null }>(stack, 'select department from public.people where id = $1', [YU])
    expect(yu?.department).not.toBe('眼科（未同步）') // the lost edit never reached the server

    // 从备份恢复 brings the lost edit back: queued again, it reaches the server
    await page.goto(`${stack.appUrl}/me`)
    await page.getByTestId('restore-file').setInputFiles(backupFile)
    await page.locator('.van-dialog__confirm').click()
    await expect.poll(async () => (await serverQuery<{ department: string | null }>(stack,
      'select department from public.people where id = $1', [YU]))[0]?.department).toBe('眼科（未同步）')
    await expectBadge(page, /已同步/)

    // still shown after a reload until she closes it; then gone for good
    await page.reload()
    await notice.waitFor()
    await notice.locator('.van-notice-bar__right-icon').click()
    await notice.waitFor({ state: 'detached' })
    await page.reload()
    await page.getByTestId('app-version').waitFor()
    expect(await notice.count()).toBe(0)
    await context.close()
  })
})
