import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CADENCE, type ActivityKind, type Period } from '../../domain'
import {
  branchesUnder, cadenceText, editableCommittees, kindCadences, sameCadence, unseenAncestors, validateCadence,
  type CadenceOrg, type CadencePolicyRow,
} from './policy'

const org = (id: string, parent: string | null, kind: CadenceOrg['kind'], over: Partial<CadenceOrg> = {}): CadenceOrg =>
  ({ id, parent_id: parent, kind, name: id, has_committee: false, deleted_at: null, ...over })
const policy = (id: string, orgId: string, kind: ActivityKind, per: Period, min: number, over: Partial<CadencePolicyRow> = {}) =>
  ({ id, org_id: orgId, kind, per, min_count: min, deleted_at: null, ...over })

// district → hospital → (dept committee → b3), b1, b2; district is not on a reviewer's device
const orgs: CadenceOrg[] = [
  org('hosp', 'district', 'committee', { name: '医院党委', path: ['district', 'hosp'] }),
  org('dept', 'hosp', 'committee', { name: '内科总支' }),
  org('b1', 'hosp', 'branch'),
  org('b2', 'hosp', 'branch', { deleted_at: '2026-01-01T00:00:00Z' }),
  org('b3', 'dept', 'branch'),
  org('b4', 'hosp', 'branch'),
  org('g1', 'b1', 'group'),
]
const byKind = (rows: ReturnType<typeof kindCadences>, kind: ActivityKind) => rows.find((r) => r.kind === kind)!

describe('kindCadences', () => {
  it('shows the defaults of SPEC §3.1 when nobody set a policy', () => {
    const rows = kindCadences(orgs, [], 'hosp')
    expect(rows.map((r) => r.kind)).toEqual(['assembly', 'committee', 'group', 'lesson', 'theme_day', 'org_life', 'review'])
    for (const row of rows) {
      expect(row).toMatchObject({ source: 'default', inherited: null, own: null, effective: DEFAULT_CADENCE[row.kind] })
    }
  })

  it('inherits from the nearest ancestor, and an own policy wins over it', () => {
    const policies = [
      policy('p1', 'district', 'theme_day', 'month', 2),
      policy('p2', 'hosp', 'theme_day', 'quarter', 4),
      policy('p3', 'district', 'lesson', 'month', 1),
    ]
    const rows = kindCadences(orgs, policies, 'dept')
    expect(byKind(rows, 'theme_day')).toMatchObject({
      source: 'inherited', inherited: { orgId: 'hosp', cadence: { per: 'quarter', min_count: 4 } },
      own: null, effective: { per: 'quarter', min_count: 4 }, default: { per: 'month', min_count: 1 },
    })
    expect(byKind(rows, 'lesson')).toMatchObject({ source: 'inherited', inherited: { orgId: 'district' } })
    const hosp = kindCadences(orgs, policies, 'hosp')
    expect(byKind(hosp, 'theme_day')).toMatchObject({
      source: 'own', own: { id: 'p2' }, inherited: { orgId: 'district', cadence: { per: 'month', min_count: 2 } },
      effective: { per: 'quarter', min_count: 4 },
    })
  })

  it('ignores tombstoned policies and treats min_count 0 as a policy (switched off)', () => {
    const policies = [
      policy('old', 'hosp', 'review', 'year', 3, { deleted_at: '2026-02-01T00:00:00Z' }),
      policy('off', 'hosp', 'committee', 'month', 0),
    ]
    const rows = kindCadences(orgs, policies, 'hosp')
    expect(byKind(rows, 'review')).toMatchObject({ source: 'default', own: null })
    expect(byKind(rows, 'committee')).toMatchObject({ source: 'own', effective: { per: 'month', min_count: 0 } })
  })

  it('counts the branches that follow a committee below instead', () => {
    const policies = [policy('p', 'dept', 'assembly', 'month', 1), policy('q', 'hosp', 'assembly', 'quarter', 2)]
    const rows = kindCadences(orgs, policies, 'hosp')
    expect(byKind(rows, 'assembly').overriddenBranches).toBe(1)
    expect(byKind(rows, 'lesson').overriddenBranches).toBe(0)
    expect(byKind(kindCadences(orgs, policies, 'dept'), 'assembly').overriddenBranches).toBe(0)
  })
})

