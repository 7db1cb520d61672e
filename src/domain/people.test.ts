import { describe, expect, it } from 'vitest'
import type { Person } from './types'
import {
  earliestStep, emptyPersonValues, nextStage, pathDatesFor, stepFields, toPersonFields, toPersonValues, validateGroupName,
  validatePerson, validateStep, validateTransfer, type PersonContext, type PersonFormValues,
} from './people'

const today = '2026-11-24'
const ctx = (over: Partial<PersonContext> = {}): PersonContext => ({ today, originalStatus: null, leftBranchOn: null, ...over })
const values = (over: Partial<PersonFormValues> = {}): PersonFormValues => ({
  ...emptyPersonValues(), name: ' 王芳 ', party_status: 'full', admitted_on: '2015-07-01', confirmed_on: '2016-07-01', ...over,
})

describe('validatePerson', () => {
  it('accepts a full member, and a 群众 with nothing but a name', () => {
    expect(validatePerson(values(), ctx())).toEqual({})
    expect(validatePerson(values({ party_status: 'non_member', admitted_on: null, confirmed_on: null }), ctx())).toEqual({})
  })

  it('needs a name, not too long', () => {
    expect(validatePerson(values({ name: '   ' }), ctx())).toEqual({ name: 'roster.errors.nameRequired' })
    expect(validatePerson(values({ name: '王'.repeat(51) }), ctx())).toEqual({ name: 'roster.errors.tooLong' })
  })

  it('needs admitted_on for full and probationary members, as the server does', () => {
    expect(validatePerson(values({ party_status: 'probationary', admitted_on: null, confirmed_on: null }), ctx({ originalStatus: 'probationary' })))
      .toEqual({ admitted_on: 'roster.errors.admittedRequired' })
  })

  it('needs the day a new or changed status was reached, not for an unchanged one', () => {
    const activist = values({ party_status: 'activist', admitted_on: null, confirmed_on: null, applied_on: '2025-01-01' })
    expect(validatePerson(activist, ctx())).toEqual({ activist_on: 'roster.errors.stageDateRequired' })
    expect(validatePerson(activist, ctx({ originalStatus: 'applicant' }))).toEqual({ activist_on: 'roster.errors.stageDateRequired' })
    expect(validatePerson(activist, ctx({ originalStatus: 'activist' }))).toEqual({})
    expect(validatePerson(values({ confirmed_on: null }), ctx({ originalStatus: 'probationary' })))
      .toEqual({ confirmed_on: 'roster.errors.stageDateRequired' })
  })

  it('refuses path days out of order, skipping unknown stages like the server', () => {
    const v = values({ applied_on: '2014-03-01', activist_on: null, candidate_on: '2013-01-01' })
    expect(validatePerson(v, ctx())).toEqual({ candidate_on: 'roster.errors.before.applied_on' })
    expect(validatePerson(values({ candidate_on: '2015-08-01' }), ctx())).toEqual({ admitted_on: 'roster.errors.before.candidate_on' })
    expect(validatePerson(values({ confirmed_on: '2015-06-30' }), ctx())).toEqual({ confirmed_on: 'roster.errors.before.admitted_on' })
    expect(validatePerson(values({ applied_on: '2015-07-01', activist_on: '2015-07-01', candidate_on: '2015-07-01' }), ctx())).toEqual({})
  })

  it('refuses days in the future and impossible days', () => {
    expect(validatePerson(values({ confirmed_on: '2026-11-25' }), ctx())).toEqual({ confirmed_on: 'roster.errors.future' })
    expect(validatePerson(values({ admitted_on: '2015-02-30' }), ctx())).toEqual({ admitted_on: 'roster.errors.badDate' })
    expect(validatePerson(values({ joined_branch_on: '2027-01-01' }), ctx())).toEqual({ joined_branch_on: 'roster.errors.future' })
  })

  it('ignores the days of stages the chosen status has not reached', () => {
    const v = values({ party_status: 'applicant', applied_on: '2026-01-01', confirmed_on: '2099-01-01' })
    expect(validatePerson(v, ctx({ originalStatus: 'applicant' }))).toEqual({})
  })

  it('refuses joining the branch after leaving it', () => {
    expect(validatePerson(values({ joined_branch_on: '2026-05-01' }), ctx({ leftBranchOn: '2026-04-01' })))
      .toEqual({ joined_branch_on: 'roster.errors.joinedAfterLeft' })
  })

  it('needs a reason for a quorum exclusion, within 200 characters', () => {
    expect(validatePerson(values({ excluded_from_quorum: true, quorum_exclusion_reason: '  ' }), ctx()))
      .toEqual({ quorum_exclusion_reason: 'roster.errors.reasonRequired' })
    expect(validatePerson(values({ excluded_from_quorum: true, quorum_exclusion_reason: '长'.repeat(201) }), ctx()))
      .toEqual({ quorum_exclusion_reason: 'roster.errors.tooLong' })
    expect(validatePerson(values({ excluded_from_quorum: true, quorum_exclusion_reason: '援外医疗队' }), ctx())).toEqual({})
  })

  it('caps department and title', () => {
    expect(validatePerson(values({ department: '科'.repeat(101), title: '医'.repeat(51) }), ctx()))
      .toEqual({ department: 'roster.errors.tooLong', title: 'roster.errors.tooLong' })
  })
})

