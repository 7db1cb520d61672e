// What the fault-injection simulation found (tests/integration/simulation.ts), reduced to the smallest case.
//
// sync_pull can skip a row of a member (bench seed 1571159581, phones reused: the member's phone ended at
// people[102] seq 1550 while the server was at 1554). A member receives their own `people` row AND its names-only
// `roster` row; roster is a view over people, so both carry the same (sync_xid, sync_seq) position. sync_pull orders
// by that position only, so when a page ends on one of the two, the cursor is that position and the next page
// (strictly greater) never returns the other: the member's phone keeps a stale version of their own row (or of
// its roster entry) until the row changes again. Fixed in public.sync_pull (supabase/migrations/*_sync.sql):
// a page never ends between two rows at the same position.
import { randomUUID } from 'node:crypto'
import { expect, test } from 'vitest'
import type { SyncTransport } from '../../src/sync/transport'
import { person, useServer } from './setup'

const live = useServer('secretary', 'member')

async function pullAll(transport: SyncTransport, cursor: string | null, limit: number) {
  const rows: string[] = []
  for (;;) {
    const page = await transport.pull(cursor, limit)
    rows.push(...page.rows.map((r) => `${r.table}:${r.row.id}@${r.seq}`))
    cursor = page.cursor
    if (!page.has_more) return { rows, cursor }
  }
}

test('a member pulling one row a page receives both their people row and its roster row after an edit', async () => {
  const { cursor } = await pullAll(live.as.member, null, 1000)
  const [result] = await live.as.secretary.push([{ id: randomUUID(), table: 'people', base_seq: null, row: { id: person(2), title: '副主任医师' } }])
  const seq = result?.seq
  const { rows } = await pullAll(live.as.member, cursor, 1)
  expect(rows).toEqual(expect.arrayContaining([`people:${person(2)}@${seq}`, `roster:${person(2)}@${seq}`]))
})
