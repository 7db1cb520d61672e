import { describe, expect, it } from 'vitest'
import {
  fitsTrack, lastLogDays, menteeCandidates, menteePath, mentorCandidates, oneYearAfter, sortPairings,
  validateClose, validateLog, validatePairing,
  type PairingDraft, type PairingPerson, type PathPerson,
} from './pairings'

const B = 'branch-1'
const person = (id: string, over: Partial<PairingPerson> = {}): PairingPerson => ({
  id, branch_id: B, party_status: 'full', is_backbone: false, left_branch_on: null, deleted_at: null, ...over,
})
const people = [
  person('full'),
  person('prob', { party_status: 'probationary' }),
  person('backbone', { party_status: 'activist', is_backbone: true }),
  person('plain', { party_status: 'non_member' }),
  person('member-backbone', { is_backbone: true }),
  person('left', { left_branch_on: '2026-01-01' }),
  person('gone', { deleted_at: '2026-01-01T00:00:00Z' }),
  person('other', { branch_id: 'branch-2' }),
]
const today = '2026-06-15'
const draft = (over: Partial<PairingDraft> = {}): PairingDraft => ({
  mentor_id: 'full', mentee_id: 'backbone', track: 'backbone_to_member', started_on: today, goal: '  goal ', ...over,
})

describe('who may be paired', () => {
  it('mentors are full or probationary members still in the branch', () => {
    expect(mentorCandidates(people, B, today).map((p) => p.id)).toEqual(['full', 'prob', 'member-backbone'])
  })

  it('backbone_to_member mentees are backbones not yet members; member_to_backbone mentees are members', () => {
    expect(menteeCandidates(people, B, 'backbone_to_member', 'full', today).map((p) => p.id)).toEqual(['backbone'])
    expect(menteeCandidates(people, B, 'member_to_backbone', 'full', today).map((p) => p.id)).toEqual(['prob', 'member-backbone'])
    expect(fitsTrack({ party_status: 'candidate', is_backbone: false }, 'backbone_to_member')).toBe(false)
  })
})

describe('validatePairing', () => {
  const check = (over: Partial<PairingDraft>) => validatePairing(draft(over), people, B, today)

  it('accepts a valid pairing of either track', () => {
    expect(check({})).toEqual({})
    expect(check({ track: 'member_to_backbone', mentee_id: 'prob', mentor_id: 'full' })).toEqual({})
    expect(check({ mentor_id: 'prob' })).toEqual({})
  })

  it('requires a mentor who is a member of the branch', () => {
    expect(check({ mentor_id: null }).mentor_id).toBe('pairings.errors.mentorRequired')
    expect(check({ mentor_id: 'plain' }).mentor_id).toBe('pairings.errors.mentorNotMember')
    expect(check({ mentor_id: 'other' }).mentor_id).toBe('pairings.errors.notInBranch')
    expect(check({ mentor_id: 'left' }).mentor_id).toBe('pairings.errors.notInBranch')
    expect(check({ mentor_id: 'gone' }).mentor_id).toBe('pairings.errors.notInBranch')
  })

  it('requires a mentee that fits the track and is not the mentor', () => {
    expect(check({ mentee_id: null }).mentee_id).toBe('pairings.errors.menteeRequired')
    expect(check({ mentee_id: 'full' }).mentee_id).toBe('pairings.errors.samePerson')
    expect(check({ mentee_id: 'plain' }).mentee_id).toBe('pairings.errors.menteeNotBackbone')
    expect(check({ mentee_id: 'member-backbone' }).mentee_id).toBe('pairings.errors.menteeNotBackbone')
    expect(check({ track: 'member_to_backbone', mentee_id: 'backbone' }).mentee_id).toBe('pairings.errors.menteeNotMember')
  })

  it('takes no start in the future and needs a goal', () => {
    expect(check({ started_on: '2026-06-16' }).started_on).toBe('pairings.errors.future')
    expect(check({ started_on: '2026-02-30' }).started_on).toBe('pairings.errors.dateRequired')
    expect(check({ goal: '   ' }).goal).toBe('pairings.errors.goalRequired')
  })
})

