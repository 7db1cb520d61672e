// Who the signed-in user is on this device: their roles and roster rows (synced, so known offline), the branch the
// home, activities and roster screens are about, and what they may review. Part of the session store (session.ts).
import { type Ref, computed } from 'vue'
import type { Org, OrgRole, Person } from '../domain/types'
import { useLiveQuery } from '../db/live'
import { db, repos } from '../modules/data'

const rolesOf = (userId: string) => (userId ? repos.lookups.myRoles(userId) : Promise.resolve([]))
const personsOf = async (userId: string) =>
  (userId ? (await db.people.where('user_id').equals(userId).toArray()).filter((p) => !p.deleted_at) : [])

export function useWhoIs(userId: Ref<string>) {
  const loadRoles = () => rolesOf(userId.value)
  const loadPersons = () => personsOf(userId.value)
  const roles = useLiveQuery<OrgRole[]>(loadRoles, [], [userId])
  const persons = useLiveQuery<Person[]>(loadPersons, [], [userId])

  let loadedFor: string | null = null
  /** Reads roles from the device once, so the first navigation after opening the app routes by role. */
  async function ready(): Promise<void> {
    if (loadedFor === userId.value) return
    const id = userId.value
    const [r, p] = await Promise.all([loadRoles(), loadPersons()])
    if (id !== userId.value) return
    roles.value = r
    persons.value = p
    branch.value = await loadBranch() // branchId follows roles and persons at once
    loadedFor = id
  }

  const secretaryBranchId = computed(() => roles.value.find((r) => r.role === 'secretary')?.org_id ?? null)
  const memberPerson = computed(() => persons.value.find((p) => !p.left_branch_on) ?? persons.value[0] ?? null)
  /** The branch the home, activities and roster screens are about. */
  const branchId = computed(() => secretaryBranchId.value ?? memberPerson.value?.branch_id ?? null)
  // that one org, not the whole tree: a district reviewer's device holds thousands of orgs
  const loadBranch = async () => {
    const row = branchId.value ? await db.orgs.get(branchId.value) : undefined
    return row && !row.deleted_at ? row : null
  }
  const branch = useLiveQuery<Org | null>(loadBranch, null, [branchId])
  const reviewCommitteeId = computed(() => roles.value.find((r) => r.role === 'reviewer' || r.role === 'finance')?.org_id ?? null)
  const isSecretary = computed(() => secretaryBranchId.value !== null)
  const isReviewer = computed(() => roles.value.some((r) => r.role === 'reviewer'))
  const isFinance = computed(() => roles.value.some((r) => r.role === 'finance'))
  const canReview = computed(() => isReviewer.value || isFinance.value)

  /** Reads roles, people and the branch from the device again (after a pull that granted a role). */
  const reload = (): Promise<void> => { loadedFor = null; return ready() }

  return { roles, ready, reload, branchId, branch, memberPerson, reviewCommitteeId, isSecretary, isReviewer, isFinance, canReview }
}
