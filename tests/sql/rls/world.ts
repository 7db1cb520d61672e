// The RLS test world: two committee trees, every role of SPEC §4, a few rows of every table in each branch,
// and helpers that run one statement as one role inside a rolled-back transaction, the way PostgREST does.
//
//   D (committee, district) ── H (committee, hospital) ─┬─ B1 (branch, has_committee) ─┬─ G1 (group)
//                                                       │                              └─ G2 (group)
//                                                       └─ B2 (branch)
//   X (committee, unrelated root) ── BX (branch)
import type { PGlite, Transaction } from '@electric-sql/pglite'
import { expect } from 'vitest'
import { createDb } from '../db'

export const ROLES = ['member', 'secretary', 'otherSecretary', 'reviewer', 'otherReviewer', 'finance', 'stranger'] as const
export type Role = (typeof ROLES)[number]
export type Who = Role | 'anon' | 'service_role'
export const EVERYONE: readonly Who[] = ['anon', ...ROLES, 'service_role']

export const KEYS = [
  'D', 'H', 'B1', 'G1', 'G2', 'B2', 'X', 'BX',
  'pMember', 'pOther', 'pBackbone', 'pSpare', 'p2', 'p2Backbone', 'pX', 'pXBackbone',
  'a1', 'a1Planned', 'a2', 'aX',
  't1Member', 't1Other', 't2', 'tX',
  'pr1', 'pr1Other', 'pr2', 'prX',
  'l1', 'l1Other', 'l2', 'lX',
  'cpD', 'cpH', 'cpX', 'fpD', 'fpH', 'fpX',
  'm1', 'm2', 'mX', 'e1', 'e2', 'eX',
  'rSecretary', 'rOtherSecretary', 'rReviewer', 'rOtherReviewer', 'rFinance',
] as const
export type Key = (typeof KEYS)[number]
export type World = Record<Key, string> & { user: Record<Role, string> }

const hex = (n: number): string => n.toString(16).padStart(12, '0')
/** Fixed ids, so that a failure names the same row in every run. */
export const ids: World = {
  ...(Object.fromEntries(KEYS.map((k, i) => [k, `00000000-0000-4000-8000-${hex(i + 1)}`])) as Record<Key, string>),
  user: Object.fromEntries(ROLES.map((r, i) => [r, `aaaaaaaa-0000-4000-8000-${hex(i + 1)}`])) as Record<Role, string>,
}
const keyById = new Map<string, string>([
  ...KEYS.map((k) => [ids[k], k] as const),
  ...ROLES.map((r) => [ids.user[r], `user:${r}`] as const),
])
/** World key of an id (`?<id>` for a row that is not part of the world). */
export const keyOf = (id: string): string => keyById.get(id) ?? `?${id}`

