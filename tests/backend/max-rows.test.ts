// PostgREST's max_rows over the local backend: table reads and set-returning functions answer at most
// max_rows rows per request (min(limit, max_rows), offset kept, Content-Range and 206 as PostgREST), so a
// screen that silently loses rows past the cap on a real project loses them here too. Driven by the real
// supabase-js; a wrapping fetch records each response's Content-Range.
import { readFileSync } from 'node:fs'
import type { PGlite } from '@electric-sql/pglite'
import { type SupabaseClient, createClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import ws from 'ws'
import { SUPABASE_DEFAULT_MAX_ROWS, configPath, configuredMaxRows, tomlInteger } from '../../supabase/local/config'
import { ANON_KEY, DEMO_PASSWORD } from '../../supabase/local/keys'
import type { LocalBackend } from '../../supabase/local/server'
import { DEMO, asUser, seededWith, startLocalBackend, userId } from './harness'

const MAX_ROWS = 5

let db: PGlite
let backend: LocalBackend
let secretary: Recorded
let reviewer: Recorded
let secretaryId: string
let reviewerId: string
let branchId: string
let year: number
let asOf: string

/** Reads page after page of max_rows until a short page, as a client that knows the cap does. */
async function everyPage(read: (from: number, to: number) => PromiseLike<{ data: unknown[] | null; error: unknown }>): Promise<unknown[]> {
  const rows: unknown[] = []
  for (let from = 0; ; from += MAX_ROWS) {
    const { data, error } = await read(from, from + MAX_ROWS - 1)
    expect(error).toBeNull()
    rows.push(...data!)
    if (data!.length < MAX_ROWS) return rows
  }
}

const TEST_FUNCTIONS = `
  create sequence public.zz_ticks;
  select setval('public.zz_ticks', 100);
  create function public.zz_series(n int) returns setof int language sql stable as $$ select generate_series(1, n) $$;
  create function public.zz_tick(n int) returns setof bigint language sql volatile
    as $$ select nextval('public.zz_ticks') from generate_series(1, n) $$;
  create function public.zz_ticks_so_far() returns bigint language sql volatile
    as $$ select last_value from public.zz_ticks $$;
  create function public.zz_array(n int) returns int[] language sql immutable as $$ select array(select generate_series(1, n)) $$;
  create function public.zz_json(n int) returns jsonb language sql immutable
    as $$ select jsonb_agg(jsonb_build_object('i', g) order by g) from generate_series(1, n) g $$;
  create function public.zz_array_length(n int) returns int language sql immutable as $$ select n $$;
  create function public.zz_pair(n int) returns table (n int, label text) language sql stable
    as $$ select n, 'pair ' || n $$;
`

interface Recorded {
  supabase: SupabaseClient
  /** Content-Range of the latest response. */
  range(): string | null
}

/** supabase-js as the app creates it, with a fetch that remembers the last Content-Range header. */
async function recorded(server: LocalBackend, email: string): Promise<Recorded> {
  let last: string | null = null
  const supabase = createClient(server.url, ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
    global: {
      fetch: async (input, init) => {
        const response = await fetch(input, init)
        last = response.headers.get('content-range')
        return response
      },
    },
  })
  const { error } = await supabase.auth.signInWithPassword({ email, password: DEMO_PASSWORD })
  if (error) throw error
  return { supabase, range: () => last }
}

beforeAll(async () => {
  ;({ db, year, asOf } = await seededWith(TEST_FUNCTIONS))
  backend = await startLocalBackend({ db, maxRows: MAX_ROWS })
  secretary = await recorded(backend, DEMO.secretary)
  reviewer = await recorded(backend, DEMO.reviewer)
  secretaryId = await userId(db, DEMO.secretary)
  reviewerId = await userId(db, DEMO.reviewer)
  const { data, error } = await secretary.supabase.from('org_roles').select('org_id').eq('role', 'secretary').single()
  if (error) throw error
  branchId = data.org_id
})

