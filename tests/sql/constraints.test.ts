// Constraints and placement triggers, as the superuser (no RLS involved): what no row may look like, and that a
// row carrying only the SPEC §5 columns is accepted by every table (the server fills in the bookkeeping).
import type { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attempt, createWorld, expectAffected, ids as w, insertSql, rolledBack, type Values } from './rls/world'

let db: PGlite
beforeAll(async () => { db = (await createWorld()).db })
afterAll(async () => { await db?.close() })

const org = (parent: string | null, kind: string, name = '某组织'): Values => ({ parent_id: parent, kind, name })
const person = (branch: string, extra: Values = {}): Values => ({ branch_id: branch, name: '某人', party_status: 'non_member', ...extra })
const activity = (branch: string, extra: Values = {}): Values => ({ branch_id: branch, kinds: ['lesson'], starts_at: '2026-05-01T06:00:00Z', ...extra })
const attendance = (activityId: string, personId: string, extra: Values = {}): Values => ({ activity_id: activityId, person_id: personId, status: 'present', ...extra })

// [what, table, row, SQLSTATE]
const rejected: readonly (readonly [string, string, Values, string])[] = [
  ['an unknown org kind', 'orgs', org(w.H, 'department'), '23514'],
  ['a group whose parent is a committee', 'orgs', org(w.H, 'group'), '23514'],
  ['a branch whose parent is a branch', 'orgs', org(w.B1, 'branch'), '23514'],
  ['a committee under a branch', 'orgs', org(w.B1, 'committee'), '23514'],
  ['a branch without parent', 'orgs', org(null, 'branch'), '23514'],
  ['has_committee on a group', 'orgs', { ...org(w.B1, 'group'), has_committee: true }, '23514'],
  ['a blank org name', 'orgs', org(w.H, 'branch', '  '), '23514'],
  ['an unknown role', 'org_roles', { user_id: w.user.stranger, org_id: w.B1, role: 'admin' }, '23514'],
  ['an unknown party_status', 'people', person(w.B1, { party_status: 'member' }), '23514'],
  ['a full member without admitted_on', 'people', person(w.B1, { party_status: 'full' }), '23514'],
  ['a probationary member without admitted_on', 'people', person(w.B1, { party_status: 'probationary' }), '23514'],
  ['a person in a group of another branch', 'people', person(w.B2, { group_id: w.G1 }), '23514'],
  ['a person of a committee', 'people', person(w.H), '23514'],
  ['confirmed before admitted', 'people', person(w.B1, { party_status: 'full', admitted_on: '2020-01-01', confirmed_on: '2019-01-01' }), '23514'],
  ['an unknown activity kind', 'activities', activity(w.B1, { kinds: ['party'] }), '23514'],
  ['empty kinds', 'activities', activity(w.B1, { kinds: [] }), '23514'],
  ['a kind listed twice', 'activities', activity(w.B1, { kinds: ['theme_day', 'theme_day'] }), '23514'],
  ['an unknown activity status', 'activities', activity(w.B1, { status: 'done' }), '23514'],
  ['a group meeting without group', 'activities', activity(w.B1, { kinds: ['group'] }), '23514'],
  ['group_id on a non-group activity', 'activities', activity(w.B1, { group_id: w.G1 }), '23514'],
  ['a group meeting of a group of another branch', 'activities', activity(w.B2, { kinds: ['group'], group_id: w.G1 }), '23514'],
  ['ends_at before starts_at', 'activities', activity(w.B1, { ends_at: '2026-05-01T05:00:00Z' }), '23514'],
  ['an activity of a committee', 'activities', activity(w.H), '23514'],
  ['a host from another branch', 'activities', activity(w.B1, { host_id: w.p2 }), '23514'],
  ['an unknown attendance status', 'attendance', attendance(w.a1Planned, w.pOther, { status: 'late' }), '23514'],
  ['an unknown check-in method', 'attendance', attendance(w.a1Planned, w.pOther, { method: 'face' }), '23514'],
  ['attendance of a person from another branch', 'attendance', attendance(w.a1, w.p2), '23514'],
  ['a duplicate (activity, person)', 'attendance', attendance(w.a1, w.pOther), '23505'],
  ['补学 although present', 'attendance', attendance(w.a1Planned, w.pOther, { makeup_on: '2026-05-01' }), '23514'],
  ['an unknown pairing track', 'pairings', { branch_id: w.B1, mentor_id: w.pOther, mentee_id: w.pBackbone, track: 'other' }, '23514'],
  ['a pairing with oneself', 'pairings', { branch_id: w.B1, mentor_id: w.pOther, mentee_id: w.pOther, track: 'member_to_backbone' }, '23514'],
  ['a mentee of another branch', 'pairings', { branch_id: w.B1, mentor_id: w.pOther, mentee_id: w.p2Backbone, track: 'backbone_to_member' }, '23514'],
  ['a mentor who is not a member', 'pairings', { branch_id: w.B1, mentor_id: w.pBackbone, mentee_id: w.pOther, track: 'member_to_backbone' }, '23514'],
  ['a log of no pairing', 'pairing_logs', { pairing_id: w.a1, note: 'x' }, '23503'],
  ['an unknown cadence kind', 'cadence_policies', { org_id: w.H, kind: 'party', per: 'month', min_count: 1 }, '23514'],
  ['an unknown cadence period', 'cadence_policies', { org_id: w.H, kind: 'theme_day', per: 'week', min_count: 1 }, '23514'],
  ['a negative min_count', 'cadence_policies', { org_id: w.H, kind: 'theme_day', per: 'month', min_count: -1 }, '23514'],
  ['a second live policy for (org, kind)', 'cadence_policies', { org_id: w.H, kind: 'lesson', per: 'month', min_count: 1 }, '23505'],
  ['a cadence policy on a branch', 'cadence_policies', { org_id: w.B1, kind: 'theme_day', per: 'month', min_count: 1 }, '23514'],
  ['a negative rate', 'funding_policies', { org_id: w.H, year: 2027, rate_fen: -1 }, '23514'],
  ['a negative match ratio', 'funding_policies', { org_id: w.H, year: 2027, match_ratio: '-0.5' }, '23514'],
  ['a second live funding rule for (org, year)', 'funding_policies', { org_id: w.H, year: 2026 }, '23505'],
  ['a zero contribution', 'funding_matches', { branch_id: w.B1, year: 2026, amount_fen: 0 }, '23514'],
  ['a negative contribution', 'funding_matches', { branch_id: w.B1, year: 2026, amount_fen: -100 }, '23514'],
  ['a contribution to a committee', 'funding_matches', { branch_id: w.H, year: 2026, amount_fen: 100 }, '23514'],
  ['a zero expense', 'expenses', { branch_id: w.B1, spent_on: '2026-05-01', amount_fen: 0 }, '23514'],
  ['a negative expense', 'expenses', { branch_id: w.B1, spent_on: '2026-05-01', amount_fen: -1 }, '23514'],
  ['an expense for an activity of another branch', 'expenses', { branch_id: w.B1, spent_on: '2026-05-01', amount_fen: 1, activity_id: w.a2 }, '23514'],
]

