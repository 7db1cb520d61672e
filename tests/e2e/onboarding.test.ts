// Issue 14's acceptance, end to end from an EMPTY project: the owner's set-up code → the first reviewer creates two
// branches and a group offline and syncs → invites a secretary (link + QR) → the secretary signs up in a second
// context, claims it, imports a 40-row .xlsx with 3 bad rows (the preview names exactly those 3) → invites a
// member, who signs up and sees 我的签到码. Then the reviewer revokes the secretary: her next sync withdraws the
// branch's rows from her phone, and her pending write waits in 需处理 with the reason.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { rosterWorkbook } from '../fixtures/rosterWorkbook'
import { chromiumSkipReason, expectBadge, serverQuery, startStack, waitForServiceWorker, type Stack } from './harness'
import { createOrg } from './orgAdmin'

const skip = chromiumSkipReason()
const BRANCH = '心血管内科党支部'

/** The rows of one store of the page's database (IndexedDB 'zhibu'). */
async function localRows(page: Page, store: string): Promise<Record<string, unknown>[]> {
  return page.evaluate((name) => new Promise((resolve, reject) => {
    const open = indexedDB.open('zhibu')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const request = open.result.transaction(name).objectStore(name).getAll()
      request.onerror = () => reject(request.error)
      request.onsuccess = () => {
        resolve(request.result as Record<string, unknown>[])
        open.result.close()
      }
    }
  }), store)
}

async function join(page: Page, link: string, email: string, password: string): Promise<void> {
  await page.goto(link)
  await page.getByTestId('join-email').locator('input').fill(email)
  await page.getByTestId('join-password').locator('input').fill(password)
  await page.getByTestId('join-confirm').locator('input').fill(password)
  await page.getByTestId('join-submit').click()
  await page.waitForURL((url) => !url.pathname.startsWith('/join'))
}

async function inviteLink(page: Page): Promise<string> {
  await page.getByTestId('invite-qr').waitFor()
  return (await page.getByTestId('invite-link').textContent())!.trim()
}

