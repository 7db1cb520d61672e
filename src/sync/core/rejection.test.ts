import { describe, expect, test } from 'vitest'
import { checkinProblem, fixRoute, groupRejected, rejectionReason, revokedRole, rowLabel } from './rejection'

describe('rejection', () => {
  test('Postgres error classes map to reasons a secretary can act on', () => {
    expect(rejectionReason('42501')).toBe('forbidden')
    expect(rejectionReason('23514')).toBe('invalid')
    expect(rejectionReason('22007')).toBe('invalid')
    expect(rejectionReason('P0001')).toBe('invalid')
    expect(rejectionReason('23503')).toBe('missing')
    expect(rejectionReason('23505')).toBe('duplicate')
    expect(rejectionReason('40001')).toBe('conflict')
    expect(rejectionReason('XX000')).toBe('other')
    expect(rejectionReason(null)).toBe('other')
    expect(rejectionReason('role_revoked')).toBe('revoked')
  })

  test('a write refused because the role was revoked names the role, the day and the organisation', () => {
    expect(revokedRole('role revoked: secretary 2026-12-04 心内科党支部')).toEqual({ role: 'secretary', day: '2026-12-04', org: '心内科党支部' })
    expect(revokedRole('role revoked: reviewer 2026-01-31 市一医院 党委')).toEqual({ role: 'reviewer', day: '2026-01-31', org: '市一医院 党委' })
    expect(revokedRole('new row violates row-level security policy')).toBeNull()
    expect(revokedRole(null)).toBeNull()
  })

  test('the row is named by its own words, the local row first', () => {
    expect(rowLabel({ fields: { title: '旧标题' } }, { title: '11月支委会' })).toBe('11月支委会')
    expect(rowLabel({ fields: { full_name: '王立新' } }, undefined)).toBe('王立新')
    expect(rowLabel({ fields: { status: 'leave' } }, { status: 'leave' })).toBe('')
    expect(rowLabel({ table: 'people', fields: {} }, { name: '张三', title: '主治医师' })).toBe('张三') // not the post
  })

  test('an attendance row is fixed on its activity', () => {
    expect(fixRoute({ table: 'activities', row_id: 'a1', fields: {} }, undefined)).toBe('/activities/a1')
    expect(fixRoute({ table: 'orgs', row_id: 'o1', fields: {} }, undefined)).toBe('/review/orgs/o1')
    expect(fixRoute({ table: 'attendance', row_id: 't1', fields: {} }, { activity_id: 'a2' })).toBe('/activities/a2')
    expect(fixRoute({ table: 'pairings', row_id: 'p1', fields: {} }, undefined)).toBeNull()
  })

  test('money and policy rows are fixed on their own screens', () => {
    expect(fixRoute({ table: 'expenses', row_id: 'e1', fields: {} }, undefined)).toBe('/funding/expenses')
    expect(fixRoute({ table: 'funding_matches', row_id: 'm1', fields: {} }, undefined)).toBe('/funding')
    expect(fixRoute({ table: 'funding_policies', row_id: 'f1', fields: {} }, undefined)).toBe('/funding/policies')
    expect(fixRoute({ table: 'cadence_policies', row_id: 'c1', fields: { org_id: 'h1' } }, undefined)).toBe('/review/cadence?org=h1')
  })

  test('a refused activity code says why, from the server\'s message or a pending check-in\'s ruling', () => {
    expect(checkinProblem('event check-in code rejected: bad_signature')).toBe('bad_signature')
    expect(checkinProblem('event check-in code rejected: outside_window')).toBe('outside_window')
    expect(checkinProblem('other_activity')).toBe('other_activity')
    expect(checkinProblem('event check-in code rejected: something_new')).toBeNull()
    expect(checkinProblem('new row violates row-level security policy')).toBeNull()
    expect(checkinProblem(null)).toBeNull()
  })

  test('an activity\'s refused check-in key rides along with the refused activity, not as a second item', () => {
    const e = (id: string, table: 'activities' | 'event_keys' | 'attendance', row_id: string) => ({ id, table, row_id })
    const groups = groupRejected([e('m1', 'activities', 'a1'), e('m2', 'event_keys', 'a1'), e('m3', 'event_keys', 'a2'), e('m4', 'attendance', 't1')])
    expect(groups.map((g) => [g.entry.id, g.companions.map((c) => c.id)])).toEqual([['m1', ['m2']], ['m3', []], ['m4', []]])
  })
})

