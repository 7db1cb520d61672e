// First run on an empty project (issue 14 item 1): the service role makes a one-time set-up token, the first
// reviewer claims it and gets a root committee of their own; the token cannot be made by anyone else, reused,
// used after it expires or guessed. On PGlite, every case in its own rolled-back transaction.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDb } from './db'

type Db = Awaited<ReturnType<typeof createDb>>
type Who = 'anon' | 'service_role' | 'first' | 'second'
const users = { first: '00000000-0000-4000-8000-0000000000f1', second: '00000000-0000-4000-8000-0000000000f2' }

let db: Db
beforeAll(async () => {
  db = await createDb()
  await db.exec(`insert into auth.users (id, email) values ('${users.first}', 'first@example.org'), ('${users.second}', 'second@example.org')`)
})
afterAll(async () => db?.close())

const claims = (who: Who) => who === 'anon' || who === 'service_role'
  ? { role: who } : { sub: users[who], role: 'authenticated', aud: 'authenticated' }

async function as<T>(tx: Db, who: Who, sql: string, params: unknown[] = []): Promise<{ rows: T[] } | { error: string; hint?: string; code?: string }> {
  await tx.exec('savepoint q')
  try {
    await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims(who))])
    await tx.exec(`set local role ${who === 'anon' || who === 'service_role' ? who : 'authenticated'}`)
    const result = { rows: (await tx.query<T>(sql, params)).rows }
    await tx.exec('release savepoint q')
    return result
  } catch (error) {
    await tx.exec('rollback to savepoint q')
    const e = error as { message: string; hint?: string; code?: string }
    return { error: e.message, hint: e.hint, code: e.code }
  } finally {
    await tx.exec('reset role')
  }
}

/** Runs `body` in a transaction that is rolled back afterwards. */
async function rolledBack(body: () => Promise<void>): Promise<void> {
  await db.exec('begin')
  try {
    await body()
  } finally {
    await db.exec('rollback')
  }
}

async function newToken(valid = '24 hours'): Promise<string> {
  const r = await as<{ t: string }>(db, 'service_role', 'select public.create_setup_token($1::interval) as t', [valid])
  if (!('rows' in r)) throw new Error(r.error)
  return r.rows[0]!.t
}

const claim = (who: Who, token: string, name = '某区卫健工委') =>
  as<{ id: string }>(db, who, 'select public.claim_setup($1, $2) as id', [token, name])

describe('set-up token', () => {
  test('only the service role can make one; it is long and random', async () => rolledBack(async () => {
    for (const who of ['anon', 'first'] as const) {
      expect(await as(db, who, 'select public.create_setup_token()')).toMatchObject({ code: '42501' })
    }
    const [a, b] = [await newToken(), await newToken()]
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(a).not.toBe(b)
    // only its hash is kept
    expect((await db.query(`select 1 from private.setup_tokens where token_hash = $1`, [a])).rows).toEqual([])
  }))

  test('claiming it makes a root committee with the claimant as its reviewer, visible to them alone', async () => rolledBack(async () => {
    const token = await newToken()
    const claimed = await claim('first', token, '  某区卫健工委  ')
    expect(claimed).toHaveProperty('rows')
    const orgId = ('rows' in claimed ? claimed.rows[0]!.id : '')
    expect(await as(db, 'first', 'select name, kind, parent_id from public.orgs')).toEqual(
      { rows: [{ name: '某区卫健工委', kind: 'committee', parent_id: null }] })
    expect(await as(db, 'first', 'select org_id, role from public.org_roles')).toEqual({ rows: [{ org_id: orgId, role: 'reviewer' }] })
    expect(await as(db, 'second', 'select id from public.orgs')).toEqual({ rows: [] })
  }))

  test.each([
    ['a used code', async () => { const t = await newToken(); await claim('first', t); return t }, 'setup_token_used'],
    ['an expired code', () => newToken('-1 second'), 'setup_token_expired'],
    ['a forged code', async () => 'f'.repeat(64), 'setup_token_invalid'],
    ['a code one character off', async () => (await newToken()).slice(0, -1) + 'x', 'setup_token_invalid'],
    ['no code', async () => '', 'setup_token_invalid'],
  ])('%s is refused, and nothing is created', async (_, make, hint) => rolledBack(async () => {
    const token = await make()
    const before = (await db.query('select count(*)::int as n from public.orgs')).rows
    expect(await claim('second', token)).toMatchObject({ hint })
    expect((await db.query('select count(*)::int as n from public.orgs')).rows).toEqual(before)
    expect(await as(db, 'second', 'select id from public.org_roles')).toEqual({ rows: [] })
  }))

  test.each([
    ['a blank name', '   ', 'name_required'],
    ['a name over 100 characters', '委'.repeat(101), 'name_too_long'],
  ])('%s is refused and the code stays usable', async (_, name, hint) => rolledBack(async () => {
    const token = await newToken()
    expect(await claim('first', token, name)).toMatchObject({ hint })
    expect(await claim('first', token)).toHaveProperty('rows')
  }))

  test('anonymous callers cannot claim', async () => rolledBack(async () => {
    expect(await claim('anon', await newToken())).toMatchObject({ code: '42501' })
  }))
})
