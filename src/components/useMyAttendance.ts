// The signed-in member's own attendance and the 补学 still to do, read live from the device (stores/member).
import { computed, type Ref } from 'vue'
import { missedWithoutMakeup, type Activity, type IsoDate } from '../domain'
import { useMemberStore } from '../stores/member'
import { useLiveData } from './useLiveData'
import { attendanceHistory, historyCounts } from '../domain/memberHistory'

export function useMyAttendance(personId: Ref<string | null>, today: IsoDate) {
  const store = useMemberStore()
  const data = useLiveData(async () => (personId.value ? store.attendanceOf(personId.value) : { rows: [], activities: [] }),
    [personId], 'member: attendance')

  const history = computed(() => attendanceHistory(data.data.value?.rows ?? [], data.data.value?.activities ?? []))
  const counts = computed(() => historyCounts(history.value))
  const activityById = computed(() => new Map<string, Activity>((data.data.value?.activities ?? []).map((a) => [a.id, a])))
  /** Missed held activities with no 补学 yet, oldest first, each with its activity. */
  const makeups = computed(() => missedWithoutMakeup(data.data.value?.rows ?? [], data.data.value?.activities ?? [], today)
    .flatMap((m) => {
      const activity = activityById.value.get(m.activity_id)
      const status = data.data.value?.rows.find((r) => r.id === m.attendance_id)?.status
      return activity && status ? [{ ...m, activity, status }] : []
    }))
  return { data, history, counts, makeups }
}
