// PostgREST table reads over the local backend, driven by the unmodified supabase-js client; expected
// rows come from the same SQL run directly as the same user.
import type { PGlite } from '@electric-sql/pglite'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { signJwt } from '../../supabase/local/jwt'
import { ANON_KEY, JWT_SECRET, SERVICE_ROLE_KEY } from '../../supabase/local/keys'
import type { LocalBackend } from '../../supabase/local/server'
import { serial } from '../../supabase/local/tx'
import { DEMO, asUser, client, seededDb, signedIn, startLocalBackend, userId } from './harness'

let db: PGlite
let backend: LocalBackend
let secretary: SupabaseClient
let secretaryId: string
let branchId: string

type Activity = { id: string; kinds: string[]; status: string; starts_at: string; group_id: string | null }

beforeAll(async () => {
  db = await seededDb()
  backend = await startLocalBackend({ db })
  secretary = await signedIn(backend, DEMO.secretary)
  secretaryId = await userId(db, DEMO.secretary)
  const { data, error } = await secretary.from('org_roles').select('org_id').eq('role', 'secretary').single()
  if (error) throw error
  branchId = data.org_id
})

afterAll(async () => {
  await backend?.close()
  await db?.close()
})

describe('reads', () => {
  test('filtered, ordered, limited rows as the secretary sees them under RLS', async () => {
    const { data, error, status } = await secretary
      .from('activities')
      .select('id,title')
      .eq('branch_id', branchId)
      .order('starts_at', { ascending: false })
      .order('id')
      .limit(5)
    expect(error).toBeNull()
    expect(status).toBe(200)
    const expected = await asUser(db, secretaryId,
      `select id, title from public.activities where branch_id = $1 order by starts_at desc, id limit 5`, [branchId])
    expect(expected).toHaveLength(5)
    expect(data).toEqual(expected)
  })

  test('.single() returns one object; several rows are 406 PGRST116; maybeSingle of none is null', async () => {
    const one = await secretary.from('orgs').select('id,kind,name').eq('id', branchId).single()
    expect(one.error).toBeNull()
    expect(one.data).toMatchObject({ id: branchId, kind: 'branch' })

    const many = await secretary.from('activities').select('id').eq('branch_id', branchId).single()
    expect(many.status).toBe(406)
    expect(many.error).toMatchObject({ code: 'PGRST116' })

    const none = await secretary.from('orgs').select('id').eq('id', '00000000-0000-0000-0000-000000000000').maybeSingle()
    expect(none).toMatchObject({ data: null, error: null })
  })

  test('count=exact: head-only, and with a range (206 Partial Content)', async () => {
    const n = (await asUser<{ n: number }>(db, secretaryId,
      `select count(*)::int as n from public.activities where branch_id = $1`, [branchId]))[0]!.n
    const head = await secretary.from('activities').select('*', { count: 'exact', head: true }).eq('branch_id', branchId)
    expect(head).toMatchObject({ error: null, count: n, data: null, status: 200 })

    const page = await secretary.from('activities').select('id', { count: 'exact' }).eq('branch_id', branchId).range(0, 4)
    expect(page.error).toBeNull()
    expect(page.data).toHaveLength(5)
    expect(page.count).toBe(n)
    expect(page.status).toBe(206)
  })

  test('filters: in, neq, gte/lt, is null, not is null, contains, or', async () => {
    const all = (await secretary.from('activities').select('id,kinds,status,starts_at,group_id').eq('branch_id', branchId)).data as Activity[]
    expect(all.length).toBeGreaterThan(10)
    const ids = (rows: { id: string }[] | null) => (rows ?? []).map((r) => r.id).sort()
    const where = (keep: (a: Activity) => boolean) => all.filter(keep).map((a) => a.id).sort()
    const base = () => secretary.from('activities').select('id').eq('branch_id', branchId)
    const middle = [...all].sort((a, b) => a.starts_at.localeCompare(b.starts_at))[Math.floor(all.length / 2)]!.starts_at

    expect(ids((await base().in('status', ['held', 'cancelled'])).data)).toEqual(where((a) => ['held', 'cancelled'].includes(a.status)))
    expect(ids((await base().neq('status', 'held')).data)).toEqual(where((a) => a.status !== 'held'))
    expect(ids((await base().gte('starts_at', middle)).data)).toEqual(where((a) => Date.parse(a.starts_at) >= Date.parse(middle)))
    expect(ids((await base().lt('starts_at', middle)).data)).toEqual(where((a) => Date.parse(a.starts_at) < Date.parse(middle)))
    expect(ids((await base().is('group_id', null)).data)).toEqual(where((a) => a.group_id === null))
    expect(ids((await base().not('group_id', 'is', null)).data)).toEqual(where((a) => a.group_id !== null))
    expect(ids((await base().contains('kinds', ['group'])).data)).toEqual(where((a) => a.kinds.includes('group')))
    expect(ids((await base().or('kinds.cs.{assembly},kinds.cs.{lesson}')).data)).toEqual(
      where((a) => a.kinds.includes('assembly') || a.kinds.includes('lesson')),
    )
    expect(where((a) => a.group_id !== null).length).toBeGreaterThan(0)
  })

  test('views are readable (roster) and the response is PostgREST JSON (timestamps with offset)', async () => {
    const { data, error } = await secretary.from('roster').select('id,name,updated_at').eq('branch_id', branchId).limit(1)
    expect(error).toBeNull()
    expect(data![0]!.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/)
  })
})