function worldSql(w: World): string {
  const u = w.user
  return `
insert into auth.users (id, email) values
  ('${u.member}', 'member@example.org'), ('${u.secretary}', 'secretary@example.org'),
  ('${u.otherSecretary}', 'other-secretary@example.org'), ('${u.reviewer}', 'reviewer@example.org'),
  ('${u.otherReviewer}', 'other-reviewer@example.org'), ('${u.finance}', 'finance@example.org'),
  ('${u.stranger}', 'stranger@example.org');

insert into public.orgs (id, parent_id, kind, name, has_committee) values
  ('${w.D}', null, 'committee', '区卫健工委', false),
  ('${w.H}', '${w.D}', 'committee', '市一医院党委', false),
  ('${w.B1}', '${w.H}', 'branch', '心内科党支部', true),
  ('${w.G1}', '${w.B1}', 'group', '第一党小组', false),
  ('${w.G2}', '${w.B1}', 'group', '第二党小组', false),
  ('${w.B2}', '${w.H}', 'branch', '外科党支部', false),
  ('${w.X}', null, 'committee', '另一单位党委', false),
  ('${w.BX}', '${w.X}', 'branch', '另一单位党支部', false);

insert into public.org_roles (id, user_id, org_id, role) values
  ('${w.rSecretary}', '${u.secretary}', '${w.B1}', 'secretary'),
  ('${w.rOtherSecretary}', '${u.otherSecretary}', '${w.B2}', 'secretary'),
  ('${w.rReviewer}', '${u.reviewer}', '${w.H}', 'reviewer'),
  ('${w.rOtherReviewer}', '${u.otherReviewer}', '${w.X}', 'reviewer'),
  ('${w.rFinance}', '${u.finance}', '${w.H}', 'finance');

insert into public.people (id, branch_id, group_id, user_id, name, party_status, admitted_on, confirmed_on, is_backbone, department) values
  ('${w.pMember}', '${w.B1}', '${w.G1}', '${u.member}', '张三', 'full', '2015-07-01', '2016-07-01', false, '心内科'),
  ('${w.pOther}', '${w.B1}', '${w.G2}', null, '李四', 'full', '2010-07-01', '2011-07-01', false, '心内科'),
  ('${w.pBackbone}', '${w.B1}', null, null, '王五', 'non_member', null, null, true, '心内科'),
  ('${w.pSpare}', '${w.B1}', null, null, '赵六', 'probationary', '2025-06-01', null, false, '心内科'),
  ('${w.p2}', '${w.B2}', null, null, '钱七', 'full', '2012-07-01', '2013-07-01', false, '外科'),
  ('${w.p2Backbone}', '${w.B2}', null, null, '孙八', 'non_member', null, null, true, '外科'),
  ('${w.pX}', '${w.BX}', null, null, '周九', 'full', '2014-07-01', '2015-07-01', false, '总务'),
  ('${w.pXBackbone}', '${w.BX}', null, null, '吴十', 'non_member', null, null, true, '总务');

insert into public.activities (id, branch_id, kinds, title, starts_at, status, recorded_at) values
  ('${w.a1}', '${w.B1}', '{assembly,lesson}', '三月党员大会', '2026-03-10 14:00+08', 'held', '2026-03-10 16:00+08'),
  ('${w.a1Planned}', '${w.B1}', '{theme_day}', '四月主题党日', '2026-04-15 14:00+08', 'planned', '2026-03-20 09:00+08'),
  ('${w.a2}', '${w.B2}', '{theme_day}', '三月主题党日', '2026-03-12 14:00+08', 'held', '2026-03-12 16:00+08'),
  ('${w.aX}', '${w.BX}', '{theme_day}', '三月主题党日', '2026-03-12 14:00+08', 'held', '2026-03-12 16:00+08');

insert into public.attendance (id, activity_id, person_id, status, method) values
  ('${w.t1Member}', '${w.a1}', '${w.pMember}', 'absent', 'roster'),
  ('${w.t1Other}', '${w.a1}', '${w.pOther}', 'present', 'roster'),
  ('${w.t2}', '${w.a2}', '${w.p2}', 'present', 'roster'),
  ('${w.tX}', '${w.aX}', '${w.pX}', 'present', 'roster');

insert into public.pairings (id, branch_id, mentor_id, mentee_id, track, started_on) values
  ('${w.pr1}', '${w.B1}', '${w.pMember}', '${w.pBackbone}', 'backbone_to_member', '2026-01-10'),
  ('${w.pr1Other}', '${w.B1}', '${w.pOther}', '${w.pSpare}', 'member_to_backbone', '2026-01-10'),
  ('${w.pr2}', '${w.B2}', '${w.p2}', '${w.p2Backbone}', 'backbone_to_member', '2026-01-10'),
  ('${w.prX}', '${w.BX}', '${w.pX}', '${w.pXBackbone}', 'backbone_to_member', '2026-01-10');

insert into public.pairing_logs (id, pairing_id, logged_on, note) values
  ('${w.l1}', '${w.pr1}', '2026-02-01', '谈心谈话'), ('${w.l1Other}', '${w.pr1Other}', '2026-02-01', '业务带教'),
  ('${w.l2}', '${w.pr2}', '2026-02-01', '谈心谈话'), ('${w.lX}', '${w.prX}', '2026-02-01', '谈心谈话');

insert into public.cadence_policies (id, org_id, kind, per, min_count) values
  ('${w.cpD}', '${w.D}', 'review', 'year', 1),
  ('${w.cpH}', '${w.H}', 'lesson', 'quarter', 2),
  ('${w.cpX}', '${w.X}', 'theme_day', 'month', 0);

insert into public.funding_policies (id, org_id, year, rate_fen, match_ratio, census_date) values
  ('${w.fpD}', '${w.D}', 2026, 15000, 1.0, null),
  ('${w.fpH}', '${w.H}', 2026, 20000, 1.1, '2025-12-31'),
  ('${w.fpX}', '${w.X}', 2026, 15000, 1.0, null);

insert into public.funding_matches (id, branch_id, year, amount_fen, note, recorded_on) values
  ('${w.m1}', '${w.B1}', 2026, 40000, '院配套', '2026-03-01'),
  ('${w.m2}', '${w.B2}', 2026, 10000, '院配套', '2026-03-01'),
  ('${w.mX}', '${w.BX}', 2026, 15000, '配套', '2026-03-01');

insert into public.expenses (id, branch_id, spent_on, amount_fen, category, activity_id, note) values
  ('${w.e1}', '${w.B1}', '2026-03-10', 5000, '学习资料', '${w.a1}', '党课教材'),
  ('${w.e2}', '${w.B2}', '2026-03-12', 3000, '学习资料', null, null),
  ('${w.eX}', '${w.BX}', '2026-03-12', 2000, '学习资料', null, null);
`
}

/** A fresh migrated database holding the world (as the superuser, who bypasses RLS). */
export async function createWorld(): Promise<{ db: PGlite; ids: World }> {
  const db = await createDb()
  await db.exec(worldSql(ids))
  return { db, ids }
}

/** The JWT claims PostgREST puts in `request.jwt.claims` for this caller. */
export function claimsFor(who: Who): Record<string, unknown> {
  if (who === 'anon' || who === 'service_role') return { iss: 'supabase-demo', role: who }
  return { sub: ids.user[who], role: 'authenticated', aud: 'authenticated', email: `${who}@example.org` }
}

