// The device database: one Dexie table per synced table (SPEC §5 names), the outbox and a key/value meta
// table. This folder is the only code that touches Dexie; everything else goes through its functions.
import { Dexie, type Table } from 'dexie'
import type { OutboxEntry, PullTable } from '../sync/core/protocol'
import type { ActivityPhoto, Local, RowTypes } from './rows'

/** A server answer kept for reading offline (STORES_V4). */
export interface Snapshot<T = unknown> {
  key: string
  /** Device time when the server answered (ISO). */
  fetched_at: string
  value: T
}

export interface MetaEntry {
  key: MetaKey
  value: unknown
}
export type MetaKey = 'cursor' | 'scope' | 'last_sync_at' | 'user_id' | 'schema_version' | 'refetch'

/**
 * Version 1. Primary key first, then indexes; '++seq' is an auto-increment key so the outbox keeps the
 * order of the writes. Null and boolean values are not indexed by IndexedDB (filter those in memory).
 *
 * To change the schema, never edit this object: add a version below it, listing only the tables that
 * change (null deletes one), with an upgrade for data that must be rewritten, e.g.
 *
 *   this.version(2).stores({ people: 'id, branch_id, group_id, user_id, party_status' })
 *     .upgrade((tx) => tx.table('people').toCollection().modify((p) => { p.applied_on ??= null }))
 *
 * Other open tabs then get `versionchange` (see onVersionChange) and must reload.
 */
export const STORES_V1: Record<Exclude<PullTable, 'member_keys' | 'event_keys'> | 'outbox' | 'meta', string> = {
  orgs: 'id, parent_id, kind',
  people: 'id, branch_id, group_id, user_id',
  roster: 'id, branch_id, group_id',
  org_roles: 'id, user_id, org_id',
  activities: 'id, branch_id, group_id, starts_at, [branch_id+starts_at]',
  // not unique: two devices may each create the row of one (activity, person) until the push merges them
  attendance: 'id, activity_id, person_id, [activity_id+person_id]',
  pairings: 'id, branch_id, mentor_id, mentee_id',
  pairing_logs: 'id, pairing_id',
  cadence_policies: 'id, org_id',
  funding_policies: 'id, org_id, [org_id+year]',
  funding_matches: 'id, branch_id, [branch_id+year]',
  expenses: 'id, branch_id, activity_id, [branch_id+spent_on]',
  outbox: '++seq, &id, state, [table+row_id]',
  meta: 'key',
}

/**
 * Version 2 (issue 5): photos of activities, on this device only (never synced). A new table needs no
 * upgrade function: IndexedDB keeps every v1 table and row as it is (db.test.ts opens v1 data to prove it).
 */
export const STORES_V2 = {
  photos: 'id, activity_id',
}

/**
 * Version 3 (check-in, SPEC §6): the server-issued member keys (own key; a secretary's members' keys) and the
 * activities' event keys (secretaries only). New tables, so no upgrade: v2 data stays as it is (db.test.ts).
 */
export const STORES_V3 = {
  member_keys: 'id, person_id',
  event_keys: 'id, activity_id',
}

/**
 * Version 4 (issue 7): the server's review figures as last fetched (completeness grid, funding table, ledgers),
 * keyed by what was asked ('funding:2026', 'ledger:<branch>:2026'), so the committee reads them offline with
 * the time they were fetched. Device-only like photos; wiped with everything else on sign-out.
 */
export const STORES_V4 = {
  snapshots: 'key',
}

/**
 * Version 5 (issue 13, a branch with years of history): attendance also indexed by status, so 今日 finds the
 * missed meetings still without 补学 among the leave/absent rows instead of reading every row ever recorded. Only
 * an index is added: IndexedDB builds it over the stored rows on upgrade, no data is rewritten.
 */
export const STORES_V5 = {
  attendance: 'id, activity_id, person_id, [activity_id+person_id], status',
}

/** The newest version declared below. */
export const DB_VERSION = 5

export interface ZhibuDbOptions {
  /** Database name (default 'zhibu'); tests use one per case. */
  name?: string
  /** An IndexedDB implementation (tests: a fresh fake-indexeddb IDBFactory). */
  indexedDB?: IDBFactory
  IDBKeyRange?: typeof IDBKeyRange
  /**
   * Another tab opened a newer version of the app (or deleted the database): this connection has been
   * closed so the other can proceed. The app should ask the user to reload.
   */
  onVersionChange?: (event: IDBVersionChangeEvent) => void
}

type LocalTables = { [T in PullTable]: Table<Local<RowTypes[T]>, string> }

export class ZhibuDb extends Dexie {
  declare orgs: LocalTables['orgs']
  declare people: LocalTables['people']
  declare roster: LocalTables['roster']
  declare org_roles: LocalTables['org_roles']
  declare activities: LocalTables['activities']
  declare attendance: LocalTables['attendance']
  declare pairings: LocalTables['pairings']
  declare pairing_logs: LocalTables['pairing_logs']
  declare cadence_policies: LocalTables['cadence_policies']
  declare funding_policies: LocalTables['funding_policies']
  declare funding_matches: LocalTables['funding_matches']
  declare expenses: LocalTables['expenses']
  declare member_keys: LocalTables['member_keys']
  declare event_keys: LocalTables['event_keys']
  declare outbox: Table<OutboxEntry, number>
  declare meta: Table<MetaEntry, MetaKey>
  declare photos: Table<ActivityPhoto, string>
  declare snapshots: Table<Snapshot, string>

  private readonly writeListeners = new Set<(table: PullTable) => void>()

  constructor(opts: ZhibuDbOptions = {}) {
    // only pass the IndexedDB dependencies that are given: an explicit undefined would replace Dexie's default
    super(opts.name ?? 'zhibu', {
      ...(opts.indexedDB ? { indexedDB: opts.indexedDB } : {}),
      ...(opts.IDBKeyRange ? { IDBKeyRange: opts.IDBKeyRange } : {}),
    })
    this.version(1).stores(STORES_V1)
    this.version(2).stores(STORES_V2)
    this.version(3).stores(STORES_V3)
    this.version(4).stores(STORES_V4)
    this.version(5).stores(STORES_V5)
    this.on('versionchange', (event) => {
      // Dexie's default re-opens on the next call, which would fail against the newer schema: stay closed
      this.close({ disableAutoOpen: true })
      opts.onVersionChange?.(event)
      return false
    })
  }

  /** The synced table named `table`, typed. */
  rows<T extends PullTable>(table: T): LocalTables[T] {
    return this.table(table) as LocalTables[T]
  }

  /** Called after every committed local write (the sync engine debounces a push on it). */
  onLocalWrite(listener: (table: PullTable) => void): () => void {
    this.writeListeners.add(listener)
    return () => this.writeListeners.delete(listener)
  }

  notifyLocalWrite(table: PullTable): void {
    for (const listener of this.writeListeners) listener(table)
  }
}
