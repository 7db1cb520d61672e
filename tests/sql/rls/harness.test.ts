// The harness itself: as() sets role and claims like PostgREST, and leaves nothing behind, even on error.
import { describe, expect, it } from 'vitest'
import { useWorld } from './matrix'
import { as, attempt, ids } from './world'

const db = useWorld()

describe('as()', () => {
  it.each([
    ['member', 'authenticated', ids.user.member, 'authenticated'],
    ['anon', 'anon', null, 'anon'],
    ['service_role', 'service_role', null, 'service_role'],
  ] as const)('as %s: current_user, auth.uid() and auth.role() are what PostgREST would set', async (who, role, uid, claim) => {
    const r = await as(db(), who, async (tx) => (await tx.query<{ u: string; uid: string | null; role: string }>(
      'select current_user as u, auth.uid() as uid, auth.role() as role')).rows[0])
    expect(r).toEqual({ u: role, uid, role: claim })
  })

  it('an error inside a case rolls back and leaves the connection usable, as the superuser, without claims', async () => {
    await expect(as(db(), 'secretary', async (tx) => {
      await tx.query(`update public.orgs set name = 'x' where id = $1`, [ids.G1])
      await tx.query('select 1 / 0')
    })).rejects.toThrow(/division by zero/)
    const r = await db().query<{ u: string; claims: string | null; name: string; tx: boolean }>(
      `select current_user as u, nullif(current_setting('request.jwt.claims', true), '') as claims,
              (select name from public.orgs where id = $1) as name, pg_current_xact_id_if_assigned() is not null as tx`, [ids.G1])
    expect(r.rows[0]).toEqual({ u: 'postgres', claims: null, name: '第一党小组', tx: false })
  })

  it('an attempt that fails keeps the transaction usable', async () => {
    await as(db(), 'member', async (tx) => {
      const r = await attempt(tx, 'delete from public.people')
      expect(r.ok).toBe(false)
      expect((await tx.query('select 1 as one')).rows).toEqual([{ one: 1 }])
    })
  })

  it('writes of a successful case are rolled back too', async () => {
    await as(db(), 'secretary', (tx) => tx.query(`update public.orgs set name = '改过' where id = $1`, [ids.G1]))
    expect((await db().query('select name from public.orgs where id = $1', [ids.G1])).rows).toEqual([{ name: '第一党小组' }])
  })
})
