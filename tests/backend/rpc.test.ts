// PostgREST function calls over the local backend: the app's server contract (SPEC §5.1) and the
// shapes of results and errors, using a few test-only functions created in this file's database.
import type { PGlite } from '@electric-sql/pglite'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { LocalBackend } from '../../supabase/local/server'
import { serial } from '../../supabase/local/tx'
import { DEMO, asUser, client, seededWith, signedIn, startLocalBackend, userId } from './harness'

let db: PGlite
let backend: LocalBackend
let reviewer: SupabaseClient
let secretary: SupabaseClient
let year: number
let asOf: string

const TEST_FUNCTIONS = `
  create sequence public.zz_marker;
  create table public.zz_items (id int primary key);
  create function public.zz_add(a int, b int default 1) returns int language sql immutable as $$ select a + b $$;
  create function public.zz_series(n int) returns setof int language sql stable as $$ select generate_series(1, n) $$;
  create function public.zz_rows() returns table (n int, label text) language sql stable
    as $$ select g, 'row ' || g from generate_series(1, 5) g $$;
  create function public.zz_echo(p jsonb, tags text[], on_day date) returns jsonb language sql immutable
    as $$ select jsonb_build_object('p', p, 'tags', to_jsonb(tags), 'on_day', on_day) $$;
  create function public.zz_nothing() returns void language sql as $$ select $$;
  create function public.zz_fail(p_message text) returns void language plpgsql
    as $$ begin raise exception '%', p_message using detail = 'some detail', hint = 'a hint'; end $$;
  create function public.zz_duplicate() returns void language sql as $$ insert into public.zz_items values (1), (1) $$;
  create function public.zz_whoami() returns text language sql stable as $$ select current_user || ' ' || coalesce(auth.uid()::text, '-') $$;
`

beforeAll(async () => {
  ;({ db, year, asOf } = await seededWith(TEST_FUNCTIONS))
  backend = await startLocalBackend({ db })
  reviewer = await signedIn(backend, DEMO.reviewer)
  secretary = await signedIn(backend, DEMO.secretary)
})

afterAll(async () => {
  await backend?.close()
  await db?.close()
})

describe('the server contract', () => {
  test('branch_funding as the reviewer returns every branch under the reviewed committee', async () => {
    const { data, error, status } = await reviewer.rpc('branch_funding', { p_year: year })
    expect(error).toBeNull()
    expect(status).toBe(200)
    const reviewerId = await userId(db, DEMO.reviewer)
    const branches = await serial(db, () =>
      db.query<{ id: string }>(
        `select b.id from public.orgs b join public.org_roles r on b.path @> array[r.org_id]
          where r.user_id = $1 and r.role = 'reviewer' and b.kind = 'branch' and b.deleted_at is null order by b.id`,
        [reviewerId],
      ),
    )
    expect(branches.rows.length).toBeGreaterThan(1)
    expect(data.map((r: { branch_id: string }) => r.branch_id).sort()).toEqual(branches.rows.map((b) => b.id))
    expect(data[0]).toEqual({
      branch_id: expect.any(String), branch_name: expect.any(String), member_count: expect.any(Number),
      rate_fen: expect.any(Number), allocation_fen: expect.any(Number), required_match_fen: expect.any(Number),
      matched_fen: expect.any(Number), shortfall_fen: expect.any(Number), available_fen: expect.any(Number),
      spent_fen: expect.any(Number), balance_fen: expect.any(Number),
    })
  })

  test('branch_completeness as the secretary equals the function run directly as that user', async () => {
    const { data, error } = await secretary.rpc('branch_completeness', { p_year: year, p_as_of: asOf })
    expect(error).toBeNull()
    const expected = await asUser(db, await userId(db, DEMO.secretary),
      `select * from public.branch_completeness($1, $2::date)`, [year, asOf])
    expect(expected.length).toBeGreaterThan(0)
    expect(data).toEqual(expected)
  })

  test('filters and order apply to a set-returning function', async () => {
    const { data, error } = await secretary
      .rpc('branch_completeness', { p_year: year, p_as_of: asOf })
      .eq('kind', 'theme_day')
      .order('period', { ascending: false })
      .limit(3)
    expect(error).toBeNull()
    expect(data!.length).toBeGreaterThan(0)
    expect(data!.every((r: { kind: string }) => r.kind === 'theme_day')).toBe(true)
    const periods = data!.map((r: { period: string }) => r.period)
    expect(periods).toEqual([...periods].sort().reverse())
  })

  test('anon may not call it: 401 42501', async () => {
    const { error, status } = await client(backend).rpc('branch_funding', { p_year: year })
    expect(status).toBe(401)
    expect(error).toMatchObject({ code: '42501' })
  })

  test('the request runs as the signed-in user', async () => {
    const { data } = await secretary.rpc('zz_whoami')
    expect(data).toBe(`authenticated ${await userId(db, DEMO.secretary)}`)
    expect((await client(backend).rpc('zz_whoami')).data).toBe('anon -')
  })
})

