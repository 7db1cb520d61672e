// The live quorum line of an assembly (SPEC §3.2) as the secretary reads it, from the domain rule and the messages.
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { assemblyQuorum, type QuorumPerson } from '../../domain'
import { messages } from '../../locales'

const { t } = createI18n({ legacy: false, locale: 'zh-CN', messages: messages as never }).global as unknown as {
  t: (key: string, params: Record<string, unknown>) => string
}
const line = (q: { met: boolean; present: number; expected: number }) =>
  t(q.met ? 'attendance.quorumMet' : 'attendance.quorumNotMet', { present: q.present, expected: q.expected })

const activity = { id: 'a1', branch_id: 'b1', starts_at: '2026-11-20T14:30:00+08:00' }
const person = (id: string, over: Partial<QuorumPerson> = {}): QuorumPerson => ({
  id, branch_id: 'b1', party_status: 'full', confirmed_on: '2010-01-01', joined_branch_on: null, left_branch_on: null,
  excluded_from_quorum: false, deleted_at: null, ...over,
})
const present = (...ids: string[]) => ids.map((person_id) => ({ activity_id: 'a1', person_id, status: 'present' as const, deleted_at: null }))

describe('the quorum line', () => {
  // eight voting members; a probationary member and an approved long-term absence are not counted at all
  const people = [
    ...['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'].map((id) => person(id)),
    person('prob', { party_status: 'probationary' }),
    person('abroad', { excluded_from_quorum: true }),
  ]

  it('reads 5/8, reached', () => {
    const q = assemblyQuorum(activity, people, present('p1', 'p2', 'p3', 'p4', 'p5', 'prob'))
    expect(line(q)).toBe('到会有表决权党员 5/8，已达法定人数')
  })

  it('reads 4/8, not reached: exactly half is not enough, and a present probationary member does not vote', () => {
    const q = assemblyQuorum(activity, people, present('p1', 'p2', 'p3', 'p4', 'prob', 'abroad'))
    expect(line(q)).toBe('到会有表决权党员 4/8，未达法定人数')
  })
})
