// A local JSON backup of everything on the device, the outbox included (SPEC §7), as a download.
import { db } from '../../modules/data'

export async function exportBackup(): Promise<void> {
  const tables = Object.fromEntries(await Promise.all(db.tables.map(async (table) => [table.name, await table.toArray()] as const)))
  const blob = new Blob([JSON.stringify({ exported_at: new Date().toISOString(), tables }, null, 1)], { type: 'application/json' })
  const link = document.createElement('a')
  link.href = URL.createObjectURL(blob)
  link.download = `zhibu-backup-${new Date().toISOString().slice(0, 10)}.json`
  link.click()
  URL.revokeObjectURL(link.href)
}
