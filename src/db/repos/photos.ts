// Photos of an activity: optional, compressed on the device and kept on it only. They are not synced (no
// server table, no outbox entry), so a plain delete is fine here, unlike the synced tables' tombstones.
import type { ActivityPhoto } from '../rows'
import type { ZhibuDb } from '../schema'

export type { ActivityPhoto }

export interface PhotosRepo {
  /** The activity's photos, oldest first. */
  byActivity(activityId: string): Promise<ActivityPhoto[]>
  add(photos: readonly ActivityPhoto[]): Promise<void>
  remove(id: string): Promise<void>
}

export function photosRepo(db: ZhibuDb): PhotosRepo {
  return {
    byActivity: (activityId) => db.photos.where('activity_id').equals(activityId).sortBy('added_at'),
    add: async (photos) => { await db.photos.bulkPut([...photos]) },
    remove: (id) => db.photos.delete(id),
  }
}
