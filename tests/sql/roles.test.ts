// Roles over time (issue 14 item 4; supabase/migrations/*_org_admin.sql, *_onboarding.sql) in the RLS world
// (tests/sql/rls/world.ts): who granted a role and when is kept, reviewers above an org list and revoke its
// roles, 换届 hands a role over when the new holder claims the invite, and a revoked secretary's device gets
// no more of the branch and an explained refusal for its pending writes.
import type { Transaction } from '@electric-sql/pglite'
import { describe, expect, test } from 'vitest'
import { useWorld } from './rls/matrix'
import { attempt, become, ids, rolledBack, type Who } from './rls/world'

const db = useWorld()

type Invite = { id: string; code: string; expires_at: string }
type Listed = {
  id: string; role: string; holder: string; email: string; granted_at: string; granted_by: string | null
  revoked_at: string | null; revoked_by: string | null; is_me: boolean
}

async function inviteRole(tx: Transaction, who: Who, org: string, role: string, name: string | null = null, replaces: string | null = null) {
  await become(tx, who)
  return attempt<Invite>(tx, 'select * from public.invite_role($1, $2, $3, $4)', [org, role, name, replaces])
}
async function claim(tx: Transaction, who: Who, code: string): Promise<void> {
  await become(tx, who)
  await tx.query('select * from public.claim_invite($1)', [code])
}
async function list(tx: Transaction, who: Who, org: string) {
  await become(tx, who)
  return attempt<Listed>(tx, 'select * from public.org_role_list($1)', [org])
}
async function revoke(tx: Transaction, who: Who, roleId: string) {
  await become(tx, who)
  return attempt<{ revoked: string }>(tx, 'select public.revoke_role($1) as revoked', [roleId])
}
async function superuser<T>(tx: Transaction, sql: string, params: unknown[] = []): Promise<T[]> {
  await tx.exec('reset role')
  return (await tx.query<T>(sql, params)).rows
}
const codeOf = (r: Awaited<ReturnType<typeof inviteRole>>): string => {
  if (!r.ok) throw new Error(r.message)
  return r.rows[0]!.code
}
const rowsOf = <R>(r: { ok: true; rows: R[] } | { ok: false; message: string }): R[] => {
  if (!r.ok) throw new Error(r.message)
  return r.rows
}

describe('granting through an invite', () => {
  test('the role keeps who granted it, when, and the name the inviter gave', async () => rolledBack(db(), async (tx) => {
    const code = codeOf(await inviteRole(tx, 'reviewer', ids.B2, 'secretary', '  刘书记 '))
    await claim(tx, 'stranger', code)
    const [role] = await superuser<{ granted_by: string; holder_name: string; invite_id: string | null; granted_at: string }>(tx,
      `select granted_by, holder_name, invite_id, granted_at from public.org_roles
        where user_id = $1 and org_id = $2 and deleted_at is null`, [ids.user.stranger, ids.B2])
    expect(role).toMatchObject({ granted_by: ids.user.reviewer, holder_name: '刘书记' })
    expect(role!.invite_id).not.toBeNull()

    const listed = rowsOf(await list(tx, 'reviewer', ids.B2))
    expect(listed.map((r) => [r.role, r.holder, r.granted_by, r.revoked_at])).toEqual([
      ['secretary', '刘书记', 'reviewer@example.org', null],
      ['secretary', 'other-secretary@example.org', null, null],
    ])
  }))

  test('a member invite leaves the role history alone', async () => rolledBack(db(), async (tx) => {
    await become(tx, 'secretary')
    const { rows: [made] } = await tx.query<Invite>('select * from public.create_invite($1, $2, $3)', [ids.B1, 'member', ids.pOther])
    await claim(tx, 'stranger', made!.code)
    expect(await superuser(tx, 'select id from public.org_roles where user_id = $1', [ids.user.stranger])).toEqual([])
  }))

  test.each<[string, Who, string, string, string | null, 'rOtherSecretary' | null, string, string]>([
    ['members are invited from the roster', 'reviewer', 'B1', 'member', null, null, 'P0001', 'members are invited from the roster'],
    ['a name over 40 characters', 'reviewer', 'B1', 'secretary', '书'.repeat(41), null, 'P0001', 'at most 40 characters'],
    ['handing over a role of another branch', 'reviewer', 'B1', 'secretary', null, 'rOtherSecretary', 'P0001', 'not held on this organisation'],
    ['a secretary inviting a secretary', 'secretary', 'B1', 'secretary', null, null, '42501', 'may not invite'],
    ['a reviewer of another tree', 'otherReviewer', 'B1', 'secretary', null, null, '42501', 'may not invite'],
  ])('refused: %s', async (_, who, org, role, name, replaces, code, message) => rolledBack(db(), async (tx) => {
    const r = await inviteRole(tx, who, ids[org as 'B1'], role, name, replaces ? ids[replaces] : null)
    expect(r).toMatchObject({ ok: false, code })
    expect(r.ok ? '' : r.message).toContain(message)
  }))

  test('anon cannot call the role functions', async () => rolledBack(db(), async (tx) => {
    for (const sql of ['select * from public.invite_role($1, \'secretary\')', 'select * from public.org_role_list($1)',
      'select public.revoke_role($1)']) {
      await become(tx, 'anon')
      const r = await attempt(tx, sql, [ids.B1])
      expect(r).toMatchObject({ ok: false, code: '42501' })
      expect(r.ok ? '' : r.message).toMatch(/permission denied for function/)
    }
  }))
})

