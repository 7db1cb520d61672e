// The simulation's bookkeeping and invariants. The ledger watches every device's outbox after every step: an
// entry that disappeared was acknowledged (only applyPushPlan deletes entries as applied; the discards of the
// final phase are told to the ledger). The server's own record of applied mutations (private.applied_mutations,
// its result's seq) orders the writes: field-level last-writer-wins means a field ends with the value of the
// acknowledged write the server applied last.
import type { PGlite } from '@electric-sql/pglite'
import type { ZhibuDb } from '../../src/db/schema'
import type { OutboxEntry } from '../../src/sync/core/protocol'
import { sql } from './setup'

export interface Target {
  table: 'activities' | 'people'
  /** An index into the run's activity ids, or a people row id. */
  row: number | string
  field: string
}

/** A resolved target: table, row id, field. */
export interface Cell {
  table: Target['table']
  id: string
  field: string
}
const cellKey = (c: Cell) => `${c.table}:${c.id}:${c.field}`

export class Ledger {
  /** Every write value the simulation made → the mutation that carried it (its entry's latest fields). */
  readonly carrier = new Map<string, string>()
  /** Acknowledged entries (as last seen in the outbox), by mutation id. */
  readonly acked = new Map<string, OutboxEntry>()
  /** Every entry ever seen, as last seen. */
  readonly known = new Map<string, OutboxEntry>()
  private readonly last = new Map<string, Map<string, OutboxEntry>>()
  private readonly seen = new Map<string, Map<string, number>>()
  private readonly cursors = new Map<string, [bigint, bigint]>()
  readonly violations: string[] = []

  constructor(private readonly isSimValue: (v: unknown) => v is string) {}

  observe(slot: string, entries: readonly OutboxEntry[]): void {
    const before = this.last.get(slot) ?? new Map<string, OutboxEntry>()
    const now = new Map(entries.map((e) => [e.id, e]))
    for (const [id, e] of before) if (!now.has(id)) this.acked.set(id, e)
    for (const e of entries) {
      this.known.set(e.id, e)
      for (const v of Object.values(e.fields)) if (this.isSimValue(v)) this.carrier.set(v, e.id)
    }
    this.last.set(slot, now)
  }

  /** Entries the user discarded (需处理 → 放弃): gone, but not acknowledged. */
  discarded(slot: string, ids: readonly string[]): void {
    for (const id of ids) this.last.get(slot)?.delete(id)
  }

  /** (e) monotonic reads on one device: its cursor and every cell's server version never go back. */
  /** Values from before the run (the server's, and each phone's own, which may be older): version 0. */
  private readonly before = new Map<string, Set<unknown>>()

  async remember(db: ZhibuDb | null, cells: readonly Cell[], server: ReadonlyMap<string, ServerRow>): Promise<void> {
    for (const cell of cells) {
      const values = this.before.get(cellKey(cell)) ?? new Set<unknown>()
      this.before.set(cellKey(cell), values)
      const row = db ? ((await db.table(cell.table).get(cell.id)) as Record<string, unknown> | undefined) : server.get(`${cell.table}:${cell.id}`)
      if (row) values.add(row[cell.field])
    }
  }

  async checkReads(slot: string, db: ZhibuDb, cells: readonly Cell[], seqs: ReadonlyMap<string, number>): Promise<void> {
    const cursor = (await db.meta.get('cursor'))?.value
    if (typeof cursor === 'string') {
      const [xid, seq] = cursor.split(':').map((p) => BigInt(p)) as [bigint, bigint]
      const prev = this.cursors.get(slot)
      if (prev && (xid < prev[0] || (xid === prev[0] && seq < prev[1]))) this.violations.push(`${slot}: cursor went back from ${prev.join(':')} to ${cursor}`)
      this.cursors.set(slot, [xid, seq])
    }
    const outbox = await db.outbox.toArray()
    const seen = this.seen.get(slot) ?? new Map<string, number>()
    this.seen.set(slot, seen)
    for (const cell of cells) {
      const row = (await db.table(cell.table).get(cell.id)) as Record<string, unknown> | undefined
      if (!row) continue
      if (outbox.some((e) => e.table === cell.table && e.row_id === cell.id && cell.field in e.fields)) continue // the user's own value
      const value = row[cell.field]
      const mutation = this.isSimValue(value) ? this.carrier.get(value) : undefined
      const version = value == null || this.before.get(cellKey(cell))?.has(value) ? 0 : mutation ? seqs.get(mutation) : undefined
      if (version === undefined) {
        this.violations.push(`${slot}: ${cellKey(cell)} shows ${String(value)}, which the server never applied`)
        continue
      }
      const before = seen.get(cellKey(cell)) ?? 0
      if (version < before) this.violations.push(`${slot}: ${cellKey(cell)} went back to server version ${version} after ${before}`)
      seen.set(cellKey(cell), Math.max(version, before))
    }
  }
}

