// The alerts of SPEC §3.4 for a secretary's 今日 (the due list aside): computed on the device from the
// branch's rows by the pure rules in src/domain/alerts.ts, live as rows change.
import { computed, type Ref } from 'vue'
import { branchAlerts, type Activity, type BranchAlerts, type IsoDate, type Pairing, type Person } from '../../domain'
import { repos } from '../../modules/data'
import { useLiveData } from '../activities/useLiveData'

// the whole history of the branch: a missed meeting stays without 补学 until someone records it
const EVER: [string, string] = ['1970-01-01T00:00:00Z', '9999-12-31T00:00:00Z']

async function branchRows(branchId: string) {
  const [people, activities, pairings] = await Promise.all([
    repos.people.byBranch(branchId),
    repos.activities.byBranchBetween(branchId, ...EVER),
    repos.pairings.byBranch(branchId),
  ])
  const [attendance, logs] = await Promise.all([
    Promise.all(activities.map((a) => repos.attendance.byActivity(a.id))),
    Promise.all(pairings.map((p) => repos.pairingLogs.byPairing(p.id))),
  ])
  return { people, activities, pairings, attendance: attendance.flat(), logs: logs.flat() }
}

export interface HomeAlertData {
  alerts: BranchAlerts
  people: Map<string, Person>
  activities: Map<string, Activity>
  pairings: Map<string, Pairing>
}

export function useHomeAlerts(branchId: Ref<string | null>, today: IsoDate) {
  const data = useLiveData<HomeAlertData | null>(async () => {
    if (!branchId.value) return null
    const rows = await branchRows(branchId.value)
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
