// One activity as its screens read it from the device (its detail, scanning members in): the row, or null when it
// is deleted or not on this device, with its attendance rows; read again as either changes.
import type { Ref } from 'vue'
import { useLiveData } from './useLiveData'

/** What the activity's store reads (stores/activities, stores/checkin). */
interface ActivityReads<A, R> {
  activity(id: string): Promise<A | undefined>
  attendanceOf(activityId: string): Promise<R[]>
}

export function useLiveActivity<A extends { deleted_at: string | null }, R>(id: Ref<string>, store: ActivityReads<A, R>, context: string) {
  return useLiveData(async () => {
    const activity = await store.activity(id.value)
    const rows = activity ? await store.attendanceOf(id.value) : []
    return { activity: activity && !activity.deleted_at ? activity : null, rows }
  }, [id], context)
}
