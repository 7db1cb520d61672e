// The sync engine: when to sync (start, online, focus, after local writes, retries with backoff and
// jitter), one run at a time within a tab and across tabs (Web Locks), and the state the badge shows.
// What one run does is in push.ts and pull.ts; every decision about data is in core/rules.ts.
import { getMeta, setMeta } from '../db/meta'
import { discardEntry, outboxCounts, rejectedEntries, retryEntry } from '../db/outbox-store'
import { wipeAll } from '../db/pull-store'
import type { ZhibuDb } from '../db/schema'
import { ProtocolError, RetryableError, SyncError, UserChangedError } from './core/errors'
import type { OutboxEntry } from './core/protocol'
import { backoff, deriveStatus } from './core/rules'
import { type SyncEnv, defaultEnv, listen } from './env'
import { pullChanges, refetchRows } from './pull'
import { pushOutbox } from './push'
import type { SyncEngine, SyncEngineOptions, SyncNeeds, SyncReport, SyncState } from './state'
import type { SyncTransport } from './transport'

export type { SyncEngine, SyncEngineOptions, SyncNeeds, SyncReport, SyncState } from './state'

const NEEDS: Record<SyncError['kind'], SyncNeeds> = {
  retryable: null, batch_too_large: null, auth_required: 'sign_in', update_required: 'update', user_changed: 'switch_user', protocol: 'report',
}

export function createSyncEngine(opts: SyncEngineOptions): SyncEngine {
  return new Engine(opts)
}

class Engine implements SyncEngine {
  private readonly db: ZhibuDb
  private readonly transport: SyncTransport
  private readonly env: SyncEnv
  private readonly listeners = new Set<(s: SyncState) => void>()
  // until the outbox has been read the badge must not claim 已同步: it shows 同步中 instead
  private current: SyncState = { status: 'syncing', pending: 0, rejected: 0, lastSyncAt: null, needs: null, error: null }
  private syncing = false
  private offline = false
  private attempt = 0
  private running: Promise<SyncReport> | null = null
  private again = false
  private stops: (() => void)[] = []
  private retryTimer: unknown
  private debounceTimer: unknown

  constructor(private readonly opts: SyncEngineOptions) {
    this.db = opts.db
    this.transport = opts.transport
    this.env = { ...defaultEnv(), ...opts.env }
    if (opts.onState) this.listeners.add(opts.onState)
  }

  get state(): SyncState {
    return this.current
  }

  subscribe(listener: (state: SyncState) => void): () => void {
    this.listeners.add(listener)
    listener(this.current)
    return () => this.listeners.delete(listener)
  }

  syncNow(): Promise<SyncReport> {
    if (this.running) {
      this.again = true // a write landed during the run: one more run after it
      return this.running
    }
    const lead = (fn: () => Promise<SyncReport>) => (this.env.locks ? this.env.locks.request('zhibu-sync', fn) : fn())
    this.running = (async () => {
      let report: SyncReport
      do {
        this.again = false
        report = await lead(() => this.runOnce())
      } while (this.again && report.ok)
      return report
    })().finally(() => {
      this.running = null
    })
    return this.running
  }

  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  start(): () => void {
    const stop = () => this.stop()
    if (this.stops.length > 0) return stop
    const { window, document } = this.env
    this.stops = [
      listen(window, 'online', () => void this.syncNow()),
      listen(window, 'offline', () => {
        this.offline = true
        void this.refresh()
      }),
      listen(document, 'visibilitychange', () => {
        if (document?.visibilityState === 'visible') void this.syncNow()
      }),
      this.db.onLocalWrite(() => {
        void this.refresh() // the badge counts the new write at once; the push waits for a quiet moment
        this.env.clearTimeout(this.debounceTimer)
        this.debounceTimer = this.env.setTimeout(() => void this.syncNow(), this.opts.debounceMs ?? 800)
      }),
    ]
    void this.syncNow()
    return stop
  }

  stop(): void {
    for (const fn of this.stops) fn()
    this.stops = []
    this.env.clearTimeout(this.retryTimer)
    this.env.clearTimeout(this.debounceTimer)
  }

  rejected(): Promise<OutboxEntry[]> {
    return rejectedEntries(this.db)
  }