/** seq of each applied mutation among `ids`, as the server recorded it. */
export async function appliedSeqs(pg: PGlite, ids: readonly string[]): Promise<Map<string, number>> {
  const rows = await sql<{ id: string; seq: number }>(pg,
    `select id::text, (result ->> 'seq')::bigint::float8 as seq from private.applied_mutations where id = any($1::uuid[])`, [ids])
  return new Map(rows.map((r) => [r.id, r.seq]))
}

export interface ServerRow {
  seq: number
  [field: string]: unknown
}

/** The server's version of the rows in scope (service role), keyed `table:id`. */
export async function serverRows(pg: PGlite, cells: readonly Cell[]): Promise<Map<string, ServerRow>> {
  const out = new Map<string, ServerRow>()
  for (const table of ['activities', 'people'] as const) {
    const ids = [...new Set(cells.filter((c) => c.table === table).map((c) => c.id))]
    const rows = await sql<ServerRow & { id: string }>(pg,
      `select *, id::text, sync_seq::float8 as seq from public.${table} where id = any($1::uuid[])`, [ids])
    for (const r of rows) out.set(`${table}:${r.id}`, r)
  }
  return out
}

export interface Outcome {
  lost: number
  duplicated: number
}

/**
 * (a) no acknowledged write lost: each acknowledged value is the server's, unless an acknowledged write the
 * server applied later (higher seq) set the same field. (b) nothing applied twice: a row's current seq is the
 * seq of the last mutation of this run applied to it (a re-applied mutation would have moved it further), and
 * every row an acknowledged write created exists once.
 */
export function checkServer(ledger: Ledger, cells: readonly Cell[], server: ReadonlyMap<string, ServerRow>, seqs: ReadonlyMap<string, number>): Outcome {
  const out: Outcome = { lost: 0, duplicated: 0 }
  const inScope = new Set(cells.map(cellKey))
  const writes: { cell: Cell; value: unknown; seq: number | undefined; id: string }[] = []
  for (const [id, e] of ledger.acked) {
    for (const [field, value] of Object.entries(e.fields)) {
      const cell = { table: e.table as Cell['table'], id: e.row_id, field }
      if (inScope.has(cellKey(cell))) writes.push({ cell, value, seq: seqs.get(id), id })
    }
  }
  for (const w of writes) {
    const actual = server.get(`${w.cell.table}:${w.cell.id}`)?.[w.cell.field]
    const overwritten = writes.some((o) => cellKey(o.cell) === cellKey(w.cell) && (o.seq ?? -1) > (w.seq ?? -1))
    if (w.seq === undefined || (actual !== w.value && !overwritten)) {
      out.lost += 1
      ledger.violations.push(`lost: ${w.id} set ${cellKey(w.cell)} = ${String(w.value)} (seq ${w.seq ?? 'never applied'}); the server has ${String(actual)}`)
    }
  }
  const lastSeq = new Map<string, number>()
  for (const [id, seq] of seqs) {
    const e = ledger.known.get(id)
    if (e && !ledger.acked.has(id)) ledger.violations.push(`${id}: applied by the server (seq ${seq}) but never acknowledged`)
    if (e) lastSeq.set(`${e.table}:${e.row_id}`, Math.max(seq, lastSeq.get(`${e.table}:${e.row_id}`) ?? 0))
  }
  for (const [key, seq] of lastSeq) {
    const row = server.get(key)
    if (!row) {
      out.lost += 1
      ledger.violations.push(`lost: ${key} was written (seq ${seq}) but is not on the server`)
    } else if (row.seq !== seq) {
      out.duplicated += 1
      ledger.violations.push(`duplicated: ${key} is at seq ${row.seq}, its last acknowledged write was applied at ${seq}`)
    }
  }
  return out
}

/** (d) the device holds exactly the rows in scope that the server has and this user may see, field for field. */
export async function checkConverged(ledger: Ledger, slot: string, db: ZhibuDb, cells: readonly Cell[], server: ReadonlyMap<string, ServerRow>, visible: (c: Cell) => boolean): Promise<void> {
  for (const cell of cells) {
    const local = (await db.table(cell.table).get(cell.id)) as Record<string, unknown> | undefined
    const remote = visible(cell) ? server.get(`${cell.table}:${cell.id}`) : undefined
    if (!remote && !local) continue
    if (!remote || !local) {
      ledger.violations.push(`${slot}: ${cell.table}:${cell.id} is ${local ? 'on the device only' : 'missing on the device'}`)
      continue
    }
    if (local[cell.field] !== remote[cell.field] || local._seq !== remote.seq) {
      ledger.violations.push(`${slot}: ${cellKey(cell)} = ${String(local[cell.field])} @${String(local._seq)}, server ${String(remote[cell.field])} @${remote.seq}`)
    }
  }
}
