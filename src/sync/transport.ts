// The only IO adapter between the sync engine and the server: sync_push / sync_pull over supabase-js
// (docs/sync.md), plus one-row reads for undoing a discarded write. Errors become typed SyncErrors.
import type { SupabaseClient } from '@supabase/supabase-js'
import { ProtocolError, RetryableError, SyncError, classifyError } from './core/errors'
import { type Mutation, type PullPage, type PullTable, type PulledRow, type PushResult, SCHEMA_VERSION } from './core/protocol'

export interface SyncTransport {
  /** One sync_push call; one result per mutation, in order. */
  push(mutations: readonly Mutation[]): Promise<PushResult[]>
  /** One sync_pull page after `cursor` (null: from the beginning). */
  pull(cursor: string | null, limit: number): Promise<PullPage>
  /** The server's current version of one row, or null when this user cannot see one. */
  fetchRow(table: PullTable, id: string): Promise<PulledRow | null>
  /** The signed-in account (null when signed out): guards a shared phone's outbox. */
  userId(): Promise<string | null>
}

interface Answer {
  data: unknown
  error: { code?: string; message?: string; hint?: string; details?: string } | null
  status: number
}

export interface SupabaseTransportOptions {
  /** The schema version the app was built for (default: the one this code speaks). */
  schemaVersion?: number
}

export function createSupabaseTransport(client: SupabaseClient, opts: SupabaseTransportOptions = {}): SyncTransport {
  const schemaVersion = opts.schemaVersion ?? SCHEMA_VERSION

  /** Runs a request; after a 401 the session is refreshed once (an expired token), then the request retried. */
  async function call(run: () => PromiseLike<Answer>): Promise<unknown> {
    try {
      let answer = await run()
      if (answer.error && answer.status === 401 && !(await client.auth.refreshSession()).error) answer = await run()
      if (answer.error) throw classifyError({ status: answer.status, ...answer.error })
      return answer.data
    } catch (error) {
      if (error instanceof SyncError) throw error
      // supabase-js reports HTTP failures as values: whatever is thrown is the network or the token refresh
      throw new RetryableError(`network: ${(error as Error)?.message ?? String(error)}`, 0, { cause: error })
    }
  }

  return {
    async push(mutations) {
      const data = await call(() => client.rpc('sync_push', { p_schema_version: schemaVersion, p_mutations: mutations }))
      const results = (data as { results?: unknown } | null)?.results
      if (!Array.isArray(results) || results.length !== mutations.length) {
        throw new ProtocolError(`sync_push answered ${Array.isArray(results) ? results.length : 'no'} results for ${mutations.length} mutations`)
      }
      return results as PushResult[]
    },

    async pull(cursor, limit) {
      const data = (await call(() =>
        client.rpc('sync_pull', { p_schema_version: schemaVersion, p_cursor: cursor, p_limit: limit }))) as Partial<PullPage> | null
      if (!data || !Array.isArray(data.rows) || typeof data.cursor !== 'string' || typeof data.has_more !== 'boolean' || typeof data.scope !== 'string') {
        throw new ProtocolError('sync_pull answered an unexpected shape')
      }
      return data as PullPage
    },

    async fetchRow(table, id) {
      // no automatic GET retries: the engine has its own backoff
      const data = await call(() => client.from(table).select('*').eq('id', id).limit(1).retry(false))
      const row = Array.isArray(data) ? (data[0] as Record<string, unknown> | undefined) : undefined
      if (!row) return null
      // the same shape sync_pull sends: the row without the server's pull position, plus its seq
      const { sync_seq, sync_xid: _xid, root_id: _root, path: _path, ...rest } = row
      return { table, seq: Number(sync_seq), row: rest as PulledRow['row'] }
    },

    async userId() {
      const { data } = await client.auth.getSession()
      return data.session?.user.id ?? null
    },
  }
}
