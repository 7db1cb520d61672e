// Turning picked files into stored photo rows: each compressed in turn (a phone has little memory to spare);
// a file that cannot be used is reported with a translated message and the others still go through.
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { showToast } from 'vant'
import type { ActivityPhoto } from '../../stores/activities'
import { compressPhoto, PhotoError } from './photos'

export function usePhotoIntake() {
  const { t } = useI18n()
  const busy = ref(false)

  async function intake(files: readonly File[], activityId: string): Promise<ActivityPhoto[]> {
    busy.value = true
    const out: ActivityPhoto[] = []
    try {
      for (const file of files) {
        try {
          const { dataUrl, size } = await compressPhoto(file)
          out.push({ id: crypto.randomUUID(), activity_id: activityId, data_url: dataUrl, size, added_at: new Date().toISOString() })
        } catch (error) {
          const known = error instanceof PhotoError
          console.warn('activities: a photo could not be used', file.type, file.size, known ? error.cause ?? error.key : error)
          showToast({ message: t(known ? error.key : 'activities.photos.errors.unreadable'), position: 'top' })
        }
      }
    } finally {
      busy.value = false
    }
    return out
  }

  return { busy, intake }
}
