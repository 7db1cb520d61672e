// Invitations in the app (issue 14 item 3): the secretary opens a member's roster entry, 邀请注册 shows a QR and a
// link; the member opens the link on her own phone, signs up, and sees 我的签到码 — her account is that roster
// entry. The link then refuses a second use with the reason. 投诉建议 from 我的 reaches the server as text only and the
// root committee's reviewer reads it in 审阅 → 投诉建议.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chromiumSkipReason, serverQuery, signIn, startStack, type Stack } from './harness'

const skip = chromiumSkipReason()
const BRANCH = '20000000-0000-4000-8000-000000000001' // 内科第一党支部, the demo secretary's

describe.skipIf(skip)('invitations', () => {
  let stack: Stack
  beforeAll(async () => { stack = await startStack() })
  afterAll(async () => { await stack?.close() })

  async function join(page: import('playwright-core').Page, link: string, email: string) {
    await page.goto(link)
    await page.getByTestId('join-email').locator('input').fill(email)
    await page.getByTestId('join-password').locator('input').fill('zhibu-member')
    await page.getByTestId('join-confirm').locator('input').fill('zhibu-member')
    await page.getByTestId('join-submit').click()
  }

  test('a secretary invites a member by QR/link; the member signs up and has her check-in code', async () => {
    const [person] = await serverQuery<{ id: string; name: string }>(stack,
      `select id, name from public.people where branch_id = $1 and user_id is null and party_status = 'full'
          and deleted_at is null and left_branch_on is null order by name limit 1`, [BRANCH])
    const secretary = await (await stack.phone()).newPage()
    await signIn(secretary, stack.appUrl, 'secretary@demo.zhibu')
    await secretary.goto(`${stack.appUrl}/roster/${person!.id}`)
    await secretary.getByTestId('person-invite').click()
    await secretary.getByTestId('invite-qr').waitFor()
    const link = (await secretary.getByTestId('invite-link').textContent())!.trim()
    expect(link).toMatch(new RegExp(`^${stack.appUrl}/join\\?code=[0-9a-f]{32}$`))

    const member = await (await stack.phone()).newPage()
    await join(member, link, 'new-member@hospital.example')
    await member.waitForURL((url) => !url.pathname.startsWith('/join'))
    const linked = await serverQuery<{ email: string }>(stack,
      'select u.email from public.people p join auth.users u on u.id = p.user_id where p.id = $1', [person!.id])
    expect(linked).toEqual([{ email: 'new-member@hospital.example' }])
    await member.goto(`${stack.appUrl}/me/code`)
    await member.getByTestId('my-code').locator('img').waitFor()

    const late = await (await stack.phone()).newPage()
    await join(late, link, 'someone-else@hospital.example')
    await expect.poll(() => late.getByTestId('join-error').textContent().catch(() => '')).toContain('已被使用')
  })

  test('投诉建议 from 我的 reaches the server as text only, and the root committee\'s reviewer reads it', async () => {
    const page = await (await stack.phone()).newPage()
    await signIn(page, stack.appUrl, 'member@demo.zhibu')
    await page.goto(`${stack.appUrl}/me`)
    await page.getByTestId('me-feedback').click()
    await page.getByTestId('feedback-submit').click()
    await page.getByText('请先写下内容').waitFor()
    await page.getByTestId('feedback-body').locator('textarea').fill('希望增加党课课件下载')
    await page.getByTestId('feedback-submit').click()
    await page.waitForURL((url) => url.pathname === '/me')
    await expect.poll(() => serverQuery(stack, 'select body, contact from public.feedback'))
      .toEqual([{ body: '希望增加党课课件下载', contact: null }])

    // the demo reviewer reviews the hospital; feedback goes to the root committee's reviewers, so make it one
    await serverQuery(stack, `insert into public.org_roles (user_id, org_id, role)
      select u.id, o.id, 'reviewer' from auth.users u, public.orgs o where u.email = 'reviewer@demo.zhibu' and o.parent_id is null`)
    const reviewer = await (await stack.phone()).newPage()
    await signIn(reviewer, stack.appUrl, 'reviewer@demo.zhibu')
    await reviewer.goto(`${stack.appUrl}/review`)
    await reviewer.getByTestId('review-feedback').click()
    await expect.poll(() => reviewer.getByTestId('feedback-item').allTextContents()).toEqual([expect.stringContaining('希望增加党课课件下载')])
  })
})
