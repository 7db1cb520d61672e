// The committee's side in real Chromium (issue 7): the completeness grid shows what the server's
// branch_completeness implies, on a desktop and a phone; a cell opens its detail; a branch's ledger prints to an
// A4 PDF with a page per month; the grid and the ledger export as CSV for Excel that parse back to the server's
// numbers; everything stays readable offline.
import { readFileSync } from 'node:fs'
import Papa from 'papaparse'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chromiumSkipReason, cjkFontSkipReason, serverQuery, signIn, startStack, waitForServiceWorker, type Stack } from './harness'

const BRANCH = '20000000-0000-4000-8000-000000000001' // 内科第一党支部 (supabase/seed.sql)
const BOM = '\uFEFF'
const skip = chromiumSkipReason()

interface ServerRow { branch_id: string; period: string; kind: string; required: number; held: number; met: boolean }
interface LedgerJson { months: { month: string; activities: { id: string; title: string | null; kinds: string[]; attendance: { expected: number; present: string[] } }[] }[] }

/** What a cell should show, judged from the server's rows the way a reviewer reads them. */
function expectedState(rows: ServerRow[], period: string, periodEnd: string, today: string): string {
  const due = rows.filter((r) => r.required > 0)
  if (due.length === 0) return 'free'
  if (due.every((r) => r.met)) return 'met'
  if (periodEnd >= today) return 'open'
  return due.some((r) => r.met || r.held > 0) ? 'partly' : 'none'
}

const STATE_LABEL: Record<string, string> = { met: '已完成', partly: '部分完成', none: '未开展', open: '本期进行中', future: '未到期', free: '无要求' }

/** The grid's periods with their CSV headings and Shanghai first and last days. */
function periodsOf(year: number): { label: string; heading: string; start: string; end: string }[] {
  const day = (m: number, d: number) => new Date(Date.UTC(year, m, d)).toISOString().slice(0, 10)
  const months = Array.from({ length: 12 }, (_, i) => ({ label: `${year}-${String(i + 1).padStart(2, '0')}`, heading: `${year}年${i + 1}月`, start: day(i, 1), end: day(i + 1, 0) }))
  const quarters = [1, 2, 3, 4].map((q) => ({ label: `${year}-Q${q}`, heading: `${year}年第${q}季度`, start: day(q * 3 - 3, 1), end: day(q * 3, 0) }))
  return [...months, ...quarters, { label: String(year), heading: `${year}年全年`, start: day(0, 1), end: day(12, 0) }]
}

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') }
}

async function pdfPages(pdf: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise
  const pages: string[] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent()
    // Chromium's CJK fonts map some characters to Kangxi radicals (⽉ for 月): NFKC folds them back
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join('').normalize('NFKC').replace(/\s+/g, ''))
  }
  return pages
}

/**
 * A pattern for text as the PDF carries it: Chromium's CJK fonts map some characters to radicals (⺠ for 民,
 * ⻔ for 门) that Unicode normalisation does not fold back, so any radical stands for any character there.
 */
function printed(text: string): RegExp {
  const chars = [...text.replace(/\s+/g, '').normalize('NFKC')]
  return new RegExp(chars.map((c) => `(?:${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|[\u2E80-\u2FDF])`).join(''))
}

