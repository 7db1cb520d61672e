// Organisation admin by reviewers (issue 14 item 2, supabase/migrations/20261201001300_org_admin.sql, decisions §28) in the RLS
// world (tests/sql/rls/world.ts): inside the subtree of their reviewer role they create, rename, move, set
// has_committee, delete an empty org and restore it; every rule is refused with its reason; every change leaves
// one org_changes row; the same works through sync_push/sync_pull; secretaries keep their old powers.
import type { Transaction } from '@electric-sql/pglite'
import type pg from 'pg'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDb } from './db'
import { createMigratedDatabase, postgresSkipReason, startCluster, type PgCluster } from './pg-server'
import { useWorld } from './rls/matrix'
import { asSuperuser, attempt, become, ids, rolledBack, type Attempt, type Who } from './rls/world'
import { ids as syncIds, mutation, pullAll, push, seedWorld, type Queryable } from './sync/setup'

const db = useWorld()

type Change = { org_id: string; actor: string | null; actor_role: string; at: string; action: string; before: unknown; after: Record<string, unknown> }
type OrgRow = { id: string; parent_id: string | null; name: string; path: string[]; has_committee: boolean; deleted_at: string | null }

async function make(tx: Transaction, parent: string, kind: string, name: string): Promise<Attempt<{ id: string }>> {
  return attempt<{ id: string }>(tx, 'insert into public.orgs (parent_id, kind, name) values ($1, $2, $3) returning id', [parent, kind, name])
}
async function made(tx: Transaction, parent: string, kind: string, name: string): Promise<string> {
  const r = await make(tx, parent, kind, name)
  if (!r.ok) throw new Error(`${name}: ${r.message}`)
  return r.rows[0]!.id
}
const set = (tx: Transaction, id: string, column: string, value: unknown) =>
  attempt(tx, `update public.orgs set ${column} = $1 where id = $2`, [value, id])
const del = (tx: Transaction, id: string) => attempt(tx, 'update public.orgs set deleted_at = now() where id = $1', [id])
const orgRow = (tx: Transaction, id: string) =>
  asSuperuser(tx, async () => (await tx.query<OrgRow>('select * from public.orgs where id = $1', [id])).rows[0]!)
const changes = (tx: Transaction, id: string) =>
  asSuperuser(tx, async () => (await tx.query<Change>('select * from public.org_changes where org_id = $1 and actor is not null order by id', [id])).rows)
const refused = (r: Attempt<unknown>, code: string, message: RegExp | string) => {
  expect(r.ok ? 'applied' : r.code, JSON.stringify(r)).toBe(code)
  expect(r.ok ? '' : r.message).toMatch(message)
}
const asWho = (who: Who, fn: (tx: Transaction) => Promise<void>) => rolledBack(db(), async (tx) => { await become(tx, who); await fn(tx) })

