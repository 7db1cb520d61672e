// A small world for the sync tests: one committee with branches B1 (secretary S) and B2, a few people,
// and helpers to push and pull as a given user inside a transaction that commits, like PostgREST does.
import { randomUUID } from 'node:crypto'

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>
}

export const ids = {
  committee: '00000000-0000-4000-8000-00000000c001',
  b1: '00000000-0000-4000-8000-00000000b001',
  b2: '00000000-0000-4000-8000-00000000b002',
  secretary: '00000000-0000-4000-8000-00000000a001',
  secretary2: '00000000-0000-4000-8000-00000000a002',
  p1: '00000000-0000-4000-8000-000000000001',
  p2: '00000000-0000-4000-8000-000000000002',
  p3: '00000000-0000-4000-8000-000000000003',
  q1: '00000000-0000-4000-8000-000000000011',
}

export async function seedWorld(db: Queryable): Promise<void> {
  await db.query(`insert into auth.users (id, email) values ($1, 's1@test'), ($2, 's2@test')`, [ids.secretary, ids.secretary2])
  await db.query(`insert into public.orgs (id, parent_id, kind, name) values ($1, null, 'committee', '医院党委')`, [ids.committee])
  await db.query(
    `insert into public.orgs (id, parent_id, kind, name) values ($1, $3, 'branch', '内科党支部'), ($2, $3, 'branch', '外科党支部')`,
    [ids.b1, ids.b2, ids.committee],
  )
  await db.query(
    `insert into public.org_roles (user_id, org_id, role) values ($1, $2, 'secretary'), ($3, $4, 'secretary')`,
    [ids.secretary, ids.b1, ids.secretary2, ids.b2],
  )
  await db.query(
    `insert into public.people (id, branch_id, name, party_status, admitted_on) values
       ($1, $4, '王芳', 'full', '2010-07-01'), ($2, $4, '李强', 'full', '2012-07-01'),
       ($3, $4, '赵敏', 'probationary', '2026-01-10'), ($5, $6, '陈刚', 'full', '2011-07-01')`,
    [ids.p1, ids.p2, ids.p3, ids.b1, ids.q1, ids.b2],
  )
}

export interface Mutation { id: string; table: string; row: Record<string, unknown>; base_seq?: number | null }
export interface PushResult { id: string; row_id: string; status: 'applied' | 'rejected'; seq?: number; code?: string; reason?: string; merged_into?: string; kept?: string[] }
export interface PullRow { table: string; seq: number; row: Record<string, unknown> }
export interface PullPage { rows: PullRow[]; cursor: string; has_more: boolean; scope: string }

export const mutation = (table: string, row: Record<string, unknown>, base_seq?: number): Mutation =>
  ({ id: randomUUID(), table, row, ...(base_seq === undefined ? {} : { base_seq }) })

const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value)

/** Runs fn as the given user in its own committed transaction (rolled back if fn throws). */
export async function asUser<T>(db: Queryable, userId: string, fn: () => Promise<T>): Promise<T> {
  await db.query('begin')
  try {
    await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: userId, role: 'authenticated' })])
    await db.query('set local role authenticated')
    const out = await fn()
    await db.query('commit')
    return out
  } catch (error) {
    await db.query('rollback')
    throw error
  }
}

export async function push(db: Queryable, userId: string, mutations: unknown, version = 1): Promise<PushResult[]> {
  return asUser(db, userId, async () => {
    const { rows } = await db.query('select public.sync_push($1, $2::jsonb) as r', [version, JSON.stringify(mutations)])
    return json((rows[0] as { r: unknown }).r).results as PushResult[]
  })
}

export async function pull(db: Queryable, userId: string, cursor: string | null, limit = 1000): Promise<PullPage> {
  return asUser(db, userId, async () => {
    const { rows } = await db.query('select public.sync_pull(1, $1, $2) as r', [cursor, limit])
    return json((rows[0] as { r: unknown }).r) as PullPage
  })
}

/** Pulls until has_more is false; returns every row and the number of round trips. */
export async function pullAll(db: Queryable, userId: string, cursor: string | null = null, limit = 1000) {
  const rows: PullRow[] = []
  let trips = 0
  let page: PullPage
  do {
    page = await pull(db, userId, cursor, limit)
    trips += 1
    rows.push(...page.rows)
    cursor = page.cursor
  } while (page.has_more)
  return { rows, trips, cursor: page.cursor, scope: page.scope }
}

export async function rowOf(db: Queryable, table: string, id: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await db.query(`select to_jsonb(t) as r from public.${table} t where id = $1`, [id])
  return rows[0] ? (json((rows[0] as { r: unknown }).r) as Record<string, unknown>) : undefined
}
