import { describe, expect, it } from 'vitest'
import { addMonths, fromShanghaiParts, isMonth, startOfFiveMinutes, shanghaiMonth, shanghaiParts, toShanghaiIso } from './datetime'

describe('Shanghai wall-clock times', () => {
  it('starts a meeting "now" at the five minutes it is in, never later: one recorded at 23:58 stays on its day', () => {
    expect(startOfFiveMinutes(new Date('2026-11-20T06:02:29Z')).toISOString()).toBe('2026-11-20T06:00:00.000Z')
    expect(startOfFiveMinutes(new Date('2026-11-20T06:04:59Z')).toISOString()).toBe('2026-11-20T06:00:00.000Z')
    expect(startOfFiveMinutes(new Date('2026-11-20T06:05:00Z')).toISOString()).toBe('2026-11-20T06:05:00.000Z')
    // 23:58 in Shanghai: the nearest five minutes would be 00:00 of 21 November
    expect(toShanghaiIso(startOfFiveMinutes(new Date('2026-11-20T15:58:00Z')))).toBe('2026-11-20T23:55:00+08:00')
  })

  it('writes instants with the +08:00 offset, across the UTC date line', () => {
    expect(toShanghaiIso(new Date('2026-03-31T16:30:00Z'))).toBe('2026-04-01T00:30:00+08:00')
    expect(toShanghaiIso(Date.parse('2026-11-20T06:30:00Z'))).toBe('2026-11-20T14:30:00+08:00')
  })

  it('splits and joins the Shanghai day and time', () => {
    expect(shanghaiParts('2026-03-31T16:30:00Z')).toEqual({ date: '2026-04-01', time: '00:30' })
    expect(shanghaiParts('2026-11-20T14:30:00+08:00')).toEqual({ date: '2026-11-20', time: '14:30' })
    expect(fromShanghaiParts('2026-04-01', '00:30')).toBe('2026-04-01T00:30:00+08:00')
    expect(Date.parse(fromShanghaiParts('2026-04-01', '00:30'))).toBe(Date.parse('2026-03-31T16:30:00Z'))
  })

  it('rejects days and times that do not exist', () => {
    expect(() => fromShanghaiParts('2026-02-30', '10:00')).toThrow(RangeError)
    expect(() => fromShanghaiParts('2026-02-28', '24:10')).toThrow(RangeError)
    expect(() => fromShanghaiParts('2026-2-28', '10:00')).toThrow(RangeError)
  })

  it('knows the Shanghai month and moves between months', () => {
    expect(shanghaiMonth(new Date('2026-03-31T16:30:00Z'))).toBe('2026-04')
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addMonths('2025-12', 1)).toBe('2026-01')
    expect(addMonths('2026-05', 14)).toBe('2027-07')
    expect(isMonth('2026-13')).toBe(false)
    expect(isMonth('2026-07')).toBe(true)
    expect(() => addMonths('2026-13', 1)).toThrow(RangeError)
  })
})