afterAll(async () => {
  await backend?.close()
  await db?.close()
})

async function branchActivities(): Promise<{ id: string }[]> {
  return asUser<{ id: string }>(db, secretaryId, `select id from public.activities where branch_id = $1 order by id`, [branchId])
}

const activities = () => secretary.supabase.from('activities').select('id').eq('branch_id', branchId).order('id')

describe('table reads', () => {
  test('a read of more rows than max_rows returns exactly max_rows, Content-Range 0-4/*', async () => {
    const all = await branchActivities()
    expect(all.length).toBeGreaterThan(2 * MAX_ROWS)
    const { data, error, status, count } = await activities()
    expect(error).toBeNull()
    expect(status).toBe(200)
    expect(count).toBeNull()
    expect(data).toEqual(all.slice(0, MAX_ROWS))
    expect(secretary.range()).toBe('0-4/*')
  })

  test('count=exact: the total of all matching rows, Content-Range 0-4/<n>, 206 Partial Content', async () => {
    const all = await branchActivities()
    const { data, error, status, count } = await secretary.supabase
      .from('activities').select('id', { count: 'exact' }).eq('branch_id', branchId).order('id')
    expect(error).toBeNull()
    expect(data).toEqual(all.slice(0, MAX_ROWS))
    expect(count).toBe(all.length)
    expect(status).toBe(206)
    expect(secretary.range()).toBe(`0-4/${all.length}`)

    const head = await secretary.supabase.from('activities').select('*', { count: 'exact', head: true }).eq('branch_id', branchId)
    expect(head).toMatchObject({ error: null, data: null, count: all.length })
    expect(secretary.range()).toBe(`0-4/${all.length}`)
  })

  test('.range(5, 9) gives the next five; paging with .range() reads every row', async () => {
    const all = await branchActivities()
    const next = await activities().range(5, 9)
    expect(next.error).toBeNull()
    expect(next.data).toEqual(all.slice(5, 10))
    expect(secretary.range()).toBe('5-9/*')

    // A range wider than the cap is cut to max_rows from its start: the offset is kept.
    const wide = await activities().range(3, 100)
    expect(wide.data).toEqual(all.slice(3, 3 + MAX_ROWS))
    expect(secretary.range()).toBe('3-7/*')

    expect(await everyPage((from, to) => activities().range(from, to))).toEqual(all)
  })

  test('a limit below max_rows is honoured, one above it is capped', async () => {
    const all = await branchActivities()
    const below = await activities().limit(3)
    expect(below.data).toEqual(all.slice(0, 3))
    expect(secretary.range()).toBe('0-2/*')

    const above = await activities().limit(50)
    expect(above.data).toEqual(all.slice(0, MAX_ROWS))
    expect(secretary.range()).toBe('0-4/*')

    const exact = await secretary.supabase.from('activities').select('id', { count: 'exact' }).eq('branch_id', branchId).order('id').limit(50)
    expect(exact).toMatchObject({ status: 206, count: all.length })
    expect(exact.data).toHaveLength(MAX_ROWS)
  })

  test('a read that fits under the cap is whole: 200 with count=exact', async () => {
    const { data, status, count } = await secretary.supabase.from('orgs').select('id', { count: 'exact' }).eq('id', branchId)
    expect(data).toHaveLength(1)
    expect(status).toBe(200)
    expect(count).toBe(1)
    expect(secretary.range()).toBe('0-0/1')
  })
})

