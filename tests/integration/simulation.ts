// The fault-injection simulation (issue 15): 2–4 phones of the demo secretary (and the demo member, whose writes
// the server refuses) edit the same fields of two activities and two people of branch 1 through the repos, as
// the UI does, and sync through FaultTransport over the real supabase-js transport and the real local backend.
// Steps: a local write, a sync (with faults for its calls), a release of a held call, a kill (the Dexie closed
// and reopened from the same fake-indexeddb, calls in flight left to finish against the closed one), a write
// by a remote phone that syncs at once. At the end faults stop, every held call is let through, every phone
// syncs until quiet, and the invariants of simulation-checks.ts are checked (monotonic reads after every step).
import { randomUUID } from 'node:crypto'
import type { PGlite } from '@electric-sql/pglite'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { type Repos, createRepos } from '../../src/db/repos'
import { ZhibuDb } from '../../src/db/schema'
import { type SyncEngine, type SyncReport, createSyncEngine } from '../../src/sync/engine'
import { type SyncTransport, createSupabaseTransport } from '../../src/sync/transport'
import type { LocalBackend } from '../../supabase/local/server'
import { type ExpiringClient, type Fault, FaultTransport, type FaultCounts, expiringClient, noFaults } from './faults'
import { type Cell, Ledger, appliedSeqs, checkConverged, checkServer, serverRows } from './simulation-checks'
import { PULL_LIMIT, type Schedule, TARGETS, type User } from './simulation-schedule'
import { BRANCH1, DEMO, person } from './setup'

export { Schedule, scheduleArb } from './simulation-schedule'

/** The server and one signed-in client per phone slot, shared by all runs of a file. */
export interface SimContext {
  pg: PGlite
  clients: Record<User, ExpiringClient[]>
  remote: SyncTransport
  /**
   * With `reusePhones`, the IndexedDB of each phone slot after a run that ended quiet and converged: the next run
   * opens it again (long-lived phones, far behind the server, and no full pull per run) instead of starting from a
   * fresh first pull. Faster, but a counterexample then depends on the schedules before it. Off by default.
   */
  warm: Map<string, IDBFactory> | null
}

export async function simContext(pg: PGlite, backend: LocalBackend, { reusePhones = false } = {}): Promise<SimContext> {
  const many = (email: string, n: number) => Promise.all(Array.from({ length: n }, () => expiringClient(backend, email)))
  const [secretary, member, [remote]] = await Promise.all([many(DEMO.secretary, 4), many(DEMO.member, 2), many(DEMO.secretary, 1)])
  return { pg, clients: { secretary, member }, remote: createSupabaseTransport(remote!.client), warm: reusePhones ? new Map() : null }
}

interface Phone { db: ZhibuDb; repos: Repos; engine: SyncEngine; ft: FaultTransport; run: Promise<SyncReport> | null }
interface Slot { key: string; name: string; user: User; factory: IDBFactory; inner: SyncTransport; expire: () => void; phone: Phone; zombies: Phone[] }

export interface RunStats { steps: number; faults: FaultCounts; acked: number; rejected: number; lost: number; duplicated: number; violations: string[] }

let runs = 0

/**
 * A killed phone's run that resumes against its closed database fails, and the engine logs that (it is not a
 * SyncError): expected here, so those lines are dropped; anything else is logged as usual.
 */
export async function runSchedule(ctx: SimContext, schedule: Schedule): Promise<RunStats> {
  const log = console.error
  console.error = (...args: unknown[]) => {
    if (!args.some((a) => a instanceof Error && a.name === 'DatabaseClosedError')) log(...args)
  }
  try {
    return await runOne(ctx, schedule)
  } finally {
    console.error = log
  }
}

