// The sync algorithm's pure core: no IndexedDB, no network, no clock. The IO around it (src/db's outbox-store,
// pull-store and write; sync/push.ts, pull.ts, engine.ts) only reads state, calls these functions and writes
// their answers back.
//
// The model (docs/sync.md):
//  * The server is the authority and orders all writes. Each row version has a `seq`; a mutation carries
//    only the fields the user changed (field-level last-writer-wins in server order).
//  * The device keeps every write in an outbox until the server has answered it. While a field of a row
//    has an outbox entry, that field is "pending": the device shows the user's value, whatever a pull says.
//    Once the entry is answered, the next pull brings the server's verdict for that field.
//  * Because pending fields are masked and every other field takes the server's value, the device
//    converges to the server as soon as its outbox is empty and it has pulled past its last push.
import type { AnyRow } from './rows'
import type { Mutation, OutboxEntry, PulledRow, PushResult, PushTable } from './protocol'
import { MAX_BATCH } from './protocol'

export const rowKey = (table: string, rowId: string): string => `${table}:${rowId}`

/**
 * The fields of each row that still have a local mutation, keyed by rowKey. Rejected entries count too:
 * the user's value stays visible (and protected from pulls) until they retry or discard it.
 */
export function pendingFieldsByRow(entries: Iterable<OutboxEntry>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const e of entries) {
    const key = rowKey(e.table, e.row_id)
    let set = out.get(key)
    if (!set) out.set(key, (set = new Set()))
    for (const f of Object.keys(e.fields)) set.add(f)
  }
  return out
}

/**
 * The local row after a pull delivered `pulled`, or undefined to leave the local row as it is.
 *
 * - A version older than the one held is ignored: seqs of one row only grow, so it is stale (e.g. the
 *   device already recorded the seq of its own push).
 * - Fields with pending local mutations keep the local value: the user's edit is not yet on the server
 *   and must not flicker back; when it is answered the next pull settles it.
 * - Every other field takes the server's value, including `deleted_at`: a tombstone is an ordinary field,
 *   so a remote delete wins over unrelated pending edits, and a pending local delete wins over the server.
 * - Device-only fields ('_'-prefixed) survive; `_seq` becomes the pulled seq.
 */
export function mergePulledRow(
  local: AnyRow | undefined,
  pulled: Pick<PulledRow, 'seq' | 'row'>,
  pendingFields: ReadonlySet<string>,
): AnyRow | undefined {
  if (local?._seq != null && pulled.seq < local._seq) return undefined
  const merged: AnyRow = { ...pulled.row, _seq: pulled.seq }
  if (!local) return merged
  for (const [field, value] of Object.entries(local)) {
    if (field.startsWith('_') && field !== '_seq') merged[field] = value
  }
  for (const field of pendingFields) {
    if (field in local) merged[field] = local[field]
  }
  return merged
}

/**
 * Where a new local edit of one row goes. `rowEntries` are that row's outbox entries in outbox order.
 * The edit is folded into the newest one only if that one is still 'pending': a 'sending' entry may
 * already be recorded under its id on the server (a retry would get the old answer and drop the new
 * fields), and folding into an older entry behind a newer one would reorder the user's edits.
 * A folded entry keeps its base_seq: its oldest field was edited against that version, and claiming a
 * newer one could let a stale roster edit override a check-in the user never saw.
 */
export function coalesceEdit(
  rowEntries: readonly OutboxEntry[],
  fields: Record<string, unknown>,
  fresh: () => OutboxEntry,
): OutboxEntry {
  const last = rowEntries.at(-1)
  if (last && last.state === 'pending') return { ...last, fields: { ...last.fields, ...fields } }
  return { ...fresh(), fields: { ...fields } }
}

export function toMutation(entry: OutboxEntry): Mutation {
  return { id: entry.id, table: entry.table, base_seq: entry.base_seq, row: { ...entry.fields, id: entry.row_id } }
}

/** Consecutive slices of at most `max` entries, order kept (a new activity travels before its attendance). */
export function batches<T>(entries: readonly T[], max: number = MAX_BATCH): T[][] {
  if (!(max >= 1)) throw new RangeError(`batch size ${max}`)
  const out: T[][] = []
  for (let i = 0; i < entries.length; i += max) out.push(entries.slice(i, i + max))
  return out
}

