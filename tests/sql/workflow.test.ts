// The secretary's workflow rules (issue 5, decisions §14; *_people.sql, *_activities.sql, *_attendance.sql,
// *_pairings.sql, *_orgs.sql): the mentee's path dates, the quorum exclusion reason, an outside lecturer,
// 补学 not before the activity, a closed pairing's end day — accepted and refused cases, on PGlite and on the
// machine's PostgreSQL 15 (skipped with the reason printed where there is none). The new columns travel
// through sync_push / sync_pull like any other (the sync functions pick columns up generically).
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { onBothEngines, type OpenEngine, useEngine } from './engines'
import { ids, mutation, pullAll, push, seedWorld, type Queryable } from './sync/setup'

const x = {
  group: '00000000-0000-4000-8000-00000000f001',
  activity: '00000000-0000-4000-8000-00000000f002', // 2026-03-31 16:30 UTC = 2026-04-01 00:30 in Shanghai
  attendance: '00000000-0000-4000-8000-00000000f003',
  backbone: '00000000-0000-4000-8000-00000000f004',
  pairing: '00000000-0000-4000-8000-00000000f005',
}

async function addFixtures(db: Queryable): Promise<void> {
  await seedWorld(db)
  await db.query(`insert into public.orgs (id, parent_id, kind, name) values ($1, $2, 'group', '第一党小组')`, [x.group, ids.b1])
  await db.query(`insert into public.people (id, branch_id, name, party_status, is_backbone) values ($1, $2, '周骨干', 'activist', true)`,
    [x.backbone, ids.b1])
  await db.query(`insert into public.activities (id, branch_id, kinds, starts_at) values ($1, $2, '{theme_day}', '2026-03-31T16:30:00Z')`,
    [x.activity, ids.b1])
  await db.query(`insert into public.attendance (id, activity_id, person_id, status) values ($1, $2, $3, 'leave')`,
    [x.attendance, x.activity, ids.p1])
  await db.query(`insert into public.pairings (id, branch_id, mentor_id, mentee_id, track, started_on) values ($1, $2, $3, $4, 'backbone_to_member', '2026-01-10')`,
    [x.pairing, ids.b1, ids.p1, x.backbone])
}

type Outcome = 'ok' | string

/** Runs the statements as the superuser in one transaction that is always rolled back: 'ok' or the SQLSTATE. */
async function outcome(db: Queryable, ...statements: [string, unknown[]?][]): Promise<Outcome> {
  await db.query('begin')
  try {
    for (const [sql, params] of statements) await db.query(sql, params ?? [])
    return 'ok'
  } catch (error) {
    return (error as { code?: string }).code ?? String(error)
  } finally {
    await db.query('rollback')
  }
}

const person = (fields: Record<string, unknown>): [string, unknown[]] => {
  const row: Record<string, unknown> = { branch_id: ids.b1, name: '测试', party_status: 'applicant', ...fields }
  const cols = Object.keys(row)
  return [`insert into public.people (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row)]
}
const activity = (fields: Record<string, unknown>): [string, unknown[]] => {
  const row: Record<string, unknown> = { branch_id: ids.b1, kinds: ['lesson'], starts_at: '2026-05-01T06:00:00Z', ...fields }
  const cols = Object.keys(row)
  return [`insert into public.activities (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row)]
}
const makeup = (on: string): [string, unknown[]] => [`update public.attendance set makeup_on = $1 where id = $2`, [on, x.attendance]]

// [what, statement, expected]
const cases: readonly (readonly [string, [string, unknown[]], Outcome])[] = [
  ['an applicant with the day of application', person({ applied_on: '2025-03-01' }), 'ok'],
  ['a full member with the whole path in order', person({ party_status: 'full', applied_on: '2019-03-01', activist_on: '2019-09-01',
    candidate_on: '2020-10-01', admitted_on: '2021-01-05', confirmed_on: '2022-01-05' }), 'ok'],
  ['the same day for two stages', person({ party_status: 'candidate', applied_on: '2020-03-01', activist_on: '2020-03-01', candidate_on: '2021-03-01' }), 'ok'],
  ['known dates in order with a stage unknown between them', person({ party_status: 'candidate', applied_on: '2020-03-01', candidate_on: '2021-05-01' }), 'ok'],
  ['activist before applying', person({ party_status: 'activist', applied_on: '2020-03-01', activist_on: '2020-02-01' }), '23514'],
  ['candidate before activist', person({ party_status: 'candidate', activist_on: '2020-03-01', candidate_on: '2019-03-01' }), '23514'],
  ['admitted before listed as candidate', person({ party_status: 'probationary', candidate_on: '2025-06-01', admitted_on: '2025-05-01' }), '23514'],
  ['a probationary member admitted after listing, application after admission', person({ party_status: 'probationary',
    applied_on: '2026-01-01', candidate_on: '2025-01-01', admitted_on: '2025-06-01' }), '23514'],
  ['applied after candidate, activist unknown', person({ party_status: 'candidate', applied_on: '2021-03-01', candidate_on: '2020-03-01' }), '23514'],
  ['excluded from quorum with a reason', person({ party_status: 'full', admitted_on: '2000-07-01', excluded_from_quorum: true,
    quorum_exclusion_reason: '长期病休' }), 'ok'],
  ['excluded from quorum without a reason', person({ party_status: 'full', admitted_on: '2000-07-01', excluded_from_quorum: true }), '23514'],
  ['excluded from quorum with a blank reason', person({ party_status: 'full', admitted_on: '2000-07-01', excluded_from_quorum: true,
    quorum_exclusion_reason: '   ' }), '23514'],
  ['a 201-character exclusion reason', person({ party_status: 'full', admitted_on: '2000-07-01', excluded_from_quorum: true,
    quorum_exclusion_reason: '长'.repeat(201) }), '23514'],
  ['a 200-character exclusion reason', person({ party_status: 'full', admitted_on: '2000-07-01', excluded_from_quorum: true,
    quorum_exclusion_reason: '长'.repeat(200) }), 'ok'],
  ['exclusion switched on without a reason', ['update public.people set excluded_from_quorum = true where id = $1', [ids.p1]], '23514'],
  ['a lesson by an outside lecturer', activity({ lecturer_name: '市委党校 李明华教授' }), 'ok'],
  ['a lesson by a lecturer from the roster', activity({ lecturer_id: ids.p2 }), 'ok'],
  ['both a lecturer from the roster and an outside one', activity({ lecturer_id: ids.p2, lecturer_name: '李明华' }), '23514'],
  ['a blank outside lecturer', activity({ lecturer_name: '  ' }), '23514'],
  ['a 101-character outside lecturer', activity({ lecturer_name: '李'.repeat(101) }), '23514'],
  ['补学 on the activity’s Shanghai day (the UTC day before)', makeup('2026-04-01'), 'ok'],
  ['补学 a week after the activity', makeup('2026-04-08'), 'ok'],
  ['补学 the day before the activity’s Shanghai day', makeup('2026-03-31'), '23514'],
  ['补学 in the future', ['update public.attendance set makeup_on = current_date + 30 where id = $1', [x.attendance]], '23514'],
  ['a pairing closed with its day', ['update public.pairings set status = $1, ended_on = $2 where id = $3', ['achieved', '2026-06-30', x.pairing]], 'ok'],
  ['a pairing closed without a day', ['update public.pairings set status = $1 where id = $2', ['ended', x.pairing]], '23514'],
  ['an active pairing with an end day', ['update public.pairings set ended_on = $1 where id = $2', ['2026-06-30', x.pairing]], '23514'],
]

