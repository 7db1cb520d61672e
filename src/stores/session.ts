// Who is signed in, and as what. The user is remembered on the device so the app opens offline; roles come
// from the synced org_roles and people rows, so they too are known offline.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Org, OrgRole, Person } from '../domain/types'
import { useLiveQuery } from '../db/live'
import { db, engine, repos } from '../modules/data'
import { checkEviction, forgetMarkers, keepMarker } from '../modules/eviction'
import { clearSnapshot } from '../modules/firstPaint'
import { getSupabase } from '../modules/supabase'

interface SignedInUser { id: string; email: string }
const USER_KEY = 'zhibu.user'

function rememberedUser(): SignedInUser | null {
  try {
    return JSON.parse(localStorage.getItem(USER_KEY) ?? 'null') as SignedInUser | null
  } catch {
    return null
  }
}

export const useSessionStore = defineStore('session', () => {
  const user = ref<SignedInUser | null>(rememberedUser())
  const userId = computed(() => user.value?.id ?? '')
  const loadRoles = () => (userId.value ? repos.lookups.myRoles(userId.value) : Promise.resolve([]))
  const loadPersons = async () =>
    (userId.value ? (await db.people.where('user_id').equals(userId.value).toArray()).filter((p) => !p.deleted_at) : [])
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

  async function signIn(email: string, password: string): Promise<void> {
    const supabase = await getSupabase()
    const { data, error } = await supabase.auth.signInWithPassword({ email: email.trim(), password })
    if (error) throw error
    const previous = rememberedUser()
    // a shared phone: never mix two people's data
    if (previous && previous.id !== data.user.id) {
      await engine.wipe()
      forgetMarkers() // that wipe was deliberate: no marker may call it an eviction later
    }
    clearSnapshot()
    user.value = { id: data.user.id, email: data.user.email ?? email }
    localStorage.setItem(USER_KEY, JSON.stringify(user.value))
    await checkEviction(data.user.id).catch((e: unknown) => console.error('eviction check failed', e))
    keepMarker(data.user.id)
    engine.start()
    // roles arrive with the first pull: wait for it (bounded) so the user lands on the right screen
    await Promise.race([engine.idle(), new Promise((resolve) => setTimeout(resolve, 15_000))])
    loadedFor = null
    await ready()
  }

  /** Reads roles, people and orgs from the device again (after a pull that granted a role). */
  async function reload(): Promise<void> {
    loadedFor = null
    await ready()
  }

  /** Pushes what can be pushed; returns what would be lost by wiping now. */
  async function prepareSignOut() {
    if (navigator.onLine) await engine.syncNow()
    return engine.signOutCheck()
  }

  async function signOut(): Promise<void> {
    engine.stop()
    await engine.wipe()
    forgetMarkers()
    await (await getSupabase()).auth.signOut({ scope: 'local' }).catch(() => undefined)
    localStorage.removeItem(USER_KEY)
    clearSnapshot()
    user.value = null
  }

  return {
    user, userId, roles, ready, reload, branchId, branch, memberPerson, reviewCommitteeId,
    isSecretary, isReviewer, isFinance, canReview, signIn, prepareSignOut, signOut,
  }
})
