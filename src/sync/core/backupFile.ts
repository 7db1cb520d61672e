// A backup file as 从备份恢复 reads it: checked before anything is written (a bad file changes nothing). Pure:
// the text, the signed-in user and the device's table names come in as arguments.
import { type OutboxEntry, PUSH_TABLES } from './protocol'

export type Rows = ({ id: string } & Record<string, unknown>)[]

export interface Backup {
  user_id: string
  exported_at: string
  /** The unacknowledged writes, in the order they were made. */
  outbox: OutboxEntry[]
  /** Every other table, by name. */
  tables: Record<string, Rows>
}

export type BackupProblem = 'notJson' | 'notBackup' | 'otherUser' | 'unknownTable' | 'badOutbox'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const STATES = new Set(['pending', 'sending', 'rejected'])

function isEntry(e: unknown): e is OutboxEntry {
  return isObject(e) && typeof e.id === 'string' && typeof e.row_id === 'string' && (PUSH_TABLES as readonly unknown[]).includes(e.table)
    && isObject(e.fields) && !('id' in e.fields) && STATES.has(e.state as string) && typeof e.created_at === 'string'
    && (e.base_seq === null || typeof e.base_seq === 'number')
}

/** The backup in `text`, or what is wrong with it. */
export function parseBackup(text: string, userId: string, knownTables: readonly string[]): { backup: Backup } | { problem: BackupProblem; table?: string } {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return { problem: 'notJson' }
  }
  if (!isObject(data) || !isObject(data.tables) || typeof data.exported_at !== 'string' || Number.isNaN(Date.parse(data.exported_at))) {
    return { problem: 'notBackup' }
  }
  const tables = data.tables
  const unknown = Object.keys(tables).find((name) => !knownTables.includes(name))
  if (unknown) return { problem: 'unknownTable', table: unknown }
  if (Object.values(tables).some((rows) => !Array.isArray(rows) || !rows.every(isObject))) return { problem: 'notBackup' }
  // backups before issue 15 carry the owner only in the meta table
  const meta = (tables.meta ?? []) as { key?: unknown; value?: unknown }[]
  const owner = data.user_id ?? meta.find((m) => m.key === 'user_id')?.value
  if (typeof owner !== 'string') return { problem: 'notBackup' }
  if (owner !== userId) return { problem: 'otherUser' }
  const outbox = (tables.outbox ?? []) as unknown[]
  if (!outbox.every(isEntry)) return { problem: 'badOutbox' }
  const rest: Record<string, Rows> = {}
  for (const [name, rows] of Object.entries(tables)) {
    if (name === 'outbox' || name === 'meta') continue
    if (!(rows as Record<string, unknown>[]).every((r) => typeof r.id === 'string' || typeof r.key === 'string')) return { problem: 'notBackup' }
    rest[name] = rows as Rows
  }
  const ordered = [...outbox].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
  return { backup: { user_id: owner, exported_at: data.exported_at, outbox: ordered, tables: rest } }
}
