import { describe, expect, it } from 'vitest'
import { emptyFormValues, toActivityFields, toFormValues, validateActivity, type ActivityFormValues } from './validate'

const valid = (over: Partial<ActivityFormValues> = {}): ActivityFormValues => ({
  ...emptyFormValues(),
  kinds: ['theme_day', 'assembly'],
  title: ' November theme day ',
  starts_at: '2026-11-20T14:30:00+08:00',
  ends_at: '2026-11-20T16:30:00+08:00',
  ...over,
})

describe('validateActivity', () => {
  it('accepts a complete activity', () => {
    expect(validateActivity(valid())).toEqual({})
    expect(validateActivity(valid({ ends_at: null }))).toEqual({})
  })

  it('needs at least one kind', () => {
    expect(validateActivity(valid({ kinds: [] }))).toEqual({ kinds: 'activities.errors.kinds' })
  })

  it('needs a start', () => {
    expect(validateActivity(valid({ starts_at: null, ends_at: null }))).toEqual({ starts_at: 'activities.errors.startsAt' })
    expect(validateActivity(valid({ starts_at: '2026-11-20 14:30', ends_at: null }))).toEqual({ starts_at: 'activities.errors.startsAt' })
  })

  it('refuses an end before the start, compared as instants', () => {
    expect(validateActivity(valid({ ends_at: '2026-11-20T14:29:00+08:00' }))).toEqual({ ends_at: 'activities.errors.endBeforeStart' })
    // 06:30Z is 14:30 in Shanghai: the same instant is fine
    expect(validateActivity(valid({ ends_at: '2026-11-20T06:30:00Z' }))).toEqual({})
  })

  it('needs the group of a group meeting', () => {
    expect(validateActivity(valid({ kinds: ['group'] }))).toEqual({ group_id: 'activities.errors.group' })
    expect(validateActivity(valid({ kinds: ['group'], group_id: 'g1' }))).toEqual({})
  })

  it('reports every problem at once', () => {
    expect(Object.keys(validateActivity({ ...emptyFormValues(), kinds: [] })).sort()).toEqual(['kinds', 'starts_at'])
  })
})

describe('toActivityFields', () => {
  it('trims text, turns blanks into null and keeps each kind once, in the order chosen', () => {
    const fields = toActivityFields(valid({ kinds: ['theme_day', 'lesson', 'theme_day'], topic: '   ', place: ' Room 3 ' }))
    expect(fields).toMatchObject({ kinds: ['theme_day', 'lesson'], title: 'November theme day', topic: null, place: 'Room 3' })
  })

  it('keeps a group only for a group meeting and a lecturer only for a lesson', () => {
    const fields = toActivityFields(valid({ kinds: ['theme_day'], group_id: 'g1', lecturer_id: 'p1' }))
    expect(fields.group_id).toBeNull()
    expect(fields.lecturer_id).toBeNull()
    const kept = toActivityFields(valid({ kinds: ['group', 'lesson'], group_id: 'g1', lecturer_id: 'p1' }))
    expect(kept).toMatchObject({ group_id: 'g1', lecturer_id: 'p1' })
  })

  it('round-trips through the form values', () => {
    const fields = toActivityFields(valid({ minutes: 'm', decisions: 'd', host_id: 'p2', status: 'planned' }))
    expect(toActivityFields(toFormValues(fields))).toEqual(fields)
  })

  it('refuses values without a start', () => {
    expect(() => toActivityFields(valid({ starts_at: null }))).toThrow(RangeError)
  })
})
