// The secretary keeps the roster (issue 5): search, a step along the mentee's path, a new person refused on bad
// input then saved, a transfer out, a new and renamed 党小组 with a member, the has_committee switch and its
// hint — each change reaching the server through sync.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chromiumSkipReason, expectBadge, serverQuery, signIn, startStack, type Stack } from './harness'

const BRANCH = '20000000-0000-4000-8000-000000000001' // 内科第一党支部: 30 people, 23 full members, two groups
const YU = '40000000-0000-4000-8000-000000000129' // 于海燕, applicant, mentee of a backbone_to_member pairing
const GAO = '40000000-0000-4000-8000-000000000114' // 高鹏, full member in 心内科党小组
const skip = chromiumSkipReason()

const today = async (stack: Stack) => (await serverQuery<{ d: string }>(stack, `select private.shanghai_today()::text as d`))[0]!.d
const person = async (stack: Stack, where: string, params: unknown[]) =>
  (await serverQuery<{ r: Record<string, unknown> }>(stack, `select to_jsonb(p) as r from public.people p where ${where}`, params))[0]?.r

describe.skipIf(skip)('roster management', () => {
  let stack: Stack
  let page: Page
  beforeAll(async () => {
    stack = await startStack()
    page = await (await stack.phone()).newPage()
    await signIn(page, stack.appUrl, 'secretary@demo.zhibu')
  })
  afterAll(async () => { await stack?.close() })

  test('lists the branch with counts, searches, and steps a mentee along the path', async () => {
    await page.goto(`${stack.appUrl}/roster`)
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toContain('30')
    expect(await page.getByTestId('roster-counts').textContent()).toContain('正式党员 23')
    expect(await page.getByTestId('committee-hint').count()).toBe(0)

    await page.getByTestId('roster-search').locator('input').fill('于海燕')
    await page.getByTestId(`person-${YU}`).click()
    await page.getByTestId('person-applied_on').waitFor()
    await page.getByTestId('person-step').click()
    await page.getByTestId('step-confirm').click()
    await page.getByText('身份已更新').waitFor()
    const day = await today(stack)
    await expect.poll(() => person(stack, 'id = $1', [YU])).toMatchObject({ party_status: 'activist', activist_on: day })
  })

  test('refuses a person without a name or the day of their status, then saves and transfers them out', async () => {
    await page.goto(`${stack.appUrl}/roster/new`)
    await page.getByTestId('save-person').click()
    await page.getByText('请填写姓名').first().waitFor()
    await page.getByTestId('person-name').locator('input').fill('测试新人')
    await page.getByTestId('person-status-applicant').click()
    await page.getByTestId('save-person').click()
    await page.getByText('请填写该阶段的日期').first().waitFor()
    expect(await person(stack, 'name = $1', ['测试新人'])).toBeUndefined()

    await page.getByTestId('person-applied_on').click()
    await page.locator('.van-picker__confirm').click()
    await page.getByTestId('save-person').click()
    await page.waitForURL((url) => url.pathname === '/roster')
    const day = await today(stack)
    await expect.poll(() => person(stack, 'name = $1', ['测试新人']))
      .toMatchObject({ branch_id: BRANCH, party_status: 'applicant', applied_on: day, left_branch_on: null })
    const saved = await person(stack, 'name = $1', ['测试新人'])

    await page.getByTestId(`person-${String(saved!.id)}`).click()
    await page.getByTestId('transfer-out').click()
    await page.getByTestId('transfer-confirm').click()
    await page.locator('.van-dialog__confirm').click()
    await page.getByTestId('transfer-undo').waitFor()
    await expect.poll(() => person(stack, 'id = $1', [saved!.id])).toMatchObject({ left_branch_on: day, deleted_at: null })
    await page.goto(`${stack.appUrl}/roster`)
    await page.getByTestId('roster-left').waitFor()
    expect(await page.getByTestId('roster-count').textContent()).toContain('30')
  })

  test('creates and renames a group, moves a member into it, and switches the committee off with a hint', async () => {
    await page.goto(`${stack.appUrl}/roster/groups`)
    await page.getByTestId('group-new').click()
    await page.locator('.van-dialog__confirm').click()
    await page.getByText('请填写党小组名称').waitFor()
    await page.getByTestId('group-name').locator('input').fill('消化科党小组')
    await page.locator('.van-dialog__confirm').click()
    const groupOnServer = async () =>
      (await serverQuery<{ id: string }>(stack, `select id from public.orgs where parent_id = $1 and name like '消化%'`, [BRANCH]))[0]
    await expect.poll(groupOnServer).toBeDefined()
    const group = await groupOnServer()

    await page.getByTestId(`group-rename-${group!.id}`).click()
    await page.getByTestId('group-name').locator('input').fill('消化内科党小组')
    await page.locator('.van-dialog__confirm').click()
    await page.getByTestId(`group-${group!.id}`).click()
    await page.getByTestId(`group-member-${GAO}`).click()
    await page.getByTestId('group-members-save').click()
    await page.getByTestId(`group-${group!.id}`).filter({ hasText: '成员 1 人' }).waitFor()

    await page.getByTestId('has-committee').click()
    await page.getByTestId('committee-hint').filter({ hasText: '正式党员已满 7 人' }).waitFor()
    const branchOnServer = async () =>
      (await serverQuery<{ has_committee: boolean }>(stack, `select has_committee from public.orgs where id = $1`, [BRANCH]))[0]?.has_committee
    await expect.poll(branchOnServer).toBe(false)
    await expectBadge(page, /已同步/)
    const [org] = await serverQuery<{ name: string }>(stack, `select name from public.orgs where id = $1`, [group!.id])
    expect(org?.name).toBe('消化内科党小组')
    expect(await person(stack, 'id = $1', [GAO])).toMatchObject({ group_id: group!.id })
  })
})