export interface PushPlan {
  /** Applied: delete these entries (mutation ids). */
  done: string[]
  /** Refused: keep with state 'rejected' and the server's reason, for the 需处理 list. */
  rejected: { id: string; code: string | null; reason: string }[]
  /** attendance merged into the server's row of the same (activity, person): rename the local row. */
  renames: { table: PushTable; from: string; to: string }[]
  /** The newest seq the server reported per row (under its final id): the next base_seq. */
  seqs: { table: PushTable; row_id: string; seq: number }[]
  /** No answer in the response: stay 'sending', re-sent with the same id (harmless: idempotent). */
  unanswered: string[]
}

/** What the device must do with a batch it sent, given the server's results (matched by mutation id). */
export function applyPushResults(entries: readonly OutboxEntry[], results: readonly PushResult[]): PushPlan {
  const byId = new Map(results.map((r) => [r.id, r]))
  const plan: PushPlan = { done: [], rejected: [], renames: [], seqs: [], unanswered: [] }
  const seqs = new Map<string, PushPlan['seqs'][number]>()
  for (const entry of entries) {
    const result = byId.get(entry.id)
    if (!result) {
      plan.unanswered.push(entry.id)
    } else if (result.status === 'rejected') {
      plan.rejected.push({ id: entry.id, code: result.code ?? null, reason: result.reason ?? 'rejected' })
    } else {
      plan.done.push(entry.id)
      const rowId = result.merged_into ?? entry.row_id
      if (rowId !== entry.row_id && !plan.renames.some((r) => r.from === entry.row_id && r.table === entry.table)) {
        plan.renames.push({ table: entry.table, from: entry.row_id, to: rowId })
      }
      const key = rowKey(entry.table, rowId)
      if (result.seq != null && result.seq > (seqs.get(key)?.seq ?? -1)) {
        seqs.set(key, { table: entry.table, row_id: rowId, seq: result.seq })
      }
    }
  }
  plan.seqs = [...seqs.values()]
  return plan
}

/**
 * The row `from` under its server id `to`, merged with a row the device may already hold under `to`
 * (pulled from another device): the local values win until the next pull, which settles every field
 * that no longer has a pending mutation.
 */
export function renameRow(from: AnyRow, existing: AnyRow | undefined, to: string): AnyRow {
  const seq = Math.max(from._seq ?? -1, existing?._seq ?? -1)
  return { ...existing, ...from, id: to, _seq: seq < 0 ? null : seq }
}

/**
 * A row's seq after a push answer reported `reported` for it (the highest of the batch), and whether
 * its server version must be fetched again.
 *
 * Normally the answer is newer than anything pulled, and the next pull delivers this version or a later
 * one, settling every field. But if the answer is not newer than the version the device holds, a pull
 * already delivered that (or a later) version while the pushed fields were masked as pending: e.g. the
 * first answer was lost, the device pulled, then the retry got the server's stored (older) answer; or
 * the server kept a check-in's fields. The cursor has passed that version, so no pull will bring those
 * fields again: the row is refetched.
 */
export function seqAfterPush(current: number | null | undefined, reported: number): { seq: number; refetch: boolean } {
  if (current == null) return { seq: reported, refetch: false }
  return { seq: Math.max(current, reported), refetch: reported <= current }
}

export interface BackoffOptions {
  baseMs?: number
  capMs?: number
}

/**
 * Delay before retry number `attempt` (0-based): exponential, capped, with "full jitter" (uniform below
 * the exponential ceiling) so that phones coming back online together do not retry in step.
 * `random` is a number in [0, 1) from the caller (no Math.random here). Never below baseMs.
 */
export function backoff(attempt: number, random: number, { baseMs = 1_000, capMs = 300_000 }: BackoffOptions = {}): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)))
  return Math.max(baseMs, Math.floor(random * ceiling))
}

/**
 * Must the device pull from a null cursor? When what the caller may see changed (a new grant, a new
 * branch), rows that became visible are older than the stored cursor and an incremental pull would
 * never deliver them. No stored scope means the device never completed a first page.
 */
export function needsFullPull(storedScope: string | null | undefined, serverScope: string): boolean {
  return storedScope == null || storedScope !== serverScope
}

export type SyncStatus = 'synced' | 'pending' | 'offline' | 'attention' | 'syncing'

/** The badge: 同步中 / 需处理 / 离线 / N 条待同步 / 已同步, in that order of precedence. */
export function deriveStatus(s: { syncing: boolean; offline: boolean; blocked: boolean; pending: number; rejected: number }): SyncStatus {
  if (s.syncing) return 'syncing'
  if (s.rejected > 0 || s.blocked) return 'attention'
  if (s.offline) return 'offline'
  return s.pending > 0 ? 'pending' : 'synced'
}
