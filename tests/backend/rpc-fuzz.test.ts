// Bad input on every RPC (issue 15 item 6): property-based payloads — wrong types, nulls, huge strings, deep JSON,
// unknown and missing arguments, mutation batches with unknown tables and columns and duplicate ids — sent over
// HTTP to every function of the public schema, as the demo secretary and as anon. Every answer is a clear 4xx
// (PostgREST's status for the SQLSTATE, with a message) or a 2xx, never a 5xx, and a refused call changes nothing.
// The fixed seed makes a failure reproducible; it prints the function, payload and answer.
import type { PGlite } from '@electric-sql/pglite'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { signJwt } from '../../supabase/local/jwt'
import { ANON_KEY, JWT_SECRET } from '../../supabase/local/keys'
import type { LocalBackend } from '../../supabase/local/server'
import { serial } from '../../supabase/local/tx'
import { DEMO, seededDb, startLocalBackend, userId } from './harness'

const SEED = 20261204
const RUNS_PER_FUNCTION = 30
const RUNS_FOR_SYNC = 150 // sync_push and sync_pull: the doors every device uses, and the hardest to hit validly

let db: PGlite
let backend: LocalBackend
let secretaryToken: string
let functions: { name: string; args: { name: string; type: string }[] }[] = []
let realIds: string[] = []
const stats = { calls: 0, ok: 0, refused: new Map<number, number>() }
const perFunction = new Map<string, { calls: number; ok: number; refused: number }>()

async function superuser<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await serial(db, () => db.query<T>(sql, params))).rows
}

/** What a refused call must not change: every table's row count and newest sync position. */
async function fingerprint(): Promise<string> {
  const [row] = await superuser<{ f: string }>(`
    select string_agg(t.relname || ':' || t.n_live || ':' || coalesce(t.seq, ''), ',' order by t.relname) as f
      from (select c.relname,
                   (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from public.%I', c.relname), false, true, '')))[1]::text as n_live,
                   case when exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'sync_seq' and not a.attisdropped)
                        then (xpath('/row/m/text()', query_to_xml(format('select max(sync_seq) as m from public.%I', c.relname), false, true, '')))[1]::text end as seq
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = 'public' and c.relkind = 'r') t`)
  return row!.f
}

async function call(fn: string, body: unknown, token: string | null): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { apikey: ANON_KEY, 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ANON_KEY}` }
  const response = await fetch(`${backend.url}/rest/v1/rpc/${fn}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
  return { status: response.status, text: await response.text() }
}

const deep = (depth: number): unknown => (depth === 0 ? 1 : [deep(depth - 1)])

const BRANCH1 = '20000000-0000-4000-8000-000000000001' // the demo secretary's
/** A mutation the secretary may make: an activity of her branch, some fields possibly broken. */
const validActivity = fc.record({
  id: fc.uuid(), table: fc.constant('activities'), base_seq: fc.constant(null),
  row: fc.record({
    id: fc.uuid(), branch_id: fc.constantFrom(BRANCH1, BRANCH1, '20000000-0000-4000-8000-000000000002'),
    title: fc.oneof(fc.constant('支部委员会'), fc.string({ maxLength: 300 })), kinds: fc.oneof(fc.constant(['branch_meeting']), fc.jsonValue()),
    starts_at: fc.oneof(fc.constant('2026-11-02T01:00:00Z'), fc.string({ maxLength: 10 })), status: fc.constantFrom('planned', 'held', 'bogus'),
  }),
}).map((m) => ({ ...m, row: { ...m.row } }))

