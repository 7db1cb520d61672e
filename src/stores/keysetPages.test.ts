import { describe, expect, test } from 'vitest'
import { readAllPages } from './keysetPages'

const rows = Array.from({ length: 2345 }, (_, i) => ({ id: i }))
/** A server over `rows` ordered by id that answers at most `cap` rows whatever is asked, counting requests. */
function server(cap: number) {
  let requests = 0
  return {
    requests: () => requests,
    fetchPage: async (after: { id: number } | null, limit: number) => {
      requests += 1
      const start = after ? after.id + 1 : 0
      return rows.slice(start, start + Math.min(limit, cap))
    },
  }
}

describe('readAllPages', () => {
  test('reads every row once, in order, with progress after each page', async () => {
    const s = server(1000)
    const progress: number[] = []
    const all = await readAllPages({ fetchPage: s.fetchPage, limit: 1000, onProgress: (n) => progress.push(n) })
    expect(all).toEqual(rows)
    expect(progress).toEqual([1000, 2000, 2345])
    expect(s.requests()).toBe(4) // three pages and the empty answer that ends the walk
  })

  test('a server capping below the page size asked for still yields every row', async () => {
    const s = server(700)
    expect(await readAllPages({ fetchPage: s.fetchPage, limit: 1000 })).toEqual(rows)
  })

  test('an empty answer: no rows, one request', async () => {
    const s = { fetchPage: async () => [] as { id: number }[] }
    expect(await readAllPages({ fetchPage: s.fetchPage, limit: 1000 })).toEqual([])
  })

  test('a server that never ends is stopped with an error', async () => {
    await expect(readAllPages({ fetchPage: async () => [{ id: 1 }], limit: 1, maxPages: 5 })).rejects.toThrow(/more than 5 pages/)
  })
})