describe.skipIf(skip)('a committee starts on its own (issue 14)', () => {
  let stack: Stack
  beforeAll(async () => { stack = await startStack({ empty: true }) })
  afterAll(async () => { await stack?.close() })

  test('set-up → orgs offline → secretary → import → member → revocation', async () => {
    // 1. the first reviewer, from the owner's one-time code
    const [made] = await serverQuery<{ token: string }>(stack, 'select public.create_setup_token() as token')
    const reviewerContext = await stack.phone()
    const reviewer = await reviewerContext.newPage()
    await reviewer.goto(`${stack.appUrl}/setup?token=${made!.token}`)
    await reviewer.getByTestId('setup-name').locator('input').fill('某区卫生健康工作委员会')
    await reviewer.getByTestId('setup-email').locator('input').fill('shuji@district.example')
    await reviewer.getByTestId('setup-password').locator('input').fill('zhibu-first')
    await reviewer.getByTestId('setup-confirm').locator('input').fill('zhibu-first')
    await reviewer.getByTestId('setup-submit').click()
    await reviewer.waitForURL((url) => url.pathname.startsWith('/review'))
    await expectBadge(reviewer, /已同步/)
    await waitForServiceWorker(reviewer)

    // 2. two branches and a group, made offline, synced when the network is back
    await reviewerContext.setOffline(true)
    await createOrg(reviewer, { kind: 'branch', name: BRANCH, parentName: '某区卫生健康工作委员会' })
    await createOrg(reviewer, { kind: 'branch', name: '外科党支部', parentName: '某区卫生健康工作委员会' })
    await createOrg(reviewer, { kind: 'group', name: '第一党小组', parentName: BRANCH })
    expect(await serverQuery(stack, `select id from public.orgs where kind <> 'committee'`)).toEqual([])
    await reviewerContext.setOffline(false)
    await expect.poll(() => serverQuery<{ name: string; kind: string }>(stack,
      `select name, kind from public.orgs where kind <> 'committee' order by kind, name`)).toEqual([
      { name: '外科党支部', kind: 'branch' }, { name: BRANCH, kind: 'branch' }, { name: '第一党小组', kind: 'group' }])
    const [branch] = await serverQuery<{ id: string }>(stack, 'select id from public.orgs where name = $1', [BRANCH])

    // 3. the reviewer invites the branch's secretary
    await reviewer.goto(`${stack.appUrl}/review/orgs/${branch!.id}`)
    await reviewer.getByTestId('role-invite-secretary').click()
    await reviewer.getByTestId('role-invite-name').locator('input').fill('王书记')
    await reviewer.getByTestId('role-invite-submit').click()
    const secretaryLink = await inviteLink(reviewer)
    expect(secretaryLink).toMatch(new RegExp(`^${stack.appUrl}/join\\?code=[0-9a-f]{32}$`))

    // 4. the secretary signs up on her own phone and claims it
    const secretaryContext = await stack.phone()
    const secretary = await secretaryContext.newPage()
    await join(secretary, secretaryLink, 'wang@hospital.example', 'zhibu-secretary')
    await expectBadge(secretary, /已同步/)
    await waitForServiceWorker(secretary)
    expect(await serverQuery(stack, `select r.holder_name, r.granted_by is not null as granted from public.org_roles r
       join auth.users u on u.id = r.user_id where u.email = 'wang@hospital.example'`)).toEqual([{ holder_name: '王书记', granted: true }])

    // 5. she imports the committee's spreadsheet: the preview names exactly the 3 bad rows
    const workbook = rosterWorkbook()
    await secretary.goto(`${stack.appUrl}/roster`)
    await secretary.getByTestId('roster-import').click()
    await secretary.locator('input[type=file]').setInputFiles({
      name: '党员名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: workbook.buffer })
    const errors = secretary.getByTestId('import-preview-error')
    await expect.poll(() => errors.count()).toBe(workbook.badRows.length)
    const texts = await errors.allTextContents()
    for (const bad of workbook.badRows) expect(texts.some((text) => text.includes(`第 ${bad.row} 行`))).toBe(true)
    await secretary.getByTestId('import-submit').click()
    await secretary.waitForURL((url) => url.pathname === '/roster')
    await expect.poll(() => serverQuery(stack, 'select id from public.people where branch_id = $1', [branch!.id]).then((r) => r.length))
      .toBe(workbook.validCount)

    // 6. she invites a member, who signs up and sees her check-in code
    const [person] = await serverQuery<{ id: string; name: string }>(stack,
      `select id, name from public.people where branch_id = $1 and party_status = 'full' order by name limit 1`, [branch!.id])
    await secretary.goto(`${stack.appUrl}/roster/${person!.id}`)
    await secretary.getByTestId('person-invite').click()
    const memberLink = await inviteLink(secretary)
    const member = await (await stack.phone()).newPage()
    await join(member, memberLink, 'member@hospital.example', 'zhibu-member')
    await member.goto(`${stack.appUrl}/me/code`)
    await member.getByTestId('my-code').locator('img').waitFor()

    // 7. offline, the secretary edits a member; meanwhile the reviewer revokes her role
    const [edited] = await serverQuery<{ id: string }>(stack,
      'select id from public.people where branch_id = $1 and id <> $2 order by name limit 1', [branch!.id, person!.id])
    await secretary.goto(`${stack.appUrl}/roster/${edited!.id}`)
    await secretaryContext.setOffline(true)
    await secretary.getByTestId('person-department').locator('input').fill('心血管内科二病区')
    await secretary.getByTestId('save-person').click()
    await expectBadge(secretary, /待同步|离线/)

    await reviewer.goto(`${stack.appUrl}/review/orgs/${branch!.id}`)
    const holder = reviewer.getByTestId('role-holder').filter({ hasText: '王书记' })
    await holder.getByTestId('role-revoke').click()
    await reviewer.locator('.van-dialog__confirm').click()
    await expect.poll(() => serverQuery(stack, `select r.revoked_by is not null as revoked from public.org_roles r
      join auth.users u on u.id = r.user_id where u.email = 'wang@hospital.example'`)).toEqual([{ revoked: true }])
    await reviewer.getByTestId('role-history').filter({ hasText: '王书记' }).waitFor()

    // 8. her next sync: the branch's rows leave her phone, the pending edit waits in 需处理 with the reason
    await secretaryContext.setOffline(false)
    await secretary.goto(`${stack.appUrl}/me`)
    await expect.poll(() => secretary.getByTestId('rejected-list').textContent()).toContain(`你在「${BRANCH}」的支部书记角色已于`)
    await expect.poll(async () => (await localRows(secretary, 'people')).map((p) => p.id)).toEqual([edited!.id])
    expect((await localRows(secretary, 'activities'))).toEqual([])
    expect(await serverQuery(stack, 'select department from public.people where id = $1', [edited!.id]))
      .not.toEqual([{ department: '心血管内科二病区' }])
  })
})
