// The device with a big branch (issue 13 item 5): in real Chromium against the e2e stack (tests/e2e/harness.ts), the
// demo secretary (内科第一党支部: 30 people, a year) and the big branch's secretary (tests/fixtures/bigBranch.ts: 300
// members, five years, ~31,000 attendance rows) each measured the same way, with the ratio big / demo:
//   first pull   a new phone: the sign-in page to the sync badge's 已同步 (signIn), PULL_RUNS fresh contexts;
//   今日          offline load of / until the due list and the alerts (computed on the device) are shown;
//   活动          offline load of /activities?month=<last month> until every card of that month is shown;
//   签到          offline load of the branch's latest 党员大会 with ?tab=attendance until every roster line is shown.
// Screens: WARM_UP + RUNS offline loads (the service worker serves the app, IndexedDB the rows), each timed from
// navigation start to the condition holding, read in the page as performance.now() on the frame it first holds.
import type { BrowserContext, Page } from 'playwright-core'
import { serial } from '../../supabase/local/tx'
import { BIG_BRANCH_SQL, BIG_SECRETARY, bigBranchSql } from '../fixtures/bigBranch'
import { STATE_WAIT_MS, type Stack, serverQuery, signIn, startStack, waitForServiceWorker } from '../e2e/harness'

const PULL_RUNS = 3
const WARM_UP = 1
const RUNS = 5
const BIG_WAIT = 4 * STATE_WAIT_MS
const DEMO_BRANCH = `'20000000-0000-4000-8000-000000000001'::uuid`

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

/** What must be on screen: each selector matched at least `min` times, the first match laid out. */
type Shown = [selector: string, min: number][]

interface Account {
  label: string
  email: string
  branch: string
  month: string
  assembly: string
  /** Attendance rows of the assembly (each a roster line), activities of the month (each a card). */
  lines: number
  cards: number
  attendanceRows: number
}

async function account(stack: Stack, label: string, email: string, branch: string): Promise<Account> {
  const [row] = await serverQuery<Omit<Account, 'label' | 'email'>>(stack, `
    with b as (select ${branch} as id),
         m as (select to_char(private.shanghai_today() - interval '1 month', 'YYYY-MM') as month),
         a as (select id from public.activities where branch_id = (select id from b) and 'assembly' = any (kinds)
                  and status = 'held' and deleted_at is null order by starts_at desc limit 1)
    select (select id from b)::text as branch, (select month from m) as month, (select id from a)::text as assembly,
           (select count(*)::int from public.attendance t where t.activity_id = (select id from a) and t.deleted_at is null) as lines,
           (select count(*)::int from public.activities x where x.branch_id = (select id from b) and x.deleted_at is null
               and to_char(x.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM') = (select month from m)) as cards,
           (select count(*)::int from public.attendance t where t.branch_id = (select id from b) and t.deleted_at is null) as "attendanceRows"`)
  return { label, email, ...row! }
}

/** ms from navigation start to `shown` holding, on an offline load of `url`. */
async function load(page: Page, url: string, shown: Shown): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' })
  const at = await page.waitForFunction((want: Shown) => {
    const ok = want.every(([sel, min]) => {
      const els = document.querySelectorAll(sel)
      return els.length >= min && (els[0]?.getClientRects().length ?? 0) > 0
    })
    return ok ? performance.now() : 0
  }, shown, { polling: 'raf', timeout: BIG_WAIT })
  return (await at.jsonValue()) as number
}

async function screens(ctx: BrowserContext, page: Page, stack: Stack, a: Account): Promise<Record<string, number[]>> {
  const cases: Record<string, [string, Shown]> = {
    '今日 (due list + alerts)': ['/', [['[data-testid^="due-"]', 1], ['[data-testid="home-alerts"] [data-testid^="alert"]', 1]]],
    '活动 list (last month)': [`/activities?month=${a.month}`, [['[data-testid^="activity-card-"]', a.cards]]],
    '签到 attendance (latest 党员大会)': [`/activities/${a.assembly}?tab=attendance`,
      [['[data-testid="all-present"]', 1], ['[data-testid^="person-"]', a.lines]]],
  }
  await waitForServiceWorker(page)
  await ctx.setOffline(true)
  const out: Record<string, number[]> = {}
  try {
    for (const [name, [path, shown]] of Object.entries(cases)) {
      for (let i = 0; i < WARM_UP; i++) await load(page, `${stack.appUrl}${path}`, shown)
      out[name] = []
      for (let i = 0; i < RUNS; i++) out[name].push(await load(page, `${stack.appUrl}${path}`, shown))
    }
  } finally {
    await ctx.setOffline(false)
  }
  return out
}

async function measure(stack: Stack, a: Account): Promise<Record<string, number[]>> {
  const pulls: number[] = []
  let last: BrowserContext | undefined
  try {
    for (let i = 0; i < PULL_RUNS; i++) {
      await last?.close()
      last = await stack.phone()
      last.setDefaultTimeout(BIG_WAIT)
      const page = await last.newPage()
      const t0 = performance.now()
      await signIn(page, stack.appUrl, a.email, BIG_WAIT)
      pulls.push(performance.now() - t0)
    }
    const page = last!.pages()[0]!
    return { 'first pull (sign-in → 已同步)': pulls, ...(await screens(last!, page, stack, a)) }
  } finally {
    await last?.close()
  }
}

export async function benchBigBranch(): Promise<void> {
  const stack = await startStack()
  try {
    const [{ year }] = await serverQuery<{ year: number }>(stack, `select extract(year from private.shanghai_today())::int as year`) as [{ year: number }]
    await serial(stack.db, () => stack.db.exec(bigBranchSql(year)))
    const demo = await account(stack, 'demo', 'secretary@demo.zhibu', DEMO_BRANCH)
    const big = await account(stack, 'big', BIG_SECRETARY.email, BIG_BRANCH_SQL)
    const results = { demo: await measure(stack, demo), big: await measure(stack, big) }
    console.log(`\nThe device with a big branch: demo ${demo.lines} at its 党员大会 / ${demo.attendanceRows} attendance rows, `
      + `big ${big.lines} at its 党员大会 / ${big.attendanceRows} attendance rows (5 years). Medians, ms; first pull of ${PULL_RUNS} `
      + `new phones, screens of ${RUNS} offline loads after ${WARM_UP} warm-up (navigation start → shown)`)
    console.table(Object.keys(results.demo).map((step) => {
      const d = median(results.demo[step] ?? [])
      const b = median(results.big[step] ?? [])
      return {
        step, demo_ms: Math.round(d), big_ms: Math.round(b), 'big/demo': (b / d).toFixed(2),
        big_runs_ms: (results.big[step] ?? []).map(Math.round).join(' '),
      }
    }))
  } finally {
    await stack.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchBigBranch()
