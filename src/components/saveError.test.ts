import { Dexie } from 'dexie'
import { describe, expect, test } from 'vitest'
import { isQuotaError, saveErrorKey, saveErrorToast } from './saveError'

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')

describe('a failed save: storage full or not', () => {
  test('the browser\'s DOMException, and Dexie\'s own QuotaExceededError', () => {
    expect(Dexie.errnames.QuotaExceeded).toBe('QuotaExceededError')
    expect(isQuotaError(quota())).toBe(true)
    expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true)
    expect(isQuotaError(new Dexie.QuotaExceededError('full', quota()))).toBe(true)
  })

  test('wrapped: the transaction\'s AbortError, a BulkError\'s failures, a cause', () => {
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', quota()))).toBe(true)
    expect(isQuotaError(new Dexie.BulkError('2 of 3 failed', { 1: quota() } as never))).toBe(true)
    expect(isQuotaError(new Error('photos not stored', { cause: new Dexie.AbortError('aborted', quota()) }))).toBe(true)
  })

  test('other failures are not: a constraint, an abort without a quota, plain errors, non-errors', () => {
    expect(isQuotaError(new Dexie.ConstraintError('Key already exists'))).toBe(false)
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', new DOMException('x', 'ConstraintError')))).toBe(false)
    expect(isQuotaError(new Error('no people row x on this device'))).toBe(false)
    for (const v of [null, undefined, 'QuotaExceededError', 22]) expect(isQuotaError(v)).toBe(false)
  })

  test('the key and toast a screen shows', () => {
    expect(saveErrorKey(quota(), 'roster.saveFailed')).toBe('errors.storageFull')
    expect(saveErrorKey(new Error('x'), 'roster.saveFailed')).toBe('roster.saveFailed')
    const t = (key: string) => `«${key}»`
    expect(saveErrorToast(t, quota(), 'roster.saveFailed')).toMatchObject({ message: '«errors.storageFull»', position: 'top', duration: 8000 })
    expect(saveErrorToast(t, new Error('x'), 'roster.saveFailed')).toMatchObject({ message: '«roster.saveFailed»', duration: 2000 })
  })
})
