import { describe, expect, it } from 'vitest'
import {
  committeeHint, filterRoster, fullMemberCount, groupsOf, NO_FILTER, sectionsByGroup, splitRoster, statusCounts, type RosterPerson,
} from './list'

const today = '2026-11-24'
const p = (id: string, over: Partial<RosterPerson> = {}): RosterPerson => ({
  id, name: id, party_status: 'full', group_id: null, left_branch_on: null, deleted_at: null, department: null, title: null,
  is_backbone: false, excluded_from_quorum: false, ...over,
})

const people = [
  p('王芳', { group_id: 'g1', department: '心血管内科' }),
  p('李强', { party_status: 'probationary', group_id: 'g2' }),
  p('赵敏', { party_status: 'activist', title: '主治医师' }),
  p('陈刚', { left_branch_on: '2026-08-01' }),
  p('周六', { left_branch_on: '2026-12-01' }), // transfer still ahead: in the branch today
  p('孙七', { deleted_at: '2026-01-01T00:00:00Z' }),
]

describe('splitRoster', () => {
  it('separates those who left, drops tombstones, sorts full members first', () => {
    const { current, left } = splitRoster(people, today)
    expect(current.map((x) => x.id)).toEqual(['王芳', '周六', '李强', '赵敏'])
    expect(left.map((x) => x.id)).toEqual(['陈刚'])
  })
})

describe('counts and filters', () => {
  const { current } = splitRoster(people, today)

  it('counts each status present, in the glossary order', () => {
    expect(statusCounts(current)).toEqual([{ status: 'full', n: 2 }, { status: 'probationary', n: 1 }, { status: 'activist', n: 1 }])
  })

  it('searches name, department and title, and filters by status and group', () => {
    const groups = new Set(['g1', 'g2'])
    expect(filterRoster(current, { ...NO_FILTER, query: '内科' }, groups).map((x) => x.id)).toEqual(['王芳'])
    expect(filterRoster(current, { ...NO_FILTER, query: '主治' }, groups).map((x) => x.id)).toEqual(['赵敏'])
    expect(filterRoster(current, { ...NO_FILTER, status: 'probationary' }, groups).map((x) => x.id)).toEqual(['李强'])
    expect(filterRoster(current, { ...NO_FILTER, group: 'g1' }, groups).map((x) => x.id)).toEqual(['王芳'])
    expect(filterRoster(current, { ...NO_FILTER, group: 'none' }, groups).map((x) => x.id)).toEqual(['周六', '赵敏'])
    // a group that no longer exists counts as none
    expect(filterRoster(current, { ...NO_FILTER, group: 'none' }, new Set(['g1'])).map((x) => x.id)).toEqual(['周六', '李强', '赵敏'])
  })

  it('makes one section per group, then the people in none', () => {
    const sections = sectionsByGroup(current, [{ id: 'g2', name: '呼吸科党小组' }, { id: 'g1', name: '心内科党小组' }, { id: 'g3', name: '空' }])
    expect(sections.map((s) => [s.key, s.people.map((x) => x.id)])).toEqual([
      ['g2', ['李强']], ['g1', ['王芳']], ['none', ['周六', '赵敏']],
    ])
  })

  it('lists live groups by name', () => {
    const orgs = [
      { id: 'b', kind: 'branch' as const, name: '支部', deleted_at: null },
      { id: 'g2', kind: 'group' as const, name: '心内科党小组', deleted_at: null },
      { id: 'g1', kind: 'group' as const, name: '呼吸科党小组', deleted_at: null },
      { id: 'g0', kind: 'group' as const, name: '旧小组', deleted_at: '2026-01-01T00:00:00Z' },
    ]
    expect(groupsOf(orgs).map((g) => g.id)).toEqual(['g1', 'g2'])
  })
})

describe('committeeHint', () => {
  it('asks for a committee from seven full members, and notes one kept with fewer', () => {
    expect(committeeHint(7, false)).toBe('shouldHave')
    expect(committeeHint(6, false)).toBeNull()
    expect(committeeHint(6, true)).toBe('fewMembers')
    expect(committeeHint(7, true)).toBeNull()
    expect(fullMemberCount([p('a'), p('b', { party_status: 'probationary' })])).toBe(1)
  })
})
