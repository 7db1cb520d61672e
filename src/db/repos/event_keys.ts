// Activities' check-in keys (SPEC §6): made on the secretary's device (so an activity created offline can
// show its code at once), pushed through the outbox, pulled back by the branch's secretaries only.
import { newCheckinKey } from '../../domain/checkin-codes'
import type { EventKey } from '../../domain/types'
import type { Local } from '../rows'
import type { ZhibuDb } from '../schema'
import { type WriteClock, defaultClock } from '../write'
import { type Repo, live, makeRepo } from './base'

export interface EventKeysRepo extends Repo<'event_keys'> {
  /** The live key of an activity, if this device holds one. */
  forActivity(activityId: string): Promise<Local<EventKey> | undefined>
  /**
   * The activity's key, created (id = activity id, a fresh newCheckinKey()) when the device has none. The
   * branch id is stored locally for queries; the server copies its own from the activity (never pushed).
   */
  ensureForActivity(activityId: string, branchId: string): Promise<Local<EventKey>>
}

export function eventKeysRepo(db: ZhibuDb, clock: WriteClock = defaultClock): EventKeysRepo {
  const base = makeRepo(db, 'event_keys', clock)
  const forActivity = async (activityId: string) =>
    (await live(db.event_keys.where('activity_id').equals(activityId)))[0]
  return {
    ...base,
    forActivity,
    ensureForActivity: async (activityId, branchId) =>
      (await forActivity(activityId)) ??
      base.put({ id: activityId, activity_id: activityId, key: newCheckinKey(), branch_id: branchId }),
  }
}
