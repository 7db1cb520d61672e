import { describe, expect, it } from 'vitest'
import { excelSerialToIso, parseImportDate } from './dates'

describe('parseImportDate', () => {
  it('reads the ways committees type a day', () => {
    for (const text of ['2020-07-01', '2020/7/1', '2020.07.01', '2020年7月1日', '20200701', ' 2020-07-01 00:00:00 ', '２０２０/０７/０１'])
      expect(parseImportDate(text), text).toEqual({ ok: true, date: '2020-07-01' })
  })

  it('reads Excel serial day numbers, the fictitious 1900-02-29 accounted for', () => {
    expect(parseImportDate(44013)).toEqual({ ok: true, date: '2020-07-01' })
    expect(parseImportDate(44013.75)).toEqual({ ok: true, date: '2020-07-01' }) // a time of day is dropped
    expect(excelSerialToIso(1)).toBe('1900-01-01')
    expect(excelSerialToIso(59)).toBe('1900-02-28')
    expect(excelSerialToIso(61)).toBe('1900-03-01')
    expect(parseImportDate(20200701)).toEqual({ ok: true, date: '2020-07-01' }) // digits typed as a number
  })

  it('reads Date cells: UTC midnight (SheetJS UTC: true) and local midnight (cellDates)', () => {
    expect(parseImportDate(new Date(Date.UTC(2020, 6, 1)))).toEqual({ ok: true, date: '2020-07-01' })
    expect(parseImportDate(new Date(2020, 6, 1))).toEqual({ ok: true, date: '2020-07-01' })
    expect(parseImportDate(new Date(Number.NaN))).toEqual({ ok: false, problem: 'badDate' })
  })

  it('takes empty cells as no date', () => {
    for (const v of [null, undefined, '', '  ']) expect(parseImportDate(v)).toEqual({ ok: true, date: null })
  })

  it('refuses days that do not exist, a month alone and text', () => {
    for (const v of ['2013-13-45', '2021-02-29', '2020/7/32', '不详', '7/1/2020', Number.POSITIVE_INFINITY, -3])
      expect(parseImportDate(v), String(v)).toEqual({ ok: false, problem: 'badDate' })
    for (const v of ['2019-07', '2019年7月', 201907]) expect(parseImportDate(v), String(v)).toEqual({ ok: false, problem: 'monthOnly' })
  })
})
