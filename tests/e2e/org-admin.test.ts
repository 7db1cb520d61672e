// 组织管理 in real Chromium (issue 14 item 2): a reviewer creates a committee and a branch offline and they reach
// the server when the network is back; then renames, moves and sets 支委会 on the branch, each with its audit
// row shown in 变更记录; a clashing name and a non-empty branch are refused on the phone with the reason; an
// empty org is deleted and restored.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chromiumSkipReason, expectBadge, serverQuery, signIn, startStack, waitForServiceWorker, type Stack } from './harness'
import { createOrg, pickParent, treeNode } from './orgAdmin'

const skip = chromiumSkipReason()
/** The confirm button of the dialog on screen (closed dialogs stay in the page, hidden). */
const confirmDialog = (page: Page) => page.locator('.van-dialog__confirm:visible').click()
const HOSPITAL = '市第一人民医院党委' // the demo reviewer's committee (supabase/seed.sql)

interface ServerOrg { name: string; parent: string | null; has_committee: boolean; deleted: boolean }
const serverOrg = (stack: Stack, id: string) => serverQuery<ServerOrg>(stack, `select o.name, p.name as parent, o.has_committee,
  o.deleted_at is not null as deleted from public.orgs o left join public.orgs p on p.id = o.parent_id where o.id = $1`, [id])

describe.skipIf(skip)('组织管理 (issue 14)', () => {
  let stack: Stack
  beforeAll(async () => { stack = await startStack() })
  afterAll(async () => { await stack?.close() })

  test('create offline, rename, move, 支委会, refusals, delete and restore, with the history', async () => {
    const context = await stack.phone()
    const page = await context.newPage()
    await signIn(page, stack.appUrl, 'reviewer@demo.zhibu')
    await waitForServiceWorker(page)
    await page.getByTestId('review-orgs').click()
    await treeNode(page, HOSPITAL).waitFor()
    await treeNode(page, '内科第一党支部').waitFor()

    // offline: a committee and a branch, kept on the phone until the network is back
    await context.setOffline(true)
    await createOrg(page, { kind: 'committee', name: '东院区党总支', parentName: HOSPITAL })
    await createOrg(page, { kind: 'branch', name: '急诊科党支部', parentName: HOSPITAL })
    expect(await serverQuery(stack, `select id from public.orgs where name in ('东院区党总支', '急诊科党支部')`)).toEqual([])

    // a name that clashes with a sibling's (spaces do not count) is refused before anything is written
    await page.getByTestId('org-new').click()
    const sheet = page.getByTestId('org-new-sheet')
    await sheet.getByTestId('org-new-kind').locator('[data-kind="branch"]').click()
    await sheet.getByTestId('org-new-name').locator('input').fill('外科 党支部')
    await sheet.getByTestId('org-new-parent').click()
    await pickParent(page, HOSPITAL)
    await sheet.getByTestId('org-save').click()
    await sheet.getByText('同一上级下已有同名组织').waitFor()
    await page.keyboard.press('Escape')
    await sheet.locator('.van-popup__close-icon').click()

    await context.setOffline(false)
    await expectBadge(page, /已同步/)
    await expect.poll(() => serverQuery(stack, `select o.name, o.kind, p.name as parent from public.orgs o join public.orgs p on p.id = o.parent_id
      where o.name in ('东院区党总支', '急诊科党支部') order by o.kind desc`)).toEqual([
      { name: '东院区党总支', kind: 'committee', parent: HOSPITAL }, { name: '急诊科党支部', kind: 'branch', parent: HOSPITAL }])
    expect(await serverQuery(stack, `select name from public.orgs where name like '外科%'`)).toEqual([{ name: '外科党支部' }])
    const [branch] = await serverQuery<{ id: string }>(stack, `select id from public.orgs where name = '急诊科党支部'`)

    // online: rename, move under the new committee, set up its committee; each reaches the server
    await treeNode(page, '急诊科党支部').click()
    await page.getByTestId('org-rename').click()
    await page.getByTestId('org-rename-name').locator('input').fill('  急诊医学科党支部 ')
    await confirmDialog(page)
    await expect.poll(() => serverOrg(stack, branch!.id)).toEqual([{ name: '急诊医学科党支部', parent: HOSPITAL, has_committee: false, deleted: false }])
    await page.getByTestId('org-move').click()
    await pickParent(page, '东院区党总支')
    await confirmDialog(page)
    await expect.poll(() => serverOrg(stack, branch!.id)).toEqual([{ name: '急诊医学科党支部', parent: '东院区党总支', has_committee: false, deleted: false }])
    await page.getByTestId('org-has-committee').click()
    await expect.poll(() => serverOrg(stack, branch!.id)).toEqual([{ name: '急诊医学科党支部', parent: '东院区党总支', has_committee: true, deleted: false }])

    // 变更记录: one row per change, newest first, by the reviewer
    const history = page.getByTestId('org-history').getByTestId('org-change')
    await expect.poll(() => history.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))))
      .toEqual(['set_committee', 'move', 'rename', 'create'])
    expect(await history.nth(2).textContent()).toContain('改名：急诊科党支部 → 急诊医学科党支部')
    expect(await serverQuery(stack, `select count(*)::int as n from public.org_changes c join auth.users u on u.id = c.actor
      where c.org_id = $1 and u.email = 'reviewer@demo.zhibu'`, [branch!.id])).toEqual([{ n: 4 }])

    // a branch with people cannot be deleted: the phone says why and queues nothing
    await page.goto(`${stack.appUrl}/review/orgs/20000000-0000-4000-8000-000000000003`)
    await page.getByTestId('org-delete').click()
    await page.locator('.van-dialog:visible').getByText(/名党员或人员/).waitFor()
    await confirmDialog(page)

    // the empty branch is deleted, then restored
    await page.goto(`${stack.appUrl}/review/orgs/${branch!.id}`)
    await page.getByTestId('org-delete').click()
    await confirmDialog(page)
    await page.waitForURL((url) => url.pathname === '/review/orgs')
    await page.locator('[data-testid="org-deleted-node"][data-name="急诊医学科党支部"]').click()
    await expect.poll(() => serverOrg(stack, branch!.id).then((r) => r[0]?.deleted)).toBe(true)
    await page.getByTestId('org-restore').click()
    await confirmDialog(page)
    await expect.poll(() => serverOrg(stack, branch!.id).then((r) => r[0]?.deleted)).toBe(false)
    expect(await serverQuery(stack, 'select id from public.orgs where id = $1 and deleted_at is not null', ['20000000-0000-4000-8000-000000000003'])).toEqual([])
    await context.close()
  })
})
