// public.invites: the inviter and the reviewers above the organisation read an invite (its hash only, never the
// code); nobody writes the table but the invite functions (issue 14 items 3–4; the functions' own allowed and
// denied callers are in tests/sql/invites.test.ts and tests/sql/roles.test.ts).
import type { Transaction } from '@electric-sql/pglite'
import { describe, expect, test } from 'vitest'
import { useWorld } from './matrix'
import { EVERYONE, attempt, become, ids, rolledBack, type Who } from './world'

const db = useWorld()

/** Two invites: the secretary's for 李四 (member of B1) and the reviewer's for a secretary of B2. */
async function twoInvites(tx: Transaction): Promise<{ member: string; secretary: string }> {
  await become(tx, 'secretary')
  const { rows: [m] } = await tx.query<{ id: string }>('select id from public.create_invite($1, $2, $3)', [ids.B1, 'member', ids.pOther])
  await become(tx, 'reviewer')
  const { rows: [s] } = await tx.query<{ id: string }>('select id from public.invite_role($1, $2, $3)', [ids.B2, 'secretary', '刘书记'])
  return { member: m!.id, secretary: s!.id }
}

const visible: Record<Who, readonly ('member' | 'secretary')[] | 'no-grant'> = {
  anon: 'no-grant', member: [], secretary: ['member'], otherSecretary: [], reviewer: ['member', 'secretary'],
  otherReviewer: [], finance: [], stranger: [], service_role: ['member', 'secretary'],
}

describe('public.invites', () => {
  test.each(EVERYONE.map((who) => [who]))('%s reads the invites it made or reviews', async (who) => rolledBack(db(), async (tx) => {
    const made = await twoInvites(tx)
    await become(tx, who)
    const r = await attempt<{ id: string }>(tx, 'select id from public.invites')
    const expected = visible[who]
    if (expected === 'no-grant') expect(r).toMatchObject({ ok: false, code: '42501' })
    else expect(r.ok ? r.rows.map((x) => x.id).sort() : r).toEqual(expected.map((k) => made[k]).sort())
  }))

  test.each(EVERYONE.filter((w) => w !== 'service_role').map((who) => [who]))(
    '%s cannot insert, update or delete an invite directly', async (who) => rolledBack(db(), async (tx) => {
      const made = await twoInvites(tx)
      await become(tx, who)
      const writes: [string, unknown[]][] = [
        [`insert into public.invites (code_hash, org_id, role, created_by, expires_at)
          values ('forged', $1, 'reviewer', $2, now() + interval '7 days')`, [ids.H, ids.user.reviewer]],
        ['update public.invites set expires_at = now() + interval \'1 year\', used_at = null where id = $1', [made.secretary]],
        ['delete from public.invites where id = $1', [made.member]],
      ]
      for (const [sql, params] of writes) expect(await attempt(tx, sql, params)).toMatchObject({ ok: false, code: '42501' })
    }))

  test('the table holds no code, only its hash', async () => rolledBack(db(), async (tx) => {
    await become(tx, 'reviewer')
    const { rows: [made] } = await tx.query<{ id: string; code: string }>('select id, code from public.invite_role($1, $2)', [ids.B2, 'secretary'])
    const { rows: [row] } = await tx.query<Record<string, unknown>>('select * from public.invites where id = $1', [made!.id])
    expect(Object.values(row!)).not.toContain(made!.code)
    expect(row).toMatchObject({ invitee_name: null, replaces_role_id: null, role: 'secretary' })
  }))
})
