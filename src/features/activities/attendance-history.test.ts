import { describe, expect, it } from 'vitest'
import { historyLines } from './attendance-history'

describe('the attendance history', () => {
  it('lists every kept change newest first, a later explicit change above the check-in it replaced', () => {
    const lines = historyLines([
      {
        person_id: 'p1',
        history: [
          { at: '2026-11-20T06:01:00Z', status: 'present', method: 'event_code', state: 'verified', by: 'member', name: '陈晓雯' },
          { at: '2026-11-20T06:05:00Z', status: 'absent', method: 'roster', by: 'secretary', name: '王立新' },
        ],
      },
      { person_id: 'p2', history: [{ at: '2026-11-20T06:03:00Z', status: 'present', method: 'member_code', by: 'secretary' }] },
      { person_id: 'p3', history: undefined },
    ])
    expect(lines.map((l) => [l.person_id, l.index, l.status])).toEqual([
      ['p1', 1, 'absent'], ['p2', 0, 'present'], ['p1', 0, 'present'],
    ])
  })

  it('keeps a row’s own order when two changes share a timestamp', () => {
    const at = '2026-11-20T06:01:00Z'
    const lines = historyLines([{ person_id: 'p1', history: [
      { at, status: 'present', method: 'event_code', state: 'pending', by: 'member' },
      { at, status: 'present', method: 'event_code', state: 'verified', by: 'server' },
    ] }])
    expect(lines.map((l) => l.state)).toEqual(['verified', 'pending'])
  })
})
