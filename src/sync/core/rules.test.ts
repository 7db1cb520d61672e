// The pure sync core: merge, push results, coalescing, batches, backoff, scope, status — with a property
// test over a small model of server and device (model.testkit.ts) that drives the same core functions.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  applyPushResults, backoff, batches, coalesceEdit, deriveStatus, mergePulledRow, needsFullPull,
  pendingFieldsByRow, renameRow, seqAfterPush, toMutation,
} from './rules'
import { AuthRequiredError, BatchTooLargeError, ProtocolError, RetryableError, UpdateRequiredError, classifyError } from './errors'
import { ModelDevice, ModelServer, type Op, checkPendingSurvive, settle } from './model.testkit'
import type { OutboxEntry } from './protocol'

const entry = (over: Partial<OutboxEntry> = {}): OutboxEntry => ({
  seq: 1, id: 'm1', table: 'activities', row_id: 'r1', fields: { title: 'a' }, base_seq: null,
  created_at: '2026-11-20T00:00:00.000Z', state: 'pending', attempts: 0, reason: null, code: null, ...over,
})

describe('mergePulledRow', () => {
  const local = { id: 'r1', title: '本地标题', place: '旧地点', _seq: 5, _draft: true }

  test('takes the server value of every field without a pending mutation', () => {
    const merged = mergePulledRow(local, { seq: 7, row: { id: 'r1', title: '服务器标题', place: '新地点' } }, new Set())
    expect(merged).toEqual({ id: 'r1', title: '服务器标题', place: '新地点', _seq: 7, _draft: true })
  })

  test('keeps the local value of pending fields', () => {
    const merged = mergePulledRow(local, { seq: 7, row: { id: 'r1', title: '服务器标题', place: '新地点' } }, new Set(['title']))
    expect(merged).toMatchObject({ title: '本地标题', place: '新地点', _seq: 7 })
  })

  test('ignores a version older than the one held, applies the same one again', () => {
    expect(mergePulledRow(local, { seq: 4, row: { id: 'r1', title: 'x' } }, new Set())).toBeUndefined()
    expect(mergePulledRow(local, { seq: 5, row: { id: 'r1', title: 'x' } }, new Set())?.title).toBe('x')
  })

  test('a tombstone is a field: it wins over other pending fields, a pending undelete wins over it', () => {
    const pulled = { seq: 9, row: { id: 'r1', title: '服务器标题', deleted_at: '2026-11-21T00:00:00Z' } }
    expect(mergePulledRow(local, pulled, new Set(['title']))).toMatchObject({ title: '本地标题', deleted_at: '2026-11-21T00:00:00Z' })
    expect(mergePulledRow({ ...local, deleted_at: null }, pulled, new Set(['deleted_at']))?.deleted_at).toBeNull()
  })

  test('a row new to the device is taken whole', () => {
    expect(mergePulledRow(undefined, { seq: 3, row: { id: 'r2', name: '王芳' } }, new Set())).toEqual({ id: 'r2', name: '王芳', _seq: 3 })
  })
})

describe('outbox rules', () => {
  const fresh = () => entry({ seq: undefined, id: 'new', fields: {} })

  test('an edit folds into the row\'s newest entry only while it is pending, keeping its base_seq', () => {
    expect(coalesceEdit([entry({ base_seq: 3 })], { place: 'p' }, fresh)).toMatchObject({ id: 'm1', base_seq: 3, fields: { title: 'a', place: 'p' } })
    expect(coalesceEdit([entry({ state: 'sending' })], { place: 'p' }, fresh)).toMatchObject({ id: 'new', fields: { place: 'p' } })
    expect(coalesceEdit([entry({ state: 'rejected' })], { place: 'p' }, fresh).id).toBe('new')
    expect(coalesceEdit([entry(), entry({ seq: 2, id: 'm2', state: 'sending' })], { place: 'p' }, fresh).id).toBe('new')
    expect(coalesceEdit([], { place: 'p' }, fresh).id).toBe('new')
  })

  test('pending fields are the union over all entries of a row, rejected ones included', () => {
    const map = pendingFieldsByRow([entry(), entry({ id: 'm2', fields: { place: 'x' }, state: 'rejected' }), entry({ id: 'm3', row_id: 'r2' })])
    expect([...(map.get('activities:r1') ?? [])].sort()).toEqual(['place', 'title'])
    expect(map.get('activities:r2')?.has('title')).toBe(true)
  })

  test('a mutation carries the row id and only the changed fields', () => {
    expect(toMutation(entry({ base_seq: 4 }))).toEqual({ id: 'm1', table: 'activities', base_seq: 4, row: { id: 'r1', title: 'a' } })
  })
})

