import { describe, expect, test } from 'vitest'
import { candidateParents, cleanOrgName, linesNamed, orgContents, orgNameProblem, treeLines } from './orgAdmin'
import type { OrgKind } from './types'

const org = (id: string, kind: OrgKind, name: string, parent_id: string | null, deleted_at: string | null = null) =>
  ({ id, kind, name, parent_id, deleted_at })

const ORGS = [
  org('root', 'committee', '某区卫健工委', null),
  org('east', 'committee', '东片区', 'root'),
  org('b1', 'branch', '内科党支部', 'root'),
  org('b2', 'branch', '外科党支部', 'east'),
  org('g1', 'group', '第一党小组', 'b1'),
  org('old', 'branch', '已撤销支部', 'root', '2026-01-01T00:00:00Z'),
  org('other', 'committee', '别的工委', null),
  org('ob', 'branch', '别处支部', 'other'),
]

describe('org names', () => {
  test('are cleaned and compared as the server does', () => {
    expect(cleanOrgName('\u3000 内科  一支部 ')).toBe('内科 一支部')
    expect(orgNameProblem('  ', [])).toBe('empty')
    expect(orgNameProblem('支'.repeat(61), [])).toBe('tooLong')
    expect(orgNameProblem('支'.repeat(60), [])).toBeNull()
    expect(orgNameProblem('内科 党支部', ['内科党支部'])).toBe('taken')
    expect(orgNameProblem('ICU 支部', ['icu支部'])).toBe('taken')
    expect(orgNameProblem('外科党支部', ['内科党支部'])).toBeNull()
  })
})

describe('where an org may go', () => {
  test('a branch goes under live committees of the reviewer subtree, a group under branches', () => {
    expect(candidateParents(ORGS, 'branch', ['root']).map((o) => o.id).sort()).toEqual(['east', 'root'])
    expect(candidateParents(ORGS, 'group', ['root']).map((o) => o.id).sort()).toEqual(['b1', 'b2'])
  })
  test('a committee never moves into itself or below itself', () => {
    expect(candidateParents(ORGS, 'committee', ['root'], 'east').map((o) => o.id)).toEqual(['root'])
  })
})

describe('the tree', () => {
  test('lists each root depth-first with live children only', () => {
    const lines = treeLines(ORGS, ['root'])
    expect(lines.map((l) => [l.org.id, l.depth])).toEqual([['root', 0], ['east', 1], ['b2', 2], ['b1', 1], ['g1', 2]])
    expect(lines.find((l) => l.org.id === 'root')?.children).toBe(2)
  })
  test('finds lines by a part of the name, without case or spaces; an empty search keeps them all', () => {
    const lines = treeLines(ORGS, ['root'])
    const names = (query: string) => linesNamed(lines, query).map((l) => l.org.name)
    expect(names(' 内 科')).toEqual(['内科党支部'])
    expect(names('科党支部')).toEqual(['外科党支部', '内科党支部'])
    expect(linesNamed([{ org: { name: 'ICU 党支部' }, depth: 0, children: 0 }], 'icu党').map((l) => l.org.name)).toEqual(['ICU 党支部'])
    expect(names('没有这个名字')).toEqual([])
    expect(names('  ')).toHaveLength(lines.length)
  })
})

describe('what is inside an org', () => {
  const people = [
    { branch_id: 'b1', group_id: 'g1', deleted_at: null, left_branch_on: null },
    { branch_id: 'b1', group_id: null, deleted_at: null, left_branch_on: '2026-03-01' },
    { branch_id: 'b2', group_id: null, deleted_at: '2026-01-01T00:00:00Z', left_branch_on: null },
  ]
  const roles = [{ org_id: 'b2', deleted_at: null }, { org_id: 'b1', deleted_at: '2026-01-01T00:00:00Z' }]
  test('counts live children, people still there and live roles', () => {
    expect(orgContents({ id: 'b1' }, ORGS, people, roles, '2026-06-01')).toEqual({ children: 1, people: 1, roles: 0 })
    expect(orgContents({ id: 'b1' }, ORGS, people, roles, '2026-02-01')).toEqual({ children: 1, people: 2, roles: 0 })
    expect(orgContents({ id: 'b2' }, ORGS, people, roles, '2026-06-01')).toEqual({ children: 0, people: 0, roles: 1 })
  })
})