  async discardRejected(id: string): Promise<void> {
    const { outcome } = await discardEntry(this.db, id)
    if (outcome === 'refetch') {
      // offline: the refetch stays queued and runs at the next sync
      await refetchRows(this.db, this.transport).catch((e: unknown) => {
        if (!(e instanceof RetryableError)) throw e
      })
    }
    await this.refresh()
  }

  async retryRejected(id: string, fixedFields: Record<string, unknown>): Promise<void> {
    await retryEntry(this.db, id, fixedFields, (this.opts.uuid ?? (() => crypto.randomUUID()))())
    await this.refresh()
  }

  async signOutCheck(): Promise<{ pending: number; rejected: number; clean: boolean }> {
    const { pending, rejected } = await outboxCounts(this.db)
    return { pending, rejected, clean: pending + rejected === 0 }
  }

  async wipe(): Promise<void> {
    this.stop()
    await this.idle()
    await wipeAll(this.db)
    await this.refresh({ lastSyncAt: null, needs: null, error: null })
  }

  private async runOnce(): Promise<SyncReport> {
    const report: SyncReport = { ok: false, pushCalls: 0, applied: 0, rejected: 0, pullCalls: 0, pulled: 0 }
    this.syncing = true
    await this.refresh()
    try {
      await this.checkUser()
      const pushed = await pushOutbox(this.db, this.transport)
      Object.assign(report, { pushCalls: pushed.calls, applied: pushed.applied, rejected: pushed.rejected })
      await refetchRows(this.db, this.transport)
      const pulled = await pullChanges(this.db, this.transport, this.opts.pullLimit ?? 1000)
      Object.assign(report, { pullCalls: pulled.calls, pulled: pulled.rows, ok: true })
      await setMeta(this.db, 'last_sync_at', (this.opts.now?.() ?? new Date()).toISOString())
    } catch (error) {
      if (!(error instanceof SyncError)) console.error('sync run failed', error)
      report.error = error instanceof SyncError ? error : new ProtocolError(`local: ${(error as Error)?.message}`, null, { cause: error })
    }
    this.syncing = false
    await this.settle(report)
    return report
  }

  /** After a run: offline or not, retry schedule, what the user must do, and the new state. */
  private async settle(report: SyncReport): Promise<void> {
    const error = report.error
    this.offline = error instanceof RetryableError && error.offline
    if (error instanceof RetryableError) this.scheduleRetry()
    else if (!error) this.attempt = 0
    const lastSyncAt = (await getMeta<string>(this.db, 'last_sync_at').catch(() => undefined)) ?? this.current.lastSyncAt
    await this.refresh({ needs: error ? NEEDS[error.kind] : null, error: error?.message ?? null, lastSyncAt })
  }

  private scheduleRetry(): void {
    if (this.stops.length === 0) return // not started: whoever called syncNow decides when to try again
    this.env.clearTimeout(this.retryTimer)
    const delay = backoff(this.attempt++, (this.opts.random ?? Math.random)())
    this.retryTimer = this.env.setTimeout(() => void this.syncNow(), delay)
  }

  /** A different account signed in on this phone: its unsynced writes must not go out under this one. */
  private async checkUser(): Promise<void> {
    const uid = await this.transport.userId()
    const stored = (await getMeta<string>(this.db, 'user_id')) ?? null
    if (uid && stored && uid !== stored) {
      const { pending, rejected } = await outboxCounts(this.db)
      if (pending + rejected > 0) throw new UserChangedError('unsynced changes of another account are on this device')
      await wipeAll(this.db) // nothing unsynced: the previous account's rows must not show to this one
    }
    if (uid && uid !== stored) await setMeta(this.db, 'user_id', uid)
  }

  /** Recomputes the state; never throws (it runs from event handlers, and a closed database is possible). */
  private async refresh(patch: Partial<SyncState> = {}): Promise<void> {
    const counts = await outboxCounts(this.db).catch((error: unknown) => {
      console.error('sync state: cannot read the outbox', error)
      return { pending: this.current.pending, rejected: this.current.rejected }
    })
    const next: SyncState = { ...this.current, ...patch, ...counts }
    const offline = this.offline || this.env.onLine() === false
    next.status = deriveStatus({ syncing: this.syncing, offline, blocked: next.needs !== null, ...counts })
    if (JSON.stringify(next) === JSON.stringify(this.current)) return
    this.current = next
    for (const listener of this.listeners) listener(next)
  }
}
