import { TZDate } from '@date-fns/tz'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addCalendarMonths, addDays, daysBetween, instantMs, isIsoDate, periodEnd, periodKind, periodLabel, periodStart,
  periodsOfYear, previousPeriod, shanghaiDate, todayInShanghai,
} from './shanghai'

describe('shanghaiDate', () => {
  it.each([
    ['2026-03-31T23:30:00+08:00', '2026-03-31'],
    ['2026-04-01T00:30:00+08:00', '2026-04-01'],
    ['2026-03-31T16:30:00Z', '2026-04-01'],
    ['2026-03-31T15:59:59.999Z', '2026-03-31'],
    ['2026-03-31 16:00:00+00', '2026-04-01'],
    ['2026-03-31T20:00:00-0400', '2026-04-01'],
  ])('%s is %s in Shanghai', (iso, day) => {
    expect(shanghaiDate(iso)).toBe(day)
  })

  it('refuses a timestamp without an offset (it would depend on the machine) and garbage', () => {
    expect(() => shanghaiDate('2026-03-31T23:30:00')).toThrow(RangeError)
    expect(() => shanghaiDate('yesterday')).toThrow(RangeError)
  })

  it('agrees with the tz database (@date-fns/tz) for any instant since 1992', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString()
        const tz = new TZDate(ms, 'Asia/Shanghai')
        const expected = `${tz.getFullYear()}-${String(tz.getMonth() + 1).padStart(2, '0')}-${String(tz.getDate()).padStart(2, '0')}`
        expect(shanghaiDate(iso)).toBe(expected)
      }),
    )
  })

  it('todayInShanghai takes the clock as an argument', () => {
    expect(todayInShanghai(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
    expect(todayInShanghai(new Date('2026-12-31T15:59:00Z'))).toBe('2026-12-31')
  })

  it('instantMs reads Postgres text output', () => {
    expect(instantMs('2026-03-31 15:30:00+00')).toBe(Date.UTC(2026, 2, 31, 15, 30))
  })
})

describe('periods at 23:30 and 00:30 Shanghai around month, quarter and year ends', () => {
  const labels = (iso: string) => [periodLabel(iso, 'month'), periodLabel(iso, 'quarter'), periodLabel(iso, 'year')].join(' ')
  // the last half hour before a boundary and the first after it, with the month, quarter and year on each side
  it.each([
    ['2026-01-31T23:30:00+08:00', '2026-01 2026-Q1 2026', '2026-02-01T00:30:00+08:00', '2026-02 2026-Q1 2026'],
    ['2026-03-31T23:30:00+08:00', '2026-03 2026-Q1 2026', '2026-04-01T00:30:00+08:00', '2026-04 2026-Q2 2026'],
    ['2026-06-30T23:30:00+08:00', '2026-06 2026-Q2 2026', '2026-07-01T00:30:00+08:00', '2026-07 2026-Q3 2026'],
    ['2026-09-30T23:30:00+08:00', '2026-09 2026-Q3 2026', '2026-10-01T00:30:00+08:00', '2026-10 2026-Q4 2026'],
    ['2026-12-31T23:30:00+08:00', '2026-12 2026-Q4 2026', '2027-01-01T00:30:00+08:00', '2027-01 2027-Q1 2027'],
  ])('%s → %s; %s → %s', (before, beforeLabels, after, afterLabels) => {
    expect([labels(before), labels(after)]).toEqual([beforeLabels, afterLabels])
  })

  it('reads a UTC instant in Shanghai: 16:30Z on the last day is already the next period', () => {
    expect(labels('2026-03-31T16:30:00Z')).toBe('2026-04 2026-Q2 2026')
    expect(labels('2026-12-31T16:30:00Z')).toBe('2027-01 2027-Q1 2027')
  })

  it('labels a plain date as it is', () => {
    expect(periodLabel('2026-11-15', 'quarter')).toBe('2026-Q4')
  })

  it('lists the periods of a year', () => {
    expect(periodsOfYear(2026, 'quarter')).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'])
    expect(periodsOfYear(2026, 'month')).toHaveLength(12)
    expect(periodsOfYear(2026, 'month')[11]).toBe('2026-12')
    expect(periodsOfYear(2026, 'year')).toEqual(['2026'])
  })

  it('knows where a period starts and ends, and the one before', () => {
    expect([periodStart('2026-03'), periodEnd('2026-03')]).toEqual(['2026-03-01', '2026-03-31'])
    expect([periodStart('2026-Q2'), periodEnd('2026-Q2')]).toEqual(['2026-04-01', '2026-06-30'])
    expect([periodStart('2026'), periodEnd('2026')]).toEqual(['2026-01-01', '2026-12-31'])
    expect(periodEnd('2028-02')).toBe('2028-02-29')
    expect([previousPeriod('2026-01'), previousPeriod('2026-Q1'), previousPeriod('2026')]).toEqual(['2025-12', '2025-Q4', '2025'])
    expect([periodKind('2026-05'), periodKind('2026-Q3'), periodKind('2026')]).toEqual(['month', 'quarter', 'year'])
    expect(() => periodStart('2026-13')).toThrow(RangeError)
    expect(() => periodStart('2026-Q5')).toThrow(RangeError)
  })
})

describe('calendar arithmetic', () => {
  it.each([
    ['2026-01-15', 4, '2026-05-15'],
    ['2026-01-15', 6, '2026-07-15'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-08-31', 4, '2026-12-31'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-10-31', 4, '2027-02-28'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-31', -13, '2024-12-31'],
  ])('%s + %i months = %s', (date, n, expected) => {
    expect(addCalendarMonths(date, n)).toBe(expected)
  })

  it('counts days across month, year and leap-day boundaries', () => {
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30)
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1)
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2)
    expect(daysBetween('2026-05-01', '2026-04-30')).toBe(-1)
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
  })

  it('validates dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false)
    expect(isIsoDate('2028-02-29')).toBe(true)
    expect(isIsoDate('2026-4-1')).toBe(false)
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError)
  })
})