describe('set-returning functions', () => {
  const completeness = () => reviewer.supabase.rpc('branch_completeness', { p_year: year, p_as_of: asOf })

  async function expectedCompleteness(): Promise<unknown[]> {
    return asUser(db, reviewerId, `select * from public.branch_completeness($1, $2::date)`, [year, asOf])
  }

  test('branch_completeness as the reviewer is capped at max_rows, POST and GET', async () => {
    const all = await expectedCompleteness()
    expect(all.length).toBeGreaterThan(2 * MAX_ROWS)

    const post = await completeness()
    expect(post.error).toBeNull()
    expect(post.status).toBe(200)
    expect(post.data).toEqual(all.slice(0, MAX_ROWS))
    expect(reviewer.range()).toBe('0-4/*')

    const get = await reviewer.supabase.rpc('branch_completeness', { p_year: year, p_as_of: asOf }, { get: true })
    expect(get.error).toBeNull()
    expect(get.data).toEqual(all.slice(0, MAX_ROWS))
    expect(reviewer.range()).toBe('0-4/*')

    const limited = await completeness().limit(2)
    expect(limited.data).toEqual(all.slice(0, 2))
    expect((await completeness().limit(500)).data).toEqual(all.slice(0, MAX_ROWS))
  })

  test('count=exact on a set-returning function: 0-4/<n> and 206; .range() pages through every row', async () => {
    const all = await expectedCompleteness()
    const counted = await reviewer.supabase.rpc('branch_completeness', { p_year: year, p_as_of: asOf }, { count: 'exact' })
    expect(counted.error).toBeNull()
    expect(counted).toMatchObject({ status: 206, count: all.length })
    expect(counted.data).toEqual(all.slice(0, MAX_ROWS))
    expect(reviewer.range()).toBe(`0-4/${all.length}`)

    const second = await completeness().range(5, 9)
    expect(second.data).toEqual(all.slice(5, 10))
    expect(reviewer.range()).toBe('5-9/*')

    const viaGet = await reviewer.supabase.rpc('branch_completeness', { p_year: year, p_as_of: asOf }, { get: true }).range(5, 9)
    expect(viaGet.data).toEqual(all.slice(5, 10))

    expect(await everyPage((from, to) => completeness().range(from, to))).toEqual(all)
  })

  test('filters apply before the cap: the count is of the filtered rows', async () => {
    const all = (await expectedCompleteness()) as { kind: string }[]
    const lessons = all.filter((r) => r.kind === 'lesson')
    const { data, count } = await reviewer.supabase
      .rpc('branch_completeness', { p_year: year, p_as_of: asOf }, { count: 'exact' }).eq('kind', 'lesson')
    expect(count).toBe(lessons.length)
    expect(data).toEqual(lessons.slice(0, MAX_ROWS))
  })

  test('setof scalar: capped, paged with .range(), counted', async () => {
    const s = secretary.supabase
    expect((await s.rpc('zz_series', { n: 12 })).data).toEqual([1, 2, 3, 4, 5])
    expect(secretary.range()).toBe('0-4/*')
    expect((await s.rpc('zz_series', { n: 12 }).range(5, 9)).data).toEqual([6, 7, 8, 9, 10])
    expect(secretary.range()).toBe('5-9/*')
    expect((await s.rpc('zz_series', { n: 12 }, { get: true }).range(10, 14)).data).toEqual([11, 12])
    expect(secretary.range()).toBe('10-11/*')
    expect((await s.rpc('zz_series', { n: 12 }).limit(2)).data).toEqual([1, 2])

    const counted = await s.rpc('zz_series', { n: 12 }, { count: 'exact' })
    expect(counted).toMatchObject({ status: 206, count: 12, data: [1, 2, 3, 4, 5] })
    expect(secretary.range()).toBe('0-4/12')
    const whole = await s.rpc('zz_series', { n: 3 }, { count: 'exact' })
    expect(whole).toMatchObject({ status: 200, count: 3, data: [1, 2, 3] })
  })

  test('a volatile set-returning function counted with count=exact runs once', async () => {
    const before = Number((await secretary.supabase.rpc('zz_ticks_so_far')).data)
    const counted = await secretary.supabase.rpc('zz_tick', { n: 8 }, { count: 'exact' })
    expect(counted.error).toBeNull()
    expect(counted).toMatchObject({ status: 206, count: 8 })
    expect(counted.data).toHaveLength(MAX_ROWS)
    const after = Number((await secretary.supabase.rpc('zz_ticks_so_far')).data)
    expect(after - before).toBe(8)
  })

  test('a set-returning function under the cap is whole: 200 with count=exact', async () => {
    const { data, status } = await secretary.supabase.rpc('zz_pair', { n: 7 }, { count: 'exact' })
    expect(status).toBe(200)
    expect(data).toEqual([{ n: 7, label: 'pair 7' }])
    expect(secretary.range()).toBe('0-0/1')
  })
})

