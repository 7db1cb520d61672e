import { describe, expect, it } from 'vitest'
import { assemblyQuorum, type QuorumAttendance, type QuorumPerson } from './quorum'

const assembly = { id: 'a1', branch_id: 'b1', starts_at: '2026-04-01T00:30:00+08:00' }
const full = (id: string, over: Partial<QuorumPerson> = {}): QuorumPerson => ({
  id, branch_id: 'b1', party_status: 'full', confirmed_on: '2011-07-01', joined_branch_on: null, left_branch_on: null,
  excluded_from_quorum: false, deleted_at: null, ...over,
})
const mark = (personId: string, status: QuorumAttendance['status'], deleted: string | null = null): QuorumAttendance =>
  ({ activity_id: 'a1', person_id: personId, status, deleted_at: deleted })

describe('assemblyQuorum', () => {
  it('needs more than half: 3 of 5 yes, 2 of 4 no; leave still counts as expected', () => {
    const five = ['p1', 'p2', 'p3', 'p4', 'p5'].map((id) => full(id))
    expect(assemblyQuorum(assembly, five, [mark('p1', 'present'), mark('p2', 'present'), mark('p3', 'present'), mark('p4', 'leave')]))
      .toEqual({ expected: 5, present: 3, met: true })
    expect(assemblyQuorum(assembly, five.slice(0, 4), [mark('p1', 'present'), mark('p2', 'present'), mark('p3', 'leave')]))
      .toEqual({ expected: 4, present: 2, met: false })
  })

  it('leaves out approved long-term absences from both sides and probationary members from the vote', () => {
    const people = [full('p1'), full('p2'), full('p3', { excluded_from_quorum: true }), full('p4', { party_status: 'probationary' })]
    const rows = [mark('p1', 'present'), mark('p3', 'present'), mark('p4', 'present')]
    expect(assemblyQuorum(assembly, people, rows)).toEqual({ expected: 2, present: 1, met: false })
  })

  it('takes the roster of the Shanghai day (04-01, although 03-31 in UTC)', () => {
    const people = [
      full('p1'), full('p2', { joined_branch_on: '2026-04-01' }), full('p3', { left_branch_on: '2026-04-01' }),
      full('p4', { confirmed_on: '2026-04-01' }), full('p5', { confirmed_on: '2026-04-02' }), full('p6', { branch_id: 'b2' }),
      full('p7', { deleted_at: '2026-01-01T00:00:00+08:00' }),
    ]
    expect(assemblyQuorum(assembly, people, [mark('p1', 'present'), mark('p2', 'present')]))
      .toEqual({ expected: 3, present: 2, met: true })
  })

  it('ignores deleted rows and rows of other activities; no voting member means no quorum', () => {
    const rows = [mark('p1', 'present', '2026-04-02T00:00:00+08:00'), { ...mark('p2', 'present'), activity_id: 'other' }]
    expect(assemblyQuorum(assembly, [full('p1'), full('p2')], rows)).toEqual({ expected: 2, present: 0, met: false })
    expect(assemblyQuorum(assembly, [], [])).toEqual({ expected: 0, present: 0, met: false })
  })
})
