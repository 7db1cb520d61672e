// Two tabs of one phone (issue 15 item 5): both save an edit at the same moment; the tab whose push is on the wire
// is closed after the server committed it and before the answer arrives. Nothing is lost or applied twice: the
// other tab, now the only one, pushes what is left (the server answers a repeated mutation id with its first
// answer), and no two pushes were ever in flight at once (one leader, the Web Lock 'zhibu-sync').
import type { Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { STATE_WAIT_MS, chromiumSkipReason, expectBadge, serverQuery, signIn, startStack, type Stack } from './harness'

const skip = chromiumSkipReason()
const PEOPLE = ['40000000-0000-4000-8000-000000000103', '40000000-0000-4000-8000-000000000104'] // of 内科第一党支部

async function editDepartment(page: Page, appUrl: string, personId: string): Promise<void> {
  await page.goto(`${appUrl}/roster/${personId}`)
  await page.getByTestId('person-department').locator('input').fill(`多标签页-${personId.slice(-3)}`)
}

describe.skipIf(skip)('two tabs of one phone (issue 15)', () => {
  let stack: Stack
  beforeAll(async () => { stack = await startStack() })
  afterAll(async () => { await stack?.close() })

  test('both write at once, one closes mid-push: nothing lost, nothing twice, one leader', async () => {
    // no service worker: its fetches would bypass the page routes that watch the pushes
    const context = await stack.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' })
    context.setDefaultTimeout(STATE_WAIT_MS)
    const first = await context.newPage()
    await signIn(first, stack.appUrl, 'secretary@demo.zhibu')
    const second = await context.newPage()
    await second.goto(`${stack.appUrl}/roster`)
    await expectBadge(second, /已同步/)

    // every push passes here: count those in flight; the first one is committed, then its tab closes unanswered
    let inFlight = 0
    let most = 0
    let victim: Page | null = null
    let committed!: () => void
    const firstCommitted = new Promise<void>((resolve) => { committed = resolve })
    await context.route('**/rest/v1/rpc/sync_push', async (route: Route) => {
      inFlight += 1
      most = Math.max(most, inFlight)
      const page = route.request().frame().page()
      const response = await route.fetch()
      inFlight -= 1
      if (!victim) {
        victim = page
        committed()
        return // the tab is closed below; its request never gets the answer
      }
      await route.fulfill({ response })
    })

    const [{ since }] = await serverQuery<{ since: string }>(stack, 'select now()::text as since') as [{ since: string }]
    await Promise.all([editDepartment(first, stack.appUrl, PEOPLE[0]!), editDepartment(second, stack.appUrl, PEOPLE[1]!)])
    await Promise.all([first.getByTestId('save-person').click(), second.getByTestId('save-person').click()])
    await firstCommitted
    // both saves are done on the phone (each form goes back to the roster): a push can be on the wire before the
    // other tab's save has reached IndexedDB, and closing a tab mid-save loses an edit the user never saw saved
    await Promise.all([first.waitForURL(/\/roster$/), second.waitForURL(/\/roster$/)])
    const survivor = victim === first ? second : first
    await victim!.close()

    await expectBadge(survivor, /已同步/)
    expect(await serverQuery(stack, 'select id, department from public.people where id = any($1) order by id', [PEOPLE])).toEqual(
      PEOPLE.map((id) => ({ id, department: `多标签页-${id.slice(-3)}` })))
    // each edit applied once: one mutation per edit in the server's log, no refusal on the phone
    expect(await serverQuery(stack, 'select count(*)::int as n from private.applied_mutations where applied_at >= $1', [since]))
      .toEqual([{ n: 2 }])
    await survivor.goto(`${stack.appUrl}/me`)
    expect(await survivor.getByTestId('rejected-list').count()).toBe(0)
    expect(most).toBe(1)
    await context.close()
  })
})