describe('applyPushResults', () => {
  test('applied entries are done, with the newest seq per row; refused ones keep the reason', () => {
    const entries = [entry(), entry({ seq: 2, id: 'm2' }), entry({ seq: 3, id: 'm3', row_id: 'r2' })]
    const plan = applyPushResults(entries, [
      { id: 'm1', row_id: 'r1', status: 'applied', seq: 10 },
      { id: 'm2', row_id: 'r1', status: 'applied', seq: 11 },
      { id: 'm3', row_id: 'r2', status: 'rejected', code: '42501', reason: 'new row violates row-level security policy' },
    ])
    expect(plan.done).toEqual(['m1', 'm2'])
    expect(plan.seqs).toEqual([{ table: 'activities', row_id: 'r1', seq: 11 }])
    expect(plan.rejected).toEqual([{ id: 'm3', code: '42501', reason: 'new row violates row-level security policy' }])
    expect(plan.unanswered).toEqual([])
  })

  test('merged_into renames the local attendance row; a missing answer leaves the entry unanswered', () => {
    const entries = [entry({ table: 'attendance', row_id: 'a-local' }), entry({ seq: 2, id: 'm2' })]
    const plan = applyPushResults(entries, [{ id: 'm1', row_id: 'a-local', status: 'applied', seq: 20, merged_into: 'a-server', kept: ['status'] }])
    expect(plan.renames).toEqual([{ table: 'attendance', from: 'a-local', to: 'a-server' }])
    expect(plan.seqs).toEqual([{ table: 'attendance', row_id: 'a-server', seq: 20 }])
    expect(plan.unanswered).toEqual(['m2'])
  })

  test('a renamed row keeps the local values and the highest seq', () => {
    expect(renameRow({ id: 'a', status: 'leave', _seq: null }, { id: 'b', status: 'present', method: 'member_code', _seq: 8 }, 'b'))
      .toEqual({ id: 'b', status: 'leave', method: 'member_code', _seq: 8 })
  })

  test('an answer not newer than the version held means a refetch', () => {
    expect(seqAfterPush(null, 5)).toEqual({ seq: 5, refetch: false })
    expect(seqAfterPush(4, 5)).toEqual({ seq: 5, refetch: false })
    expect(seqAfterPush(5, 5)).toEqual({ seq: 5, refetch: true })
    expect(seqAfterPush(9, 5)).toEqual({ seq: 9, refetch: true })
  })
})

describe('batches, backoff, scope, status, errors', () => {
  test('1,000 entries make two batches of 500, in order', () => {
    const list = Array.from({ length: 1000 }, (_, i) => i)
    expect(batches(list).map((b) => b.length)).toEqual([500, 500])
    fc.assert(fc.property(fc.array(fc.nat()), fc.integer({ min: 1, max: 50 }), (xs, max) => {
      const out = batches(xs, max)
      expect(out.flat()).toEqual(xs)
      expect(out.every((b) => b.length >= 1 && b.length <= max)).toBe(true)
    }))
  })

  test('backoff grows exponentially under full jitter, between 1 s and 5 min', () => {
    expect(backoff(0, 0.99)).toBe(1000)
    expect(backoff(3, 0.5)).toBe(4000)
    expect(backoff(30, 0.999999)).toBe(299_999)
    fc.assert(fc.property(fc.nat({ max: 100 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
      const ms = backoff(attempt, r)
      expect(ms).toBeGreaterThanOrEqual(1000)
      expect(ms).toBeLessThanOrEqual(Math.min(300_000, 1000 * 2 ** attempt))
    }))
  })

  test('a changed or unknown scope means a full pull', () => {
    expect(needsFullPull(null, 'abc')).toBe(true)
    expect(needsFullPull('abc', 'abd')).toBe(true)
    expect(needsFullPull('abc', 'abc')).toBe(false)
  })

  test('the badge shows attention before offline before pending', () => {
    const base = { syncing: false, offline: false, blocked: false, pending: 0, rejected: 0 }
    expect(deriveStatus(base)).toBe('synced')
    expect(deriveStatus({ ...base, pending: 3 })).toBe('pending')
    expect(deriveStatus({ ...base, pending: 3, offline: true })).toBe('offline')
    expect(deriveStatus({ ...base, offline: true, rejected: 1 })).toBe('attention')
    expect(deriveStatus({ ...base, blocked: true })).toBe('attention')
    expect(deriveStatus({ ...base, syncing: true, rejected: 1 })).toBe('syncing')
  })

  test('call errors map to what the client does (docs/sync.md, Errors)', () => {
    expect(classifyError({ status: 0, message: 'TypeError: fetch failed' })).toBeInstanceOf(RetryableError)
    expect((classifyError({ status: 0 }) as RetryableError).offline).toBe(true)
    expect(classifyError({ status: 502 })).toBeInstanceOf(RetryableError)
    expect(classifyError({ status: 401, code: 'PGRST303' })).toBeInstanceOf(AuthRequiredError)
    expect(classifyError({ status: 403, code: '42501' })).toBeInstanceOf(AuthRequiredError)
    expect(classifyError({ status: 400, code: 'P0001', hint: 'client_outdated' })).toBeInstanceOf(UpdateRequiredError)
    expect(classifyError({ status: 400, code: 'P0001', hint: 'server_outdated' })).toBeInstanceOf(RetryableError)
    expect(classifyError({ status: 400, code: 'P0001', hint: 'batch_too_large' })).toBeInstanceOf(BatchTooLargeError)
    expect(classifyError({ status: 400, code: 'P0001', hint: 'malformed' })).toBeInstanceOf(ProtocolError)
  })
})

describe('property: interleavings of local edits, remote edits, lossy pushes and pulls', () => {
  const rowId = fc.constantFrom('r1', 'r2', 'r3')
  const field = fc.constantFrom('title', 'place', 'minutes')
  const value = fc.string({ maxLength: 2 })
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('local' as const), row: rowId, field, value }),
    fc.record({ kind: fc.constant('remote' as const), row: rowId, field, value }),
    fc.record({ kind: fc.constant('push' as const), max: fc.integer({ min: 1, max: 4 }), lose: fc.boolean() }),
    fc.record({ kind: fc.constant('pull' as const), limit: fc.integer({ min: 1, max: 4 }) }),
  )

  test('pending local fields always survive, and device and server converge once everything is pushed', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const server = new ModelServer()
      const device = new ModelDevice()
      for (const o of ops) {
        device.run(o, server)
        checkPendingSurvive(device)
      }
      settle(device, server)
      expect(device.outbox).toEqual([])
      expect(device.snapshot()).toEqual(server.snapshot())
    }), { numRuns: 500 })
  })
})