describe('toPersonFields', () => {
  it('trims, turns blanks into null and clears the days of stages not reached', () => {
    const fields = toPersonFields(values({ party_status: 'activist', applied_on: '2025-01-01', activist_on: '2025-06-01',
      candidate_on: '2026-01-01', department: ' 心内科 ', title: ' ' }))
    expect(fields).toMatchObject({
      name: '王芳', party_status: 'activist', applied_on: '2025-01-01', activist_on: '2025-06-01', candidate_on: null,
      admitted_on: null, confirmed_on: null, department: '心内科', title: null,
    })
  })

  it('keeps a quorum exclusion and its reason only for members, and drops the reason when not excluded', () => {
    expect(toPersonFields(values({ excluded_from_quorum: true, quorum_exclusion_reason: ' 出国 ' })))
      .toMatchObject({ excluded_from_quorum: true, quorum_exclusion_reason: '出国' })
    expect(toPersonFields(values({ excluded_from_quorum: false, quorum_exclusion_reason: '出国' })))
      .toMatchObject({ excluded_from_quorum: false, quorum_exclusion_reason: null })
    expect(toPersonFields(values({ party_status: 'activist', excluded_from_quorum: true, quorum_exclusion_reason: '出国' })))
      .toMatchObject({ excluded_from_quorum: false, quorum_exclusion_reason: null })
  })

  it('round-trips a stored person', () => {
    const stored = { id: 'p1', branch_id: 'b', user_id: null, updated_at: '', deleted_at: null, left_branch_on: null,
      ...toPersonFields(values({ group_id: 'g1', is_backbone: true })) } satisfies Person
    expect(toPersonFields(toPersonValues(stored))).toEqual(toPersonFields(values({ group_id: 'g1', is_backbone: true })))
  })
})

describe('status steps', () => {
  const activist = { party_status: 'activist' as const, applied_on: '2024-03-01', activist_on: '2025-01-10', candidate_on: null,
    admitted_on: null, confirmed_on: null }

  it('walks the path one stage at a time, with the day it sets', () => {
    expect(nextStage('non_member')).toEqual({ status: 'applicant', field: 'applied_on' })
    expect(nextStage('candidate')).toEqual({ status: 'probationary', field: 'admitted_on' })
    expect(nextStage('probationary')).toEqual({ status: 'full', field: 'confirmed_on' })
    expect(nextStage('full')).toBeNull()
    expect(pathDatesFor('candidate')).toEqual(['applied_on', 'activist_on', 'candidate_on'])
    expect(stepFields(activist, '2026-02-01')).toEqual({ party_status: 'candidate', candidate_on: '2026-02-01' })
  })

  it('refuses a step day before the last stage reached, in the future or for a full member', () => {
    expect(validateStep(activist, '2026-02-01', today)).toBeNull()
    expect(validateStep(activist, '2025-01-09', today)).toBe('roster.errors.before.activist_on')
    expect(validateStep(activist, '2026-12-01', today)).toBe('roster.errors.future')
    expect(validateStep({ ...activist, party_status: 'full' }, '2026-02-01', today)).toBe('roster.errors.noNextStage')
  })

  it('knows the minimum waits: a year as activist, a year of probation', () => {
    expect(earliestStep(activist)).toBe('2026-01-10')
    expect(earliestStep({ ...activist, party_status: 'probationary', admitted_on: '2024-02-29' })).toBe('2025-02-28')
    expect(earliestStep({ ...activist, party_status: 'applicant' })).toBeNull()
  })
})

describe('transfer and groups', () => {
  it('transfers out on a past day not before joining', () => {
    expect(validateTransfer(today, { joined_branch_on: null }, today)).toBeNull()
    expect(validateTransfer('2026-11-25', { joined_branch_on: null }, today)).toBe('roster.errors.future')
    expect(validateTransfer('2020-01-01', { joined_branch_on: '2021-01-01' }, today)).toBe('roster.errors.leftBeforeJoined')
  })

  it('names a group once per branch', () => {
    expect(validateGroupName(' 心内科党小组 ', ['呼吸科党小组'])).toBeNull()
    expect(validateGroupName('  ', [])).toBe('roster.errors.groupNameRequired')
    expect(validateGroupName('呼吸科党小组', ['呼吸科党小组'])).toBe('roster.errors.groupExists')
    expect(validateGroupName('组'.repeat(31), [])).toBe('roster.errors.tooLong')
  })
})
