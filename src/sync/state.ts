// The sync engine's public shapes: its options, the state the badge shows, and the report of one run.
import type { ZhibuDb } from '../db/schema'
import type { SyncError } from './core/errors'
import type { OutboxEntry } from './core/protocol'
import type { SyncStatus } from './core/rules'
import type { SyncEnv } from './env'
import type { SyncTransport } from './transport'

/** What the user must do before sync can go on (shown with 需处理). */
export type SyncNeeds = 'sign_in' | 'update' | 'switch_user' | 'report' | null

export interface SyncState {
  /** 已同步 / N 条待同步 / 离线 / 需处理, or 同步中 while a run is in progress. */
  status: SyncStatus
  /** Mutations waiting for the server. */
  pending: number
  /** Mutations the server refused (the 需处理 list). */
  rejected: number
  lastSyncAt: string | null
  needs: SyncNeeds
  /** The last run's error message, for the detail view and the log. */
  error: string | null
}

export interface SyncReport {
  ok: boolean
  pushCalls: number
  applied: number
  rejected: number
  pullCalls: number
  pulled: number
  error?: SyncError
}

export interface SyncEngineOptions {
  db: ZhibuDb
  transport: SyncTransport
  now?: () => Date
  /** [0, 1), for backoff jitter. */
  random?: () => number
  uuid?: () => string
  onState?: (state: SyncState) => void
  /** Rows per pull page (server default 1000, at most 5000). */
  pullLimit?: number
  /** Quiet time after a local write before pushing it. */
  debounceMs?: number
  env?: Partial<SyncEnv>
}

export interface SyncEngine {
  /** One run now (or the run in progress, then one more); never rejects: see report.ok / report.error. */
  syncNow(): Promise<SyncReport>
  /** Resolves when no run is in progress. */
  idle(): Promise<void>
  /** Syncs now and on every trigger (online, visible, local write, retry) until stopped. */
  start(): () => void
  stop(): void
  readonly state: SyncState
  /** Calls the listener now and on every change; returns the unsubscribe. */
  subscribe(listener: (state: SyncState) => void): () => void
  /** The 需处理 list, oldest first. */
  rejected(): Promise<OutboxEntry[]>
  /** Drops a refused write and restores the server's version of the row (now, or at the next sync). */
  discardRejected(id: string): Promise<void>
  /** Queues a refused write again with the user's fixes (applied to the local row too). */
  retryRejected(id: string, fixedFields: Record<string, unknown>): Promise<void>
  /** Before signing out: what wiping now would lose. */
  signOutCheck(): Promise<{ pending: number; rejected: number; clean: boolean }>
  /** Empties the device's database (shared phones, after signOutCheck). */
  wipe(): Promise<void>
}
