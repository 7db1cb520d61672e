// The security audit (npm run audit:db) passes on our migrations and catches each kind of hole it looks for.
import type { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDb } from '../sql/db'
import { auditDb } from './dbAudit'

let db: PGlite
beforeAll(async () => { db = await createDb() })
afterAll(async () => { await db?.close() })

describe('database security audit', () => {
  test('the migrated schema has no failure, RLS on every table and no anon entry point', async () => {
    const report = await auditDb(db)
    expect(report.failures).toEqual([])
    expect(report.tables.filter((t) => t.kind === 'table').length).toBeGreaterThan(15)
    expect(report.tables.find((t) => t.name === 'public.invites')).toMatchObject({ rls: true })
    expect(report.definers.map((d) => d.name)).toContain('public.revoke_role(p_role_id uuid)')
    expect(report.anonCallable).toEqual([])
  })

  test('a table without RLS, a definer without search_path and an anon grant are each reported', async () => {
    await db.transaction(async (tx) => {
      await tx.exec(`
        create table public.leak (id int);
        create function public.lax() returns int language sql security definer as 'select 1';
        create function public.open_door() returns int language sql security definer set search_path = '' as 'select 1';
        grant execute on function public.open_door() to anon;
        create view public.peek as select id from public.leak;
        grant select on public.peek to anon;`)
      const { failures } = await auditDb(tx)
      await tx.rollback()
      expect(failures).toEqual([
        'table without row-level security: public.leak',
        "SECURITY DEFINER without search_path = '': public.lax() (none)",
        'anon may execute public.lax()',
        'anon may execute public.open_door()',
        'anon may read the view public.peek',
      ])
    })
  })
})
