// The engine's triggers and bookkeeping against the real server: sync on start, after a write (debounced),
// on online and on visible; retries with backoff while offline; one run at a time under the tab lock;
// the badge's state stream; a different account on the same phone; sign-out and wipe.
import { randomUUID } from 'node:crypto'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { describe, expect, test, vi } from 'vitest'
import { createRepos } from '../../src/db/repos'
import { ZhibuDb } from '../../src/db/schema'
import { createSyncEngine } from '../../src/sync/engine'
import type { SyncEnv } from '../../src/sync/env'
import { UserChangedError } from '../../src/sync/core/errors'
import type { SyncState } from '../../src/sync/state'
import { BRANCH1, counting, device, offlineTransport, useServer } from './setup'

const live = useServer('secretary', 'reviewer')

/** Timers the test fires by hand, event targets for window and document, and a one-holder lock. */
function browser() {
  const timers = new Map<number, { fn: () => void; ms: number }>()
  let next = 0
  const lock = { names: [] as string[], active: 0, maxActive: 0, tail: Promise.resolve() as Promise<unknown> }
  const window = new EventTarget()
  const document = Object.assign(new EventTarget(), { visibilityState: 'hidden' })
  const env: Partial<SyncEnv> = {
    window,
    document,
    onLine: () => undefined,
    setTimeout: (fn, ms) => (timers.set(++next, { fn, ms }), next),
    clearTimeout: (handle) => void timers.delete(handle as number),
    locks: {
      request<T>(name: string, callback: () => Promise<T>): Promise<T> {
        lock.names.push(name)
        const run = lock.tail.then(async () => {
          lock.maxActive = Math.max(lock.maxActive, ++lock.active)
          try { return await callback() } finally { lock.active -= 1 }
        })
        lock.tail = run.catch(() => undefined)
        return run
      },
    },
  }
  const fire = () => {
    const due = [...timers]
    timers.clear()
    for (const [, t] of due) t.fn()
    return due.map(([, t]) => t.ms)
  }
  return { env, timers, fire, lock, window, document }
}

const activity = () => ({ id: randomUUID(), branch_id: BRANCH1, kinds: ['lesson' as const], starts_at: '2026-11-25T14:00:00+08:00', status: 'held' as const })

describe('triggers', () => {
  test('start, a debounced write, online and visible each sync; hidden does not', async () => {
    const { transport, calls } = counting(live.as.secretary)
    const b = browser()
    const db = new ZhibuDb({ indexedDB: new IDBFactory(), IDBKeyRange })
    const engine = createSyncEngine({ db, transport, env: b.env, random: () => 0.5 })
    const states: SyncState['status'][] = []
    engine.subscribe((s) => states.push(s.status))
    engine.start()
    await engine.idle()
    expect(calls.pull).toBeGreaterThan(0)
    expect(engine.state.status).toBe('synced')

    await createRepos(db).activities.put(activity())
    expect([...b.timers.values()].map((t) => t.ms)).toEqual([800])
    // counted at once, pushed after the quiet time
    await vi.waitFor(() => expect(engine.state).toMatchObject({ status: 'pending', pending: 1 }))
    expect(b.fire()).toEqual([800])
    await engine.idle()
    expect(calls.push).toBe(1)
    expect(engine.state).toMatchObject({ status: 'synced', pending: 0 })
    expect(states).toEqual(expect.arrayContaining(['syncing', 'synced', 'pending']))

    const pulls = calls.pull
    b.window.dispatchEvent(new Event('online'))
    await engine.idle()
    b.document.dispatchEvent(new Event('visibilitychange')) // still hidden
    await engine.idle()
    b.document.visibilityState = 'visible'
    b.document.dispatchEvent(new Event('visibilitychange'))
    await engine.idle()
    expect(calls.pull - pulls).toBe(2)
    expect(b.lock.names.every((n) => n === 'zhibu-sync')).toBe(true)
    engine.stop()
  })

  test('offline, retries follow exponential backoff with jitter until the network is back', async () => {
    const b = browser()
    const factory = new IDBFactory()
    const db = new ZhibuDb({ indexedDB: factory, IDBKeyRange })
    const engine = createSyncEngine({ db, transport: await offlineTransport(), env: b.env, random: () => 0.75 })
    engine.start()
    await engine.idle()
    expect(engine.state.status).toBe('offline')
    const delays: number[] = []
    for (let i = 0; i < 4; i += 1) {
      delays.push(...[...b.timers.values()].map((t) => t.ms))
      b.fire()
      await engine.idle()
    }
    expect(delays).toEqual([1000, 1500, 3000, 6000]) // 0.75 × min(5 min, 1 s × 2^attempt), never below 1 s
    engine.stop()
    expect(b.timers.size).toBe(0)
  })

  test('two tabs share the lock: their runs never overlap', async () => {
    const b = browser()
    const factory = new IDBFactory()
    const tabs = [0, 1].map(() => createSyncEngine({ db: new ZhibuDb({ indexedDB: factory, IDBKeyRange }), transport: live.as.secretary, env: b.env }))
    const reports = await Promise.all([tabs[0]!.syncNow(), tabs[1]!.syncNow(), tabs[0]!.syncNow()])
    expect(reports.every((r) => r.ok)).toBe(true)
    expect(b.lock.maxActive).toBe(1)
  })
})

describe('accounts on a shared phone', () => {
  test('another account cannot push the previous one\'s unsynced writes; a clean device is wiped for it', async () => {
    const phone = device(live.as.secretary)
    await phone.engine.syncNow()
    await phone.repos.activities.put(activity())
    const other = createSyncEngine({ db: phone.db, transport: live.as.reviewer })
    const refused = await other.syncNow()
    expect(refused.error).toBeInstanceOf(UserChangedError)
    expect(other.state).toMatchObject({ status: 'attention', needs: 'switch_user', pending: 1 })

    expect(await phone.engine.signOutCheck()).toEqual({ pending: 1, rejected: 0, clean: false })
    await phone.engine.syncNow()
    expect(await phone.engine.signOutCheck()).toEqual({ pending: 0, rejected: 0, clean: true })
    const switched = await other.syncNow()
    expect(switched.ok).toBe(true)
    expect(await phone.db.orgs.count()).toBeGreaterThan(3) // the reviewer's whole committee, pulled afresh
  })

  test('a database closed under the engine (another tab upgraded it) fails the run without throwing', async () => {
    const phone = device(live.as.secretary)
    phone.db.close()
    const report = await phone.engine.syncNow()
    expect(report.ok).toBe(false)
    expect(phone.engine.state).toMatchObject({ status: 'attention', needs: 'report' })
  })

  test('wipe leaves nothing behind', async () => {
    const phone = device(live.as.secretary)
    await phone.engine.syncNow()
    await phone.engine.wipe()
    expect(await Promise.all(phone.db.tables.map((t) => t.count()))).toEqual(phone.db.tables.map(() => 0))
    expect(phone.engine.state).toMatchObject({ status: 'synced', pending: 0, lastSyncAt: null })
  })
})
