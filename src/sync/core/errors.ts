// What can go wrong with a whole sync call, as types the engine (and the UI) can act on. Per-mutation
// refusals are not errors: they come back as 'rejected' results and land in the 需处理 list.

export type SyncErrorKind = 'retryable' | 'update_required' | 'auth_required' | 'batch_too_large' | 'protocol' | 'user_changed'

export abstract class SyncError extends Error {
  abstract readonly kind: SyncErrorKind
  constructor(message: string, readonly status: number | null = null, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** Offline, timeout, 5xx, or the server is older than the app: keep the outbox, retry with backoff. */
export class RetryableError extends SyncError {
  readonly kind = 'retryable'
  /** True when the request never reached a server (no network): the badge shows 离线. */
  get offline(): boolean {
    return this.status === 0
  }
}

/** The server's schema is newer (hint client_outdated): show 发现新版本, update, then sync. */
export class UpdateRequiredError extends SyncError {
  readonly kind = 'update_required'
}

/** 401/403 for the whole call: the session is gone. Ask to sign in; the outbox is kept. */
export class AuthRequiredError extends SyncError {
  readonly kind = 'auth_required'
}

/** More mutations than the server takes in one call: split the batch. */
export class BatchTooLargeError extends SyncError {
  readonly kind = 'batch_too_large'
}

/** The server could not read the call (hint malformed, unknown function, bad response): a bug to report. */
export class ProtocolError extends SyncError {
  readonly kind = 'protocol'
}

/** The device's unsynced data belongs to another account: push it as that user or discard it first. */
export class UserChangedError extends SyncError {
  readonly kind = 'user_changed'
}

/** A PostgREST error as supabase-js reports it, with the HTTP status (0 when no response arrived). */
export interface WireError {
  status: number
  code?: string | null
  message?: string | null
  hint?: string | null
  details?: string | null
}

/** Maps a failed call to the error the engine acts on (docs/sync.md, "Errors"). */
export function classifyError(e: WireError): SyncError {
  const text = [e.message, e.details].filter(Boolean).join(': ') || `HTTP ${e.status}`
  if (e.status === 0 || e.status >= 500 || e.status === 408 || e.status === 429) return new RetryableError(text, e.status)
  if (e.status === 401 || e.status === 403) return new AuthRequiredError(text, e.status)
  switch (e.hint) {
    case 'client_outdated':
      return new UpdateRequiredError(text, e.status)
    case 'server_outdated':
      return new RetryableError(text, e.status)
    case 'batch_too_large':
      return new BatchTooLargeError(text, e.status)
  }
  // PGRST202: the function is missing, i.e. a server not yet migrated to this protocol: try again later
  if (e.status === 404) return new RetryableError(text, e.status)
  return new ProtocolError(text, e.status)
}
