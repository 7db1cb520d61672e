// The browser surroundings the engine reacts to, injectable so tests (and Node) can run it without a DOM.
export interface EventSource {
  addEventListener(type: string, listener: () => void): void
  removeEventListener(type: string, listener: () => void): void
}

export interface SyncEnv {
  /** Fires 'online' / 'offline'. */
  window?: EventSource
  /** Fires 'visibilitychange'. */
  document?: EventSource & { visibilityState?: string }
  /** Web Locks: one tab syncs at a time. Absent (old browsers, Node): every tab just runs. */
  locks?: { request<T>(name: string, callback: () => Promise<T>): Promise<T> }
  /** navigator.onLine; undefined when unknown. */
  onLine(): boolean | undefined
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

interface BrowserGlobals {
  window?: EventSource
  document?: SyncEnv['document']
  navigator?: { locks?: SyncEnv['locks']; onLine?: boolean }
}

export function defaultEnv(): SyncEnv {
  const g = globalThis as BrowserGlobals
  return {
    window: g.window,
    document: g.document,
    locks: g.navigator?.locks,
    onLine: () => g.navigator?.onLine,
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  }
}

/** Adds a listener if the source exists; returns its removal. */
export function listen(source: EventSource | undefined, type: string, listener: () => void): () => void {
  source?.addEventListener(type, listener)
  return () => source?.removeEventListener(type, listener)
}
