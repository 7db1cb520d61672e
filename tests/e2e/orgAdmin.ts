// Steps of 组织管理 as a reviewer takes them on the phone (works offline: the screens read the device).
import type { Page } from 'playwright-core'

export interface OrgInput { kind: 'committee' | 'branch' | 'group'; name: string; parentName: string }

/** The org's line in the tree (exact name). */
export const treeNode = (page: Page, name: string) => page.locator(`[data-testid="org-node"][data-name="${name}"]`)

/** Picks a parent in the open picker by its exact name. */
export async function pickParent(page: Page, name: string): Promise<void> {
  await page.locator(`[data-testid="org-parent-option"][data-name="${name}"]`).click()
}

/** 组织管理 → 新建组织: kind, name, parent, 保存; returns once the new org is in the tree. */
export async function createOrg(page: Page, { kind, name, parentName }: OrgInput): Promise<void> {
  const url = new URL(page.url())
  if (url.pathname !== '/review/orgs') await page.goto(`${url.origin}/review/orgs`)
  await page.getByTestId('org-new').click()
  const sheet = page.getByTestId('org-new-sheet')
  await sheet.getByTestId('org-new-kind').locator(`[data-kind="${kind}"]`).click()
  await sheet.getByTestId('org-new-name').locator('input').fill(name)
  await sheet.getByTestId('org-new-parent').click()
  await pickParent(page, parentName)
  await sheet.getByTestId('org-save').click()
  await treeNode(page, name).waitFor()
}
