// public.org_changes (issue 14 item 2, supabase/migrations/20261201001300_org_admin.sql): reviewers read the audit of their
// subtree, secretaries that of their branch and its groups, nobody else; nobody writes it (the trigger on orgs
// does), not even the service role. public.org_change_list answers only for an org whose rows the caller reads.
import { describe, expect, it } from 'vitest'
import { useWorld } from './matrix'
import { as, attempt, expectDenied, ids, keyOf, type Key, type Who } from './world'

const db = useWorld()

// every org of the world has its 'create' row from the seed
const reads: [Who, Key[] | 'no-grant'][] = [
  ['anon', 'no-grant'],
  ['member', []],
  ['secretary', ['B1', 'G1', 'G2']],
  ['otherSecretary', ['B2']],
  ['reviewer', ['B1', 'B2', 'G1', 'G2', 'H']],
  ['otherReviewer', ['BX', 'X']],
  ['finance', []],
  ['stranger', []],
  ['service_role', ['B1', 'B2', 'BX', 'D', 'G1', 'G2', 'H', 'X']],
]
const everyone = reads.map(([who]) => who)

describe('public.org_changes: who reads which rows', () => {
  it.each(reads)('%s', (who, expected) => as(db(), who, async (tx) => {
    const r = await attempt<{ org_id: string }>(tx, 'select org_id from public.org_changes')
    if (expected === 'no-grant') return expectDenied(r, 'no-grant')
    expect(r.ok ? r.rows.map((x) => keyOf(x.org_id)).sort() : r).toEqual(expected)
  }))
})

describe('public.org_changes: nobody writes it directly', () => {
  it.each(everyone)('%s cannot insert, update or delete', (who) => as(db(), who, async (tx) => {
    expectDenied(await attempt(tx, `insert into public.org_changes (org_id, root_id, actor_role, action, after)
      values ($1, $2, 'authenticated', 'create', '{}')`, [ids.B1, ids.D]), 'no-grant')
    expectDenied(await attempt(tx, `update public.org_changes set after = '{}'`), 'no-grant')
    expectDenied(await attempt(tx, 'delete from public.org_changes'), 'no-grant')
  }))
})

describe('public.org_change_list', () => {
  const allowed: [Who, Key][] = [['reviewer', 'B2'], ['reviewer', 'H'], ['secretary', 'G1'], ['otherReviewer', 'BX'], ['service_role', 'X']]
  const refused: [Who, Key][] = [['member', 'B1'], ['finance', 'B1'], ['secretary', 'B2'], ['secretary', 'H'], ['otherReviewer', 'B1'], ['stranger', 'H']]

  it.each(allowed)('%s reads the history of %s', (who, key) => as(db(), who, async (tx) => {
    const r = await attempt<{ action: string }>(tx, 'select action from public.org_change_list($1)', [ids[key]])
    expect(r.ok ? r.rows.map((x) => x.action) : r).toEqual(['create'])
  }))
  it.each(refused)('%s is refused the history of %s', (who, key) => as(db(), who, async (tx) => {
    const r = await attempt(tx, 'select * from public.org_change_list($1)', [ids[key]])
    expect(r).toMatchObject({ ok: false, code: '42501' })
  }))
  it('anon has no grant', () => as(db(), 'anon', async (tx) => {
    expectDenied(await attempt(tx, 'select * from public.org_change_list($1)', [ids.H]), 'no-grant')
  }))
})
