// Turns one table of expectations (role × operation × target → outcome) into Vitest cases, each in its own
// rolled-back transaction. A matrix row is [who, cell for ops[0], cell for ops[1], …] where an op is
//   'select' | 'select <relation>'  → cell: the exact world keys visible, or 'no-grant'
//   'insert <target>'               → a valid row for the target (spec.insert): allow | deny | no-grant | check
//   'update <target>'               → a harmless column of a world row: allow | invisible | deny | no-grant | guard
//   'delete'                        → a fresh row inserted by the superuser: allow | no-grant
import { randomUUID } from 'node:crypto'
import type { PGlite, Transaction } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  as, asSuperuser, attempt, createWorld, expectAffected, expectDenied, ids, insertSql, snapshot, sortedKeys,
  updateSql, type Denial, type Key, type Outcome, type Values, type Who, type World,
} from './world'

export type Cell = Outcome | readonly Key[]
export type MatrixRow = readonly [Who, ...Cell[]]

export interface TableSpec {
  table: string
  /** relations readable with 'select <name>' besides the table itself */
  relations?: Record<string, string>
  insert: Record<string, (w: World) => Values>
  update: Record<string, { key: Key; set: Values }>
  /** a valid row, inserted by the superuser before a delete case */
  fresh: (w: World) => Values
}

/** Registers beforeAll/afterAll for a world and returns its database getter. */
export function useWorld(): () => PGlite {
  let db: PGlite | undefined
  beforeAll(async () => { db = (await createWorld()).db })
  afterAll(async () => { await db?.close() })
  return () => {
    if (!db) throw new Error('world not ready')
    return db
  }
}

async function exists(tx: Transaction, table: string, id: string): Promise<boolean> {
  return asSuperuser(tx, async () => (await tx.query(`select 1 from ${table} where id = $1`, [id])).rows.length === 1)
}

async function runCell(tx: Transaction, spec: TableSpec, op: string, cell: Cell): Promise<void> {
  const [verb, target = ''] = op.split(' ')
  if (verb === 'select') {
    const r = await attempt<{ id: string }>(tx, `select id from ${target ? (spec.relations?.[target] ?? target) : spec.table}`)
    if (typeof cell === 'string') return expectDenied(r, cell as Denial)
    expect(r.ok ? sortedKeys(r.rows) : r).toEqual([...cell].sort())
  } else if (verb === 'insert') {
    const build = spec.insert[target]
    if (!build || typeof cell !== 'string') throw new Error(`bad matrix cell ${op}`)
    const row = { id: randomUUID(), ...build(ids) }
    const r = await attempt(tx, ...insertSql(spec.table, row))
    if (cell === 'allow') expectAffected(r, 1)
    else expectDenied(r, cell as Denial)
    expect(await exists(tx, spec.table, row.id)).toBe(cell === 'allow')
  } else if (verb === 'update') {
    const upd = spec.update[target]
    if (!upd || typeof cell !== 'string') throw new Error(`bad matrix cell ${op}`)
    const id = ids[upd.key]
    const before = await snapshot(tx, spec.table, id)
    expect(before, `world row ${upd.key}`).toMatchObject({ id })
    const r = await attempt(tx, ...updateSql(spec.table, id, upd.set))
    const after = (await snapshot(tx, spec.table, id)) as Record<string, unknown>
    if (cell === 'allow') {
      expectAffected(r, 1)
      const cols = Object.keys(upd.set)
      const check = cols.map((c, i) => `${c} is not distinct from $${i + 2}`).join(' and ')
      const same = await asSuperuser(tx, () => tx.query(`select 1 from ${spec.table} where id = $1 and ${check}`, [id, ...Object.values(upd.set)]))
      expect(same.rows.length, `${cols.join(', ')} written`).toBe(1)
    } else {
      if (cell === 'invisible') expectAffected(r, 0)
      else expectDenied(r, cell as Denial)
      expect(after).toEqual(before)
    }
  } else if (verb === 'delete') {
    const row = { id: randomUUID(), ...spec.fresh(ids) }
    await asSuperuser(tx, () => tx.query(...insertSql(spec.table, row)))
    const r = await attempt(tx, `delete from ${spec.table} where id = $1`, [row.id])
    if (cell === 'allow') expectAffected(r, 1)
    else expectDenied(r, cell as Denial)
    expect(await exists(tx, spec.table, row.id)).toBe(cell !== 'allow')
  } else {
    throw new Error(`unknown op ${op}`)
  }
}