describe('functions that return one value', () => {
  test('are not capped: an array, a jsonb array of many rows, a scalar', async () => {
    const array = await secretary.supabase.rpc('zz_array', { n: 20 })
    expect(array.error).toBeNull()
    expect(array.data).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))

    // jsonb holding many rows (as sync_pull answers) is one value.
    const json = await secretary.supabase.rpc('zz_json', { n: 20 })
    expect(json.error).toBeNull()
    expect(json.data).toHaveLength(20)
    expect(json.data[19]).toEqual({ i: 20 })

    expect((await secretary.supabase.rpc('zz_array_length', { n: 20 })).data).toBe(20)
  })
})

describe('the default max_rows', () => {
  test('read from supabase/config.toml [api] max_rows: 1000', () => {
    const text = readFileSync(configPath, 'utf8')
    expect(tomlInteger(text, 'api', 'max_rows')).toBe(1000)
    expect(configuredMaxRows()).toBe(1000)
  })

  test('the tiny TOML reader: sections, comments, absence', () => {
    const text = [
      '# max_rows = 1',
      'max_rows = 2',
      '[db]',
      'max_rows = 3',
      '[api] # the API',
      'enabled = true',
      'max_rows = 1_500 # rows',
      '[auth]',
      'max_rows = 4',
    ].join('\n')
    expect(tomlInteger(text, 'api', 'max_rows')).toBe(1500)
    expect(tomlInteger(text, 'db', 'max_rows')).toBe(3)
    expect(tomlInteger(text, 'api', 'port')).toBeUndefined()
    expect(tomlInteger('[api]\nport = 54321\n', 'api', 'max_rows')).toBeUndefined()
    expect(() => tomlInteger('[api]\nmax_rows = "many"\n', 'api', 'max_rows')).toThrow(/integer/)
    expect(configuredMaxRows('/nonexistent/config.toml')).toBe(SUPABASE_DEFAULT_MAX_ROWS)
  })

  test('a backend started without maxRows caps at the configured 1000; null lifts the cap', async () => {
    const byDefault = await startLocalBackend({ db })
    const unlimited = await startLocalBackend({ db, maxRows: null })
    try {
      const s = await recorded(byDefault, DEMO.secretary)
      const capped = await s.supabase.rpc('zz_series', { n: 1500 }, { count: 'exact' })
      expect(capped).toMatchObject({ status: 206, count: 1500 })
      expect(capped.data).toHaveLength(1000)
      expect(s.range()).toBe('0-999/1500')
      const rest = await s.supabase.rpc('zz_series', { n: 1500 }).range(1000, 1999)
      expect(rest.data).toEqual(Array.from({ length: 500 }, (_, i) => i + 1001))

      const u = await recorded(unlimited, DEMO.secretary)
      expect((await u.supabase.rpc('zz_series', { n: 1500 })).data).toHaveLength(1500)
      expect(u.range()).toBe('0-1499/*')
    } finally {
      await byDefault.close()
      await unlimited.close()
    }
  })

  test('maxRows must be a whole number', async () => {
    await expect(startLocalBackend({ db, maxRows: -1 })).rejects.toThrow(/maxRows/)
    await expect(startLocalBackend({ db, maxRows: 2.5 })).rejects.toThrow(/maxRows/)
  })
})
