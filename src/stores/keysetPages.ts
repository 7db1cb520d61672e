// Reading a long server answer in pages under PostgREST's row cap (max_rows, 1000 on Supabase): each page asks
// for the rows after the last one it has (keyset), and the walk ends on an empty page — not on a short one, so a
// server that caps pages below the size asked for still yields every row. Pure: the fetch comes in as an argument.

export interface PageWalk<T> {
  /** Fetches up to `limit` rows strictly after `after` (null: from the start), in the server's order. */
  fetchPage: (after: T | null, limit: number) => Promise<T[]>
  limit: number
  /** Called after each page with the number of rows read so far. */
  onProgress?: (loaded: number) => void
  /** A bound on requests, against a server that never answers empty: more pages than this is an error. */
  maxPages?: number
}

export async function readAllPages<T>({ fetchPage, limit, onProgress, maxPages = 10_000 }: PageWalk<T>): Promise<T[]> {
  const all: T[] = []
  for (let page = 0; page < maxPages; page++) {
    const rows = await fetchPage(all.length ? all[all.length - 1]! : null, limit)
    if (rows.length === 0) return all
    all.push(...rows)
    onProgress?.(all.length)
  }
  throw new Error(`readAllPages: more than ${maxPages} pages`)
}
