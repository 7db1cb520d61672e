import { describe, expect, it } from 'vitest'
import {
  emptyFormValues, toActivityFields, toFormValues, toMakeupFields, validateActivity, validateMakeup, type ActivityFormValues, type MakeupContext,
} from './validate'

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

  it('takes the lecturer of a lesson from the roster or from outside, not both', () => {
    expect(validateActivity(valid({ kinds: ['lesson'], lecturer_id: 'p1', lecturer_name: 'Prof. Li' })))
      .toEqual({ lecturer: 'activities.errors.lecturerBoth' })
    expect(validateActivity(valid({ kinds: ['lesson'], lecturer_id: 'p1', lecturer_name: '  ' }))).toEqual({})
    expect(validateActivity(valid({ kinds: ['lesson'], lecturer_name: 'Prof. Li' }))).toEqual({})
    // without a lesson the lecturer is not saved at all, so it cannot conflict
    expect(validateActivity(valid({ kinds: ['theme_day'], lecturer_id: 'p1', lecturer_name: 'Prof. Li' }))).toEqual({})
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

  it('writes an outside lecturer\'s name only when there is one, or to clear one', () => {
    const outside = toActivityFields(valid({ kinds: ['lesson'], lecturer_name: ' Prof. Li ' }))
    expect(outside).toMatchObject({ lecturer_id: null, lecturer_name: 'Prof. Li' })
    const roster = toActivityFields(valid({ kinds: ['lesson'], lecturer_id: 'p1' }))
    expect(roster.lecturer_id).toBe('p1')
    expect('lecturer_name' in roster).toBe(false)
    const cleared = toActivityFields(valid({ kinds: ['lesson'], lecturer_id: 'p1' }), { lecturer_name: 'Prof. Li' })
    expect(cleared).toMatchObject({ lecturer_id: 'p1', lecturer_name: null })
    const noLesson = toActivityFields(valid({ kinds: ['theme_day'], lecturer_name: 'Prof. Li' }), { lecturer_name: 'Prof. Li' })
    expect(noLesson).toMatchObject({ lecturer_id: null, lecturer_name: null })
  })

  it('round-trips through the form values', () => {
    const fields = toActivityFields(valid({ minutes: 'm', decisions: 'd', host_id: 'p2', status: 'planned' }))
    expect(toActivityFields(toFormValues(fields))).toEqual(fields)
    const outside = toActivityFields(valid({ kinds: ['lesson'], lecturer_name: 'Prof. Li' }))
    expect(toActivityFields(toFormValues(outside), outside)).toEqual(outside)
  })

  it('refuses values without a start', () => {
    expect(() => toActivityFields(valid({ starts_at: null }))).toThrow(RangeError)
  })
})

describe('validateMakeup (补学)', () => {
  const ctx = (over: Partial<MakeupContext> = {}): MakeupContext => ({
    status: 'leave', activityStartsAt: '2026-11-20T14:30:00+08:00', today: '2026-11-25', ...over,
  })

  it('accepts a date from the activity\'s day to today with a note', () => {
    expect(validateMakeup({ makeup_on: '2026-11-20', makeup_note: 'Read the minutes' }, ctx())).toEqual({})
    expect(validateMakeup({ makeup_on: '2026-11-25', makeup_note: 'x' }, ctx({ status: 'absent' }))).toEqual({})
  })

  it('refuses a date in the future', () => {
    expect(validateMakeup({ makeup_on: '2026-11-26', makeup_note: 'x' }, ctx())).toEqual({ makeup_on: 'attendance.makeup.errors.future' })
  })

  it('refuses a date before the activity, by its Shanghai day', () => {
    expect(validateMakeup({ makeup_on: '2026-11-19', makeup_note: 'x' }, ctx())).toEqual({ makeup_on: 'attendance.makeup.errors.beforeActivity' })
    // 2026-11-19T17:00Z is already the 20th in Shanghai
    expect(validateMakeup({ makeup_on: '2026-11-20', makeup_note: 'x' }, ctx({ activityStartsAt: '2026-11-19T17:00:00Z' }))).toEqual({})
  })

  it('needs a real date and a note', () => {
    expect(validateMakeup({ makeup_on: '', makeup_note: ' ' }, ctx())).toEqual({
      makeup_on: 'attendance.makeup.errors.date', makeup_note: 'attendance.makeup.errors.note',
    })
    expect(validateMakeup({ makeup_on: '2026-02-30', makeup_note: 'x' }, ctx({ today: '2026-03-05', activityStartsAt: '2026-02-01T09:00:00+08:00' })))
      .toEqual({ makeup_on: 'attendance.makeup.errors.date' })
  })

  it('only for someone who missed the activity', () => {
    expect(validateMakeup({ makeup_on: '2026-11-21', makeup_note: 'x' }, ctx({ status: 'present' }))).toEqual({ status: 'attendance.makeup.errors.notMissed' })
  })

  it('trims what it writes', () => {
    expect(toMakeupFields({ makeup_on: ' 2026-11-21 ', makeup_note: ' Read it ' })).toEqual({ makeup_on: '2026-11-21', makeup_note: 'Read it' })
  })
})
