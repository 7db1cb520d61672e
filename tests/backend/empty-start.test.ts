// `npm run backend -- --empty`: what it opens (openLocalDb without the seed, in a directory of its own) holds
// the schema and nothing else, and the set-up link it prints carries a fresh token from create_setup_token().
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { defaultDataDir, emptyDataDir, openLocalDb } from '../../supabase/local/db'
import { DEFAULT_APP_URL, createSetupLink } from '../../supabase/local/setup-link'

let dir: string
let db: PGlite | undefined
let notes: string[]

const count = async (sql: string) => Number((await db!.query<{ n: number }>(sql)).rows[0]!.n)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zhibu-empty-'))
  ;({ db, notes } = await openLocalDb(join(dir, 'pgdata-empty'), { seed: false }))
}, 120_000)

afterAll(async () => {
  await db?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('an empty project', () => {
  test('has its own data directory, beside the demo database', () => {
    expect(emptyDataDir).not.toBe(defaultDataDir)
    expect(emptyDataDir.endsWith(join('.local', 'pgdata-empty'))).toBe(true)
  })

  test('every migration applied, no seed: no orgs, no people, no users', async () => {
    expect(notes.some((n) => n.startsWith('applied ') && n.endsWith('.sql'))).toBe(true)
    expect(notes.join('\n')).not.toMatch(/seed/)
    expect(await count(`select count(*)::int as n from public.orgs`)).toBe(0)
    expect(await count(`select count(*)::int as n from public.people`)).toBe(0)
    expect(await count(`select count(*)::int as n from auth.users`)).toBe(0)
    expect(await count(`select count(*)::int as n from auth.identities`)).toBe(0)
  })

  test('reopened, it stays empty and says nothing about the seed', async () => {
    await db!.close()
    db = undefined
    const reopened = await openLocalDb(join(dir, 'pgdata-empty'), { seed: false })
    db = reopened.db
    expect(reopened.notes).toEqual([])
    expect(await count(`select count(*)::int as n from public.orgs`)).toBe(0)
  }, 60_000)

  test('the set-up link: the app dev URL /setup?token=<a fresh single-use token>, new on every start', async () => {
    const first = await createSetupLink(db!)
    const second = await createSetupLink(db!)
    if (!first.ok || !second.ok) throw new Error('no set-up link')
    expect(first.url).toBe(`${DEFAULT_APP_URL}/setup?token=${first.token}`)
    expect(DEFAULT_APP_URL).toBe('http://127.0.0.1:5173')
    expect(first.token).toMatch(/^[0-9a-f]{64}$/)
    expect(second.token).not.toBe(first.token)
    expect(await count(`select count(*)::int as n from private.setup_tokens where used_at is null and expires_at > now()`)).toBe(2)
    const other = await createSetupLink(db!, 'http://localhost:5174')
    expect(other.ok && other.url.startsWith('http://localhost:5174/setup?token=')).toBe(true)
  })

  test('without create_setup_token() the link is refused with a clear message, not a crash', async () => {
    await db!.exec(`drop function public.create_setup_token(interval)`)
    const link = await createSetupLink(db!)
    expect(link.ok).toBe(false)
    expect(!link.ok && link.message).toMatch(/create_setup_token\(\) is missing/)
  })
})
