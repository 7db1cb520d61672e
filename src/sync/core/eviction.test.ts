import { describe, expect, test } from 'vitest'
import type { OutboxEntry } from './protocol'
import { MARKED_WRITES, evictionCheck, markerOf, parseMarker } from './eviction'

const entry = (id: string, table: OutboxEntry['table'], fields: Record<string, unknown> = {}): OutboxEntry => ({
  id, table, row_id: `row-${id}`, fields, base_seq: null, created_at: '2026-11-20T00:00:00Z', state: 'pending', attempts: 0, reason: null, code: null,
})
const fresh = { cursor: null, userId: null, outboxIds: new Set<string>() }

describe('the eviction check', () => {
  test('a marker that had pulled and a fresh database: evicted, with the unsynced writes named', () => {
    const marker = markerOf('812:40', [entry('a', 'people'), entry('b', 'activities', { title: '11月主题党日' })],
      (e) => (e.table === 'people' ? { name: '王立新', title: '主治医师' } : undefined))
    expect(evictionCheck(marker, fresh)).toEqual({
      lost: [{ id: 'a', table: 'people', label: '王立新' }, { id: 'b', table: 'activities', label: '11月主题党日' }], lostCount: 2,
    })
  })

  test('no marker (a first sign-in), or a marker of a database that never pulled nor wrote: not evicted', () => {
    expect(evictionCheck(null, fresh)).toBeNull()
    expect(evictionCheck(markerOf(null, [], () => undefined), fresh)).toBeNull()
  })

  test('a database that still holds its cursor, owner or outbox: not evicted', () => {
    const marker = markerOf('812:40', [entry('a', 'people')], () => undefined)
    expect(evictionCheck(marker, { ...fresh, cursor: '812:40', userId: 'u' })).toBeNull()
    expect(evictionCheck(marker, { ...fresh, outboxIds: new Set(['a']) })).toBeNull() // offline since sign-in
    expect(evictionCheck(marker, { ...fresh, userId: 'u' })).toBeNull()
  })

  test('the marker stays small: at most MARKED_WRITES named, all counted', () => {
    const many = Array.from({ length: 50 }, (_, i) => entry(`e${i}`, 'attendance'))
    const marker = markerOf('1:1', many, () => ({ name: '李娜' }))
    expect(marker.outbox).toHaveLength(MARKED_WRITES)
    expect(evictionCheck(marker, fresh)?.lostCount).toBe(50)
  })

  test('a marker read back: round trip, and anything malformed is none', () => {
    const marker = markerOf('1:1', [entry('a', 'people')], () => ({ name: '王立新' }))
    expect(parseMarker(JSON.stringify(marker))).toEqual(marker)
    expect(parseMarker(null)).toBeNull()
    expect(parseMarker('{oops')).toBeNull()
    expect(parseMarker('{"cursor":"1:1"}')).toBeNull()
  })
})
