// Check-in by event code through sync (SPEC §6, supabase/migrations/20261201000500_checkin.sql): the member's phone pushes
// the code it scanned; the server verifies it, keeps it pending until the activity's key arrives, refuses a bad
// one with the reason, keeps one check-in per person, does not let a stale roster edit undo it, and records who
// changed what. Every write goes through sync_push as the member's or the secretary's device sends it; codes are
// signed by the app's own makeCode. On PGlite and on the machine's PostgreSQL 15 (skipped, with the reason
// printed, where there is none).
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { EVENT_KEY, OTHER_EVENT_KEY, eventCode, flipSignatureByte } from './checkin-helpers'
import { onBothEngines, type OpenEngine, useEngine } from './engines'
import { ids, mutation, pullAll, push, seedWorld, type Mutation, type Queryable } from './sync/setup'

const member = '00000000-0000-4000-8000-00000000f001' // the account of p1, 王芳
const secretaryPerson = '00000000-0000-4000-8000-00000000f101' // the secretary's own roster row: 刘洋
const MEMBER_NAME = '王芳'
const SECRETARY_NAME = '刘洋'

// A lesson on 2026-11-20, 14:30–16:00 in Shanghai: check-in opens at 14:00 (06:00Z) and closes at 16:00 (08:00Z).
const START = '2026-11-20T06:30:00Z'
const END = '2026-11-20T08:00:00Z'
const AT = '2026-11-20T06:35:00Z' // when the member scans: 5 min after the start
const minutes = (iso: string, n: number) => Date.parse(iso) + n * 60_000

async function addPeople(db: Queryable): Promise<void> {
  await seedWorld(db)
  await db.query(`insert into auth.users (id, email) values ($1, 'wangfang@test')`, [member])
  await db.query('update public.people set user_id = $1 where id = $2', [member, ids.p1])
  await db.query(`insert into public.people (id, branch_id, user_id, name, party_status, admitted_on)
                  values ($1, $2, $3, $4, 'full', '2005-07-01')`, [secretaryPerson, ids.b1, ids.secretary, SECRETARY_NAME])
}

const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value)
type Row = Record<string, unknown>
type Change = Record<string, unknown>

/** Every attendance row of the person at the activity, as the superuser sees it. */
async function attendanceOf(db: Queryable, activity: string, person = ids.p1): Promise<Row[]> {
  const { rows } = await db.query('select to_jsonb(t) as r from public.attendance t where activity_id = $1 and person_id = $2',
    [activity, person])
  return rows.map((r) => json((r as { r: unknown }).r) as Row)
}

async function onlyRow(db: Queryable, activity: string): Promise<Row> {
  const rows = await attendanceOf(db, activity)
  expect(rows).toHaveLength(1)
  return rows[0] as Row
}

/** The row's history without the server times (each checked to be a time). */
function changes(row: Row): Change[] {
  return (row.history as Change[]).map(({ at, ...rest }) => {
    expect(Number.isNaN(Date.parse(String(at))), `history time ${String(at)}`).toBe(false)
    return rest
  })
}

