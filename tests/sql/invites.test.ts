// Invitations (issue 14 item 3) in the RLS world (tests/sql/rls/world.ts): who may invite whom where, a claim
// links the roster row or grants the role exactly once, and used, expired, revoked and forged codes are refused.
// Each case in its own rolled-back transaction, switching callers as PostgREST would per request.
import type { Transaction } from '@electric-sql/pglite'
import { describe, expect, test } from 'vitest'
import { useWorld } from './rls/matrix'
import { attempt, become, ids, rolledBack, type Who } from './rls/world'

const db = useWorld()

type Invite = { id: string; code: string; expires_at: string }
async function invite(tx: Transaction, who: Who, org: string, role: string, person: string | null = null) {
  await become(tx, who)
  return attempt<Invite>(tx, 'select * from public.create_invite($1, $2, $3)', [org, role, person])
}
async function claim(tx: Transaction, who: Who, code: string) {
  await become(tx, who)
  return attempt<{ role: string; org_id: string; org_name: string }>(tx, 'select * from public.claim_invite($1)', [code])
}
const codeOf = (r: Awaited<ReturnType<typeof invite>>): string => {
  if (!r.ok) throw new Error(r.message)
  return r.rows[0]!.code
}
async function superuser<T>(tx: Transaction, sql: string, params: unknown[] = []): Promise<T[]> {
  await tx.exec('reset role')
  return (await tx.query<T>(sql, params)).rows
}

/** Each refusal's message (attempt() returns the code and message; the hint carries the same name for the app). */
const refusals: Record<string, RegExp> = {
  invite_not_allowed: /may not invite/,
  invite_wrong_org: /is invited to a|only a member invite/,
  invite_person_not_in_branch: /not on this branch's roster/,
  invite_person_has_account: /already has an account/,
}

describe('who may invite', () => {
  test.each<[Who, string, string, string | null, 'ok' | string]>([
    ['secretary', 'B1', 'member', 'pOther', 'ok'],
    ['secretary', 'B2', 'member', 'p2', 'invite_not_allowed'],
    ['otherSecretary', 'B1', 'member', 'pOther', 'invite_not_allowed'],
    ['secretary', 'B1', 'secretary', null, 'invite_not_allowed'],
    ['reviewer', 'B2', 'secretary', null, 'ok'],
    ['reviewer', 'H', 'reviewer', null, 'ok'],
    ['reviewer', 'H', 'finance', null, 'ok'],
    ['reviewer', 'X', 'finance', null, 'invite_not_allowed'],
    ['otherReviewer', 'B1', 'secretary', null, 'invite_not_allowed'],
    ['finance', 'H', 'reviewer', null, 'invite_not_allowed'],
    ['member', 'B1', 'member', 'pOther', 'invite_not_allowed'],
    ['stranger', 'B1', 'member', 'pOther', 'invite_not_allowed'],
    ['reviewer', 'H', 'secretary', null, 'invite_wrong_org'],
    ['reviewer', 'B1', 'reviewer', null, 'invite_wrong_org'],
    ['secretary', 'B1', 'member', 'p2', 'invite_person_not_in_branch'],
    ['secretary', 'B1', 'member', 'pMember', 'invite_person_has_account'],
  ])('%s inviting to %s as %s (%s): %s', async (who, org, role, person, expected) => rolledBack(db(), async (tx) => {
    const r = await invite(tx, who, ids[org as 'B1'], role, person ? ids[person as 'pOther'] : null)
    if (expected === 'ok') {
      expect(r.ok).toBe(true)
      expect(codeOf(r)).toMatch(/^[0-9a-f]{32}$/)
    } else {
      expect(r).toMatchObject({ ok: false, code: expected === 'invite_not_allowed' ? '42501' : 'P0001' })
      expect(r.ok ? '' : r.message).toMatch(refusals[expected]!)
    }
  }))

  test('anon cannot call it at all', async () => rolledBack(db(), async (tx) => {
    const r = await invite(tx, 'anon', ids.B1, 'member', ids.pOther)
    expect(r).toMatchObject({ ok: false, code: '42501' })
    expect(r.ok ? '' : r.message).toMatch(/permission denied for function/)
  }))
})

