// The cadence screen's view of the reviewer's subtree: which committee, its rows per kind, and its writes (all
// through stores/cadence: the device, synced later).
import { computed, type Ref } from 'vue'
import type { ActivityKind, Cadence } from '../../domain'
import { useCadenceStore } from '../../stores/cadence'
import { useSessionStore } from '../../stores/session'
import { useLiveData } from '../../components/useLiveData'
import { branchesUnder, editableCommittees, kindCadences, unseenAncestors, type KindCadence } from './policy'

export function useCadencePolicies(wanted: Ref<string | null>) {
  const session = useSessionStore()
  const store = useCadenceStore()
  const data = useLiveData(() => store.read(), [], 'cadence: policies')

  const reviewerOrgIds = computed(() => session.roles.filter((r) => r.role === 'reviewer').map((r) => r.org_id))
  const committees = computed(() => editableCommittees(data.data.value?.orgs ?? [], reviewerOrgIds.value))
  // the asked-for committee (?org=) if it is one of ours, else the reviewer role's own (session.reviewCommitteeId)
  const committeeId = computed(() => {
    const ids = committees.value.map((c) => c.id)
    return [wanted.value, session.reviewCommitteeId, ids[0]].find((id) => id != null && ids.includes(id)) ?? null
  })
  const committee = computed(() => committees.value.find((c) => c.id === committeeId.value) ?? null)
  const names = computed(() => new Map((data.data.value?.orgs ?? []).map((o) => [o.id, o.name])))
  const rows = computed<KindCadence[]>(() => {
    const d = data.data.value
    return d && committeeId.value ? kindCadences(d.orgs, d.policies, committeeId.value) : []
  })
  const branchCount = computed(() =>
    (committeeId.value ? branchesUnder(data.data.value?.orgs ?? [], committeeId.value).length : 0))
  const hiddenAbove = computed(() =>
    (committeeId.value ? unseenAncestors(data.data.value?.orgs ?? [], committeeId.value).length > 0 : false))

  /** Sets the committee's own rule for the kind: its live row is updated, never a second one added. */
  async function save(kind: ActivityKind, cadence: Cadence): Promise<void> {
    const orgId = committeeId.value
    if (!orgId) throw new Error('cadence: no committee chosen')
    const own = rows.value.find((r) => r.kind === kind)?.own
    await store.save(orgId, kind, cadence, own?.id)
  }

  /** Drops the committee's own rule (a tombstone): the inherited one, or the default, applies again. */
  async function restore(kind: ActivityKind): Promise<void> {
    const own = rows.value.find((r) => r.kind === kind)?.own
    if (own) await store.drop(own.id)
  }

  return { data, committees, committeeId, committee, names, rows, branchCount, hiddenAbove, save, restore }
}