function suite(name: string, skip: string | undefined, open: OpenEngine) {
  describe.skipIf(skip)(`event-code check-in through sync on ${name}`, () => {
    const db = useEngine(open, addPeople)

    /** A lesson the secretary's device creates, with its event key in the same batch unless `key` is null. */
    async function newActivity(key: string | null = EVENT_KEY): Promise<string> {
      const id = randomUUID()
      const batch: Mutation[] = [mutation('activities', { id, branch_id: ids.b1, kinds: ['lesson'], title: '十一月党课', starts_at: START, ends_at: END })]
      if (key !== null) batch.push(mutation('event_keys', { id, activity_id: id, key }))
      expect((await push(db, ids.secretary, batch)).map((r) => r.status)).toEqual(batch.map(() => 'applied'))
      return id
    }

    /** What the member's phone pushes after scanning `code`. */
    const scan = (activity: string, code: string, at = AT) => mutation('attendance',
      { id: randomUUID(), activity_id: activity, person_id: ids.p1, status: 'present', method: 'event_code', checked_in_at: at, checkin_code: code })

    /** The secretary's roster entry for the member. */
    const roster = (activity: string, status: string, leave_reason: string | null = null) => mutation('attendance',
      { id: randomUUID(), activity_id: activity, person_id: ids.p1, status, method: 'roster', leave_reason })

    /** The member's attendance row for the activity as the member's phone pulls it. */
    async function pulledByMember(activity: string): Promise<Row | undefined> {
      const { rows } = await pullAll(db, member)
      return rows.find((r) => r.table === 'attendance' && r.row.activity_id === activity)?.row
    }

    const checkedIn = { by: 'member', name: MEMBER_NAME, status: 'present', method: 'event_code' }

    test('a valid code is stored verified, and the member\'s phone pulls the ruling', async () => {
      const activity = await newActivity()
      const code = await eventCode(activity, EVENT_KEY, AT)
      const [result] = await push(db, member, [scan(activity, code)])
      expect(result).toMatchObject({ status: 'applied' })
      const row = await onlyRow(db, activity)
      expect(row).toMatchObject({ status: 'present', method: 'event_code', checkin_code: code, checkin_state: 'verified', checkin_problem: null })
      expect(changes(row)).toEqual([{ ...checkedIn, state: 'verified' }])
      expect(await pulledByMember(activity)).toMatchObject({ status: 'present', checkin_state: 'verified' })
    })

    test('before the activity\'s key reaches the server the check-in is pending; the secretary\'s key verifies it', async () => {
      const activity = await newActivity(null)
      const [result] = await push(db, member, [scan(activity, await eventCode(activity, EVENT_KEY, AT))])
      expect(result).toMatchObject({ status: 'applied' })
      expect(await onlyRow(db, activity)).toMatchObject({ status: 'present', checkin_state: 'pending' })
      expect(await pulledByMember(activity)).toMatchObject({ status: 'present', checkin_state: 'pending' })

      const [key] = await push(db, ids.secretary, [mutation('event_keys', { id: activity, activity_id: activity, key: EVENT_KEY })])
      expect(key).toMatchObject({ status: 'applied' })
      const row = await onlyRow(db, activity)
      expect(row).toMatchObject({ status: 'present', method: 'event_code', checkin_state: 'verified', checkin_problem: null })
      expect(changes(row)).toEqual([{ ...checkedIn, state: 'pending' }, { by: 'server', status: 'present', method: 'event_code', state: 'verified' }])
      expect(await pulledByMember(activity)).toMatchObject({ status: 'present', checkin_state: 'verified' })
    })

    test.each([
      ['signed with a key other than the one that arrives', () => ({ key: OTHER_EVENT_KEY, at: AT }), 'bad_signature'],
      ['from a step an hour after the end', () => ({ key: EVENT_KEY, at: minutes(END, 60) }), 'outside_window'],
    ] as const)('a pending check-in %s becomes absent, rejected with the reason (%s)', async (_what, made, reason) => {
      const activity = await newActivity(null)
      const { key, at } = made()
      expect((await push(db, member, [scan(activity, await eventCode(activity, key, at))]))[0]).toMatchObject({ status: 'applied' })
      expect((await push(db, ids.secretary, [mutation('event_keys', { id: activity, activity_id: activity, key: EVENT_KEY })]))[0])
        .toMatchObject({ status: 'applied' })
      const row = await onlyRow(db, activity)
      expect(row).toMatchObject({ status: 'absent', method: 'event_code', checkin_state: 'rejected', checkin_problem: reason })
      expect(changes(row)).toEqual([
        { ...checkedIn, state: 'pending' },
        { by: 'server', status: 'absent', method: 'event_code', state: 'rejected', problem: reason },
      ])
      // the member's phone learns why (需处理)
      expect(await pulledByMember(activity)).toMatchObject({ status: 'absent', checkin_state: 'rejected', checkin_problem: reason })
    })

    test.each([
      ['a flipped signature byte', async (a: string) => flipSignatureByte(await eventCode(a, EVENT_KEY, AT)), 'bad_signature'],
      ['another activity\'s code', async () => { const b = await newActivity(OTHER_EVENT_KEY); return eventCode(b, OTHER_EVENT_KEY, AT) }, 'other_activity'],
      ['a code from 31 min before the start', (a: string) => eventCode(a, EVENT_KEY, minutes(START, -31)), 'outside_window'],
      ['a code from the day after', (a: string) => eventCode(a, EVENT_KEY, minutes(END, 24 * 60)), 'outside_window'],
      ['a malformed code', async () => 'https://example.org/checkin', 'malformed'],
      ['a member code in place of the activity\'s', async (a: string) => (await eventCode(a, EVENT_KEY, AT)).replace('ZB1.e.', 'ZB1.m.'), 'malformed'],
    ] as const)('%s is refused on arrival with its reason (%s), and no check-in is stored', async (_what, made, reason) => {
      const activity = await newActivity()
      const [result] = await push(db, member, [scan(activity, await made(activity))])
      expect(result).toMatchObject({ status: 'rejected', code: '22023' })
      expect(result?.reason).toBe(`event check-in code rejected: ${reason}`)
      expect(await attendanceOf(db, activity)).toEqual([])
    })

    test('a refused code leaves the secretary\'s absent mark as it was', async () => {
      const activity = await newActivity()
      const [marked] = await push(db, ids.secretary, [roster(activity, 'absent')])
      const before = await onlyRow(db, activity)
      const [result] = await push(db, member, [scan(activity, flipSignatureByte(await eventCode(activity, EVENT_KEY, AT)))])
      expect(result).toMatchObject({ status: 'rejected', code: '22023', reason: 'event check-in code rejected: bad_signature' })
      expect(await onlyRow(db, activity)).toEqual(before)
      expect(before).toMatchObject({ id: marked?.row_id, status: 'absent', method: 'roster' })
    })

    test('a check-in on a row the secretary had removed brings it back, present', async () => {
      const activity = await newActivity()
      const mark = roster(activity, 'absent')
      await push(db, ids.secretary, [mark])
      await push(db, ids.secretary, [mutation('attendance', { id: mark.row.id, deleted_at: AT }, (await onlyRow(db, activity)).sync_seq as number)])
      expect((await onlyRow(db, activity)).deleted_at).not.toBeNull()
      const [result] = await push(db, member, [scan(activity, await eventCode(activity, EVENT_KEY, AT))])
      expect(result).toMatchObject({ status: 'applied', merged_into: mark.row.id })
      expect(await onlyRow(db, activity)).toMatchObject({ status: 'present', method: 'event_code', checkin_state: 'verified', deleted_at: null })
      expect(await pulledByMember(activity)).toMatchObject({ status: 'present', deleted_at: null })
    })

    test('the same code sent again after the server ruled it out is refused with the same reason', async () => {
      const activity = await newActivity(null)
      const code = await eventCode(activity, OTHER_EVENT_KEY, AT)
      await push(db, member, [scan(activity, code)])
      await push(db, ids.secretary, [mutation('event_keys', { id: activity, activity_id: activity, key: EVENT_KEY })])
      expect(await onlyRow(db, activity)).toMatchObject({ status: 'absent', checkin_state: 'rejected' })
      const [again] = await push(db, member, [scan(activity, code)])
      expect(again).toMatchObject({ status: 'rejected', code: '22023', reason: 'event check-in code rejected: bad_signature' })
      expect(await onlyRow(db, activity)).toMatchObject({ status: 'absent', checkin_state: 'rejected' })
    })

    test('a session that claims to be the server still has its codes checked', async () => {
      const activity = await newActivity()
      await db.query(`select set_config('zhibu.actor', 'server', false)`)
      try {
        const [result] = await push(db, member, [scan(activity, flipSignatureByte(await eventCode(activity, EVENT_KEY, AT)))])
        expect(result).toMatchObject({ status: 'rejected', code: '22023', reason: 'event check-in code rejected: bad_signature' })
        expect(await attendanceOf(db, activity)).toEqual([])
      } finally {
        await db.query(`select set_config('zhibu.actor', '', false)`)
      }
    })

    test('a check-in that arrives twice is one check-in: a retried push, and a second scan', async () => {
      const activity = await newActivity()
      const firstCode = await eventCode(activity, EVENT_KEY, AT)
      const first = scan(activity, firstCode)
      const [applied] = await push(db, member, [first])
      const [retried] = await push(db, member, [first]) // the response was lost: same mutation id
      expect(applied).toMatchObject({ status: 'applied' })
      expect(retried).toEqual(applied)
      const afterFirst = await onlyRow(db, activity)

      // a second scan 10 min later: a new mutation, a new row id, the code of a later step
      const second = scan(activity, await eventCode(activity, EVENT_KEY, minutes(AT, 10)), new Date(minutes(AT, 10)).toISOString())
      const [merged] = await push(db, member, [second])
      expect(merged).toMatchObject({ status: 'applied', merged_into: first.row.id })
      const row = await onlyRow(db, activity)
      expect(row).toMatchObject({ id: first.row.id, status: 'present', method: 'event_code', checkin_state: 'verified', checkin_code: firstCode })
      expect(row.checked_in_at).toEqual(afterFirst.checked_in_at)
      expect(changes(row)).toEqual([{ ...checkedIn, state: 'verified' }])
    })

    test('a member the secretary already marked present stays as marked (roster) when they scan too', async () => {
      const activity = await newActivity()
      const [marked] = await push(db, ids.secretary, [roster(activity, 'present')])
      const [result] = await push(db, member, [scan(activity, await eventCode(activity, EVENT_KEY, AT))])
      expect(result).toMatchObject({ status: 'applied', merged_into: marked?.row_id })
      const row = await onlyRow(db, activity)
      expect(row).toMatchObject({ status: 'present', method: 'roster', checked_in_at: null, checkin_code: null, checkin_state: null })
      expect(changes(row)).toEqual([{ by: 'secretary', name: SECRETARY_NAME, status: 'present', method: 'roster' }])
    })

    test.each([
      ['absent', null],
      ['on leave', '外出学习'],
    ] as const)('a member marked %s who checks in with a valid code becomes present by event code, the leave reason cleared', async (what, reason) => {
      const activity = await newActivity()
      const status = what === 'absent' ? 'absent' : 'leave'
      await push(db, ids.secretary, [roster(activity, status, reason)])
      expect(await onlyRow(db, activity)).toMatchObject({ status, leave_reason: reason })
      const [result] = await push(db, member, [scan(activity, await eventCode(activity, EVENT_KEY, AT))])
      expect(result).toMatchObject({ status: 'applied' })
      const row = await onlyRow(db, activity)
      expect(row).toMatchObject({ status: 'present', method: 'event_code', checkin_state: 'verified', leave_reason: null })
      expect(changes(row)).toEqual([
        { by: 'secretary', name: SECRETARY_NAME, status, method: 'roster' },
        { ...checkedIn, state: 'verified' },
      ])
    })

    test.each([
      ['move their present mark to another activity', 'present', 'move'],
      ['move their absence to another activity', 'absent', 'move'],
      ['delete their absence', 'absent', 'delete'],
    ] as const)('a check-in cannot %s, even with a valid code', async (_what, status, how) => {
      const activity = await newActivity()
      const other = await newActivity()
      const mark = roster(activity, status)
      await push(db, ids.secretary, [mark])
      const before = await onlyRow(db, activity)
      const target = how === 'move' ? other : activity
      const edit = mutation('attendance', {
        id: mark.row.id, activity_id: target, status: 'present', method: 'event_code', checked_in_at: AT,
        checkin_code: await eventCode(target, EVENT_KEY, AT), ...(how === 'delete' ? { deleted_at: AT } : {}),
      })
      const [result] = await push(db, member, [edit])
      expect(result).toMatchObject({ status: 'rejected', code: '42501' })
      expect(await onlyRow(db, activity)).toEqual(before)
      expect(await attendanceOf(db, other)).toEqual([])
    })

    test('a stale roster edit does not undo a check-in; the secretary\'s later explicit change does, and the history shows both', async () => {
      const activity = await newActivity()
      const mark = roster(activity, 'absent')
      const [marked] = await push(db, ids.secretary, [mark])
      const code = await eventCode(activity, EVENT_KEY, AT)
      expect((await push(db, member, [scan(activity, code)]))[0]).toMatchObject({ status: 'applied', merged_into: mark.row.id })

      // the secretary's phone has not pulled the check-in: it re-marks the roster from its old copy
      const [stale] = await push(db, ids.secretary, [mutation('attendance',
        { id: mark.row.id, status: 'absent', method: 'roster', makeup_note: '会后通知' }, marked?.seq)])
      expect(stale).toMatchObject({ status: 'applied', kept: ['status', 'method', 'checked_in_at', 'leave_reason', 'checkin_code'] })
      let row = await onlyRow(db, activity)
      expect(row).toMatchObject({ status: 'present', method: 'event_code', checkin_code: code, checkin_state: 'verified', makeup_note: '会后通知' })
      expect(changes(row)).toHaveLength(2)

      // after pulling, the secretary marks the member absent after all (left at once): that wins
      const { rows } = await pullAll(db, ids.secretary)
      const seen = rows.find((r) => r.table === 'attendance' && r.row.id === mark.row.id)
      expect(seen?.row).toMatchObject({ status: 'present', method: 'event_code' })
      const [explicit] = await push(db, ids.secretary, [mutation('attendance', { id: mark.row.id, status: 'absent', method: 'roster' }, seen?.seq)])
      expect(explicit).toMatchObject({ status: 'applied' })
      expect(explicit?.kept).toBeUndefined()
      row = await onlyRow(db, activity)
      expect(row).toMatchObject({ status: 'absent', method: 'roster', checkin_code: null, checkin_state: null, checkin_problem: null })
      expect(changes(row)).toEqual([
        { by: 'secretary', name: SECRETARY_NAME, status: 'absent', method: 'roster' },
        { ...checkedIn, state: 'verified' },
        { by: 'secretary', name: SECRETARY_NAME, status: 'absent', method: 'roster' },
      ])
    })

    test.each([
      ['checkin_state', 'verified', 'member'],
      ['checkin_problem', null, 'member'],
      ['history', [], 'member'],
      ['checkin_state', 'verified', 'secretary'],
      ['history', [{ status: 'present', by: 'server' }], 'secretary'],
    ] as const)('%s is the server\'s: a push that sets it (%j, by the %s) is refused as malformed and stores nothing', async (column, value, who) => {
      const activity = await newActivity()
      const m = scan(activity, await eventCode(activity, EVENT_KEY, AT))
      m.row[column] = value
      await expect(push(db, who === 'member' ? member : ids.secretary, [m]))
        .rejects.toMatchObject({ hint: 'malformed', message: expect.stringContaining(`column '${column}' cannot be written in attendance`) })
      expect(await attendanceOf(db, activity)).toEqual([])
    })
  })
}

onBothEngines('zhibu_checkin_flow', suite)
