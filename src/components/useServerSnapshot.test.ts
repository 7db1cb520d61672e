// @vitest-environment happy-dom
// A server answer read offline (审阅, 经费, 台账): while the device copy is being read the screen is loading — it
// never shows "no data" first and then the rows (a flash, and a whole empty state drawn for nothing); offline it
// settles on the stored answer, or on nothing when none was kept.
import 'fake-indexeddb/auto'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { type EffectScope, effectScope, nextTick, ref, watch } from 'vue'
import { repos } from '../modules/data'
import { type ServerSnapshot, useServerSnapshot } from './useServerSnapshot'

const grid = [{ branch_id: 'b1', met: 3, due: 4 }]
let scope: EffectScope
let fetched = 0

function open(key: string): { snap: ServerSnapshot<typeof grid>; seen: { loading: boolean; data: unknown }[] } {
  scope = effectScope()
  const snap = scope.run(() => useServerSnapshot(ref(key), async () => { fetched++; return grid }))!
  // what the screen would draw at each step: loading, or the data (null = the empty state)
  const seen = [{ loading: snap.loading.value, data: snap.data.value as unknown }]
  scope.run(() => watch([snap.loading, snap.data], ([loading, data]) => { seen.push({ loading, data }) }, { flush: 'sync' }))
  return { snap, seen }
}

const settled = async (snap: ServerSnapshot<unknown>) => {
  await expect.poll(() => snap.loading.value).toBe(false)
  await nextTick()
}

describe('useServerSnapshot offline', () => {
  beforeEach(() => {
    fetched = 0
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false })
  })
  afterEach(() => scope.stop())

  test('with a stored answer: loading until it is read, then the stored rows — never the empty state between', async () => {
    await repos.snapshots.put('summaries:2026', grid, new Date('2026-12-01T02:00:00Z'))
    const { snap, seen } = open('summaries:2026')
    expect(seen[0]).toEqual({ loading: true, data: null })
    await settled(snap)
    expect(snap.data.value).toEqual(grid)
    expect(snap.fromCache.value).toBe(true)
    expect(snap.fetchedAt.value).toBe('2026-12-01T02:00:00.000Z')
    // no moment where nothing was loading and nothing was shown
    expect(seen.filter((s) => !s.loading && s.data === null)).toEqual([])
    expect(fetched).toBe(0)
  })

  test('with nothing stored: loading while the device is asked, then nothing (the screen may say so)', async () => {
    const { snap } = open('summaries:2025')
    expect(snap.loading.value).toBe(true)
    await settled(snap)
    expect(snap.data.value).toBeNull()
    expect(snap.fromCache.value).toBe(false)
    expect(fetched).toBe(0)
  })
})
