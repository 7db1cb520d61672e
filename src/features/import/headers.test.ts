import { describe, expect, it } from 'vitest'
import { findHeaderRow, guessField, guessMapping, keptOut, setMapping } from './headers'

describe('header guessing', () => {
  it('maps the headers of a committee roster, 性别 left out as not stored', () => {
    expect(guessMapping(['姓名', '性别', '党员类别', '入党时间', '转正时间', '所在科室', '职务']))
      .toEqual(['name', null, 'party_status', 'admitted_on', 'confirmed_on', 'department', 'title'])
    expect(keptOut('性别')).toBe('notStored')
    expect(keptOut('姓名')).toBeNull()
  })

  it('reads other wordings: 身份, 入党日期, notes in brackets, full-width characters, English', () => {
    const cases: [string, string | null][] = [
      ['党员姓名', 'name'], ['党员身份', 'party_status'], ['政治面貌', 'party_status'], ['入党日期', 'admitted_on'],
      ['入党时间（预备）', 'admitted_on'], ['转为正式党员日期', 'confirmed_on'], ['转正日期*', 'confirmed_on'],
      ['科室', 'department'], ['部门', 'department'], ['职称', 'title'], ['Name', 'name'], ['Admitted on', 'admitted_on'],
      ['ｓｔａｔｕｓ', 'party_status'], ['身份证号', null], ['序号', null], ['备注', null], ['', null],
    ]
    for (const [header, field] of cases) expect(guessField(header), header).toBe(field)
  })

  it('gives a field to its first column only', () => {
    expect(guessMapping(['姓名', '科室', '部门'])).toEqual(['name', 'department', null])
  })

  it('moves a field to another column, the old one becoming 不导入', () => {
    expect(setMapping(['name', 'department', null], 2, 'department')).toEqual(['name', null, 'department'])
    expect(setMapping(['name', 'department'], 1, null)).toEqual(['name', null])
  })

  it('finds the header row below a title row', () => {
    expect(findHeaderRow([['内科第一党支部党员名册'], [], ['序号', '姓名', '党员类别']])).toBe(2)
    expect(findHeaderRow([['a', 'b']])).toBeNull()
  })
})
