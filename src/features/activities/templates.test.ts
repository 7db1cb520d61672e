import { describe, expect, it } from 'vitest'
import { ACTIVITY_KINDS } from '../../domain'
import {
  applyTemplate, availableTemplates, groupFor, isTemplateName, lastUsedPlace, sortKinds, TEMPLATE_KINDS, TEMPLATE_NAMES, templateOfKinds, templateTitle,
} from './templates'

const now = new Date('2026-11-20T06:32:10Z') // 14:32 in Shanghai

describe('activity templates', () => {
  it('fills the theme day + assembly + lesson as held, now, at the given place', () => {
    const fill = applyTemplate('themeDay', { now, place: 'Room 3', group: { id: 'g1', name: 'G' } })
    expect(fill).toEqual({
      kinds: ['theme_day', 'assembly', 'lesson'],
      title: { key: 'activities.templateTitle.themeDay', params: { year: 2026, month: 11, group: '' } },
      status: 'held',
      starts_at: '2026-11-20T14:30:00+08:00',
      place: 'Room 3',
      group_id: null, // only a group meeting names a group
    })
  })

  it('takes the wanted group, else the only one, else none', () => {
    const a = { id: 'a', name: 'A', kind: 'group' }
    const b = { id: 'b', name: 'B', kind: 'group' }
    expect(groupFor([a, b], 'b')).toEqual({ id: 'b', name: 'B' })
    expect(groupFor([a, b], null)).toBeNull()
    expect(groupFor([a], null)).toEqual({ id: 'a', name: 'A' })
    expect(groupFor([a], 'gone')).toEqual({ id: 'a', name: 'A' })
    expect(groupFor([], 'a')).toBeNull()
  })

  it('names the group of a group meeting', () => {
    const fill = applyTemplate('group', { now, place: 'P', group: { id: 'g1', name: 'Cardiology' } })
    expect(fill.kinds).toEqual(['group'])
    expect(fill.group_id).toBe('g1')
    expect(fill.title.params.group).toBe('Cardiology')
    const unnamed = applyTemplate('group', { now, place: 'P', group: null })
    expect(unnamed.group_id).toBeNull()
    expect(unnamed.title.key).toBe('activities.templateTitle.groupNone')
    expect(templateTitle('group', unnamed.starts_at, 'Respiratory')).toEqual({
      key: 'activities.templateTitle.group', params: { year: 2026, month: 11, group: 'Respiratory' },
    })
  })

  it('takes the month and year in Shanghai, not UTC', () => {
    const fill = applyTemplate('orgLife', { now: new Date('2026-12-31T16:10:00Z'), place: 'P', group: null })
    expect(fill.starts_at).toBe('2027-01-01T00:10:00+08:00')
    expect(fill.title.params).toMatchObject({ year: 2027, month: 1 })
  })

  it('offers the committee meeting only with a committee and the group meeting only with groups', () => {
    expect(availableTemplates({ hasCommittee: true, groupCount: 2 }))
      .toEqual(['themeDay', 'assembly', 'lesson', 'committee', 'group', 'orgLife', 'review'])
    expect(availableTemplates({ hasCommittee: false, groupCount: 0 })).toEqual(['themeDay', 'assembly', 'lesson', 'orgLife', 'review'])
  })

  it('has a template for every kind, each its own kind set', () => {
    const covered = new Set(TEMPLATE_NAMES.flatMap((name) => TEMPLATE_KINDS[name]))
    expect([...covered].sort()).toEqual([...ACTIVITY_KINDS].sort())
    for (const name of TEMPLATE_NAMES) expect(templateOfKinds(TEMPLATE_KINDS[name])).toBe(name)
    expect(applyTemplate('lesson', { now, place: 'P', group: null })).toMatchObject({ kinds: ['lesson'], status: 'held', group_id: null })
  })

  it('recognises template names and kind sets', () => {
    expect(isTemplateName('themeDay')).toBe(true)
    expect(isTemplateName('theme_day')).toBe(false)
    expect(templateOfKinds(['lesson', 'theme_day', 'assembly'])).toBe('themeDay')
    expect(templateOfKinds(['theme_day'])).toBeNull()
    expect(sortKinds(['lesson', 'assembly', 'lesson'])).toEqual(['assembly', 'lesson'])
  })

  it('remembers the place of the most recently written record', () => {
    expect(lastUsedPlace([])).toBeNull()
    expect(lastUsedPlace([
      { place: 'Old room', recorded_at: '2026-10-01T10:00:00+08:00' },
      { place: ' New room ', recorded_at: '2026-11-01T10:00:00+08:00' },
      { place: '', recorded_at: '2026-11-10T10:00:00+08:00' },
      { place: null, recorded_at: '2026-11-11T10:00:00+08:00' },
    ])).toBe('New room')
  })
})