describe('the subtree', () => {
  it('offers the committees of the reviewer roles, depth-first', () => {
    expect(editableCommittees(orgs, ['hosp'])).toEqual([
      { id: 'hosp', name: '医院党委', depth: 0 }, { id: 'dept', name: '内科总支', depth: 1 },
    ])
    expect(editableCommittees(orgs, ['dept'])).toEqual([{ id: 'dept', name: '内科总支', depth: 0 }])
    expect(editableCommittees(orgs, ['hosp', 'dept']).map((c) => c.id)).toEqual(['hosp', 'dept'])
    expect(editableCommittees(orgs, [])).toEqual([])
  })

  it('counts live branches under a committee, through sub-committees', () => {
    expect(branchesUnder(orgs, 'hosp').map((b) => b.id).sort()).toEqual(['b1', 'b3', 'b4'])
    expect(branchesUnder(orgs, 'dept').map((b) => b.id)).toEqual(['b3'])
  })

  it('knows which ancestors the device does not hold', () => {
    expect(unseenAncestors(orgs, 'hosp')).toEqual(['district'])
    expect(unseenAncestors(orgs, 'dept')).toEqual(['district'])
    expect(unseenAncestors([org('root', null, 'committee')], 'root')).toEqual([])
  })
})

describe('validateCadence', () => {
  it('accepts 0 to 31 per month, quarter or year', () => {
    expect(validateCadence({ per: 'month', min_count: '2' })).toEqual({ errors: {}, value: { per: 'month', min_count: 2 } })
    expect(validateCadence({ per: 'year', min_count: ' 0 ' }).value).toEqual({ per: 'year', min_count: 0 })
    expect(validateCadence({ per: 'quarter', min_count: '31' }).value).toEqual({ per: 'quarter', min_count: 31 })
  })

  it.each([
    ['', 'min_count', 'cadence.errors.countRequired'],
    ['-1', 'min_count', 'cadence.errors.countInteger'],
    ['1.5', 'min_count', 'cadence.errors.countInteger'],
    ['abc', 'min_count', 'cadence.errors.countInteger'],
    ['32', 'min_count', 'cadence.errors.countRange'],
  ] as const)('refuses %j', (count, field, key) => {
    const { errors, value } = validateCadence({ per: 'month', min_count: count })
    expect(value).toBeNull()
    expect(errors[field]).toBe(key)
  })

  it('refuses an unknown period', () => {
    expect(validateCadence({ per: 'week', min_count: '1' }).errors.per).toBe('cadence.errors.perRequired')
  })

  it('has every message in both languages, Chinese in zh-CN only', () => {
    const read = (locale: string) => JSON.parse(readFileSync(new URL(`../../locales/${locale}/cadence.json`, import.meta.url), 'utf8')) as
      { errors: Record<string, string> }
    const zh = read('zh-CN')
    const en = read('en')
    for (const key of ['perRequired', 'countRequired', 'countInteger', 'countRange']) {
      expect(zh.errors[key]).toMatch(/[\u4e00-\u9fff]/)
      expect(en.errors[key]).toMatch(/^[^\u4e00-\u9fff]{4,}$/)
    }
  })
})

describe('cadenceText and sameCadence', () => {
  const t = (key: string, values?: Record<string, unknown>) => `${key}${values ? JSON.stringify(values) : ''}`
  it('words the rule per kind', () => {
    expect(cadenceText('theme_day', { per: 'month', min_count: 2 }, t)).toBe('cadence.rule.each.month{"n":2}')
    expect(cadenceText('group', { per: 'month', min_count: 1 }, t)).toBe('cadence.rule.perGroup.month{"n":1}')
    expect(cadenceText('committee', { per: 'quarter', min_count: 1 }, t)).toBe('cadence.rule.each.quarter{"n":1}cadence.rule.committeeOnly')
    expect(cadenceText('lesson', { per: 'year', min_count: 0 }, t)).toBe('cadence.rule.off')
  })

  it('compares rules, any period being the same when off', () => {
    expect(sameCadence({ per: 'month', min_count: 1 }, { per: 'month', min_count: 1 })).toBe(true)
    expect(sameCadence({ per: 'month', min_count: 1 }, { per: 'quarter', min_count: 1 })).toBe(false)
    expect(sameCadence({ per: 'month', min_count: 0 }, { per: 'year', min_count: 0 })).toBe(true)
  })
})
