import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { UPDATE_GAP_MS, coalescedSetter } from './live'

describe('coalescedSetter', () => {
  beforeEach(() => { vi.useFakeTimers() })
  afterEach(() => { vi.useRealTimers() })

  it('applies the first value at once and a burst of later ones as its latest, once', () => {
    const seen: number[] = []
    const s = coalescedSetter<number>((v) => seen.push(v))
    s.set(1)
    expect(seen).toEqual([1])
    for (let i = 2; i <= 20; i++) s.set(i)
    expect(seen).toEqual([1])
    vi.advanceTimersByTime(UPDATE_GAP_MS + 10)
    vi.runAllTimers()
    expect(seen).toEqual([1, 20])
  })

  it('applies a change after a quiet spell at once', () => {
    const seen: string[] = []
    const s = coalescedSetter<string>((v) => seen.push(v))
    s.set('a')
    vi.advanceTimersByTime(UPDATE_GAP_MS + 1)
    s.set('b')
    expect(seen).toEqual(['a', 'b'])
  })

  it('drops what is pending once cancelled', () => {
    const seen: number[] = []
    const s = coalescedSetter<number>((v) => seen.push(v))
    s.set(1)
    s.set(2)
    s.cancel()
    vi.runAllTimers()
    expect(seen).toEqual([1])
  })
})
