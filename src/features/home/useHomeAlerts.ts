// The alerts of SPEC §3.4 for a secretary's 今日 (the due list aside): computed on the device from the
// branch's rows by the pure rules in src/domain/alerts.ts, live as rows change.
import { computed, type Ref } from 'vue'
import { branchAlerts, type Activity, type BranchAlerts, type IsoDate, type Pairing, type Person } from '../../domain'
import { useHomeStore } from '../../stores/home'
import { useLiveData } from '../../components/useLiveData'

export interface HomeAlertData {
  alerts: BranchAlerts
  people: Map<string, Person>
  activities: Map<string, Activity>
  pairings: Map<string, Pairing>
}

export function useHomeAlerts(branchId: Ref<string | null>, today: IsoDate) {
  const store = useHomeStore()
  const data = useLiveData<HomeAlertData | null>(async () => {
    if (!branchId.value) return null
    const rows = await store.alertRowsOf(branchId.value, today)
    return {
      alerts: branchAlerts(rows, today),
      people: new Map(rows.people.map((p) => [p.id, p])),
      activities: new Map(rows.activities.map((a) => [a.id, a])),
      pairings: new Map(rows.pairings.map((p) => [p.id, p])),
    }
  }, [branchId], 'home: alerts')
  const count = computed(() => {
    const a = data.data.value?.alerts
    return a ? a.participation.length + a.makeup.length + a.pairings.length + a.late.length : 0
  })
  return { data, count }
}
