import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PARTY_STATUSES } from '../../domain'
import { parseStatus } from './statuses'

// read as text: the i18n plugin turns imported locale JSON into compiled messages
const zh = JSON.parse(readFileSync(new URL('../../locales/zh-CN/roster.json', import.meta.url), 'utf8')) as { statuses: Record<string, string> }

describe('parseStatus', () => {
  it('reads every status by the Chinese name the app shows for it, and by its code', () => {
    for (const status of PARTY_STATUSES) {
      expect(parseStatus(zh.statuses[status]), zh.statuses[status]).toBe(status)
      expect(parseStatus(status.toUpperCase())).toBe(status)
    }
  })

  it('reads the wordings of HR systems and committee sheets', () => {
    const cases: [string, string][] = [
      ['中共党员', 'full'], ['党员', 'full'], ['中国共产党党员', 'full'], ['中共预备党员', 'probationary'], ['预备', 'probationary'],
      ['积极分子', 'activist'], ['申请人', 'applicant'], ['已递交入党申请书', 'applicant'], ['非中共党员', 'non_member'],
      [' 正式 党员 ', 'full'], ['　群众　', 'non_member'],
    ]
    for (const [text, status] of cases) expect(parseStatus(text), text).toBe(status)
  })

  it('names no status for other words and empty cells', () => {
    for (const v of ['共青团员', '民主党派', '党外人士', '', null, undefined, 3]) expect(parseStatus(v), String(v)).toBeNull()
  })
})
