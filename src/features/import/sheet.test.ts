import { describe, expect, it } from 'vitest'
import { rosterWorkbook } from '../../../tests/fixtures/rosterWorkbook'
import { guessMapping } from './headers'
import { previewRows } from './rows'
import { decodeText, fileKind, parseCsv, readImportFile, UnreadableFile } from './sheet'

// "姓名,党员类别\n张三,正式党员" as Excel on Chinese Windows saves it (GBK)
const GBK = Uint8Array.from(Buffer.from('D0D5C3FB2CB5B3D4B1C0E0B1F00AD5C5C8FD2CD5FDCABDB5B3D4B1', 'hex'))

describe('reading files', () => {
  it('decodes UTF-8 (with or without BOM) and falls back to GBK', () => {
    const text = '姓名,党员类别\n张三,正式党员'
    expect(decodeText(new TextEncoder().encode(text))).toBe(text)
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))).toBe(text)
    expect(decodeText(GBK)).toBe(text)
  })

  it('parses CSV with quotes, commas and CRLF', () => {
    expect(parseCsv('姓名,职务\r\n"王芳","主任, 医师"\r\n').rows.slice(0, 2)).toEqual([['姓名', '职务'], ['王芳', '主任, 医师']])
  })

  it('reads a GBK .csv file and an .xlsx file, and refuses other kinds and empty files', async () => {
    expect((await readImportFile(new File([GBK], 'roster.csv'))).rows[1]).toEqual(['张三', '正式党员'])
    const { buffer, badRows, validCount } = rosterWorkbook()
    const sheet = await readImportFile(new File([new Uint8Array(buffer)], 'roster.xlsx'))
    expect(sheet.firstLine).toBe(1)
    const rows = sheet.rows.slice(1).map((cells, i) => ({ line: i + 2, cells }))
    const preview = previewRows(rows, guessMapping(sheet.rows[0]!), { today: '2026-12-01', existing: [] })
    expect(preview.valid).toHaveLength(validCount)
    expect(preview.bad.map((b) => [b.line, b.problems.map((p) => p.code)]))
      .toEqual([[badRows[0]!.row, ['badDate']], [badRows[1]!.row, ['statusUnknown']], [badRows[2]!.row, ['duplicateInFile']]])
    await expect(readImportFile(new File(['x'], 'roster.pdf'))).rejects.toEqual(new UnreadableFile('type'))
    await expect(readImportFile(new File([',\n,'], 'roster.csv'))).rejects.toMatchObject({ reason: 'empty' })
    expect(fileKind('名册.XLS')).toBe('xlsx')
  })
})
