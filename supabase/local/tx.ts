// PGlite serves one connection: every request runs alone, inside one transaction, set up as PostgREST does
// (role from the JWT, claims and request info as transaction-local settings), committed or rolled back whole.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import { HttpError, fromPgError, isPgError, pgrstError } from './errors'
import type { Claims } from './jwt'

const queues = new WeakMap<PGlite, Promise<unknown>>()

/** Runs fn after everything queued before it on this database (shared by all servers over one PGlite). */
export function serial<T>(db: PGlite, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(db) ?? Promise.resolve()
  const run = previous.then(fn, fn)
  queues.set(db, run.catch(() => undefined))
  return run
}

/** Resolves once the work queued so far on this database has finished. */
export function drain(db: PGlite): Promise<unknown> {
  return queues.get(db) ?? Promise.resolve()
}

/** A transaction for GoTrue's own bookkeeping, as the database owner. */
export function ownerTx<T>(db: PGlite, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return serial(db, () => db.transaction(fn))
}

export interface RequestContext {
  role: string
  claims: Claims
  method: string
  /** PostgREST's request.path, e.g. /activities or /rpc/branch_funding */
  path: string
  headers: Record<string, string>
  readOnly: boolean
}

export function inRequestTx<T>(db: PGlite, ctx: RequestContext, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return serial(db, async () => {
    try {
      return await db.transaction(async (tx) => {
        if (ctx.readOnly) await tx.exec('set transaction read only')
        await switchRole(tx, ctx.role)
        await tx.query(
          `select set_config('search_path', 'public, extensions', true),
                  set_config('request.jwt.claims', $1, true),
                  set_config('request.method', $2, true),
                  set_config('request.path', $3, true),
                  set_config('request.headers', $4, true),
                  set_config('request.cookies', '{}', true)`,
          [JSON.stringify(ctx.claims), ctx.method, ctx.path, JSON.stringify(ctx.headers)],
        )
        return await fn(tx)
      })
    } catch (error) {
      if (error instanceof HttpError) throw error
      if (isPgError(error)) throw fromPgError(error, ctx.role)
      throw error
    }
  })
}

/** `set local role`, limited like PostgREST to the roles the authenticator may become. */
async function switchRole(tx: Transaction, role: string): Promise<void> {
  const { rows } = await tx.query<{ allowed: boolean }>(
    `select pg_has_role('authenticator', r.oid, 'member') as allowed from pg_roles r where r.rolname = $1`,
    [role],
  )
  if (rows.length === 0) throw pgrstError(401, '22023', `role "${role}" does not exist`)
  if (!rows[0]!.allowed) throw pgrstError(403, '42501', `permission denied to set role "${role}"`)
  await tx.query(`select set_config('role', $1, true)`, [role])
}
