// Who is signed in, and as what. The user is remembered on the device so the app opens offline; roles come
// from the synced org_roles and people rows, so they too are known offline.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { engine } from '../modules/data'
import { checkEviction, forgetMarkers, keepMarker } from '../modules/eviction'
import { clearSnapshot } from '../modules/firstPaint'
import { getSupabase } from '../modules/supabase'
import { useWhoIs } from './whoIs'

interface SignedInUser { id: string; email: string }
const USER_KEY = 'zhibu.user'

function rememberedUser(): SignedInUser | null {
  try {
    return JSON.parse(localStorage.getItem(USER_KEY) ?? 'null') as SignedInUser | null
  } catch {
    return null
  }
}

/** The device's data is now this user's: checked for eviction, marked, synced; the first pull awaited (bounded). */
async function startSyncFor(userId: string): Promise<void> {
  await checkEviction(userId).catch((e: unknown) => console.error('eviction check failed', e))
  keepMarker(userId)
  engine.start()
  // roles arrive with the first pull: wait for it (bounded) so the user lands on the right screen
  await Promise.race([engine.idle(), new Promise((resolve) => setTimeout(resolve, 15_000))])
}

export const useSessionStore = defineStore('session', () => {
  const user = ref<SignedInUser | null>(rememberedUser())
  const userId = computed(() => user.value?.id ?? '')
  const who = useWhoIs(userId)

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
    await startSyncFor(data.user.id)
    await who.reload()
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

  return { user, userId, ...who, signIn, prepareSignOut, signOut }
})