describe('constraints reject', () => {
  it.each(rejected)('%s (%s)', async (_what, table, row, code) => {
    const r = await rolledBack(db, async (tx) => attempt(tx, ...insertSql(`public.${table}`, row)))
    expect(r.ok ? 'accepted' : r.code, JSON.stringify(r)).toBe(code)
  })

  it('an organisation cannot become its own ancestor', async () => {
    const r = await rolledBack(db, async (tx) => attempt(tx, 'update public.orgs set parent_id = $1 where id = $2', [w.H, w.D]))
    expect(r.ok ? 'accepted' : r.code).toBe('23514')
  })

  it('an organisation cannot change kind', async () => {
    const r = await rolledBack(db, async (tx) => attempt(tx, `update public.orgs set kind = 'committee' where id = $1`, [w.B2]))
    expect(r.ok ? 'accepted' : r.code).toBe('23514')
  })
})

const n = (i: number): string => `00000000-0000-4000-9000-${i.toString(16).padStart(12, '0')}`
// every table, in dependency order, with exactly the columns SPEC §5 names
const minimal: readonly (readonly [string, Values])[] = [
  ['orgs', { id: n(1), parent_id: w.H, kind: 'branch', name: '新支部', has_committee: false }],
  ['org_roles', { user_id: w.user.stranger, org_id: n(1), role: 'secretary' }],
  ['people', { id: n(2), branch_id: n(1), group_id: null, user_id: w.user.stranger, name: '新人', party_status: 'full', admitted_on: '2020-01-01',
    confirmed_on: '2021-01-01', joined_branch_on: '2022-01-01', left_branch_on: null, excluded_from_quorum: false, is_backbone: true, department: '急诊科', title: '主治医师' }],
  ['people', { id: n(3), branch_id: n(1), name: '骨干', party_status: 'non_member' }],
  ['activities', { id: n(4), branch_id: n(1), group_id: null, kinds: ['assembly', 'lesson'], title: '党员大会', topic: '学习', starts_at: '2026-05-01T06:00:00Z',
    ends_at: '2026-05-01T08:00:00Z', place: '会议室', host_id: n(2), lecturer_id: n(2), minutes: '纪要', decisions: '决定', status: 'held',
    recorded_at: '2026-05-01T08:10:00Z', created_by: w.user.stranger }],
  ['attendance', { id: n(5), activity_id: n(4), person_id: n(2), status: 'leave', leave_reason: '值班', method: 'roster', checked_in_at: null,
    makeup_on: '2026-05-03', makeup_note: '自学' }],
  ['pairings', { id: n(6), branch_id: n(1), mentor_id: n(2), mentee_id: n(3), track: 'backbone_to_member', started_on: '2026-01-01', goal: '入党',
    status: 'active', ended_on: null }],
  ['pairing_logs', { id: n(7), pairing_id: n(6), logged_on: '2026-02-01', note: '谈心', milestone: '递交申请书' }],
  ['cadence_policies', { id: n(8), org_id: w.H, kind: 'theme_day', per: 'month', min_count: 1 }],
  ['funding_policies', { id: n(9), org_id: w.H, year: 2027, rate_fen: 15000, match_ratio: '1.000', census_date: '2026-12-31' }],
  ['funding_matches', { id: n(10), branch_id: n(1), year: 2026, amount_fen: 15000, note: '配套', recorded_on: '2026-05-01' }],
  ['expenses', { id: n(11), branch_id: n(1), spent_on: '2026-05-01', amount_fen: 800, category: '资料', activity_id: n(4), note: '教材' }],
]

it('a superuser row with only the SPEC §5 columns is accepted by every table, bookkeeping filled in by the server', async () => {
  await rolledBack(db, async (tx) => {
    for (const [table, row] of minimal) {
      const r = await attempt(tx, ...insertSql(`public.${table}`, row))
      expectAffected(r, 1)
    }
    for (const table of new Set(minimal.map(([t]) => t))) {
      const q = await tx.query<{ ok: boolean }>(
        `select bool_and(root_id = $1 and updated_at = now() and sync_xid = pg_current_xact_id()) as ok from public.${table} where updated_at = now()`, [w.D])
      expect(q.rows[0]?.ok, table).toBe(true)
    }
  })
})