function suite(name: string, skip: string | undefined, open: OpenEngine) {
  describe.skipIf(skip)(`workflow rules on ${name}`, () => {
    const db = useEngine(open, addFixtures)

    test.each(cases)('%s', async (_what, statement, expected) => {
      expect(await outcome(db, statement)).toBe(expected)
    })

    test('the 补学 message names both days', async () => {
      await db.query('begin')
      try {
        await expect(db.query(...makeup('2026-03-20'))).rejects.toThrow(/2026-03-20.*before the activity.*2026-04-01/)
      } finally {
        await db.query('rollback')
      }
    })

    test('an older 补学 does not block later edits of the row when the activity moves', async () => {
      expect(await outcome(db, makeup('2026-04-02'),
        ['update public.activities set starts_at = $1 where id = $2', ['2026-04-10T06:00:00Z', x.activity]],
        ['update public.attendance set leave_reason = $1 where id = $2', ['值班', x.attendance]])).toBe('ok')
    })

    test('a secretary creates and renames a group of their branch through sync_push, not one of another branch', async () => {
      const groupId = randomUUID()
      const results = await push(db, ids.secretary, [
        mutation('orgs', { id: groupId, parent_id: ids.b1, kind: 'group', name: '第二党小组', has_committee: false }),
        mutation('orgs', { id: groupId, name: '呼吸科党小组' }),
        mutation('orgs', { id: randomUUID(), parent_id: ids.b2, kind: 'group', name: '外科党小组', has_committee: false }),
      ])
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected'])
      expect(results[2]?.code).toBe('42501')
      const { rows } = await pullAll(db, ids.secretary)
      expect(rows.find((r) => r.row.id === groupId)?.row).toMatchObject({ name: '呼吸科党小组', parent_id: ids.b1 })
      expect((await pullAll(db, ids.secretary2)).rows.some((r) => r.row.id === groupId)).toBe(false)
    })

    test('the new columns are pushed and pulled by the sync functions', async () => {
      const personId = randomUUID()
      const lessonId = randomUUID()
      const results = await push(db, ids.secretary, [
        mutation('people', { id: personId, branch_id: ids.b1, name: '吴新', party_status: 'candidate', is_backbone: true,
          applied_on: '2024-03-01', activist_on: '2024-09-01', candidate_on: '2025-10-01' }),
        mutation('people', { id: ids.p2, excluded_from_quorum: true, quorum_exclusion_reason: '援外医疗队' }),
        mutation('activities', { id: lessonId, branch_id: ids.b1, kinds: ['lesson'], starts_at: '2026-05-01T06:00:00Z',
          lecturer_name: '市委党校 李明华教授' }),
        mutation('people', { id: ids.p3, excluded_from_quorum: true }), // no reason: refused
      ])
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'rejected'])
      expect(results[3]?.code).toBe('23514')

      const { rows } = await pullAll(db, ids.secretary)
      const row = (id: string) => rows.find((r) => r.row.id === id)?.row
      expect(row(personId)).toMatchObject({ applied_on: '2024-03-01', activist_on: '2024-09-01', candidate_on: '2025-10-01' })
      expect(row(ids.p2)).toMatchObject({ excluded_from_quorum: true, quorum_exclusion_reason: '援外医疗队' })
      expect(row(ids.p3)).toMatchObject({ excluded_from_quorum: false, quorum_exclusion_reason: null })
      expect(row(lessonId)).toMatchObject({ lecturer_id: null, lecturer_name: '市委党校 李明华教授' })
    })
  })
}

onBothEngines('zhibu_workflow', suite)
