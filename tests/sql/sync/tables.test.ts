// The synced tables are written once on each side: private.synced_tables() on the server (read by sync_pull and
// sync_writable_columns, supabase/migrations/*_sync.sql), PULL_TABLES / PUSH_TABLES / isWritableField on the phone
// (src/sync/core/protocol.ts). The two must agree, table by table and column by column.
import type { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PULL_TABLES, PUSH_TABLES, isWritableField } from '../../../src/sync/core/protocol'
import { SYNCED_TABLES } from '../../../src/db/rows'
import { createDb } from '../db'

let db: PGlite
beforeAll(async () => { db = await createDb() })
afterAll(async () => { await db?.close() })

const sorted = (xs: readonly string[]) => [...xs].sort()

describe('the synced tables', () => {
  test('the server pulls the tables the app mirrors and takes pushes to the tables the app pushes', async () => {
    const { rows } = await db.query<{ name: string; pushable: boolean }>(
      'select name, pushable from private.synced_tables() order by position')
    expect(sorted(rows.map((r) => r.name))).toEqual(sorted(PULL_TABLES))
    expect(sorted(rows.map((r) => r.name))).toEqual(sorted(SYNCED_TABLES))
    expect(rows.filter((r) => r.pushable).map((r) => r.name)).toEqual([...PUSH_TABLES])
  })

  test('every synced table or view exists, and has a pull position', async () => {
    const { rows } = await db.query<{ name: string; cols: string[] }>(`
      select s.name, array(select a.attname::text from pg_attribute a
                            where a.attrelid = to_regclass('public.' || quote_ident(s.name)) and a.attnum > 0
                              and not a.attisdropped) as cols
        from private.synced_tables() s`)
    for (const r of rows) expect(r.cols, r.name).toEqual(expect.arrayContaining(['id', 'updated_at', 'deleted_at', 'sync_xid', 'sync_seq']))
  })

  test.each(PUSH_TABLES.map((t) => [t]))('%s: the server lets a client write exactly the columns the app pushes', async (table) => {
    const { rows } = await db.query<{ cols: string[]; writable: string[] | null }>(`
      select array(select a.attname::text from pg_attribute a
                    where a.attrelid = to_regclass('public.' || quote_ident($1)) and a.attnum > 0 and not a.attisdropped
                    order by a.attnum) as cols,
             private.sync_writable_columns($1) as writable`, [table])
    const { cols, writable } = rows[0] ?? { cols: [], writable: null }
    expect(writable).toEqual(cols.filter((c) => isWritableField(table, c)))
  })

  test('tables not pushable have no writable columns (a push to them is malformed)', async () => {
    for (const table of [...PULL_TABLES.filter((t) => !(PUSH_TABLES as readonly string[]).includes(t)), 'nope', 'sync_pull']) {
      const { rows } = await db.query<{ writable: string[] | null }>('select private.sync_writable_columns($1) as writable', [table])
      expect(rows[0]?.writable, table).toBeNull()
    }
  })
})
