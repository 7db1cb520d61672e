// A tiny in-memory model for the core's property test: a server that orders writes and remembers applied
// mutation ids (the contract of docs/sync.md, not our server's code), and a device that uses the real
// core functions exactly where src/db and sync/push.ts, pull.ts use them. Test support only.
import { expect } from 'vitest'
import type { AnyRow } from './rows'
import {
  applyPushResults, coalesceEdit, mergePulledRow, pendingFieldsByRow, rowKey, seqAfterPush, toMutation,
} from './rules'
import type { Mutation, OutboxEntry, PullPage, PushResult } from './protocol'

export type Op =
  | { kind: 'local'; row: string; field: string; value: string }
  | { kind: 'remote'; row: string; field: string; value: string }
  | { kind: 'push'; max: number; lose: boolean }
  | { kind: 'pull'; limit: number }

const TABLE = 'activities' as const

export class ModelServer {
  private rows = new Map<string, { seq: number; fields: Record<string, unknown> }>()
  private applied = new Map<string, PushResult>()
  private seq = 0

  write(id: string, fields: Record<string, unknown>): number {
    const row = this.rows.get(id) ?? { seq: 0, fields: {} }
    this.rows.set(id, { seq: ++this.seq, fields: { ...row.fields, ...fields } })
    return this.seq
  }

  /** Field-level upserts in order; a mutation id seen before gets its first answer and changes nothing. */
  push(mutations: Mutation[]): PushResult[] {
    return mutations.map((m) => {
      const known = this.applied.get(m.id)
      if (known) return known
      const { id, ...fields } = m.row
      const result: PushResult = { id: m.id, row_id: id, status: 'applied', seq: this.write(id, fields) }
      this.applied.set(m.id, result)
      return result
    })
  }

  page(cursor: number, limit: number): PullPage {
    const changed = [...this.rows].filter(([, r]) => r.seq > cursor).sort(([, a], [, b]) => a.seq - b.seq)
    const rows = changed.slice(0, limit).map(([id, r]) => ({ table: TABLE, seq: r.seq, row: { id, ...r.fields } }))
    return { rows, cursor: String(rows.at(-1)?.seq ?? cursor), has_more: changed.length > limit, scope: 's' }
  }

  current(id: string) {
    const r = this.rows.get(id)
    return r && { seq: r.seq, row: { id, ...r.fields } }
  }

  snapshot(): AnyRow[] {
    return [...this.rows].map(([id, r]) => ({ id, ...r.fields, _seq: r.seq })).sort((a, b) => a.id.localeCompare(b.id))
  }
}

export class ModelDevice {
  rows = new Map<string, AnyRow>()
  outbox: OutboxEntry[] = []
  lastLocal = new Map<string, unknown>()
  private refetch = new Set<string>()
  private cursor = 0
  private nextSeq = 1

  run(op: Op, server: ModelServer): void {
    if (op.kind === 'local') this.edit(op.row, op.field, op.value)
    else if (op.kind === 'remote') server.write(op.row, { [op.field]: op.value })
    else if (op.kind === 'push') this.push(server, op.max, op.lose)
    else this.pullPage(server, op.limit)
  }

  /** db/write.ts: the row and its (possibly coalesced) outbox entry. */
  edit(id: string, field: string, value: unknown): void {
    const local = this.rows.get(id)
    this.rows.set(id, { ...(local ?? { id, _seq: null }), [field]: value })
    this.lastLocal.set(`${id}:${field}`, value)
    const seq = this.nextSeq++
    const next = coalesceEdit(this.outbox.filter((e) => e.row_id === id), { [field]: value }, () => ({
      seq, id: `m${seq}`, table: TABLE, row_id: id, fields: {}, base_seq: local?._seq ?? null,
      created_at: '', state: 'pending', attempts: 0, reason: null, code: null,
    }))
    this.outbox = [...this.outbox.filter((e) => e.id !== next.id), next].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
  }

  /** db/outbox-store.ts takeBatch + applyPushPlan; `lose` drops the answer after the server committed. */
  push(server: ModelServer, max: number, lose: boolean): void {
    const batch = this.outbox.filter((e) => e.state !== 'rejected').slice(0, max)
    for (const e of batch) e.state = 'sending'
    const results = server.push(batch.map(toMutation))
    if (lose || batch.length === 0) return
    const plan = applyPushResults(batch, results)
    this.outbox = this.outbox.filter((e) => !plan.done.includes(e.id))
    for (const s of plan.seqs) {
      const row = this.rows.get(s.row_id)
      if (!row) continue
      const { seq, refetch } = seqAfterPush(row._seq, s.seq)
      this.rows.set(s.row_id, { ...row, _seq: seq })
      if (refetch) this.refetch.add(s.row_id)
    }
  }

  private merge(pulled: { seq: number; row: AnyRow }): void {
    const pending = pendingFieldsByRow(this.outbox).get(rowKey(TABLE, pulled.row.id)) ?? new Set<string>()
    const merged = mergePulledRow(this.rows.get(pulled.row.id), pulled, pending)
    if (merged) this.rows.set(pulled.row.id, merged)
  }

  pullPage(server: ModelServer, limit: number): boolean {
    const page = server.page(this.cursor, limit)
    for (const r of page.rows) this.merge(r)
    this.cursor = Number(page.cursor)
    return page.has_more
  }

  refetchAll(server: ModelServer): void {
    for (const id of this.refetch) {
      const current = server.current(id)
      if (current) this.merge(current)
    }
    this.refetch.clear()
  }

  snapshot(): AnyRow[] {
    return [...this.rows.values()].sort((a, b) => a.id.localeCompare(b.id))
  }
}

/** What engine.syncNow does once the network is good: push everything, refetch, pull to the end. */
export function settle(device: ModelDevice, server: ModelServer): void {
  while (device.outbox.length > 0) device.push(server, 500, false)
  device.refetchAll(server)
  while (device.pullPage(server, 3));
}

/** Every field with an outbox entry shows the user's latest edit of it. */
export function checkPendingSurvive(device: ModelDevice): void {
  for (const e of device.outbox) {
    for (const field of Object.keys(e.fields)) {
      expect(device.rows.get(e.row_id)?.[field]).toEqual(device.lastLocal.get(`${e.row_id}:${field}`))
    }
  }
}
