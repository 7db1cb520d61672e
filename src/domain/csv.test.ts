import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { BOM, safeFileName, toCsv } from './csv'

describe('CSV for Excel', () => {
  it('starts with the BOM, ends lines with CRLF and parses back to the same cells', () => {
    const text = toCsv(['支部', '金额（元）', '备注'], [
      ['内科第一党支部', '1000.50', '院配套, 第一批'],
      ['外科"二"支部', '0.05', '第一行\n第二行'],
      ['医技党支部', 12, null],
    ])
    expect(text.startsWith(BOM)).toBe(true)
    expect(text).toContain('\r\n')
    const parsed = Papa.parse<string[]>(text.slice(BOM.length), { skipEmptyLines: true })
    expect(parsed.errors).toEqual([])
    expect(parsed.data).toEqual([
      ['支部', '金额（元）', '备注'],
      ['内科第一党支部', '1000.50', '院配套, 第一批'],
      ['外科"二"支部', '0.05', '第一行\n第二行'],
      ['医技党支部', '12', ''],
    ])
  })

  it('keeps file names a file system accepts', () => {
    expect(safeFileName('2026年党建经费.csv')).toBe('2026年党建经费.csv')
    expect(safeFileName(' 2026年内科第一党支部 台账/上.csv')).toBe('2026年内科第一党支部_台账_上.csv')
  })
})
