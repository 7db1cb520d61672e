import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ACTIVITY_KINDS, formatRatioMilli, isLive, parseRatioMilli } from './types'

describe('parseRatioMilli', () => {
  it.each([
    ['1.1', 1100], ['1.333', 1333], ['1', 1000], ['1.0', 1000], ['1.000', 1000], ['0.5', 500], ['2.25', 2250],
    ['999.999', 999999], [' 1.5 ', 1500], ['1.1000', 1100],
  ] as const)('"%s" → %i', (text, milli) => {
    expect(parseRatioMilli(text)).toBe(milli)
  })

  it.each([[1.1, 1100], [1.333, 1333], [1, 1000], [0, 0], [0.001, 1], [999.999, 999999]] as const)(
    'the number %d (as a pull delivers numeric) → %i',
    (value, milli) => {
      expect(parseRatioMilli(value)).toBe(milli)
    },
  )

  it.each(['-1', '1.0005', 'abc', '', '1,1', '.5', '1e3'])('refuses "%s"', (text) => {
    expect(() => parseRatioMilli(text)).toThrow(RangeError)
  })

  it('refuses numbers that are not a 3-place decimal', () => {
    for (const bad of [-1, 1.0005, Number.NaN, Number.POSITIVE_INFINITY, 1e-7]) {
      expect(() => parseRatioMilli(bad)).toThrow(RangeError)
    }
  })

  it('round-trips every numeric(6,3) value, as text and as a JSON number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), (milli) => {
        const text = formatRatioMilli(milli)
        expect(parseRatioMilli(text)).toBe(milli)
        expect(parseRatioMilli(JSON.parse(text) as number)).toBe(milli)
      }),
    )
  })

  it('formats thousandths as numeric(6,3) text', () => {
    expect(formatRatioMilli(1100)).toBe('1.100')
    expect(formatRatioMilli(5)).toBe('0.005')
  })
})

describe('rows', () => {
  it('a row is live until it has a tombstone (a missing one counts as none)', () => {
    expect(isLive({ deleted_at: null })).toBe(true)
    expect(isLive({})).toBe(true)
    expect(isLive({ deleted_at: '2026-01-01T00:00:00+08:00' })).toBe(false)
  })

  it('lists the kinds of SPEC §2', () => {
    expect(ACTIVITY_KINDS).toEqual(['assembly', 'committee', 'group', 'lesson', 'theme_day', 'org_life', 'review'])
  })
})