describe.skipIf(skip)('the committee’s side', () => {
  let stack: Stack
  let year: number
  let today: string
  let rows: ServerRow[]
  beforeAll(async () => {
    stack = await startStack()
    const [t] = await serverQuery<{ today: string }>(stack, `select private.shanghai_today()::text as today`)
    today = t!.today
    year = Number(today.slice(0, 4))
    rows = await serverQuery<ServerRow>(stack, 'select branch_id, period, kind, required, held, met from public.branch_completeness($1)', [year])
  })
  afterAll(async () => { await stack?.close() })

  test('desktop: the grid shows what branch_completeness implies; a cell opens its detail; CSV parses back to the same states and rates', async () => {
    const page = await (await stack.desktop()).newPage()
    await signIn(page, stack.appUrl, 'reviewer@demo.zhibu')
    await page.waitForURL(/\/review$/)
    await page.getByTestId('review-grid').waitFor()
    const branches = [...new Set(rows.map((r) => r.branch_id))]
    expect(branches.length).toBe(4)
    for (const branch of branches) {
      await page.getByTestId(`grid-row-${branch}`).waitFor()
      for (let m = 1; m <= 12; m++) {
        const period = `${year}-${String(m).padStart(2, '0')}`
        if (`${period}-01` > today) {
          expect(await page.getByTestId(`grid-${branch}-${period}`).getAttribute('data-state')).toBe('future')
          continue
        }
        const end = new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10)
        const own = rows.filter((r) => r.branch_id === branch && r.period === period)
        expect(await page.getByTestId(`grid-${branch}-${period}`).getAttribute('data-state'), `${branch} ${period}`)
          .toBe(expectedState(own, period, end, today))
      }
      const due = rows.filter((r) => r.branch_id === branch && r.required > 0)
      expect(await page.getByTestId(`grid-rate-${branch}`).textContent()).toBe(`${Math.round((due.filter((r) => r.met).length / due.length) * 100)}%`)
    }

    // a past month of the demo branch: each kind with held / required, and the activities that counted
    const past = rows.find((r) => r.branch_id === BRANCH && /^\d{4}-\d{2}$/.test(r.period) && r.held > 0 && `${r.period}-31` < today)!
    await page.getByTestId(`grid-${BRANCH}-${past.period}`).click()
    const detail = page.getByTestId('grid-detail')
    for (const r of rows.filter((x) => x.branch_id === BRANCH && x.period === past.period)) {
      expect(await detail.getByTestId(`detail-${r.kind}`).getAttribute('data-met')).toBe(String(r.met))
      expect(await detail.getByTestId(`detail-${r.kind}`).textContent()).toContain(`已开展 ${r.held} / 应开展 ${r.required}`)
    }
    await expect.poll(() => detail.locator('[data-testid^="detail-activity-"]').count()).toBeGreaterThan(0)
    await page.keyboard.press('Escape')
    await detail.locator('.van-popup__close-icon').click().catch(() => undefined)

    // the grid as CSV: BOM, a Chinese name with the year, one line per branch with the state of every period and
    // the rate the server's rows imply
    const csv = await download(page, 'review-csv')
    expect(csv.name).toBe(`${year}年支部组织生活完成情况.csv`)
    expect(csv.text.startsWith(BOM)).toBe(true)
    const parsed = Papa.parse<Record<string, string>>(csv.text.slice(1), { header: true, skipEmptyLines: true })
    expect(parsed.errors).toEqual([])
    const names = Object.fromEntries((await serverQuery<{ id: string; name: string }>(stack, `select id, name from public.orgs where kind = 'branch'`)).map((o) => [o.id, o.name]))
    expect(parsed.data.map((r) => r['支部']).sort()).toEqual(branches.map((b) => names[b]).sort())
    for (const branch of branches) {
      const line = parsed.data.find((r) => r['支部'] === names[branch])!
      const due = rows.filter((r) => r.branch_id === branch && r.required > 0)
      expect(line['全年完成率']).toBe(`${Math.round((due.filter((r) => r.met).length / due.length) * 1000) / 10}%`)
      expect([line['达标项'], line['应达标项']]).toEqual([String(due.filter((r) => r.met).length), String(due.length)])
      for (const p of periodsOf(year)) {
        const own = rows.filter((r) => r.branch_id === branch && r.period === p.label)
        const state = p.start > today ? 'future' : expectedState(own, p.label, p.end, today)
        expect(line[p.heading], `${names[branch]} ${p.heading}`).toBe(STATE_LABEL[state])
      }
    }
  })

  test.skipIf(!skip && cjkFontSkipReason())('the ledger prints to A4 with a page per month holding its activities, exports as CSV, and stays readable offline', async () => {
    const context = await stack.desktop()
    const page = await context.newPage()
    await signIn(page, stack.appUrl, 'reviewer@demo.zhibu')
    await waitForServiceWorker(page)
    const [answer] = await serverQuery<{ ledger: LedgerJson }>(stack, 'select public.branch_ledger($1, $2) as ledger', [BRANCH, year])
    const ledger = answer!.ledger
    expect(ledger.months.length).toBeGreaterThan(1)

    await page.goto(`${stack.appUrl}/ledger/${BRANCH}?year=${year}`)
    await page.getByTestId('ledger-doc').waitFor()
    for (const m of ledger.months) {
      await page.getByTestId(`ledger-month-${m.month}`).waitFor()
      expect(await page.getByTestId(`ledger-month-${m.month}`).locator('[data-testid^="ledger-activity-"]').count()).toBe(m.activities.length)
    }

    await page.emulateMedia({ media: 'print' })
    const pages = await pdfPages(await page.pdf({ format: 'A4', printBackground: true }))
    await page.emulateMedia({ media: 'screen' })
    expect(pages[0]).toMatch(printed(`内科第一党支部${year}年度组织生活台账`))
    for (const m of ledger.months) {
      const heading = `${m.month.slice(0, 4)}年${Number(m.month.slice(5))}月`
      // the month starts a page of its own, and its activities are printed after it
      const first = pages.findIndex((p) => p.startsWith(heading))
      expect(first, `a page starting with ${heading}`).toBeGreaterThan(0)
      const text = pages.slice(first).join('')
      for (const a of m.activities) if (a.title) expect(text).toMatch(printed(a.title))
    }

    const csv = await download(page, 'ledger-csv')
    expect(csv.name).toBe(`${year}年内科第一党支部台账.csv`)
    expect(csv.text.startsWith(BOM)).toBe(true)
    const parsed = Papa.parse<Record<string, string>>(csv.text.slice(1), { header: true, skipEmptyLines: true })
    const activities = ledger.months.flatMap((m) => m.activities)
    expect(parsed.data.map((r) => [r['应到'], r['实到']])).toEqual(activities.map((a) => [String(a.attendance.expected), String(a.attendance.present.length)]))

    // offline: the grid and the ledger are still there, saying when they were fetched
    await page.goto(`${stack.appUrl}/review`)
    await page.getByTestId('review-grid').waitFor()
    await context.setOffline(true)
    await page.reload()
    await page.getByTestId(`grid-row-${BRANCH}`).waitFor()
    expect(await page.getByTestId('snapshot-updated').textContent()).toMatch(/数据更新于 .*离线/)
    await page.goto(`${stack.appUrl}/ledger/${BRANCH}?year=${year}`)
    await page.getByTestId('ledger-doc').waitFor()
    expect(await page.getByTestId('snapshot-updated').textContent()).toMatch(/离线/)
    await context.setOffline(false)
  })

  test('phone: the grid scrolls sideways with the branch names pinned', async () => {
    const page = await (await stack.phone()).newPage()
    await signIn(page, stack.appUrl, 'reviewer@demo.zhibu')
    await page.getByTestId(`grid-row-${BRANCH}`).waitFor()
    const name = page.getByTestId(`grid-row-${BRANCH}`).locator('th')
    const before = (await name.boundingBox())!
    await page.getByTestId('review-grid').evaluate((el) => { el.scrollLeft = el.scrollWidth })
    const after = (await name.boundingBox())!
    expect(after.x).toBe(before.x)
    // the year's column and the rate are reachable, on screen after the scroll
    const rate = (await page.getByTestId(`grid-rate-${BRANCH}`).boundingBox())!
    expect(rate.x + rate.width).toBeLessThanOrEqual(391) // sub-pixel widths
    expect(await page.getByTestId(`grid-${BRANCH}-${year}`).isVisible()).toBe(true)
    // a page inside a section keeps its tab lit
    await page.getByTestId('review-cadence').click()
    await page.waitForURL(/\/review\/cadence/)
    expect(await page.locator('.van-tabbar-item--active').textContent()).toContain('审阅')
  })

  test('phone: a secretary reads her own branch’s ledger from 我的, and no other branch’s', async () => {
    const page = await (await stack.phone()).newPage()
    await signIn(page, stack.appUrl, 'secretary@demo.zhibu')
    await page.goto(`${stack.appUrl}/me`)
    await page.getByTestId('me-ledger').click()
    await page.getByTestId('ledger-doc').waitFor()
    expect(await page.getByTestId('ledger-doc').textContent()).toContain(`内科第一党支部${year}年度组织生活台账`)
    await page.goto(`${stack.appUrl}/ledger/20000000-0000-4000-8000-000000000002?year=${year}`)
    await expect.poll(() => page.locator('.van-empty').textContent()).toContain('暂时无法获取台账')
    expect(await page.getByTestId('ledger-doc').count()).toBe(0)
  })
})