describe('who sees and revokes the roles of an org', () => {
  test.each<[Who, string, boolean]>([
    ['reviewer', 'B1', true], ['reviewer', 'H', true], ['reviewer', 'D', false], ['otherReviewer', 'B1', false],
    ['otherReviewer', 'BX', true], ['secretary', 'B1', false], ['finance', 'H', false], ['member', 'B1', false],
    ['stranger', 'B1', false],
  ])('%s listing the roles of %s: %s', async (who, org, allowed) => rolledBack(db(), async (tx) => {
    const r = await list(tx, who, ids[org as 'B1'])
    if (allowed) expect(r.ok).toBe(true)
    else expect(r).toMatchObject({ ok: false, code: '42501', message: expect.stringContaining('only the reviewers above') })
  }))

  test('the reviewer sees itself marked and the committee roles of its own level', async () => rolledBack(db(), async (tx) => {
    const listed = rowsOf(await list(tx, 'reviewer', ids.H))
    expect(listed.map((r) => [r.role, r.email, r.is_me]).sort()).toEqual([
      ['finance', 'finance@example.org', false], ['reviewer', 'reviewer@example.org', true]])
  }))

  test.each<[Who, 'rSecretary' | 'rReviewer' | 'rOtherReviewer' | 'rFinance', string | null]>([
    ['reviewer', 'rSecretary', null], ['reviewer', 'rFinance', null], ['reviewer', 'rReviewer', 'revoke your own role'],
    ['reviewer', 'rOtherReviewer', 'may not revoke'], ['otherReviewer', 'rSecretary', 'may not revoke'],
    ['secretary', 'rSecretary', 'may not revoke'], ['finance', 'rSecretary', 'may not revoke'],
  ])('%s revoking %s: %s', async (who, role, refusal) => rolledBack(db(), async (tx) => {
    const r = await revoke(tx, who, ids[role])
    if (refusal === null) {
      expect(r.ok).toBe(true)
      const [row] = await superuser<{ deleted_at: string | null; revoked_by: string }>(tx,
        'select deleted_at, revoked_by from public.org_roles where id = $1', [ids[role]])
      expect(row!.deleted_at).not.toBeNull()
      expect(row!.revoked_by).toBe(ids.user[who as 'reviewer'])
    } else {
      expect(r.ok ? '' : r.message).toContain(refusal)
    }
  }))

  test('a role is revoked once; the list then shows it as past, with who revoked it', async () => rolledBack(db(), async (tx) => {
    expect((await revoke(tx, 'reviewer', ids.rSecretary)).ok).toBe(true)
    expect(await revoke(tx, 'reviewer', ids.rSecretary)).toMatchObject({ ok: false, message: expect.stringContaining('already been revoked') })
    const [past] = rowsOf(await list(tx, 'reviewer', ids.B1))
    expect(past).toMatchObject({ role: 'secretary', email: 'secretary@example.org', revoked_by: 'reviewer@example.org' })
    expect(past!.revoked_at).not.toBeNull()
  }))
})