describe('refusals', () => {
  test('the anon key alone cannot read activities: 401 42501', async () => {
    const { data, error, status } = await client(backend).from('activities').select('id').limit(1)
    expect(data).toBeNull()
    expect(status).toBe(401)
    expect(error).toMatchObject({ code: '42501', message: 'permission denied for table activities' })
  })

  test('service_role bypasses RLS; a JWT for a role outside the API roles is refused', async () => {
    const service = client(backend, { Authorization: `Bearer ${SERVICE_ROLE_KEY}` })
    const { count, error } = await service.from('activities').select('*', { count: 'exact', head: true })
    expect(error).toBeNull()
    const total = await serial(db, () => db.query<{ n: number }>(`select count(*)::int as n from public.activities`))
    expect(count).toBe(total.rows[0]!.n)

    const superuser = await signJwt({ role: 'postgres', exp: Math.floor(Date.now() / 1000) + 60 }, JWT_SECRET)
    const escalation = await client(backend, { Authorization: `Bearer ${superuser}` }).from('activities').select('id')
    expect(escalation.status).toBe(403)
    expect(escalation.error).toMatchObject({ code: '42501' })
  })

  test('an unknown table is 404 PGRST205; an unknown column 400 42703', async () => {
    const table = await secretary.from('no_such_table').select('*')
    expect(table.status).toBe(404)
    expect(table.error).toMatchObject({ code: 'PGRST205' })
    const column = await secretary.from('activities').select('id,nope')
    expect(column.status).toBe(400)
    expect(column.error).toMatchObject({ code: '42703', message: 'column activities.nope does not exist' })
  })

  test('SQL in identifiers is rejected before anything runs; SQL in values is just a value', async () => {
    const before = (await asUser<{ n: number }>(db, secretaryId, `select count(*)::int as n from public.people`))[0]!.n
    const attempts = [
      secretary.from('activities').select('id,title;drop table public.people'),
      secretary.from('activities').select('id,(select 1)'),
      secretary.from('activities').select('id').order('starts_at; drop table public.people; --'),
      secretary.from('activities').select('id').eq('branch_id = branch_id or true; --', 'x'),
      secretary.from('activities; drop table public.people').select('id'),
    ]
    for (const attempt of attempts) {
      const { error, status } = await attempt
      expect([400, 404]).toContain(status)
      expect(['42703', 'PGRST100', 'PGRST205']).toContain(error!.code)
    }
    const value = await secretary.from('activities').select('id').eq('title', "x' or '1'='1")
    expect(value).toMatchObject({ error: null, data: [] })
    const after = (await asUser<{ n: number }>(db, secretaryId, `select count(*)::int as n from public.people`))[0]!.n
    expect(after).toBe(before)
  })

  test('only the public schema is exposed; tables are read-only here', async () => {
    const profile = await fetch(`${backend.url}/rest/v1/orgs?select=id`, { headers: { apikey: ANON_KEY, 'Accept-Profile': 'private' } })
    expect(profile.status).toBe(406)
    expect(await profile.json()).toMatchObject({ code: 'PGRST106' })
    const write = await secretary.from('orgs').insert({ kind: 'group', name: 'x', parent_id: branchId })
    expect(write.status).toBe(405)
  })
})

describe('HTTP', () => {
  test('CORS preflight echoes the requested headers and exposes Content-Range', async () => {
    const res = await fetch(`${backend.url}/rest/v1/activities`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'apikey,authorization,x-client-info,accept-profile,prefer',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(res.headers.get('access-control-allow-headers')).toBe('apikey,authorization,x-client-info,accept-profile,prefer')
    expect(res.headers.get('access-control-expose-headers')).toContain('Content-Range')
  })

  test('requests are serialised: concurrent reads all answer, each in its own transaction', async () => {
    const reviewer = await signedIn(backend, DEMO.reviewer)
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 3 === 0
          ? secretary.from('activities').select('id').eq('branch_id', branchId).limit(3)
          : i % 3 === 1
            ? reviewer.from('orgs').select('id').eq('kind', 'branch')
            : client(backend).from('activities').select('id').limit(1),
      ),
    )
    results.forEach((r, i) => expect(r.status).toBe(i % 3 === 2 ? 401 : 200))
    expect(results[0]!.data).toHaveLength(3)
    expect((results[1]!.data ?? []).length).toBeGreaterThan(0)
  })
})