describe('a reviewer within its subtree', () => {
  test('creates a committee, a branch and a group; names are cleaned; each leaves a create row', () => asWho('reviewer', async (tx) => {
    const c = await made(tx, ids.H, 'committee', ' 内科总支 ')
    const b = await made(tx, c, 'branch', '　内科　 第二党支部  ')
    const g = await made(tx, b, 'group', '第一党小组')
    expect((await orgRow(tx, b)).name).toBe('内科 第二党支部')
    expect((await orgRow(tx, g)).path).toEqual([ids.D, ids.H, c, b, g])
    const [row] = await changes(tx, b)
    expect(row).toMatchObject({ actor: ids.user.reviewer, actor_role: 'authenticated', action: 'create', before: null })
    expect(row!.after).toMatchObject({ parent_id: c, kind: 'branch', name: '内科 第二党支部', path: [ids.D, ids.H, c, b] })
    const now = (await tx.query<{ t: string }>('select now() as t')).rows[0]!.t
    expect(new Date(row!.at).getTime()).toBe(new Date(now).getTime())
  }))

  test('renames, sets has_committee, and moves a branch with its groups (one move row, children re-pathed)', () => asWho('reviewer', async (tx) => {
    const c = await made(tx, ids.H, 'committee', '内科总支')
    expect(await set(tx, ids.B2, 'name', '外科第一党支部')).toMatchObject({ ok: true, affected: 1 })
    expect(await set(tx, ids.B2, 'has_committee', true)).toMatchObject({ ok: true, affected: 1 })
    expect(await set(tx, ids.B1, 'parent_id', c)).toMatchObject({ ok: true, affected: 1 })
    expect((await orgRow(tx, ids.G1)).path).toEqual([ids.D, ids.H, c, ids.B1, ids.G1])
    expect((await changes(tx, ids.B2)).map((r) => [r.action, r.before, r.after])).toEqual([
      ['rename', { name: '外科党支部' }, { name: '外科第一党支部' }],
      ['set_committee', { has_committee: false }, { has_committee: true }],
    ])
    expect((await changes(tx, ids.B1)).map((r) => [r.action, r.before, r.after])).toEqual([
      ['move', { parent_id: ids.H, path: [ids.D, ids.H, ids.B1] }, { parent_id: c, path: [ids.D, ids.H, c, ids.B1] }],
    ])
    expect(await changes(tx, ids.G1)).toEqual([])
  }))

  test('a group moves to another branch only when nobody is in it', () => asWho('reviewer', async (tx) => {
    refused(await set(tx, ids.G2, 'parent_id', ids.B2), '23514', /move its members out first/)
    const g = await made(tx, ids.B1, 'group', '空小组')
    expect(await set(tx, g, 'parent_id', ids.B2)).toMatchObject({ ok: true, affected: 1 })
    expect((await orgRow(tx, g)).path).toEqual([ids.D, ids.H, ids.B2, g])
  }))

  test('deletes an empty org and restores it, each with its row', () => asWho('reviewer', async (tx) => {
    const b = await made(tx, ids.H, 'branch', '临时支部')
    expect(await del(tx, b)).toMatchObject({ ok: true, affected: 1 })
    refused(await set(tx, b, 'name', '改名'), '55000', /restore it first/)
    expect(await set(tx, b, 'deleted_at', null)).toMatchObject({ ok: true, affected: 1 })
    expect((await changes(tx, b)).map((r) => r.action)).toEqual(['create', 'delete', 'restore'])
    expect((await changes(tx, b))[1]!.after.deleted_at).not.toBeNull()
  }))

  test('the name of a deleted sibling is free again; restoring it then clashes', () => asWho('reviewer', async (tx) => {
    const b = await made(tx, ids.H, 'branch', '临时支部')
    await del(tx, b)
    const again = await made(tx, ids.H, 'branch', '临时支部')
    expect(again).not.toBe(b)
    refused(await set(tx, b, 'deleted_at', null), '23505', /already called 临时支部/)
  }))

  test('a child cannot be restored under a deleted parent', () => asWho('reviewer', async (tx) => {
    const b = await made(tx, ids.H, 'branch', '临时支部')
    const g = await made(tx, b, 'group', '临时小组')
    await del(tx, g)
    await del(tx, b)
    refused(await set(tx, g, 'deleted_at', null), '23514', /parent organisation has been deleted/)
    refused(await make(tx, b, 'group', '新小组'), '23514', /parent organisation has been deleted/)
  }))

  test('nobody is placed in a deleted group', () => rolledBack(db(), async (tx) => {
    await become(tx, 'reviewer')
    const g = await made(tx, ids.B1, 'group', '空小组')
    await del(tx, g)
    await become(tx, 'secretary')
    refused(await attempt(tx, 'update public.people set group_id = $1 where id = $2', [g, ids.pSpare]), '23514', /has been deleted/)
  }))
})