describe('换届: handing a role over', () => {
  test('claiming the invite ends the old holder\'s role and grants the new one', async () => rolledBack(db(), async (tx) => {
    const code = codeOf(await inviteRole(tx, 'reviewer', ids.B1, 'secretary', '新书记', ids.rSecretary))
    const before = await superuser<{ deleted_at: string | null }>(tx, 'select deleted_at from public.org_roles where id = $1', [ids.rSecretary])
    expect(before).toEqual([{ deleted_at: null }]) // nothing changes until the new secretary claims it
    await claim(tx, 'stranger', code)
    const listed = rowsOf(await list(tx, 'reviewer', ids.B1))
    expect(listed.map((r) => [r.holder, r.revoked_at === null, r.revoked_by])).toEqual([
      ['新书记', true, null],
      ['secretary@example.org', false, 'reviewer@example.org'],
    ])
  }))

  test('a hand-over invite claimed by the current holder keeps the role', async () => rolledBack(db(), async (tx) => {
    const code = codeOf(await inviteRole(tx, 'reviewer', ids.B1, 'secretary', null, ids.rSecretary))
    await claim(tx, 'secretary', code)
    expect(await superuser(tx, 'select deleted_at from public.org_roles where id = $1', [ids.rSecretary])).toEqual([{ deleted_at: null }])
  }))
})

describe('a revoked secretary', () => {
  type Pull = { rows: { table: string; row: { id: string; branch_id?: string } }[]; scope: string }
  async function pullAs(tx: Transaction, who: Who): Promise<Pull> {
    await become(tx, who)
    const { rows: [r] } = await tx.query<{ r: Pull }>('select public.sync_pull(1, null, 1000) as r')
    return r!.r
  }
  async function pushAs(tx: Transaction, who: Who, table: string, row: Record<string, unknown>) {
    await become(tx, who)
    const m = [{ id: crypto.randomUUID(), table, row }]
    const { rows: [r] } = await tx.query<{ r: { results: { status: string; code: string; reason: string }[] } }>(
      'select public.sync_push(1, $1::jsonb) as r', [JSON.stringify(m)])
    return r!.r.results[0]!
  }

  test('reads nothing of the branch any more, and the scope fingerprint changes', async () => rolledBack(db(), async (tx) => {
    const before = await pullAs(tx, 'secretary')
    expect(before.rows.some((r) => r.table === 'people' && r.row.id === ids.pOther)).toBe(true)
    expect((await revoke(tx, 'reviewer', ids.rSecretary)).ok).toBe(true)
    const after = await pullAs(tx, 'secretary')
    expect(after.scope).not.toBe(before.scope)
    expect(after.rows).toEqual([])
    await become(tx, 'secretary')
    expect((await tx.query('select id from public.people where branch_id = $1', [ids.B1])).rows).toEqual([])
  }))

  test('her pending writes are refused with the reason: role, day and branch', async () => rolledBack(db(), async (tx) => {
    await revoke(tx, 'reviewer', ids.rSecretary)
    const [day] = await superuser<{ d: string }>(tx, "select to_char(now() at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as d")
    const edit = await pushAs(tx, 'secretary', 'people', { id: ids.pOther, branch_id: ids.B1, name: '李四', party_status: 'full', admitted_on: '2010-07-01' })
    expect(edit).toMatchObject({ status: 'rejected', code: 'role_revoked', reason: `role revoked: secretary ${day!.d} 心内科党支部` })
    const created = await pushAs(tx, 'secretary', 'activities', {
      id: crypto.randomUUID(), branch_id: ids.B1, kinds: ['branch_meeting'], title: '支部委员会', starts_at: '2026-12-01T02:00:00Z', status: 'planned' })
    expect(created).toMatchObject({ status: 'rejected', code: 'role_revoked' })
  }))

  test('an edit of one field, as the phone pushes it, names the revocation too (not the constraint it trips)', async () => rolledBack(db(), async (tx) => {
    await revoke(tx, 'reviewer', ids.rSecretary)
    const edit = await pushAs(tx, 'secretary', 'people', { id: ids.pOther, department: '心内科二病区' })
    expect(edit).toMatchObject({ status: 'rejected', code: 'role_revoked' })
    expect(edit.reason).toMatch(/^role revoked: secretary \d{4}-\d{2}-\d{2} 心内科党支部$/)
    const [row] = await superuser<{ department: string | null }>(tx, 'select department from public.people where id = $1', [ids.pOther])
    expect(row!.department).not.toBe('心内科二病区')
  }))

  test('a bad edit by a secretary who still holds the role keeps its own reason', async () => rolledBack(db(), async (tx) => {
    const r = await pushAs(tx, 'secretary', 'people', { id: crypto.randomUUID(), department: '无支部' })
    expect(r).toMatchObject({ status: 'rejected', code: '23514' })
  }))

  test('a user who never held a role there gets the plain refusal', async () => rolledBack(db(), async (tx) => {
    const r = await pushAs(tx, 'otherSecretary', 'people', { id: ids.pOther, branch_id: ids.B1, name: '李四', party_status: 'full', admitted_on: '2010-07-01' })
    expect(r).toMatchObject({ status: 'rejected', code: '42501' })
  }))
})