async function runOne(ctx: SimContext, schedule: Schedule): Promise<RunStats> {
  const tag = `sim${++runs}-${randomUUID().slice(0, 4)}#`
  let counter = 0
  const faults = noFaults()
  const ledger = new Ledger((v): v is string => typeof v === 'string' && v.startsWith(tag))
  const activityIds = [randomUUID(), randomUUID()]
  const cells: Cell[] = TARGETS.map((t) => ({ table: t.table, id: typeof t.row === 'number' ? activityIds[t.row]! : t.row, field: t.field }))


  const open = (slot: Omit<Slot, 'phone' | 'zombies'>): Phone => {
    const db = new ZhibuDb({ indexedDB: slot.factory, IDBKeyRange })
    const ft = new FaultTransport(slot.inner, faults, slot.expire)
    const engine = createSyncEngine({ db, transport: ft, pullLimit: PULL_LIMIT, random: () => 0.5, env: { window: undefined, document: undefined, locks: undefined } })
    return { db, repos: createRepos(db), engine, ft, run: null }
  }
  const made = { secretary: 0, member: 0 }
  const slots: Slot[] = []
  for (const [i, user] of [...schedule.users, 'remote' as const].entries()) {
    const n = user === 'remote' ? 0 : made[user]++
    const client = user === 'remote' ? null : ctx.clients[user][n]!
    const inner = client ? createSupabaseTransport(client.client) : ctx.remote
    const key = user === 'remote' ? user : `${user}${n}` // the same slot always signs in with the same client
    const warm = ctx.warm?.get(key)
    const base = { key, name: user === 'remote' ? 'remote' : `d${i}`, user: user === 'remote' ? 'secretary' as const : user, factory: warm ?? new IDBFactory(), inner, expire: client?.expireNext ?? (() => {}) }
    const first = open(base)
    if (!warm) {
      // a phone that has synced before: its first full pull (fault-free, big pages) is not part of the schedule
      const report = await createSyncEngine({ db: first.db, transport: inner, env: { window: undefined, document: undefined, locks: undefined } }).syncNow()
      if (!report.ok) throw new Error(`first sync of ${base.name} failed: ${String(report.error)}`)
    }
    slots.push({ ...base, phone: first, zombies: [] })
    await ledger.remember(first.db, cells, new Map())
  }
  await ledger.remember(null, cells, await serverRows(ctx.pg, cells))
  const remote = slots.at(-1)!

  const advance = async (phone: Phone, held: Promise<'held'>) => {
    if (phone.run && (await Promise.race([phone.run.then(() => 'done' as const), held])) === 'done') phone.run = null
  }
  const release = async (phone: Phone) => {
    const held = phone.ft.nextHeld()
    phone.ft.releaseOldest()
    await advance(phone, held)
  }
  const sync = async (phone: Phone, plan: readonly Fault[]) => {
    if (phone.run) return release(phone) // a run is in flight: the phone syncs no more until it ends
    phone.ft.plan(plan)
    const held = phone.ft.nextHeld()
    phone.run = phone.engine.syncNow()
    await advance(phone, held)
  }
  const write = async (slot: Slot, target: number) => {
    const t = TARGETS[target]!
    const cell = cells[target]!
    const value = `${tag}${++counter}`
    const { repos, db } = slot.phone
    if (t.table === 'activities') {
      if (await db.activities.get(cell.id)) await repos.activities.update(cell.id, { [t.field]: value })
      else await repos.activities.put({ id: cell.id, branch_id: BRANCH1, kinds: ['lesson'], starts_at: '2026-11-25T14:00:00+08:00', status: 'held', [t.field]: value })
    } else if (await db.people.get(cell.id)) {
      await repos.people.update(cell.id, { [t.field]: value })
    } // a row the phone does not hold cannot be edited there
  }
  const observeAll = async () => {
    for (const s of slots) ledger.observe(s.name, await s.phone.db.outbox.toArray())
  }
  const checkReads = async () => {
    const seqs = await appliedSeqs(ctx.pg, [...ledger.carrier.values()])
    for (const s of slots) await ledger.checkReads(s.name, s.phone.db, cells, seqs)
  }

  for (const step of schedule.steps) {
    const slot = 'dev' in step ? slots[step.dev]! : remote
    if (step.kind === 'write') await write(slot, step.target)
    else if (step.kind === 'sync') await sync(slot.phone, step.faults)
    else if (step.kind === 'release') {
      const phone = [...slot.zombies, slot.phone].find((p) => p.ft.holding > 0)
      if (phone) await release(phone)
      slot.zombies = slot.zombies.filter((z) => z.run)
    } else if (step.kind === 'kill') {
      slot.phone.db.close()
      if (slot.phone.run) slot.zombies.push(slot.phone)
      slot.phone = open(slot)
    } else {
      await write(remote, step.target)
      await observeAll() // its entry is acknowledged within this step
      await sync(remote.phone, [])
    }
    await observeAll()
    if (step.kind !== 'write') await checkReads()
  }

  // faults stop; every call in flight goes through; every phone syncs until a round pushes nothing
  const phones = slots.flatMap((s) => [...s.zombies, s.phone])
  for (const p of phones) p.ft.plan([])
  for (const p of phones) p.ft.releaseAll()
  await Promise.all(phones.map((p) => p.run))
  let quiet = false
  for (let round = 0; round < 6 && !quiet; round += 1) {
    quiet = true
    for (const s of slots) {
      const report = await s.phone.engine.syncNow()
      if (!report.ok || report.pushCalls > 0) quiet = false
      if (!report.ok) ledger.violations.push(`${s.name}: fault-free sync failed: ${String(report.error)}`)
    }
    await observeAll()
  }
  if (!quiet) ledger.violations.push('the phones did not reach a quiet round in 6 rounds')
  await checkReads()

  // (c) every outbox drained, or its entries wait in 需处理 with the server's reason; the user then discards them
  let rejected = 0
  for (const s of slots) {
    const left = await s.phone.db.outbox.toArray()
    for (const e of left) {
      if (e.state !== 'rejected' || !e.reason) ledger.violations.push(`${s.name}: outbox entry ${e.id} left ${e.state} (${e.reason ?? 'no reason'})`)
    }
    const refused = left.filter((e) => e.state === 'rejected')
    rejected += refused.length
    for (const e of refused) await s.phone.engine.discardRejected(e.id)
    ledger.discarded(s.name, refused.map((e) => e.id))
    if (refused.length > 0 && !(await s.phone.engine.syncNow()).ok) ledger.violations.push(`${s.name}: sync after discarding failed`)
  }
  await observeAll()

  const seqs = await appliedSeqs(ctx.pg, [...ledger.known.keys()])
  const server = await serverRows(ctx.pg, cells)
  const { lost, duplicated } = checkServer(ledger, cells, server, seqs)
  for (const s of slots) {
    const visible = (c: Cell) => s.user === 'secretary' || c.table === 'activities' || c.id === person(2)
    await checkConverged(ledger, s.name, s.phone.db, cells, server, visible)
    s.phone.db.close()
  }
  for (const s of slots) {
    if (ledger.violations.length === 0) ctx.warm?.set(s.key, s.factory)
    else ctx.warm?.delete(s.key)
  }
  return { steps: schedule.steps.length, faults, acked: ledger.acked.size, rejected, lost, duplicated, violations: ledger.violations }
}