describe('what a reviewer is refused, with the reason', () => {
  test.each<[string, (tx: Transaction) => Promise<Attempt<unknown>>, string, RegExp]>([
    ['creating outside its subtree', (tx) => make(tx, ids.X, 'branch', '新支部'), '42501', /row-level security/],
    ['moving a branch out of its subtree', (tx) => set(tx, ids.B2, 'parent_id', ids.X), '42501', /only move within your subtree/],
    ['moving its own committee', (tx) => set(tx, ids.H, 'parent_id', ids.X), '42501', /you review cannot be moved/],
    ['making a top-level committee', (tx) => set(tx, ids.H, 'parent_id', null), '42501', /committee office/],
    ['moving a committee into its own descendant', async (tx) => {
      const c = await made(tx, ids.H, 'committee', '总支')
      const inner = await made(tx, c, 'committee', '分总支')
      return set(tx, c, 'parent_id', inner)
    }, '23514', /its own ancestor/],
    ['a branch under a branch', (tx) => make(tx, ids.B1, 'branch', '子支部'), '23514', /branch must belong to a committee/],
    ['an empty name', (tx) => make(tx, ids.H, 'branch', ' 　 '), '23514', /needs a name/],
    ['a name over 60 characters', (tx) => make(tx, ids.H, 'branch', '党'.repeat(61)), '23514', /at most 60 characters/],
    ['a duplicate name', (tx) => make(tx, ids.H, 'branch', '外科党支部'), '23505', /already called/],
    ['a duplicate up to spaces', (tx) => make(tx, ids.H, 'branch', ' 外科 党支部 '), '23505', /already called/],
    ['a duplicate up to case', async (tx) => { await made(tx, ids.H, 'branch', 'ICU党支部'); return make(tx, ids.H, 'branch', 'icu 党支部') }, '23505', /already called/],
    ['renaming onto a sibling', (tx) => set(tx, ids.G1, 'name', '第二党小组'), '23505', /already called 第二党小组/],
    ['deleting a branch with people', (tx) => del(tx, ids.B2), '2BP01', /only an empty organisation can be deleted; this one has 2 people/],
    ['deleting a group with a member', (tx) => del(tx, ids.G1), '2BP01', /has 1 people/],
    ['deleting its committee', (tx) => del(tx, ids.H), '2BP01', /2 live child organisation\(s\).*live role\(s\)/],
  ])('%s', (_name, run, code, message) => asWho('reviewer', async (tx) => {
    refused(await run(tx), code, message)
  }))

  test('exactly 60 characters is fine; an org of another tree is invisible', () => asWho('reviewer', async (tx) => {
    await made(tx, ids.H, 'branch', '党'.repeat(60))
    expect(await set(tx, ids.BX, 'name', '改名')).toMatchObject({ ok: true, affected: 0 })
    expect(await del(tx, ids.BX)).toMatchObject({ ok: true, affected: 0 })
  }))

  test('a refused change leaves no audit row', () => asWho('reviewer', async (tx) => {
    await del(tx, ids.B2)
    await set(tx, ids.B2, 'parent_id', ids.X)
    expect(await changes(tx, ids.B2)).toEqual([])
  }))

  test('finance and members change nothing', async () => {
    for (const who of ['finance', 'member'] as const) {
      await asWho(who, async (tx) => {
        refused(await make(tx, ids.H, 'branch', '新支部'), '42501', /row-level security/)
        expect(await set(tx, ids.B2, 'name', '改名')).toMatchObject({ ok: true, affected: 0 })
      })
    }
  })
})

describe('secretaries keep exactly their old powers', () => {
  test('create, rename, delete and restore a group of their branch (even with people), set has_committee; each audited', () => asWho('secretary', async (tx) => {
    const g = await made(tx, ids.B1, 'group', '第三党小组')
    expect(await set(tx, g, 'name', '第三小组')).toMatchObject({ ok: true, affected: 1 })
    expect(await del(tx, ids.G1)).toMatchObject({ ok: true, affected: 1 })
    expect(await set(tx, ids.G1, 'deleted_at', null)).toMatchObject({ ok: true, affected: 1 })
    expect(await set(tx, ids.B1, 'has_committee', false)).toMatchObject({ ok: true, affected: 1 })
    expect((await changes(tx, g)).map((r) => [r.action, r.actor])).toEqual([['create', ids.user.secretary], ['rename', ids.user.secretary]])
    expect((await changes(tx, ids.G1)).map((r) => r.action)).toEqual(['delete', 'restore'])
  }))

  test.each<[string, (tx: Transaction) => Promise<Attempt<unknown>>, string]>([
    ['create a branch', (tx) => make(tx, ids.H, 'branch', '新支部'), '42501'],
    ['rename their branch', (tx) => set(tx, ids.B1, 'name', '改名'), '42501'],
    ['delete their branch', (tx) => del(tx, ids.B1), '42501'],
    ['move a group within their branch tree', (tx) => set(tx, ids.G1, 'parent_id', ids.B2), '42501'],
    ['take a duplicate group name', (tx) => make(tx, ids.B1, 'group', '第一 党小组'), '23505'],
  ])('cannot %s', (_name, run, code) => asWho('secretary', async (tx) => {
    expect(await run(tx)).toMatchObject({ ok: false, code })
  }))
})

