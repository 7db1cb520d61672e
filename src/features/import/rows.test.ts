import { describe, expect, it } from 'vitest'
import { guessMapping } from './headers'
import { previewRows, type SheetRow } from './rows'

const mapping = guessMapping(['姓名', '党员类别', '入党时间', '转正时间', '所在科室', '职务'])
const rows = (...cells: SheetRow['cells'][]): SheetRow[] => cells.map((c, i) => ({ line: i + 2, cells: c }))
const ctx = { today: '2026-11-24', existing: [{ name: '王芳', admitted_on: '2010-07-01' }] }

describe('previewRows', () => {
  it('keeps valid rows as people and skips blank rows', () => {
    const p = previewRows(rows(['欧阳 沁岚', '正式党员', '2015/7/1', '2016.07.01', '心内科', ''], [null, '', null], ['李雷', '群众']), mapping, ctx)
    expect(p.bad).toEqual([])
    expect(p.valid).toEqual([
      { line: 2, person: { name: '欧阳沁岚', party_status: 'full', admitted_on: '2015-07-01', confirmed_on: '2016-07-01', department: '心内科', title: null } },
      { line: 4, person: { name: '李雷', party_status: 'non_member', admitted_on: null, confirmed_on: null, department: null, title: null } },
    ])
  })

  it('lists one bad row per problem row: missing name, bad date, unknown status, future, dates out of order', () => {
    const p = previewRows(rows(
      ['', '正式党员', '2015-07-01'],
      ['甲', '正式党员', '2015-13-01'],
      ['乙', '共青团员'],
      ['丙', '预备党员', '2030-01-01'],
      ['丁', '正式党员', '2016-07-01', '2015-07-01'],
      ['戊', '正式党员'],
    ), mapping, ctx)
    expect(p.valid).toEqual([])
    expect(p.bad.map((b) => [b.line, b.problems.map((x) => x.code)])).toEqual([
      [2, ['nameMissing']], [3, ['badDate']], [4, ['statusUnknown']], [5, ['future']], [6, ['confirmedBeforeAdmitted']], [7, ['admittedMissing']],
    ])
  })

  it('refuses duplicates by name + 入党时间, within the file and against the roster', () => {
    const p = previewRows(rows(
      ['张伟', '正式党员', '2012-07-01'],
      ['张伟', '正式党员', '2012/7/1'], // same person
      ['张伟', '正式党员', '2013-07-01'], // a namesake admitted another day
      ['王 芳', '正式党员', '2010-07-01'], // on the roster
    ), mapping, ctx)
    expect(p.valid.map((v) => v.line)).toEqual([2, 4])
    expect(p.bad).toEqual([
      { line: 3, name: '张伟', problems: [{ code: 'duplicateInFile', field: 'name', params: { line: 2 } }] },
      { line: 5, name: '王芳', problems: [{ code: 'duplicateInRoster', field: 'name' }] },
    ])
  })
})
