// Roster import (issue 14 item 5): the secretary downloads the template, picks a 40-row .xlsx with 3 bad rows,
// sees exactly those 3 in the preview, imports the 37 others at once, and they reach the server; the same file
// again finds all of them on the roster.
import * as XLSX from '@e965/xlsx'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { rosterWorkbook } from '../fixtures/rosterWorkbook'
import { chromiumSkipReason, expectBadge, serverQuery, signIn, startStack, type Stack } from './harness'

const BRANCH = '20000000-0000-4000-8000-000000000001' // 内科第一党支部: 30 people
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const REASONS = { date: '不是有效日期', status: '无法识别', duplicate: '重复' } as const
const skip = chromiumSkipReason()

describe.skipIf(skip)('roster import', () => {
  let stack: Stack
  let page: Page
  const workbook = rosterWorkbook()
  const sheetRows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(workbook.buffer).Sheets['党员名册']!, { header: 1 })
  const badLines = new Set(workbook.badRows.map((b) => b.row))
  const validNames = sheetRows.slice(1).filter((_, i) => !badLines.has(i + 2)).map((r) => String(r[0]))
  const onServer = async () => Number((await serverQuery<{ n: number }>(stack,
    `select count(*)::int as n from public.people where branch_id = $1 and name = any($2) and deleted_at is null`, [BRANCH, validNames]))[0]!.n)
  const pickFile = () => page.setInputFiles('[data-testid=import-file]', { name: 'roster.xlsx', mimeType: XLSX_TYPE, buffer: workbook.buffer })

  beforeAll(async () => {
    stack = await startStack()
    page = await (await stack.phone()).newPage()
    await signIn(page, stack.appUrl, 'secretary@demo.zhibu')
  })
  afterAll(async () => { await stack?.close() })

  test('offers the import from the roster, and a template with the recognised headers', async () => {
    await page.goto(`${stack.appUrl}/roster`)
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toContain('30')
    await page.getByTestId('roster-import').click()
    await page.waitForURL((url) => url.pathname === '/roster/import')
    await page.getByTestId('import-empty').waitFor()

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()])
    expect(download.suggestedFilename()).toBe('党员名册导入模板.xlsx')
    const template = XLSX.read(readFileSync(await download.path()))
    const rows = XLSX.utils.sheet_to_json<string[]>(template.Sheets[template.SheetNames[0]!]!, { header: 1 })
    expect(rows[0]).toEqual(['姓名', '党员类别', '入党时间', '转正时间', '所在科室', '职务'])
    expect(rows).toHaveLength(2)
  })

  test('previews exactly the 3 bad rows, imports the 37 others at once, and they reach the server', async () => {
    expect(validNames).toHaveLength(workbook.validCount)
    expect(await onServer()).toBe(0)
    await pickFile()
    await expect.poll(() => page.getByTestId('import-valid-count').textContent()).toContain(`可导入 ${workbook.validCount} 人`)
    const errors = await page.getByTestId('import-preview-error').allTextContents()
    expect(errors).toHaveLength(3)
    workbook.badRows.forEach((bad, i) => {
      expect(errors[i]).toContain(`第 ${bad.row} 行`)
      expect(errors[i]).toContain(REASONS[bad.reason])
    })
    expect(await page.getByTestId('import-map-name').textContent()).toContain('姓名')

    await page.getByTestId('import-submit').filter({ hasText: `导入 ${workbook.validCount} 人` }).click()
    await page.waitForURL((url) => url.pathname === '/roster')
    await expect.poll(() => page.getByTestId('roster-count').textContent()).toContain(String(30 + workbook.validCount))
    await expect.poll(onServer).toBe(workbook.validCount)
    await expectBadge(page, /已同步/)
  })

  test('the same file again: everyone in it is already on the roster, nothing to import', async () => {
    await page.goto(`${stack.appUrl}/roster/import`)
    await pickFile()
    await expect.poll(() => page.getByTestId('import-valid-count').textContent()).toContain('可导入 0 人')
    const errors = await page.getByTestId('import-preview-error').allTextContents()
    expect(errors).toHaveLength(40)
    // the 37 imported, and the in-file duplicate of one of them (now on the roster itself)
    expect(errors.filter((e) => e.includes('支部名册中已有此人'))).toHaveLength(workbook.validCount + 1)
    expect(await page.getByTestId('import-submit').isDisabled()).toBe(true)
    expect(await onServer()).toBe(workbook.validCount)
  })
})