describe('claiming', () => {
  test('a member invite links the roster row to the new account, once', async () => rolledBack(db(), async (tx) => {
    const code = codeOf(await invite(tx, 'secretary', ids.B1, 'member', ids.pOther))
    expect(await claim(tx, 'stranger', code)).toMatchObject({ ok: true, rows: [{ role: 'member', org_id: ids.B1, org_name: '心内科党支部' }] })
    expect(await superuser(tx, 'select user_id from public.people where id = $1', [ids.pOther])).toEqual([{ user_id: ids.user.stranger }])
    // the stranger now reads the branch as its member
    await become(tx, 'stranger')
    expect((await tx.query('select id from public.orgs where id = $1', [ids.B1])).rows).toHaveLength(1)
    const again = await claim(tx, 'otherSecretary', code)
    expect(again.ok ? '' : again.message).toMatch(/has been used/)
  }))

  test('a secretary invite grants the role on the branch', async () => rolledBack(db(), async (tx) => {
    const code = codeOf(await invite(tx, 'reviewer', ids.B2, 'secretary'))
    expect((await claim(tx, 'stranger', `  ${code}  `)).ok).toBe(true)
    expect(await superuser(tx, `select role from public.org_roles where user_id = $1 and org_id = $2 and deleted_at is null`,
      [ids.user.stranger, ids.B2])).toEqual([{ role: 'secretary' }])
  }))

  test.each([
    ['forged', async () => 'f'.repeat(32), /not valid/],
    ['expired', async (tx: Transaction) => {
      const code = codeOf(await invite(tx, 'secretary', ids.B1, 'member', ids.pOther))
      await superuser(tx, `update public.invites set expires_at = now() - interval '1 second'`)
      return code
    }, /has expired/],
    ['revoked', async (tx: Transaction) => {
      const r = await invite(tx, 'secretary', ids.B1, 'member', ids.pOther)
      await become(tx, 'secretary')
      expect((await tx.query('select public.revoke_invite($1) as ok', [r.ok ? r.rows[0]!.id : ''])).rows).toEqual([{ ok: true }])
      return codeOf(r)
    }, /withdrawn/],
  ])('a %s code is refused and grants nothing', async (_, make, message) => rolledBack(db(), async (tx) => {
    const code = await make(tx)
    const r = await claim(tx, 'stranger', code)
    expect(r.ok ? '' : r.message).toMatch(message)
    expect(await superuser(tx, 'select id from public.people where user_id = $1', [ids.user.stranger])).toEqual([])
    expect(await superuser(tx, 'select id from public.org_roles where user_id = $1', [ids.user.stranger])).toEqual([])
  }))
})

describe('seeing and withdrawing invites', () => {
  test('the inviter and the reviewers above see an invite (its hash, never the code); others do not', async () => rolledBack(db(), async (tx) => {
    const code = codeOf(await invite(tx, 'secretary', ids.B1, 'member', ids.pOther))
    const seen = async (who: Who) => {
      await become(tx, who)
      return (await tx.query<{ code_hash: string }>('select code_hash from public.invites')).rows
    }
    expect(await seen('secretary')).toHaveLength(1)
    expect(await seen('reviewer')).toHaveLength(1)
    expect((await seen('reviewer'))[0]!.code_hash).not.toContain(code)
    for (const who of ['otherSecretary', 'otherReviewer', 'member', 'stranger'] as const) expect(await seen(who)).toEqual([])
    await become(tx, 'secretary')
    expect((await attempt(tx, `update public.invites set revoked_at = now()`)).ok).toBe(false)
  }))

  test('only the inviter or a reviewer above can withdraw it', async () => rolledBack(db(), async (tx) => {
    const r = await invite(tx, 'secretary', ids.B1, 'member', ids.pOther)
    const id = r.ok ? r.rows[0]!.id : ''
    const revoke = async (who: Who) => {
      await become(tx, who)
      return (await tx.query<{ ok: boolean }>('select public.revoke_invite($1) as ok', [id])).rows[0]!.ok
    }
    expect(await revoke('otherSecretary')).toBe(false)
    expect(await revoke('otherReviewer')).toBe(false)
    expect(await revoke('reviewer')).toBe(true)
    expect(await revoke('secretary')).toBe(false) // already withdrawn
  }))
})