/** A value for an argument: often well-typed (real ids, plausible numbers), often not. */
function valueFor(type: string): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(
    fc.constant(null), fc.integer(), fc.double(), fc.boolean(), fc.string(), fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.constant('x'.repeat(200_000)), fc.constant(deep(2000)), fc.array(fc.jsonValue(), { maxLength: 4 }), fc.jsonValue(),
    fc.constant("'); drop table public.people; --"), fc.constant('\u0000'), fc.constant('9'.repeat(400)),
  )
  const right: Record<string, fc.Arbitrary<unknown>> = {
    uuid: fc.oneof(fc.constantFrom(...realIds), fc.uuid()),
    integer: fc.oneof(fc.constant(1), fc.integer({ min: -5, max: 3000 }), fc.constant(2026), fc.constant(2 ** 31)),
    text: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('member', 'secretary', 'reviewer', 'people', 'activities')),
    date: fc.oneof(fc.constant('2026-06-30'), fc.constant('2026-02-30'), fc.string({ maxLength: 12 })),
    interval: fc.oneof(fc.constant('1 day'), fc.constant('-1 year'), fc.constant('1000000 years')),
    jsonb: fc.oneof(fc.jsonValue(), fc.array(fc.oneof(validActivity, validActivity, fc.record({
      id: fc.uuid(), table: fc.constantFrom('people', 'activities', 'attendance', 'orgs', 'nope', 'pg_authid'),
      row: fc.dictionary(fc.constantFrom('id', 'branch_id', 'name', 'title', 'kinds', 'starts_at', 'sync_seq', 'xmin', 'evil"col'), fc.jsonValue()),
      base_seq: fc.oneof(fc.constant(null), fc.integer(), fc.string()),
    }, { requiredKeys: ['id', 'table'] })), { maxLength: 5 })),
  }
  const base = type.replace(/\[\]$/, '')
  const good = right[base] ?? fc.string()
  return type.endsWith('[]') ? fc.oneof(fc.array(good, { maxLength: 3 }), wrong) : fc.oneof(good, good, wrong)
}

function payloadFor(args: { name: string; type: string }[]): fc.Arbitrary<unknown> {
  const values = Object.fromEntries(args.map((a) => [a.name, valueFor(a.type)]))
  const named = fc.record(values)
  return fc.oneof(
    { weight: 6, arbitrary: named },
    { weight: 1, arbitrary: fc.record(values, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.tuple(named, fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue(), { maxKeys: 2 })).map(([a, b]) => ({ ...b, ...a })) },
    { weight: 1, arbitrary: fc.oneof(fc.constant('{"p_year": '), fc.constant('[]'), fc.constant('null'), fc.constant('"text"'), fc.constant(JSON.stringify(deep(3000)))) },
  )
}

beforeAll(async () => {
  db = await seededDb()
  backend = await startLocalBackend({ db })
  const sub = await userId(db, DEMO.secretary)
  secretaryToken = await signJwt({ sub, role: 'authenticated', aud: 'authenticated', email: DEMO.secretary, exp: Math.floor(Date.now() / 1000) + 3600 }, JWT_SECRET)
  functions = (await superuser<{ name: string; args: { name: string; type: string }[] }>(`
    select p.proname as name,
           coalesce((select json_agg(json_build_object('name', a.name, 'type', format_type(a.type, null)) order by a.ord)
                       from unnest(p.proargnames[1:p.pronargs], p.proargtypes::oid[]) with ordinality as a (name, type, ord)), '[]') as args
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public' and p.prokind = 'f' and has_function_privilege('authenticated', p.oid, 'EXECUTE')
       and (p.proname not like 'sync\\_%' or p.proname in ('sync_push', 'sync_pull'))
     order by 1`)).map((f) => ({ ...f, args: f.args.map((a) => ({ ...a, type: a.type.replace('timestamp with time zone', 'text') })) }))
  realIds = (await superuser<{ id: string }>(`select id from public.orgs union all (select id from public.people limit 5)
    union all (select id from public.activities limit 5) union all (select id from public.org_roles)`)).map((r) => r.id)
})

afterAll(async () => {
  console.log(`rpc fuzz: ${functions.length} functions × ${RUNS_PER_FUNCTION} payloads (${RUNS_FOR_SYNC} for sync_*; secretary or anon) = ${stats.calls} calls; `
    + `${stats.ok} answered 2xx; refused: ${[...stats.refused].sort().map(([s, n]) => `${s}×${n}`).join(', ')}`)
  console.table(Object.fromEntries(perFunction))
  await backend?.close()
  await db?.close()
})

