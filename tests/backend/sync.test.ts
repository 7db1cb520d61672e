// The sync contract (docs/sync.md) through the unmodified supabase-js client and the local backend, as the
// app will call it: the secretary pushes a held theme day with attendance and pulls it back; a retried
// batch is applied once; an outdated app is told to update with PostgREST's error shape.
import { randomUUID } from 'node:crypto'
import type { PGlite } from '@electric-sql/pglite'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { LocalBackend } from '../../supabase/local/server'
import { DEMO, seededDb, signedIn, startLocalBackend } from './harness'

const SECRETARY_BRANCH = '20000000-0000-4000-8000-000000000001'
let db: PGlite
let backend: LocalBackend
let secretary: SupabaseClient
let member: SupabaseClient

beforeAll(async () => {
  db = await seededDb()
  backend = await startLocalBackend({ db, port: 0 })
  secretary = await signedIn(backend, DEMO.secretary)
  member = await signedIn(backend, DEMO.member)
})
afterAll(async () => {
  await backend?.close()
  await db?.close()
})

async function pullEverything(supabase: SupabaseClient, cursor: string | null = null) {
  const rows: { table: string; row: Record<string, unknown> }[] = []
  for (;;) {
    const { data, error } = await supabase.rpc('sync_pull', { p_schema_version: 1, p_cursor: cursor, p_limit: 1000 })
    if (error) throw error
    rows.push(...data.rows)
    cursor = data.cursor
    if (!data.has_more) return { rows, cursor }
  }
}

describe('sync through supabase-js and the local backend', () => {
  test('the secretary pushes a theme day with attendance and pulls it back', async () => {
    const { cursor } = await pullEverything(secretary)
    const { data: people } = await secretary.from('people').select('id').eq('branch_id', SECRETARY_BRANCH).limit(3)
    const activityId = randomUUID()
    const mutations = [
      { id: randomUUID(), table: 'activities', row: { id: activityId, branch_id: SECRETARY_BRANCH, kinds: ['theme_day', 'assembly'], title: '主题党日：学习新修订的条例', starts_at: new Date().toISOString(), status: 'held' } },
      ...people!.map((p) => ({ id: randomUUID(), table: 'attendance', row: { id: randomUUID(), activity_id: activityId, person_id: p.id, status: 'present' } })),
    ]
    const { data, error } = await secretary.rpc('sync_push', { p_schema_version: 1, p_mutations: mutations })
    expect(error).toBeNull()
    expect(data.results.map((r: { status: string }) => r.status)).toEqual(mutations.map(() => 'applied'))

    const { rows } = await pullEverything(secretary, cursor)
    expect(rows.filter((r) => r.table === 'activities').map((r) => r.row.title)).toEqual(['主题党日：学习新修订的条例'])
    expect(rows.filter((r) => r.table === 'attendance')).toHaveLength(3)

    // the retry of a batch whose answer was lost changes nothing
    const again = await secretary.rpc('sync_push', { p_schema_version: 1, p_mutations: mutations })
    expect(again.data).toEqual(data)
    expect((await pullEverything(secretary, cursor)).rows).toHaveLength(rows.length)
  })

  test('a member pulls the branch roster by name and the activities, but not the whole people rows', async () => {
    const { rows } = await pullEverything(member)
    const roster = rows.filter((r) => r.table === 'roster')
    expect(roster.length).toBe(30)
    expect(Object.keys(roster[0]!.row).sort()).toEqual(['branch_id', 'deleted_at', 'group_id', 'id', 'name', 'updated_at'])
    expect(rows.filter((r) => r.table === 'people')).toHaveLength(1) // their own row
    expect(rows.some((r) => r.table === 'activities')).toBe(true)
    expect(rows.some((r) => r.table === 'funding_matches')).toBe(false)
  })

  test('a write the server refuses comes back as a rejected result with the reason', async () => {
    const { data } = await member.rpc('sync_push', { p_schema_version: 1, p_mutations: [
      { id: randomUUID(), table: 'activities', row: { id: randomUUID(), branch_id: SECRETARY_BRANCH, kinds: ['lesson'], starts_at: new Date().toISOString() } },
    ] })
    expect(data.results[0]).toMatchObject({ status: 'rejected', code: '42501' })
  })

  test('an outdated app gets a PostgREST error telling it to update', async () => {
    const { error } = await secretary.rpc('sync_push', { p_schema_version: 0, p_mutations: [] })
    expect(error).toMatchObject({ code: 'P0001', hint: 'client_outdated' })
  })
})
