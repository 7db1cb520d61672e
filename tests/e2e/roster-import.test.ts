// Roster import (issue 14 item 5): the secretary downloads the template, picks a 40-row .xlsx with 3 bad rows,
// sees exactly those 3 in the preview, imports the 37 others at once, and they reach the server; the same file
// again finds all of them on the roster; a GBK .csv with an unguessed name column is mapped by hand.
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

/** Text as GBK bytes (Excel's CSV on Chinese Windows), by inverting the platform's GBK decoder. */
function gbk(text: string): Buffer {
  const decoder = new TextDecoder('gbk')
  const codes = new Map<string, number[]>()
  for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) {
    const ch = decoder.decode(Uint8Array.of(hi, lo))
    if (ch.length === 1 && !codes.has(ch)) codes.set(ch, [hi, lo])
  }
  return Buffer.from([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : codes.get(ch) ?? [])))
}

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

  test('a GBK .csv whose name column is not guessed: the column is picked by hand, then imported', async () => {
    await page.goto(`${stack.appUrl}/roster/import`)
    const csv = gbk('人名,党员类别,入党时间\r\n赫连晚晴,正式党员,2001/7/1\r\n拓跋远山,群众,\r\n')
    await page.setInputFiles('[data-testid=import-file]', { name: '名册.csv', mimeType: 'text/csv', buffer: csv })
    await page.getByTestId('import-map-name-missing').waitFor()
    expect(await page.getByTestId('import-submit').isDisabled()).toBe(true)
    await page.getByTestId('import-map-name').click()
    await page.locator('.van-action-sheet__item', { hasText: '第 1 列：人名' }).click()
    await expect.poll(() => page.getByTestId('import-valid-count').textContent()).toContain('可导入 2 人')
    expect(await page.getByTestId('import-preview-error').count()).toBe(0)
    await page.getByTestId('import-submit').click()
    await page.waitForURL((url) => url.pathname === '/roster')
    await expect.poll(async () => (await serverQuery<{ name: string; party_status: string; admitted_on: string | null }>(stack,
      `select name, party_status, admitted_on::text from public.people where branch_id = $1 and name in ('赫连晚晴', '拓跋远山') order by name`, [BRANCH])))
      .toEqual([
        { name: '拓跋远山', party_status: 'non_member', admitted_on: null },
        { name: '赫连晚晴', party_status: 'full', admitted_on: '2001-07-01' },
      ])
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
