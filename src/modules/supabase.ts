// The one supabase-js client of the app, loaded on first use so that it stays off the first route's
// bundle (SPEC §9: ≤ 150 KB gzip). The URL and anon key come from the build environment; in development
// they default to the local backend (`npm run dev`), whose keys are public well-known values.
import type { SupabaseClient } from '@supabase/supabase-js'
import type { SyncTransport } from '../sync/transport'

const LOCAL_URL = 'http://127.0.0.1:54321'
const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0'

export const supabaseUrl = import.meta.env.VITE_SUPABASE_URL || LOCAL_URL
const anonKey = import.meta.env.VITE_SUPABASE_ANON_KEY || LOCAL_ANON_KEY

let client: Promise<SupabaseClient> | undefined

/** Resolves in a later task: what follows is not part of the current one. */
export const nextTask = () => new Promise<void>((resolve) => { setTimeout(resolve, 0) })

export function getSupabase(): Promise<SupabaseClient> {
  // evaluating supabase-js and creating the client are two tasks, neither of them the screen's (Lighthouse TBT)
  client ??= import('@supabase/supabase-js').then(async ({ createClient }) => {
    await nextTask()
    return createClient(supabaseUrl, anonKey, {
      // the session stays in localStorage so the app opens signed in with no signal
      auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: false },
    })
  })
  return client
}

/** The sync transport over the lazily loaded client: same contract, first call waits for the import. */
export function lazyTransport(): SyncTransport {
  let loaded: Promise<SyncTransport> | undefined
  // nothing is fetched until the engine first syncs: the sign-in page stays light
  const real = () => (loaded ??= (async () => (await import('../sync/transport')).createSupabaseTransport(await getSupabase()))())
  return {
    push: async (mutations) => (await real()).push(mutations),
    pull: async (cursor, limit) => (await real()).pull(cursor, limit),
    fetchRow: async (table, id) => (await real()).fetchRow(table, id),
    userId: async () => (await real()).userId(),
  }
}
