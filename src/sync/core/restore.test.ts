import { describe, expect, test } from 'vitest'
import type { OutboxEntry } from './protocol'
import { planRestore } from './restore'

const entry = (over: Partial<OutboxEntry> = {}): OutboxEntry => ({
  seq: 7, id: 'm1', table: 'people', row_id: 'p1', fields: { department: '心内科', title: '主任' }, base_seq: 10,
  created_at: '2026-11-20T08:00:00Z', state: 'sending', attempts: 2, reason: null, code: null, ...over,
})
const serverRow = (over: Record<string, unknown> = {}) => ({ id: 'p1', name: '王立新', department: '内科', title: null, updated_at: '2026-11-01T00:00:00Z', deleted_at: null, _seq: 10, ...over })
const none = new Set<string>()

describe('which backup entries are queued again', () => {
  test('missing: queued at the end of the outbox as pending, its fields put on the device\'s row', () => {
    const step = planRestore({ entry: entry(), backupRow: undefined, local: serverRow(), localPending: none, present: false })
    expect(step).toEqual({
      kind: 'requeue',
      entry: { id: 'm1', table: 'people', row_id: 'p1', fields: { department: '心内科', title: '主任' }, base_seq: 10, created_at: '2026-11-20T08:00:00Z', state: 'pending', attempts: 2, reason: null, code: null },
      row: serverRow({ department: '心内科', title: '主任' }),
    })
  })

  test('a row the device lacks comes back from the backup; a refused entry stays refused (需处理)', () => {
    const step = planRestore({ entry: entry({ state: 'rejected', code: '42501' }), backupRow: serverRow({ department: '心内科' }), local: undefined, localPending: none, present: false })
    expect(step).toMatchObject({ kind: 'requeue', entry: { state: 'rejected', code: '42501' }, row: { id: 'p1', name: '王立新', title: '主任' } })
  })

  test('skipped: already in the outbox, already the server\'s value, or overtaken by newer writes', () => {
    expect(planRestore({ entry: entry(), backupRow: undefined, local: serverRow(), localPending: none, present: true })).toEqual({ kind: 'skip', why: 'present' })
    expect(planRestore({ entry: entry(), backupRow: undefined, local: serverRow({ department: '心内科', title: '主任', _seq: 12 }), localPending: none, present: false }))
      .toEqual({ kind: 'skip', why: 'applied' })
    expect(planRestore({ entry: entry(), backupRow: undefined, local: serverRow({ updated_at: '2026-11-21T00:00:00Z', _seq: 15 }), localPending: none, present: false }))
      .toEqual({ kind: 'skip', why: 'superseded' })
    expect(planRestore({ entry: entry(), backupRow: undefined, local: serverRow(), localPending: new Set(['department', 'title']), present: false }))
      .toEqual({ kind: 'skip', why: 'superseded' })
  })

  test('fields the device still has to send itself are left out; the others are queued', () => {
    const step = planRestore({ entry: entry(), backupRow: undefined, local: serverRow({ department: '急诊科' }), localPending: new Set(['department']), present: false })
    expect(step).toMatchObject({ kind: 'requeue', entry: { fields: { title: '主任' } }, row: { department: '急诊科', title: '主任' } })
  })
})
