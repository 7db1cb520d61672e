// The device's backup (SPEC §7): every table, the outbox included, as one JSON-able object; and restoring one
// (sync/core/backupFile.ts checks it first): the outbox entries that are missing are queued again with their
// rows, in one transaction, without overwriting fields the device has newer writes for (sync/core/restore.ts).
import type { Backup } from '../sync/core/backupFile'
import { pendingFieldsByRow, rowKey } from '../sync/core/rules'
import { PUSH_TABLES } from '../sync/core/protocol'
import { planRestore } from '../sync/core/restore'
import type { AnyRow } from '../sync/core/rows'
import type { ActivityPhoto } from './repos/photos'
import type { ZhibuDb } from './schema'
import { anyTable } from './write'

export async function backupOf(db: ZhibuDb, userId: string, now: Date) {
  const tables = await db.transaction('r', db.tables, async () =>
    Object.fromEntries(await Promise.all(db.tables.map(async (table) => [table.name, await table.toArray()] as const))))
  return { user_id: userId, exported_at: now.toISOString(), tables }
}

export interface RestoreReport {
  /** Outbox entries queued again (their rows put back). */
  requeued: number
  /** Entries the device already has, or whose effect it already holds. */
  skipped: number
  /** Photos that were missing and are back. */
  photos: number
}

const NONE: ReadonlySet<string> = new Set()

export async function restoreBackup(db: ZhibuDb, backup: Backup): Promise<RestoreReport> {
  const report: RestoreReport = { requeued: 0, skipped: 0, photos: 0 }
  const touched = new Set<(typeof PUSH_TABLES)[number]>()
  await db.transaction('rw', [...PUSH_TABLES.map((t) => db.table(t)), db.outbox, db.photos], async () => {
    const mine = await db.outbox.toArray()
    const ids = new Set(mine.map((e) => e.id))
    const pending = pendingFieldsByRow(mine) // computed once: the backup's own entries never shadow each other
    for (const entry of backup.outbox) {
      const rows = anyTable(db, entry.table)
      const backupRow = backup.tables[entry.table]?.find((r) => r.id === entry.row_id) as AnyRow | undefined
      const step = planRestore({
        entry, backupRow, local: await rows.get(entry.row_id),
        localPending: pending.get(rowKey(entry.table, entry.row_id)) ?? NONE, present: ids.has(entry.id),
      })
      if (step.kind === 'skip') {
        report.skipped += 1
        continue
      }
      await rows.put(step.row)
      await db.outbox.add(step.entry)
      touched.add(entry.table)
      report.requeued += 1
    }
    const photos = (backup.tables.photos ?? []) as unknown as ActivityPhoto[]
    const have = new Set(await db.photos.toCollection().primaryKeys())
    const missing = photos.filter((p) => !have.has(p.id) && typeof p.data_url === 'string' && typeof p.activity_id === 'string')
    await db.photos.bulkAdd(missing)
    report.photos = missing.length
  })
  for (const table of touched) db.notifyLocalWrite(table)
  return report
}
