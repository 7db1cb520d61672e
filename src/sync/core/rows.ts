// A synced row as the sync rules see it, whatever its table: the server's fields plus device-only ones
// ('_'-prefixed, never synced; `_seq` is the server seq of the version the device holds). The device
// database stores rows of this shape (src/db/rows.ts types them per table).

/** Any stored row, as the generic sync code sees it. */
export type AnyRow = { id: string; _seq?: number | null; deleted_at?: string | null } & Record<string, unknown>

/** Value equality for row fields (strings, numbers, booleans, null, arrays such as kinds). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  return JSON.stringify(a) === JSON.stringify(b)
}
