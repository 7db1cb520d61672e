// The server's review figures as last fetched, for reading offline (STORES_V4). Device-only: no outbox.
import type { Snapshot, ZhibuDb } from '../schema'

export interface SnapshotsRepo {
  get<T>(key: string): Promise<Snapshot<T> | undefined>
  /** Stores the answer with the device time it arrived. */
  put<T>(key: string, value: T, fetchedAt?: Date): Promise<Snapshot<T>>
}

export function snapshotsRepo(db: ZhibuDb): SnapshotsRepo {
  return {
    get: async <T>(key: string) => (await db.snapshots.get(key)) as Snapshot<T> | undefined,
    put: async <T>(key: string, value: T, fetchedAt = new Date()) => {
      const snapshot: Snapshot<T> = { key, value, fetched_at: fetchedAt.toISOString() }
      await db.snapshots.put(snapshot)
      return snapshot
    },
  }
}