describe('logs and closing', () => {
  const pairing = { started_on: '2026-03-01' }
  it('dates a log between the start and today and needs a note', () => {
    expect(validateLog({ logged_on: '2026-03-01', note: 'n', milestone: '' }, pairing, today)).toEqual({})
    expect(validateLog({ logged_on: '2026-02-28', note: 'n', milestone: '' }, pairing, today).logged_on).toBe('pairings.errors.beforeStart')
    expect(validateLog({ logged_on: '2026-06-16', note: 'n', milestone: '' }, pairing, today).logged_on).toBe('pairings.errors.future')
    expect(validateLog({ logged_on: today, note: ' ', milestone: 'm' }, pairing, today).note).toBe('pairings.errors.noteRequired')
  })

  it('closes on or after the start (the server checks ended_on ≥ started_on), not in the future', () => {
    expect(validateClose('2026-03-01', pairing, today)).toBeNull()
    expect(validateClose('2026-02-28', pairing, today)).toBe('pairings.errors.beforeStart')
    expect(validateClose('2026-06-16', pairing, today)).toBe('pairings.errors.future')
  })

  it('finds the latest live log and orders pairings active first', () => {
    const logs = [
      { pairing_id: 'a', logged_on: '2026-04-01', deleted_at: null },
      { pairing_id: 'a', logged_on: '2026-05-01', deleted_at: '2026-05-02T00:00:00Z' },
      { pairing_id: 'a', logged_on: '2026-03-01', deleted_at: null },
    ]
    expect(lastLogDays(logs)).toEqual(new Map([['a', '2026-04-01']]))
    const p = (id: string, status: 'active' | 'achieved' | 'ended', started_on: string, deleted_at: string | null = null) =>
      ({ id, status, started_on, deleted_at })
    const sorted = sortPairings([p('e', 'ended', '2026-05-01'), p('a1', 'active', '2025-01-01'), p('x', 'active', '2026-01-01', 'd'),
      p('h', 'achieved', '2026-01-01'), p('a2', 'active', '2026-02-01')])
    expect(sorted.map((s) => s.id)).toEqual(['a2', 'a1', 'h', 'e'])
  })
})

describe('menteePath', () => {
  const mentee = (over: Partial<PathPerson> = {}): PathPerson => ({
    party_status: 'non_member', applied_on: null, activist_on: null, candidate_on: null, admitted_on: null, confirmed_on: null, ...over,
  })
  const step = (p: PathPerson, on: string, stage: string) => menteePath(p, on).find((s) => s.stage === stage)!

  it('an activist may become a candidate after exactly one year, not a day earlier', () => {
    const activist = mentee({ party_status: 'activist', applied_on: '2025-09-01', activist_on: '2026-03-01' })
    expect(menteePath(activist, '2027-02-28').map((s) => s.state)).toEqual(['done', 'done', 'next', 'later', 'later'])
    expect(step(activist, '2027-02-28', 'candidate')).toMatchObject({ earliest: '2027-03-01', allowed: false, wait: 'activist_year' })
    expect(step(activist, '2027-03-01', 'candidate')).toMatchObject({ earliest: '2027-03-01', allowed: true })
  })

  it('a year from a leap day ends on Feb 28 (no Feb 29): 2024-02-29 → 2025-02-28', () => {
    expect(oneYearAfter('2024-02-29')).toBe('2025-02-28')
    expect(oneYearAfter('2023-02-28')).toBe('2024-02-28')
    expect(oneYearAfter('2023-03-01')).toBe('2024-03-01')
    const leap = mentee({ party_status: 'activist', activist_on: '2024-02-29' })
    expect(step(leap, '2025-02-27', 'candidate').allowed).toBe(false)
    expect(step(leap, '2025-02-28', 'candidate').allowed).toBe(true)
  })

  it('a probationary member may become full after one year of probation', () => {
    const prob = mentee({ party_status: 'probationary', activist_on: '2024-01-10', candidate_on: '2025-01-10', admitted_on: '2025-07-01' })
    expect(step(prob, '2026-06-30', 'full')).toMatchObject({ state: 'next', earliest: '2026-07-01', allowed: false, wait: 'probation_year' })
    expect(step(prob, '2026-07-01', 'full').allowed).toBe(true)
    expect(step(prob, '2026-07-01', 'probationary')).toMatchObject({ state: 'done', on: '2025-07-01', wait: null, early: false })
  })

  it('steps with no wait are allowed at once; a wait whose start is unknown has no earliest day', () => {
    expect(step(mentee(), '2026-01-01', 'applicant')).toMatchObject({ state: 'next', allowed: true, earliest: null })
    expect(step(mentee({ party_status: 'applicant', applied_on: '2025-01-01' }), '2026-01-01', 'activist'))
      .toMatchObject({ state: 'next', allowed: true })
    const undated = mentee({ party_status: 'activist' })
    expect(step(undated, '2026-01-01', 'candidate')).toMatchObject({ state: 'next', earliest: null, allowed: false })
    expect(step(undated, '2026-01-01', 'applicant')).toMatchObject({ state: 'done', on: null })
  })

  it('flags a recorded step that came before its minimum wait', () => {
    const hurried = mentee({ party_status: 'candidate', activist_on: '2026-03-01', candidate_on: '2027-02-28' })
    expect(step(hurried, '2027-06-01', 'candidate')).toMatchObject({ state: 'done', early: true })
    const onTime = mentee({ party_status: 'candidate', activist_on: '2026-03-01', candidate_on: '2027-03-01' })
    expect(step(onTime, '2027-06-01', 'candidate').early).toBe(false)
  })
})
