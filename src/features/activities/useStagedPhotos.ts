// Photos taken while a new activity is being written: kept in memory under the id the activity will have, shown in
// the form, and stored with it on save (the activity itself is saved even if they cannot be).
import { shallowRef } from 'vue'
import { useActivitiesStore, type ActivityPhoto } from '../../stores/activities'
import { usePhotoIntake } from './usePhotoIntake'

/** `activityId`: the new activity's id; null when editing, where photos are stored at once (ActivityPhotos). */
export function useStagedPhotos(activityId: string | null) {
  const store = useActivitiesStore()
  const photos = usePhotoIntake()
  /** Shallow: IndexedDB cannot clone Vue's proxies. */
  const staged = shallowRef<ActivityPhoto[]>([])

  async function add(files: File[]) {
    if (activityId) staged.value = [...staged.value, ...await photos.intake(files, activityId)]
  }
  const remove = (id: string) => { staged.value = staged.value.filter((p) => p.id !== id) }

  /** The error when the photos could not be stored (null: stored, or none to store). */
  async function storeStaged(): Promise<unknown> {
    if (!staged.value.length) return null
    try {
      await store.addPhotos(staged.value)
      staged.value = []
      return null
    } catch (error) {
      console.error('activities: storing the photos of a new activity failed', activityId, staged.value.length, error)
      return error ?? new Error('photos not stored')
    }
  }

  return { staged, add, remove, busy: photos.busy, storeStaged }
}
