// The device's data layer, created once: the Dexie database, its repositories and the sync engine.
import { ref } from 'vue'
import { createRepos } from '../db/repos'
import { ZhibuDb } from '../db/schema'
import { createSyncEngine } from '../sync/engine'
import { lazyTransport } from './supabase'

/** Another tab opened a newer version of the database: this one must reload. */
export const dbVersionChanged = ref(false)

export const db = new ZhibuDb({ onVersionChange: () => { dbVersionChanged.value = true } })
export const repos = createRepos(db)
export const engine = createSyncEngine({ db, transport: lazyTransport() })