describe('bad input on every RPC', () => {
  test('the public functions are all here', () => {
    console.log(`rpc fuzz: ${functions.map((f) => f.name).join(', ')}`)
    expect(functions.map((f) => f.name)).toEqual(expect.arrayContaining(['sync_push', 'sync_pull', 'claim_invite', 'revoke_role', 'branch_summaries']))
  })

  test('never a 5xx, always a message, and a refused call changes nothing', async () => {
    for (const fn of functions) {
      const mine = { calls: 0, ok: 0, refused: 0 }
      perFunction.set(fn.name, mine)
      await fc.assert(fc.asyncProperty(payloadFor(fn.args), fc.integer({ min: 0, max: 4 }).map((n) => n === 0), async (payload, asAnon) => {
        const before = await fingerprint()
        const answer = await call(fn.name, payload, asAnon ? null : secretaryToken)
        stats.calls += 1
        mine.calls += 1
        if (answer.status < 300) mine.ok += 1
        else mine.refused += 1
        const context = `${fn.name}(${JSON.stringify(payload)?.slice(0, 300)}) as ${asAnon ? 'anon' : 'secretary'} → ${answer.status} ${answer.text.slice(0, 300)}`
        expect(answer.status, context).toBeLessThan(500)
        if (answer.status < 300) {
          stats.ok += 1
          return
        }
        stats.refused.set(answer.status, (stats.refused.get(answer.status) ?? 0) + 1)
        expect(JSON.parse(answer.text), context).toHaveProperty('message', expect.any(String))
        expect(await fingerprint(), context).toBe(before)
      }), { seed: SEED, numRuns: fn.name.startsWith('sync_') ? RUNS_FOR_SYNC : RUNS_PER_FUNCTION, endOnFailure: true })
    }
  }, 240_000)
})

describe('the query-string parser', () => {
  const hostile = fc.oneof(
    fc.constantFrom('id);drop table public.people;--', 'name,(select 1)', '"id""; delete from public.people; --"', 'id::text',
      'x:id', '*,org_roles(*)', 'name.desc;select', 'in.(1);drop', 'eq.1 or 1=1', "eq.'; --", 'is.true;--', 'id.asc.nullsfirst,', '"'),
    fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }),
  )
  const key = fc.oneof(fc.constantFrom('select', 'order', 'limit', 'offset', 'or', 'and', 'not.or', 'id', 'name', 'branch_id', 'user_id', '"name"'), fc.string({ maxLength: 12 }))
  const value = fc.oneof(hostile, fc.tuple(fc.constantFrom('eq', 'neq', 'gt', 'lt', 'in', 'is', 'like', 'ilike', 'not.eq', 'cs', 'fts'), hostile).map(([op, v]) => `${op}.${v}`),
    fc.constant(`(${'('.repeat(500)}id.eq.1${')'.repeat(500)})`))

  test('hostile select, filter, order and logic strings are refused with a 4xx or read only what RLS allows', async () => {
    const [visible] = await superuser<{ n: number }>(`select count(*)::int as n from public.people p where p.branch_id in
      (select r.org_id from public.org_roles r join auth.users u on u.id = r.user_id where u.email = $1 and r.role = 'secretary')`, [DEMO.secretary])
    let calls = 0
    const before = await fingerprint()
    await fc.assert(fc.asyncProperty(fc.constantFrom('people', 'activities', 'org_roles', 'orgs'), fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 4 }),
      async (table, pairs) => {
        const qs = new URLSearchParams(pairs).toString()
        const response = await fetch(`${backend.url}/rest/v1/${table}?${qs}`, { headers: { apikey: ANON_KEY, Authorization: `Bearer ${secretaryToken}` } })
        const text = await response.text()
        calls += 1
        const context = `GET ${table}?${qs} → ${response.status} ${text.slice(0, 300)}`
        expect(response.status, context).toBeLessThan(500)
        if (response.status >= 400) expect(JSON.parse(text), context).toHaveProperty('message', expect.any(String))
        else if (table === 'people') expect((JSON.parse(text) as unknown[]).length, context).toBeLessThanOrEqual(visible!.n)
      }), { seed: SEED, numRuns: 150, endOnFailure: true })
    expect(await fingerprint()).toBe(before)
    console.log(`query-string fuzz: ${calls} reads`)
  }, 120_000)
})

