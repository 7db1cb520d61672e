// Event check-in codes for the SQL tests (SPEC §6), signed by the app's own makeCode
// (src/domain/checkin-codes.ts): what the server accepts or refuses is what a member's phone really sends.
import { makeCode } from '../../src/domain/checkin-codes'
import type { Queryable } from './sync/setup'

/** Event keys as a secretary's phone stores them: base64url of at least 16 bytes. */
export const EVENT_KEY = Buffer.from('zhibu-sql-test-event-key-A-0001').toString('base64url')
export const OTHER_EVENT_KEY = Buffer.from('zhibu-sql-test-event-key-B-0002').toString('base64url')

/** The code the activity's QR shows at `at` (ISO time or ms since the epoch). */
export function eventCode(activityId: string, key: string, at: string | number): Promise<string> {
  return makeCode('e', activityId, key, typeof at === 'number' ? at : Date.parse(at))
}

/** Gives the activity an event key (or replaces it), as the superuser: the caller's connection must not be in a role. */
export async function giveEventKey(db: Queryable, activityId: string, key = EVENT_KEY): Promise<void> {
  await db.query(
    `insert into public.event_keys (id, activity_id, key) values ($1, $1, $2)
     on conflict (id) do update set key = excluded.key, deleted_at = null`,
    [activityId, key])
}

/**
 * A code the server verifies for the activity: the activity gets `key` (as the superuser), and the code is signed
 * with it 5 minutes after the start, inside the window (30 min before the start … the end, or start + 3 h).
 */
export async function validEventCode(db: Queryable, activityId: string, key = EVENT_KEY): Promise<string> {
  await giveEventKey(db, activityId, key)
  const { rows } = await db.query('select starts_at from public.activities where id = $1', [activityId])
  const startsAt = (rows[0] as { starts_at?: Date | string } | undefined)?.starts_at
  if (startsAt === undefined) throw new Error(`no activity ${activityId}`)
  return eventCode(activityId, key, new Date(startsAt).getTime() + 5 * 60_000)
}

/** The same code with one bit of its signature's fourth byte flipped (still well-formed). */
export function flipSignatureByte(code: string): string {
  const parts = code.split('.')
  const sig = Buffer.from(parts[4] ?? '', 'base64url')
  sig[3] = (sig[3] ?? 0) ^ 0x01
  return [...parts.slice(0, 4), sig.toString('base64url')].join('.')
}
