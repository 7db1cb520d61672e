// Check-in keys (SPEC §6, supabase/migrations/20261201000500_checkin.sql): HMAC-SHA-256 on core sha256() against RFC 4231, member keys
// issued by the server when a person is linked to an account, rotation by the branch's secretaries only, and
// event-code verification — on PGlite and on the machine's PostgreSQL 15 (skipped with the reason printed
// where there is none). Tokens are made here with node:crypto, independently of the SQL under test.
import { createHmac, randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { projectRoot } from './db'
import { onBothEngines, type OpenEngine, useEngine } from './engines'
import { asUser, ids, seedWorld, type Queryable } from './sync/setup'

const x = {
  member: '00000000-0000-4000-8000-00000000e001', // an account for p1
  member2: '00000000-0000-4000-8000-00000000e002',
  activity: '00000000-0000-4000-8000-00000000e101', // 2026-04-15 06:00–07:30 UTC
  open: '00000000-0000-4000-8000-00000000e102', // 2026-04-16 06:00 UTC, no end
  other: '00000000-0000-4000-8000-00000000e103', // another B1 activity, with its own key
  keyless: '00000000-0000-4000-8000-00000000e104', // no event key yet
}
const eventKey = Buffer.from('zhibu-test-event-key-0001').toString('base64url')
const otherKey = Buffer.from('zhibu-test-event-key-0002').toString('base64url')
const openKey = Buffer.from('zhibu-test-event-key-0003').toString('base64url')

const step = (iso: string) => Math.floor(Date.parse(iso) / 1000 / 30)
const sign = (key: string, kind: string, subject: string, s: number) =>
  createHmac('sha256', Buffer.from(key, 'base64url')).update(`ZB1|${kind}|${subject}|${s}`, 'utf8').digest().subarray(0, 10).toString('base64url')
const token = (key: string, activity: string, s: number) => `ZB1.e.${activity}.${s}.${sign(key, 'e', activity, s)}`

async function addFixtures(db: Queryable): Promise<void> {
  await seedWorld(db)
  await db.query(`insert into auth.users (id, email) values ($1, 'm1@test'), ($2, 'm2@test')`, [x.member, x.member2])
  await db.query(`insert into public.activities (id, branch_id, kinds, starts_at, ends_at) values
      ($1, $4, '{lesson}', '2026-04-15T06:00:00Z', '2026-04-15T07:30:00Z'),
      ($2, $4, '{theme_day}', '2026-04-16T06:00:00Z', null),
      ($3, $4, '{lesson}', '2026-04-15T06:00:00Z', null),
      ($5, $4, '{lesson}', '2026-04-15T06:00:00Z', null)`, [x.activity, x.open, x.other, ids.b1, x.keyless])
  await db.query(`insert into public.event_keys (id, activity_id, key) values ($1, $1, $2), ($3, $3, $4), ($5, $5, $6)`,
    [x.activity, eventKey, x.other, otherKey, x.open, openKey])
}

/** Runs the statements as the superuser in a transaction that is always rolled back; returns the last rows. */
async function inRollback<T>(db: Queryable, fn: () => Promise<T>): Promise<T> {
  await db.query('begin')
  try {
    return await fn()
  } finally {
    await db.query('rollback')
  }
}

const one = async <T>(db: Queryable, sql: string, params: unknown[] = []): Promise<T> =>
  (await db.query(sql, params)).rows[0] as T

const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex')
// RFC 4231 §4: [case, key hex, data hex, HMAC-SHA-256 hex]
const rfc4231: readonly (readonly [string, string, string, string])[] = [
  ['1', '0b'.repeat(20), hex('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
  ['2', hex('Jefe'), hex('what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
  ['3', 'aa'.repeat(20), 'dd'.repeat(50), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
  ['4', '0102030405060708090a0b0c0d0e0f10111213141516171819', 'cd'.repeat(50), '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b'],
  ['6 (a 131-byte key, hashed first)', 'aa'.repeat(131), hex('Test Using Larger Than Block-Size Key - Hash Key First'),
    '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'],
  ['7', 'aa'.repeat(131), hex('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'),
    '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2'],
]

const S = step('2026-04-15T06:00:00Z') // the activity's start, on a step boundary
const verifyCases: readonly (readonly [string, () => [string, string], string | null])[] = [
  ['a valid code at the start', () => [token(eventKey, x.activity, S), x.activity], null],
  ['a valid code 30 min before the start (first step of the window)', () => [token(eventKey, x.activity, S - 60), x.activity], null],
  ['a code one step earlier', () => [token(eventKey, x.activity, S - 61), x.activity], 'outside_window'],
  ['a code at the end (last step of the window)', () => [token(eventKey, x.activity, step('2026-04-15T07:30:00Z')), x.activity], null],
  ['a code one step after the end', () => [token(eventKey, x.activity, step('2026-04-15T07:30:00Z') + 1), x.activity], 'outside_window'],
  ['no end: 3 h after the start', () => [token(openKey, x.open, step('2026-04-16T09:00:00Z')), x.open], null],
  ['no end: one step after 3 h', () => [token(openKey, x.open, step('2026-04-16T09:00:00Z') + 1), x.open], 'outside_window'],
  ['a flipped signature byte', () => {
    const t = token(eventKey, x.activity, S)
    const sig = Buffer.from(t.split('.')[4] ?? '', 'base64url')
    sig[3] = (sig[3] ?? 0) ^ 0x01
    return [`ZB1.e.${x.activity}.${S}.${sig.toString('base64url')}`, x.activity]
  }, 'bad_signature'],
  ['signed with another activity\'s key', () => [`ZB1.e.${x.activity}.${S}.${sign(otherKey, 'e', x.activity, S)}`, x.activity], 'bad_signature'],
  ['a member-code signature (kind m)', () => [`ZB1.e.${x.activity}.${S}.${sign(eventKey, 'm', x.activity, S)}`, x.activity], 'bad_signature'],
  ['a valid code of another activity', () => [token(otherKey, x.other, S), x.activity], 'other_activity'],
  ['an activity without a key yet', () => [token(eventKey, x.keyless, S), x.keyless], 'no_key'],
  ['an activity the server does not know', () => { const id = randomUUID(); return [token(eventKey, id, S), id] }, 'unknown_activity'],
  ['garbage', () => ['hello', x.activity], 'malformed'],
  ['an empty token', () => ['', x.activity], 'malformed'],
  ['a member code', () => [`ZB1.m.${x.activity}.${S}.${sign(eventKey, 'm', x.activity, S)}`, x.activity], 'malformed'],
  ['another version', () => [token(eventKey, x.activity, S).replace('ZB1.', 'ZB2.'), x.activity], 'malformed'],
  ['an upper-case uuid', () => [token(eventKey, x.activity, S).replace(x.activity, x.activity.toUpperCase()), x.activity], 'malformed'],
  ['a step with a leading zero', () => [`ZB1.e.${x.activity}.0${S}.${sign(eventKey, 'e', x.activity, S)}`, x.activity], 'malformed'],
  ['a truncated signature', () => [token(eventKey, x.activity, S).slice(0, -1), x.activity], 'malformed'],
  ['a padded signature', () => [`${token(eventKey, x.activity, S)}==`, x.activity], 'malformed'],
]

// The vectors shared with the TypeScript side (src/domain/checkin-codes.ts), made with node:crypto.
interface SharedVectors {
  signatures: { key: string; kind: string; subject: string; at: string; code: string }[]
  activities: { id: string; starts_at: string; ends_at: string | null; key: string }[]
  event_checks: { why: string; activity: string; token: string; reason: string | null }[]
}
const sharedFile = join(projectRoot, 'tests', 'fixtures', 'checkin-codes.json')
const shared: SharedVectors | undefined = existsSync(sharedFile) ? JSON.parse(readFileSync(sharedFile, 'utf8')) as SharedVectors : undefined

function suite(name: string, skip: string | undefined, open: OpenEngine) {
  describe.skipIf(skip)(`check-in keys and codes on ${name}`, () => {
    const db = useEngine(open, addFixtures)

    test.each(rfc4231)('HMAC-SHA-256, RFC 4231 test case %s', async (_case, key, data, mac) => {
      const r = await one<{ h: string }>(db, `select encode(private.hmac_sha256(decode($1, 'hex'), decode($2, 'hex')), 'hex') as h`, [key, data])
      expect(r.h).toBe(mac)
    })

    test('the signature matches node:crypto for an empty, a short and a 64-byte key', async () => {
      for (const key of ['', 'AA', Buffer.alloc(64, 7).toString('base64url')]) {
        const r = await one<{ s: string }>(db, `select private.checkin_signature($1, 'e', $2, $3) as s`, [key, x.activity, S])
        expect(r.s).toBe(sign(key, 'e', x.activity, S))
      }
    })

    test('linking a person to an account issues a key of 32 random bytes; others get none', async () => {
      await inRollback(db, async () => {
        expect((await db.query('select 1 from public.member_keys')).rows).toEqual([])
        await db.query('update public.people set user_id = $1 where id = $2', [x.member, ids.p1])
        await db.query('update public.people set user_id = $1 where id = $2', [x.member2, ids.p2])
        const { rows } = await db.query(`select id, person_id, key, branch_id, deleted_at, octet_length(private.base64url_decode(key)) as n
                                           from public.member_keys order by id`)
        expect(rows).toMatchObject([
          { id: ids.p1, person_id: ids.p1, branch_id: ids.b1, deleted_at: null, n: 32 },
          { id: ids.p2, person_id: ids.p2, branch_id: ids.b1, deleted_at: null, n: 32 },
        ])
        const keys = (rows as { key: string }[]).map((r) => r.key)
        expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{43}$/)
        expect(keys[0]).not.toBe(keys[1])
      })
    })

    test('a person inserted with an account gets a key; unlinking replaces it by a tombstone; relinking revives it', async () => {
      await inRollback(db, async () => {
        const id = randomUUID()
        await db.query(`insert into public.people (id, branch_id, user_id, name, party_status) values ($1, $2, $3, '新人', 'applicant')`, [id, ids.b1, x.member])
        const first = await one<{ key: string; deleted_at: unknown }>(db, 'select key, deleted_at from public.member_keys where id = $1', [id])
        expect(first.deleted_at).toBeNull()
        await db.query('update public.people set user_id = null where id = $1', [id])
        const gone = await one<{ key: string; deleted_at: unknown }>(db, 'select key, deleted_at from public.member_keys where id = $1', [id])
        expect(gone.deleted_at).not.toBeNull()
        expect(gone.key).not.toBe(first.key)
        await db.query('update public.people set user_id = $1 where id = $2', [x.member2, id])
        const again = await one<{ key: string; deleted_at: unknown }>(db, 'select key, deleted_at from public.member_keys where id = $1', [id])
        expect(again.deleted_at).toBeNull()
        expect([first.key, gone.key]).not.toContain(again.key)
        // an edit that does not touch the account keeps the key
        await db.query(`update public.people set department = '内科' where id = $1`, [id])
        expect((await one<{ key: string }>(db, 'select key from public.member_keys where id = $1', [id])).key).toBe(again.key)
      })
    })

    test('a person moved to another branch (service role only) takes their key along', async () => {
      await inRollback(db, async () => {
        await db.query('update public.people set user_id = $1 where id = $2', [x.member, ids.p1])
        const before = await one<{ key: string }>(db, 'select key from public.member_keys where id = $1', [ids.p1])
        await db.query('update public.people set branch_id = $1 where id = $2', [ids.b2, ids.p1])
        expect(await one(db, 'select key, branch_id from public.member_keys where id = $1', [ids.p1])).toEqual({ key: before.key, branch_id: ids.b2 })
      })
    })

    test('the one-off backfill issues keys to people linked before the migration, once', async () => {
      await inRollback(db, async () => {
        await db.query('alter table public.people disable trigger t95_member_key')
        await db.query('update public.people set user_id = $1 where id = $2', [x.member, ids.p1])
        await db.query('alter table public.people enable trigger t95_member_key')
        expect((await db.query('select 1 from public.member_keys')).rows).toHaveLength(0)
        expect(await one(db, 'select private.backfill_member_keys() as n')).toEqual({ n: 1 })
        expect(await one(db, 'select private.backfill_member_keys() as n')).toEqual({ n: 0 })
        expect((await db.query('select id from public.member_keys')).rows).toEqual([{ id: ids.p1 }])
      })
    })

    test('the branch\'s secretary rotates a member\'s key; another branch\'s secretary and the member cannot', async () => {
      await db.query('update public.people set user_id = $1 where id = $2', [x.member, ids.p1])
      try {
        const key = async () => (await one<{ key: string }>(db, 'select key from public.member_keys where id = $1', [ids.p1])).key
        const before = await key()
        const rotate = (user: string) => asUser(db, user, () => db.query('select public.rotate_member_key($1)', [ids.p1]))
          .then(() => 'ok', (e: { code?: string }) => e.code)
        expect(await rotate(ids.secretary2)).toBe('42501')
        expect(await rotate(x.member)).toBe('42501')
        expect(await key()).toBe(before)
        expect(await rotate(ids.secretary)).toBe('ok')
        const after = await key()
        expect(after).not.toBe(before)
        expect(after).toMatch(/^[A-Za-z0-9_-]{43}$/)
        // a person without an account has no key to rotate
        expect(await asUser(db, ids.secretary, () => db.query('select public.rotate_member_key($1)', [ids.p2]))
          .then(() => 'ok', (e: { code?: string }) => e.code)).toBe('P0002')
      } finally {
        await db.query('update public.people set user_id = null where id = $1', [ids.p1])
      }
    })

    test.skipIf(!shared)('the SQL gives the shared vectors\' signatures and verdicts (tests/fixtures/checkin-codes.json)', async () => {
      const v = shared as SharedVectors
      for (const c of v.signatures) {
        const s = Math.floor(Date.parse(c.at) / 1000 / 30)
        const r = await one<{ code: string }>(db, `select 'ZB1.' || $2::text || '.' || $3::uuid || '.' || $4::bigint || '.' || private.checkin_signature($1::text, $2::text, $3::uuid, $4::bigint) as code`,
          [c.key, c.kind, c.subject, s])
        expect(r.code, `${c.kind} ${c.subject} at ${c.at}`).toBe(c.code)
      }
      await inRollback(db, async () => {
        for (const a of v.activities) {
          await db.query(`insert into public.activities (id, branch_id, kinds, starts_at, ends_at) values ($1, $2, '{lesson}', $3, $4)`,
            [a.id, ids.b1, a.starts_at, a.ends_at])
          await db.query('insert into public.event_keys (id, activity_id, key) values ($1, $1, $2)', [a.id, a.key])
        }
        for (const c of v.event_checks) {
          expect(await one(db, 'select private.verify_checkin_code($1, $2) as r', [c.token, c.activity]), c.why).toEqual({ r: c.reason })
        }
      })
    })

    test.each(verifyCases)('verify_checkin_code: %s', async (_what, make, reason) => {
      const [t, activity] = make()
      expect(await one(db, 'select private.verify_checkin_code($1, $2) as r', [t, activity])).toEqual({ r: reason })
    })

    test('verify_checkin_code is not callable by clients', async () => {
      const r = await asUser(db, ids.secretary, () => db.query('select private.verify_checkin_code($1, $2)', [token(eventKey, x.activity, S), x.activity]))
        .then(() => 'ok', (e: { code?: string }) => e.code)
      expect(r).toBe('42501')
    })
  })
}

onBothEngines('zhibu_checkin', suite)