describe('public.org_change_list', () => {
  test('newest first, with the actor named and is_me', () => asWho('reviewer', async (tx) => {
    await set(tx, ids.B2, 'name', '外科一支部')
    await set(tx, ids.B2, 'has_committee', true)
    const { rows } = await tx.query<{ action: string; actor: string; is_me: boolean }>('select * from public.org_change_list($1)', [ids.B2])
    expect(rows.map((r) => [r.action, r.actor, r.is_me])).toEqual([
      ['set_committee', 'reviewer@example.org', true], ['rename', 'reviewer@example.org', true], ['create', null, false], // the world's seed
    ])
  }))
})

// ---------------------------------------------------------------------------------------------------------
// Through sync: the reviewer's device pushes org rows like any other table and pulls them back
// ---------------------------------------------------------------------------------------------------------
const reviewer = '00000000-0000-4000-8000-00000000a009'
async function seedReviewer(q: Queryable): Promise<void> {
  await seedWorld(q)
  await q.query(`insert into auth.users (id, email) values ($1, 'r@test')`, [reviewer])
  await q.query(`insert into public.org_roles (user_id, org_id, role) values ($1, $2, 'reviewer')`, [reviewer, syncIds.committee])
}

async function syncStory(q: Queryable): Promise<void> {
  const before = await pullAll(q, reviewer)
  const secretaryScope = (await pullAll(q, syncIds.secretary)).scope
  const c = randomUUID(), b = randomUUID(), g = randomUUID()
  const results = await push(q, reviewer, [
    mutation('orgs', { id: c, parent_id: syncIds.committee, kind: 'committee', name: '内科总支', has_committee: false, deleted_at: null }),
    mutation('orgs', { id: b, parent_id: c, kind: 'branch', name: ' 内科　第三党支部 ', has_committee: false, deleted_at: null }),
    mutation('orgs', { id: g, parent_id: b, kind: 'group', name: '第一党小组', has_committee: false, deleted_at: null }),
    mutation('orgs', { id: randomUUID(), parent_id: c, kind: 'branch', name: '内科第三党支部', has_committee: false, deleted_at: null }),
    mutation('orgs', { id: b, has_committee: true }),
    mutation('orgs', { id: syncIds.b1, parent_id: c }),
    mutation('orgs', { id: syncIds.b2, deleted_at: new Date().toISOString() }),
  ])
  expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'rejected', 'applied', 'applied', 'rejected'])
  expect(results[3]).toMatchObject({ code: '23505' })
  expect(results[6]).toMatchObject({ code: '2BP01' })
  expect(results[6]!.reason).toMatch(/1 people/)

  const after = await pullAll(q, reviewer, before.cursor)
  const pulled = new Map(after.rows.filter((r) => r.table === 'orgs').map((r) => [r.row.id as string, r.row]))
  expect(pulled.get(b)).toMatchObject({ name: '内科 第三党支部', has_committee: true, parent_id: c })
  expect(pulled.get(g)).toMatchObject({ path: [syncIds.committee, c, b, g] })
  expect(pulled.get(syncIds.b1)).toMatchObject({ parent_id: c, path: [syncIds.committee, c, syncIds.b1] })
  expect(after.scope).toBe(before.scope) // nothing moved into or out of the reviewer's subtree
  expect((await pullAll(q, syncIds.secretary)).scope).not.toBe(secretaryScope) // b1 itself moved: a full pull

  const { rows } = await q.query(
    `select org_id, action, actor from public.org_changes where actor = $1 order by id`, [reviewer])
  expect((rows as { org_id: string; action: string }[]).map((r) => [r.org_id, r.action])).toEqual([
    [c, 'create'], [b, 'create'], [g, 'create'], [b, 'set_committee'], [syncIds.b1, 'move'],
  ])
}

describe('through sync_push and sync_pull (PGlite)', () => {
  test('a reviewer creates, sets has_committee and moves; refusals carry the reason; the pull has it all', async () => {
    const q = await createDb()
    try {
      await seedReviewer(q)
      await syncStory(q)
    } finally {
      await q.close()
    }
  })
})

const skip = postgresSkipReason()
describe.skipIf(skip)('the same on PostgreSQL 15', () => {
  let cluster: PgCluster
  let client: pg.Client
  beforeAll(async () => {
    cluster = await startCluster()
    await createMigratedDatabase(cluster, 'zhibu_org_admin')
    client = await cluster.connect('zhibu_org_admin')
    await seedReviewer(client)
  })
  afterAll(async () => {
    await client?.end()
    cluster?.stop()
  })

  test('the sync story, names cleaned by the same regular expressions', () => syncStory(client))
})
