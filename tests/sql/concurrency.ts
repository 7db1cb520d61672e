// Many devices at once on a real PostgreSQL server (issue 15 item 2): writers push batches of new and edited
// activities from their own connections while pullers page through sync_pull from their cursors, small pages,
// all concurrently. Afterwards each puller must hold every row at the server's final seq (nothing skipped) and
// must never have been sent the same (row, seq) twice or a row's seq going backwards (nothing repeated).
// Used by tests/sql/pg15-concurrency.test.ts (a short run) and the bench (N ≥ 200).
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { ids, mutation, pull, push, type Mutation } from './sync/setup'

export interface ConcurrencyStats {
  iterations: number
  writers: number
  pullers: number
  pushes: number
  mutations: number
  pulls: number
  delivered: number
  skipped: number
  repeated: number
  backwards: number
  ms: number
}

interface Puller { cursor: string | null; last: Map<string, number>; seen: Set<string>; pulls: number; delivered: number; repeated: number; backwards: number }

/** Deterministic choices from a seed, so a failing run can be repeated. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

async function pullOnce(client: pg.Client, p: Puller, limit: number): Promise<boolean> {
  const page = await pull(client, ids.secretary, p.cursor, limit)
  p.pulls += 1
  for (const r of page.rows) {
    if (r.table !== 'activities') continue
    const key = `${r.row.id}@${r.seq}`
    if (p.seen.has(key)) p.repeated += 1
    p.seen.add(key)
    const before = p.last.get(r.row.id as string)
    if (before !== undefined && before >= r.seq) p.backwards += 1
    p.last.set(r.row.id as string, r.seq)
    p.delivered += 1
  }
  p.cursor = page.cursor
  return page.has_more
}

export async function concurrentSync(
  connect: () => Promise<pg.Client>,
  { iterations, writers = 4, pullers = 2, seed = 1 }: { iterations: number; writers?: number; pullers?: number; seed?: number },
): Promise<ConcurrencyStats> {
  const started = performance.now()
  const random = rng(seed)
  const writerClients = await Promise.all(Array.from({ length: writers }, connect))
  const pullerClients = await Promise.all(Array.from({ length: pullers }, connect))
  const reader = await connect()
  const state: Puller[] = pullerClients.map(() => ({ cursor: null, last: new Map(), seen: new Set(), pulls: 0, delivered: 0, repeated: 0, backwards: 0 }))
  const made: string[] = []
  let pushes = 0
  let mutations = 0
  let writing = true
  try {
    const write = async (client: pg.Client, w: number) => {
      for (let i = 0; i < iterations; i++) {
        const batch: Mutation[] = []
        const created: string[] = []
        for (let n = 1 + Math.floor(random() * 4); n > 0; n--) {
          const edit = made.length > 0 && random() < 0.5
          const id = edit ? made[Math.floor(random() * made.length)]! : randomUUID()
          batch.push(edit
            ? mutation('activities', { id, title: `改 ${w}-${i}-${n}` })
            : mutation('activities', { id, branch_id: ids.b1, kinds: ['theme_day'], title: `新 ${w}-${i}-${n}`, starts_at: '2026-11-20T14:30:00+08:00' }))
          if (!edit) created.push(id)
        }
        const results = await push(client, ids.secretary, batch)
        const refused = results.filter((r) => r.status !== 'applied')
        if (refused.length > 0) throw new Error(`push refused: ${JSON.stringify(refused)}`)
        made.push(...created) // editable by every writer once committed
        pushes += 1
        mutations += batch.length
      }
    }
    const read = async (client: pg.Client, p: Puller) => {
      while (writing) await pullOnce(client, p, 1 + Math.floor(random() * 9))
      while (await pullOnce(client, p, 50)); // after the last commit: drain
    }
    const reading = state.map((p, i) => read(pullerClients[i]!, p))
    await Promise.all(writerClients.map((c, w) => write(c, w)))
    writing = false
    await Promise.all(reading)

    const { rows } = await reader.query<{ id: string; seq: string }>('select id, sync_seq as seq from public.activities where branch_id = $1', [ids.b1])
    const server = new Map(rows.map((r) => [r.id, Number(r.seq)]))
    const skipped = state.reduce((n, p) => n + [...server].filter(([id, seq]) => p.last.get(id) !== seq).length, 0)
    return {
      iterations, writers, pullers, pushes, mutations,
      pulls: state.reduce((n, p) => n + p.pulls, 0),
      delivered: state.reduce((n, p) => n + p.delivered, 0),
      skipped,
      repeated: state.reduce((n, p) => n + p.repeated, 0),
      backwards: state.reduce((n, p) => n + p.backwards, 0),
      ms: Math.round(performance.now() - started),
    }
  } finally {
    await Promise.all([...writerClients, ...pullerClients, reader].map((c) => c.end()))
  }
}