const show = (cell: Cell): string => (typeof cell === 'string' ? cell : `[${cell.join(', ')}]`)

/** One `it.each` case per (row, op) of the matrix. */
export function runMatrix(db: () => PGlite, spec: TableSpec, ops: readonly string[], matrix: readonly MatrixRow[]): void {
  const cases = matrix.flatMap(([who, ...cells]) => {
    if (cells.length !== ops.length) throw new Error(`matrix row for ${who} has ${cells.length} cells, ops ${ops.length}`)
    return cells.map((cell, i) => {
      const op = ops[i] ?? ''
      return { name: `${who} ${op} → ${show(cell)}`, who, op, cell }
    })
  })
  describe(`${spec.table}: role × operation matrix`, () => {
    it.each(cases)('$name', async ({ who, op, cell }) => {
      await as(db(), who, (tx) => runCell(tx, spec, op, cell))
    })
  })
}

const FORGED_AT = '2000-01-01T00:00:00Z'

/**
 * Sync bookkeeping cannot be forged (SPEC §5): `who` inserts a row for `target` and updates the world row of
 * `updateTarget` (default: the same), both times sending forged updated_at, sync_xid, sync_seq, root_id (and
 * received_at, created_by, path where the table has them); the server's values must win. `root` is the rows'
 * true root committee.
 */
export async function expectServerBookkeeping(db: PGlite, spec: TableSpec, who: Who, target: string, root: Key, updateTarget = target): Promise<void> {
  await as(db, who, async (tx) => {
    const cols = new Set(await asSuperuser(tx, async () => (await tx.query<{ c: string }>(
      `select column_name as c from information_schema.columns where table_schema = 'public' and table_name = $1`,
      [spec.table.replace(/^public\./, '')])).rows.map((r) => r.c)))
    const wrongRoot = root === 'X' ? ids.D : ids.X
    const forged = (id: string): Values => ({
      updated_at: FORGED_AT, sync_xid: '1', sync_seq: -1, root_id: wrongRoot,
      ...(cols.has('received_at') ? { received_at: FORGED_AT } : {}),
      ...(cols.has('created_by') ? { created_by: ids.user.stranger } : {}),
      ...(cols.has('path') ? { path: [wrongRoot, id] } : {}),
    })
    const check = async (id: string, before: Record<string, unknown> | undefined) => {
      const q = await asSuperuser(tx, () => tx.query<Record<string, unknown>>(
        `select updated_at = now() as updated_at, sync_xid = pg_current_xact_id() as sync_xid, sync_seq > 0 as sync_seq,
                root_id = $2 as root_id, to_jsonb(t) as j from ${spec.table} t where id = $1`, [id, ids[root]]))
      const row = q.rows[0] ?? {}
      const j = (row.j ?? {}) as Record<string, unknown>
      const got: Record<string, unknown> = { updated_at: row.updated_at, sync_xid: row.sync_xid, sync_seq: row.sync_seq, root_id: row.root_id }
      const want: Record<string, unknown> = { updated_at: true, sync_xid: true, sync_seq: true, root_id: true }
      if (before) for (const c of ['received_at', 'created_by', 'path']) if (cols.has(c)) { got[c] = j[c]; want[c] = before[c] }
      if (!before && cols.has('path')) { got.path = (j.path as string[])[0]; want.path = ids[root] }
      if (!before && cols.has('created_by') && who !== 'anon' && who !== 'service_role') { got.created_by = j.created_by; want.created_by = ids.user[who] }
      if (!before && cols.has('received_at')) { got.received_at = j.received_at === j.updated_at; want.received_at = true }
      expect(got, JSON.stringify(got)).toEqual(want)
    }
    const build = spec.insert[target]
    const upd = spec.update[updateTarget]
    if (!build || !upd) throw new Error(`no insert ${target} / update ${updateTarget}`)
    const row = { id: randomUUID(), ...build(ids) }
    expectAffected(await attempt(tx, ...insertSql(spec.table, { ...row, ...forged(row.id) })), 1)
    await check(row.id, undefined)
    const id = ids[upd.key]
    const before = (await snapshot(tx, spec.table, id)) as Record<string, unknown>
    expectAffected(await attempt(tx, ...updateSql(spec.table, id, { ...upd.set, ...forged(id) })), 1)
    await check(id, before)
  })
}
