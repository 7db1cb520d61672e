// What the 双培养 screens read from the device: a secretary holds every pairing of the branch and whole
// people rows; a member holds only the pairings they take part in and the names-only roster (SPEC §4).
import { computed, type Ref } from 'vue'
import { lastLogDays, sortPairings, stalePairings, type IsoDate, type Pairing, type PairingLog, type Person } from '../../domain'
import { type Local, usePairingsStore } from '../../stores/pairings'
import { useSessionStore } from '../../stores/session'
import { useLiveData } from '../../components/useLiveData'

export interface PairingListItem {
  pairing: Local<Pairing>
  lastLogOn: IsoDate | null
  stale: boolean
}

/** The pairings the user may see, active first, with their latest log and whether they went quiet. */
export function usePairingList(today: IsoDate) {
  const session = useSessionStore()
  const branchId = computed(() => session.branchId)
  const personId = computed(() => session.memberPerson?.id ?? null)
  const secretary = computed(() => session.isSecretary)
  const store = usePairingsStore()
  const data = useLiveData(async () => {
    const { pairings, logs } = await store.visible(branchId.value, personId.value, secretary.value)
    return { pairings, logs, names: await store.branchNames(branchId.value) }
  }, [branchId, personId, secretary], 'pairings: list')

  const items = computed<PairingListItem[]>(() => {
    const d = data.data.value
    if (!d) return []
    const last = lastLogDays(d.logs)
    const stale = new Set(stalePairings(d.pairings, d.logs, today).map((s) => s.pairing_id))
    return sortPairings(d.pairings).map((pairing) => ({ pairing, lastLogOn: last.get(pairing.id) ?? null, stale: stale.has(pairing.id) }))
  })
  const names = computed(() => data.data.value?.names ?? new Map<string, string>())
  return { data, items, names }
}

export interface PairingDetail {
  pairing: Local<Pairing> | null
  logs: Local<PairingLog>[]
  /** The mentee's whole row, when this device holds it (a secretary's, or the mentee's own). */
  mentee: Local<Person> | null
  names: Map<string, string>
}

export function usePairingDetail(id: Ref<string>) {
  const session = useSessionStore()
  const branchId = computed(() => session.branchId)
  const store = usePairingsStore()
  return useLiveData<PairingDetail>(async () => {
    const found = await store.pairing(id.value)
    const pairing = found && !found.deleted_at ? found : null
    if (!pairing) return { pairing: null, logs: [], mentee: null, names: new Map() }
    const [logs, mentee, names] = await Promise.all([
      store.logsOf(pairing.id),
      store.person(pairing.mentee_id),
      store.branchNames(pairing.branch_id ?? branchId.value),
    ])
    return { pairing, logs: [...logs].reverse(), mentee: mentee && !mentee.deleted_at ? mentee : null, names }
  }, [id, branchId], 'pairings: detail')
}
