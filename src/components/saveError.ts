// What a failed save tells the user: the phone's storage is full (they can act: free space, export a backup,
// sync), or the screen's own "could not save". Pure: looks only at the error's shape, no Dexie import.

const QUOTA_NAMES = new Set([
  'QuotaExceededError', // DOMException, and Dexie.errnames.QuotaExceeded
  'NS_ERROR_DOM_QUOTA_REACHED', // old Firefox
])

type ErrorLike = { name?: unknown; code?: unknown; inner?: unknown; cause?: unknown; failures?: unknown }

/**
 * A storage quota error, however wrapped: Dexie's AbortError of the transaction keeps the cause in `inner`,
 * a BulkError lists its `failures`, our own code may pass it on as `cause`.
 */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false
  const e = error as ErrorLike
  if (typeof e.name === 'string' && QUOTA_NAMES.has(e.name)) return true
  if (e.code === 22 && typeof DOMException !== 'undefined' && error instanceof DOMException) return true // legacy QUOTA_EXCEEDED_ERR
  const failures = Array.isArray(e.failures) ? e.failures : e.failures && typeof e.failures === 'object' ? Object.values(e.failures) : []
  return [e.inner, e.cause, ...failures].some((inner) => isQuotaError(inner, depth + 1))
}

/** The i18n key to show for a failed save: `errors.storageFull` for a quota error, else the screen's own. */
export function saveErrorKey(error: unknown, fallback: string): string {
  return isQuotaError(error) ? 'errors.storageFull' : fallback
}

/** The toast for a failed save (for Vant's showToast): a full-storage message stays long enough to be read. */
export function saveErrorToast(t: (key: string) => string, error: unknown, fallback: string) {
  const key = saveErrorKey(error, fallback)
  return { message: t(key), position: 'top' as const, duration: key === 'errors.storageFull' ? 8000 : 2000, closeOnClick: true }
}