describe('result shapes', () => {
  test('scalar, default arguments, GET for stable functions', async () => {
    expect((await secretary.rpc('zz_add', { a: 2 })).data).toBe(3)
    expect((await secretary.rpc('zz_add', { a: 2, b: 40 })).data).toBe(42)
    expect((await secretary.rpc('zz_add', { a: 2, b: 5 }, { get: true })).data).toBe(7)
  })

  test('setof scalar is an array; returns table is an array of objects', async () => {
    expect((await secretary.rpc('zz_series', { n: 3 })).data).toEqual([1, 2, 3])
    const rows = await secretary.rpc('zz_rows', {}, { count: 'exact' }).select('n,label').gt('n', 1).range(0, 1)
    expect(rows.data).toEqual([{ n: 2, label: 'row 2' }, { n: 3, label: 'row 3' }])
    expect(rows.count).toBe(4)
  })

  test('jsonb, arrays and dates go in and out as JSON', async () => {
    const { data, error } = await secretary.rpc('zz_echo', { p: { x: [1, { y: null }] }, tags: ['a', 'b,c'], on_day: '2026-03-31' })
    expect(error).toBeNull()
    expect(data).toEqual({ p: { x: [1, { y: null }] }, tags: ['a', 'b,c'], on_day: '2026-03-31' })
  })

  test('void is 204 with no body', async () => {
    expect(await secretary.rpc('zz_nothing')).toMatchObject({ status: 204, data: null, error: null })
  })
})

describe('errors', () => {
  test('raise exception is 400 P0001 with details and hint', async () => {
    const { error, status } = await secretary.rpc('zz_fail', { p_message: '不能这样' })
    expect(status).toBe(400)
    expect(error).toEqual({ code: 'P0001', message: '不能这样', details: 'some detail', hint: 'a hint' })
  })

  test('unique violation is 409 23505, and the transaction is rolled back', async () => {
    const { error, status } = await secretary.rpc('zz_duplicate')
    expect(status).toBe(409)
    expect(error).toMatchObject({ code: '23505' })
    expect((await serial(db, () => db.query(`select * from public.zz_items`))).rows).toEqual([])
  })

  test('an unknown function or unknown arguments are 404 PGRST202', async () => {
    const unknown = await secretary.rpc('no_such_function')
    expect(unknown.status).toBe(404)
    expect(unknown.error).toMatchObject({ code: 'PGRST202' })
    const wrongArgs = await secretary.rpc('branch_funding', { year })
    expect(wrongArgs.status).toBe(404)
    expect(wrongArgs.error).toMatchObject({ code: 'PGRST202', message: 'Could not find the function public.branch_funding(year) in the schema cache' })
  })

  test('SQL in a function name, select, order or filter never runs (the marker sequence stays untouched)', async () => {
    const attempts = [
      secretary.rpc("zz_rows(); select nextval('public.zz_marker'); --"),
      secretary.rpc('zz_rows').select("n,nextval('public.zz_marker')"),
      secretary.rpc('zz_rows').select('n').order("n, nextval('public.zz_marker')"),
      secretary.rpc('zz_rows').select('n').eq("n > 0 or nextval('public.zz_marker') > 0 or n", 1),
      secretary.rpc('zz_rows').select('n').or("n.eq.1,n.eq.1) or (nextval('public.zz_marker') > 0"),
      secretary.rpc('zz_add', { a: 1, "b := nextval('public.zz_marker')::int, a": 1 }),
    ]
    for (const attempt of attempts) {
      const { error, status } = await attempt
      expect(error).not.toBeNull()
      expect([400, 404]).toContain(status)
    }
    const marker = await serial(db, () => db.query<{ is_called: boolean }>(`select is_called from public.zz_marker`))
    expect(marker.rows[0]!.is_called).toBe(false)
  })
})