/** Runs fn as the superuser inside BEGIN … ROLLBACK: nothing it does survives, even when it throws. */
export async function rolledBack<T>(db: PGlite, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    try {
      return await fn(tx)
    } finally {
      if (!tx.closed) await tx.rollback()
    }
  })
}

/** Runs fn as `who` (role + claims set transaction-locally, as PostgREST does) inside BEGIN … ROLLBACK. */
export async function as<T>(db: PGlite, who: Who, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return rolledBack(db, async (tx) => {
    await become(tx, who)
    return fn(tx)
  })
}

/** Switches the transaction to `who`: `set local role` and the claims, transaction-locally. */
export async function become(tx: Transaction, who: Who): Promise<void> {
  await tx.exec('reset role')
  await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claimsFor(who))])
  await tx.exec(`set local role ${who === 'anon' || who === 'service_role' ? who : 'authenticated'}`)
}

/** Runs fn as the superuser inside the caller's transaction, then switches back to the caller's role. */
export async function asSuperuser<T>(tx: Transaction, fn: () => Promise<T>): Promise<T> {
  const role = (await tx.query<{ r: string }>('select current_user as r')).rows[0]?.r ?? 'postgres'
  await tx.exec('reset role')
  try {
    return await fn()
  } finally {
    await tx.exec(`set local role ${role}`)
  }
}

export type Attempt<R = Record<string, unknown>> =
  | { ok: true; rows: R[]; affected: number }
  | { ok: false; code: string; message: string }

/** One statement under a savepoint: an error is returned, and the transaction stays usable. */
export async function attempt<R = Record<string, unknown>>(tx: Transaction, sql: string, params: unknown[] = []): Promise<Attempt<R>> {
  await tx.exec('savepoint attempt')
  try {
    const r = await tx.query<R>(sql, params)
    await tx.exec('release savepoint attempt')
    return { ok: true, rows: r.rows, affected: r.affectedRows ?? 0 }
  } catch (error) {
    await tx.exec('rollback to savepoint attempt; release savepoint attempt')
    const e = error as { code?: string; message?: string }
    return { ok: false, code: e.code ?? '?', message: e.message ?? String(error) }
  }
}

export type Denial = 'deny' | 'no-grant' | 'guard' | 'check'
export type Outcome = 'allow' | 'invisible' | Denial
const denials: Record<Denial, { code: string; message: RegExp }> = {
  deny: { code: '42501', message: /new row violates row-level security policy/ }, // RLS WITH CHECK
  'no-grant': { code: '42501', message: /^permission denied for (table|view|function) / }, // no privilege
  guard: { code: '42501', message: /^(?!new row violates|permission denied for )/ }, // a guard trigger
  check: { code: '23514', message: /./ }, // a CHECK constraint or a placement trigger
}

/** Asserts that the attempt failed exactly as `how` says. */
export function expectDenied(r: Attempt<unknown>, how: Denial): void {
  expect(r.ok ? { ok: true, affected: r.affected } : { ok: false, code: r.code }, JSON.stringify(r)).toEqual({ ok: false, code: denials[how].code })
  if (!r.ok) expect(r.message).toMatch(denials[how].message)
}

/** Asserts that the attempt succeeded and changed `n` rows. */
export function expectAffected(r: Attempt<unknown>, n: number): void {
  expect(r.ok ? { ok: true, affected: r.affected } : r).toEqual({ ok: true, affected: n })
}

export type Values = Record<string, unknown>

/** `insert into table (cols) values ($1, …)` with its parameters. */
export function insertSql(table: string, values: Values): [string, unknown[]] {
  const cols = Object.keys(values)
  return [`insert into ${table} (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(values)]
}

/** `update table set c = $1, … where id = $n` with its parameters. */
export function updateSql(table: string, id: string, set: Values): [string, unknown[]] {
  const cols = Object.keys(set)
  return [`update ${table} set ${cols.map((c, i) => `${c} = $${i + 1}`).join(', ')} where id = $${cols.length + 1}`, [...Object.values(set), id]]
}

/** The whole row as the superuser sees it (undefined when absent). */
export async function snapshot(tx: Transaction, table: string, id: string): Promise<unknown> {
  return asSuperuser(tx, async () => (await tx.query<{ j: unknown }>(`select to_jsonb(t) as j from ${table} t where id = $1`, [id])).rows[0]?.j)
}

/** `who` tries one write on the row `id` of `table`: refused (the denial `how`, or 0 rows touched) and the row is unchanged. */
export async function expectRefusedUnchanged(db: PGlite, who: Who, table: string, id: string,
  sql: string, params: unknown[], how: Denial | 0): Promise<void> {
  await as(db, who, async (tx) => {
    const before = await snapshot(tx, table, id)
    const r = await attempt(tx, sql, params)
    if (how === 0) expectAffected(r, 0)
    else expectDenied(r, how)
    expect(await snapshot(tx, table, id)).toEqual(before)
  })
}

/** Sorted world keys of the ids a query returned. */
export const sortedKeys = (rows: { id?: unknown }[]): string[] => rows.map((r) => keyOf(String(r.id))).sort()
