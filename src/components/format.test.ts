import { describe, expect, it } from 'vitest'
import { formatDateTime, formatDay, formatShortDate, formatSpan, monthName } from './format'

describe('formatting in Shanghai time', () => {
  it('shows the Shanghai wall clock, not UTC', () => {
    expect(formatDateTime('2026-03-31T16:30:00Z', 'en')).toContain('00:30')
    expect(formatDateTime('2026-03-31T16:30:00Z', 'en')).toContain('4/1/2026')
  })

  it('shows the end as a time on the same day, with its day otherwise', () => {
    expect(formatSpan('2026-11-20T14:30:00+08:00', '2026-11-20T16:30:00+08:00', 'en')).toMatch(/14:30 – 16:30$/)
    expect(formatSpan('2026-11-20T14:30:00+08:00', '2026-11-21T09:00:00+08:00', 'en')).toContain('11/21/2026')
    expect(formatSpan('2026-11-20T14:30:00+08:00', null, 'en')).toMatch(/14:30$/)
  })

  it('shows a calendar day as that day whatever the zone, and an instant by its Shanghai day', () => {
    expect(formatDay('2026-11-25', 'en')).toBe('11/25/2026')
    expect(formatDay('2026-01-01', 'zh-CN')).toBe('2026/1/1')
    expect(formatShortDate('2026-03-31T16:30:00Z', 'en')).toContain('4/1')
  })

  it('names months', () => {
    expect(monthName(11, 'en')).toBe('November')
  })
})
